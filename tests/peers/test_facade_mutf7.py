"""Mailbox names with non-ASCII characters through the fake App Suite API (`oxharness serve`), on
the embedded fake Dovecot and on real Dovecot 2.3: IMAP names are modified UTF-7 (RFC 3501
5.1.3), App Suite's folder ids and titles are the decoded names. imaplib creates "Entw&APw-rfe"
and appends to it; the API lists it as "default0/Entwürfe" titled "Entwürfe", reads its mail, and
a move into it lands in "Entw&APw-rfe" on the server. Both Dovecots refuse a CREATE whose name
is not modified UTF-7 (raw UTF-8 without UTF8=ACCEPT), so a client must encode."""
from __future__ import annotations

import imaplib
import json
import signal
import subprocess

import pytest

from integration.test_serve import read_until
from support.facade_client import AppSuite
from support.facade_flagging import deliver, imap_uid

pytestmark = pytest.mark.oxharness

LOGIN, PASSWORD = "alice@example.org", "secret"
WIRE, NAME = "Entw&APw-rfe", "Entwürfe"


def start_serve(oxharness_bin, tmp_path, facade_line: str = ""):
    config = tmp_path / "serve.yaml"
    config.write_text(f"users:\n  - {{login: {LOGIN}, password: {PASSWORD}, user_id: 3, context_id: 1}}\n" + facade_line)
    ready_file = tmp_path / "ready.json"
    process = subprocess.Popen([str(oxharness_bin), "serve", "--config", str(config), "--ready-file", str(ready_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    read_until(process, "oxharness serve: ready")
    return process, json.loads(ready_file.read_text())


@pytest.fixture(params=["fake", "real"])
def backend(request, oxharness_bin, tmp_path):
    """(api url, imap host, imap port, lmtp host, lmtp port) of serve over the fake or real Dovecot."""
    if request.param == "real":
        dovecot = request.getfixturevalue("real_dovecot_factory")(users={LOGIN: PASSWORD})
        process, ready = start_serve(oxharness_bin, tmp_path, f"facade: {{imap: \"{dovecot.host}:{dovecot.imap_port}\", "
                                                              f"lmtp: \"{dovecot.host}:{dovecot.lmtp_port}\"}}\n")
        imap, lmtp = (dovecot.host, dovecot.imap_port), (dovecot.host, dovecot.lmtp_port)
    else:
        process, ready = start_serve(oxharness_bin, tmp_path)
        host, port = ready["dovecot"]["imap"].rsplit(":", 1)
        lhost, lport = ready["dovecot"]["lmtp"].rsplit(":", 1)
        imap, lmtp = (host, int(port)), (lhost, int(lport))
    try:
        yield {"kind": request.param, "url": ready["facade"]["url"], "imap": imap, "lmtp": lmtp}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


def test_non_ascii_folder_names_are_decoded_at_the_api_and_encoded_on_imap(backend):
    imap = imaplib.IMAP4(*backend["imap"])
    imap.login(LOGIN, PASSWORD)
    assert imap.create(WIRE)[0] == "OK"
    assert imap.subscribe(WIRE)[0] == "OK"  # App Suite lists subscribed folders
    message = (b"From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: im Entwurf\r\n"
               b"Message-ID: <draft-1@example.org>\r\n\r\nnoch nicht fertig\r\n")
    assert imap.append(WIRE, None, None, message)[0] == "OK"

    api = AppSuite(backend["url"])
    api.login(LOGIN, PASSWORD)
    rows = api.data("GET", "folders", "list", {"parent": "1", "columns": "1,300"})
    assert [f"default0/{NAME}", NAME] in rows, rows
    folder = api.data("GET", "folders", "get", {"id": f"default0/{NAME}"})
    assert folder["id"] == f"default0/{NAME}" and folder["title"] == NAME, folder
    mails = api.data("GET", "mail", "all", {"folder": f"default0/{NAME}", "columns": "600,607"})
    assert [m[1] for m in mails] == ["im Entwurf"], mails

    deliver(*backend["lmtp"], LOGIN, "move me")
    inbox = api.data("GET", "mail", "all", {"folder": "default0/INBOX", "columns": "600,607"})
    uid = next(m[0] for m in inbox if m[1] == "move me")
    moved = api.data("PUT", "mail", "update", {"folder": "default0/INBOX", "id": uid}, {"folder_id": f"default0/{NAME}"})
    assert moved["folder_id"] == f"default0/{NAME}", moved
    status, _ = imap.select(WIRE)
    assert status == "OK"
    assert imap_uid(imap, "move me") is not None
    imap.logout()


@pytest.mark.parametrize("name", [f'"{NAME}"', '"Bad&name"', '"Bad&AGE-"'])
def test_a_name_that_is_not_modified_utf7_is_refused(backend, name):
    # What the encoding is for: Dovecot 2.3 without UTF8=ACCEPT refuses raw UTF-8, a bare "&" and
    # encoded printable ASCII ("&AGE-" is "a") in CREATE; the fake Dovecot answers the same.
    imap = imaplib.IMAP4(*backend["imap"])
    imap.login(LOGIN, PASSWORD)
    imap._encoding = "utf-8"  # imaplib would refuse to send non-ASCII otherwise
    status, data = imap.create(name)
    assert imap.create('"R&-D"')[0] == "OK"
    imap.logout()
    assert status == "NO" and data[0].startswith(b"Mailbox name is not valid mUTF-7"), (status, data)
