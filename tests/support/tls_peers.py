"""Reference TLS peers for cross-checking the prober: nginx from Debian configured well or badly,
and the verdicts of `openssl s_client` and `testssl.sh` (Debian's testssl.sh, binary `testssl`)
for each protocol version."""
from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from support.ports import free_port

VERSIONS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
_S_CLIENT_FLAG = {"TLSv1": "-tls1", "TLSv1.1": "-tls1_1", "TLSv1.2": "-tls1_2", "TLSv1.3": "-tls1_3"}
_TESTSSL_ID = {"TLSv1": "TLS1", "TLSv1.1": "TLS1_1", "TLSv1.2": "TLS1_2", "TLSv1.3": "TLS1_3"}


def make_self_signed(directory: Path) -> tuple[Path, Path]:
    """A P-256 certificate for localhost/127.0.0.1 (it is its own CA), made with the openssl CLI."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=30)
    return cert, key


def wait_listening(host: str, port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # polling a port that is being bound; bounded by `timeout`


class Nginx:
    """nginx on 127.0.0.1:<free port> serving HTTPS with the given ssl_protocols/ssl_ciphers."""

    def __init__(self, protocols: str = "TLSv1.2 TLSv1.3", ciphers: str | None = None, locations: str = ""):
        self.protocols = protocols
        self.ciphers = ciphers
        self.locations = locations  # extra location blocks, placed before the catch-all
        self.port = 0
        self.cert: Path | None = None
        self._dir = None
        self._process = None

    def start(self) -> "Nginx":
        self._dir = tempfile.TemporaryDirectory(prefix="oxh-nginx-")
        d = Path(self._dir.name)
        self.cert, key = make_self_signed(d)
        self.port = free_port()
        ciphers = f"ssl_ciphers {self.ciphers};" if self.ciphers else ""
        (d / "nginx.conf").write_text(f"""
pid {d}/nginx.pid;
error_log {d}/error.log;
worker_processes 1;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fcgi;
  uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
  server {{
    listen 127.0.0.1:{self.port} ssl;
    ssl_certificate {self.cert};
    ssl_certificate_key {key};
    ssl_protocols {self.protocols};
    {ciphers}
    {self.locations}
    location / {{ return 200 "ok"; }}
  }}
}}
""")
        self._process = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(d), "-c",
                                          str(d / "nginx.conf"), "-g", "daemon off;"],
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            wait_listening("127.0.0.1", self.port)
        except OSError:
            self.stop()
            raise RuntimeError(f"nginx did not start: {(d / 'error.log').read_text() if (d / 'error.log').exists() else ''}")
        return self

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.send_signal(signal.SIGQUIT)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        if self._dir:
            self._dir.cleanup()
            self._dir = None


def s_client_verdicts(host: str, port: int, starttls: str | None = None) -> dict[str, str]:
    """Per version: "accepted" when `openssl s_client` completes a handshake, else "refused"."""
    verdicts = {}
    for version in VERSIONS:
        args = ["openssl", "s_client", "-connect", f"{host}:{port}", _S_CLIENT_FLAG[version],
                "-cipher", "ALL:@SECLEVEL=0"]
        if starttls:
            args += ["-starttls", starttls]
        run = subprocess.run(args, input="", capture_output=True, text=True, timeout=30)
        out = run.stdout
        accepted = run.returncode == 0 and "Cipher is " in out and "Cipher is (NONE)" not in out
        verdicts[version] = "accepted" if accepted else "refused"
    return verdicts


def verdicts_from_testssl(host: str, port: int, starttls: str | None = None) -> dict[str, str]:
    """Per version from `testssl --protocols`: "accepted" for "offered...", "refused" for "not offered..."."""
    with tempfile.TemporaryDirectory(prefix="oxh-testssl-") as tmp:
        out = Path(tmp) / "out.json"
        args = ["testssl", "--protocols", "--quiet", "--warnings", "off", "--color", "0", "--ip", "one",
                "--jsonfile", str(out)]
        if starttls:
            args += ["-t", starttls]
        run = subprocess.run([*args, f"{host}:{port}"], capture_output=True, text=True, timeout=180)
        if not out.exists():
            raise RuntimeError(f"testssl wrote no JSON (exit {run.returncode}):\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
        findings = {item["id"]: item["finding"] for item in json.loads(out.read_text())}
    verdicts = {}
    for version, ident in _TESTSSL_ID.items():
        finding = findings.get(ident, "")
        verdicts[version] = "accepted" if finding.startswith("offered") else "refused"
    return verdicts
