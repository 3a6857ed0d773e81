"""The oxharness command line, as a user meets it: help, exit codes, error messages with
file:line:col, reports, selection (--filter, --tags, --shard), parallel runs and timeouts.

Uses only the embedded fakes (no real server), so it runs anywhere the binary builds.
"""
from __future__ import annotations

import json
import re
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "scenarios" / "demo"

pytestmark = pytest.mark.oxharness


def oxh(bin_path, *args, cwd=None, timeout=120):
    return subprocess.run([str(bin_path), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or REPO, timeout=timeout)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


# A scenario that passes using only the embedded http-notify receiver.
PASSING = """
    name: {name}
    tags: [{tags}]
    steps:
      - http.request:
          method: PUT
          url: "http://${{topology.notify.listen}}/preliminary/http-notify/v1/notify"
          basic_auth: {{user: oxuser, password: oxpass}}
          json: {{user: "3@1", event: messageNew, folder: INBOX, imap-uid: 7}}
          expect: {{status: 200}}
      - expect.notify: {{within: 2s, match: {{imap-uid: 7}}}}
"""


def test_help_and_version(oxharness_bin):
    top = oxh(oxharness_bin, "--help")
    assert top.returncode == 0
    for command in ("run", "validate", "list", "serve", "version"):
        assert command in top.stdout
        sub = oxh(oxharness_bin, command, "--help")
        assert sub.returncode == 0, sub.stderr
    version = oxh(oxharness_bin, "version")
    assert version.returncode == 0 and version.stdout.startswith("oxharness ")


def test_usage_errors_exit_2(oxharness_bin):
    assert oxh(oxharness_bin).returncode == 2
    assert oxh(oxharness_bin, "run", "--no-such-flag").returncode == 2
    missing = oxh(oxharness_bin, "run", "no/such/dir")
    assert missing.returncode == 2
    assert "[oxh.cli.no-such-path]" in missing.stderr
    assert oxh(oxharness_bin, "run", DEMO, "--shard", "3/2").returncode == 2
    assert oxh(oxharness_bin, "run", DEMO, "--var", "novalue").returncode == 2


@pytest.mark.parametrize("body, error_id, position", [
    ("name: x\nsteps:\n  - imap.comand: {command: NOOP}\n", "oxh.scenario.unknown-step", ":3:5:"),
    ("name: x\nsteps: [\n", "oxh.scenario.yaml", ":3:"),
    ("name: x\nsteps:\n  - expect.notify: {within: soon}\n", "oxh.scenario.wrong-type", ":3:29:"),
    ("name: x\nsteps:\n  - imap.command: {conn: a}\n", "oxh.scenario.missing-field", ":3:5:"),
    ("name: x\nsteps:\n  - lmtp.deliver: {to: \"${nobody}\"}\n", "oxh.scenario.undefined-variable", ":3:24:"),
    ("name: x\nstep:\n  - imap.command: NOOP\n", "oxh.scenario.unknown-key", ":2:1:"),
])
def test_bad_scenarios_name_file_line_column_and_run_nothing(oxharness_bin, tmp_path, body, error_id, position):
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    for command in ("validate", "run"):
        result = oxh(oxharness_bin, command, path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert f"[{error_id}] {path}{position}" in result.stderr, result.stderr
    assert "nothing was run" in oxh(oxharness_bin, "run", path).stderr


def test_unknown_step_suggests_the_closest(oxharness_bin, tmp_path):
    path = write(tmp_path, "typo.yaml", "name: x\nsteps:\n  - expect.notfy: {within: 1s}\n")
    result = oxh(oxharness_bin, "validate", path)
    assert "did you mean 'expect.notify'" in result.stderr


def test_demo_run_writes_junit_and_json(oxharness_bin, tmp_path):
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    result = oxh(oxharness_bin, "run", DEMO, "--junit", junit, "--json", report, "--seed", "7")
    assert result.returncode == 0, result.stdout + result.stderr
    listed = oxh(oxharness_bin, "list", DEMO).stdout.strip().splitlines()
    suites = ET.parse(junit).getroot()
    cases = suites.findall(".//testcase")
    assert len(cases) == len(listed) >= 6
    assert suites.get("failures") == "0" and suites.get("errors") == "0"
    assert any("[user=17@424242]" in case.get("name") for case in cases)
    for case in cases:
        transcript = case.findtext("system-out") or ""
        assert transcript.count("\n") >= 2, f"{case.get('name')}: every case carries its transcript"
        if "http-notify" in case.get("name"):
            assert re.search(r"notify \S+ notify.request", transcript), "the receiver's side is in the transcript"
    data = json.loads(report.read_text())
    assert data["seed"] == 7
    assert data["summary"]["passed"] == len(listed)
    assert {s["status"] for s in data["scenarios"]} == {"passed"}
    malformed = [s for s in data["scenarios"] if "malformed" in s["name"]][0]
    assert any(f["id"] == "oxh.notify.malformed-json" for f in malformed["findings"])


def test_a_failing_scenario_exits_1_and_reports_the_step(oxharness_bin, tmp_path):
    path = write(tmp_path, "fails.yaml", """
        name: wrong expectation
        steps:
          - http.request:
              method: PUT
              url: "http://${topology.notify.listen}/preliminary/http-notify/v1/notify"
              basic_auth: {user: oxuser, password: oxpass}
              json: {user: "3@1", event: messageNew, imap-uid: 7}
          - expect.notify: {within: 1s, match: {imap-uid: "7"}}
    """)
    junit = tmp_path / "junit.xml"
    result = oxh(oxharness_bin, "run", path, "--junit", junit)
    assert result.returncode == 1, result.stdout
    failure = ET.parse(junit).getroot().find(".//testcase/failure")
    assert failure is not None
    # Types are checked: Dovecot sends numbers, "7" is not 7.
    assert f"{path}:8:5" in failure.get("message")
    assert "imap-uid" in failure.get("message")
    assert "FAIL" in result.stdout


def test_timeout_still_reports_with_transcript(oxharness_bin, tmp_path):
    path = write(tmp_path, "slow.yaml", """
        name: waits longer than it may
        timeout: 1s
        steps:
          - http.request:
              method: PUT
              url: "http://${topology.notify.listen}/preliminary/http-notify/v1/notify"
              basic_auth: {user: oxuser, password: oxpass}
              json: {user: "3@1", event: messageNew}
          - expect.notify: {within: 30s, match: {user: "never@1"}}
    """)
    report = tmp_path / "r.json"
    result = oxh(oxharness_bin, "run", path, "--json", report, timeout=30)
    assert result.returncode == 1
    scenario = json.loads(report.read_text())["scenarios"][0]
    assert scenario["status"] == "error"
    assert "timed out" in scenario["message"]
    assert "PUT /preliminary/http-notify/v1/notify" in scenario["transcript"]
    assert scenario["seconds"] < 10


def test_selection_by_filter_tags_and_shards(oxharness_bin, tmp_path):
    for i in range(5):
        write(tmp_path, f"s{i}.yaml", PASSING.format(name=f"case {i}", tags="odd" if i % 2 else "even"))
    def names(result):  # the scenario names reported as passed, without their timings
        return sorted(re.sub(r" \(\d+\.\d+s\)$", "", line) for line in result.stdout.splitlines()
                      if line.startswith("PASS"))
    everything = oxh(oxharness_bin, "run", tmp_path)
    assert everything.returncode == 0 and len(names(everything)) == 5
    assert len(names(oxh(oxharness_bin, "run", tmp_path, "--tags", "odd"))) == 2
    assert len(names(oxh(oxharness_bin, "run", tmp_path, "--tags", "!odd"))) == 3
    assert len(names(oxh(oxharness_bin, "run", tmp_path, "--filter", "case [12]"))) == 2
    shards = [names(oxh(oxharness_bin, "run", tmp_path, "--shard", f"{k}/2")) for k in (1, 2)]
    assert not set(shards[0]) & set(shards[1])
    assert sorted(shards[0] + shards[1]) == names(everything)
    assert shards == [names(oxh(oxharness_bin, "run", tmp_path, "--shard", f"{k}/2")) for k in (1, 2)]


def test_parallel_jobs_give_each_scenario_its_own_fakes(oxharness_bin, tmp_path):
    for i in range(6):
        write(tmp_path, f"p{i}.yaml", PASSING.format(name=f"parallel {i}", tags="p"))
    report = tmp_path / "r.json"
    result = oxh(oxharness_bin, "run", tmp_path, "-j", "3", "--json", report)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(report.read_text())["summary"]["passed"] == 6


def test_fail_fast_starts_nothing_after_a_failure(oxharness_bin, tmp_path):
    write(tmp_path, "a.yaml", "name: first fails\nsteps:\n  - expect.notify: {within: 50ms}\n")
    write(tmp_path, "b.yaml", PASSING.format(name="second", tags="x"))
    report = tmp_path / "r.json"
    result = oxh(oxharness_bin, "run", tmp_path, "--fail-fast", "--json", report)
    assert result.returncode == 1
    statuses = [s["status"] for s in json.loads(report.read_text())["scenarios"]]
    assert statuses == ["failed", "skipped"]


def test_list_steps_documents_the_vocabulary(oxharness_bin):
    result = oxh(oxharness_bin, "list", "--steps")
    assert result.returncode == 0
    for step in ("imap.command", "lmtp.deliver", "http.request", "expect.http", "expect.notify", "expect.imap"):
        assert step in result.stdout
