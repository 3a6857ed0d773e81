"""Proves the RealDovecot fixture with real peers: Python's imaplib and smtplib.LMTP
against real Debian Dovecot, and Dovecot's push_notification ox driver against
the recording NotifySink."""
from __future__ import annotations

import base64
import imaplib
import smtplib
import socket
import time
from email.message import EmailMessage

import pytest

from support.real_dovecot import HTTP_NOTIFY_ENTRY, NOTIFY_PATH, DovecotStartError, RealDovecot

pytestmark = pytest.mark.dovecot

ALICE = "alice@example.org"
PASSWORD = "secret"
NET_TIMEOUT_S = 10.0


def make_mail(subject: str, to: str = ALICE, body: str = "Hi Alice, this is the body text.") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Sender <sender@example.net>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{subject.replace(' ', '-')}@example.net>"
    msg.set_content(body)
    return msg.as_bytes()


def lmtp_deliver(dc: RealDovecot, rcpt: str, mail: bytes) -> None:
    # One recipient per transaction: smtplib.LMTP reads only one reply after DATA.
    with smtplib.LMTP(dc.host, dc.lmtp_port, timeout=NET_TIMEOUT_S) as lmtp:
        refused = lmtp.sendmail("sender@example.net", [rcpt], mail)
    assert refused == {}


class SourceBoundIMAP4(imaplib.IMAP4):
    """imaplib.IMAP4 that connects from a chosen local address (e.g. 127.0.0.2)."""

    def __init__(self, host, port, source, timeout):
        self._source = source
        super().__init__(host, port, timeout=timeout)

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout,
                                        source_address=(self._source, 0))


def capabilities(imap: imaplib.IMAP4) -> set[str]:
    typ, data = imap.capability()
    assert typ == "OK", data
    return set(data[-1].decode().upper().split())


def test_metadata_registration_then_lmtp_delivery_sends_one_ox_notification(
        real_dovecot_factory, notify_sink):
    dc = real_dovecot_factory(notify_port=notify_sink.port,
                              notify_user="oxuser", notify_password="oxpass")

    with imaplib.IMAP4(dc.host, dc.imap_port, timeout=NET_TIMEOUT_S) as imap:
        assert "METADATA" not in capabilities(imap)  # post-login only
        imap.login(ALICE, PASSWORD)
        assert "METADATA" in capabilities(imap)
        typ, data = imap.xatom("SETMETADATA", '""', f'({HTTP_NOTIFY_ENTRY} "user=3@1")')
        assert typ == "OK", data
        typ, data = imap.xatom("GETMETADATA", '""', HTTP_NOTIFY_ENTRY)
        assert typ == "OK", data
        typ, untagged = imap._untagged_response(typ, data, "METADATA")
        # Dovecot always answers values as literals: imaplib gives (prefix, literal) tuples.
        assert any(isinstance(u, tuple) and u[1] == b"user=3@1" for u in untagged), untagged
        imap.logout()

    assert notify_sink.requests == []
    lmtp_deliver(dc, ALICE, make_mail("Fixture notify test"))

    # Dovecot answers LMTP "250 ... Saved" only after the notification completed,
    # and the sink records before answering; the deadline only guards against bugs.
    [req] = notify_sink.wait_for(1, timeout=NET_TIMEOUT_S)
    assert req.method == "PUT"
    assert req.path == NOTIFY_PATH
    assert req.header("Authorization") == "Basic " + base64.b64encode(b"oxuser:oxpass").decode()
    assert req.basic_auth() == ("oxuser", "oxpass")
    assert req.header("Content-Type") == "application/json; charset=utf-8"
    assert req.header("Host") == f"127.0.0.1:{notify_sink.port}"
    body = req.json()
    assert body["user"] == "3@1"
    assert body["event"] == "messageNew"
    assert body["folder"] == "INBOX"
    assert body["imap-uid"] == 1
    assert body["subject"] == "Fixture notify test"
    assert len(notify_sink.requests) == 1, notify_sink.requests


def test_no_notification_without_metadata_registration(real_dovecot_factory, notify_sink):
    dc = real_dovecot_factory(notify_port=notify_sink.port)
    lmtp_deliver(dc, ALICE, make_mail("Not registered"))
    assert notify_sink.requests == []
    assert "METADATA not set" in dc.log_text()


def test_doveadm_registration_and_driver_without_auth_or_user_from_metadata(
        real_dovecot_factory, notify_sink):
    dc = real_dovecot_factory(notify_port=notify_sink.port, notify_path="/no-auth/notify2",
                              notify_user_from_metadata=False)
    r = dc.doveadm("mailbox", "metadata", "set", "-u", ALICE, "-s", "", HTTP_NOTIFY_ENTRY, "user=3@1")
    assert r.returncode == 0, r.stderr
    lmtp_deliver(dc, ALICE, make_mail("Via doveadm"))
    [req] = notify_sink.wait_for(1, timeout=NET_TIMEOUT_S)
    assert (req.method, req.path) == ("PUT", "/no-auth/notify2")
    assert req.header("Authorization") is None
    assert req.json()["user"] == ALICE  # the Dovecot login, not the METADATA user=


def test_idle_sees_exists_after_lmtp_delivery(real_dovecot_factory):
    dc = real_dovecot_factory()
    with imaplib.IMAP4(dc.host, dc.imap_port, timeout=NET_TIMEOUT_S) as imap:
        imap.login(ALICE, PASSWORD)
        typ, data = imap.select("INBOX")
        assert (typ, data) == ("OK", [b"0"])

        # imaplib (3.11) has no IDLE: speak it on imaplib's own connection.
        tag = imap._new_tag()
        imap.send(tag + b" IDLE\r\n")
        assert imap.readline().rstrip(b"\r\n") == b"+ idling"

        lmtp_deliver(dc, ALICE, make_mail("Arrives during IDLE"))

        deadline = time.monotonic() + NET_TIMEOUT_S
        seen: list[bytes] = []
        while b"* 1 EXISTS" not in seen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no EXISTS within {NET_TIMEOUT_S}s; got {seen}"
            imap.sock.settimeout(remaining)
            line = imap.readline()
            assert line, f"connection closed during IDLE; got {seen}"
            seen.append(line.rstrip(b"\r\n"))

        imap.sock.settimeout(NET_TIMEOUT_S)
        imap.send(b"DONE\r\n")
        for _ in range(10):  # a RECENT may come before the tagged OK
            line = imap.readline()
            if line.startswith(tag + b" "):
                break
        assert line.startswith(tag + b" OK"), line
        imap.logout()


def test_metadata_capability_only_for_127_0_0_1(real_dovecot_factory):
    dc = real_dovecot_factory()
    with SourceBoundIMAP4(dc.host, dc.imap_port, "127.0.0.2", NET_TIMEOUT_S) as imap:
        imap.login(ALICE, PASSWORD)
        assert "METADATA" not in capabilities(imap)
        typ, data = imap.xatom("SETMETADATA", '""', f'({HTTP_NOTIFY_ENTRY} "user=3@1")')
        assert typ == "NO" and b"Generic mailbox attributes not enabled" in data[-1], (typ, data)
        imap.logout()
    with imaplib.IMAP4(dc.host, dc.imap_port, timeout=NET_TIMEOUT_S) as imap:
        imap.login(ALICE, PASSWORD)
        assert "METADATA" in capabilities(imap)
        imap.logout()


def test_instances_run_side_by_side_with_own_users(real_dovecot_factory):
    first = real_dovecot_factory(extra_config="auth_failure_delay = 0\n")  # fast failed login
    second = real_dovecot_factory(users={"dave@example.org": "pw1"})
    assert len({first.imap_port, first.lmtp_port, second.imap_port, second.lmtp_port}) == 4
    assert first.dir != second.dir and first.instance_name != second.instance_name
    with imaplib.IMAP4(second.host, second.imap_port, timeout=NET_TIMEOUT_S) as imap:
        imap.login("dave@example.org", "pw1")
        imap.logout()
    with imaplib.IMAP4(first.host, first.imap_port, timeout=NET_TIMEOUT_S) as imap:
        imap.login("carol@example.org", PASSWORD)
        typ, boxes = imap.list()
        assert typ == "OK"
        listing = b"\n".join(boxes)
        for flag, name in ((b"\\Sent", b"Sent"), (b"\\Drafts", b"Drafts"), (b"\\Trash", b"Trash")):
            assert flag in listing and name in listing, listing
        imap.logout()
    # Last: after a failed login Dovecot's auth penalty delays the next login from
    # the same IP (seen: 4 s), even with auth_failure_delay = 0.
    with imaplib.IMAP4(first.host, first.imap_port, timeout=NET_TIMEOUT_S) as imap:
        with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
            imap.login("dave@example.org", "pw1")


def test_stop_ends_dovecot_and_frees_ports(real_dovecot_factory):
    dc = real_dovecot_factory()
    port, tmp = dc.imap_port, dc.dir
    dc.stop()
    assert not dc.running
    assert not tmp.exists()
    with pytest.raises(OSError):
        socket.create_connection((dc.host, port), timeout=1).close()


def test_start_failure_reports_dovecot_error(real_dovecot_factory):
    with pytest.raises(DovecotStartError, match="exited with status") as info:
        real_dovecot_factory(extra_config="oxh_no_such_setting = 1\n")
    assert "oxh_no_such_setting" in str(info.value)
