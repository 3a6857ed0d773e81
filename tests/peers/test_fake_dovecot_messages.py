"""Conformance of the fake Dovecot's message commands with real Dovecot 2.3.19.

FETCH (every item), STORE (flags, keywords as the OX middleware uses them, .SILENT,
UNCHANGEDSINCE), SEARCH (programs, ESEARCH), COPY/MOVE/UID EXPUNGE with COPYUID, another
session's view (EXISTS/EXPUNGE/FETCH FLAGS at sync points), THREAD/SORT and CONDSTORE: each
transcript is played against real Debian Dovecot (real_dovecot_factory) and against the fake
(oxh_fake_imap), and the answers must be equal after normalising UIDVALIDITY, mod-sequences
and timings. Python's imaplib then drives the fake as an ordinary client.

The fake tool is found in $OXH_TOOLS_DIR, or next to the oxharness binary.
"""
from __future__ import annotations

import imaplib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import skip_or_fail
from support.fake_imap import FakeImap, tool_path as _tool_path
from support.imap_transcript import ImapTranscript, normalise
from support.mime_corpus import corpus

HOST = "127.0.0.1"
USER = "alice@example.org"
PASSWORD = "secret"

MESSAGES = {name: raw for name, raw, _ in corpus()}
# A small corpus: plain, multipart with attachment, message/rfc822, 8-bit UTF-8, encoded words,
# quoted-printable, HTML only.
SMALL = ["plain", "multipart_mixed_attachment", "nested_rfc822", "utf8_8bit", "encoded_words",
         "quoted_printable", "html_only"]


@pytest.fixture
def fake_port(request):
    fake = FakeImap(_tool_path(request))
    yield fake.imap_port
    fake.stop()


@pytest.fixture
def peers(real_dovecot_factory, fake_port):
    return {"real": real_dovecot_factory().imap_port, "fake": fake_port}


def _normalise(line: str) -> str:
    line = normalise(line)
    line = re.sub(r"\[COPYUID \d+ ", "[COPYUID <v> ", line)
    line = re.sub(r"\(MODSEQ \d+\)", "(MODSEQ <m>)", line)
    line = re.sub(r" MODSEQ \d+$", " MODSEQ <m>", line)
    line = re.sub(r"\[HIGHESTMODSEQ \d+\]", "[HIGHESTMODSEQ <m>]", line)
    return line


def _append_command(tag: str, name: str, index: int, flags: str = "", mailbox: str = "INBOX") -> bytes:
    raw = MESSAGES[name]
    date = f'"{index + 1:02d}-Feb-2024 10:{index:02d}:00 +0000"'
    head = f"{tag} APPEND {mailbox} {flags + ' ' if flags else ''}{date} {{{len(raw)}+}}\r\n".encode()
    return head + raw + b"\r\n"


def play(port: int, steps, *, connections: int = 1, preload=()) -> list[tuple[str, list[str]]]:
    """Plays `steps` (a command, or (connection index, command)) over `connections` logged-in
    sessions after APPENDing `preload` ((name, flags) pairs) to INBOX; returns normalised
    answers. A connection's untagged lines that arrive between commands are collected with
    the next command it sends."""
    out = []
    sessions = [ImapTranscript(HOST, port) for _ in range(connections)]
    try:
        for i, imap in enumerate(sessions):
            exchange = imap.command(f"L{i} LOGIN {USER} {PASSWORD}")
            assert exchange.tagged.startswith(f"L{i} OK"), exchange.lines
        for index, (name, flags) in enumerate(preload):
            sessions[0].sock.sendall(_append_command(f"P{index}", name, index, flags))
            exchange = sessions[0].collect(f"P{index}")
            assert exchange.tagged.startswith(f"P{index} OK"), exchange.lines
        for step in steps:
            which, command = (0, step) if isinstance(step, str) else step
            exchange = sessions[which].command(command)
            out.append((f"[{which}] {command}", [_normalise(line) for line in exchange.lines]))
    finally:
        for imap in sessions:
            imap.close()
    return out


def assert_same(ports, steps, **kwargs) -> list[tuple[str, list[str]]]:
    real = play(ports["real"], steps, **kwargs)
    fake = play(ports["fake"], steps, **kwargs)
    for (command, real_lines), (_, fake_lines) in zip(real, fake):
        assert fake_lines == real_lines, f"{command!r}:\n real: {real_lines}\n fake: {fake_lines}"
    assert len(fake) == len(real)
    return real


PRELOAD = [(name, "") for name in SMALL]


def test_fetch_every_item(peers):
    steps = ["a1 SELECT INBOX"]
    n = 2
    for seq in range(1, len(SMALL) + 1):
        for item in ["(FLAGS UID INTERNALDATE RFC822.SIZE)", "ALL", "FAST", "FULL", "ENVELOPE", "BODYSTRUCTURE",
                     "BODY", "BODY.PEEK[HEADER]", "BODY.PEEK[TEXT]", "BODY.PEEK[1]", "BODY.PEEK[1.MIME]",
                     "BODY.PEEK[2]", "BODY.PEEK[2.HEADER]", "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])",
                     "(BODY.PEEK[HEADER.FIELDS.NOT (SUBJECT DATE)])", "BODY.PEEK[]<0.20>", "BODY.PEEK[TEXT]<5.10>",
                     "RFC822.HEADER", "RFC822.SIZE", "SNIPPET", "PREVIEW", "(PREVIEW (LAZY))", "BINARY.PEEK[1]",
                     "BINARY.SIZE[1]"]:
            steps.append(f"f{n} FETCH {seq} {item}")
            n += 1
    steps += [
        # Implicit \Seen: FLAGS first, only when \Seen changed; then nothing at the sync point.
        "b1 FETCH 1 BODY[TEXT]", "b2 FETCH 1 BODY[TEXT]", "b3 FETCH 2 (UID RFC822.SIZE BODY[1])",
        "b4 FETCH 3 RFC822.TEXT", "b5 FETCH 4 RFC822", "b6 FETCH 5 (FLAGS BODY[HEADER])", "b7 FETCH 1:* FLAGS",
        "b8 UID FETCH 1:* (FLAGS)", "b9 UID FETCH 6 BODY[]<0.10>", "b10 FETCH 1:2 (ENVELOPE UID FLAGS)",
        "b11 FETCH 1 BODY[9]",
        # Errors.
        "e1 FETCH 99 FLAGS", "e2 FETCH 0 FLAGS", "e3 FETCH x FLAGS", "e4 FETCH 1 FOO", "e5 FETCH 1 ()",
        "e6 FETCH 1 (FLAGS \"UID\")", "e7 FETCH 1 BODY[FOO]", "e8 FETCH 1 BODY[1]<x>", "e9 FETCH 1 RFC822.FOO",
        "e10 FETCH", "e11 FETCH 1", "e12 UID FETCH 99 FLAGS", "e13 UID FETCH x FLAGS", "e14 UID FOO 1",
        "e15 FETCH 1 (FLAGS) (FOO)", "e16 FETCH 1:* BODY.PEEK[HEADER.FIELDS (SUBJECT)]<0.8>", "e17 LOGOUT",
    ]
    assert_same(peers, steps, preload=PRELOAD)


def test_fetch_on_empty_mailbox_and_unselected(peers):
    assert_same(peers, ["a1 FETCH 1 FLAGS", "a2 SELECT INBOX", "a3 FETCH 1 FLAGS", "a4 FETCH 1 FOO",
                        "a5 UID FETCH 1:* FLAGS", "a6 STORE 1 +FLAGS \\Seen", "a7 UID STORE 1:* +FLAGS.SILENT (\\Seen)",
                        "a8 SEARCH ALL", "a9 COPY 1 Nope", "a10 UID COPY 1:* Trash"])


def test_store_variants_and_keywords(peers):
    steps = [
        "a1 SELECT INBOX",
        "a2 UID STORE 1:* +FLAGS.SILENT (\\Seen)",
        "a3 FETCH 1:* FLAGS",
        "a4 STORE 1 +FLAGS (\\Seen)",
        "a5 STORE 1:2 FLAGS (\\Flagged $cl_2)",
        "a6 UID STORE 2 -FLAGS ($cl_2)",
        "a7 STORE 1 +FLAGS \\Answered \\Draft",
        "a8 STORE 1 +FLAGS (\\Recent)", "a9 STORE 1 +FLAGS (\\Foo)", "a10 STORE 1 BOGUS (\\Seen)",
        "a11 STORE 1 +FLAGS (\"quoted\")", "a12 STORE 1 (FOO 1) +FLAGS (x)", "a13 STORE 1 +FLAGS",
        "a14 STORE 1 FLAGS ()", "a15 STORE 9 FLAGS ()", "a16 UID STORE 9 FLAGS (\\Seen)",
    ]
    # The OX middleware's colour labels and flagged state.
    for i in range(1, 11):
        steps.append(f"k{i} UID STORE {1 + i % 7} +FLAGS ($cl_{i})")
    steps += ["k20 UID STORE 1:3 -FLAGS ($cl_1 $cl_2 $cl_3)", "k21 UID STORE 4 FLAGS (\\Flagged \\Seen $cl_4)",
              "k22 STORE 5 -FLAGS.SILENT (\\Flagged)", "k23 UID STORE 6 +FLAGS (customkw Junk NonJunk)",
              "k24 FETCH 1:* (UID FLAGS)", "k25 NOOP", "k26 EXAMINE INBOX", "k27 STORE 1 +FLAGS (\\Seen)",
              "k28 SELECT INBOX", "k29 LOGOUT"]
    assert_same(peers, steps, preload=PRELOAD)


def test_condstore(peers):
    assert_same(peers, [
        "a1 SELECT INBOX", "a2 FETCH 1 MODSEQ", "a3 STORE 1 (UNCHANGEDSINCE 1) +FLAGS (\\Deleted)",
        "a4 STORE 1:3 (UNCHANGEDSINCE 100000) +FLAGS (\\Deleted)",
        "a5 UID STORE 1:3 (UNCHANGEDSINCE 100000) -FLAGS.SILENT (\\Deleted)", "a6 STORE 2 -FLAGS.SILENT (\\Seen)",
        "a7 FETCH 1:* (FLAGS MODSEQ)", "a8 SEARCH MODSEQ 2", "a9 UID SEARCH RETURN (MIN MAX COUNT ALL) MODSEQ 2",
        "a10 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 100000)", "a11 STORE 1 (UNCHANGEDSINCE x) +FLAGS (a)",
        "a12 FETCH 1 (FLAGS) (CHANGEDSINCE x)", "a13 SELECT INBOX (CONDSTORE)", "a14 LOGOUT",
    ], preload=PRELOAD)


SEARCH_PROGRAMS = [
    "ALL", "1:3", "2,4:*", "*", "UID 2:4", "UID 5:*", "SEEN", "UNSEEN", "FLAGGED", "UNFLAGGED", "ANSWERED",
    "DELETED", "UNDELETED", "DRAFT", "KEYWORD $cl_1", "UNKEYWORD $cl_1", "KEYWORD nosuch", "NEW", "OLD", "RECENT",
    "FROM alice", "FROM ALICE", "FROM jürgen", "TO bob", "CC nobody", "SUBJECT test", "SUBJECT köln",
    "SUBJECT \"Test message\"", "HEADER Message-ID m1@example", "HEADER X-Nope \"\"", "HEADER Subject \"\"",
    "BODY fox", "BODY \"plain message\"", "BODY grüße", "TEXT alice", "TEXT inner", "LARGER 400", "SMALLER 300",
    "SINCE 3-Feb-2024", "BEFORE 3-Feb-2024", "ON 2-Feb-2024", "SENTSINCE 1-Jan-2023", "SENTBEFORE 1-Jan-2023",
    "SENTON 2-Jan-2023", "NOT SEEN", "OR SEEN FLAGGED", "OR SEEN OR FLAGGED DELETED", "NOT (SEEN FLAGGED)",
    "(SEEN) (UNFLAGGED)", "CHARSET UTF-8 SUBJECT test", "CHARSET US-ASCII ALL", "UID 1:* NOT UID 3",
]
# Played once each (SEARCH only): the fake's session does not yet reset its count of invalid
# commands after a good one as Dovecot does, and 20 in a row end the session.
SEARCH_ERRORS = [
    "", "FOO", "SINCE notadate", "LARGER x", "()", "\"quoted\"", "NOT", "OR SEEN", "UID x", "1:x", "CHARSET",
    "CHARSET NOSUCH ALL", "RETURN (FOO) ALL",
]


def test_search_programs(peers):
    steps = ["a1 SELECT INBOX", "a2 STORE 1 +FLAGS (\\Seen $cl_1)", "a3 STORE 2 +FLAGS (\\Flagged \\Answered)",
             "a4 STORE 3 +FLAGS (\\Deleted \\Draft)"]
    for i, program in enumerate(SEARCH_PROGRAMS):
        steps.append(f"s{i} SEARCH {program}".rstrip())
        steps.append(f"u{i} UID SEARCH {program}".rstrip())
    for i, program in enumerate(SEARCH_ERRORS):
        steps.append(f"x{i} SEARCH {program}".rstrip())
    steps += ["r1 SEARCH RETURN (MIN MAX COUNT) ALL", "r2 SEARCH RETURN () SEEN", "r3 UID SEARCH RETURN (ALL) 2:5",
              "r4 SEARCH RETURN (COUNT) KEYWORD nosuch", "r5 SEARCH RETURN (MIN) UNSEEN", "r6 LOGOUT"]
    assert_same(peers, steps, preload=PRELOAD)


def test_copy_move_uid_expunge(peers):
    assert_same(peers, [
        "a1 SELECT INBOX", "a2 COPY 1:2 Trash", "a3 UID COPY 3,5 Trash", "a4 COPY 1 Nope", "a5 UID COPY 99 Trash",
        "a6 COPY 1", "a7 COPY 99 Trash", "a8 MOVE 2 Trash", "a9 UID MOVE 4:5 Sent", "a10 UID MOVE 99 Sent",
        "a11 MOVE 1 Nope", "a12 STATUS Trash (MESSAGES UIDNEXT)", "a13 STORE 1:2 +FLAGS.SILENT (\\Deleted)",
        "a14 UID EXPUNGE 1", "a15 UID EXPUNGE x", "a16 FETCH 1:* (UID FLAGS)", "a17 COPY 1 INBOX",
        "a18 EXAMINE Trash", "a19 FETCH 1:* (UID FLAGS)", "a20 UID MOVE 1 INBOX", "a21 LOGOUT",
    ], preload=[("plain", "(\\Seen $cl_3)")] + PRELOAD[1:])


def test_other_session_sees_changes(peers):
    assert_same(peers, [
        (0, "a1 SELECT INBOX"), (1, "b1 SELECT INBOX"),
        (0, "a2 STORE 1 +FLAGS (\\Flagged)"), (1, "b2 NOOP"),
        (0, "a3 UID STORE 2 +FLAGS.SILENT ($cl_5)"), (1, "b3 FETCH 1 FLAGS"), (1, "b4 NOOP"),
        # A flag change of a message expunged before this session syncs is announced at a sync
        # point that may not send EXPUNGE (FETCH), then the EXPUNGE at the next full one.
        (0, "a4 STORE 3 +FLAGS (\\Deleted)"), (0, "a5 EXPUNGE"), (1, "b5 FETCH 1 UID"),
        (1, "b6 SEARCH ALL"),
        (1, "b7 UID SEARCH ALL"), (1, "b8 NOOP"),
        # STORE on a message moved away meanwhile that the session still shows: Dovecot applies
        # it to the session's view and answers with its FETCH.
        (0, "a6 MOVE 1 Trash"), (1, "b10 STORE 1 +FLAGS (\\Seen)"), (1, "b10a FETCH 1 (UID FLAGS)"),
        (1, "b10b STORE 1 +FLAGS.SILENT (\\Answered)"), (1, "b10c FETCH 1 FLAGS"),
        (1, "b9 UID FETCH 1:* FLAGS"),
        (0, f"a7 COPY 2 INBOX"), (1, "b11 FETCH 1:* UID"), (1, "b12 NOOP"), (0, "a8 NOOP"),
    ], connections=2, preload=PRELOAD)


def test_flags_of_a_message_expunged_meanwhile_and_status_of_the_selected_mailbox(peers):
    # FETCH FLAGS of a message another session flagged and expunged shows its system flags as
    # expunged (the new keyword only in the sync point's FETCH); STORE .SILENT still announces the
    # other session's change; STATUS on the selected mailbox answers from the session's view
    # without a sync point.
    assert_same(peers, [
        (0, "a1 SELECT INBOX"), (0, "a1a STATUS INBOX (MESSAGES RECENT UIDNEXT UNSEEN)"),
        (1, "b1 SELECT INBOX"), (1, "b2 STORE 1 +FLAGS ($x \\Deleted)"), (1, "b3 EXPUNGE"),
        (0, "a2 FETCH 1 (UID FLAGS)"), (0, "a3 FETCH 1 (UID FLAGS)"), (0, "a4 NOOP"),
        (1, "b4 STORE 1 +FLAGS (\\Deleted)"), (1, "b5 EXPUNGE"), (1, "b6 COPY 2 INBOX"),
        (0, "a5 STORE 1 +FLAGS.SILENT (\\Seen)"), (0, "a6 FETCH 1 FLAGS"),
        (0, "a7 STATUS INBOX (MESSAGES RECENT UIDNEXT UNSEEN)"), (0, "a8 NOOP"),
        (0, "a9 EXAMINE INBOX"), (0, "a10 STATUS INBOX (MESSAGES)"),
    ], connections=2, preload=PRELOAD[:3])


def test_selected_mailbox_deleted_by_another_session(peers):
    # Dovecot 2.3.19 ends the session at its next sync point (the fake once said "Selected mailbox
    # was deleted, have to disconnect.").
    assert_same(peers, [
        (1, "b0 SELECT INBOX"), (1, "b1 CREATE F"), (1, "b2 COPY 1:2 F"), (0, "a1 SELECT F"), (1, "b3 DELETE F"),
        (0, "a2 NOOP"),
    ], connections=2, preload=PRELOAD[:2])


def test_selected_mailbox_deleted_and_created_again(peers):
    # The session keeps its old view: some sync points report an internal error, what the view
    # holds is answered, the rest fails (mock_dovecot/imap/recreated_selection.hpp).
    assert_same(peers, [
        (1, "b0 SELECT INBOX"), (1, "b1 CREATE F"), (1, "b2 COPY 1:2 F"), (0, "a1 SELECT F"),
        (1, "b3 DELETE F"), (1, "b4 CREATE F"), (1, "b5 COPY 3 F"),
        (0, "a2 NOOP"), (0, "a3 FETCH 1:* (UID FLAGS)"), (0, "a4 UID SEARCH ALL"), (0, "a5 SEARCH UNSEEN"),
        (0, "a6 SEARCH SINCE 1-Jan-2020"), (0, "a7 STORE 1 +FLAGS (\\Seen)"), (0, "a8 UID COPY 1 INBOX"),
        (0, "a9 THREAD REFERENCES UTF-8 ALL"), (0, "a10 EXPUNGE"), (0, "a11 CHECK"), (0, "a12 FETCH 2 UID"),
        (0, "a13 STATUS INBOX (MESSAGES)"), (0, "a14 CLOSE"), (0, "a15 SELECT F"), (0, "a16 NOOP"),
    ], connections=2, preload=PRELOAD[:3])


def test_fetch_of_content_on_a_recreated_mailbox_ends_the_session(peers):
    assert_same(peers, [
        (1, "b0 SELECT INBOX"), (1, "b1 CREATE F"), (1, "b2 COPY 1 F"), (0, "a1 SELECT F"),
        (1, "b3 DELETE F"), (1, "b4 CREATE F"), (1, "b5 COPY 2 F"),
        (0, "a2 FETCH 1 BODY[]"),
    ], connections=2, preload=PRELOAD[:2])


THREAD_MESSAGES = [
    ("<1@t>", "", "Project plan", "Mon, 1 Jan 2024 10:00:00 +0000"),
    ("<2@t>", "In-Reply-To: <1@t>\r\n", "Re: Project plan", "Mon, 1 Jan 2024 11:00:00 +0000"),
    ("<3@t>", "References: <1@t> <2@t>\r\n", "Re: Project plan", "Mon, 1 Jan 2024 10:30:00 +0000"),
    ("<4@t>", "References: <missing@t>\r\n", "Lunch", "Mon, 1 Jan 2024 09:00:00 +0000"),
    ("<5@t>", "References: <missing@t>\r\n", "Re: Lunch", "Mon, 1 Jan 2024 09:30:00 +0000"),
    ("<6@t>", "", "Fwd: Project plan", "Mon, 1 Jan 2024 12:00:00 +0000"),
]


def test_thread_and_sort(peers):
    for i, (mid, refs, subject, date) in enumerate(THREAD_MESSAGES):
        MESSAGES[f"thread{i}"] = (f"From: u{i}@example.org\r\nTo: t{6 - i}@example.org\r\nSubject: {subject}\r\n"
                                  f"Date: {date}\r\nMessage-ID: {mid}\r\n{refs}\r\nbody {i}\r\n" + "x" * i).encode()
    preload = [(f"thread{i}", "") for i in range(len(THREAD_MESSAGES))]
    assert_same(peers, [
        "a1 SELECT INBOX", "a2 THREAD REFERENCES UTF-8 ALL", "a3 UID THREAD REFERENCES UTF-8 ALL",
        "a4 THREAD REFS UTF-8 ALL", "a5 THREAD ORDEREDSUBJECT UTF-8 ALL", "a6 THREAD REFERENCES UTF-8 1:4",
        "a7 THREAD REFERENCES UTF-8 SUBJECT lunch", "a8 THREAD REFERENCES UTF-8 SUBJECT nosuch",
        "a9 THREAD FOO UTF-8 ALL", "a10 THREAD REFERENCES", "a11 SORT (SUBJECT) UTF-8 ALL", "a12 SORT (DATE) UTF-8 ALL",
        "a13 UID SORT (REVERSE DATE) UTF-8 ALL", "a14 SORT (FROM SIZE) UTF-8 2:5", "a15 SORT (REVERSE SIZE) UTF-8 ALL",
        "a16 SORT (TO) UTF-8 ALL", "a17 SORT (ARRIVAL) UTF-8 SUBJECT plan", "a18 SORT () UTF-8 ALL",
        "a19 SORT (FOO) UTF-8 ALL", "a20 SORT (DATE REVERSE) UTF-8 ALL", "a21 SORT DATE UTF-8 ALL",
        "a22 SORT (DATE)", "a23 STORE 1 +FLAGS (\\Deleted)", "a24 EXPUNGE", "a25 THREAD REFERENCES UTF-8 ALL",
        "a26 LOGOUT",
    ], preload=preload)


def test_imaplib_client_against_the_fake(fake_port):
    client = imaplib.IMAP4(HOST, fake_port)
    try:
        client.login(USER, PASSWORD)
        for name in SMALL[:4]:
            typ, _ = client.append("INBOX", None, imaplib.Time2Internaldate(1706781600), MESSAGES[name])
            assert typ == "OK"
        typ, data = client.select("INBOX")
        assert typ == "OK" and data == [b"4"]
        typ, data = client.fetch("1:2", "(UID FLAGS RFC822.SIZE)")
        assert typ == "OK" and len(data) == 2
        assert data[0].startswith(b"1 (UID 1 FLAGS (\\Recent) RFC822.SIZE ")
        typ, data = client.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        assert data[0][1] == b"Subject: Test message\r\n\r\n"
        typ, data = client.uid("STORE", "1:*", "+FLAGS.SILENT", "(\\Seen)")
        assert typ == "OK" and data == [None]
        typ, data = client.store("2", "+FLAGS", "($cl_1 \\Flagged)")
        assert typ == "OK" and data == [b"2 (FLAGS (\\Flagged \\Seen \\Recent $cl_1))"]
        assert client.search(None, "FLAGGED") == ("OK", [b"2"])
        assert client.uid("SEARCH", None, "KEYWORD", "$cl_1") == ("OK", [b"2"])
        assert client.search(None, "UNSEEN") == ("OK", [b""])
        typ, data = client.copy("1:2", "Trash")
        assert typ == "OK" and data[0].startswith(b"[COPYUID ") and b" 1:2 1:2] Copy completed" in data[0]
        typ, data = client.uid("MOVE", "3", "Sent")
        assert typ == "OK"
        assert client.search(None, "ALL") == ("OK", [b"1 2 3"])
        typ, data = client.fetch("3", "(UID)")
        assert data == [b"3 (UID 4)"]
        typ, data = client.uid("SORT", "(REVERSE ARRIVAL)", "UTF-8", "ALL")
        assert typ == "OK"
        assert client.status("Trash", "(MESSAGES)") == ("OK", [b"Trash (MESSAGES 2)"])
    finally:
        client.logout()
