"""`oxharness serve` with `apns:` and `fcm:` sections (mock_apns_fcm/push_fakes.hpp): the push fakes
start with the stack, appear in the ready file and the control plane, and a bad section is a
clear usage error. Driven with curl, a client nobody here wrote."""
from __future__ import annotations

import json
import signal
import subprocess
import urllib.request

import pytest

from integration.test_serve import curl, read_until

pytestmark = pytest.mark.oxharness

TOKEN = "ab" * 32


def test_serve_starts_the_push_fakes(oxharness_bin, tmp_path):
    config = tmp_path / "serve.yaml"
    config.write_text(
        "apns:\n"
        "  listen: 127.0.0.1:0\n"
        "  accept_unknown_tokens: true\n"
        "  legacy: {}\n"
        "  rate_limit: {max: 1, window_ms: 60000}\n"
        "fcm:\n"
        "  listen: 127.0.0.1:0\n"
        "  access_tokens: [fixed]\n"
        "  devices: [{token: t1, sender: demo}]\n")
    ready_file = tmp_path / "ready.json"
    process = subprocess.Popen([str(oxharness_bin), "serve", "--config", str(config), "--ready-file",
                                str(ready_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        read_until(process, "oxharness serve: ready")
        ready = json.loads(ready_file.read_text())
        ca = tmp_path / "ca.pem"
        ca.write_text(ready["ca_pem"])
        apns_port = int(ready["apns"]["listen"].rsplit(":", 1)[1])
        assert ready["apns"]["legacy_gateway"].startswith("127.0.0.1:")
        assert ready["fcm"]["url"].startswith("https://127.0.0.1:")
        fcm_port = int(ready["fcm"]["listen"].rsplit(":", 1)[1])

        host = "api.push.apple.com"
        apns = ["--http2", "--cacert", str(ca), "--resolve", f"{host}:{apns_port}:127.0.0.1",
                "-H", "apns-topic: com.example.mail", "-H", "authorization: bearer x.y.z", "-d", "{}",
                "-o", "/dev/null", "-w", "%{http_code} %{http_version}", f"https://{host}:{apns_port}/3/device/{TOKEN}"]
        # No key registered: the JWT cannot verify (403); the certificate-less request still
        # shows the fake answered over HTTP/2 under Apple's name.
        assert curl(*apns).stdout == "403 2"

        google = "fcm.googleapis.com"
        fcm = ["--http2", "--cacert", str(ca), "--resolve", f"{google}:{fcm_port}:127.0.0.1",
               "-H", "Authorization: Bearer fixed", "-d", '{"message":{"token":"t1"}}',
               "-w", "\n%{http_code} %{http_version}", f"https://{google}:{fcm_port}/v1/projects/demo/messages:send"]
        first = curl(*fcm).stdout.splitlines()
        assert first[-1] == "200 2" and json.loads(first[0])["name"].startswith("projects/demo/messages/")

        control = ready["control"]
        with urllib.request.urlopen(control + "fcm_pushes", timeout=10) as response:
            pushes = json.load(response)["pushes"]
        assert [p["token"] for p in pushes] == ["t1"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        banner = process.stdout.read()  # the lines after "ready", partly in the reader's buffer
    assert process.returncode == 0
    assert "fake APNs (HTTP/2)" in banner and "fake FCM" in banner, banner


def test_serve_rejects_a_bad_push_section(oxharness_bin, tmp_path):
    config = tmp_path / "serve.yaml"
    config.write_text("apns:\n  listen: nowhere\n")
    proc = subprocess.run([str(oxharness_bin), "serve", "--config", str(config)], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 2
    assert "[oxh.config.push]" in proc.stderr and "apns.listen" in proc.stderr, proc.stderr
    config.write_text("fcm: [1, 2]\n")
    proc = subprocess.run([str(oxharness_bin), "serve", "--config", str(config)], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 2 and "fcm must be a mapping" in proc.stderr, proc.stderr
