"""The shipped real-Dovecot scenarios played against the embedded fake Dovecot (`--fake dovecot`):
the same YAML that passes against Debian's Dovecot 2.3 must pass against the fake."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from support.ports import free_port

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.oxharness


def test_shipped_dovecot_scenarios_pass_against_the_fake(oxharness_bin, tmp_path):
    report = tmp_path / "report.json"
    result = subprocess.run(
        [str(oxharness_bin), "run", "scenarios/dovecot", "--fake", "dovecot", "--var", f"notify_port={free_port('127.0.0.1')}",
         "--json", str(report)], capture_output=True, text=True, cwd=REPO, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    scenarios = json.loads(report.read_text())["scenarios"]
    assert len(scenarios) >= 6
    assert {s["status"] for s in scenarios} == {"passed"}
    push = next(s for s in scenarios if "every field" in s["name"])
    # The fake's push driver called the scenario's receiver, and the fake journaled its side too.
    assert "dovecot.push" in push["transcript"] and "notify.request PUT" in push["transcript"]
    assert "dovecot.lmtp" in push["transcript"] and "dovecot.imap" in push["transcript"]


def test_fake_is_the_default_when_the_topology_names_no_dovecot(oxharness_bin, tmp_path):
    scenario = tmp_path / "default.yaml"
    scenario.write_text(
        "name: no topology\n"
        "users: [{login: alice@example.org, password: secret}]\n"
        "steps:\n"
        "  - imap.connect: {conn: a}\n"
        "  - imap.login: {conn: a, user: alice@example.org}\n"
        "  - imap.command: {conn: a, command: SELECT INBOX, untagged: ['* $n EXISTS']}\n"
        "  - lmtp.deliver: {to: alice@example.org, subject: hello}\n"
        "  - imap.command: {conn: a, command: NOOP, untagged: ['* 1 EXISTS']}\n")
    result = subprocess.run([str(oxharness_bin), "run", str(scenario)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
