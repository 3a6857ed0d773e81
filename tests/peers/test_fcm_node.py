"""The fake FCM legacy endpoint (mock_apns_fcm/fcm, via oxh_fake_push) driven by node-gcm 1.1.4,
a real client nobody here wrote (push.md §7): success, NotRegistered, canonical ids, 401, and
what node-gcm does with Unavailable results and 5xx answers.
"""
from __future__ import annotations

import json
import subprocess
import urllib.request
from pathlib import Path

from peers.test_apns_node import RUN_TIMEOUT_S, FakePush, node_env

KEY = "AAAA-server-key"
SENDER = "1234567890"

NODE_GCM_SCRIPT = r"""
const gcm = require('node-gcm');
const cfg = JSON.parse(process.argv[2]);
const sender = new gcm.Sender(cfg.key, { uri: cfg.uri });
const message = new gcm.Message({ priority: 'high', collapseKey: 'mail', timeToLive: 3600,
                                  data: { folder: 'default0/INBOX', id: '2345', unread: '5' } });
const recipient = cfg.asArray ? cfg.tokens : { registrationTokens: cfg.tokens };
sender.send(message, recipient, { retries: cfg.retries ?? 0, backoff: 1 },
  (err, response) => { console.log(JSON.stringify({ err: err ?? null, response: response ?? null })); });
"""


def world() -> dict:
    return {"fcm": {"server_keys": [{"key": KEY, "sender": SENDER}],
                    "devices": [{"token": "tok-good", "sender": SENDER},
                                {"token": "tok-gone", "sender": SENDER, "registered": False},
                                {"token": "tok-old", "sender": SENDER, "canonical_id": "tok-new"},
                                {"token": "tok-foreign", "sender": "999"}]}}


def run_node_gcm(directory: Path, fake: FakePush, tokens: list[str], key: str = KEY, retries: int = 0,
                 path: str = "/fcm/send", as_array: bool = False) -> dict:
    script = directory / "send_gcm.js"
    script.write_text(NODE_GCM_SCRIPT)
    config = {"key": key, "uri": f"http://127.0.0.1:{fake.fcm_port}{path}", "tokens": tokens, "retries": retries,
              "asArray": as_array}
    proc = subprocess.run(["node", str(script), json.dumps(config)], env=node_env(), capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def arm(fake: FakePush, fault: dict) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{fake.info['control_port']}/_oxh/control/fcm_arm_fault",
                                     data=json.dumps(fault).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def test_node_gcm_multicast_results(tmp_path):
    node_env()
    with FakePush(tmp_path, world()) as fake:
        out = run_node_gcm(tmp_path, fake, ["tok-good", "tok-gone", "tok-old", "tok-foreign", "nonsense"])
        records = fake.pushes("fcm")
    assert out["err"] is None
    response = out["response"]
    assert (response["success"], response["failure"], response["canonical_ids"]) == (2, 3, 1)
    results = response["results"]
    assert results[0]["message_id"].startswith("0:")
    assert results[1] == {"error": "NotRegistered"}
    assert results[2]["registration_id"] == "tok-new"
    assert results[3] == {"error": "MismatchSenderId"}
    assert results[4] == {"error": "InvalidRegistration"}
    # multicast_id is above 2^53 as in real captures, so JavaScript rounds it (push.md §4).
    assert response["multicast_id"] > 2 ** 53
    # What node-gcm put on the wire: registration_ids (more than one token), string data.
    sent = records[0]["request"]["json"]
    assert sent["registration_ids"][0] == "tok-good"
    assert sent["data"] == {"folder": "default0/INBOX", "id": "2345", "unread": "5"}
    assert (sent["priority"], sent["collapse_key"], sent["time_to_live"]) == ("high", "mail", 3600)
    assert dict(records[0]["request"]["headers"])["Authorization"] == f"key={KEY}"


def test_node_gcm_single_token_is_sent_as_to(tmp_path):
    # A one-element array goes out as "to" (push.md §7); {registrationTokens: [t]} does not.
    node_env()
    with FakePush(tmp_path, world()) as fake:
        out = run_node_gcm(tmp_path, fake, ["tok-good"], path="/gcm/send", as_array=True)
        records = fake.pushes("fcm")
    assert out["err"] is None and out["response"]["success"] == 1
    assert records[0]["request"]["json"]["to"] == "tok-good"
    assert "registration_ids" not in records[0]["request"]["json"]


def test_node_gcm_bad_key_is_401(tmp_path):
    node_env()
    with FakePush(tmp_path, world()) as fake:
        out = run_node_gcm(tmp_path, fake, ["tok-good"], key="wrong")
        records = fake.pushes("fcm")
    assert out["err"] == 401
    assert records[0]["status"] == 401


def test_node_gcm_retries_unavailable_results_and_5xx(tmp_path):
    node_env()
    with FakePush(tmp_path, world()) as fake:
        arm(fake, {"token": "tok-good", "error": "Unavailable"})
        arm(fake, {"status": 503, "retry_after": 1})
        out = run_node_gcm(tmp_path, fake, ["tok-good", "tok-old"], retries=3)
        records = fake.pushes("fcm")
    assert out["err"] is None
    # Request 1: 503 (whole request). Request 2: tok-good Unavailable, tok-old ok. Request 3:
    # node-gcm resends only tok-good (push.md §7: Unavailable results are resent).
    assert [(r["token"], r["status"], r["reason"]) for r in records] == [
        ("tok-good", 503, "HTTP 503"), ("tok-good", 200, "Unavailable"), ("tok-old", 200, ""), ("tok-good", 200, "")]
    assert out["response"]["success"] == 2


def test_node_gcm_sees_device_message_rate_exceeded(tmp_path):
    """Per-token rate limit (rate_limiter.hpp): the third push to one token within the window is
    refused with the legacy per-result error DeviceMessageRateExceeded (push.md §4); other
    tokens in the same request are unaffected; a limit set over the control plane applies."""
    node_env()
    config = world()
    config["fcm"]["rate_limit"] = {"max": 2, "window_ms": 60000}
    with FakePush(tmp_path, config) as fake:
        first = [run_node_gcm(tmp_path, fake, ["tok-good"])["response"] for _ in range(2)]
        third = run_node_gcm(tmp_path, fake, ["tok-good", "tok-old"])["response"]
        request = urllib.request.Request(f"http://127.0.0.1:{fake.info['control_port']}/_oxh/control/fcm_rate_limit",
                                         data=json.dumps({"max": 0}).encode(), method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.load(response) == {"rate_limit": {"max": 0, "window_ms": 1000}}
        after = run_node_gcm(tmp_path, fake, ["tok-good"])["response"]
    assert [r["success"] for r in first] == [1, 1]
    assert third["results"][0] == {"error": "DeviceMessageRateExceeded"}
    assert "message_id" in third["results"][1] and (third["success"], third["failure"]) == (1, 1)
    assert after["success"] == 1
