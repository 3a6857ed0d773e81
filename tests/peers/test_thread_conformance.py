"""THREAD and SORT of the fake Dovecot (mock_dovecot/thread, via oxh_thread_tool) against real
Debian Dovecot 2.3.19 on the same messages.

Each test APPENDs a corpus (tests/support/thread_corpus.py) with explicit INTERNALDATEs into a
fresh mailbox, asks real Dovecot for THREAD REFERENCES/REFS/ORDEREDSUBJECT (UTF-8) and a set of
SORT programs, and compares the answers exactly with the tool's output for the same files.
The tool binary: $OXH_THREAD_TOOL, else the newest build/*/mock_dovecot/oxh_thread_tool.
"""
from __future__ import annotations

import imaplib
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import REPO_ROOT, skip_or_fail
from support.thread_corpus import (BASE_TIME, CorpusMessage, build_message, capture_vectors,
                                   generate, write_corpus)

pytestmark = pytest.mark.dovecot

ALICE = "alice@example.org"
PASSWORD = "secret"
NET_TIMEOUT_S = 30.0
ALGORITHMS = ("REFERENCES", "REFS", "ORDEREDSUBJECT")
SORT_PROGRAMS = [
    "ARRIVAL", "REVERSE ARRIVAL", "DATE", "REVERSE DATE", "SIZE", "REVERSE SIZE",
    "SUBJECT", "REVERSE SUBJECT", "FROM", "REVERSE FROM", "TO", "CC", "DISPLAYFROM",
    "DISPLAYTO", "REVERSE DISPLAYFROM", "SUBJECT DATE", "FROM REVERSE DATE",
    "REVERSE SUBJECT REVERSE SIZE ARRIVAL", "CC SUBJECT", "TO REVERSE ARRIVAL",
]


@pytest.fixture(scope="session")
def thread_tool() -> Path:
    env = os.environ.get("OXH_THREAD_TOOL")
    if env:
        candidates = [Path(env)]
    else:
        candidates = sorted(REPO_ROOT.glob("build/*/mock_dovecot/oxh_thread_tool"),
                            key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    skip_or_fail("oxh_thread_tool not built (ninja -C build/<dir> oxh_thread_tool, "
                 "or set OXH_THREAD_TOOL)")
    raise AssertionError("unreachable")


def fake_answers(tool: Path, directory: Path, programs: list[str]) -> dict:
    out = subprocess.run([str(tool), str(directory), *programs], check=True,
                         capture_output=True, timeout=120)
    return json.loads(out.stdout)


def _ok(typ: str, data) -> None:
    assert typ == "OK", data


def load_mailbox(dc, name: str, messages: list[CorpusMessage]) -> imaplib.IMAP4:
    imap = imaplib.IMAP4(dc.host, dc.imap_port, timeout=NET_TIMEOUT_S)
    _ok(*imap.login(ALICE, PASSWORD))
    _ok(*imap.create(name))
    for msg in messages:
        _ok(*imap.append(name, None, msg.imap_internaldate(), msg.raw))
    typ, data = imap.select(name)
    _ok(typ, data)
    assert int(data[0]) == len(messages)
    return imap


def peer_thread(imap: imaplib.IMAP4, algorithm: str) -> str:
    typ, data = imap.thread(algorithm, "UTF-8", "ALL")
    _ok(typ, data)
    return (data[-1] or b"").decode()


def peer_sort(imap: imaplib.IMAP4, program: str) -> list[int]:
    typ, data = imap.sort(f"({program})", "UTF-8", "ALL")
    _ok(typ, data)
    return [int(x) for x in (data[-1] or b"").split()]


def peer_answers(imap: imaplib.IMAP4, programs: list[str]) -> dict:
    answers = {alg: peer_thread(imap, alg) for alg in ALGORITHMS}
    answers["sort"] = {}
    for program in programs:
        first = peer_sort(imap, program)
        # The second SORT runs on Dovecot's stored sort IDs (index-sort-string.c fast path).
        assert peer_sort(imap, program) == first, f"SORT ({program}) changed between runs"
        answers["sort"][program] = first
    return answers


def compare(dc, tool: Path, tmp_path: Path, messages: list[CorpusMessage],
            programs: list[str] | None = None) -> dict:
    programs = SORT_PROGRAMS if programs is None else programs
    directory = write_corpus(tmp_path / "corpus", messages)
    fake = fake_answers(tool, directory, programs)
    imap = load_mailbox(dc, "threadconf", messages)
    try:
        real = peer_answers(imap, programs)
    finally:
        imap.logout()
    for alg in ALGORITHMS:
        assert fake[alg] == real[alg], f"THREAD {alg}"
    for program in programs:
        assert fake["sort"][program] == real["sort"][program], f"SORT ({program})"
    return real


def test_capture_vectors(real_dovecot_factory, thread_tool, tmp_path):
    real = compare(real_dovecot_factory(), thread_tool, tmp_path, capture_vectors())
    # The live capture of dovecot.md section 3.4 still holds on this Dovecot.
    assert real["REFERENCES"] == "(9)(8 (7)(13))((4 14)(5))(1 (2 3 12)(6))(10)(11)"
    assert real["REFS"] == "(9)(7)(8)(6)(10)(11)(1 2 3 12)(13)((4 14)(5))"
    assert real["ORDEREDSUBJECT"] == "(9)(7 (8)(13))(4 (5)(14))(1 (3)(2)(6)(12))(10)(11)"


def test_generated_corpus(real_dovecot_factory, thread_tool, tmp_path):
    messages = generate(seed=5256, count=520)
    assert len(messages) >= 500
    compare(real_dovecot_factory(), thread_tool, tmp_path, messages)


def msg(seq: int, subject: str | None = None, mid: str | None = None, refs: str | None = None,
        irt: str | None = None, date: str | None = None, sender: str | None = None,
        internal: int | None = None, body: str = "b") -> CorpusMessage:
    headers = [("From", sender or f"u{seq}@example.net"), ("To", "alice@example.org")]
    for name, value in (("Message-ID", mid), ("References", refs), ("In-Reply-To", irt),
                        ("Subject", subject), ("Date", date)):
        if value is not None:
            headers.append((name, value))
    return CorpusMessage(build_message(headers, body),
                         internal if internal is not None else BASE_TIME + seq * 60)


def day(hour: int, minute: int = 0) -> str:
    return f"Tue, 02 Jan 2024 {hour:02d}:{minute:02d}:00 +0000"


# Small readable cases: each one exercises one rule of RFC 5256 section 3 or a Dovecot choice.
TARGETED = {
    # A dummy parent with one child: REFERENCES promotes the child (step 3/4).
    "dummy_single_child": [
        msg(1, "A", "<a@x>", refs="<gone@x>", date=day(9)),
        msg(2, "B", "<b@x>", date=day(8)),
    ],
    # Mutual references: the second link would make a loop and is dropped (step 1A).
    "reference_loop": [
        msg(1, "L1", "<l1@x>", refs="<l2@x>", date=day(9)),
        msg(2, "L2", "<l2@x>", refs="<l1@x>", date=day(10)),
        msg(3, "L3", "<l3@x>", refs="<l1@x> <l2@x> <l3@x>", date=day(11)),
    ],
    # Two non-reply roots with one base subject get a new dummy parent (step 5C, otherwise).
    "subject_merge_new_dummy": [
        msg(1, "Hello", "<h1@x>", date=day(9)),
        msg(2, "hello", "<h2@x>", date=day(10)),
        msg(3, "Re: HELLO", "<h3@x>", date=day(8)),
    ],
    # Two dummies with one subject: children join (step 5C, both dummies).
    "subject_merge_two_dummies": [
        msg(1, "Topic", "<t1@x>", refs="<p1@x>", date=day(9)),
        msg(2, "Re: Topic", "<t2@x>", refs="<p1@x>", date=day(10)),
        msg(3, "Topic", "<t3@x>", refs="<p2@x>", date=day(11)),
        msg(4, "Re: Topic", "<t4@x>", refs="<p2@x>", date=day(12)),
    ],
    # Equal dates: ties fall to the lower sequence, also in REFS' newest-message order.
    "equal_dates": [
        msg(1, "S", "<e1@x>", date=day(9)),
        msg(2, "T", "<e2@x>", date=day(9)),
        msg(3, "Re: S", "<e3@x>", refs="<e1@x>", date=day(9)),
        msg(4, "U", "<e4@x>", refs="<nobody@x>", date=day(9)),
    ],
    # A message without references loses the parent an earlier message gave it (step 1B).
    "parent_dropped_without_references": [
        msg(1, "Child", "<c@x>", date=day(9)),
        msg(2, "Other", "<o@x>", refs="<root@x> <c@x>", date=day(10)),
        msg(3, "Root", "<root@x>", date=day(8)),
    ],
    # Base subject rules (RFC 5256 section 2.1) and encoded words for SORT SUBJECT.
    "subjects": [
        msg(1, "=?utf-8?Q?Caf=C3=A9?=", "<s1@x>", date=day(9)),
        msg(2, "Re: [fwd: CAFE\u0301]", "<s2@x>", date=day(10)),
        msg(3, "[list] [x]", "<s3@x>", date=day(11)),
        msg(4, "Re: (fwd)", "<s4@x>", date=day(12)),
        msg(5, "=?iso-8859-1?q?=C9t=E9?= plan", "<s5@x>", date=day(13)),
        msg(6, "Fwd:   \t été   PLAN (FWD)", "<s6@x>", date=day(14)),
        msg(7, None, "<s7@x>", date=day(15)),
        msg(8, "", "<s8@x>", date=day(16)),
        msg(9, "=?utf-8?B?w5xiZXI=?= =?utf-8?B?IGFsbGVz?=", "<s9@x>", date=day(17)),
        msg(10, "über alles", "<s10@x>", date=day(18)),
    ],
    # Address keys: local part for FROM, display name (decoded) or address for DISPLAYFROM.
    "addresses": [
        msg(1, "a", sender='"Zoe" <alpha@example.net>', date=day(9)),
        msg(2, "b", sender="=?utf-8?Q?=C3=84rger?= <zulu@example.net>", date=day(9)),
        msg(3, "c", sender="mike@example.net (Bravo Name)", date=day(9)),
        msg(4, "d", sender="<Charlie@example.net>", date=day(9)),
        msg(5, "e", sender="Delta Person <delta@example.net>", date=day(9)),
        msg(6, "f", sender="echo", date=day(9)),
    ],
    # Missing and invalid Date headers fall back to INTERNALDATE.
    "dates": [
        msg(1, "x", "<d1@x>", date=day(12), internal=BASE_TIME + 10),
        msg(2, "y", "<d2@x>", internal=BASE_TIME + 86400 + 11 * 3600),
        msg(3, "z", "<d3@x>", date="garbage", internal=BASE_TIME + 86400 + 13 * 3600),
        msg(4, "w", "<d4@x>", date="2 Jan 24 11:30 EST", internal=BASE_TIME),
    ],
}


def raw(seq: int, headers: list[bytes], internal: int | None = None) -> CorpusMessage:
    """A message from raw header lines (for 8-bit and malformed headers)."""
    text = b"\r\n".join(headers) + b"\r\n\r\nbody\r\n"
    return CorpusMessage(text, internal if internal is not None else BASE_TIME + seq * 60)


TARGETED.update({
    # Raw 8-bit text, unknown charsets, encoded words inside words, broken base64, and the
    # titlecase/decomposition of Greek, Cyrillic, fullwidth, Hangul and ligatures.
    "subjects_malformed": [
        raw(1, [b"Subject: Caf\xe9 raw latin1", b"Message-ID: <r1@x>"]),
        raw(2, [b"Subject: =?x-unknown?q?Stra=C3=9Fe?=", b"Message-ID: <r2@x>"]),
        raw(3, [b"Subject: foo=?utf-8?q?X?=bar", b"Message-ID: <r3@x>"]),
        raw(4, [b"Subject: =?utf-8?b?!!!?= tail", b"Message-ID: <r4@x>"]),
        raw(5, [b"Subject: =?utf-8?q?a?=  =?utf-8?q?b?=", b"Message-ID: <r5@x>"]),
        raw(6, [b"Subject: \xce\xa3\xcf\x82 \xd0\xb6 \xef\xbc\xa1 \xea\xb0\x80 \xef\xac\x81",
                b"Message-ID: <r6@x>"]),
        raw(7, [b"Subject: =?us-ascii?q?Ab?=", b"Message-ID: <r7@x>"]),
        raw(8, [b"Subject: =?utf-8?q?=E9?=", b"Message-ID: <r8@x>"]),
        raw(9, [b"Subject: [fwd: x] tail]", b"Message-ID: <r9@x>"]),
        raw(10, [b"Subject: [] x", b"Message-ID: <r10@x>"]),
        raw(11, [b"Subject: re:re:fw:x", b"Message-ID: <r11@x>"]),
        raw(12, [b"Subject: Re: [fwd: [fwd: y]]", b"Message-ID: <r12@x>"]),
        raw(13, [b"Subject: \xc3\x9f \xc2\xb5 \xc3\xbf \xc7\x86 \xc7\x85", b"Message-ID: <r13@x>"]),
    ],
    # Groups, empty and route addresses, bare words, quoted local parts, comments.
    "addresses_malformed": [
        raw(1, [b"From: undisclosed-recipients:;", b"Subject: a", b"To: Group: g@x, h@y;",
                b"Cc: <>"]),
        raw(2, [b"From: Foo Bar", b"Subject: b", b"To: \"a b\"@x"]),
        raw(3, [b"From: <@route,@r2:local@x>", b"Subject: c", b"To: <alice>"]),
        raw(4, [b"From: \"=?utf-8?q?Q=C3=BCoted?=\" <q@x>", b"Subject: d",
                b"To: Joe Q. Public <jq@x>"]),
        raw(5, [b"From: x@y (a) (b)", b"Subject: e", b"To: =?utf-8?q?=C3=89mile?= <e@x>",
                b"Cc: z@x"]),
        raw(6, [b"From: ", b"Subject: f", b"Cc: ,a@x"]),
    ],
    # Dates Dovecot rejects (epoch 0, day 32, year < 1900) fall back to INTERNALDATE; several
    # Message-IDs, comments and quoted IDs; case-sensitive IDs.
    "dates_and_ids_malformed": [
        raw(1, [b"Message-ID: <d1@x>", b"Date: Thu, 01 Jan 1970 00:00:00 +0000", b"Subject: s"],
            BASE_TIME + 500),
        raw(2, [b"Message-ID: <d2@x>", b"Date: 1 Jan 69 00:00 +0000", b"Subject: s"]),
        raw(3, [b"Message-ID: <d3@x>", b"Date: Tue, 02 Jan 2024 09:00 PDT", b"Subject: s"]),
        raw(4, [b"Message-ID: <d4@x> <d4b@x>", b"References: <d1@x> (c) <\"q\"@x>", b"Subject: s"]),
        raw(5, [b"Message-ID: (comment) <d5@x>", b"In-Reply-To: foo <nope> <d4b@x>",
                b"Subject: s"]),
        raw(6, [b"Message-ID: <d6@x>", b"References: <d6@x> <d1@x>", b"Subject: s"]),
        raw(7, [b"Message-ID: <d7@x>", b"References: <\"q\"@x>",
                b"Date: Tue, 02 Jan 2024 09:00:00 +0000 (UTC)", b"Subject: s"]),
        raw(8, [b"Message-ID: <D1@x>", b"References: <q@x>", b"Subject: t"]),
        raw(9, [b"Message-ID: <d9@x>", b"Date: Tue, 32 Jan 2024 09:00:00 +0000", b"Subject: t"]),
        raw(10, [b"Message-ID: <d10@x>", b"Date: Sat, 01 Jan 1800 09:00:00 +0000",
                 b"Subject: t"]),
    ],
    # THREAD=REFS: dummy roots tie on their newest date with each other and with real roots.
    "refs_ties": [
        raw(1, [b"Message-ID: <a1@x>", b"References: <pz@x>",
                b"Date: Tue, 02 Jan 2024 09:00:00 +0000", b"Subject: q"]),
        raw(2, [b"Message-ID: <a2@x>", b"References: <py@x>",
                b"Date: Tue, 02 Jan 2024 09:00:00 +0000", b"Subject: r"]),
        raw(3, [b"Message-ID: <a3@x>", b"Date: Tue, 02 Jan 2024 09:00:00 +0000", b"Subject: q"]),
        raw(4, [b"Message-ID: <a4@x>", b"References: <py@x>",
                b"Date: Tue, 02 Jan 2024 08:00:00 +0000", b"Subject: r"]),
        raw(5, [b"Message-ID: <a5@x>", b"References: <pz@x>",
                b"Date: Tue, 02 Jan 2024 08:00:00 +0000", b"Subject: q"]),
    ],
})


@pytest.mark.parametrize("case", sorted(TARGETED))
def test_targeted(real_dovecot_factory, thread_tool, tmp_path, case):
    compare(real_dovecot_factory(), thread_tool, tmp_path, TARGETED[case])
