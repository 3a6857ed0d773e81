"""Scenario YAML files as pytest items, played by the oxharness binary.

One ``oxharness list --json`` per file names the items; the first item of a file to run plays
every selected scenario of that file in one ``oxharness run --json`` (the runner isolates each
scenario in its own worker process), and each item reports its own result: pass, skip (with the
runner's reason), or a failure showing the failing step's file:line:col, the message and the
scenario's transcript. A file the loader refuses becomes one failing item with the loader's
error (file, line, column and error id)."""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from oxharness_pytest.stack import find_binary

_REGEX_SPECIALS = set("\\^$.|?*+()[]{}/")
_TRANSCRIPT_LINES = 80


def is_scenario_file(path: Path) -> bool:
    """As the runner's discovery: fragments (under fragments/, or named _*.yaml) are not scenarios."""
    return not path.name.startswith("_") and "fragments" not in path.parts


def _regex_literal(text: str) -> str:
    # Escapes only ECMAScript's specials: std::regex rejects some identity escapes Python adds.
    return "".join("\\" + c if c in _REGEX_SPECIALS else c for c in text)


class ScenarioFailed(Exception):
    def __init__(self, result: dict):
        super().__init__(result.get("message", ""))
        self.result = result


class ScenarioLoadError(Exception):
    pass


def _binary(config) -> Path:
    binary = find_binary(config.getoption("oxh_bin"))
    if binary is None:
        raise pytest.UsageError("oxharness_pytest: no oxharness binary (--oxharness-bin, $OXHARNESS_BIN or PATH)")
    return binary


def _common_args(config) -> list[str]:
    args: list[str] = []
    for var in config.getoption("oxh_vars"):
        args += ["--var", var]
    for fake in config.getoption("oxh_fakes"):
        args += ["--fake", fake]
    return args


class ScenarioFile(pytest.File):
    def collect(self):
        config = self.config
        listed = subprocess.run([str(_binary(config)), "list", "--json", *_common_args(config), str(self.path)],
                                capture_output=True, text=True, timeout=60)
        if listed.returncode != 0:
            yield ScenarioLoadErrorItem.from_parent(self, name="load", error=listed.stderr.strip() or listed.stdout)
            return
        for entry in json.loads(listed.stdout):
            yield ScenarioItem.from_parent(self, name=entry["name"], entry=entry)

    def results(self) -> dict[str, dict]:
        """Plays the file's selected scenarios once; maps scenario id -> report entry."""
        cached = getattr(self, "_oxh_results", None)
        if cached is not None:
            return cached
        config = self.config
        session_items = getattr(self.session, "items", None) or []
        selected = [item for item in session_items if isinstance(item, ScenarioItem) and item.parent is self]
        ids = [item.entry["id"] for item in selected] or [item.entry["id"] for item in self.collect()
                                                          if isinstance(item, ScenarioItem)]
        with tempfile.TemporaryDirectory(prefix="oxh-pytest-") as tmp:
            report = Path(tmp) / "report.json"
            args = [str(_binary(config)), "run", "--json", str(report), "-q", "-j", str(config.getoption("oxh_jobs")),
                    "--filter", "^(" + "|".join(_regex_literal(i) for i in ids) + ")$", *_common_args(config)]
            if config.getoption("oxh_seed"):
                args += ["--seed", config.getoption("oxh_seed")]
            if config.getoption("oxh_timeout"):
                args += ["--timeout", config.getoption("oxh_timeout")]
            run = subprocess.run([*args, str(self.path)], capture_output=True, text=True, timeout=3600)
            if not report.exists():
                raise ScenarioLoadError(f"oxharness run exited {run.returncode} without a report:\n"
                                        f"{run.stdout}{run.stderr}")
            data = json.loads(report.read_text())
        self._oxh_results = {f"{s['file']} {s['name']}": s for s in data["scenarios"]}
        self._oxh_seed = data.get("seed")
        return self._oxh_results


class ScenarioItem(pytest.Item):
    def __init__(self, *, entry: dict, **kwargs):
        super().__init__(**kwargs)
        self.entry = entry
        self.add_marker(pytest.mark.oxh_scenario)
        for tag in entry.get("tags", []):
            if tag.isidentifier():  # scenario tags become marks, so "-m push" selects by tag
                self.config.addinivalue_line("markers", f"{tag}: oxharness scenario tag")
                self.add_marker(getattr(pytest.mark, tag))

    def runtest(self):
        results = self.parent.results()
        result = results.get(self.entry["id"])
        if result is None:
            raise ScenarioLoadError(f"the runner reported no result for '{self.entry['id']}'")
        self.user_properties.append(("seed", getattr(self.parent, "_oxh_seed", "")))
        status = result.get("status")
        if status == "passed":
            return
        if status == "skipped":
            pytest.skip(result.get("message") or "skipped by the runner")
        raise ScenarioFailed(result)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ScenarioFailed):
            result = excinfo.value.result
            where = result.get("failedAt") or {}
            lines = [f"scenario '{result['name']}' {result.get('status')}"
                     + (f" at {where.get('file')}:{where.get('line')}:{where.get('column')}" if where else ""),
                     result.get("message", "")]
            for finding in result.get("findings", []):
                lines.append(f"finding: {json.dumps(finding)}")
            transcript = result.get("transcript", "").splitlines()
            if transcript:
                shown = transcript[-_TRANSCRIPT_LINES:]
                lines.append(f"--- transcript ({len(shown)} of {len(transcript)} lines) ---")
                lines += shown
            return "\n".join(lines)
        if isinstance(excinfo.value, ScenarioLoadError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, max(0, int(self.entry.get("line", 1)) - 1), f"scenario: {self.name}"


class ScenarioLoadErrorItem(pytest.Item):
    def __init__(self, *, error: str, **kwargs):
        super().__init__(**kwargs)
        self.error = error

    def runtest(self):
        raise ScenarioLoadError(self.error)

    def repr_failure(self, excinfo, style=None):
        return str(excinfo.value)

    def reportinfo(self):
        return self.path, 0, f"scenario file: {self.path.name}"
