"""The fault proxy from outside: `oxharness proxy` and its control plane with Python's socket and
urllib as the peers, and the seeded schedule of `fault.arm` in a scenario (same --seed, same
faults applied, chunk for chunk)."""
from __future__ import annotations

import json
import socket
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support.fault_proxy import FaultProxy

pytestmark = [pytest.mark.oxharness]


class Upstream:
    """A loopback server that greets with 100 bytes, then echoes."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    @staticmethod
    def serve(conn):
        with conn:
            try:
                conn.sendall(b"G" * 98 + b"\r\n")
                while data := conn.recv(4096):
                    conn.sendall(data)
            except OSError:
                pass

    def close(self):
        self.server.close()


def read_all(sock: socket.socket) -> bytes:
    out = b""
    while chunk := sock.recv(4096):
        out += chunk
    return out


@pytest.fixture
def upstream():
    server = Upstream()
    yield server
    server.close()


def test_control_plane_arms_faults_and_takes_the_link_offline(oxharness_bin, upstream):
    with FaultProxy(oxharness_bin, ("127.0.0.1", upstream.port), name="link", seed=3) as proxy:
        with pytest.raises(urllib.error.HTTPError) as bad:
            proxy.arm(fault="latncy")
        assert bad.value.code == 400
        assert json.loads(bad.value.read())["error"] == "unknown fault 'latncy' (did you mean 'latency'?)"

        armed = proxy.arm(fault="data_limit", after_bytes=10, direction="server_to_client")
        assert armed["id"] == 1
        with socket.create_connection(proxy.address, timeout=10) as client:
            assert read_all(client) == b"G" * 10
        applied = proxy.control.wait_for(kind="fault.applied", component="fault", match={"fault": "data_limit"})
        assert applied["data"]["detail"] == "closed after 10B"
        assert proxy.clear() == {"cleared": 1}

        state = proxy.offline()
        assert state["offline"] is True and state["listening"] is False
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(proxy.address, timeout=10)
        proxy.online()
        with socket.create_connection(proxy.address, timeout=10) as client:
            client.settimeout(10)
            greeting = b""
            while not greeting.endswith(b"\r\n"):
                greeting += client.recv(4096)
            assert greeting == b"G" * 98 + b"\r\n"


SCENARIO = """
name: seeded faults
topology:
  proxies:
    link: {to: "127.0.0.1:%d"}
steps:
  - fault.arm: {target: link, fault: latency, latency: 5ms, jitter: 4ms}
  - fault.arm: {target: link, fault: slice, chunk_min: 1, chunk_max: 9}
  - http.request: {method: GET, url: "http://${topology.proxies.link}/", expect: {status: 200}}
"""


def faults_applied(oxharness_bin: Path, scenario: Path, seed: int, out: Path) -> list[str]:
    result = subprocess.run([str(oxharness_bin), "run", str(scenario), "--seed", str(seed), "--json", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    transcript = json.loads(out.read_text())["scenarios"][0]["transcript"]
    # The request is one write of the runner's, so one chunk: its schedule depends on the seed
    # only. (Server-to-client chunking follows the peer's writes and the kernel's timing.)
    lines = [line.split(" fault ", 1)[1] for line in transcript.splitlines()
             if " fault " in line and "fault.applied" in line and "client_to_server" in line]
    assert lines, transcript
    return lines


def test_same_seed_same_fault_schedule(oxharness_bin, tmp_path):
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"x" * 300
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        scenario = tmp_path / "seeded.yaml"
        scenario.write_text(SCENARIO % server.server_address[1])
        first = faults_applied(oxharness_bin, scenario, 11, tmp_path / "a.json")
        again = faults_applied(oxharness_bin, scenario, 11, tmp_path / "b.json")
        other = faults_applied(oxharness_bin, scenario, 12, tmp_path / "c.json")
    finally:
        server.shutdown()
    assert first == again
    assert first != other


def test_shipped_fault_scenarios_pass(oxharness_bin):
    scenarios = Path(__file__).resolve().parent.parent.parent / "scenarios" / "faults"
    result = subprocess.run([str(oxharness_bin), "run", str(scenarios), "--seed", "5"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout or "passed, 0 failed" in result.stdout, result.stdout
