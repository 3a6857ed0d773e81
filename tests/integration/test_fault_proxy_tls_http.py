"""The fault proxy's TLS and HTTP fault vocabulary from outside, with peers nobody here wrote:
`openssl s_client` (handshake stall, fatal alert, expired / wrong-host / self-signed certificate),
Python's ssl, urllib and http.client (TLS termination, HTTP/1 status, delay, malformed response,
close mid-body) against Python's http.server, and curl and nghttp (HTTP/2 RST_STREAM, GOAWAY,
SETTINGS) against the fake APNs behind a TLS-terminating proxy."""
from __future__ import annotations

import http.client
import http.server
import json
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support.fault_proxy import FaultProxy

pytestmark = [pytest.mark.oxharness]

BODY = bytes(range(48, 58)) * 10  # 100 bytes


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path.startswith("/chunked"):
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (BODY[:30], BODY[30:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address
    server.shutdown()
    server.server_close()


def ca_file(proxy: FaultProxy, tmp_path: Path) -> Path:
    path = tmp_path / "proxy-ca.pem"
    path.write_text(proxy.ready["proxies"][proxy.name]["ca_pem"])
    return path


def s_client(proxy: FaultProxy, ca: Path, timeout: float = 20) -> str:
    host, port = proxy.address
    proc = subprocess.run(["openssl", "s_client", "-connect", f"{host}:{port}", "-servername", "localhost",
                           "-CAfile", str(ca), "-verify_hostname", "localhost", "-verify_return_error"],
                          input="", capture_output=True, text=True, timeout=timeout)
    return proc.stdout + proc.stderr


def test_terminating_proxy_serves_https_and_refuses_tls_faults_without_it(oxharness_bin, web, tmp_path):
    with FaultProxy(oxharness_bin, web, name="plain") as plain:
        with pytest.raises(urllib.error.HTTPError) as refused:
            plain.arm(fault="tls_stall")
        assert refused.value.code == 400
        assert "needs a TLS-terminating proxy" in json.loads(refused.value.read())["error"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            plain.arm(fault="http_status")
        assert "needs a proxy with protocol: http1" in json.loads(refused.value.read())["error"]
    with FaultProxy(oxharness_bin, web, name="edge", extra=["--tls", "terminate", "--protocol", "http1"]) as proxy:
        context = ssl.create_default_context(cafile=str(ca_file(proxy, tmp_path)))
        context.set_alpn_protocols(["http/1.1"])
        host, port = proxy.address
        with urllib.request.urlopen(f"https://localhost:{port}/x", context=context, timeout=10) as response:
            assert response.read() == BODY
        entry = proxy.control.wait_for(kind="proxy.tls", component="fault", match={"side": "client"})
        assert entry["data"]["alpn"] == "http/1.1"
        assert entry["data"]["version"] in ("TLSv1.2", "TLSv1.3")
        # The TLS 1.2 floor: a TLS 1.1 client is turned away.
        old = subprocess.run(["openssl", "s_client", "-connect", f"{host}:{port}", "-tls1_1", "-cipher",
                              "DEFAULT:@SECLEVEL=0"], input="", capture_output=True, text=True, timeout=20)
        assert "alert protocol version" in old.stderr, old.stdout + old.stderr


def test_tls_stall_leaves_the_client_hello_unanswered(oxharness_bin, web, tmp_path):
    with FaultProxy(oxharness_bin, web, extra=["--tls", "terminate"]) as proxy:
        proxy.arm(fault="tls_stall", count=1)
        with pytest.raises(subprocess.TimeoutExpired):
            s_client(proxy, ca_file(proxy, tmp_path), timeout=1.5)
        applied = proxy.control.wait_for(kind="fault.applied", component="fault", match={"fault": "tls_stall"})
        assert applied["data"]["detail"] == "ClientHello never answered"
        # Spent (count 1): the next handshake completes.
        assert "Verify return code: 0 (ok)" in s_client(proxy, ca_file(proxy, tmp_path))


def test_tls_alert_is_a_real_alert_record(oxharness_bin, web, tmp_path):
    with FaultProxy(oxharness_bin, web, extra=["--tls", "terminate"]) as proxy:
        proxy.arm(fault="tls_alert", alert="protocol_version")
        out = s_client(proxy, ca_file(proxy, tmp_path))
        assert "alert protocol version" in out, out
        proxy.clear()
        proxy.arm(fault="tls_alert")  # handshake_failure by default
        context = ssl.create_default_context(cafile=str(ca_file(proxy, tmp_path)))
        with pytest.raises(ssl.SSLError) as refused:
            with socket.create_connection(proxy.address, timeout=10) as raw:
                context.wrap_socket(raw, server_hostname="localhost")
        assert "HANDSHAKE_FAILURE" in str(refused.value).upper(), refused.value


@pytest.mark.parametrize("certificate, verdict", [
    ("expired", "certificate has expired"),
    ("wrong_host", "hostname mismatch"),
    ("self_signed", "self-signed certificate"),
])
def test_tls_certificate_faults_fail_verification(oxharness_bin, web, tmp_path, certificate, verdict):
    with FaultProxy(oxharness_bin, web, extra=["--tls", "terminate"]) as proxy:
        ca = ca_file(proxy, tmp_path)
        assert "Verify return code: 0 (ok)" in s_client(proxy, ca)
        proxy.arm(fault="tls_certificate", certificate=certificate)
        out = s_client(proxy, ca)
        assert verdict in out, out
        insecure = proxy.control.wait_for(kind="tls.insecure", component="fault")
        assert insecure["data"]["findings"][0]["id"] == "oxh.tls.insecure"


def get(address, path: str, timeout: float = 10) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(*address, timeout=timeout)
    connection.request("GET", path)
    return connection.getresponse()


def test_http1_status_delay_malformed_and_close_mid_body(oxharness_bin, web):
    with FaultProxy(oxharness_bin, web, extra=["--protocol", "http1"]) as proxy:
        url = f"http://{proxy.address[0]}:{proxy.address[1]}"
        proxy.arm(fault="http_status", status=503, retry_after="30", body="busy", path="/api", count=1)
        with urllib.request.urlopen(url + "/other", timeout=10) as response:
            assert response.read() == BODY  # the path filter lets it through
        with pytest.raises(urllib.error.HTTPError) as answered:
            urllib.request.urlopen(url + "/api/x", timeout=10)
        assert answered.value.code == 503
        assert answered.value.headers["Retry-After"] == "30"
        assert answered.value.read() == b"busy"
        with urllib.request.urlopen(url + "/api/x", timeout=10) as response:  # spent
            assert response.status == 200

        proxy.arm(fault="http_delay", delay="600ms", count=1)
        started = time.monotonic()
        assert get(proxy.address, "/slow").read() == BODY
        assert time.monotonic() - started >= 0.6
        applied = proxy.control.wait_for(kind="fault.applied", component="fault", match={"fault": "http_delay"})
        assert applied["data"]["detail"] == "response 200 held 600ms"

        proxy.arm(fault="http_malformed", count=1)
        with pytest.raises(http.client.BadStatusLine):
            get(proxy.address, "/")

        proxy.arm(fault="http_close_mid_body", after_bytes=10, count=2)
        with pytest.raises(http.client.IncompleteRead) as cut:
            get(proxy.address, "/").read()
        assert cut.value.partial == BODY[:10]
        with pytest.raises(http.client.IncompleteRead):  # chunked: 10 bytes of the body's framing
            get(proxy.address, "/chunked").read()
        assert get(proxy.address, "/chunked").read() == BODY  # spent


def test_http1_faults_on_the_decrypted_stream(oxharness_bin, web, tmp_path):
    with FaultProxy(oxharness_bin, web, extra=["--tls", "terminate", "--protocol", "http1"]) as proxy:
        proxy.arm(fault="http_status", status=429, retry_after="5")
        context = ssl.create_default_context(cafile=str(ca_file(proxy, tmp_path)))
        with pytest.raises(urllib.error.HTTPError) as answered:
            urllib.request.urlopen(f"https://localhost:{proxy.address[1]}/", context=context, timeout=10)
        assert answered.value.code == 429 and answered.value.headers["Retry-After"] == "5"


TOKEN = "ab" * 32


@pytest.fixture
def fake_apns(oxharness_bin, tmp_path):
    config = tmp_path / "serve.yaml"
    config.write_text("apns:\n  listen: 127.0.0.1:0\n  accept_unknown_tokens: true\n")
    ready_file = tmp_path / "ready.json"
    process = subprocess.Popen([str(oxharness_bin), "serve", "--config", str(config), "--ready-file", str(ready_file)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not ready_file.exists():  # polling with a deadline: the ready file appears once
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "oxharness serve not ready"
        time.sleep(0.02)
    ready = json.loads(ready_file.read_text())
    ca = tmp_path / "apns-ca.pem"
    ca.write_text(ready["ca_pem"])
    host, _, port = ready["apns"]["listen"].rpartition(":")
    yield (host, int(port)), ca
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)


def curl_apns(proxy: FaultProxy, ca: Path) -> subprocess.CompletedProcess:
    port = proxy.address[1]
    return subprocess.run(
        ["curl", "-sS", "-v", "--http2", "--cacert", str(ca), "--resolve", f"api.push.apple.com:{port}:127.0.0.1",
         "-H", "apns-topic: com.example.mail", "-H", "authorization: bearer x.y.z", "-d", "{}", "-o", "/dev/null",
         "-w", "%{http_code} %{http_version}", f"https://api.push.apple.com:{port}/3/device/{TOKEN}"],
        capture_output=True, text=True, timeout=30)


def h2_proxy(oxharness_bin, apns, ca) -> FaultProxy:
    return FaultProxy(oxharness_bin, apns, name="apns", extra=[
        "--tls", "terminate", "--tls-host", "api.push.apple.com", "--upstream-tls", "--upstream-ca", str(ca),
        "--upstream-server-name", "api.push.apple.com", "--protocol", "h2"])


def test_h2_rst_stream_and_goaway_reach_curl(oxharness_bin, fake_apns, tmp_path):
    apns, apns_ca = fake_apns
    with h2_proxy(oxharness_bin, apns, apns_ca) as proxy:
        ca = ca_file(proxy, tmp_path)
        clean = curl_apns(proxy, ca)
        assert clean.stdout == "403 2", clean.stderr  # the fake APNs answered through the proxy over HTTP/2
        upstream = proxy.control.wait_for(kind="proxy.tls", component="fault", match={"side": "upstream"})
        assert upstream["data"]["alpn"] == "h2"

        # (curl retries a REFUSED_STREAM on a new connection by itself, so another code here.)
        proxy.arm(fault="h2_rst_stream", error_code="INTERNAL_ERROR", count=1)
        reset = curl_apns(proxy, ca)
        assert reset.returncode != 0
        assert "stream 1 was not closed cleanly: INTERNAL_ERROR (err 2)" in reset.stderr, reset.stderr
        assert curl_apns(proxy, ca).stdout == "403 2"  # spent

        proxy.arm(fault="h2_goaway", error_code="ENHANCE_YOUR_CALM", delay="100ms")
        gone = curl_apns(proxy, ca)
        assert gone.returncode != 0, gone.stderr
        # curl 7.88 words it "recveived GOAWAY, error=11, last_stream=0" (sic).
        assert "GOAWAY, error=11, last_stream=0" in gone.stderr, gone.stderr
        applied = proxy.control.wait_for(kind="fault.applied", component="fault", match={"fault": "h2_goaway"})
        assert "ENHANCE_YOUR_CALM" in applied["data"]["detail"]


@pytest.mark.skipif(shutil.which("nghttp") is None, reason="nghttp2-client not installed")
def test_h2_settings_reach_nghttp(oxharness_bin, fake_apns, tmp_path):
    apns, apns_ca = fake_apns
    with h2_proxy(oxharness_bin, apns, apns_ca) as proxy:
        ca = ca_file(proxy, tmp_path)
        proxy.arm(fault="h2_settings", max_concurrent_streams=0, initial_window_size=1000, count=1)
        port = proxy.address[1]
        env = {"SSL_CERT_FILE": str(ca), "PATH": "/usr/bin:/bin"}
        out = subprocess.run(["nghttp", "-v", "-H", "apns-topic: com.example.mail", "-d", "/dev/null",
                              f"https://localhost:{port}/3/device/{TOKEN}"],
                             capture_output=True, text=True, timeout=30, env=env)
        assert "[SETTINGS_MAX_CONCURRENT_STREAMS(0x03):0]" in out.stdout, out.stdout + out.stderr
        assert "[SETTINGS_INITIAL_WINDOW_SIZE(0x04):1000]" in out.stdout, out.stdout
        # The client's ACK of those SETTINGS stayed at the proxy: the fake APNs still answered.
        assert ":status: 403" in out.stdout, out.stdout


@pytest.mark.parametrize("flags, message", [
    (["--protocol", "h2"], "[oxh.fault.proxy-options] proxy 'proxy': protocol h2 needs tls: terminate"),
    (["--upstream-tls"], "[oxh.cli.usage] --upstream-tls, --upstream-ca and --tls-host need --tls terminate"),
    (["--tls", "terminate", "--upstream-ca", "/nonexistent/ca.pem"], "--upstream-ca: cannot read /nonexistent/ca.pem"),
])
def test_proxy_rejects_bad_tls_and_protocol_flags(oxharness_bin, flags, message):
    proc = subprocess.run([str(oxharness_bin), "proxy", "--to", "127.0.0.1:9", *flags], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 2
    assert message in proc.stderr, proc.stderr
