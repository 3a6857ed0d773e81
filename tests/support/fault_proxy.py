"""`oxharness proxy` in a child process: one fault proxy in front of host:port, driven over its
control plane (POST arm/clear/offline/online, GET state/journal; runner/faults/proxy_control.hpp)."""
from __future__ import annotations

import json
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from oxharness_pytest.control import ControlClient


class FaultProxy:
    def __init__(self, binary: Path, to: tuple[str, int], name: str = "proxy", seed: int = 1,
                 start_timeout: float = 20.0, extra: list[str] | None = None):
        self.binary = Path(binary)
        self.to = to
        self.name = name
        self.seed = seed
        self.start_timeout = start_timeout
        self.extra = list(extra or [])  # more `oxharness proxy` flags (--tls terminate, --protocol http1, ...)
        self.ready: dict = {}
        self._dir = None
        self._process = None

    def start(self) -> "FaultProxy":
        self._dir = tempfile.TemporaryDirectory(prefix="oxh-proxy-")
        ready_path = Path(self._dir.name) / "ready.json"
        self._process = subprocess.Popen(
            [str(self.binary), "proxy", "--to", f"{self.to[0]}:{self.to[1]}", "--name", self.name,
             "--seed", str(self.seed), "--ready-file", str(ready_path), *self.extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + self.start_timeout
        while not ready_path.exists():  # polling with a deadline: the ready file appears once
            if self._process.poll() is not None:
                raise RuntimeError(f"oxharness proxy exited: {self._process.stderr.read()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("oxharness proxy not ready in time")
            time.sleep(0.02)
        self.ready = json.loads(ready_path.read_text())
        return self

    @property
    def address(self) -> tuple[str, int]:
        host, _, port = self.ready["proxies"][self.name]["listen"].rpartition(":")
        return host.strip("[]"), int(port)

    def _post(self, action: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(self.ready["control"] + action, data=json.dumps(body or {}).encode(),
                                         method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def arm(self, **params) -> dict:
        return self._post("arm", params)

    def clear(self) -> dict:
        return self._post("clear")

    def offline(self) -> dict:
        return self._post("offline")

    def online(self) -> dict:
        return self._post("online")

    @property
    def control(self) -> ControlClient:
        """ready, state, journal and wait_for on the proxy's journal (component "fault")."""
        return ControlClient(self.ready["control"])

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        if self._process:
            for stream in (self._process.stdout, self._process.stderr):
                if stream:
                    stream.close()
        if self._dir:
            self._dir.cleanup()
            self._dir = None

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
