"""tools/netns-run: unmodified clients that use Apple's and Google's REAL host names, with no
endpoint override, reach the fakes (mock_apns_fcm via `oxharness serve`) inside a network
namespace whose /etc/hosts points those names at loopback (push.md §3).

Peers nobody here wrote: curl --http2 to https://api.push.apple.com/3/device/..., npm
@parse/node-apn with production true and false and no `address`, npm firebase-admin (FCM HTTP
v1; sendEach over HTTP/2, send over HTTP/1.1) with a credential whose getAccessToken returns a
fixed token, so nothing talks to Google's OAuth server, and the JDK's HttpClient trusting the
harness CA through the trust store --java builds.

Each test runs one driver script inside the namespace: it runs the peers, then reads what the
fakes recorded from the control plane ($OXH_CONTROL_URL, only reachable inside) and prints one
JSON document. Needs root (or unprivileged user namespaces); skips with the reason otherwise.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, skip_or_fail
from peers.test_apns_java import JAVA_SOURCE
from peers.test_apns_node import GONE, GOOD, KEY_ID, NODE_MODULES, TEAM, TOPIC, make_client_cert, make_p8

NETNS_RUN = REPO_ROOT / "tools" / "netns-run"
RUN_TIMEOUT_S = 120
FIXED_TOKEN = "oxh-fixed-access-token"
PROJECT = "demo-project"

DRIVER = r"""
import json, os, subprocess, sys, urllib.request
jobs = json.loads(sys.argv[1])
control = os.environ["OXH_CONTROL_URL"]
def get(action):
    with urllib.request.urlopen(control + action, timeout=10) as response:
        return json.load(response)
def post(action, body):
    request = urllib.request.Request(control + action, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)
for action, body in jobs.get("setup", []):
    post(action, body)
runs = []
for command in jobs["commands"]:
    proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
    runs.append({"rc": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr[-3000:]})
out = {"runs": runs, "env": {k: os.environ.get(k) for k in ("SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS")}}
for action in jobs.get("collect", []):
    out[action] = get(action)
print("OXH-RESULT " + json.dumps(out))
"""


def netns_available() -> None:
    if not NETNS_RUN.is_file():
        pytest.fail(f"{NETNS_RUN} is missing")
    extra = [] if os.geteuid() == 0 else ["--map-root-user"]
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run(["unshare", "--net", "--mount", *extra, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"network namespaces are not permitted here: {probe.stderr.strip() or probe.returncode}")


def run_inside(oxharness_bin: Path, tmp_path: Path, jobs: dict, config: dict | None = None,
               java: bool = False) -> dict:
    netns_available()
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    args = [str(NETNS_RUN), "--oxharness", str(oxharness_bin)] + (["--java"] if java else [])
    if config is not None:
        path = tmp_path / "serve.json"
        path.write_text(json.dumps(config))
        args += ["--config", str(path)]
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    proc = subprocess.run([*args, "--", sys.executable, str(driver), json.dumps(jobs)], capture_output=True,
                          text=True, timeout=RUN_TIMEOUT_S, env=env)
    if proc.returncode == 77:
        pytest.skip(proc.stderr.strip())
    assert proc.returncode == 0, f"netns-run failed ({proc.returncode}): {proc.stderr}\n{proc.stdout}"
    lines = [line for line in proc.stdout.splitlines() if line.startswith("OXH-RESULT ")]
    assert lines, proc.stdout + proc.stderr
    return json.loads(lines[-1][len("OXH-RESULT "):])


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        skip_or_fail(f"{tool} is not installed")
    return path


def need_npm(package: str) -> None:
    need("node")
    if not (NODE_MODULES / package / "package.json").is_file():
        skip_or_fail(f"npm package {package} missing in {NODE_MODULES} (run: npm install --prefix tests/peers/node)")


def test_hosts_file_and_ca_inside_only(oxharness_bin, tmp_path):
    curl = need("curl")
    result = run_inside(oxharness_bin, tmp_path, {"commands": [
        ["getent", "hosts", "api.push.apple.com"], ["getent", "hosts", "fcm.googleapis.com"],
        ["getent", "hosts", "gateway.sandbox.push.apple.com"], ["getent", "hosts", "oauth2.googleapis.com"],
        # No --cacert: curl trusts the harness CA through CURL_CA_BUNDLE alone.
        [curl, "-sS", "-d", "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=a.b.c",
         "https://oauth2.googleapis.com/token"]]})
    addresses = [run["stdout"].split()[0] for run in result["runs"][:4]]
    assert addresses == ["127.0.0.2", "127.0.0.3", "127.0.0.2", "127.0.0.3"]
    assert json.loads(result["runs"][4]["stdout"]) == {"access_token": "oxh-fake-access-token", "expires_in": 3599,
                                                       "token_type": "Bearer"}, result["runs"][4]
    assert result["env"]["NODE_EXTRA_CA_CERTS"].endswith("harness-ca.pem")
    # Outside the namespace nothing changed.
    assert "api.push.apple.com" not in Path("/etc/hosts").read_text()


def test_curl_http2_to_the_real_apns_host_name(oxharness_bin, tmp_path):
    curl = need("curl")
    cert, key = make_client_cert(tmp_path)
    base = [curl, "-s", "--http2", "--cert", str(cert), "--key", str(key), "-H", f"apns-topic: {TOPIC}",
            "-o", "/dev/null", "-w", "%{http_code} %{http_version}"]
    config = {"apns": {"accept_unknown_tokens": False,
                       "devices": [{"token": GOOD, "topic": TOPIC, "environment": "production"},
                                   {"token": GOOD[:-2] + "cc", "topic": TOPIC, "environment": "sandbox"}]}}
    result = run_inside(oxharness_bin, tmp_path, {
        "commands": [[*base, "-d", '{"aps":{"alert":"hi"}}', f"https://api.push.apple.com/3/device/{GOOD}"],
                     [*base, "-d", "{}", f"https://api.push.apple.com/3/device/{GONE}"],
                     [*base, "-d", "{}", f"https://api.sandbox.push.apple.com/3/device/{GOOD[:-2]}cc"]],
        "collect": ["apns_pushes"]}, config)
    assert [run["stdout"] for run in result["runs"]] == ["200 2", "400 2", "200 2"], result["runs"]
    pushes = result["apns_pushes"]["pushes"]
    assert [(p["request"]["authority"], p["request"]["environment"], p["reason"]) for p in pushes] == [
        ("api.push.apple.com", "production", ""), ("api.push.apple.com", "production", "BadDeviceToken"),
        ("api.sandbox.push.apple.com", "sandbox", "")]


NODE_APN = r"""
const apn = require('@parse/node-apn');
const [p8, production, token] = process.argv.slice(2);
// No address and no port: node-apn picks api.push.apple.com or api.sandbox.push.apple.com:443.
const provider = new apn.Provider({ token: { key: p8, keyId: '%KEY%', teamId: '%TEAM%' },
                                    production: production === 'true', connectionRetryLimit: 1 });
const note = new apn.Notification({ alert: 'hello', badge: 1 });
note.topic = '%TOPIC%';
provider.send(note, [token]).then(result => {
  console.log(JSON.stringify({ sent: result.sent.length, failed: result.failed.map(f => [f.status, f.response]) }));
  provider.shutdown();
});
"""


def test_node_apn_production_and_sandbox_without_address(oxharness_bin, tmp_path):
    need_npm("@parse/node-apn")
    p8, pub = make_p8(tmp_path)
    script = tmp_path / "apn.js"
    script.write_text(NODE_APN.replace("%KEY%", KEY_ID).replace("%TEAM%", TEAM).replace("%TOPIC%", TOPIC))
    config = {"apns": {"accept_unknown_tokens": False,
                       "keys": [{"team_id": TEAM, "key_id": KEY_ID, "public_key_file": str(pub), "topics": [TOPIC]}],
                       "devices": [{"token": GOOD, "topic": TOPIC, "environment": "production"},
                                   {"token": GONE, "topic": TOPIC, "environment": "sandbox",
                                    "unregistered_since_ms": 1_700_000_000_000}]}}
    node = need("node")
    result = run_inside(oxharness_bin, tmp_path, {
        "commands": [[node, str(script), str(p8), "true", GOOD],
                     [node, str(script), str(p8), "false", GONE],
                     [node, str(script), str(p8), "false", GOOD]],
        "collect": ["apns_pushes"]}, config)
    outputs = [json.loads(run["stdout"] or "null") for run in result["runs"]]
    assert outputs[0] == {"sent": 1, "failed": []}, result["runs"][0]
    assert outputs[1] == {"sent": 0, "failed": [[410, {"reason": "Unregistered", "timestamp": 1_700_000_000_000}]]}
    # A production token sent to the sandbox host: BadDeviceToken (push.md §1.7).
    assert outputs[2] == {"sent": 0, "failed": [[400, {"reason": "BadDeviceToken"}]]}
    pushes = result["apns_pushes"]["pushes"]
    assert [p["request"]["authority"] for p in pushes] == [
        "api.push.apple.com", "api.sandbox.push.apple.com", "api.sandbox.push.apple.com"]
    assert all(p["auth"] == f"jwt team={TEAM} kid={KEY_ID}" for p in pushes)


FIREBASE = r"""
const { initializeApp } = require('firebase-admin/app');
const { getMessaging } = require('firebase-admin/messaging');
// A credential object whose getAccessToken returns a fixed token: no call to Google's OAuth.
const app = initializeApp({ projectId: '%PROJECT%',
  credential: { getAccessToken: async () => ({ access_token: '%TOKEN%', expires_in: 3600 }) } });
const messaging = getMessaging(app);
(async () => {
  const each = await messaging.sendEach([
    { token: 'good-token', data: { kind: 'new-mail' }, android: { priority: 'high', ttl: 3600 * 1000 } },
    { token: 'gone-token', notification: { title: 'hi' } },
    { token: 'not-a-token' },
  ]);
  const one = await messaging.send({ token: 'good-token', data: { via: 'send' } });
  console.log(JSON.stringify({
    each: each.responses.map(r => r.success ? ['ok', r.messageId] : ['error', r.error.code]),
    one,
  }));
})().catch(e => { console.error(e); process.exit(3); });
"""


def test_firebase_admin_fcm_v1_over_http2_and_http1(oxharness_bin, tmp_path):
    need_npm("firebase-admin")
    script = tmp_path / "fcm.js"
    script.write_text(FIREBASE.replace("%PROJECT%", PROJECT).replace("%TOKEN%", FIXED_TOKEN))
    config = {"fcm": {"accept_unknown_tokens": False, "access_tokens": [FIXED_TOKEN],
                      "devices": [{"token": "good-token", "sender": PROJECT},
                                  {"token": "gone-token", "sender": PROJECT, "registered": False}]}}
    result = run_inside(oxharness_bin, tmp_path, {
        "commands": [[need("node"), str(script)]],
        "collect": ["fcm_pushes", "journal?component=fcm&kind=http.exchange"]}, config)
    run = result["runs"][0]
    assert run["rc"] == 0, run["stderr"]
    output = json.loads(run["stdout"])
    prefix = f"projects/{PROJECT}/messages/"
    assert output["each"][0][0] == "ok" and output["each"][0][1].startswith(prefix)
    assert output["each"][1:] == [["error", "messaging/registration-token-not-registered"],
                                  ["error", "messaging/invalid-argument"]]
    assert output["one"].startswith(prefix)
    pushes = result["fcm_pushes"]["pushes"]
    # sendEach's three requests run concurrently: compare them as a set.
    assert sorted(p["reason"] for p in pushes[:3]) == ["", "INVALID_ARGUMENT", "UNREGISTERED"]
    assert pushes[3]["reason"] == ""
    good = next(p for p in pushes[:3] if p["token"] == "good-token")
    headers = dict((k.lower(), v) for k, v in good["request"]["headers"])
    assert headers["authorization"] == f"Bearer {FIXED_TOKEN}"
    assert good["request"]["json"]["message"]["android"] == {"priority": "high", "ttl": "3600s"}
    exchanges = result["journal?component=fcm&kind=http.exchange"]["entries"]
    versions = [e["data"]["request"]["version"] for e in exchanges]
    # sendEach went over HTTP/2, send() over HTTP/1.1 (push.md §5), to the same TLS port.
    assert versions == ["HTTP/2", "HTTP/2", "HTTP/2", "HTTP/1.1"], versions
    hosts = [dict((k.lower(), v) for k, v in e["data"]["request"]["headers"]).get("host") for e in exchanges]
    assert all(host.split(":")[0] == "fcm.googleapis.com" for host in hosts), hosts


def test_jdk_http2_client_trusts_the_fake_through_the_java_trust_store(oxharness_bin, tmp_path):
    """--java: the JVM (java.net.http.HttpClient, tests/peers/java/ApnsPost.java) trusts the
    harness CA only through JAVA_TOOL_OPTIONS' trust store, and reaches api.push.apple.com:443."""
    java = need("java")
    need("keytool")
    p8, pub = make_p8(tmp_path)
    config = {"apns": {"environment": "production",
                       "keys": [{"team_id": TEAM, "key_id": KEY_ID, "public_key_file": str(pub), "topics": [TOPIC]}],
                       "devices": [{"token": GOOD, "topic": TOPIC, "environment": "production"}]}}
    result = run_inside(oxharness_bin, tmp_path, {
        "commands": [[java, str(JAVA_SOURCE), "--base", "https://api.push.apple.com", "--p8", str(p8),
                      "--key-id", KEY_ID, "--team", TEAM, "--topic", TOPIC, "--token", GOOD]],
        "collect": ["apns_pushes"]}, config, java=True)
    run = result["runs"][0]
    assert run["rc"] == 0, run["stderr"]
    answers = [json.loads(line) for line in run["stdout"].splitlines() if line.startswith("{")]
    assert [(a["status"], a["version"]) for a in answers] == [(200, "HTTP_2")], run
    pushes = result["apns_pushes"]["pushes"]
    assert [(p["request"]["authority"], p["request"]["environment"]) for p in pushes] == [
        ("api.push.apple.com", "production")]

