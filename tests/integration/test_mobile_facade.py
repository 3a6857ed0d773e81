"""The fake Mobile API Facade (mock_facade/facade, via the test-only oxh_mobile_stack) in front of the
fake App Suite /ajax (over HTTP) and the fake Dovecot, driven with Python's http.client (a client
nobody here wrote) and smtplib.LMTP for deliveries: User-Agent validation (error 5), required
headers (2), session cookie (4), too-old client (900), login answering contextId/userId, mapped
routes returning mail from the fake Dovecot, ETag/If-None-Match 304, the reported server version,
a partner API profile and a malformed one (file:line:col).

The tool: $OXH_MOBILE_STACK, else next to $OXHARNESS_BIN's build, else the newest
build/*/mock_facade/oxh_mobile_stack."""
from __future__ import annotations

import http.client
import json
import os
import signal
import smtplib
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from conftest import skip_or_fail

REPO_ROOT = Path(__file__).resolve().parents[2]
AGENT = "OpenXchange.Android.Mail/1.0+1234 (OS: 7.0; device: Samsung/GT9700)"
ALICE = "alice@example.org"


def stack_binary() -> Path:
    env = os.environ.get("OXH_MOBILE_STACK")
    if env:
        return Path(env)
    oxharness = os.environ.get("OXHARNESS_BIN")
    if oxharness:
        candidate = Path(oxharness).resolve().parents[1] / "mock_facade" / "oxh_mobile_stack"
        if candidate.exists():
            return candidate
    found = sorted(REPO_ROOT.glob("build/*/mock_facade/oxh_mobile_stack"), key=lambda p: p.stat().st_mtime,
                   reverse=True)
    if not found:
        skip_or_fail("oxh_mobile_stack not built (ninja -C build/<dir> oxh_mobile_stack, or set OXH_MOBILE_STACK)")
    return found[0]


class Stack:
    def __init__(self, *args: str):
        self.proc = subprocess.Popen([str(stack_binary()), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"oxh_mobile_stack did not start: {self.proc.stderr.read()}")
        self.ready = json.loads(line)
        url = urllib.parse.urlsplit(self.ready["mobile_url"])
        self.host, self.port = url.hostname, url.port

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=20)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read().decode()
            return response.status, dict(response.getheaders()), data
        finally:
            conn.close()

    def deliver(self, subject: str):
        host, port = self.ready["lmtp"].rsplit(":", 1)
        with smtplib.LMTP(host, int(port)) as lmtp:
            message = (f"From: bob@example.org\r\nTo: {ALICE}\r\nSubject: {subject}\r\n"
                       f"Message-ID: <{subject.replace(' ', '.')}@example.org>\r\n\r\nHello from LMTP\r\n")
            refused = lmtp.sendmail("bob@example.org", [ALICE], message)
            assert refused == {}


@pytest.fixture(scope="module")
def stack():
    s = Stack("--min-client", "1.0.0", "--server-version", "7.10.6-rev5")
    yield s
    s.close()


def error_of(status_headers_body, status: int, code: str):
    status_got, _, body = status_headers_body
    assert status_got == status, body
    answer = json.loads(body)
    assert answer["error"] == code, answer
    assert isinstance(answer.get("error_desc"), str), answer
    return answer


def login(stack: Stack, agent: str = AGENT) -> dict[str, str]:
    status, headers, body = stack.request(
        "POST", "/api/v1/login", {"User-Agent": agent, "X-Tracking-ID": "login-1",
                                  "Content-Type": "application/x-www-form-urlencoded"},
        urllib.parse.urlencode({"username": ALICE, "password": "secret"}))
    assert status == 200, body
    answer = json.loads(body)
    assert answer == {"contextId": 1, "userId": 3}
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    assert cookie.startswith("oxh-facade-session=")
    return {"User-Agent": agent, "X-Tracking-ID": "t-2", "X-Context-ID": str(answer["contextId"]),
            "X-User-ID": str(answer["userId"]), "Cookie": cookie}


def test_user_agent_must_have_the_facade_form(stack):
    error_of(stack.request("GET", "/api/v1/version", {"User-Agent": "Python-urllib/3.11", "X-Tracking-ID": "t"}), 400, "5")
    error_of(stack.request("GET", "/api/v1/version", {"User-Agent": "OpenXchange.Linux.Mail/1.0.0 (OS: 6; device: pc)",
                                                      "X-Tracking-ID": "t"}), 400, "5")
    status, _, body = stack.request("GET", "/api/v1/version", {"User-Agent": AGENT, "X-Tracking-ID": "t"})
    assert status == 200, body
    assert json.loads(body)["serverVersion"] == "7.10.6-rev5"


def test_missing_headers_and_cookie(stack):
    error_of(stack.request("GET", "/api/v1/version", {"User-Agent": AGENT}), 400, "2")
    headers = login(stack)
    for name in ("X-Context-ID", "X-User-ID", "X-Tracking-ID"):
        without = {k: v for k, v in headers.items() if k != name}
        error_of(stack.request("GET", "/api/v1/folders", without), 400, "2")
    error_of(stack.request("GET", "/api/v1/folders", {k: v for k, v in headers.items() if k != "Cookie"}), 401, "4")
    status, _, body = stack.request("GET", "/api/v1/folders", headers)
    assert status == 200, body


def test_bad_credentials_are_error_1(stack):
    error_of(stack.request("POST", "/api/v1/login", {"User-Agent": AGENT, "X-Tracking-ID": "t",
                                                     "Content-Type": "application/json"},
                           json.dumps({"username": ALICE, "password": "nope"})), 401, "1")


def test_too_old_client_gets_900():
    s = Stack("--min-client", "1.5.0")
    try:
        error_of(s.request("GET", "/api/v1/version", {"User-Agent": "OpenXchange.iOS.Mail/1.4.9 (OS: 12; device: iPad)",
                                                      "X-Tracking-ID": "t"}), 400, "900")
        status, _, _ = s.request("GET", "/api/v1/version", {"User-Agent": "OpenXchange.iOS.Mail/1.5.0 (OS: 12; device: iPad)",
                                                            "X-Tracking-ID": "t"})
        assert status == 200
    finally:
        s.close()


def test_mapped_routes_return_mail_from_the_fake_dovecot(stack):
    stack.deliver("Mobile facade hello")
    headers = login(stack)
    status, answer_headers, body = stack.request("GET", "/api/v1/folders/default0%2FINBOX/mails", headers)
    assert status == 200, body
    rows = json.loads(body)
    row = next(r for r in rows if "Mobile facade hello" in json.dumps(r))
    mail_id = row[0]
    # not modified: the same list with its ETag
    etag = answer_headers["ETag"]
    status, _, body = stack.request("GET", "/api/v1/folders/default0%2FINBOX/mails", {**headers, "If-None-Match": etag})
    assert status == 304 and body == ""
    status, _, body = stack.request("GET", f"/api/v1/folders/default0%2FINBOX/mails/{mail_id}", headers)
    assert status == 200, body
    mail = json.loads(body)
    assert mail["subject"] == "Mobile facade hello", mail
    assert "Hello from LMTP" in json.dumps(mail)
    # reading the mail set the Seen flag, so the list changed: the old ETag no longer matches
    status, _, body = stack.request("GET", "/api/v1/folders/default0%2FINBOX/mails", {**headers, "If-None-Match": etag})
    assert status == 200, body
    # a middleware error passes through wrapped with its code
    error_of(stack.request("GET", "/api/v1/folders/default0%2FINBOX/mails/424242", headers), 400, "MSG-0032")


def test_partner_profile_and_malformed_profile(tmp_path):
    profile = tmp_path / "partner.yaml"
    profile.write_text("name: partner\nerror_message_field: message\nroutes:\n"
                       "  - {method: POST, path: /rest/session, kind: login, user_field: login}\n"
                       "  - {method: GET, path: \"/rest/box/{folder*}\", module: mail, action: all,\n"
                       "     params: {folder: \"{folder}\", columns: \"600,607\"}}\n")
    s = Stack("--profile", str(profile))
    try:
        status, headers, body = s.request("POST", "/rest/session", {"User-Agent": AGENT, "X-Tracking-ID": "t",
                                                                    "Content-Type": "application/x-www-form-urlencoded"},
                                          urllib.parse.urlencode({"login": ALICE, "password": "secret"}))
        assert status == 200, body
        cookie = headers["Set-Cookie"].split(";", 1)[0]
        status, _, body = s.request("GET", "/rest/box/default0/INBOX", {"User-Agent": AGENT, "X-Tracking-ID": "t",
                                                                        "X-Context-ID": "1", "X-User-ID": "3",
                                                                        "Cookie": cookie})
        assert status == 200 and json.loads(body) == [], body
        status, _, body = s.request("GET", "/api/v1/version", {"User-Agent": AGENT, "X-Tracking-ID": "t"})
        assert status == 404 and set(json.loads(body)) == {"error", "message"}, body
    finally:
        s.close()
    bad = tmp_path / "bad.yaml"
    bad.write_text("routes:\n  - {method: GET, path: /x, module: mail}\n")
    done = subprocess.run([str(stack_binary()), "--profile", str(bad)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=20)
    assert done.returncode == 2
    assert f"[oxh.facade.profile] {bad}:2:5: a forward route needs 'module' and 'action'" in done.stderr


def test_server_version_below_7_8_4_rev22_is_refused():
    done = subprocess.run([str(stack_binary()), "--server-version", "7.8.4-rev21"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=20)
    assert done.returncode == 2
    assert "below 7.8.4-rev22" in done.stderr


@pytest.mark.oxharness
def test_oxharness_serve_runs_the_mobile_facade(tmp_path, oxharness_bin):
    from integration.test_serve import read_until

    config = tmp_path / "serve.yaml"
    config.write_text("facade:\n  mobile: {listen: \"127.0.0.1:0\", min_client: \"1.2.0\", server_version: 8.19.0}\n")
    ready_file = tmp_path / "ready.json"
    process = subprocess.Popen([str(oxharness_bin), "serve", "--config", str(config), "--ready-file", str(ready_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        read_until(process, "oxharness serve: ready")
        ready = json.loads(ready_file.read_text())
        url = urllib.parse.urlsplit(ready["facade"]["mobile"]["url"])
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("GET", "/api/v1/version", headers={"User-Agent": AGENT.replace("/1.0+1234", "/1.2.0"),
                                                        "X-Tracking-ID": "s1"})
        response = conn.getresponse()
        assert response.status == 200
        assert json.loads(response.read())["serverVersion"] == "8.19.0"
        conn.request("GET", "/api/v1/version", headers={"User-Agent": AGENT, "X-Tracking-ID": "s2"})
        response = conn.getresponse()
        assert response.status == 400 and json.loads(response.read())["error"] == "900"
        conn.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    bad = tmp_path / "bad.yaml"
    bad.write_text("facade:\n  mobile: {listen: \"127.0.0.1:0\", profil: x.yaml}\n")
    done = subprocess.run([str(oxharness_bin), "serve", "--config", str(bad)], capture_output=True, text=True,
                          timeout=20)
    assert done.returncode == 2
    assert f"[oxh.config.unknown-key] {bad}:2:35: unknown key 'profil' in facade.mobile" in done.stderr
