"""The offline replay scenarios (scenarios/offline) with the real Dovecot 2.3 as the backend of the
fake App Suite facade: the same files, with `--var backend_imap/backend_lmtp` pointing the
topology's Dovecot at it (an endpoint left empty means the embedded fake). The scenarios check
the converged state with IMAP on the real server itself. Those that need the fake Dovecot's
control plane (tag fake-dovecot: INBOX's UIDVALIDITY set directly) are skipped; the UIDVALIDITY
change by plain IMAP (uidvalidity_rebuilt_folder.yaml: a folder deleted and created again) runs. Each file gets a fresh
Dovecot, as each scenario gets fresh fakes."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.oxharness

REPO = Path(__file__).resolve().parents[2]


FILES = sorted(p.name for p in (REPO / "scenarios" / "offline").glob("*.yaml"))


@pytest.mark.parametrize("scenario", FILES)
def test_offline_replay_scenario_passes_on_real_dovecot(real_dovecot_factory, oxharness_bin, tmp_path, scenario):
    if "fake-dovecot" in (REPO / "scenarios" / "offline" / scenario).read_text().split("tags:", 1)[1].split("\n", 1)[0]:
        pytest.skip("needs the fake Dovecot's control plane")
    # A fresh Dovecot per file: the scenarios expect an empty mailbox.
    dovecot = real_dovecot_factory(users={"alice@example.org": "secret", "bob@example.org": "secret"})
    report = tmp_path / "report.json"
    run = subprocess.run([str(oxharness_bin), "run", str(REPO / "scenarios" / "offline" / scenario), "--json", str(report),
                          "--tags", "offline,!fake-dovecot",
                          "--var", f"backend_imap={dovecot.host}:{dovecot.imap_port}",
                          "--var", f"backend_lmtp={dovecot.host}:{dovecot.lmtp_port}"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    scenarios = json.loads(report.read_text())["scenarios"]
    assert len(scenarios) == 1 and scenarios[0]["status"] == "passed", scenarios
