"""The fake App Suite API (`oxharness serve` with `facade: {imap, lmtp}`) in front of the real
Dovecot 2.3: all mail state lives in real Dovecot. Python's urllib drives the API, smtplib.LMTP
delivers, imaplib is the second IMAP client and checks flags and keywords on Dovecot itself.
Covers login, folders (real SPECIAL-USE and STATUS), list/get, flag and color updates, move,
delete to Trash, and the whole flagging table for every mode."""
from __future__ import annotations

import imaplib
import json
import signal
import subprocess

import pytest

from integration.test_serve import read_until
from support.facade_client import AppSuite
from support.facade_flagging import MODES, check_flagging_table, deliver, imap_uid

pytestmark = pytest.mark.oxharness

USERS = {mode: (f"{mode.lower()}@example.org", "secret") for mode in MODES}


@pytest.fixture
def facade_on_real_dovecot(real_dovecot_factory, oxharness_bin, tmp_path):
    dovecot = real_dovecot_factory(users={login: password for login, password in USERS.values()})
    config = tmp_path / "serve.yaml"
    lines = ["users:"]
    for index, mode in enumerate(MODES):
        login, password = USERS[mode]
        lines.append(f"  - {{login: {login}, password: {password}, user_id: {20 + index}, context_id: 1, flagging: {mode}}}")
    lines.append(f"facade: {{imap: \"{dovecot.host}:{dovecot.imap_port}\", lmtp: \"{dovecot.host}:{dovecot.lmtp_port}\"}}")
    config.write_text("\n".join(lines) + "\n")
    ready_file = tmp_path / "ready.json"
    process = subprocess.Popen([str(oxharness_bin), "serve", "--config", str(config), "--ready-file", str(ready_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        read_until(process, "oxharness serve: ready")
        ready = json.loads(ready_file.read_text())
        yield {"url": ready["facade"]["url"], "dovecot": dovecot}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


def test_folders_mail_and_updates_on_real_dovecot(facade_on_real_dovecot):
    stack = facade_on_real_dovecot
    dovecot = stack["dovecot"]
    login, password = USERS["flaggedImplicit"]
    deliver(dovecot.host, dovecot.lmtp_port, login, "real one")
    api = AppSuite(stack["url"])
    assert api.login(login, password)["user_id"] == 23
    rows = api.data("GET", "folders", "list", {"parent": "1", "columns": "1,309,311,316"})
    by_id = {row[0]: row for row in rows}
    assert by_id["default0/INBOX"][1:] == [1, 1, 7], rows
    assert by_id["default0/Sent"][3] == 10 and by_id["default0/Drafts"][3] == 9 and by_id["default0/Trash"][3] == 12
    mails = api.data("GET", "mail", "all", {"folder": "default0/INBOX", "columns": "600,607,603,611"})
    assert [m[1] for m in mails] == ["real one"] and mails[0][2] == [["Sender", "sender@example.com"]]
    uid = mails[0][0]
    mail = api.data("GET", "mail", "get", {"folder": "default0/INBOX", "id": uid})
    assert "body of real one" in mail["attachments"][0]["content"]

    imap = imaplib.IMAP4(dovecot.host, dovecot.imap_port)
    imap.login(login, password)
    imap.select("INBOX")
    assert imap_uid(imap, "real one") == uid
    api.data("PUT", "mail", "update", {"folder": "default0/INBOX", "id": uid}, {"color_label": 7})
    flags = imap.uid("FETCH", uid, "(FLAGS)")[1][0]
    assert b"$cl_7" in flags and b"\\Flagged" in flags and b"\\Seen" in flags  # get set \Seen; implicit \Flagged

    moved = api.data("PUT", "mail", "update", {"folder": "default0/INBOX", "id": uid}, {"folder_id": "default0/Drafts"})
    assert moved["folder_id"] == "default0/Drafts" and moved["id"]
    assert api.data("GET", "mail", "count", {"folder": "default0/INBOX"}) == 0
    assert api.data("PUT", "mail", "delete", None, [{"id": moved["id"], "folder": "default0/Drafts"}]) == []
    imap.select("Trash")
    status, data = imap.uid("SEARCH", None, "ALL")
    assert status == "OK" and len(data[0].split()) == 1
    imap.logout()
    assert api.call("GET", "mail", "get", {"folder": "default0/INBOX", "id": uid})["code"] == "MSG-0032"
    assert api.call("GET", "folders", "get", {"id": "default0/Missing"})["code"] == "MSG-0066"


def test_flagging_table_on_real_dovecot(facade_on_real_dovecot):
    dovecot = facade_on_real_dovecot["dovecot"]
    check_flagging_table(facade_on_real_dovecot["url"], dovecot.host, dovecot.imap_port, dovecot.lmtp_port, USERS)
