"""What `oxharness run` prints: a progress line rewritten in place on a terminal, plain lines
in a log."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.oxharness


def run_on_terminal(argv: list[str], timeout: float = 60.0) -> tuple[int, str]:
    """Runs argv with a pseudo-terminal as stdout; returns (exit code, everything printed)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(argv, stdout=slave, stderr=slave, cwd=REPO, env={**os.environ, "TERM": "xterm"})
    os.close(slave)
    output = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    return process.wait(timeout=10), output.decode(errors="replace")


def test_terminal_gets_a_progress_line(oxharness_bin):
    code, output = run_on_terminal([str(oxharness_bin), "run", "scenarios/demo"])
    assert code == 0, output
    assert "\r\x1b[K" in output, "the progress line is rewritten in place"
    assert "passed, 0 failed" in output
    assert "PASS " not in output, "passing scenarios are not listed one by one on a terminal"


def test_log_gets_one_plain_line_per_scenario(oxharness_bin):
    result = subprocess.run([str(oxharness_bin), "run", "scenarios/demo"], capture_output=True, text=True, cwd=REPO,
                            timeout=60)
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout
    listed = subprocess.run([str(oxharness_bin), "list", "scenarios/demo"], capture_output=True, text=True, cwd=REPO,
                            timeout=60).stdout.splitlines()
    assert sum(line.startswith("PASS ") for line in result.stdout.splitlines()) == len(listed)
