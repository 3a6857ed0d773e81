"""The TLS prober (`oxharness tls-probe`, the code behind `expect.tls`) cross-checked against
`openssl s_client` and `testssl.sh` on endpoints nobody here wrote: nginx from Debian configured
well (TLS 1.2+) and badly (TLS 1.0 and 1.1 on), real Dovecot 2.3 with ssl_min_protocol TLSv1.2 and
TLSv1 (IMAPS and IMAP STARTTLS), and the fake Dovecot's IMAPS. Per protocol version, the three
verdicts must agree."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import skip_or_fail
from support.tls_peers import VERSIONS, Nginx, s_client_verdicts, verdicts_from_testssl

pytestmark = pytest.mark.oxharness


def probe(oxharness_bin, host: str, port: int, *extra: str) -> dict:
    run = subprocess.run([str(oxharness_bin), "tls-probe", f"{host}:{port}", "--json", *extra],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def prober_verdicts(report: dict) -> dict[str, str]:
    return {v["version"]: v["verdict"] for v in report["versions"] if v["version"] in VERSIONS}


@pytest.fixture
def nginx_factory():
    if shutil.which("nginx") is None and not shutil.os.path.exists("/usr/sbin/nginx"):
        skip_or_fail("nginx is not installed (apt: nginx-light; `bash ci/run.sh deps` installs it)")
    if shutil.which("testssl") is None:
        skip_or_fail("testssl.sh is not installed (apt: testssl.sh)")
    started: list[Nginx] = []

    def start(**kwargs) -> Nginx:
        server = Nginx(**kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def test_nginx_tls12_floor_agrees_with_s_client_and_testssl(oxharness_bin, nginx_factory):
    nginx = nginx_factory(protocols="TLSv1.2 TLSv1.3")
    report = probe(oxharness_bin, "127.0.0.1", nginx.port, "--server-name", "localhost", "--ca", str(nginx.cert))
    ours = prober_verdicts(report)
    assert ours == {"TLSv1": "refused", "TLSv1.1": "refused", "TLSv1.2": "accepted", "TLSv1.3": "accepted"}
    assert ours == s_client_verdicts("127.0.0.1", nginx.port)
    assert ours == verdicts_from_testssl("127.0.0.1", nginx.port)
    assert report["fallback_scsv"] == "protected"
    assert report["chain_trusted"] and report["host_matches"]
    assert report["weak_cipher_accepted"] is False
    # The pin matches what openssl computes from the certificate file.
    spki = subprocess.run(["openssl", "x509", "-in", str(nginx.cert), "-pubkey", "-noout"], capture_output=True,
                          check=True, timeout=30).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=spki, capture_output=True,
                         check=True, timeout=30).stdout
    digest = subprocess.run(["openssl", "dgst", "-sha256", "-binary"], input=der, capture_output=True, check=True,
                            timeout=30).stdout
    pin = subprocess.run(["openssl", "base64", "-A"], input=digest, capture_output=True, check=True,
                         timeout=30).stdout.decode().strip()
    assert report["pins"][0] == "sha256/" + pin


def test_nginx_with_tls10_enabled_is_caught_like_s_client_and_testssl(oxharness_bin, nginx_factory):
    nginx = nginx_factory(protocols="TLSv1 TLSv1.1 TLSv1.2", ciphers='"ALL:@SECLEVEL=0"')
    report = probe(oxharness_bin, "127.0.0.1", nginx.port, "--server-name", "wrong.example")
    ours = prober_verdicts(report)
    assert ours == {"TLSv1": "accepted", "TLSv1.1": "accepted", "TLSv1.2": "accepted", "TLSv1.3": "refused"}
    assert ours == s_client_verdicts("127.0.0.1", nginx.port)
    assert ours == verdicts_from_testssl("127.0.0.1", nginx.port)
    assert report["fallback_scsv"] == "protected"  # OpenSSL servers honour TLS_FALLBACK_SCSV
    assert report["host_matches"] is False
    assert report["chain_trusted"] is False  # no --ca: the system store does not know it
    assert any(c["version"] == "TLSv1" for c in report["ciphers"])


@pytest.mark.dovecot
@pytest.mark.parametrize("min_protocol", ["TLSv1.2", "TLSv1"])
def test_real_dovecot_ssl_min_protocol_agrees_on_imaps_and_starttls(oxharness_bin, real_dovecot_factory, min_protocol):
    if shutil.which("testssl") is None:
        skip_or_fail("testssl.sh is not installed (apt: testssl.sh)")
    dovecot = real_dovecot_factory(tls=True, ssl_min_protocol=min_protocol)
    expected = {v: ("accepted" if VERSIONS.index(v) >= VERSIONS.index(min_protocol) else "refused") for v in VERSIONS}
    imaps = probe(oxharness_bin, dovecot.host, dovecot.imaps_port, "--no-ciphers")
    assert prober_verdicts(imaps) == expected
    assert prober_verdicts(imaps) == s_client_verdicts(dovecot.host, dovecot.imaps_port)
    starttls = probe(oxharness_bin, dovecot.host, dovecot.imap_port, "--starttls", "imap", "--no-ciphers")
    assert starttls["preamble"].startswith("S: * OK")
    assert prober_verdicts(starttls) == expected
    assert prober_verdicts(starttls) == s_client_verdicts(dovecot.host, dovecot.imap_port, starttls="imap")
    assert prober_verdicts(starttls) == verdicts_from_testssl(dovecot.host, dovecot.imap_port, starttls="imap")


def test_fake_dovecot_imaps_and_starttls_keep_the_tls12_floor(oxharness_bin):
    from oxharness_pytest.stack import FakeStack

    with FakeStack(oxharness_bin) as stack:
        host, port = stack.endpoint("dovecot", "imaps")
        report = probe(oxharness_bin, host, port)
        assert prober_verdicts(report) == s_client_verdicts(host, port)
        assert prober_verdicts(report)["TLSv1.1"] == "refused" and prober_verdicts(report)["TLSv1.2"] == "accepted"
        assert report["weak_cipher_accepted"] is False
        host, port = stack.endpoint("dovecot", "imap")
        starttls = probe(oxharness_bin, host, port, "--starttls", "imap", "--no-ciphers")
        assert prober_verdicts(starttls) == s_client_verdicts(host, port, starttls="imap")


def test_unreachable_endpoint_exits_1_with_the_reason(oxharness_bin):
    from support.ports import free_port

    run = subprocess.run([str(oxharness_bin), "tls-probe", f"127.0.0.1:{free_port()}", "--no-ciphers"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "unreachable" in run.stderr and "connect" in run.stderr
    bad = subprocess.run([str(oxharness_bin), "tls-probe", "nonsense"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "[oxh.cli.bad-address]" in bad.stderr
