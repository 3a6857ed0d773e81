"""The shipped scenario folders that run against the embedded fakes alone (no real build needed):
every scenario passes, and each is reported in the JSON report. scenarios/demo runs in `ci/run.sh
demo`, scenarios/dovecot against real Dovecot in tests/peers; these are the others."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.oxharness

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("folder", ["push", "tls", "faults", "imap", "offline"])
def test_shipped_scenarios_pass_against_the_embedded_fakes(oxharness_bin, tmp_path, folder):
    report = tmp_path / "report.json"
    run = subprocess.run([str(oxharness_bin), "run", "-j", "2", "--json", str(report), str(REPO / "scenarios" / folder)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    scenarios = json.loads(report.read_text())["scenarios"]
    assert scenarios and all(s["status"] == "passed" for s in scenarios)
