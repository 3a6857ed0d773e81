"""The runner's APNs steps against the embedded fake APNs, with curl --http2 (a client nobody
here wrote) playing the push-sending middleware: the scenario registers devices, arms a
one-shot answer and expects pushes; curl sends into the scenario's fake while it runs."""
from __future__ import annotations

import json
import socket
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from peers.test_apns_node import TOPIC, make_client_cert
from support.ports import free_port

pytestmark = pytest.mark.oxharness
GOOD = "a" * 64
GONE = "b" * 64


def wait_until_listening(port: int, process: subprocess.Popen, deadline: float) -> None:
    """Connect attempts until the scenario's fake listens (each attempt is the wait; bounded)."""
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the scenario's fake APNs never listened"


def curl(port: int, cert: Path, key: Path, token: str, payload: dict) -> int:
    # -k: trusting the fake's CA is covered by tests/peers/test_apns_node.py; here the steps are tested.
    result = subprocess.run(
        ["curl", "-s", "-k", "-o", "/dev/null", "-w", "%{http_code}", "--http2",
         "--resolve", f"api.sandbox.push.apple.com:{port}:127.0.0.1", "--cert", str(cert), "--key", str(key),
         "-H", f"apns-topic: {TOPIC}", "-H", "apns-push-type: alert", "-d", json.dumps(payload),
         f"https://api.sandbox.push.apple.com:{port}/3/device/{token}"],
        capture_output=True, text=True, timeout=30)
    return int(result.stdout or 0)


def test_expect_apns_push_sees_what_a_real_client_sent(oxharness_bin, tmp_path):
    cert, key = make_client_cert(tmp_path)
    port = free_port("127.0.0.1")
    scenario = tmp_path / "apns.yaml"
    scenario.write_text(textwrap.dedent(f"""
        name: middleware pushes reach the fake APNs
        topology:
          apns: {{listen: "127.0.0.1:{port}"}}
        steps:
          - apns.device: {{token: "{GOOD}", topic: {TOPIC}}}
          - apns.device: {{token: "{GONE}", topic: {TOPIC}, unregistered: true}}
          - apns.arm: {{token: "{GOOD}", status: 429, reason: TooManyRequests, count: 1}}
          - expect.apns.push: {{token: "{GOOD}", status: 429, reason: TooManyRequests, within: 30s}}
          - expect.apns.push:
              token: "{GOOD}"
              accepted: true
              payload: {{aps: {{alert: {{title: Hello}}, badge: 1}}}}
              headers: {{apns-topic: {TOPIC}}}
              within: 30s
          - expect.apns.push: {{token: "{GONE}", status: 410, reason: Unregistered, within: 30s}}
          - expect.apns.push: {{never: {{during: 200ms}}}}
    """))
    report = tmp_path / "r.json"
    run = subprocess.Popen([str(oxharness_bin), "run", str(scenario), "--json", str(report)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_listening(port, run, time.monotonic() + 20)
        payload = {"aps": {"alert": {"title": "Hello"}, "badge": 1}}
        assert curl(port, cert, key, GOOD, payload) == 429  # the armed one-shot answer
        assert curl(port, cert, key, GOOD, payload) == 200
        assert curl(port, cert, key, GONE, payload) == 410
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, out + err
    transcript = json.loads(report.read_text())["scenarios"][0]["transcript"]
    assert f"apns a1 push {GOOD} -> 200" in transcript or f"push {GOOD} -> 200" in transcript


def test_a_push_the_scenario_did_not_expect_fails_it(oxharness_bin, tmp_path):
    cert, key = make_client_cert(tmp_path)
    port = free_port("127.0.0.1")
    scenario = tmp_path / "apns.yaml"
    scenario.write_text(textwrap.dedent(f"""
        name: wrong payload expected
        topology:
          apns: {{listen: "127.0.0.1:{port}"}}
        steps:
          - apns.device: {{token: "{GOOD}", topic: {TOPIC}}}
          - expect.apns.push: {{token: "{GOOD}", payload: {{aps: {{badge: 2}}}}, within: 3s}}
    """))
    report = tmp_path / "r.json"
    run = subprocess.Popen([str(oxharness_bin), "run", str(scenario), "--json", str(report)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_listening(port, run, time.monotonic() + 20)
        assert curl(port, cert, key, GOOD, {"aps": {"badge": 1}}) == 200
        run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 1
    message = json.loads(report.read_text())["scenarios"][0]["message"]
    assert "payload differs at 'aps.badge': got 1" in message
