"""The fake Dovecot's IMAP server alone (the oxh_fake_imap tool) as a child process, for the
conformance tests that play the same transcripts against it and against real Dovecot."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import skip_or_fail


class FakeImap:
    """The oxh_fake_imap tool as a child process; stops when its stdin closes."""

    def __init__(self, path: Path, *args: str):
        self.proc = subprocess.Popen([str(path), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"oxh_fake_imap did not start: {self.proc.stderr.read()}")
        ports = json.loads(line)
        self.imap_port = ports["imap"]
        self.imaps_port = ports["imaps"]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def tool_path(request) -> Path:
    tools = os.environ.get("OXH_TOOLS_DIR")
    if tools:
        path = Path(tools) / "oxh_fake_imap"
    else:
        path = request.getfixturevalue("oxharness_bin").parent.parent / "mock_dovecot" / "oxh_fake_imap"
    if not (path.is_file() and os.access(path, os.X_OK)):
        skip_or_fail(f"oxh_fake_imap not found at {path} (build target oxh_fake_imap, or set OXH_TOOLS_DIR)")
    return path
