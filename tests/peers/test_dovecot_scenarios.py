"""The shipped real-Dovecot scenarios (scenarios/dovecot), played by the oxharness CLI
against the real Debian Dovecot 2.3 started on loopback with the push_notification "ox"
driver pointed at the harness's receiver.
"""
from __future__ import annotations

import json
import re
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support.ports import free_port

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios" / "dovecot"

pytestmark = [pytest.mark.dovecot, pytest.mark.oxharness]


def run_oxh(bin_path, dovecot, notify_port, *paths, extra=()):
    args = [str(bin_path), "run", *map(str, paths),
            "--var", f"dovecot_imap=127.0.0.1:{dovecot.imap_port}",
            "--var", f"dovecot_lmtp=127.0.0.1:{dovecot.lmtp_port}",
            "--var", f"notify_port={notify_port}", *map(str, extra)]
    if dovecot.imaps_port:
        args += ["--var", f"dovecot_imaps=127.0.0.1:{dovecot.imaps_port}"]
    return subprocess.run(args, capture_output=True, text=True, cwd=REPO, timeout=180)


@pytest.fixture
def dovecot_with_push(real_dovecot_factory):
    notify_port = free_port("127.0.0.1")
    dovecot = real_dovecot_factory(notify_port=notify_port, notify_user="oxuser", notify_password="oxpass",
                                   tls=True)
    return dovecot, notify_port


def test_shipped_dovecot_scenarios_pass_against_real_dovecot(oxharness_bin, dovecot_with_push, tmp_path):
    dovecot, notify_port = dovecot_with_push
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    result = run_oxh(oxharness_bin, dovecot, notify_port, SCENARIOS, extra=["--junit", junit, "--json", report])
    assert result.returncode == 0, result.stdout + result.stderr + dovecot.log_tail(40)
    data = json.loads(report.read_text())
    by_name = {s["name"]: s for s in data["scenarios"]}
    assert len(by_name) == 6
    assert all(s["status"] == "passed" for s in by_name.values()), by_name
    push = by_name["SETMETADATA then LMTP delivery produces the http-notify call with every field"]
    # The receiver saw Dovecot's own request (the transcript carries the receiver's entry).
    assert re.search(r"notify c\d+ notify.request PUT /preliminary/http-notify/v1/notify auth=ok user=3@1 -> 200",
                     push["transcript"]), push["transcript"]
    wrong = by_name["a receiver with other credentials answers Dovecot 401 and Dovecot does not retry"]
    assert "auth=wrong user=3@1 -> 401" in wrong["transcript"]
    assert "Error when sending notification: 401" in dovecot.log_text()
    assert len(ET.parse(junit).getroot().findall(".//testcase")) == 6
    tls = by_name["IMAP over implicit TLS and over STARTTLS"]
    assert "tls.handshake TLSv1.3" in tls["transcript"]
    assert "C: a001 STARTTLS" in tls["transcript"]


def test_a_wrong_expectation_fails_against_real_dovecot(oxharness_bin, dovecot_with_push, tmp_path):
    """The same check with a wrong user id must fail, naming the field: the test can fail."""
    dovecot, notify_port = dovecot_with_push
    fragments = REPO / "scenarios" / "fragments"
    scenario = tmp_path / "wrong.yaml"
    scenario.write_text(textwrap.dedent(f"""
        name: expects the wrong user
        vars: {{dovecot_imap: "x:1", dovecot_lmtp: "x:1", notify_port: "1"}}
        topology:
          dovecot: {{imap: "${{dovecot_imap}}", lmtp: "${{dovecot_lmtp}}"}}
          notify: {{listen: "127.0.0.1:${{notify_port}}", user: oxuser, password: oxpass}}
        users:
          - {{login: alice@example.org, password: secret, user_id: 3, context_id: 1}}
        steps:
          - include: {fragments}/dovecot_reset_alice.yaml
          - imap.command:
              conn: alice
              command: SETMETADATA "" (/private/vendor/vendor.dovecot/http-notify "user=3@1")
          - lmtp.deliver: {{to: alice@example.org, subject: wrong}}
          - expect.notify: {{within: 2s, match: {{user: "3@2"}}}}
    """))
    report = tmp_path / "r.json"
    result = run_oxh(oxharness_bin, dovecot, notify_port, scenario, extra=["--json", report])
    assert result.returncode == 1, result.stdout + result.stderr
    message = json.loads(report.read_text())["scenarios"][0]["message"]
    assert "body differs at 'user'" in message and '"3@1"' in message


def test_requires_skips_when_the_server_lacks_metadata(oxharness_bin, real_dovecot_factory, tmp_path):
    """METADATA is enabled only for 127.0.0.1 clients; with it off for all, `requires: [METADATA]` skips."""
    notify_port = free_port("127.0.0.1")
    dovecot = real_dovecot_factory(notify_port=notify_port, notify_user="oxuser", notify_password="oxpass",
                                   metadata_remote=None)
    report = tmp_path / "r.json"
    result = run_oxh(oxharness_bin, dovecot, notify_port, SCENARIOS / "push_notify.yaml",
                     extra=["--json", report, "--filter", "every field"])
    assert result.returncode == 0, result.stdout + result.stderr
    scenario = json.loads(report.read_text())["scenarios"][0]
    assert scenario["status"] == "skipped"
    assert "METADATA" in scenario["message"]
