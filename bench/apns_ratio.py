#!/usr/bin/env python3
"""HTTP/2 push throughput of the fake APNs (oxh_fake_push) against two peers measured in the same
run with the same load client (h2load, Debian nghttp2-client) and the same workload: POST
/3/device/<token> with a JSON body, apns-topic, and one long-lived provider token (ES256 JWT),
over TLS + ALPN h2 on loopback.

- fake:     mock_apns_fcm's FakeApns, validating every push (headers, JWT, device registry) and
            recording it (PushLog, journal).
- mockttp:  npm mockttp's HTTP/2 mock server with one rule answering 200 + apns-id
            (bench/node/mockttp_apns.mjs; the bench installs it into bench/node/node_modules).
- nghttpd:  Debian nghttp2-server serving an empty static file at the same path, the ceiling
            for an nghttp2-based server on this machine.

Prints requests/s for each and the ratios fake/mockttp (goal >= 10) and fake/nghttpd (goal
>= 0.5), plus each server's CPU time per request (user + system, from /proc/<pid>/stat over the
measured rounds), which moves less than requests/s when other work shares the machine. Bounded: a fixed request count per run and a timeout per process; loopback only.
Usage (after building oxh_fake_push without sanitizers, e.g. `bash ci/run.sh build`):
    /usr/bin/python3 bench/apns_ratio.py [--build build/ci] [--requests 20000] [--connections 4]
                                         [--streams 50] [--rounds 3]
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH_NODE = REPO / "bench" / "node"
TOPIC, TEAM, KEY_ID = "com.example.mail", "TEAM123456", "ABC123DEFG"
TOKEN = "ab" * 32
BODY = b'{"aps":{"alert":"You have new mail","badge":3,"sound":"beep.wav"},"cid":"INBOX/42"}'
PROCESS_TIMEOUT_S = 120


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def der_to_raw(signature: bytes) -> bytes:
    """ECDSA-Sig-Value (DER SEQUENCE of two INTEGERs) -> JWS's raw R||S, 32 bytes each."""
    assert signature[0] == 0x30
    at = 2 if signature[1] < 0x80 else 2 + (signature[1] & 0x7F)
    parts = []
    for _ in range(2):
        assert signature[at] == 0x02
        length = signature[at + 1]
        parts.append(signature[at + 2:at + 2 + length].lstrip(b"\0").rjust(32, b"\0"))
        at += 2 + length
    return b"".join(parts)


def provider_token(directory: Path) -> tuple[str, Path]:
    """A P-256 key, its public half for the fake, and a JWT with iat = now (valid one hour)."""
    key, pub = directory / "ec.pem", directory / "pub.pem"
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], check=True)
    subprocess.run(["openssl", "ec", "-in", key, "-pubout", "-out", pub], check=True, capture_output=True)
    signing_input = (b64url(json.dumps({"alg": "ES256", "kid": KEY_ID}).encode()) + "." +
                     b64url(json.dumps({"iss": TEAM, "iat": int(time.time())}).encode()))
    der = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing_input.encode(),
                         capture_output=True, check=True).stdout
    return signing_input + "." + b64url(der_to_raw(der)), pub


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, within_s: float = 10.0) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)  # bench only: waiting for a third-party server that has no readiness signal
    raise RuntimeError(f"nothing listens on {port}")


def h2load(port: int, args, requests: int, jwt: str, body: Path) -> dict:
    command = ["h2load", "-n", str(requests), "-c", str(args.connections), "-m", str(args.streams),
               "-t", "1", "-d", str(body), "-H", f"apns-topic: {TOPIC}", "-H", "apns-push-type: alert",
               "-H", f"authorization: bearer {jwt}", f"https://127.0.0.1:{port}/3/device/{TOKEN}"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=PROCESS_TIMEOUT_S).stdout
    finished = re.search(r"finished in ([\d.]+)(m?s), ([\d.]+) req/s", out)
    codes = re.search(r"status codes: (\d+) 2xx", out)
    if not finished or not codes:
        raise RuntimeError(f"h2load output not understood:\n{out}")
    return {"rate": float(finished.group(3)), "ok": int(codes.group(1)), "requests": requests}


def cpu_seconds(pid: int) -> tuple[float, float]:
    """User and system CPU seconds of a process (all its threads) from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def measure(name: str, port: int, args, jwt: str, body: Path, pid: int) -> float:
    h2load(port, args, min(1000, args.requests), jwt, body)  # warm-up: TLS, JIT, allocator
    best = 0.0
    user0, sys0 = cpu_seconds(pid)
    for _ in range(args.rounds):
        result = h2load(port, args, args.requests, jwt, body)
        if result["ok"] != result["requests"]:
            raise RuntimeError(f"{name}: only {result['ok']} of {result['requests']} requests got 2xx")
        best = max(best, result["rate"])
    user1, sys1 = cpu_seconds(pid)
    total = args.rounds * args.requests
    cpu = f"CPU {1e6 * (user1 - user0) / total:.1f} user + {1e6 * (sys1 - sys0) / total:.1f} sys us/request"
    print(f"{name:8} {best:10.0f} requests/s (best of {args.rounds} x {args.requests}); {cpu}")
    return best


def ensure_mockttp() -> None:
    if (BENCH_NODE / "node_modules" / "mockttp" / "package.json").is_file():
        return
    print("installing mockttp into bench/node/node_modules ...", flush=True)
    subprocess.run(["npm", "install", "--prefix", str(BENCH_NODE), "--no-package-lock", "--no-audit", "--no-fund",
                    "--loglevel", "error"], check=True, timeout=600)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=str(REPO / "build" / "ci"), help="build directory with oxh_fake_push")
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2,
                        help="server threads: the fake's io threads and nghttpd's workers (the same for both)")
    args = parser.parse_args()
    fake_tool = Path(args.build) / "mock_apns_fcm" / "oxh_fake_push"
    for tool in ("h2load", "nghttpd", "node", "npm", "openssl"):
        if shutil.which(tool) is None:
            print(f"missing {tool} (Debian: nghttp2-client, nghttp2-server, nodejs, npm, openssl)")
            return 2
    if not fake_tool.is_file():
        print(f"missing {fake_tool} (build oxh_fake_push, or pass --build)")
        return 2
    ensure_mockttp()

    with tempfile.TemporaryDirectory(prefix="oxh-apns-bench-") as scratch:
        work = Path(scratch)
        jwt, pub = provider_token(work)
        body = work / "body.json"
        body.write_bytes(BODY)
        world = {"keys": [{"team_id": TEAM, "key_id": KEY_ID, "public_key_file": str(pub), "topics": [TOPIC]}],
                 "devices": [{"token": TOKEN, "topic": TOPIC}],
                 # h2load opens -m streams before it has read the server's SETTINGS; with the
                 # fake's default APNs-like gate (one stream until a valid token) the extra
                 # streams are refused. The bench measures the steady state after that gate.
                 "gate_streams": False,
                 "io_threads": args.workers}
        (work / "world.json").write_text(json.dumps(world))
        docroot = work / "www" / "3" / "device"
        docroot.mkdir(parents=True)
        (docroot / TOKEN).write_bytes(b"")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", work / "key.pem", "-out", work / "cert.pem", "-days", "1", "-subj", "/CN=localhost"],
                       check=True, capture_output=True)

        servers = []
        try:
            fake = subprocess.Popen([str(fake_tool), "--config", str(work / "world.json")], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True)
            servers.append(fake)
            fake_port = json.loads(fake.stdout.readline())["apns_port"]
            mock = subprocess.Popen(["node", str(BENCH_NODE / "mockttp_apns.mjs")], cwd=BENCH_NODE,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            servers.append(mock)
            mock_port = json.loads(mock.stdout.readline())["port"]
            nghttpd_port = free_port()
            # As many workers as the fake has io threads (--workers).
            ceiling = subprocess.Popen(["nghttpd", "-n", str(args.workers), "-d", str(work / "www"), "--address=127.0.0.1",
                                        str(nghttpd_port), str(work / "key.pem"), str(work / "cert.pem")],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            servers.append(ceiling)
            wait_for_port(nghttpd_port, ceiling)

            rates = {"fake": measure("fake", fake_port, args, jwt, body, fake.pid),
                     "mockttp": measure("mockttp", mock_port, args, jwt, body, mock.pid),
                     "nghttpd": measure("nghttpd", nghttpd_port, args, jwt, body, ceiling.pid)}
        finally:
            for server in servers:
                if server.stdin:
                    server.stdin.close()
                else:
                    server.terminate()
            for server in servers:
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
    to_mock = rates["fake"] / rates["mockttp"]
    to_ceiling = rates["fake"] / rates["nghttpd"]
    print(f"ratio fake/mockttp: {to_mock:.1f} (goal >= 10)")
    print(f"ratio fake/nghttpd: {to_ceiling:.2f} (goal >= 0.5)")
    return 0 if to_mock >= 10 and to_ceiling >= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
