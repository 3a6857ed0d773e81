"""Playing one scenario file with `oxharness run --json` from a test, and deriving variants of a
shipped scenario (one line changed) to show that a wrong expectation fails."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path


def run_scenario(oxharness_bin: Path, scenario: Path, tmp_path: Path,
                 timeout: float = 120) -> tuple[subprocess.CompletedProcess, dict | None]:
    """(the process, the JSON report; None when the run wrote none, e.g. a load error)."""
    report = tmp_path / "report.json"
    proc = subprocess.run([str(oxharness_bin), "run", str(scenario), "--json", str(report)],
                          capture_output=True, text=True, timeout=timeout)
    return proc, json.loads(report.read_text()) if report.exists() else None


def scenario_variant(source: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of `source` with the first `old` replaced by `new` (which must be there)."""
    text = source.read_text()
    assert old in text, f"{old!r} is not in {source}"
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new, 1))
    return path
