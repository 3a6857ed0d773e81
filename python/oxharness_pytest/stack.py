"""`oxharness serve` in a child process: the fake stack (fake Dovecot IMAP/LMTP with its ox push
driver, the http-notify receiver, the control plane, and what else serve is configured with),
started from a dict that becomes serve's --config YAML."""
from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import yaml

from oxharness_pytest.control import ControlClient


def find_binary(explicit: str | os.PathLike | None = None) -> Path | None:
    """The oxharness binary: `explicit`, else $OXHARNESS_BIN, else `oxharness` on PATH, else
    build/ci or build/release next to this plugin's checkout. None when there is none."""
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    if os.environ.get("OXHARNESS_BIN"):
        candidates.append(Path(os.environ["OXHARNESS_BIN"]))
    on_path = shutil.which("oxharness")
    if on_path:
        candidates.append(Path(on_path))
    root = Path(__file__).resolve().parent.parent.parent
    candidates += [root / "build" / preset / "runner" / "oxharness" for preset in ("ci", "release", "dev")]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


class FakeStack:
    """Usage: ``with FakeStack(binary, {"users": [...]}) as stack: stack.endpoint("dovecot", "imap")``."""

    def __init__(self, binary: Path, config: dict | None = None, start_timeout: float = 20.0,
                 extra_args: list[str] | None = None):
        self.binary = Path(binary)
        self.config = config or {}
        self.start_timeout = start_timeout
        self.extra_args = extra_args or []
        self.ready: dict = {}
        self.output = ""
        self._dir = None
        self._process = None

    def start(self) -> "FakeStack":
        self._dir = tempfile.TemporaryDirectory(prefix="oxh-serve-")
        config_path = Path(self._dir.name) / "serve.yaml"
        config_path.write_text(yaml.safe_dump(self.config))
        ready_path = Path(self._dir.name) / "ready.json"
        self._process = subprocess.Popen(
            [str(self.binary), "serve", "--config", str(config_path), "--ready-file", str(ready_path),
             *self.extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        selector = selectors.DefaultSelector()
        selector.register(self._process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + self.start_timeout
        while "oxharness serve: ready" not in self.output:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                self.stop()
                raise RuntimeError(f"oxharness serve not ready in {self.start_timeout}s:\n{self.output}")
            line = self._process.stdout.readline()
            if not line:
                err = self._process.stderr.read()
                self.stop()
                raise RuntimeError(f"oxharness serve exited:\n{self.output}{err}")
            self.output += line
        self.ready = json.loads(ready_path.read_text())
        return self

    @property
    def control(self) -> ControlClient:
        return ControlClient(self.ready["control"])

    def endpoint(self, component: str, name: str) -> tuple[str, int]:
        """("127.0.0.1", 40123) for e.g. ("dovecot", "imap") as serve's ready file names it."""
        host, _, port = self.ready[component][name].rpartition(":")
        return host.strip("[]"), int(port)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> int | None:
        """Stops serve (SIGTERM, then SIGKILL after 10 s); returns its exit status."""
        status = None
        if self._process:
            if self._process.poll() is None:
                self._process.send_signal(signal.SIGTERM)
                try:
                    self._process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait(timeout=10)
            status = self._process.returncode
            for stream in (self._process.stdout, self._process.stderr):
                if stream:
                    stream.close()
        if self._dir:
            self._dir.cleanup()
            self._dir = None
        return status

    def __enter__(self) -> "FakeStack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
