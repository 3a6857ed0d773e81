"""`oxharness serve` as a test peer: the fake stack (fake Dovecot IMAP/LMTP with its ox push
driver, the http-notify receiver, the control plane) in a child process, configured from a dict."""
from __future__ import annotations

import json
import selectors
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import yaml


class FakeStack:
    def __init__(self, binary: Path, config: dict | None = None, start_timeout: float = 20.0):
        self.binary = Path(binary)
        self.config = config or {}
        self.start_timeout = start_timeout
        self.ready: dict = {}
        self._dir = None
        self._process = None

    def start(self) -> "FakeStack":
        self._dir = tempfile.TemporaryDirectory(prefix="oxh-serve-")
        config_path = Path(self._dir.name) / "serve.yaml"
        config_path.write_text(yaml.safe_dump(self.config))
        ready_path = Path(self._dir.name) / "ready.json"
        self._process = subprocess.Popen(
            [str(self.binary), "serve", "--config", str(config_path), "--ready-file", str(ready_path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        selector = selectors.DefaultSelector()
        selector.register(self._process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + self.start_timeout
        seen = ""
        while "oxharness serve: ready" not in seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                self.stop()
                raise RuntimeError(f"oxharness serve not ready in {self.start_timeout}s:\n{seen}")
            line = self._process.stdout.readline()
            if not line:
                err = self._process.stderr.read()
                self.stop()
                raise RuntimeError(f"oxharness serve exited:\n{seen}{err}")
            seen += line
        self.ready = json.loads(ready_path.read_text())
        return self

    def endpoint(self, component: str, name: str) -> tuple[str, int]:
        host, _, port = self.ready[component][name].rpartition(":")
        return host, int(port)

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        if self._dir:
            self._dir.cleanup()
            self._dir = None

    def __enter__(self) -> "FakeStack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
