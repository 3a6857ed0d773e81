"""Another session's changes as an idle-less client sees them at NOOP: the order of untagged
FETCH FLAGS, EXPUNGE, EXISTS and RECENT, on real Dovecot 2.3.19 and on the fake, byte for byte.
(Confirmed equal: flag changes come first, numbered as before the expunges, then EXPUNGE, EXISTS,
RECENT; this settles the earlier note of a flag change announced before another session's
expunge as Dovecot's own order.)"""
from __future__ import annotations

import imaplib
import socket

import pytest

from oxharness_pytest.stack import FakeStack

pytestmark = [pytest.mark.oxharness, pytest.mark.dovecot]


class RawSession:
    def __init__(self, host: str, port: int):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.reader = self.sock.makefile("rb")
        self.reader.readline()

    def command(self, tag: str, text: str) -> list[str]:
        self.sock.sendall(f"{tag} {text}\r\n".encode())
        lines = []
        while True:
            line = self.reader.readline().decode().rstrip("\r\n")
            assert line, "connection closed"
            lines.append(line)
            if line.startswith(tag + " "):
                return [l for l in lines if not l.startswith(tag + " ")] + [line.split(" (")[0]]

    def close(self) -> None:
        self.sock.close()


def two_sessions(host: str, port: int, messages: int) -> tuple[RawSession, imaplib.IMAP4]:
    """A logged-in raw watcher and another client that put `messages` messages into INBOX."""
    watcher = RawSession(host, port)
    watcher.command("a1", "LOGIN alice@example.org secret")
    other = imaplib.IMAP4(host, port)
    other.login("alice@example.org", "secret")
    for i in range(messages):
        other.append("INBOX", None, None, f"Subject: m{i}\r\n\r\nbody\r\n".encode())
    return watcher, other


def real_and_fake(oxharness_bin, real_dovecot_factory, play) -> tuple[list[str], list[str]]:
    """`play(host, port)` against real Dovecot 2.3 and against the fake."""
    dovecot = real_dovecot_factory()
    real = play(dovecot.host, dovecot.imap_port)
    with FakeStack(oxharness_bin) as stack:
        fake = play(*stack.endpoint("dovecot", "imap"))
    return real, fake


def transcript(host: str, port: int) -> list[str]:
    watcher, other = two_sessions(host, port, 4)
    watcher.command("a2", "SELECT INBOX")
    other.select("INBOX")
    seen = []
    other.store("1", "+FLAGS", "\\Deleted")
    other.expunge()
    other.store("3", "+FLAGS", "\\Flagged")
    other.store("1", "+FLAGS", "\\Answered")
    seen += watcher.command("a3", "NOOP")
    other.store("2", "+FLAGS", "\\Deleted")
    other.expunge()
    other.store("1", "+FLAGS", "\\Flagged")
    other.append("INBOX", None, None, b"Subject: new\r\n\r\nx\r\n")
    seen += watcher.command("a4", "NOOP")
    other.logout()
    watcher.close()
    return seen


def test_untagged_order_of_another_sessions_changes_equals_real_dovecot(oxharness_bin, real_dovecot_factory):
    real, fake = real_and_fake(oxharness_bin, real_dovecot_factory, transcript)
    assert fake == real
    assert real.index("* 1 EXPUNGE") > real.index("* 4 FETCH (FLAGS (\\Flagged \\Recent))")


def search_transcript(host: str, port: int) -> list[str]:
    """SEARCH right after another session's flag change, before any sync point."""
    watcher, other = two_sessions(host, port, 3)
    seen = watcher.command("a2", "SELECT INBOX")[-1:]
    other.select("INBOX")
    other.store("2", "+FLAGS", "\\Flagged")
    seen += watcher.command("a3", "SEARCH FLAGGED")
    seen += watcher.command("a4", "SEARCH FLAGGED")
    other.store("2", "-FLAGS", "\\Flagged")
    seen += watcher.command("a5", "UID SEARCH UNFLAGGED")
    other.logout()
    watcher.close()
    return seen


def test_search_sees_the_sessions_view_before_another_sessions_flag_change(oxharness_bin, real_dovecot_factory):
    # CONFIRMED against Dovecot 2.3.19: SEARCH runs on the session's view, and the other
    # session's flag change is reported after the SEARCH result, in the same response; the next
    # SEARCH finds it.
    real, fake = real_and_fake(oxharness_bin, real_dovecot_factory, search_transcript)
    assert fake == real
    assert real[1:3] == ["* SEARCH", "* 2 FETCH (FLAGS (\\Flagged \\Recent))"], real
