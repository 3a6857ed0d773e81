"""Conformance of the fake Dovecot's SEARCH/SORT extensions with real Dovecot 2.3.19:
SEARCHRES (RFC 5182), ESEARCH return options (RFC 4731), ESORT and CONTEXT=SEARCH (RFC 5267:
PARTIAL, UPDATE, CANCELUPDATE), SORT=DISPLAY (RFC 5957).

Every transcript is played against real Debian Dovecot (real_dovecot_factory) and against the
fake (the oxh_fake_imap tool, found as in test_fake_dovecot_imap.py), with one or two sessions
("A", "B") of the same user, and every answer must be equal after
tests/support/imap_transcript.normalise (UIDVALIDITY, timings, mod-sequences).
"""
from __future__ import annotations

import re

import pytest

from support.fake_imap import FakeImap, tool_path as _tool_path
from support.imap_transcript import ImapTranscript, normalised

HOST = "127.0.0.1"
USER = "alice@example.org"
PASSWORD = "secret"
_COPYUID = re.compile(r"\[COPYUID \d+ ")


@pytest.fixture
def peers(request, real_dovecot_factory):
    """(real, fake) IMAP ports."""
    real = real_dovecot_factory()
    fake = FakeImap(_tool_path(request))
    yield {"real": real.imap_port, "fake": fake.imap_port}
    fake.stop()


def append(tag: str, sender: str, subject: str, to: str | None = None, mailbox: str = "INBOX") -> str:
    """An APPEND with a LITERAL+ literal of a small message."""
    raw = f"From: {sender}\r\n" + (f"To: {to}\r\n" if to else "") + f"Subject: {subject}\r\n\r\nHi\r\n"
    return f"{tag} APPEND {mailbox} {{{len(raw.encode())}+}}\r\n{raw}"


def three_messages() -> list[str]:
    return [append("p1", "bob@example.org", "hello"), append("p2", "carl@example.org", "Zeta"),
            append("p3", "dan@example.org", "alpha"), "p4 SELECT INBOX"]


def play(port: int, steps: list[str]) -> list[tuple[str, list[str]]]:
    """Steps are commands for session A, or "B: command" for a second session of the same user."""
    sessions: dict[str, ImapTranscript] = {}
    out = []
    try:
        for step in steps:
            who, command = ("B", step[3:]) if step.startswith("B: ") else ("A", step)
            if who not in sessions:
                sessions[who] = ImapTranscript(HOST, port)
                sessions[who].command(f"{who.lower()}0 LOGIN {USER} {PASSWORD}")
            lines = [_COPYUID.sub("[COPYUID <v> ", line) for line in normalised(sessions[who].command(command))]
            out.append((f"{who}: {command}", lines))
    finally:
        for session in sessions.values():
            session.close()
    return out


def assert_same(ports: dict[str, int], steps: list[str]) -> list[tuple[str, list[str]]]:
    real = play(ports["real"], steps)
    fake = play(ports["fake"], steps)
    for (command, real_lines), (_, fake_lines) in zip(real, fake):
        assert fake_lines == real_lines, f"{command!r}:\n real: {real_lines}\n fake: {fake_lines}"
    return real


def answer(transcript: list[tuple[str, list[str]]], tag: str) -> list[str]:
    return next(lines for command, lines in transcript if command.split(" ")[1] == tag)


def test_searchres_saved_result_wherever_a_set_is_accepted(peers):
    transcript = assert_same(peers, three_messages() + [
        "s1 FETCH $ FLAGS",  # nothing saved yet: nothing
        "s2 SEARCH $",
        "s3 COPY $ INBOX",
        "s4 SEARCH RETURN (SAVE) ALL",
        "s5 FETCH $ FLAGS",
        "s6 UID FETCH $ FLAGS",
        "s7 SEARCH RETURN (SAVE) 2:3",
        "s8 STORE $ +FLAGS (\\Flagged)",
        "s9 UID STORE $ -FLAGS (\\Flagged)",
        "s10 UID SEARCH UID $",
        "s11 SEARCH NOT $",
        "s12 SEARCH OR $ 1",
        "s13 SEARCH RETURN (SAVE) NOT $",  # $ is read before SAVE replaces it
        "s14 SEARCH $",
        "s15 SEARCH RETURN (SAVE) FOO",  # a BAD program keeps the saved result
        "s16 SEARCH $",
        "s17 SEARCH RETURN (SAVE) CHARSET FOO ALL",  # BADCHARSET empties it
        "s18 SEARCH $",
        "s19 UID SEARCH RETURN (SAVE ALL) 2:*",
        "s20 SEARCH RETURN (ALL) $",
        "s21 SORT RETURN (SAVE) (REVERSE ARRIVAL) UTF-8 1:2",
        "s22 SEARCH RETURN (COUNT) $",
        "s23 MOVE $ INBOX",
        "s24 SELECT INBOX",  # a new selection forgets it
        "s25 FETCH $ UID",
        "s26 UID MOVE $ INBOX",
    ])
    assert answer(transcript, "s5")[:3] == ["* 1 FETCH (FLAGS (\\Recent))", "* 2 FETCH (FLAGS (\\Recent))",
                                            "* 3 FETCH (FLAGS (\\Recent))"]
    assert answer(transcript, "s14")[0] == "* SEARCH 1"
    assert answer(transcript, "s18")[0] == "* SEARCH"
    assert answer(transcript, "s25") == ["s25 OK Fetch completed."]


def test_searchres_save_with_min_max_partial_count(peers):
    # RFC 5182 section 2.4: with MIN/MAX only those messages are saved.
    transcript = assert_same(peers, three_messages() + [
        append("p5", "eve@example.org", "beta"), append("p6", "fay@example.org", "aaa"), "p7 NOOP",
        "m1 SEARCH RETURN (SAVE MIN) 2:4", "m2 FETCH $ UID",
        "m3 SEARCH RETURN (SAVE MAX) 2:4", "m4 SEARCH $",
        "m5 SEARCH RETURN (SAVE MIN MAX) ALL", "m6 SEARCH $",
        "m7 UID SEARCH RETURN (SAVE MAX COUNT) 2:4", "m8 SEARCH $",
        "m9 SEARCH RETURN (SAVE MIN MAX PARTIAL 2:2) 2:5", "m10 SEARCH $",
        "m11 SEARCH RETURN (SAVE MIN PARTIAL 2:2 COUNT) 2:5", "m12 SEARCH $",
        "m13 SEARCH RETURN (SAVE RELEVANCY MIN) 2:5", "m14 SEARCH $",
        "m15 SEARCH RETURN (SAVE MIN MAX COUNT) NOT ALL", "m16 SEARCH $",
        "m17 SORT RETURN (SAVE MIN) (REVERSE SUBJECT) UTF-8 ALL", "m18 SEARCH $",
    ])
    assert answer(transcript, "m6")[0] == "* SEARCH 1 5"
    assert answer(transcript, "m12")[0] == "* SEARCH 2 3 4 5"


def test_esearch_return_options_and_their_errors(peers):
    transcript = assert_same(peers, three_messages() + [
        "e1 SEARCH RETURN (MIN MAX) NOT ALL",
        "e2 SEARCH RETURN (COUNT) NOT ALL",
        "e3 SEARCH RETURN (ALL) NOT ALL",
        "e4 SEARCH RETURN () ALL",
        "e5 SEARCH RETURN (CONTEXT) ALL",
        "e6 SEARCH RETURN (RELEVANCY) ALL",
        "e7 UID SEARCH RETURN (MIN MAX COUNT ALL) ALL",
        "e8 SEARCH RETURN (FOO) ALL",
        "e9 SEARCH RETURN (\"MIN\") ALL",
        "e10 SEARCH RETURN (PARTIAL 1:2) ALL",
        "e11 SEARCH RETURN (PARTIAL 3:2 COUNT) ALL",
        "e12 SEARCH RETURN (PARTIAL 5:9) ALL",
        "e13 SEARCH RETURN (PARTIAL 1:2 ALL) ALL",
        "e14 SEARCH RETURN (PARTIAL) ALL",
        "e15 SEARCH RETURN (PARTIAL 0:2) ALL",
        "e16 SEARCH RETURN (PARTIAL 1:*) ALL",
        "e17 SEARCH RETURN (PARTIAL 1:2 PARTIAL 1:3) ALL",
        "e18 SEARCH RETURN (UPDATE UPDATE) ALL",
        "e19 UID SEARCH RETURN (PARTIAL 2:3 MIN MAX) ALL",
        "e20 SEARCH RETURN (SAVE",
    ])
    assert answer(transcript, "e10")[0] == '* ESEARCH (TAG "e10") PARTIAL (1:2 1:2)'
    assert answer(transcript, "e1")[0] == '* ESEARCH (TAG "e1")'


def test_esort_return_options_keep_the_sort_order(peers):
    transcript = assert_same(peers, three_messages() + [
        append("p5", "eve@example.org", "beta"), append("p6", "fay@example.org", "aaa"), "p7 NOOP",
        "o1 SORT RETURN (MIN MAX COUNT) (ARRIVAL) UTF-8 ALL",
        "o2 SORT RETURN (MIN MAX COUNT) (SUBJECT) UTF-8 ALL",
        "o3 UID SORT RETURN (ALL) (SUBJECT) UTF-8 ALL",
        "o4 SORT RETURN () (REVERSE SUBJECT) UTF-8 ALL",
        "o5 SORT RETURN (PARTIAL 2:3) (SUBJECT) UTF-8 ALL",
        "o6 UID SORT RETURN (PARTIAL 1:2 COUNT MIN) (REVERSE FROM) UTF-8 ALL",
        "o7 SORT RETURN (COUNT) (SUBJECT) UTF-8 NOT ALL",
        "o8 SORT RETURN (MIN) (SUBJECT) UTF-8 NOT ALL",
        "o9 SORT RETURN (RELEVANCY) (SUBJECT) UTF-8 ALL",
        "o10 SORT RETURN (FOO) (SUBJECT) UTF-8 ALL",
        "o11 SORT RETURN (MIN) UTF-8 ALL",
        "o12 SORT RETURN ALL (SUBJECT) UTF-8 ALL",
        "o13 SORT (SUBJECT) UTF-8 $",
    ])
    assert answer(transcript, "o2")[0] == '* ESEARCH (TAG "o2") MIN 5 MAX 2 COUNT 5'
    assert answer(transcript, "o3")[0] == '* ESEARCH (TAG "o3") UID ALL 5,3:4,1:2'


def test_sort_display_from_and_to(peers):
    assert_same(peers, [
        append("p1", '"Zed Alpha" <bob@example.org>', "hello", to='"Mary" <mary@example.org>'),
        append("p2", "carl@example.org", "Zeta", to="zack@example.org"),
        append("p3", '"Anne" <xyz@example.org>', "alpha", to='"bob" <alf@example.org>, amy@example.org'),
        append("p4", "=?UTF-8?Q?=C3=84rger?= <aaa@example.org>", "beta"),
        append("p5", '"" <bbb@example.org>', "aaa", to="undisclosed-recipients:;"),
        append("p6", "Ben <ben@example.org>", "aaa", to='"Carl" <aa@example.org>'),
        "p7 SELECT INBOX",
        "d1 SORT (DISPLAYFROM) UTF-8 ALL",
        "d2 SORT (DISPLAYTO) UTF-8 ALL",
        "d3 SORT (REVERSE DISPLAYFROM) UTF-8 ALL",
        "d4 UID SORT RETURN (ALL COUNT) (DISPLAYTO SUBJECT) UTF-8 ALL",
        "d5 SORT (DISPLAYFROM DISPLAYFROM FROM) UTF-8 ALL",
    ])


def test_search_update_follows_another_sessions_changes(peers):
    transcript = assert_same(peers, three_messages() + [
        "u1 SEARCH RETURN (UPDATE) UNSEEN",
        "u2 UID SEARCH RETURN (UPDATE ALL) UNSEEN",
        "u3 SEARCH RETURN (UPDATE COUNT) ALL",
        "u4 SEARCH RETURN (UPDATE) 2:3",  # sets are frozen: new messages never match
        "u5 SORT RETURN (UPDATE MIN) (SUBJECT) UTF-8 UID 1:*",
        "B: b1 SELECT INBOX",
        "B: b2 STORE 2 +FLAGS (\\Seen)",
        "n1 NOOP",  # flag change: REMOVEFROM after the FETCH
        append("B: b3", "gil@example.org", "new"),
        "n2 NOOP",  # new message: ADDTO after EXISTS
        append("B: b4", "gil@example.org", "new2"),
        "B: b5 STORE 4 +FLAGS (\\Seen)",
        "n3 NOOP",
        "B: b6 CREATE Moved",
        "B: b7 MOVE 1 Moved",
        "f1 FETCH 1 UID",  # no expunges at a FETCH: no REMOVEFROM either
        "n4 NOOP",  # REMOVEFROM numbered before the EXPUNGE, sent first
        "B: b8 STORE 1 -FLAGS (\\Seen)",
        "n5 NOOP",
        "s1 STORE 2 +FLAGS (\\Seen)",  # the session's own change
        "s2 STORE 3 +FLAGS (\\Flagged)",
        "s3 UID SEARCH RETURN (UPDATE) FLAGGED",
        "s4 UID STORE 4 -FLAGS (\\Flagged)",
        "s5 EXPUNGE",
    ])
    assert answer(transcript, "n1") == ["* 2 FETCH (FLAGS (\\Seen \\Recent))", '* ESEARCH (TAG "u1") REMOVEFROM (0 2)',
                                        '* ESEARCH (TAG "u2") UID REMOVEFROM (0 2)', "n1 OK NOOP completed."]
    assert '* ESEARCH (TAG "u3") ADDTO (0 4)' in answer(transcript, "n2")


def test_uid_search_with_a_set_sends_no_expunge(peers):
    # imap-search.c syncs without expunges when the program has a sequence or UID set.
    assert_same(peers, three_messages() + [
        "B: b1 SELECT INBOX", "B: b2 CREATE Moved", "B: b3 MOVE 1 Moved",
        "x1 UID SEARCH 1:2",
        "x2 UID SEARCH UID 1:*",
        "x3 UID SORT (SUBJECT) UTF-8 UID 1:*",
        "x4 UID SEARCH RETURN (SAVE) ALL",
        "x5 UID SEARCH UID $",  # "$" is no set: the EXPUNGE comes
        "B: b4 MOVE 1 Moved",
        "x6 UID SORT RETURN (ALL) (SUBJECT) UTF-8 OR 1 SUBJECT x",
        "x6b UID THREAD REFERENCES UTF-8 UID 1:*",  # the unannounced expunged message is a thread
        "x7 UID SEARCH UNDELETED",
    ])


def test_search_keyword_creates_the_keyword_for_this_session_only(peers):
    transcript = assert_same(peers, three_messages() + [
        "k1 SEARCH KEYWORD foo",  # FLAGS with foo at this sync point
        "B: b1 SELECT INBOX",  # without foo
        "k2 STORE 1 +FLAGS (baz)",  # "foo baz": the session's own keyword stays first
        "B: b2 NOOP",
        "k3 SEARCH KEYWORD bar",
        "B: b3 STORE 2 +FLAGS (bar)",
        "k4 NOOP",
        "B: b4 SEARCH KEYWORD foo",
        # A later SELECT of the mailbox on this connection still lists them, first; not the
        # other connection's, nor another mailbox.
        "B: b5 STORE 3 +FLAGS (qux)",
        "k5 SELECT Sent",
        "k6 EXAMINE INBOX",
        "k7 SELECT INBOX",
        "B: b6 SELECT INBOX",
    ])
    assert "foo" not in " ".join(answer(transcript, "b1"))
    assert "foo" in " ".join(answer(transcript, "k7"))


def test_search_update_fetch_of_body_sets_seen(peers):
    # UPDATE (BODY[]) without PEEK sets \\Seen in its FETCH line, for this session (no second
    # FETCH later) and for others.
    assert_same(peers, three_messages() + [
        "v1 SEARCH RETURN (UPDATE (BODY[])) ALL",
        "B: " + append("b1", "eve@example.org", "fourth"),
        "v2 NOOP",
        "v3 FETCH 4 FLAGS",
        "B: b2 SELECT INBOX",
        "B: b3 FETCH 4 FLAGS",
    ])


def test_search_update_fetch_att(peers):
    # Dovecot's UPDATE (fetch-att): a FETCH for each new message an update adds, before its line.
    transcript = assert_same(peers, three_messages() + [
        "e1 SEARCH RETURN (UPDATE (FOO)) ALL",
        "e2 SEARCH RETURN (UPDATE (\"FLAGS\")) ALL",
        "e3 SEARCH RETURN (UPDATE (BODY[)) ALL",
        "u1 SEARCH RETURN (UPDATE ()) ALL",
        "u2 SEARCH RETURN (UPDATE (FLAGS) MIN) ALL",
        "u3 UID SEARCH RETURN (UPDATE (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])) UNSEEN",
        "u4 SEARCH RETURN (UPDATE (UID RFC822.SIZE)) UNSEEN",
        "B: b1 SELECT INBOX",
        append("B: b2", "gil@example.org", "new"),
        "B: b3 STORE 2 +FLAGS (\\Seen)",
        "n1 NOOP",
        "n2 FETCH 4 FLAGS",
    ])
    assert any(line.startswith("* 4 FETCH (UID 4 RFC822.SIZE ") for line in answer(transcript, "n1"))


def test_cancelupdate_and_the_update_limit(peers):
    steps = three_messages() + [f"z{i} SEARCH RETURN (UPDATE) ALL" for i in range(1, 12)] + [
        "z12 SEARCH RETURN (UPDATE MIN) ALL",  # past Dovecot's 10: * NO [NOUPDATE]
        "z13 SEARCH RETURN (UPDATE) ALL",
        "c1 CANCELUPDATE \"z11\"",
        "c2 CANCELUPDATE \"z10\"",
        "c3 CANCELUPDATE \"z9\" \"nope\" \"z8\"",  # z9 is cancelled, z8 is not
        "c4 CANCELUPDATE \"z8\"",
        "c5 CANCELUPDATE",
        "c6 CANCELUPDATE z7",
        "c7 CANCELUPDATE {2}\r\nz7",
        "z1 SEARCH RETURN (UPDATE) ALL",  # duplicate tag
        "c8 UNSELECT",
        "c9 CANCELUPDATE \"z1\"",
        "c10 SEARCH RETURN (UPDATE) ALL",
    ]
    transcript = assert_same(peers, steps)
    assert answer(transcript, "z12")[0] == '* NO [NOUPDATE "z12"]'
    assert answer(transcript, "c4") == ["c4 OK Updates cancelled."]


def _idle_updates(port: int) -> list[str]:
    """RETURN (UPDATE) while idling: another session's changes arrive with their ESEARCH lines."""
    with ImapTranscript(HOST, port) as idler, ImapTranscript(HOST, port) as other:
        idler.command(f"a1 LOGIN {USER} {PASSWORD}")
        other.command(f"b1 LOGIN {USER} {PASSWORD}")
        # The other session is not selected when it appends: when two sessions have INBOX
        # selected, which one takes the new message's \Recent is a race in the fake (in
        # Dovecot the appending one does), seen as an extra "* 1 RECENT" while idling.
        for step in three_messages()[:3]:
            other.command(step)
        idler.command("a2 SELECT INBOX")
        lines = normalised(idler.command("a3 SEARCH RETURN (UPDATE) UNSEEN"))
        idler.send_raw("i1 IDLE\r\n")
        lines.append(idler.read_response_line())

        def until_esearch() -> None:
            while True:
                line = idler.read_response_line(timeout=10)
                lines.append(line)
                if line.startswith("* ESEARCH"):
                    return

        other.command("b2 SELECT INBOX")
        other.command("b3 STORE 1 +FLAGS (\\Seen)")
        until_esearch()
        other.command("b4 UNSELECT")
        other.command(append("b5", "gil@example.org", "new"))
        until_esearch()
        idler.send_raw("DONE\r\n")
        lines += idler.collect("i1").lines
        return normalised_lines(lines)


def normalised_lines(lines: list[str]) -> list[str]:
    from support.imap_transcript import normalise
    return [normalise(line) for line in lines]


def test_search_update_while_idling(peers):
    real = _idle_updates(peers["real"])
    fake = _idle_updates(peers["fake"])
    assert fake == real
    assert '* ESEARCH (TAG "a3") ADDTO (0 4)' in real
