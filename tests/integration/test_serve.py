"""`oxharness serve`: the long-lived fake stack, driven with curl (a client nobody here wrote)."""
from __future__ import annotations

import json
import selectors
import signal
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.oxharness


def read_until(process, marker: str, timeout: float = 20.0) -> str:
    """Reads the process's stdout until a line contains `marker`; bounded by `timeout`."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    seen = ""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not selector.select(remaining):
            raise AssertionError(f"no '{marker}' within {timeout}s; output so far:\n{seen}")
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"serve exited ({process.wait()}) before '{marker}':\n{seen}{process.stderr.read()}")
        seen += line
    return seen


@pytest.fixture
def serve(oxharness_bin, tmp_path):
    ready_file = tmp_path / "ready.json"
    process = subprocess.Popen([str(oxharness_bin), "serve", "--ready-file", str(ready_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        read_until(process, "oxharness serve: ready")
        yield process, json.loads(ready_file.read_text())
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)


def curl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "-sS", "--max-time", "10", *args], capture_output=True, text=True, timeout=20)


def test_serve_prints_endpoints_and_answers_curl(serve):
    process, ready = serve
    assert ready["users"][0]["login"] == "alice@example.org"
    notify = f"http://{ready['notify']['listen']}{ready['notify']['path']}"
    ok = curl("-X", "PUT", "-u", "oxuser:oxpass", "-H", "Content-Type: application/json",
              "--data", '{"user":"3@1","event":"messageNew","folder":"INBOX","imap-uid":9}',
              "-w", "\n%{http_code}", notify)
    assert ok.stdout.splitlines() == ['{"success":true}', "200"], ok.stderr
    denied = curl("-X", "PUT", "-u", "oxuser:nope", "-D", "-", "-o", "/dev/null", "--data", "{}", notify)
    assert denied.stdout.startswith("HTTP/1.1 401")
    assert 'WWW-Authenticate: Basic realm="OX REST", encoding="UTF-8"' in denied.stdout

    journal = json.loads(curl(ready["control"] + "journal?kind=notify.request").stdout)
    calls = [entry["data"] for entry in journal["entries"]]
    assert [call["auth"] for call in calls] == ["ok", "wrong"]
    assert calls[0]["json"]["imap-uid"] == 9

    state = json.loads(curl(ready["control"] + "state").stdout)
    assert state["notify"]["listen"] == ready["notify"]["listen"]
    assert curl("-X", "POST", ready["control"] + "reset", "-w", "%{http_code}", "-o", "/dev/null").stdout == "200"
    assert json.loads(curl(ready["control"] + "journal?kind=notify.request").stdout)["entries"] == []

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def test_serve_journal_long_poll_returns_when_a_call_arrives(serve):
    _, ready = serve
    notify = f"http://{ready['notify']['listen']}{ready['notify']['path']}"
    poll = subprocess.Popen(["curl", "-sS", "--max-time", "20", ready["control"] + "journal?after=0&wait=15000"],
                            stdout=subprocess.PIPE, text=True)
    curl("-X", "PUT", "-u", "oxuser:oxpass", "--data", '{"user":"3@1"}', notify)
    out, _ = poll.communicate(timeout=20)
    assert json.loads(out)["entries"], "the long poll returned the new entry"


def test_serve_rejects_a_bad_configuration_with_its_position(oxharness_bin, tmp_path):
    config = tmp_path / "serve.yaml"
    config.write_text("users:\n  - {login: a, passwrd: x}\n")
    result = subprocess.run([str(oxharness_bin), "serve", "--config", str(config)], capture_output=True, text=True,
                            timeout=20)
    assert result.returncode == 2
    assert f"[oxh.config.unknown-key] {config}:2:16: unknown key 'passwrd' in a user (did you mean 'password'?)" \
        in result.stderr


def test_serve_refuses_a_control_plane_off_loopback(oxharness_bin):
    result = subprocess.run([str(oxharness_bin), "serve", "--control-listen", "0.0.0.0:0"], capture_output=True,
                            text=True, timeout=20)
    assert result.returncode == 2
    assert "[oxh.control.not-loopback]" in result.stderr


def test_serve_reset_ends_the_facade_sessions(oxh_stack_factory, tmp_path):
    """POST reset is a clean slate for the facade too: an App Suite session valid before it answers
    SES-0203 after it (App Suite's envelope, HTTP 200), and a mobile facade session gets error 4."""
    ready = oxh_stack_factory({"facade": {"mobile": {}}}).ready
    ajax = ready["facade"]["url"] + "/ajax"
    jar = tmp_path / "cookies.txt"
    login = curl("-c", str(jar), "--data", "name=alice@example.org&password=secret",
                 ajax + "/login?action=login")
    session = json.loads(login.stdout)["session"]
    root = ["-b", str(jar), f"{ajax}/folders?action=root&session={session}&columns=1,300"]
    assert "error" not in json.loads(curl(*root).stdout)
    agent = "OpenXchange.Android.Mail/2.0.0 (OS: 13; device: Google/Pixel7)"
    mobile = ready["facade"]["mobile"]["url"]
    mobile_jar = tmp_path / "mobile.txt"
    mobile_login = curl("-c", str(mobile_jar), "-H", f"User-Agent: {agent}", "-H", "X-Tracking-ID: t1",
                        "--data", "username=alice@example.org&password=secret", mobile + "/api/v1/login")
    assert json.loads(mobile_login.stdout) == {"contextId": 1, "userId": 3}
    folders = ["-b", str(mobile_jar), "-H", f"User-Agent: {agent}", "-H", "X-Tracking-ID: t2",
               "-H", "X-Context-ID: 1", "-H", "X-User-ID: 3", "-w", "\n%{http_code}", mobile + "/api/v1/folders"]
    assert curl(*folders).stdout.splitlines()[-1] == "200"

    assert curl("-X", "POST", ready["control"] + "reset", "-w", "%{http_code}", "-o", "/dev/null").stdout == "200"

    after = json.loads(curl(*root).stdout)
    assert after["code"] == "SES-0203", after
    body, status = curl(*folders).stdout.rsplit("\n", 1)
    assert status == "401" and json.loads(body)["error"] == "4", body


def wait_listing(control: str, node: int, wanted: str, timeout: float = 10.0) -> str:
    """Polls the node's listpushusers until it is `wanted`, waiting on the journal's long poll
    (a new pns.listener entry) between looks; returns the last listing."""
    deadline = time.monotonic() + timeout
    after = 0
    while True:
        listing = curl(f"{control}facade_listeners?node={node}").stdout
        if listing == wanted or time.monotonic() >= deadline:
            return listing
        answer = json.loads(curl(f"{control}journal?after={after}&wait=1000&kind=pns.listener").stdout)
        if answer["entries"]:
            after = answer["entries"][-1]["seq"]


def test_serve_facade_nodes_spread_list_and_hand_over_listeners(oxh_stack_factory, tmp_path):
    """facade.nodes: two middleware nodes share /ajax/pns; each node's listpushusers (control
    facade_listeners) shows its own listener; stopping node 1 hands alice's over to node 2, which
    registers it at the fake Dovecot again (read back with imaplib); reset forgets them."""
    import imaplib

    ready = oxh_stack_factory({"facade": {"nodes": 2}}).ready
    ajax, control = ready["facade"]["url"] + "/ajax", ready["control"]
    for login, token in (("alice@example.org", "fcm-alice"), ("bob@example.org", "fcm-bob")):
        jar = tmp_path / f"{token}.txt"
        session = json.loads(curl("-c", str(jar), "--data", f"name={login}&password=secret",
                                  ajax + "/login?action=login").stdout)["session"]
        subscribed = curl("-b", str(jar), "-X", "PUT", "-H", "Content-Type: application/json", "--data",
                          json.dumps({"client": "open-xchange-mobile-api-facade", "token": token,
                                      "transport": "gcm", "topics": ["ox:mail:new"]}),
                          f"{ajax}/pns?action=subscribe&session={session}")
        assert json.loads(subscribed.stdout)["data"] == {"success": True}, subscribed.stdout
    alice, bob = "user=3, context=1, permanent=true\n", "user=4, context=1, permanent=true\n"
    assert wait_listing(control, 1, alice) == alice
    assert wait_listing(control, 2, bob) == bob

    stop = curl("-X", "POST", "--data", '{"node": 1}', "-w", "\n%{http_code}", control + "facade_node_stop")
    assert stop.stdout.endswith("\n200"), stop.stdout
    assert wait_listing(control, 2, alice + bob) == alice + bob
    assert curl(f"{control}facade_listeners?node=1").stdout == ""
    again = curl("-X", "POST", "--data", '{"node": 1}', "-w", "\n%{http_code}", control + "facade_node_stop")
    assert again.stdout.endswith("\n409"), again.stdout
    bad = curl("-w", "\n%{http_code}", f"{control}facade_listeners?node=3")
    assert bad.stdout.endswith("\n400"), bad.stdout
    host, port = ready["dovecot"]["imap"].rsplit(":", 1)
    imap = imaplib.IMAP4(host, int(port))
    imap.login("alice@example.org", "secret")
    typ, data = imap.xatom("GETMETADATA", '""', "(/private/vendor/vendor.dovecot/http-notify)")
    assert typ == "OK", data
    _, untagged = imap._untagged_response(typ, data, "METADATA")
    imap.logout()
    assert [item[1] for item in untagged if isinstance(item, tuple)] == [b"user=3@1"], untagged
    state = json.loads(curl(control + "facade_pns").stdout)
    assert [node["running"] for node in state["nodes"]] == [False, True]

    assert curl("-X", "POST", control + "reset", "-w", "%{http_code}", "-o", "/dev/null").stdout == "200"
    assert curl(f"{control}facade_listeners?node=2").stdout == ""
    assert json.loads(curl(control + "facade_pns").stdout)["subscriptions"] == []


def test_serve_facade_node_crash_hands_over_without_unregistering(oxh_stack_factory, tmp_path):
    ready = oxh_stack_factory({"facade": {"nodes": 2}}).ready
    ajax, control = ready["facade"]["url"] + "/ajax", ready["control"]
    jar = tmp_path / "cookies.txt"
    session = json.loads(curl("-c", str(jar), "--data", "name=alice@example.org&password=secret",
                              ajax + "/login?action=login").stdout)["session"]
    curl("-b", str(jar), "-X", "PUT", "-H", "Content-Type: application/json", "--data",
         json.dumps({"token": "fcm-alice", "transport": "gcm", "topics": ["ox:mail:new"]}),
         f"{ajax}/pns?action=subscribe&session={session}")
    alice = "user=3, context=1, permanent=true\n"
    assert wait_listing(control, 1, alice) == alice
    crash = curl("-X", "POST", "--data", '{"node": 1, "crash": true}', control + "facade_node_stop")
    assert json.loads(crash.stdout) == {"node": 1, "running": False}, crash.stdout
    assert wait_listing(control, 2, alice) == alice
    entries = json.loads(curl(f"{control}journal?after=0&kind=pns.listener").stdout)["entries"]
    summaries = [entry["summary"] for entry in entries]
    assert "drop user=3@1 on node 1 (node crashed)" in summaries, summaries
    assert not any(summary.startswith("unregister") for summary in summaries), summaries


def test_serve_facade_tls_misbehaviour_implies_https_and_is_journaled(oxh_stack_factory):
    stack = oxh_stack_factory({"facade": {"tls_certificate": "expired"}})
    assert stack.ready["facade"]["url"].startswith("https://"), stack.ready["facade"]
    [entry] = stack.control.journal(kind="tls.insecure")
    assert entry["data"]["findings"][0]["id"] == "oxh.tls.insecure"
    assert "HTTPS TLS certificate expired" in entry["summary"]
