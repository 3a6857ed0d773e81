"""A scenario whose worker process dies still gets its report entry, with the transcript up
to that point, and the other scenarios of the run are unaffected."""
from __future__ import annotations

import json
import signal
import subprocess
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from support.ports import free_port

pytestmark = pytest.mark.oxharness


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def put_until_answered(url: str, deadline: float) -> int:
    """PUTs until the scenario's receiver answers (it starts when the worker starts); bounded."""
    body = json.dumps({"user": "3@1", "event": "messageNew"}).encode()
    while True:
        request = urllib.request.Request(url, data=body, method="PUT",
                                         headers={"Authorization": "Basic b3h1c2VyOm94cGFzcw=="})
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise


def test_a_crashed_worker_is_reported_with_its_transcript(oxharness_bin, tmp_path):
    port = free_port("127.0.0.1")
    (tmp_path / "a_crashes.yaml").write_text(textwrap.dedent(f"""
        name: crashes while waiting
        topology:
          notify: {{listen: "127.0.0.1:{port}"}}
        steps:
          - expect.notify: {{within: 30s, match: {{user: "never@0"}}}}
    """))
    (tmp_path / "b_passes.yaml").write_text(textwrap.dedent("""
        name: still runs
        steps:
          - http.request:
              method: PUT
              url: "http://${topology.notify.listen}/preliminary/http-notify/v1/notify"
              basic_auth: {user: oxuser, password: oxpass}
              json: {user: "3@1"}
          - expect.notify: {within: 2s}
    """))
    report = tmp_path / "r.json"
    run = subprocess.Popen([str(oxharness_bin), "run", str(tmp_path), "--json", str(report)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        assert put_until_answered(f"http://127.0.0.1:{port}/preliminary/http-notify/v1/notify", deadline) == 200
        workers = children(run.pid)
        assert len(workers) == 1, workers
        # SIGKILL: a death nothing can intercept (under ASan a SIGSEGV becomes a report and exit 1).
        subprocess.run(["kill", "-KILL", str(workers[0])], check=True)
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 1, out + err
    scenarios = {s["name"]: s for s in json.loads(report.read_text())["scenarios"]}
    crashed = scenarios["crashes while waiting"]
    assert crashed["status"] == "error"
    assert f"signal {int(signal.SIGKILL)}" in crashed["message"]
    assert "notify.request PUT /preliminary/http-notify/v1/notify auth=ok" in crashed["transcript"]
    assert scenarios["still runs"]["status"] == "passed"
