"""Several fake middleware nodes in one scenario (topology `facade: {nodes: 3}`): the shipped
scenario scenarios/push/facade_cluster_handover.yaml spreads three permanent listeners over the
nodes, stops node 2 and proves push still works. Here its JSON report's transcript shows what
the fake Dovecot saw during the hand-over (SETMETADATA NIL from the stopped node, then the new
owner's GETMETADATA and SETMETADATA, and only a GETMETADATA for the listener that moved between
running nodes), and variants with wrong expectations fail."""
from __future__ import annotations

from pathlib import Path

from support.scenario_run import run_scenario, scenario_variant

REPO_ROOT = Path(__file__).resolve().parents[2]
SCENARIO = REPO_ROOT / "scenarios" / "push" / "facade_cluster_handover.yaml"
ENTRY = "/private/vendor/vendor.dovecot/http-notify"


def dovecot_commands(transcript: str) -> list[str]:
    """The METADATA commands the fake Dovecot received, as 'connection command'."""
    out = []
    for line in transcript.splitlines():
        parts = line.split(" ", 4)
        if len(parts) == 5 and parts[1] == "dovecot.imap" and parts[3] == "imap.command" and "METADATA" in parts[4]:
            out.append(parts[2] + " " + parts[4].split(" ", 1)[1])
    return out


def test_stopped_node_hands_over_and_push_keeps_working(oxharness_bin, tmp_path):
    code, report = run(oxharness_bin, SCENARIO, tmp_path)
    scenario = report["scenarios"][0]
    assert code == 0, scenario["message"]
    transcript = scenario["transcript"]
    stop = transcript.index("pns.node stop node 2")
    after = dovecot_commands(transcript[stop:])
    commands = [command.split(" ", 1)[1] for command in after]
    assert commands == [
        f'SETMETADATA "" ({ENTRY} NIL)',            # bob's listener leaves with node 2
        f'GETMETADATA "" ({ENTRY})',                # node 3's registration check for bob
        f'SETMETADATA "" ({ENTRY} "user=4@1")',     # ... finds NIL and registers
        f'GETMETADATA "" ({ENTRY})',                # carol moved from node 3 to node 1: value there, no SET
    ], after
    # Both of bob's commands after the stop ran on different connections (NIL by node 2, then node 3).
    assert after[0].split(" ")[0] != after[2].split(" ")[0]
    assert "pns.listener register user=4@1 on node 3 ok (taken over from node 2)" in transcript
    assert "pns.listener drop user=5@1 on node 3 (rescheduled to node 1)" in transcript
    # One delivery, one push to each device after the hand-over.
    assert transcript.count("fcm-bob") >= 1


def run(oxharness_bin: Path, scenario: Path, tmp_path: Path) -> tuple[int, dict]:
    proc, report = run_scenario(oxharness_bin, scenario, tmp_path)
    assert report is not None, proc.stdout + proc.stderr
    return proc.returncode, report


def variant(tmp_path: Path, old: str, new: str) -> Path:
    return scenario_variant(SCENARIO, tmp_path, old, new)


def test_a_wrong_node_listing_fails(oxharness_bin, tmp_path):
    path = variant(tmp_path, "- expect.facade.listeners: {node: 2, users: []}",
                   "- expect.facade.listeners: {node: 2, users: [bob@example.org], within: 300ms}")
    code, report = run(oxharness_bin, path, tmp_path)
    assert code == 1
    message = report["scenarios"][0]["message"]
    assert "listpushusers on node 2 printed" in message and "(nothing)" in message, message


def test_without_the_hand_over_the_push_is_missing(oxharness_bin, tmp_path):
    # Stopping every node leaves nobody registered: the delivery to bob produces no push.
    path = variant(tmp_path, "  - facade.node_stop: {node: 2}\n",
                   "  - facade.node_stop: {node: 1}\n  - facade.node_stop: {node: 2}\n  - facade.node_stop: {node: 3}\n"
                   "  - expect.dovecot.metadata: {user: bob@example.org, entry: " + ENTRY + ", absent: true, within: 5s}\n"
                   "  - lmtp.deliver: {to: bob@example.org, subject: nobody listens}\n"
                   "  - expect.fcm.push: {token: fcm-bob, within: 1s}\n")
    code, report = run(oxharness_bin, path, tmp_path)
    assert code == 1
    message = report["scenarios"][0]["message"]
    assert "expect.fcm.push" in message or "no push" in message.lower(), message
    failed = [step for step in report["scenarios"][0]["steps"] if step["status"] == "failed"]
    assert [step["kind"] for step in failed] == ["expect.fcm.push"], failed


def test_a_crashed_node_leaves_its_registration_and_push_keeps_working(oxharness_bin, tmp_path):
    # crash: true: node 2 dies without SETMETADATA NIL; node 3's check finds user=4@1 and skips
    # SETMETADATA, so Dovecot sees only GETMETADATA after the crash, and the pushes still come.
    path = variant(tmp_path, "  - facade.node_stop: {node: 2}\n", "  - facade.node_stop: {node: 2, crash: true}\n")
    code, report = run(oxharness_bin, path, tmp_path)
    scenario = report["scenarios"][0]
    assert code == 0, scenario["message"]
    transcript = scenario["transcript"]
    after = dovecot_commands(transcript[transcript.index("pns.node crash node 2"):])
    assert [command.split(" ", 1)[1] for command in after] == [f'GETMETADATA "" ({ENTRY})'] * 2, after
    assert "pns.listener drop user=4@1 on node 2 (node crashed)" in transcript
