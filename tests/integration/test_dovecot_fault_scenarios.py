"""scenarios/imap: one-shot IMAP faults (dovecot.arm), UIDVALIDITY changes, mbox/eml fixtures,
passwd-file users and capability toggles at the embedded fake Dovecot, played by the runner's
own IMAP client; and a scenario whose fault is not armed fails."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.oxharness


def run(oxharness_bin, path, report: Path) -> tuple[subprocess.CompletedProcess, list[dict]]:
    result = subprocess.run([str(oxharness_bin), "run", str(path), "--json", str(report)], capture_output=True,
                            text=True, cwd=REPO, timeout=120)
    return result, json.loads(report.read_text())["scenarios"]


def test_imap_scenarios_pass_against_the_fake(oxharness_bin, tmp_path):
    result, scenarios = run(oxharness_bin, "scenarios/imap", tmp_path / "report.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(scenarios) >= 10 and {s["status"] for s in scenarios} == {"passed"}
    by_name = {s["name"]: s for s in scenarios}
    for name, action in [("BYE now ends every session of one user, others live on", "bye"),
                         ("NO with a response code answers the next matching command once", "no"),
                         ("the next tagged OK is held back for the armed delay", "delay"),
                         ("a session idling now is dropped without a word", "drop_idle"),
                         ("the next IDLE is dropped right after its continuation", "drop_idle")]:
        assert f"imap.fault {action}:" in by_name[name]["transcript"], name  # every applied fault is journaled
    # The held NOOP took the armed 1200ms; the next one did not.
    steps = by_name["the next tagged OK is held back for the armed delay"]["steps"]
    noops = [step["seconds"] for step in steps if step["kind"] == "imap.command"][1:]
    assert noops[0] >= 1.15 and noops[1] < 0.5, noops


def test_a_fault_that_was_not_armed_fails_the_scenario(oxharness_bin, tmp_path):
    scenario = tmp_path / "unarmed.yaml"
    scenario.write_text(
        "name: expects a NO that nobody armed\n"
        "users: [{login: alice@example.org, password: secret}]\n"
        "steps:\n"
        "  - imap.connect: {conn: app}\n"
        "  - imap.login: {conn: app, user: alice@example.org}\n"
        "  - imap.command: {conn: app, command: SELECT INBOX, status: NO}\n")
    result, scenarios = run(oxharness_bin, scenario, tmp_path / "report.json")
    assert result.returncode == 1
    assert "answered OK (wanted NO)" in scenarios[0]["message"]


def test_dovecot_arm_rejects_a_bad_fault_clearly(oxharness_bin, tmp_path):
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(
        "name: a delay without a duration\n"
        "users: [{login: alice@example.org, password: secret}]\n"
        "steps:\n"
        "  - imap.connect: {conn: app}\n"
        "  - dovecot.arm: {action: delay}\n")
    result, scenarios = run(oxharness_bin, scenario, tmp_path / "report.json")
    assert result.returncode == 1
    assert "[oxh.dovecot.fault] a delay fault needs 'delay_ms' > 0" in scenarios[0]["message"]
