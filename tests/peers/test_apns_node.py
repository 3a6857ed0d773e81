"""The fake APNs (mock_apns_fcm/apns, via oxh_fake_push) driven by real clients nobody here wrote:
@parse/node-apn 8.1.0 (token and certificate auth) and curl --http2.

The npm packages live in tests/peers/node/node_modules (`bash ci/install-deps.sh` runs
install_npm_peers; or `npm install --prefix tests/peers/node`). The tool binary:
$OXH_FAKE_PUSH, else the newest build/*/mock_apns_fcm/oxh_fake_push.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT, skip_or_fail

NODE_DIR = REPO_ROOT / "tests" / "peers" / "node"
NODE_MODULES = NODE_DIR / "node_modules"
TOPIC = "com.example.mail"
TEAM = "TEAM123456"
KEY_ID = "ABC123DEFG"
GOOD = "aa" * 32
GONE = "bb" * 32
UNREGISTERED_SINCE_MS = 1_700_000_000_000
RUN_TIMEOUT_S = 60


def fake_push_binary() -> Path:
    env = os.environ.get("OXH_FAKE_PUSH")
    candidates = [Path(env)] if env else sorted(
        REPO_ROOT.glob("build/*/mock_apns_fcm/oxh_fake_push"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    skip_or_fail("oxh_fake_push not built (ninja -C build/<dir> oxh_fake_push, or set OXH_FAKE_PUSH)")
    raise AssertionError("unreachable")


def node_env() -> dict:
    if shutil.which("node") is None:
        skip_or_fail("node is not installed")
    for package in ("@parse/node-apn", "node-gcm"):
        if not (NODE_MODULES / package / "package.json").is_file():
            skip_or_fail(f"npm package {package} missing in {NODE_MODULES} "
                         "(run: npm install --prefix tests/peers/node)")
    return {**os.environ, "NODE_PATH": str(NODE_MODULES)}


class FakePush:
    """oxh_fake_push as a context manager: ports, the CA path, and the recorded pushes."""

    def __init__(self, directory: Path, config: dict):
        self.directory = directory
        self.config_path = directory / "world.json"
        self.config_path.write_text(json.dumps(config))
        self.ca_path = directory / "fake-ca.pem"
        self.proc = None
        self.info: dict = {}

    def __enter__(self) -> "FakePush":
        self.proc = subprocess.Popen(
            [str(fake_push_binary()), "--config", str(self.config_path), "--ca-out", str(self.ca_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"oxh_fake_push did not start: {self.proc.stderr.read()}")
        self.info = json.loads(line)
        return self

    def __exit__(self, *exc) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        assert self.proc.returncode == 0, self.proc.stderr.read()

    @property
    def apns_port(self) -> int:
        return self.info["apns_port"]

    @property
    def fcm_port(self) -> int:
        return self.info["fcm_port"]

    def pushes(self, service: str | None = None) -> list[dict]:
        self.proc.stdin.write("pushes\n")
        self.proc.stdin.flush()
        out = []
        while True:
            record = json.loads(self.proc.stdout.readline())
            if record.get("end"):
                return [r for r in out if service is None or r["service"] == service]
            out.append(record)


def make_p8(directory: Path) -> tuple[Path, Path]:
    """A P-256 key as Apple ships it (.p8 = PKCS#8 PEM) and its public half."""
    ec = directory / "ec.pem"
    p8 = directory / f"AuthKey_{KEY_ID}.p8"
    pub = directory / "pub.pem"
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ec], check=True)
    subprocess.run(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in", ec, "-out", p8], check=True)
    subprocess.run(["openssl", "ec", "-in", p8, "-pubout", "-out", pub], check=True, capture_output=True)
    return p8, pub


def make_client_cert(directory: Path, uid: str = TOPIC, sandbox: bool = True) -> tuple[Path, Path]:
    """An APNs-style provider certificate (push.md §1.5): subject UID = bundle id, Apple's
    environment OIDs and topic list, signed by a throwaway CA (the fake trusts any)."""
    ca_key, ca_cert = directory / "client-ca.key", directory / "client-ca.pem"
    key, csr, cert = directory / "client.key", directory / "client.csr", directory / "client.pem"
    ext = directory / "apple.ext"
    env_line = "1.2.840.113635.100.6.3.1=DER:0500\n" if sandbox else ""
    ext.write_text("extendedKeyUsage=clientAuth\n" + env_line +
                   "1.2.840.113635.100.6.3.2=DER:0500\n"
                   "1.2.840.113635.100.6.3.6=ASN1:SEQUENCE:topics\n"
                   f"[topics]\nt1=UTF8String:{uid}\no1=SEQUENCE:opt_app\n"
                   f"t2=UTF8String:{uid}.voip\no2=SEQUENCE:opt_voip\n"
                   "[opt_app]\na=UTF8String:app\n[opt_voip]\na=UTF8String:voip\n")
    run = lambda *args: subprocess.run(list(args), check=True, capture_output=True)  # noqa: E731
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_cert,
        "-days", "2", "-subj", "/CN=test Apple WWDR stand-in")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
        "-subj", f"/UID={uid}/CN=Apple Push Services: {uid}/OU={TEAM}/O=Example/C=DE")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial",
        "-out", cert, "-days", "2", "-extfile", ext)
    return cert, key


NODE_APN_SCRIPT = r"""
const apn = require('@parse/node-apn');
const cfg = JSON.parse(process.argv[2]);
const options = { address: cfg.address, port: cfg.port, ca: cfg.ca, production: false,
                  connectionRetryLimit: cfg.retries ?? 3, requestTimeout: 10000 };
if (cfg.p8) options.token = { key: cfg.p8, keyId: cfg.keyId, teamId: cfg.teamId };
else { options.cert = cfg.cert; options.key = cfg.key; }
const provider = new apn.Provider(options);
(async () => {
  const out = [];
  for (const job of cfg.jobs) {
    const note = new apn.Notification();
    note.topic = job.topic;
    note.alert = job.alert ?? 'hello';
    note.badge = 3;
    if (job.pad) note.payload = { pad: 'x'.repeat(job.pad) };
    if (job.id) note.id = job.id;
    if (job.pushType) note.pushType = job.pushType;
    const result = await provider.send(note, job.tokens);
    out.push({ sent: result.sent, failed: result.failed.map(f => ({ device: f.device, status: f.status,
      response: f.response, error: f.error ? String(f.error.message || f.error) : undefined })) });
  }
  await provider.shutdown();
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(3); });
"""


def run_node_apn(directory: Path, config: dict) -> list[dict]:
    script = directory / "send_apn.js"
    script.write_text(NODE_APN_SCRIPT)
    proc = subprocess.run(["node", str(script), json.dumps(config)], env=node_env(), capture_output=True,
                          text=True, timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 0, f"node-apn failed: {proc.stderr}\n{proc.stdout}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def world(pub: Path | None = None, **extra) -> dict:
    config = {"devices": [{"token": GOOD, "topic": TOPIC},
                          {"token": GONE, "topic": TOPIC, "unregistered_since_ms": UNREGISTERED_SINCE_MS}]}
    if pub is not None:
        config["keys"] = [{"team_id": TEAM, "key_id": KEY_ID, "public_key_file": str(pub), "topics": [TOPIC]}]
    config.update(extra)
    return config


@pytest.fixture
def p8(tmp_path):
    node_env()
    return make_p8(tmp_path)


def token_config(fake: FakePush, p8_path: Path, jobs: list[dict], **extra) -> dict:
    return {"address": "localhost", "port": fake.apns_port, "ca": str(fake.ca_path), "p8": str(p8_path),
            "keyId": KEY_ID, "teamId": TEAM, "jobs": jobs, **extra}


def test_node_apn_token_auth_success_and_rejections(tmp_path, p8):
    p8_path, pub = p8
    with FakePush(tmp_path, world(pub)) as fake:
        results = run_node_apn(tmp_path, token_config(fake, p8_path, [
            {"topic": TOPIC, "tokens": [GOOD], "id": "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"},
            {"topic": TOPIC, "tokens": ["cc" * 32]},  # well-formed, not registered
            {"topic": TOPIC, "tokens": [GONE]},
            {"topic": TOPIC, "tokens": [GOOD], "pad": 4200},
        ]))
        records = fake.pushes("apns")

    ok, bad, gone, big = results
    assert ok["failed"] == [] and len(ok["sent"]) == 1
    # node-apn surfaces the echoed apns-id and the sandbox-only apns-unique-id (push.md §1.7).
    assert ok["sent"][0]["device"] == GOOD
    assert ok["sent"][0]["apns-id"] == "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
    assert len(ok["sent"][0]["apns-unique-id"]) == 36
    assert bad["failed"] == [{"device": "cc" * 32, "status": 400, "response": {"reason": "BadDeviceToken"}}]
    assert gone["failed"] == [{"device": GONE, "status": 410,
                               "response": {"reason": "Unregistered", "timestamp": UNREGISTERED_SINCE_MS}}]
    assert big["failed"][0]["status"] == 413
    assert big["failed"][0]["response"] == {"reason": "PayloadTooLarge"}

    first = records[0]
    headers = dict(first["request"]["headers"])
    assert first["accepted"] and first["auth"] == f"jwt team={TEAM} kid={KEY_ID}"
    assert headers["apns-topic"] == TOPIC
    assert headers["apns-id"] == "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
    assert headers["authorization"].startswith("bearer ")
    # node-apn's JWT header carries typ (push.md §1.4) and the fake accepted it.
    assert first["request"]["json"]["aps"] == {"alert": "hello", "badge": 3}
    # node-apn sends :authority = the configured address, without the port even when it is not
    # 443 (push.md §1.2 expected a port there; seen here: none).
    assert first["request"]["authority"] == "localhost"
    response_headers = dict(first["response"]["headers"])
    assert response_headers["apns-id"] == "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
    assert "apns-unique-id" in response_headers  # sandbox
    assert [r["reason"] for r in records] == ["", "BadDeviceToken", "Unregistered", "PayloadTooLarge"]


def test_node_apn_expired_provider_token_is_retried_then_reported(tmp_path, p8):
    p8_path, pub = p8
    # The fake's clock runs 3700 s ahead, so node-apn's iat=now token is over an hour old.
    with FakePush(tmp_path, world(pub, clock_offset_s=3700)) as fake:
        results = run_node_apn(tmp_path, token_config(fake, p8_path, [{"topic": TOPIC, "tokens": [GOOD]}],
                                                      retries=2))
        records = fake.pushes("apns")
    failed = results[0]["failed"]
    assert len(failed) == 1 and failed[0]["status"] == 403
    assert failed[0]["error"] == "ExpiredProviderToken"
    # node-apn regenerates the token and retries (connectionRetryLimit=2): 3 requests in all.
    assert [r["reason"] for r in records] == ["ExpiredProviderToken"] * 3
    tokens = {dict(r["request"]["headers"])["authorization"] for r in records}
    assert len(tokens) >= 2, "node-apn should have regenerated its token"


def test_node_apn_unknown_key_is_invalid_provider_token(tmp_path, p8):
    p8_path, _ = p8
    other = tmp_path / "other"
    other.mkdir()
    _, other_pub = make_p8(other)
    with FakePush(tmp_path, world(other_pub)) as fake:
        results = run_node_apn(tmp_path, token_config(fake, p8_path, [{"topic": TOPIC, "tokens": [GOOD]}]))
    assert results[0]["failed"][0]["status"] == 403
    assert results[0]["failed"][0]["response"] == {"reason": "InvalidProviderToken"}


def test_node_apn_certificate_auth(tmp_path):
    node_env()
    cert, key = make_client_cert(tmp_path)
    with FakePush(tmp_path, world()) as fake:
        results = run_node_apn(tmp_path, {
            "address": "localhost", "port": fake.apns_port, "ca": str(fake.ca_path), "cert": str(cert),
            "key": str(key), "jobs": [{"topic": TOPIC, "tokens": [GOOD]},
                                      {"topic": "com.other.app", "tokens": [GOOD]},
                                      {"topic": TOPIC, "tokens": [GONE]}]})
        records = fake.pushes("apns")
    assert [s["device"] for s in results[0]["sent"]] == [GOOD]
    assert results[1]["failed"][0]["response"] == {"reason": "TopicDisallowed"}
    assert results[2]["failed"][0]["status"] == 410
    assert records[0]["auth"] == f"cert uid={TOPIC}"
    assert "authorization" not in dict(records[0]["request"]["headers"])


def curl_apns(fake: FakePush, *args: str, token: str = GOOD, host: str = "localhost") -> tuple[int, dict, str]:
    if shutil.which("curl") is None:
        skip_or_fail("curl is not installed")
    proc = subprocess.run(["curl", "-s", "--http2", "--cacert", str(fake.ca_path), "-D", "-",
                           "--resolve", f"{host}:{fake.apns_port}:127.0.0.1", *args,
                           f"https://{host}:{fake.apns_port}/3/device/{token}"],
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 0, proc.stderr
    head, _, body = proc.stdout.replace("\r\n", "\n").partition("\n\n")
    lines = head.split("\n")
    assert lines[0].startswith("HTTP/2 "), lines[0]
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_curl_http2_with_certificate_and_header_rules(tmp_path):
    cert, key = make_client_cert(tmp_path)
    with FakePush(tmp_path, world()) as fake:
        auth = ["--cert", str(cert), "--key", str(key)]
        status, headers, body = curl_apns(fake, *auth, "-H", f"apns-topic: {TOPIC}", "-d", '{"aps":{}}')
        assert (status, body) == (200, "") and len(headers["apns-id"]) == 36
        cases = [
            (["-H", "apns-priority: 7"], 400, "BadPriority"),
            (["-H", "apns-push-type: telegram"], 400, "InvalidPushType"),
            (["-H", "apns-id: not-a-uuid"], 400, "BadMessageId"),
            (["-H", "apns-expiration: tomorrow"], 400, "BadExpirationDate"),
            (["-H", "apns-collapse-id: " + "c" * 65], 400, "BadCollapseId"),
            (["-H", "apns-push-type: background", "-H", "apns-priority: 10"], 400, "BadPriority"),
        ]
        for extra, want_status, want_reason in cases:
            status, headers, body = curl_apns(fake, *auth, "-H", f"apns-topic: {TOPIC}", *extra, "-d", "{}")
            assert (status, json.loads(body)) == (want_status, {"reason": want_reason}), extra
            assert headers["content-type"] == "application/json"
        status, _, body = curl_apns(fake, *auth, "-H", f"apns-topic: {TOPIC}", "-X", "POST")
        assert (status, json.loads(body)) == (400, {"reason": "PayloadEmpty"})
        status, _, body = curl_apns(fake, *auth, "-H", f"apns-topic: {TOPIC}", "-X", "GET")
        assert (status, json.loads(body)) == (405, {"reason": "MethodNotAllowed"})
        status, _, body = curl_apns(fake, *auth, "-H", f"apns-topic: {TOPIC}", "-d", "{}", token="xyz")
        assert (status, json.loads(body)) == (400, {"reason": "BadDeviceToken"})
        # The production host name selects production; this certificate has both OIDs, the
        # token is a sandbox one -> BadDeviceToken (push.md §1.7).
        status, _, body = curl_apns(fake, *auth, "-H", f"apns-topic: {TOPIC}", "-d", "{}",
                                    host="api.push.apple.com")
        assert (status, json.loads(body)) == (400, {"reason": "BadDeviceToken"})
        # No certificate and no token.
        status, _, body = curl_apns(fake, "-H", f"apns-topic: {TOPIC}", "-d", "{}")
        assert (status, json.loads(body)) == (403, {"reason": "MissingProviderToken"})


def test_curl_certificate_without_sandbox_oid_is_bad_environment(tmp_path):
    cert, key = make_client_cert(tmp_path, sandbox=False)
    with FakePush(tmp_path, world()) as fake:
        status, _, body = curl_apns(fake, "--cert", str(cert), "--key", str(key), "-H", f"apns-topic: {TOPIC}",
                                    "-d", "{}")
    assert (status, json.loads(body)) == (403, {"reason": "BadCertificateEnvironment"})


def test_curl_too_many_requests_to_one_device_token(tmp_path):
    """Per-token rate limit (rate_limiter.hpp, off unless configured): once a token had `max`
    pushes within the window, APNs answers 429 TooManyRequests (push.md §1.7); another token is
    still served."""
    cert, key = make_client_cert(tmp_path)
    other = "dd" * 32
    config = world(rate_limit={"max": 2, "window_ms": 60000})
    config["devices"].append({"token": other, "topic": TOPIC})
    with FakePush(tmp_path, config) as fake:
        auth = ["--cert", str(cert), "--key", str(key), "-H", f"apns-topic: {TOPIC}", "-d", "{}"]
        statuses = [curl_apns(fake, *auth)[0] for _ in range(2)]
        status, headers, body = curl_apns(fake, *auth)
        other_status = curl_apns(fake, *auth, token=other)[0]
        records = fake.pushes("apns")
    assert statuses == [200, 200]
    assert (status, json.loads(body)) == (429, {"reason": "TooManyRequests"})
    assert headers["content-type"] == "application/json" and len(headers["apns-id"]) == 36
    assert other_status == 200
    assert [r["reason"] for r in records] == ["", "", "TooManyRequests", ""]
