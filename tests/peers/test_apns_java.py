"""The fake APNs HTTP/2 provider API (mock_apns_fcm/apns, via oxh_fake_push) driven by the JDK's
own HTTP/2 client (java.net.http.HttpClient, Java 17) through tests/peers/java/ApnsPost.java:
TLS trust from a PKCS#12 trust store that keytool builds from the fake's CA, ALPN h2, and a
provider token the JDK signs (ES256, P1363 signature form). Nothing on the client side is ours
except the 100-line glue.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import REPO_ROOT, skip_or_fail
from peers.test_apns_node import GONE, GOOD, KEY_ID, RUN_TIMEOUT_S, TEAM, TOPIC, FakePush, make_p8, world

JAVA_SOURCE = REPO_ROOT / "tests" / "peers" / "java" / "ApnsPost.java"
STORE_PASSWORD = "changeit"
APNS_ID = "4b9f0e3c-2d1a-4e5f-8a7b-6c5d4e3f2a1b"


def jdk() -> tuple[str, str]:
    java, keytool = shutil.which("java"), shutil.which("keytool")
    if java is None or keytool is None:
        skip_or_fail("a JDK (java, keytool) is not installed")
    return java, keytool


def trust_store(keytool: str, ca: Path, directory: Path) -> Path:
    store = directory / "trust.p12"
    subprocess.run([keytool, "-importcert", "-noprompt", "-alias", "oxharness-fake-ca", "-file", str(ca),
                    "-keystore", str(store), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD],
                   check=True, capture_output=True, timeout=RUN_TIMEOUT_S)
    return store


def run_java(fake: FakePush, directory: Path, p8: Path, tokens: list[str], **extra: str) -> list[dict]:
    java, keytool = jdk()
    store = trust_store(keytool, fake.ca_path, directory)
    args = [java, f"-Djavax.net.ssl.trustStore={store}", f"-Djavax.net.ssl.trustStorePassword={STORE_PASSWORD}",
            str(JAVA_SOURCE), "--base", f"https://localhost:{fake.apns_port}", "--p8", str(p8), "--key-id", KEY_ID,
            "--team", TEAM, "--topic", TOPIC]
    for name, value in extra.items():
        args += [f"--{name.replace('_', '-')}", value]
    for token in tokens:
        args += ["--token", token]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    assert proc.returncode == 0, f"java failed: {proc.stderr}\n{proc.stdout}"
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def test_jdk_http2_client_gets_200_with_apns_id_and_400_bad_device_token(tmp_path):
    jdk()
    p8, pub = make_p8(tmp_path)
    with FakePush(tmp_path, world(pub)) as fake:
        ok, bad, gone = run_java(fake, tmp_path, p8, [GOOD, "cc" * 32, GONE], apns_id=APNS_ID,
                                 body='{"aps":{"alert":"from the JDK"}}')
        records = fake.pushes("apns")
    assert ok == {"token": GOOD, "status": 200, "version": "HTTP_2", "apns_id": APNS_ID, "content_type": "",
                  "body": ""}
    assert (bad["status"], bad["version"], bad["apns_id"]) == (400, "HTTP_2", APNS_ID)
    assert bad["content_type"] == "application/json"
    assert json.loads(bad["body"]) == {"reason": "BadDeviceToken"}
    assert gone["status"] == 410 and json.loads(gone["body"])["reason"] == "Unregistered"
    assert [r["reason"] for r in records] == ["", "BadDeviceToken", "Unregistered"]
    # The JDK's JWT (no "typ", P1363 signature) was accepted, on one connection for all three.
    assert records[0]["auth"] == f"jwt team={TEAM} kid={KEY_ID}"
    assert len({r["connection"] for r in records}) == 1
    assert records[0]["request"]["json"] == {"aps": {"alert": "from the JDK"}}
    # The JDK sends :authority with the port (node-apn leaves it out; test_apns_node.py).
    assert records[0]["request"]["authority"] == f"localhost:{fake.apns_port}"


def test_jdk_without_the_fake_ca_refuses_the_server(tmp_path):
    java, _ = jdk()
    p8, pub = make_p8(tmp_path)
    with FakePush(tmp_path, world(pub)) as fake:
        proc = subprocess.run([java, str(JAVA_SOURCE), "--base", f"https://localhost:{fake.apns_port}", "--p8", str(p8),
                               "--key-id", KEY_ID, "--team", TEAM, "--topic", TOPIC, "--token", GOOD],
                              capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        records = fake.pushes("apns")
    assert proc.returncode != 0
    assert "SSLHandshakeException" in proc.stderr or "PKIX" in proc.stderr
    assert records == []
