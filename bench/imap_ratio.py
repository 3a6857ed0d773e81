#!/usr/bin/env python3
"""IMAP throughput of the fake Dovecot against the real Debian Dovecot 2.3, measured in one run
with the same client (oxh_imap_load), the same mailbox contents and the same command mix; and
the fake's memory with 1,000 connections in IDLE.

Prints the ratio (fake / real; the goal is >= 2.0, the fake keeps mail in memory) and the
fake's resident memory for the idle connections (goal < 100 MB). Bounded in count and time;
loopback only. Usage (as root, after `bash ci/run.sh build`):
    /usr/bin/python3 bench/imap_ratio.py [--seconds 5] [--connections 10] [--idle 1000]
"""
from __future__ import annotations

import argparse
import imaplib
import json
import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from support.real_dovecot import RealDovecot  # noqa: E402
from support.mime_corpus import corpus  # noqa: E402

USERS = {"alice@example.org": "secret"}


def seed(port: int, messages: list[bytes]) -> None:
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login("alice@example.org", "secret")
    for message in messages:
        client.append("INBOX", None, None, message)
    client.logout()


def load(tool: Path, port: int, args, mode: str = "mix", connections: int | None = None):
    command = [str(tool), "--port", str(port), "--connections", str(connections or args.connections),
               "--seconds", str(args.seconds), "--max-commands", str(args.max_commands), "--mode", mode]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=str(REPO / "build" / "ci"), help="build directory with the tools")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--max-commands", type=int, default=500000)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--idle", type=int, default=1000)
    args = parser.parse_args()
    build = Path(args.build)
    tool, fake_tool = build / "bench" / "oxh_imap_load", build / "mock_dovecot" / "oxh_fake_imap"
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # children inherit: 1,000 sockets each side

    items = list(corpus())
    messages = [items[i % len(items)][1] for i in range(args.messages)]
    real = RealDovecot(users=USERS, mail_debug=False).start()
    fake = subprocess.Popen([str(fake_tool), "alice@example.org:secret"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        fake_port = json.loads(fake.stdout.readline())["imap"]
        seed(real.imap_port, messages)
        seed(fake_port, messages)
        results = {}
        for name, port in (("real", real.imap_port), ("fake", fake_port)):
            out, _ = load(tool, port, args).communicate(timeout=args.seconds + 60)
            results[name] = json.loads(out)
            print(f"{name:5} {results[name]['commands']:8} commands in {results[name]['seconds']:.2f}s "
                  f"= {results[name]['rate']:9.1f}/s, {results[name]['errors']} errors")
        if results["fake"]["errors"] or results["real"]["errors"]:
            print("ratio fake/real: not meaningful, a side answered commands with errors")
        else:
            ratio = results["fake"]["rate"] / results["real"]["rate"]
            print(f"ratio fake/real: {ratio:.2f} (goal >= 2.0)")

        idle = load(tool, fake_port, args, mode="idle", connections=args.idle)
        report = json.loads(idle.stdout.readline())
        memory = rss_mb(fake.pid)
        idle.stdin.close()
        idle.wait(timeout=60)
        print(f"fake: {report['idling']} connections in IDLE ({report['errors']} failed), "
              f"resident memory {memory:.1f} MB (goal < 100 MB)")
        return 0 if results["fake"]["errors"] == 0 and report["idling"] == args.idle else 1
    finally:
        fake.stdin.close()
        fake.wait(timeout=30)
        real.stop()


if __name__ == "__main__":
    sys.exit(main())
