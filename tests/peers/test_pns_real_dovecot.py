"""The fake middleware's PNS (mock_facade/pns, via oxh_pns_stack) with real Debian Dovecot 2.3 as
the backend: login and PNS subscribe through the fake App Suite's /ajax over HTTP (Python's
http.client, session and secret cookie) register the permanent listener at real Dovecot
(GETMETADATA check, SETMETADATA, seen with Python's imaplib), an LMTP delivery (smtplib.LMTP) makes real Dovecot's ox
driver call the http-notify receiver, and the push lands at the fake APNs (iOS) and fake FCM
(Android) with the right payload and badge, in both middleware eras. The last unsubscribe sets NIL.

The tool: $OXH_PNS_STACK, else the newest build/*/mock_facade/oxh_pns_stack.
"""
from __future__ import annotations

import http.client
import imaplib
import json
import urllib.parse
import os
import smtplib
import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest

from conftest import skip_or_fail
from support.real_dovecot import HTTP_NOTIFY_ENTRY, RealDovecot

pytestmark = pytest.mark.dovecot

REPO_ROOT = Path(__file__).resolve().parents[2]
ALICE = "alice@example.org"
PASSWORD = "secret"
IOS_TOKEN = "ab" * 32
ANDROID_TOKEN = "fcm-registration-alice"
NET_TIMEOUT_S = 10.0


def stack_binary() -> Path:
    env = os.environ.get("OXH_PNS_STACK")
    if env:
        return Path(env)
    found = sorted(REPO_ROOT.glob("build/*/mock_facade/oxh_pns_stack"), key=lambda p: p.stat().st_mtime,
                   reverse=True)
    if not found:
        skip_or_fail("oxh_pns_stack not built (ninja -C build/<dir> oxh_pns_stack, or set OXH_PNS_STACK)")
    return found[0]


class PnsStack:
    """oxh_pns_stack as a context manager speaking its JSON-lines protocol."""

    def __init__(self, *args: str):
        self.args = [str(stack_binary()), *args]

    def __enter__(self) -> "PnsStack":
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"oxh_pns_stack did not start: {self.proc.stderr.read()}")
        self.ready = json.loads(line)
        return self

    def __exit__(self, *exc) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=NET_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def call(self, **command) -> dict:
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"oxh_pns_stack ended: {self.proc.stderr.read()}"
        return json.loads(line)

    def wait(self, kind: str, count: int = 1, timeout_ms: int = 10000) -> list[dict]:
        answer = self.call(cmd="wait", kind=kind, count=count, timeout_ms=timeout_ms)
        assert answer["count"] >= count, f"{kind}: {answer}"
        return answer["entries"]


def start_dovecot(factory, stack: PnsStack) -> RealDovecot:
    ready = stack.ready
    dc = factory(notify_port=ready["notify_port"], notify_user=ready["notify_user"],
                 notify_password=ready["notify_password"])
    answer = stack.call(cmd="imap", server=f"{dc.host}:{dc.imap_port}")
    assert answer.get("ok"), answer
    stack.facade = urllib.parse.urlsplit(answer["facade_url"])
    return dc


class AppSuite:
    """A logged-in App Suite HTTP API session (session parameter + secret cookie), as the facade uses it."""

    def __init__(self, url: urllib.parse.SplitResult, name: str, password: str = PASSWORD):
        self.url = url
        status, body, headers = self.request(
            "POST", "/ajax/login?action=login", urllib.parse.urlencode({"name": name, "password": password}),
            "application/x-www-form-urlencoded")
        assert status == 200 and "session" in body, body
        self.session = body["session"]
        self.cookie = next(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie"
                           and v.startswith("open-xchange-secret-"))

    def request(self, method: str, target: str, body: str, content_type: str, cookie: str | None = None):
        conn = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=NET_TIMEOUT_S)
        try:
            headers = {"Content-Type": content_type}
            if cookie:
                headers["Cookie"] = cookie
            conn.request(method, target, body=body.encode(), headers=headers)
            response = conn.getresponse()
            return response.status, json.loads(response.read()), response.getheaders()
        finally:
            conn.close()

    def pns(self, action: str, body: dict) -> dict:
        status, answer, _ = self.request("PUT", f"/ajax/pns?action={action}&session={self.session}",
                                         json.dumps(body), "application/json", self.cookie)
        assert status == 200, answer
        return answer


def http_notify_value(dc: RealDovecot) -> bytes | None:
    """The http-notify server entry as real Dovecot has it (None when unset), read with imaplib."""
    imap = imaplib.IMAP4(dc.host, dc.imap_port, timeout=NET_TIMEOUT_S)
    try:
        imap.login(ALICE, PASSWORD)
        typ, data = imap.xatom("GETMETADATA", '""', f"({HTTP_NOTIFY_ENTRY})")
        assert typ == "OK", data
        typ, untagged = imap._untagged_response(typ, data, "METADATA")
        for item in untagged:
            if isinstance(item, tuple):  # ('"" (/private/... {8}', b'user=3@1')
                return item[1]
        return None  # '"" (/private/vendor/vendor.dovecot/http-notify NIL)'
    finally:
        imap.logout()


def deliver(dc: RealDovecot, subject: str) -> None:
    msg = EmailMessage()
    msg["From"] = "Bob Example <bob@example.org>"
    msg["To"] = ALICE
    msg["Subject"] = subject
    msg.set_content("Hello Alice")
    with smtplib.LMTP(dc.host, dc.lmtp_port, timeout=NET_TIMEOUT_S) as lmtp:
        assert lmtp.sendmail("bob@example.org", [ALICE], msg.as_bytes()) == {}


def subscribe(app: AppSuite, transport: str, token: str) -> None:
    body = {"client": "open-xchange-mobile-api-facade", "token": token, "transport": transport,
            "topics": ["ox:mail:new"]}
    assert app.pns("subscribe", body)["data"] == {"success": True}


@pytest.mark.parametrize("version", ["7.10.6", "7.8.4"])
def test_subscribe_registers_at_real_dovecot_and_delivery_pushes_to_ios_and_android(
        real_dovecot_factory, version):
    with PnsStack("--version", version) as stack:
        dc = start_dovecot(real_dovecot_factory, stack)
        stack.call(cmd="device", transport="apn", token=IOS_TOKEN)
        stack.call(cmd="device", transport="gcm", token=ANDROID_TOKEN)
        assert http_notify_value(dc) is None
        app = AppSuite(stack.facade, ALICE)
        subscribe(app, "apn", IOS_TOKEN)
        [listener] = stack.wait("pns.listener")
        assert listener["ok"], listener
        assert http_notify_value(dc) == b"user=3@1"
        subscribe(app, "gcm", ANDROID_TOKEN)

        deliver(dc, "Lunch?")
        dispatches = stack.wait("pns.dispatch", count=2)
        assert all(d["result"]["delivered"] for d in dispatches), dispatches
        pushes = stack.call(cmd="pushes")
        if version.startswith("7.8"):
            [ios] = pushes["apns_legacy"]
            assert pushes["apns"] == []
            assert ios["request"]["json"] == {"aps": {"alert": "Bob Example\nLunch?", "badge": 1, "sound": "default"},
                                              "folder": "default0/INBOX"}
            assert {d["badge_source"] for d in dispatches} == {"imap"}  # STATUS INBOX (UNSEEN)
        else:
            [ios] = pushes["apns"]
            assert ios["request"]["json"] == {
                "aps": {"alert": {"title": "Lunch?", "body": "Bob Example\nLunch?"}, "badge": 1, "sound": "default",
                        "category": "new-message-category"},
                "cid": "default0/INBOX/1", "namespace": "/"}
            assert {d["badge_source"] for d in dispatches} == {"notify"}  # Dovecot's "unseen"
        assert ios["accepted"], ios
        [android] = pushes["fcm"]
        assert android["accepted"], android
        data = android["request"]["json"]["data"]
        assert data["unread"] == "1" and data["id"] == "1" and data["folder"] == "default0/INBOX"
        assert data["email"] == "bob@example.org" and data["displayname"] == "Bob Example"
        assert data["subject"] == "Lunch?"

        for transport, token in (("apn", IOS_TOKEN), ("gcm", ANDROID_TOKEN)):
            assert app.pns("unsubscribe", {"token": token, "transport": transport})["data"] == {"success": True}
        listeners = stack.wait("pns.listener", count=2)
        assert listeners[-1]["action"] == "unregister" and listeners[-1]["ok"], listeners
        assert http_notify_value(dc) is None


def test_registration_is_skipped_when_real_dovecot_already_has_the_value(real_dovecot_factory):
    with PnsStack("--version", "7.10") as stack:
        dc = start_dovecot(real_dovecot_factory, stack)
        imap = imaplib.IMAP4(dc.host, dc.imap_port, timeout=NET_TIMEOUT_S)
        imap.login(ALICE, PASSWORD)
        typ, data = imap.xatom("SETMETADATA", '""', f'({HTTP_NOTIFY_ENTRY} "user=3@1")')
        assert typ == "OK", data
        imap.logout()
        subscribe(AppSuite(stack.facade, ALICE), "apn", IOS_TOKEN)
        [listener] = stack.wait("pns.listener")
        assert listener["ok"] and listener["skipped"] and listener["previous"] == "user=3@1", listener


def test_pns_errors_come_in_app_suites_envelope(real_dovecot_factory):
    with PnsStack("--version", "7.10") as stack:
        start_dovecot(real_dovecot_factory, stack)
        app = AppSuite(stack.facade, ALICE)
        answer = app.pns("subscribe", {"token": IOS_TOKEN, "transport": "apn", "topics": ["ox::mail"]})
        assert answer["code"] == "PNS-0007" and answer["error"] == "Invalid topic: ox::mail", answer
        answer = app.pns("subscribe", {"transport": "apn", "topics": ["ox:mail:new"]})
        # Since 7.4.2 "error" is the formatted message and error_params stays empty (ox.md 2.1).
        assert answer["code"] == "SVL-0002" and answer["error"].endswith(": token"), answer
        stack.wait("pns.rejected", count=2)
