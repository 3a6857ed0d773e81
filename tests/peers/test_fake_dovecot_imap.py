"""Conformance of the fake Dovecot's IMAP server with real Dovecot 2.3.19.

Every transcript here is played twice, once against real Debian Dovecot (real_dovecot_factory)
and once against the fake (the oxh_fake_imap tool), and the answers must be equal after
tests/support/imap_transcript.normalise (UIDVALIDITY, timings, mod-sequences; LIST order).
So a difference in any text, response code, untagged response or literal fails the test.

The fake tool is found in $OXH_TOOLS_DIR, or next to the oxharness binary
(oxharness_bin.parent.parent / "mock_dovecot" / "oxh_fake_imap").
"""
from __future__ import annotations

import base64
import imaplib
import json
import os
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from conftest import skip_or_fail
from support.fake_imap import FakeImap, tool_path as _tool_path
from support.imap_transcript import ImapTranscript, normalised

HOST = "127.0.0.1"
USER = "alice@example.org"
OTHER = "bob@example.org"
PASSWORD = "secret"
MESSAGE = "From: bob@example.org\r\nSubject: hello\r\n\r\nHi Alice\r\n"
START_TIMEOUT_S = 20.0


@pytest.fixture
def fake_imap(request):
    path = _tool_path(request)
    started: list[FakeImap] = []

    def start(*args: str) -> FakeImap:
        fake = FakeImap(path, *args)
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.stop()


@pytest.fixture
def peers(real_dovecot_factory, fake_imap):
    """(real, fake) IMAP ports; the real one with TLS so both offer STARTTLS."""
    real = real_dovecot_factory(tls=True)
    fake = fake_imap()
    return {"real": real.imap_port, "fake": fake.imap_port}


# A transcript step: a command, or a (command, {"unordered": True}) pair.
def play(port: int, steps, *, source: str | None = None, login: str | None = USER) -> list[tuple[str, list[str]]]:
    out = []
    with ImapTranscript(HOST, port, source=source) as imap:
        out.append(("<greeting>", [imap.greeting]))
        if login:
            exchange = imap.command(f"a000 LOGIN {login} {PASSWORD}")
            out.append(("LOGIN", normalised(exchange)))
        for step in steps:
            command, options = (step, {}) if isinstance(step, str) else step
            exchange = imap.command(command)
            out.append((command, normalised(exchange, unordered=options.get("unordered", False))))
            if exchange.lines and exchange.lines[-1] == "<closed>":
                break
    return out


def assert_same(ports: dict[str, int], steps, **kwargs) -> list[tuple[str, list[str]]]:
    real = play(ports["real"], steps, **kwargs)
    fake = play(ports["fake"], steps, **kwargs)
    for (command, real_lines), (_, fake_lines) in zip(real, fake):
        assert fake_lines == real_lines, f"{command!r}:\n real: {real_lines}\n fake: {fake_lines}"
    assert len(fake) == len(real)
    return real


UNORDERED = {"unordered": True}


def test_capabilities_before_and_after_login(peers):
    # Before login the LOGIN reply has an untagged CAPABILITY; otherwise a [CAPABILITY] code.
    assert_same(peers, ["a001 CAPABILITY", "a002 LOGIN alice@example.org secret", "a003 CAPABILITY", "a004 LOGOUT"],
                login=None)
    real = assert_same(peers, ["a001 NAMESPACE", "a002 ID NIL", "a003 ID (\"name\" \"x\")", "a004 ENABLE CONDSTORE",
                               "a005 ENABLE FOO", "a006 LOGOUT"])
    assert "METADATA" in real[1][1][0]  # from 127.0.0.1: METADATA advertised


def test_pre_login_commands_and_bad_counter(peers):
    assert_same(peers, ["a1 NOOP", "a2 ID NIL", "a3 ENABLE CONDSTORE", "a4 AUTHENTICATE FOO",
                        "a5 LOGIN \"alice", "a6 SELECT INBOX", "a7 LOGIN alice@example.org", "a8 FOO"], login=None)
    # A client that forgot the tag gets Dovecot's hint, and that is not counted as bad.
    assert_same(peers, ["LOGIN alice@example.org secret", "a1 LOGOUT"], login=None)


def test_authenticate_plain(peers):
    plain = base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()
    assert_same(peers, [f"a1 AUTHENTICATE PLAIN {plain}", "a2 LOGOUT"], login=None)
    for name, port in peers.items():
        with ImapTranscript(HOST, port) as imap:
            imap.send_raw("a1 AUTHENTICATE PLAIN\r\n")
            assert imap.read_response_line() == "+ ", name
            imap.send_raw(plain + "\r\n")
            assert imap.collect("a1").lines[-1].startswith("a1 OK [CAPABILITY IMAP4rev1"), name
            imap.send_raw("a2 AUTHENTICATE PLAIN\r\n")  # after login: unknown
        with ImapTranscript(HOST, port) as imap:
            imap.send_raw("a1 AUTHENTICATE PLAIN\r\n")
            assert imap.read_response_line() == "+ ", name
            imap.send_raw("*\r\n")
            assert imap.collect("a1").lines == ["a1 BAD Authentication aborted by client."], name


def test_mailbox_management(peers):
    assert_same(peers, [
        ('a1 LIST "" "*"', UNORDERED), ('a2 LSUB "" "*"', UNORDERED), "a3 CREATE Foo/Bar",
        ('a4 LIST "" "*"', UNORDERED), ('a5 LIST "" "%"', UNORDERED), 'a6 LIST "" ""', 'a7 LIST "" INBOX',
        'a8 LIST "" inbox', "a9 CREATE Foo/Bar", "a10 CREATE INBOX", "a11 RENAME Foo Baz",
        ('a12 LIST "" *', UNORDERED), "a13 DELETE Baz", "a14 DELETE Baz/Bar", ('a15 LIST "" *', UNORDERED),
        "a16 DELETE Nope", "a17 RENAME Nope X", "a18 RENAME INBOX Old", "a19 DELETE INBOX",
        "a20 SUBSCRIBE Nope", "a21 UNSUBSCRIBE Nope", "a22 SUBSCRIBE INBOX", ('a23 LSUB "" *', UNORDERED),
        "a24 UNSUBSCRIBE INBOX", 'a25 CREATE "with space"', 'a26 LIST "" "w*"',
        'a27 STATUS "with space" (MESSAGES UIDNEXT)', "a28 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)",
        "a29 STATUS INBOX (FOO)", "a30 STATUS Nope (MESSAGES)", ('a31 LIST (SPECIAL-USE) "" "*"', UNORDERED),
        ('a32 LIST () "" "*" RETURN (SPECIAL-USE)', UNORDERED), ('a33 LIST "" "*" RETURN (CHILDREN)', UNORDERED),
        ('a34 LIST "" "*" RETURN (SUBSCRIBED)', UNORDERED), 'a35 DELETE "with space"', "a36 CREATE",
        "a37 RENAME Foo", "a38 LOGOUT",
    ])


def test_append_select_examine(peers):
    size = len(MESSAGE)
    assert_same(peers, [
        f"a1 APPEND INBOX {{{size}}}\r\n{MESSAGE}",
        f'a2 APPEND INBOX (\\Seen $cl_1) "01-Jan-2024 10:00:00 +0000" {{{size}+}}\r\n{MESSAGE}',
        f"a3 APPEND INBOX (\\Recent) {{{size}}}\r\n{MESSAGE}",
        f"a4 APPEND Nope {{{size}}}\r\n{MESSAGE}",
        f"a5 APPEND INBOX (\\Foo) {{{size}}}\r\n{MESSAGE}",
        f'a6 APPEND INBOX "bad date" {{{size}}}\r\n{MESSAGE}',
        "a7 APPEND INBOX {0}\r\n",
        "a8 APPEND INBOX",
        f"a9 APPEND Sent {{{size}}}\r\n{MESSAGE} (\\Draft) {{{size}}}\r\n{MESSAGE}",
        "a10 STATUS INBOX (MESSAGES RECENT UIDNEXT UNSEEN)",
        "a11 SELECT INBOX",
        f"a12 APPEND INBOX {{{size}}}\r\n{MESSAGE}",
        "a13 NOOP", "a14 CHECK", "a15 EXAMINE Sent", "a16 CLOSE", "a17 CHECK", "a18 EXPUNGE", "a19 UNSELECT",
        "a20 SELECT inbox", "a21 UNSELECT", "a22 SELECT Nope", "a23 SELECT", "a24 EXAMINE INBOX", "a25 EXPUNGE",
        "a26 SELECT INBOX (CONDSTORE)", "a27 LOGOUT",
    ])


# Every METADATA case of dovecot.md section 2 (captures/imap-metadata.txt), from 127.0.0.1.
METADATA_STEPS = [
    'a002 GETMETADATA "" /private/vendor/vendor.dovecot/http-notify',
    'a003 SETMETADATA "" (/private/vendor/vendor.dovecot/http-notify "user=ox-user-17@ctx3")',
    'a004 GETMETADATA "" /private/vendor/vendor.dovecot/http-notify',
    'a005 GETMETADATA "" (/private/vendor/vendor.dovecot/http-notify /private/comment /shared/comment /shared/admin)',
    'a006 SETMETADATA "" (/private/comment "server private comment")',
    'a007 SETMETADATA "" (/shared/comment "try to set server shared comment")',
    'a008 SETMETADATA INBOX (/private/comment "inbox private comment" /shared/comment {17}\r\ninbox shared note)',
    'a009 SETMETADATA INBOX (/private/vendor/example/a "1" /private/vendor/example/b/c "2")',
    "a010 GETMETADATA INBOX (/private/comment /shared/comment)",
    "a011 GETMETADATA (DEPTH 1) INBOX /private/vendor/example",
    "a012 GETMETADATA (DEPTH infinity) INBOX /private",
    'a013 GETMETADATA (DEPTH infinity) "" /private',
    'a014 GETMETADATA (DEPTH infinity) "" /shared',
    'a015 GETMETADATA (MAXSIZE 5) "" /private/vendor/vendor.dovecot/http-notify',
    "a016 GETMETADATA (MAXSIZE 5 DEPTH infinity) INBOX /private",
    "a017 GETMETADATA INBOX /PRIVATE/Comment",
    "a018 GETMETADATA Sent /private/specialuse",
    ('a019 GETMETADATA "*" /private/comment', UNORDERED),
    "a020 SETMETADATA INBOX (/private/vendor/example/a NIL)",
    "a021 GETMETADATA INBOX /private/vendor/example/a",
    'a022 GETMETADATA (DEPTH infinity) "" /private/vendor',
    'a023 GETMETADATA (DEPTH 1) "" /private/vendor/vendor.dovecot',
    "a024 GETMETADATA (DEPTH infinity) INBOX /shared",
    'a025 GETMETADATA "" /shared/vendor/vendor.dovecot/http-notify',
    'a026 SETMETADATA INBOX (/private/vendor/example/empty "")',
    "a027 GETMETADATA INBOX /private/vendor/example/empty",
    "a028 SETMETADATA INBOX (/private/vendor/example/big {5000+}\r\n" + "v" * 5000 + ")",
    "a029 GETMETADATA (MAXSIZE 1024) INBOX (/private/vendor/example/big /private/comment)",
    "a030 SETMETADATA INBOX (/private/vendor/example/big NIL /private/vendor/example/empty NIL)",
    'a032 SETMETADATA "" (/foo "x")',
    'a033 SETMETADATA "" (/private/vendor/vendor.dovecot/pvt/x "y")',
    'a034 GETMETADATA "" /private/vendor/vendor.dovecot/pvt/x',
    "a035 GETMETADATA NoSuchBox /private/comment",
    'a036 SETMETADATA NoSuchBox (/private/comment "x")',
    'a037 GETMETADATA "" /private/',
    'a038 GETMETADATA "" /private//x',
    'a039 GETMETADATA "" /private/a*',
    'a040 GETMETADATA (DEPTH 2) "" /private',
    'a041 GETMETADATA (FOO) "" /private',
    "a042 SETMETADATA INBOX (/private/comment)",
    'a043 SETMETADATA INBOX (/private/comment ("a"))',
    'a044 SETMETADATA INBOX /private/comment "x"',
    'a045 GETMETADATA "" /private/a%',
    'a046 SETMETADATA Sent (/private/specialuse "\\\\Trash")',
    "a047 SETMETADATA NoSuchBox (/private/comment {3}\r\nabc)",
    "a048 GETMETADATA (DEPTH infinity) Sent /private",
    'a049 GETMETADATA (MAXSIZE x) "" /private/comment',
    'a050 GETMETADATA (DEPTH INFINITY) "" /private/comment',
    "a051 LOGOUT",
]


def test_metadata_enabled(peers):
    assert_same(peers, METADATA_STEPS)


def test_metadata_not_enabled_for_other_networks(peers):
    # 127.0.0.2 is outside both servers' METADATA networks (the real one: `remote 127.0.0.1`).
    real = assert_same(peers, [
        'a002 GETMETADATA "" /private/vendor/vendor.dovecot/http-notify',
        'a003 SETMETADATA "" (/private/comment "x")',
        "a004 GETMETADATA INBOX /private/comment",
        "a005 GETMETADATA Sent /private/specialuse",
        "a006 GETMETADATA (DEPTH infinity) INBOX /private",
        'a007 GETMETADATA "" /shared/comment',
        'a008 SETMETADATA Sent (/private/specialuse "x")',
        'a009 SETMETADATA "" (/shared/admin "x")',
        "a010 GETMETADATA (DEPTH infinity) Sent /private",
        "a011 CAPABILITY",
        "a012 LOGOUT",
    ], source="127.0.0.2")
    assert "METADATA" not in real[1][1][0]


def test_metadata_change_is_not_announced_to_other_sessions(peers):
    for name, port in peers.items():
        with ImapTranscript(HOST, port) as first, ImapTranscript(HOST, port) as second:
            first.command(f"a1 LOGIN {USER} {PASSWORD}")
            second.command(f"b1 LOGIN {USER} {PASSWORD}")
            second.command("b2 SELECT INBOX")
            assert first.command('a2 SETMETADATA INBOX (/private/comment "changed")').tagged.startswith("a2 OK")
            assert [line for line in second.command("b3 NOOP").lines] != [], name
            assert len(second.command("b4 NOOP").lines) == 1, name


def _idle_transcript(port: int) -> list[str]:
    with ImapTranscript(HOST, port) as idler, ImapTranscript(HOST, port) as other:
        idler.command(f"a1 LOGIN {USER} {PASSWORD}")
        idler.command("a2 SELECT INBOX")
        other.command(f"b1 LOGIN {USER} {PASSWORD}")
        idler.send_raw("i1 IDLE\r\n")
        lines = [idler.read_response_line()]
        assert lines == ["+ idling"]
        appended = other.command(f"b2 APPEND INBOX {{{len(MESSAGE)}}}\r\n{MESSAGE}")
        assert appended.tagged.startswith("b2 OK [APPENDUID"), appended.lines
        # The wake-up: EXISTS arrives without the client sending anything.
        lines.append(idler.read_response_line(timeout=10))
        while idler.has_pending(wait=0.7):  # Dovecot sends RECENT with EXISTS
            lines.append(idler.read_response_line())
        idler.send_raw("DONE\r\n")
        lines += idler.collect("i1").lines
        idler.send_raw("i2 IDLE\r\n")
        lines.append(idler.read_response_line())
        idler.send_raw("FOO\r\n")
        lines += idler.collect("i2").lines
        lines += idler.command("a3 NOOP").lines
        return [line for line in (normalised_line(line) for line in lines)]


def normalised_line(line: str) -> str:
    from support.imap_transcript import normalise
    return normalise(line)


def test_idle_wakes_up_when_another_connection_appends(peers):
    real = _idle_transcript(peers["real"])
    fake = _idle_transcript(peers["fake"])
    assert fake == real
    assert real[1] == "* 1 EXISTS"


def test_bad_commands_and_literals(peers):
    assert_same(peers, [
        "a1 LOGIN {17}\r\nalice@example.org {6+}\r\nsecret",
        "a2 FOO", "a3 SELECT", 'a4 SELECT "INBOX', "a5 LIST )", "a6 NOOP (", "a7 STATUS {5}\r\nINBOX (MESSAGES)",
        "a8 STATUS INBOX MESSAGES", "a9 CHECK", "a10 SEL\x01CT INBOX", 'a11 LIST "" {1+}\r\n*',
    ])
    # Dovecot allows 20 invalid commands after login; the 20th is answered, then BYE.
    steps = [f"x{i} FOO" for i in range(1, 21)] + ["x21 NOOP"]
    result = assert_same(peers, steps)
    assert result[-1][1] == ["* BYE Too many invalid IMAP commands.", "<closed>"]
    # A literal that cannot fit into the line limit ends the session without being read.
    result = assert_same(peers, ["a1 SELECT {99999999999}", "a2 NOOP"])
    assert result[2][1] == ["* BYE Literal size too large", "<closed>"]
    result = assert_same(peers, ["a1 LOGIN {9000}"], login=None)
    assert result[1][1][-1] == "<closed>"


def test_failed_login_is_refused(peers):
    # Last, in its own test: real Dovecot delays answers after a failed login from an address.
    assert_same(peers, ["a1 LOGIN alice@example.org wrong", "a2 LOGIN nobody@example.org secret"], login=None)


def test_python_imaplib_against_the_fake(fake_imap):
    fake = fake_imap()
    client = imaplib.IMAP4(HOST, fake.imap_port)
    try:
        assert client.login(USER, PASSWORD)[0] == "OK"
        status, boxes = client.list()
        assert status == "OK"
        assert {box.decode().rsplit(" ", 1)[1] for box in boxes} == {"INBOX", "Sent", "Drafts", "Trash"}
        status, data = client.append("INBOX", "(\\Flagged)", imaplib.Time2Internaldate(time.time()),
                                     MESSAGE.encode())
        assert status == "OK" and b"APPENDUID" in data[0]
        status, data = client.select("INBOX")
        assert (status, data) == ("OK", [b"1"])
        assert client.response("UIDVALIDITY")[1][0].isdigit()
        # IDLE with raw lines: another client's APPEND must wake it up.
        tag = client._new_tag().decode()
        client.send(f"{tag} IDLE\r\n".encode())
        assert client.readline().startswith(b"+ idling")
        other = imaplib.IMAP4(HOST, fake.imap_port)
        other.login(USER, PASSWORD)
        other.append("INBOX", None, None, MESSAGE.encode())
        other.logout()
        assert client.readline() == b"* 2 EXISTS\r\n"
        assert client.readline() == b"* 2 RECENT\r\n"
        client.send(b"DONE\r\n")
        assert client.readline().startswith(f"{tag} OK Idle completed".encode())
        assert client.noop()[0] == "OK"
    finally:
        client.logout()
    # STARTTLS is offered on the plain port, and imaps speaks TLS from the start.
    tls_client = imaplib.IMAP4(HOST, fake.imap_port)
    try:
        assert "STARTTLS" in tls_client.capabilities
        assert tls_client.starttls(_insecure_context())[0] == "OK"
        assert tls_client.login(USER, PASSWORD)[0] == "OK"
    finally:
        tls_client.logout()
    implicit = imaplib.IMAP4_SSL(HOST, fake.imaps_port, ssl_context=_insecure_context())
    try:
        assert "STARTTLS" not in implicit.capabilities
        assert implicit.login(USER, PASSWORD)[0] == "OK"
    finally:
        implicit.logout()


def _insecure_context():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context
