"""expect.tls fails, naming what it saw, when the fake Dovecot is told to misbehave (accept TLS 1.0,
present an expired certificate, or one for another host), and the report marks such a run as
insecure (finding oxh.tls.insecure)."""
from __future__ import annotations

import json
import subprocess
import textwrap

import pytest

pytestmark = pytest.mark.oxharness

STRICT_STEP = """\
steps:
  - expect.tls: {endpoint: dovecot.imaps, server_name: localhost, min_version: TLSv1.2,
                 rejects: [TLSv1, TLSv1.1], host_valid: true, expired: false, min_days_left: 1}
"""


def play(oxharness_bin, tmp_path, text: str) -> tuple[subprocess.CompletedProcess, dict]:
    """Runs one scenario text; (the process, its report entry)."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(text)
    report = tmp_path / "report.json"
    run = subprocess.run([str(oxharness_bin), "run", "--json", str(report), str(scenario)], capture_output=True,
                         text=True, timeout=120)
    return run, json.loads(report.read_text())["scenarios"][0]


@pytest.mark.parametrize("option, wanted", [
    ("tls_min_version: TLSv1", ["TLSv1 is accepted, wanted it refused", "TLSv1 is accepted, below min_version TLSv1.2"]),
    ("tls_certificate: expired", ["the certificate expired on"]),
    ("tls_certificate: wrong_host", ["the certificate does not match localhost"]),
])
def test_expect_tls_catches_a_misbehaving_fake(oxharness_bin, tmp_path, option, wanted):
    run, result = play(oxharness_bin, tmp_path,
                       f"name: strict TLS against a weakened fake\ntopology:\n  dovecot: {{{option}}}\n" + STRICT_STEP)
    assert run.returncode == 1, run.stdout + run.stderr
    assert result["status"] == "failed"
    for text in wanted:
        assert text in result["message"], result["message"]
    assert [f["id"] for f in result["findings"]] == ["oxh.tls.insecure"]
    assert "tls.probe" in result["transcript"]


def test_expect_tls_passes_on_the_default_fake_without_insecure_findings(oxharness_bin, tmp_path):
    run, result = play(oxharness_bin, tmp_path, "name: strict TLS against the default fake\n" + STRICT_STEP)
    assert run.returncode == 0, run.stdout + run.stderr
    assert result["findings"] == []


def test_unknown_certificate_mode_is_a_clear_error(oxharness_bin, tmp_path):
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(textwrap.dedent("""\
        name: bad option
        topology:
          dovecot: {tls_certificate: selfsigned}
        steps:
          - expect.tls: {endpoint: dovecot.imaps}
        """))
    run = subprocess.run([str(oxharness_bin), "run", str(scenario)], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "tls_certificate is valid, expired or wrong_host, got 'selfsigned'" in run.stdout + run.stderr


FACADE_STRICT_STEP = """\
steps:
  - expect.tls: {endpoint: facade.https, server_name: localhost, ca_pem: "${topology.facade.ca_pem}",
                 min_version: TLSv1.2, rejects: [TLSv1, TLSv1.1], host_valid: true, trusted: true,
                 expired: false, min_days_left: 1}
"""


@pytest.mark.parametrize("option, wanted", [
    ("tls_min_version: TLSv1", ["TLSv1 is accepted, wanted it refused"]),
    ("tls_certificate: expired", ["the certificate expired on"]),
    ("tls_certificate: wrong_host", ["the certificate does not match localhost"]),
])
def test_expect_tls_catches_a_misbehaving_fake_facade(oxharness_bin, tmp_path, option, wanted):
    run, result = play(oxharness_bin, tmp_path, "name: strict TLS against a weakened fake facade\n"
                       f"topology:\n  facade: {{tls: true, {option}}}\n" + FACADE_STRICT_STEP)
    assert run.returncode == 1, run.stdout + run.stderr
    assert result["status"] == "failed"
    for text in wanted:
        assert text in result["message"], result["message"]
    assert [f["id"] for f in result["findings"]] == ["oxh.tls.insecure"]
    assert "facade" in result["findings"][0]["message"]


def test_expect_tls_passes_on_the_default_fake_facade(oxharness_bin, tmp_path):
    run, result = play(oxharness_bin, tmp_path,
                       "name: strict TLS against the default fake facade\ntopology:\n  facade: {tls: true}\n"
                       + FACADE_STRICT_STEP)
    assert run.returncode == 0, run.stdout + run.stderr
    assert result["findings"] == []


APNS_STRICT_STEP = """\
steps:
  - expect.tls: {endpoint: apns.listen, server_name: api.push.apple.com, ca_pem: "${topology.apns.ca_pem}",
                 min_version: TLSv1.2, rejects: [TLSv1, TLSv1.1], host_valid: true, trusted: true,
                 expired: false, alpn: h2}
"""


@pytest.mark.parametrize("option, wanted", [
    ("", None),
    ("tls_min_version: TLSv1", "TLSv1 is accepted, wanted it refused"),
    ("tls_certificate: expired", "the certificate expired on"),
    ("tls_certificate: wrong_host", "the certificate does not match api.push.apple.com"),
])
def test_expect_tls_on_the_fake_apns_well_and_misbehaving(oxharness_bin, tmp_path, option, wanted):
    run, result = play(oxharness_bin, tmp_path,
                       f"name: strict TLS against the fake APNs\ntopology:\n  apns: {{{option}}}\n" + APNS_STRICT_STEP)
    if wanted is None:
        assert run.returncode == 0, run.stdout + run.stderr
        assert result["findings"] == []
    else:
        assert run.returncode == 1, run.stdout + run.stderr
        assert wanted in result["message"], result["message"]
        assert [f["id"] for f in result["findings"]] == ["oxh.tls.insecure"]
