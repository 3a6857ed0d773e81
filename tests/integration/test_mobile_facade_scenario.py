"""The topology component `mobile_facade` (the fake Mobile API Facade in a scenario): the shipped
scenarios/demo/mobile_facade_app_login.yaml passes; with the minimum app version lowered, its
900 expectation fails; a bad option is a load error with its file:line:col."""
from __future__ import annotations

from pathlib import Path

from support.scenario_run import run_scenario, scenario_variant

REPO_ROOT = Path(__file__).resolve().parents[2]
SCENARIO = REPO_ROOT / "scenarios" / "demo" / "mobile_facade_app_login.yaml"


def variant(tmp_path: Path, old: str, new: str) -> Path:
    return scenario_variant(SCENARIO, tmp_path, old, new)


def test_the_app_logs_in_through_the_mobile_facade(oxharness_bin, tmp_path):
    proc, report = run_scenario(oxharness_bin, SCENARIO, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    transcript = report["scenarios"][0]["transcript"]
    assert "mobile.forward login alice@example.org -> App Suite 200" in transcript
    assert "error 900: client version 1.9.3 is older than the minimum 2.0.0" in transcript


def test_a_lower_minimum_lets_the_old_app_in_and_the_900_check_fails(oxharness_bin, tmp_path):
    path = variant(tmp_path, "min_client_version: 2.0.0", "min_client_version: 1.0.0")
    proc, report = run_scenario(oxharness_bin, path, tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    failed = [step for step in report["scenarios"][0]["steps"] if step["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["kind"] == "http.request", failed
    last_request = max(i for i, text in enumerate(path.read_text().splitlines(), 1) if text == "  - http.request:")
    assert failed[0]["line"] == last_request, failed[0]
    assert "status" in failed[0]["message"] or "200" in failed[0]["message"], failed[0]


def test_a_bad_server_version_is_a_load_error_with_its_position(oxharness_bin, tmp_path):
    path = variant(tmp_path, "server_version: 7.10.6-rev5", "server_version: 7.8.4-rev9")
    proc, _ = run_scenario(oxharness_bin, path, tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "mobile_facade:" in text)
    column = path.read_text().splitlines()[line - 1].index("7.8.4-rev9") + 1
    assert f"[oxh.scenario.bad-option] {path}:{line}:{column}: mobile_facade.server_version must be like" \
        in proc.stdout + proc.stderr, proc.stdout + proc.stderr
