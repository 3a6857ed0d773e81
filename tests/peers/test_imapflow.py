"""imapflow (npm; a real IMAP client nobody here wrote) against real Dovecot 2.3 and against
the fake Dovecot: connect, list, append, fetch, store, search, move, idle. Both must give the
client the same view."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import skip_or_fail
from support.fake_stack import FakeStack

NODE_DIR = Path(__file__).resolve().parent / "node"
pytestmark = [pytest.mark.dovecot, pytest.mark.oxharness]


def run_session(host: str, port: int) -> dict:
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "imapflow").is_dir():
        skip_or_fail("node and the npm package imapflow are needed (bash ci/run.sh deps installs them)")
    result = subprocess.run([node, "imapflow_session.mjs", host, str(port), "alice@example.org", "secret"],
                            cwd=NODE_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_imapflow_sees_the_same_server_in_the_fake_and_in_real_dovecot(real_dovecot_factory, oxharness_bin):
    real = real_dovecot_factory(users={"alice@example.org": "secret"})
    expected = run_session("127.0.0.1", real.imap_port)
    with FakeStack(oxharness_bin, {"users": [{"login": "alice@example.org", "password": "secret"}]}) as fake:
        seen = run_session(*fake.endpoint("dovecot", "imap"))
    assert seen == expected
    # What the client saw is what a mail app needs; the comparison above would also pass if both
    # were wrong in the same way, so pin the essentials too.
    assert expected["exists"] == 2 and expected["existsAfterMove"] == 1
    assert expected["flagsAfter"][0] == ["$cl_1", "\\Flagged", "\\Recent", "\\Seen"]
    assert expected["idleExists"] == 2
    assert {"path": "Sent", "specialUse": "\\Sent"} in expected["list"]
