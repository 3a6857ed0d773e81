"""The fake Dovecot's UIDVALIDITY values come from the run's --seed: the same seed gives the same
values run after run (a client's cache keyed by UIDVALIDITY can be tested reproducibly), another
seed gives others."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

pytestmark = pytest.mark.oxharness

SCENARIO = """\
name: UIDVALIDITY under a seed
users: [{login: alice@example.org, password: secret}]
steps:
  - imap.connect: {conn: a}
  - imap.login: {conn: a, user: alice@example.org}
  - imap.command: {conn: a, command: SELECT INBOX, untagged: ["* OK [UIDVALIDITY $inbox] UIDs valid"]}
  - imap.command: {conn: a, command: STATUS Sent (UIDVALIDITY), untagged: ["* STATUS Sent (UIDVALIDITY $sent)"]}
  - dovecot.inject: {user: alice@example.org, action: uidvalidity, mailbox: Drafts}
  - imap.command: {conn: a, command: STATUS Drafts (UIDVALIDITY), untagged: ["* STATUS Drafts (UIDVALIDITY $drafts)"]}
"""


def uidvalidities(oxharness_bin, tmp_path, seed: str) -> list[str]:
    scenario = tmp_path / "seeded.yaml"
    scenario.write_text(SCENARIO)
    report = tmp_path / f"report-{seed}.json"
    result = subprocess.run([str(oxharness_bin), "run", str(scenario), "--seed", seed, "--json", str(report)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    transcript = json.loads(report.read_text())["scenarios"][0]["transcript"]
    # INBOX (SELECT), Sent (STATUS), Drafts after its change (STATUS); each distinct value once,
    # in order (both sides of the connection are in the transcript).
    values = list(dict.fromkeys(re.findall(r"UIDVALIDITY (\d+)", transcript)))
    assert len(values) == 3, transcript
    return values


def test_uidvalidity_is_deterministic_under_seed(oxharness_bin, tmp_path):
    first = uidvalidities(oxharness_bin, tmp_path, "42")
    assert uidvalidities(oxharness_bin, tmp_path, "42") == first
    assert uidvalidities(oxharness_bin, tmp_path, "43") != first
