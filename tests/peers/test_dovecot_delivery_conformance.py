"""LMTP delivery and the ox push request: the same client input to the real Debian Dovecot 2.3
and to the fake Dovecot (through `oxharness serve`), answers compared after normalising what
is volatile (session ids, dates, UIDVALIDITY)."""
from __future__ import annotations

import imaplib
import re
import smtplib
import socket

import pytest

from support.fake_stack import FakeStack
from support.notify_sink import NotifySink

pytestmark = [pytest.mark.dovecot, pytest.mark.oxharness]

ENTRY = "/private/vendor/vendor.dovecot/http-notify"
USERS = {"alice@example.org": "secret", "bob@example.org": "secret"}


class Peer:
    """One Dovecot (real or fake) as the tests drive it: IMAP and LMTP addresses."""

    def __init__(self, imap: tuple[str, int], lmtp: tuple[str, int]):
        self.imap, self.lmtp = imap, lmtp

    def register(self, login: str, value: str) -> None:
        imaplib.Commands.setdefault("SETMETADATA", ("AUTH", "SELECTED"))
        client = imaplib.IMAP4(*self.imap)
        client.login(login, USERS[login])
        typ, data = client._simple_command("SETMETADATA", '""', f'({ENTRY} "{value}")')
        assert typ == "OK", data
        client.logout()

    def lmtp_transcript(self, lines: list[str], accepted: int) -> list[str]:
        """Sends each command line, or message data (ending in CRLF.CRLF, answered once per
        accepted recipient), and collects the replies."""
        replies = []
        with socket.create_connection(self.lmtp, timeout=15) as sock:
            reader = sock.makefile("rb")
            replies.append(reader.readline().decode().rstrip("\r\n"))
            for item in lines:
                is_data = item.endswith("\r\n.\r\n")
                sock.sendall(item.encode() + (b"" if is_data else b"\r\n"))
                for _ in range(accepted if is_data else 1):
                    while True:
                        line = reader.readline().decode().rstrip("\r\n")
                        replies.append(line)
                        if len(line) < 4 or line[3] != "-":
                            break
        return replies


def normalise(line: str) -> str:
    line = re.sub(r"^(220|250-)\S+", r"\1HOST", line)  # host name
    return re.sub(r"> [A-Za-z0-9+/]{22}(:[TR]\d+)*", lambda m: "> ID" + "".join(re.findall(r":[TR]\d+", m.group(0))), line)


@pytest.fixture
def peers(real_dovecot_factory, oxharness_bin):
    real_sink, fake_sink = NotifySink().start(), NotifySink().start()
    real = real_dovecot_factory(users=USERS, notify_port=real_sink.port, notify_user="oxuser", notify_password="oxpass")
    fake = FakeStack(oxharness_bin, {
        "users": [{"login": login, "password": password} for login, password in USERS.items()],
        "dovecot": {"push_driver": f"ox:url=http://oxuser:oxpass@127.0.0.1:{fake_sink.port}"
                                   "/preliminary/http-notify/v1/notify user_from_metadata max_retries=1 timeout_msecs=2000"},
    }).start()
    try:
        yield {
            "real": (Peer(("127.0.0.1", real.imap_port), ("127.0.0.1", real.lmtp_port)), real_sink),
            "fake": (Peer(fake.endpoint("dovecot", "imap"), fake.endpoint("dovecot", "lmtp")), fake_sink),
        }
    finally:
        fake.stop()
        real_sink.stop()
        fake_sink.stop()


LMTP_SESSION = [
    "RCPT TO:<alice@example.org>", "DATA", "FOO", "NOOP", "RSET", "VRFY alice", "LHLO", "LHLO client.example",
    "MAIL FROM:bad", "MAIL FROM:<a b@c>", "MAIL FROM:<a@b> SIZE=100", "MAIL FROM:<sender@example.net>",
    "MAIL FROM:<x@y>", "RCPT TO:alice@example.org", "RCPT TO:<>", "RCPT TO:<nobody@example.org>",
    "RCPT TO:<bob@example.org> NOTIFY=NEVER", "RCPT TO:<alice@example.org>", "RCPT TO:<BOB@EXAMPLE.ORG>", "DATA",
]


def test_lmtp_replies_equal_real_dovecot(peers):
    transcripts = {}
    for name, (peer, _sink) in peers.items():
        replies = peer.lmtp_transcript(LMTP_SESSION + ["Subject: hi\r\n\r\n..dot line\r\n.\r\n", "QUIT"], accepted=2)
        transcripts[name] = [normalise(line) for line in replies]
    assert transcripts["fake"] == transcripts["real"]
    assert transcripts["real"][-3:] == ["250 2.0.0 <alice@example.org> ID:R2 Saved",
                                        "250 2.0.0 <BOB@EXAMPLE.ORG> ID:R3 Saved", "221 2.0.0 Bye"]


def deliver(peer: Peer, message: str) -> None:
    with smtplib.LMTP(*peer.lmtp, timeout=15) as lmtp:  # Python's own LMTP client
        lmtp.sendmail("sender@example.net", ["alice@example.org"], message.encode())


MESSAGES = [
    "From: Sender <sender@example.net>\r\nSubject: Baseline notify test\r\n\r\nHi Alice, this is the body text.\r\n",
    "From: =?utf-8?q?J=C3=BCrgen?= <juergen@example.net>\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n"
    "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    "Zeile eins: Gr\u00fc\u00dfe \u2013 \u201cquotes\u201d \\ backslash\r\n\tTabbed line\r\n",
    "Subject: no from\r\n\r\nbody only\r\n",
    "\r\n",
]


def test_push_request_equals_real_dovecots(peers):
    requests = {}
    for name, (peer, sink) in peers.items():
        peer.register("alice@example.org", "user=3@1")
        for message in MESSAGES:
            deliver(peer, message)
        requests[name] = sink.wait_for(len(MESSAGES), 15)
    assert len(requests["fake"]) == len(requests["real"]) == len(MESSAGES)
    for real, fake in zip(requests["real"], requests["fake"]):
        assert (fake.method, fake.path) == (real.method, real.path) == ("PUT", "/preliminary/http-notify/v1/notify")
        assert fake.header_names() == real.header_names()
        for name, value in real.headers:
            if name not in ("Date", "Host"):
                assert fake.header(name) == value, name
        real_body = re.sub(rb'"imap-uidvalidity":\d+', b'"imap-uidvalidity":V', real.body)
        fake_body = re.sub(rb'"imap-uidvalidity":\d+', b'"imap-uidvalidity":V', fake.body)
        assert fake_body == real_body


def test_no_push_without_registration_or_outside_inbox(peers):
    for name, (peer, sink) in peers.items():
        deliver(peer, "Subject: unregistered\r\n\r\nx\r\n")
        peer.register("alice@example.org", "user=3@1")
        with smtplib.LMTP(*peer.lmtp, timeout=15) as lmtp:
            lmtp.sendmail("sender@example.net", ["alice+Sent@example.org"], b"Subject: to Sent\r\n\r\nx\r\n")
        deliver(peer, "Subject: counted\r\n\r\nx\r\n")
        got = sink.wait_for(1, 10)
        assert [r.json()["subject"] for r in got] == ["counted"], name
        assert got[0].json()["imap-uid"] == 2, name  # the first INBOX delivery was uid 1
