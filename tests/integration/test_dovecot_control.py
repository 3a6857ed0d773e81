"""The fake Dovecot's control plane (`oxharness serve`): deliveries, flag changes, expunges and
UIDVALIDITY changes made by "another party" over HTTP (urllib), and one-shot IMAP faults, all
observed by Python's imaplib and raw sockets as a client nobody here wrote sees them."""
from __future__ import annotations

import imaplib
import json
import select
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.oxharness

ALICE = ("alice@example.org", "secret")
NOTIFY_ENTRY = "/private/vendor/vendor.dovecot/http-notify"


def control(stack, action: str, body: dict | None = None) -> tuple[int, dict]:
    """POST (with a body) or GET /_oxh/control/<action>; (status, JSON)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(stack.ready["control"] + action, data=data, method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def imap(stack, user=ALICE) -> imaplib.IMAP4:
    host, port = stack.endpoint("dovecot", "imap")
    client = imaplib.IMAP4(host, port, timeout=10)
    client.login(*user)
    return client


class Raw:
    """A raw IMAP connection that reads with deadlines (IDLE, BYE, dropped connections)."""

    def __init__(self, stack, user=ALICE):
        self.sock = socket.create_connection(stack.endpoint("dovecot", "imap"), timeout=10)
        self.buffer = b""
        self.read_until(b"\r\n")
        self.send(f"l LOGIN {user[0]} {user[1]}")
        self.read_until(b"l OK")

    def send(self, line: str) -> None:
        self.sock.sendall(line.encode() + b"\r\n")

    def read_until(self, marker: bytes, timeout: float = 5.0) -> bytes:
        """Everything up to and including the line holding `marker`; AssertionError on timeout/EOF."""
        deadline = time.monotonic() + timeout
        while marker not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
                raise AssertionError(f"no {marker!r} within {timeout}s; got {self.buffer!r}")
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError(f"connection closed before {marker!r}; got {self.buffer!r}")
            self.buffer += chunk
        end = self.buffer.index(b"\r\n", self.buffer.index(marker)) + 2
        out, self.buffer = self.buffer[:end], self.buffer[end:]
        return out

    def read_to_eof(self, timeout: float = 5.0) -> bytes:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
                raise AssertionError(f"connection still open after {timeout}s; got {self.buffer!r}")
            chunk = self.sock.recv(65536)
            if not chunk:
                out, self.buffer = self.buffer, b""
                return out
            self.buffer += chunk


def test_control_changes_reach_an_idling_imap_client(oxh_stack_factory):
    stack = oxh_stack_factory()
    # Register for push as the middleware would, so a delivery into INBOX calls the receiver.
    setter = Raw(stack)
    setter.send(f'm SETMETADATA "" ({NOTIFY_ENTRY} "user=3@1")')
    assert setter.read_until(b"m ").startswith(b"m OK")
    idler = Raw(stack)
    idler.send("s SELECT INBOX")
    assert b"* 0 EXISTS" in idler.read_until(b"s OK")
    idler.send("i IDLE")
    idler.read_until(b"+ idling")

    status, delivered = control(stack, "dovecot_deliver", {"user": ALICE[0], "subject": "from the control plane",
                                                           "from": "Bob <bob@example.org>", "body": "hello"})
    assert status == 200 and delivered["uid"] == 1 and delivered["mailbox"] == "INBOX"
    assert b"* 1 EXISTS" in idler.read_until(b"EXISTS")
    # The delivery went through the LMTP path: the push driver called the http-notify receiver.
    push = stack.control.wait_for(kind="notify.request", within=5)
    assert push["data"]["json"]["imap-uid"] == 1 and push["data"]["json"]["user"] == "3@1"

    status, changed = control(stack, "dovecot_flags", {"user": ALICE[0], "uids": [1], "flags": ["\\Flagged", "$cl_1"]})
    assert (status, changed) == (200, {"changed": [1]})
    assert b"* 1 FETCH (FLAGS (\\Flagged \\Recent $cl_1))" in idler.read_until(b"FETCH")

    status, expunged = control(stack, "dovecot_expunge", {"user": ALICE[0], "uid": 1})
    assert (status, expunged) == (200, {"expunged": [1]})
    assert b"* 1 EXPUNGE" in idler.read_until(b"EXPUNGE")
    idler.send("DONE")
    idler.read_until(b"i OK Idle completed")

    # Each change made through the control plane is journaled.
    kinds = [entry["kind"] for entry in stack.control.journal(component="dovecot.control")]
    assert kinds == ["control.deliver", "control.flags", "control.expunge"]

    status, state = control(stack, "dovecot_state")
    assert status == 200
    assert state["users"][ALICE[0]]["mailboxes"]["INBOX"]["uidNext"] == 2
    assert state["users"][ALICE[0]]["metadata"][NOTIFY_ENTRY] == "user=3@1"


def test_uidvalidity_change_is_seen_as_real_dovecot_shows_it(oxh_stack_factory):
    stack = oxh_stack_factory()
    selected = imap(stack)
    selected.select("INBOX")
    before = int(selected.untagged_responses["UIDVALIDITY"][0])
    status, answer = control(stack, "dovecot_uidvalidity", {"user": ALICE[0], "uidvalidity": 777})
    assert (status, answer) == (200, {"mailbox": "INBOX", "uidvalidity": 777})
    assert before != 777
    # Dovecot 2.3.19 (confirmed live): the next command gets a BYE and no tagged answer.
    with pytest.raises(imaplib.IMAP4.abort, match="IMAP session state is inconsistent, please relogin"):
        selected.noop()
    fresh = imap(stack)
    fresh.select("INBOX")
    assert fresh.untagged_responses["UIDVALIDITY"] == [b"777"]
    # Without a value: the next one from the seeded sequence.
    status, answer = control(stack, "dovecot_uidvalidity", {"user": ALICE[0], "mailbox": "Sent"})
    assert status == 200 and answer["uidvalidity"] not in (0, 777)


def test_control_rejects_bad_input_clearly(oxh_stack_factory):
    stack = oxh_stack_factory()
    assert control(stack, "dovecot_flags", {"user": "nobody@example.org", "uid": 1}) == (
        404, {"error": "[oxh.dovecot.control] no user 'nobody@example.org'"})
    assert control(stack, "dovecot_expunge", {"user": ALICE[0], "mailbox": "Nope", "uid": 1}) == (
        404, {"error": "[oxh.dovecot.control] user 'alice@example.org' has no mailbox 'Nope'"})
    assert control(stack, "dovecot_flags", {"user": ALICE[0], "uids": [0]}) == (
        400, {"error": "[oxh.dovecot.control] a UID is a number from 1 to 4294967295, got 0"})
    assert control(stack, "dovecot_flags", {"user": ALICE[0], "uid": 1, "flags": ["\\Bogus"]})[0] == 400
    assert control(stack, "dovecot_arm_fault", {"action": "explode"}) == (
        400, {"error": "[oxh.dovecot.fault] 'action' is bye, no, delay, drop_idle, truncate_literal or expunge_storm, "
                       "got 'explode'"})


def test_faults_as_imaplib_sees_them(oxh_stack_factory):
    stack = oxh_stack_factory()
    client = imap(stack)
    client.select("INBOX")

    # NO with a response code, once.
    assert control(stack, "dovecot_arm_fault", {"action": "no", "user": ALICE[0], "command": "select",
                                                 "code": "UNAVAILABLE", "text": "Try again later."})[0] == 200
    typ, data = client.select("INBOX")
    assert typ == "NO" and data[0].startswith(b"[UNAVAILABLE] Try again later"), data
    assert client.select("INBOX")[0] == "OK"

    # The next tagged OK held back.
    control(stack, "dovecot_arm_fault", {"action": "delay", "command": "NOOP", "delay_ms": 800})
    started = time.monotonic()
    assert client.noop()[0] == "OK"
    assert time.monotonic() - started >= 0.75
    started = time.monotonic()
    client.noop()
    assert time.monotonic() - started < 0.75, "one-shot"

    # BYE now, to every session of the user.
    other = imap(stack)
    bob = imap(stack, ("bob@example.org", "secret"))
    control(stack, "dovecot_arm_fault", {"action": "bye", "user": ALICE[0], "text": "Maintenance."})
    for session in (client, other):
        with pytest.raises(imaplib.IMAP4.abort, match="Maintenance"):
            session.noop()
    assert bob.noop()[0] == "OK"

    # Every applied fault is journaled.
    faults = [entry["data"]["action"] for entry in stack.control.journal(kind="imap.fault")]
    assert sorted(faults) == ["bye", "bye", "delay", "no"]


def test_bye_to_one_session_only(oxh_stack_factory):
    stack = oxh_stack_factory()
    sessions = [Raw(stack), Raw(stack)]
    control(stack, "dovecot_arm_fault", {"action": "bye", "user": ALICE[0], "sessions": "one", "text": "Only you."})
    results = []
    for raw in sessions:
        raw.send("n NOOP")
        try:
            results.append(raw.read_until(b"n OK", timeout=5))
        except AssertionError:  # closed: what it read is in the buffer
            results.append(raw.buffer)
    byes = [result for result in results if result == b"* BYE Only you.\r\n"]
    assert len(byes) == 1 and sum(b"n OK" in result for result in results) == 1, results


def test_drop_during_idle_closes_without_a_word(oxh_stack_factory):
    stack = oxh_stack_factory()
    # Armed while idling: dropped at once.
    raw = Raw(stack)
    raw.send("s SELECT INBOX")
    raw.read_until(b"s OK")
    raw.send("i IDLE")
    raw.read_until(b"+ idling")
    control(stack, "dovecot_arm_fault", {"action": "drop_idle", "user": ALICE[0]})
    assert raw.read_to_eof() == b"", "no BYE, no tagged answer"
    # Armed before: the next IDLE is dropped right after its continuation.
    control(stack, "dovecot_arm_fault", {"action": "drop_idle"})
    raw = Raw(stack)
    raw.send("s SELECT INBOX")
    raw.read_until(b"s OK")
    raw.send("n NOOP")
    raw.read_until(b"n OK")
    raw.send("i IDLE")
    assert raw.read_to_eof() == b"+ idling\r\n"


def test_truncated_literal_and_expunge_storm_as_imaplib_sees_them(oxh_stack_factory):
    stack = oxh_stack_factory()
    for number in range(6):
        assert control(stack, "dovecot_deliver", {"user": ALICE[0], "subject": f"storm {number}",
                                                  "body": "x" * 200})[0] == 200
    # A literal cut halfway and the connection gone: imaplib aborts the FETCH.
    client = imap(stack)
    client.select("INBOX")
    assert control(stack, "dovecot_arm_fault", {"action": "truncate_literal", "user": ALICE[0],
                                                 "command": "fetch"})[0] == 200
    with pytest.raises(imaplib.IMAP4.abort):
        client.fetch("1", "(BODY.PEEK[])")
    # An EXPUNGE storm: an idling client hears every EXPUNGE at once, highest number first.
    raw = Raw(stack)
    raw.send("s SELECT INBOX")
    raw.read_until(b"s OK")
    raw.send("i IDLE")
    raw.read_until(b"+ idling")
    status, _ = control(stack, "dovecot_arm_fault", {"action": "expunge_storm", "user": ALICE[0], "messages": 4})
    assert status == 200
    burst = raw.read_until(b"* 1 EXPUNGE")
    assert burst.endswith(b"* 4 EXPUNGE\r\n* 3 EXPUNGE\r\n* 2 EXPUNGE\r\n* 1 EXPUNGE\r\n"), burst
    raw.send("DONE")
    raw.read_until(b"i OK")
    assert imap(stack).select("INBOX") == ("OK", [b"2"])
    applied = [entry["data"]["action"] for entry in stack.control.journal(kind="imap.fault")]
    assert sorted(applied) == ["expunge_storm", "truncate_literal"], applied
    assert control(stack, "dovecot_arm_fault", {"action": "expunge_storm"})[0] == 400


def test_passwd_file_and_capability_toggles_in_serve(oxh_stack_factory, tmp_path):
    passwd = tmp_path / "users.passwd"
    passwd.write_text("# real Dovecot reads this too\ncarol@example.org:{PLAIN}carolpw:65534:65534::/nonexistent::\n")
    stack = oxh_stack_factory({"dovecot": {"passwd_file": str(passwd), "capabilities": "-METADATA -IDLE +XAPPLEPUSHSERVICE"}})
    carol = imap(stack, ("carol@example.org", "carolpw"))
    capabilities = carol.capability()[1][0].decode().split()
    assert capabilities[-1] == "XAPPLEPUSHSERVICE"
    assert "METADATA" not in capabilities and "IDLE" not in capabilities and "THREAD=REFS" in capabilities
    raw = Raw(stack, ("carol@example.org", "carolpw"))
    raw.send(f'm GETMETADATA "" {NOTIFY_ENTRY}')
    assert raw.read_until(b"m ").startswith(b"m NO [CANNOT] Generic mailbox attributes not enabled")
    raw.send("s SELECT INBOX")
    raw.read_until(b"s OK")
    raw.send("i IDLE")
    assert raw.read_until(b"i ").startswith(b"i BAD Error in IMAP command IDLE: Unknown command (")


def test_serve_refuses_a_malformed_passwd_file_with_its_line(oxh_bin, tmp_path):
    passwd = tmp_path / "users.passwd"
    passwd.write_text("alice@example.org:{PLAIN}x\nbob@example.org\n")
    config = tmp_path / "serve.yaml"
    config.write_text(f"dovecot: {{passwd_file: {passwd}}}\n")
    result = subprocess.run([str(oxh_bin), "serve", "--config", str(config)], capture_output=True, text=True, timeout=20)
    assert result.returncode == 2
    assert (f"[oxh.dovecot.passwd-file] {passwd}:2: user bob@example.org has no password field" in result.stderr), \
        result.stderr
