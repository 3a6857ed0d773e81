"""The fake legacy binary APNs (mock_apns_fcm/apns_legacy, via oxh_fake_push) driven by a real
client nobody here wrote: npm apn@1.7.8, the last node-apn release that speaks the binary
provider API (command 2 frames, error-response packets, the feedback service; push.md §2).

apn is pointed at 127.0.0.1 through `address: "localhost"` (the fake's leaf names localhost)
and the fake's ports, trusting the fake's CA, with an APNs-style client certificate
(UID = bundle id, sandbox OID; apn refuses certificates without it before connecting).
Packages: tests/peers/node/node_modules (`bash ci/install-deps.sh`, or
`npm install --prefix tests/peers/node`).
"""
from __future__ import annotations

import json
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import skip_or_fail
from peers.test_apns_node import (GONE, GOOD, NODE_MODULES, RUN_TIMEOUT_S, TOPIC, UNREGISTERED_SINCE_MS,
                                  FakePush, make_client_cert, node_env)

OTHER = "dd" * 32          # registered, used for the armed fault
SHORT = "ab" * 16          # 16 bytes: status 5 invalid token size
UNKNOWN = "ee" * 32        # well-formed, never registered: status 8 invalid token
EXPIRY = 1_900_000_000     # epoch seconds, in the future

APN_SCRIPT = r"""
const apn = require('apn');
const cfg = JSON.parse(process.argv[2]);
const credentials = { cert: cfg.cert, key: cfg.key, ca: [cfg.ca] };
const events = [];
const deadline = setTimeout(() => { console.log(JSON.stringify({ timeout: true, events })); process.exit(3); }, 30000);

if (cfg.mode === 'feedback') {
  // interval 0: one request, no timer; batchFeedback: one event with every tuple at close.
  const feedback = new apn.Feedback({ ...credentials, address: cfg.address, port: cfg.port, interval: 0,
                                      batchFeedback: true });
  feedback.on('feedback', (items) => {
    clearTimeout(deadline);
    console.log(JSON.stringify(items.map(i => ({ time: i.time, device: i.device.toString() }))));
  });
  feedback.on('feedbackError', (e) => { console.error(String(e)); process.exit(4); });
} else {
  const connection = new apn.Connection({ ...credentials, gateway: cfg.address, port: cfg.port,
                                          connectionRetryLimit: 3 });
  const tagOf = (n) => (n && n.payload ? n.payload.tag : null);
  let waiting = null;
  const record = (event) => {
    events.push(event);
    if (waiting && event.tag === waiting.tag && event.event === waiting.event) { const w = waiting; waiting = null; w.done(); }
  };
  connection.on('transmitted', (n, d) => record({ event: 'transmitted', tag: tagOf(n), device: d.toString() }));
  connection.on('transmissionError', (code, n, d) =>
    record({ event: 'transmissionError', code, tag: tagOf(n), device: d ? d.toString() : null }));
  connection.on('socketError', (e) => events.push({ event: 'socketError', message: String(e && e.message || e) }));
  connection.on('error', (e) => {
    events.push({ event: 'error', message: String(e && e.message || e) });
    console.log(JSON.stringify({ events }));
    process.exit(5);
  });
  (async () => {
    // One at a time, each awaited: 'transmitted' once written, 'transmissionError' for the ones
    // the fake must refuse, so every notification's fate is known before the next.
    for (const job of cfg.jobs) {
      const note = new apn.Notification();
      note.alert = 'hello ' + job.tag;
      note.badge = 2;
      note.payload = { tag: job.tag };
      if (job.expiry) note.expiry = job.expiry;
      if (job.priority) note.priority = job.priority;
      await new Promise((done) => { waiting = { tag: job.tag, event: job.await, done }; connection.pushNotification(note, job.token); });
    }
    clearTimeout(deadline);
    console.log(JSON.stringify({ events }));
    connection.shutdown();  // apn ends its sockets 2.5 s later, then node exits
  })();
}
"""


def apn_env() -> dict:
    env = node_env()
    if not (NODE_MODULES / "apn" / "package.json").is_file():
        skip_or_fail(f"npm package apn missing in {NODE_MODULES} (run: npm install --prefix tests/peers/node)")
    return env


def run_apn(directory: Path, config: dict):
    script = directory / "apn_legacy.js"
    script.write_text(APN_SCRIPT)
    proc = subprocess.run(["node", str(script), json.dumps(config)], env=apn_env(), capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 0, f"apn failed ({proc.returncode}): {proc.stderr}\n{proc.stdout}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def control(fake: FakePush, action: str, body: dict | None = None, **query) -> dict:
    url = f"http://127.0.0.1:{fake.info['control_port']}/_oxh/control/{action}"
    if query:
        url += "?" + urllib.parse.urlencode(query)
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=RUN_TIMEOUT_S) as response:
        return json.loads(response.read())


def wait_for_legacy_pushes(fake: FakePush, done, within_s: float = 20.0) -> list[dict]:
    """Long-polls the fake's journal (the harness's one way to wait) until `done(records)`."""
    records: list[dict] = []
    after = 0
    deadline = time.monotonic() + within_s
    while not done(records):
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0:
            raise AssertionError(f"fake did not record the expected notifications: {records}")
        answer = control(fake, "journal", component="apns-legacy", kind="push", after=after, wait=remaining_ms)
        after = answer["last"]
        records += [entry["data"] for entry in answer["entries"]]
    return records


def world() -> dict:
    return {"devices": [{"token": GOOD, "topic": TOPIC}, {"token": OTHER, "topic": TOPIC},
                        {"token": GONE, "topic": TOPIC, "unregistered_since_ms": UNREGISTERED_SINCE_MS}]}


@pytest.fixture
def client_cert(tmp_path):
    apn_env()
    return make_client_cert(tmp_path)


def gateway_config(fake: FakePush, cert: tuple[Path, Path], jobs: list[dict]) -> dict:
    return {"mode": "send", "address": "localhost", "port": fake.info["apns_legacy_port"], "ca": str(fake.ca_path),
            "cert": str(cert[0]), "key": str(cert[1]), "jobs": jobs}


def test_apn_sends_frames_the_fake_records(tmp_path, client_cert):
    with FakePush(tmp_path, world()) as fake:
        out = run_apn(tmp_path, gateway_config(fake, client_cert, [
            {"tag": "first", "token": GOOD, "expiry": EXPIRY, "priority": 5, "await": "transmitted"},
            {"tag": "second", "token": GOOD, "await": "transmitted"},
        ]))
        records = wait_for_legacy_pushes(fake, lambda r: len(r) >= 2)
    assert [e["event"] for e in out["events"]] == ["transmitted", "transmitted"]
    first, second = records[:2]
    assert first["service"] == "apns-legacy" and first["accepted"] and second["accepted"]
    assert first["token"] == GOOD and first["auth"] == f"cert uid={TOPIC}"
    # apn@1.7.8 sends command 2 frames; identifiers count from 0 per connection; the expiry
    # item only when set, the priority item only when it is not 10 (connection.js).
    assert first["request"]["command"] == 2
    assert (first["request"]["identifier"], second["request"]["identifier"]) == (0, 1)
    assert first["request"]["expiry"] == EXPIRY and first["request"]["priority"] == 5
    assert second["request"]["expiry"] is None and second["request"]["priority"] is None
    assert first["request"]["token_bytes"] == 32
    assert first["request"]["json"] == {"aps": {"alert": "hello first", "badge": 2}, "tag": "first"}


def test_apn_gets_error_packets_as_transmission_errors_and_resends_on_a_new_connection(tmp_path, client_cert):
    with FakePush(tmp_path, world()) as fake:
        control(fake, "apns_legacy_arm_fault", {"token": OTHER, "status": 7})
        out = run_apn(tmp_path, gateway_config(fake, client_cert, [
            {"tag": "ok", "token": GOOD, "await": "transmitted"},
            {"tag": "short", "token": SHORT, "await": "transmissionError"},
            {"tag": "after-short", "token": GOOD, "await": "transmitted"},
            {"tag": "unknown", "token": UNKNOWN, "await": "transmissionError"},
            {"tag": "faulted", "token": OTHER, "await": "transmissionError"},
            {"tag": "last", "token": OTHER, "await": "transmitted"},
        ]))
        records = wait_for_legacy_pushes(fake, lambda r: any(x["request"]["json"]["tag"] == "last" for x in r
                                                             if "json" in x["request"]))
    errors = [e for e in out["events"] if e["event"] == "transmissionError"]
    # apn found the notification named by each packet's identifier: the right tag and device.
    assert errors == [
        {"event": "transmissionError", "code": 5, "tag": "short", "device": SHORT},
        {"event": "transmissionError", "code": 8, "tag": "unknown", "device": UNKNOWN},
        {"event": "transmissionError", "code": 7, "tag": "faulted", "device": OTHER},
    ]
    by_tag = {r["request"]["json"]["tag"]: r for r in records}
    short = by_tag["short"]
    assert (short["status"], short["reason"]) == (5, "InvalidTokenSize")
    assert short["response"]["error_response"] == {"status": 5, "identifier": short["request"]["identifier"]}
    assert short["request"]["identifier"] == 1  # second frame on its connection
    assert (by_tag["unknown"]["status"], by_tag["unknown"]["reason"]) == (8, "InvalidToken")
    assert by_tag["faulted"]["status"] == 7
    # The connection closed after each error packet: apn reconnected for what came next.
    assert by_tag["after-short"]["connection"] != short["connection"]
    assert by_tag["after-short"]["request"]["identifier"] == 0
    assert by_tag["last"]["accepted"]


def test_apn_feedback_receives_unregistered_tokens_once(tmp_path, client_cert):
    with FakePush(tmp_path, world()) as fake:
        config = {"mode": "feedback", "address": "localhost", "port": fake.info["apns_feedback_port"],
                  "ca": str(fake.ca_path), "cert": str(client_cert[0]), "key": str(client_cert[1])}
        first = run_apn(tmp_path, config)
        again = run_apn(tmp_path, config)
        control(fake, "apns_legacy_unregister", {"token": OTHER, "since_ms": 1_800_000_000_000})
        later = run_apn(tmp_path, config)
    # 38-byte tuples: time in seconds, the 32-byte token; Apple clears the list once read.
    assert first == [{"time": UNREGISTERED_SINCE_MS // 1000, "device": GONE}]
    assert again == []
    assert later == [{"time": 1_800_000_000, "device": OTHER}]


def test_apn_checks_the_certificate_environment_before_connecting(tmp_path):
    """apn@1.7.8, like @parse/node-apn (push.md §1.5), treats any address other than
    gateway.push.apple.com as sandbox and refuses a certificate without the sandbox OID
    before it connects; the fake never sees a connection."""
    apn_env()
    cert = make_client_cert(tmp_path, sandbox=False)
    with FakePush(tmp_path, world()) as fake:
        script = tmp_path / "apn_legacy.js"
        script.write_text(APN_SCRIPT)
        proc = subprocess.run(["node", str(script), json.dumps(gateway_config(
            fake, cert, [{"tag": "x", "token": GOOD, "await": "transmitted"}]))],
            env=apn_env(), capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        opened = control(fake, "journal", component="apns-legacy", kind="connection.open")["entries"]
    assert proc.returncode == 5, proc.stdout + proc.stderr
    events = json.loads(proc.stdout.strip().splitlines()[-1])["events"]
    assert "certificate does not support configured environment" in events[-1]["message"]
    assert opened == []
