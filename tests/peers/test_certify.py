"""`oxharness certify` against a local deployment built from parts nobody here wrote: nginx from
Debian as the TLS proxy, real Dovecot 2.3 as the mail server, and the fake stack's http-notify
receiver and fake App Suite standing in for the middleware. The good deployment passes every
check; each broken variant is caught by exactly the intended check and no other."""
from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import hashlib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from conftest import skip_or_fail
from oxharness_pytest.stack import FakeStack
from support.ports import free_port
from support.tls_peers import Nginx

pytestmark = [pytest.mark.oxharness, pytest.mark.dovecot]

GOOD_MAIL_PUSH = """\
# mail-push.properties as a partner ships it
com.openexchange.push.allowedClients="USM-EAS*", "open-xchange-mobile-api-facade*"
com.openexchange.push.allowPermanentPush=true
com.openexchange.push.credstorage.enabled=true
com.openexchange.push.credstorage.passcrypt=correct horse battery staple
"""


GOOD_PNS = """\
com.openexchange.pns.delayDuration=1000
com.openexchange.pns.transport.apn.ios.enabled.open-xchange-mobile-api-facade=true
com.openexchange.pns.transport.gcm.enabled.open-xchange-mobile-api-facade=true
"""
GOOD_APNS = "open-xchange-mobile-api-facade:\n    enabled: true\n    keystore: /opt/ox/apns.p12\n    password: secret\n"
GOOD_GCM = "open-xchange-mobile-api-facade:\n    enabled: true\n    key: AIzaSyExample\n"


class Deployment:
    """A local deployment: real Dovecot, nginx in front of the notify receiver, config files."""

    def __init__(self, tmp: Path, oxharness_bin: Path, stack: FakeStack, dovecot, nginx: Nginx, notify_port: int):
        self.tmp, self.bin, self.stack, self.dovecot, self.nginx = tmp, oxharness_bin, stack, dovecot, nginx
        self.notify_port = notify_port
        self.mail_push = GOOD_MAIL_PUSH
        self.pns = GOOD_PNS

    def write(self) -> Path:
        (self.tmp / "mail-push.properties").write_text(self.mail_push)
        (self.tmp / "pns.properties").write_text(self.pns)
        (self.tmp / "pns-apns-options.yml").write_text(GOOD_APNS)
        (self.tmp / "pns-gcm-options.yml").write_text(GOOD_GCM)
        doveconf = subprocess.run(["doveconf", "-n", "-c", str(self.dovecot.config_path)], capture_output=True,
                                  text=True, timeout=30)
        assert doveconf.returncode == 0, doveconf.stderr
        (self.tmp / "doveconf.txt").write_text(doveconf.stdout)
        notify = self.stack.ready["notify"]["listen"]
        data = {
            "name": "local certification deployment",
            "app_endpoints": [{"name": "app gateway (nginx)", "endpoint": f"127.0.0.1:{self.nginx.port}",
                               "server_name": "localhost", "ca": str(self.nginx.cert)}],
            "middleware": {"public_url": f"https://127.0.0.1:{self.nginx.port}", "internal_url": f"http://{notify}",
                           "ca": str(self.nginx.cert)},
            "app_suite": {"url": self.stack.ready["facade"]["url"]},
            "dovecot": {"imap": f"{self.dovecot.host}:{self.dovecot.imap_port}",
                        "lmtp": f"{self.dovecot.host}:{self.dovecot.lmtp_port}",
                        "ox_addresses": ["127.0.0.1"], "other_addresses": ["127.0.0.2"],
                        "notify_listen": f"127.0.0.1:{self.notify_port}", "notify_user": "oxuser",
                        "notify_password": "oxpass"},
            "users": [{"login": "alice@example.org", "password": "secret", "user_id": 3, "context_id": 1}],
            "config": {"mail_push_properties": "mail-push.properties", "dovecot": "doveconf.txt",
                       "pns_properties": "pns.properties", "pns_apns_options": "pns-apns-options.yml",
                       "pns_gcm_options": "pns-gcm-options.yml"},
        }
        path = self.tmp / "deployment.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        return path

    def certify(self) -> tuple[int, dict, str]:
        target = self.write()
        report = self.tmp / "report.json"
        run = subprocess.run([str(self.bin), "certify", "--target", str(target), "--json", str(report),
                              "--junit", str(self.tmp / "junit.xml"), "--evidence", str(self.tmp / "evidence.tar")],
                             capture_output=True, text=True, timeout=300)
        assert report.exists(), run.stdout + run.stderr
        return run.returncode, json.loads(report.read_text()), run.stdout


def failing(report: dict) -> list[str]:
    return sorted({check["id"] for check in report["checks"] if check["verdict"] == "fail"})


@pytest.fixture
def deployment_factory(tmp_path, oxharness_bin, real_dovecot_factory):
    for tool in ("nginx", "doveconf"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists() and not Path(f"/usr/bin/{tool}").exists():
            skip_or_fail(f"{tool} is not installed (`bash ci/run.sh deps`)")
    cleanups = []

    def make(*, protocols="TLSv1.2 TLSv1.3", ciphers=None, deny_preliminary=True, metadata_remote="127.0.0.1",
             extra_dovecot="", flagging="flaggedImplicit", server_version=None) -> Deployment:
        # Dovecot's ox driver calls certify's own receiver (dovecot.notify_listen) for PUSH-02.
        notify_port = free_port()
        dovecot = real_dovecot_factory(notify_port=notify_port, notify_user="oxuser", notify_password="oxpass",
                                       metadata_remote=metadata_remote, extra_config=extra_dovecot)
        # The fake App Suite over that Dovecot (FLAG-01), and its http-notify servlet (PRELIM-*).
        stack = FakeStack(oxharness_bin, {
            "users": [{"login": "alice@example.org", "password": "secret", "user_id": 3, "context_id": 1,
                       "flagging": flagging}],
            "facade": {"imap": f"{dovecot.host}:{dovecot.imap_port}", "lmtp": f"{dovecot.host}:{dovecot.lmtp_port}",
                       **({"server_version": server_version} if server_version else {})},
        }).start()
        cleanups.append(stack.stop)
        notify = stack.ready["notify"]["listen"]
        # The public proxy denies /preliminary (the good case) or passes it to the servlet (broken).
        locations = ("location /preliminary { return 403; }" if deny_preliminary
                     else f"location /preliminary/ {{ proxy_pass http://{notify}; }}")
        nginx = Nginx(protocols=protocols, ciphers=ciphers, locations=locations).start()
        cleanups.append(nginx.stop)
        directory = tmp_path / f"deployment{len(cleanups)}"
        directory.mkdir()
        return Deployment(directory, oxharness_bin, stack, dovecot, nginx, notify_port)

    yield make
    for cleanup in reversed(cleanups):
        cleanup()


def test_good_deployment_passes_every_check_with_reports_and_evidence(deployment_factory):
    deployment = deployment_factory()
    code, report, out = deployment.certify()
    assert failing(report) == [], out
    assert code == 0, out
    ids = {check["id"] for check in report["checks"]}
    assert {"VER-01", "TLS-01", "TLS-02", "TLS-03", "PRELIM-01", "PRELIM-02", "MD-01", "MD-02", "THR-01", "PUSH-01", "PUSH-02",
            "FLAG-01", "LINT-PNS-01",
            "LINT-01", "LINT-02", "LINT-03", "LINT-DC-01", "LINT-DC-02", "LINT-DC-03", "LINT-DC-04"} <= ids
    junit = ElementTree.parse(deployment.tmp / "junit.xml").getroot()
    assert int(junit.find("testsuite").get("tests")) == len(report["checks"])
    with tarfile.open(deployment.tmp / "evidence.tar") as bundle:
        names = bundle.getnames()
        manifest = bundle.extractfile("MANIFEST.sha256").read().decode().splitlines()
        for line in manifest:
            digest, name = line.split("  ", 1)
            assert hashlib.sha256(bundle.extractfile(name).read()).hexdigest() == digest, name
    assert "report.json" in names and any(n.startswith("evidence/") and "PUSH-01" in n for n in names)
    assert len(manifest) == len(names) - 1


@pytest.mark.parametrize("variant, expected", [
    ("tls10", ["TLS-01"]),
    ("preliminary_exposed", ["PRELIM-01"]),
    # A remote block wider than the OX addresses: only the live probe from another address sees it.
    ("metadata_everywhere", ["MD-02"]),
    # remote 0.0.0.0/0: doveconf -n prints it as a plain `protocol imap` block (seen with 2.3.19),
    # so the lint flags it too: one fault, two requirement ids, both correct.
    ("metadata_global", ["LINT-DC-02", "MD-02"]),
    # No push_notification for LMTP: the live delivery check and the config lint both see it.
    ("no_push_for_lmtp", ["LINT-DC-01", "PUSH-02"]),
    ("color_only_user", ["FLAG-01"]),
    ("gcm_not_enabled", ["LINT-PNS-01"]),
    ("singular_allowed_client", ["LINT-01"]),
    # One revision too old for the OX Mail v2 app.
    ("app_suite_too_old", ["VER-01"]),
])
def test_each_broken_variant_is_caught_by_exactly_its_check(deployment_factory, variant, expected):
    options = {
        "tls10": {"protocols": "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3", "ciphers": '"DEFAULT:@SECLEVEL=0"'},
        "preliminary_exposed": {"deny_preliminary": False},
        "metadata_everywhere": {"metadata_remote": "127.0.0.0/8"},
        "metadata_global": {"metadata_remote": "0.0.0.0/0"},
        "no_push_for_lmtp": {"extra_dovecot": "protocol lmtp {\n  mail_plugins = notify\n}\n"},
        "singular_allowed_client": {},
        "color_only_user": {"flagging": "colorOnly"},
        "gcm_not_enabled": {},
        "app_suite_too_old": {"server_version": "7.8.4-Rev21"},
    }[variant]
    deployment = deployment_factory(**options)
    if variant == "gcm_not_enabled":
        deployment.pns = GOOD_PNS.replace("gcm.enabled.open-xchange-mobile-api-facade=true",
                                          "gcm.enabled.open-xchange-mobile-api-facade=false")
    if variant == "singular_allowed_client":
        deployment.mail_push = GOOD_MAIL_PUSH.replace("allowedClients=", "allowedClient=")
    code, report, out = deployment.certify()
    assert failing(report) == expected, out
    assert code == 1
    failed = [c for c in report["checks"] if c["verdict"] == "fail"]
    assert all(c["remedy"] and c["message"] for c in failed)


def test_a_malformed_deployment_file_names_file_line_and_column(oxharness_bin, tmp_path):
    target = tmp_path / "deployment.yaml"
    target.write_text("name: x\ndovecot:\n  imap: 127.0.0.1:143\n  ox_adresses: [127.0.0.1]\n")
    run = subprocess.run([str(oxharness_bin), "certify", "--target", str(target)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2
    assert f"{target}:4:3" in run.stderr and "[oxh.certify.unknown-key]" in run.stderr and "ox_adresses" in run.stderr
