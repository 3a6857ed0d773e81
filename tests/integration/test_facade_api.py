"""The fake App Suite HTTP API of `oxharness serve` (mock_facade/) over its embedded fake Dovecot,
driven with Python's urllib/http.cookiejar (an App Suite client nobody here wrote), smtplib.LMTP
for deliveries and imaplib as a second IMAP client: login and session errors, folders, mail
all/list/get/update/move/delete/copy/new/attachment/threadedAll, the flagging table for every
mode, and App Suite's error envelope for bad input on every endpoint."""
from __future__ import annotations

import imaplib
import json
import signal
import subprocess
import urllib.parse

import pytest

from integration.test_serve import read_until
from support.facade_client import AppSuite
from support.facade_flagging import MODES, check_flagging_table, deliver, imap_uid

pytestmark = pytest.mark.oxharness

USERS = {mode: (f"{mode.lower()}@example.org", "secret") for mode in MODES}


@pytest.fixture(scope="module")
def stack(tmp_path_factory, oxharness_bin):
    tmp = tmp_path_factory.mktemp("facade")
    config = tmp / "serve.yaml"
    lines = ["users:"]
    for index, mode in enumerate(MODES):
        login, password = USERS[mode]
        lines.append(f"  - {{login: {login}, password: {password}, user_id: {10 + index}, context_id: 1, flagging: {mode}}}")
    lines += ["facade: {listen: \"127.0.0.1:0\", server_version: 7.8.4-Rev22}", ""]
    config.write_text("\n".join(lines))
    ready_file = tmp / "ready.json"
    process = subprocess.Popen([str(oxharness_bin), "serve", "--config", str(config), "--ready-file", str(ready_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        read_until(process, "oxharness serve: ready")
        ready = json.loads(ready_file.read_text())
        assert ready["facade"]["url"].startswith("http://127.0.0.1:")
        host, imap_port = ready["dovecot"]["imap"].rsplit(":", 1)
        _, lmtp_port = ready["dovecot"]["lmtp"].rsplit(":", 1)
        yield {"url": ready["facade"]["url"], "host": host, "imap": int(imap_port), "lmtp": int(lmtp_port),
               "control": ready["control"]}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


def logged_in(stack, mode="flaggedImplicit") -> AppSuite:
    api = AppSuite(stack["url"])
    answer = api.login(*USERS[mode])
    assert answer["user"] == USERS[mode][0] and answer["user_id"] >= 10 and answer["context_id"] == 1, answer
    return api


def test_login_sets_the_secret_cookie_and_bad_credentials_get_lgi_0006(stack):
    api = logged_in(stack)
    cookie = api.secret_cookie()
    assert cookie is not None and cookie.value and cookie.path == "/"
    bad = AppSuite(stack["url"])
    answer = bad.login(USERS["flaggedOnly"][0], "wrong")
    assert answer["code"] == "LGI-0006" and answer["category"] == 1 and answer["categories"] == "USER_INPUT"
    assert answer["error_params"] == [] and answer["error_id"] and "session" not in answer
    # The password in the query string instead of the form body is refused.
    query_only = bad.call("POST", "login", "login", {"name": USERS["flaggedOnly"][0], "password": "secret"},
                          with_session=False)
    assert query_only["code"] == "SVL-0002", query_only


def test_session_needs_parameter_and_cookie(stack):
    api = logged_in(stack)
    params = {"columns": "1,300"}
    assert api.call("GET", "folders", "root", params)["data"][0][0] == "1"
    assert api.call("GET", "folders", "root", params, with_session=False)["code"] == "SES-0201"
    assert api.call("GET", "folders", "root", {**params, "session": "nope"})["code"] == "SES-0203"
    api.jar.clear()  # the session id alone is not enough (ox.md 2.2)
    answer = api.call("GET", "folders", "root", params)
    assert answer["code"] == "SES-0203" and answer["category"] == 4, answer
    other = logged_in(stack)
    other.call("GET", "login", "logout")
    assert other.call("GET", "folders", "root", params)["code"] == "SES-0203"


def test_folders_list_and_get(stack):
    api = logged_in(stack)
    deliver(stack["host"], stack["lmtp"], USERS["flaggedImplicit"][0], "folders count")
    rows = api.data("GET", "folders", "list", {"parent": "1", "columns": "1,20,300,301,309,310,311,316"})
    by_id = {row[0]: row for row in rows}
    assert rows[0][0] == "default0/INBOX"
    inbox = by_id["default0/INBOX"]
    assert inbox[1] == "1" and inbox[3] == "mail" and inbox[7] == 7 and inbox[4] >= 1 and inbox[6] >= 1
    assert by_id["default0/Sent"][7] == 10 and by_id["default0/Drafts"][7] == 9 and by_id["default0/Trash"][7] == 12
    folder = api.data("GET", "folders", "get", {"id": "default0/Trash"})
    assert folder["id"] == "default0/Trash" and folder["standard_folder_type"] == 12 and folder["module"] == "mail"
    assert api.call("GET", "folders", "get", {"id": "default0/NoSuch"})["code"] == "MSG-0066"
    assert api.call("GET", "folders", "list", {"parent": "default0/NoSuch", "columns": "1"})["code"] == "MSG-0066"


def test_mail_all_list_get_with_times(stack):
    api = logged_in(stack, "flaggedOnly")
    login = USERS["flaggedOnly"][0]
    with __import__("smtplib").LMTP(stack["host"], stack["lmtp"]) as lmtp:
        lmtp.sendmail("a@example.com", [login],
                      "From: =?UTF-8?B?SsO8cmdlbg==?= <a@example.com>\r\nTo: " + login + "\r\n"
                      "Subject: times\r\nDate: Tue, 01 Jul 2025 10:00:00 +0000\r\nX-Priority: 1\r\n\r\nline one\r\n")
    rows = api.data("GET", "mail", "all", {"folder": "default0/INBOX", "columns": "600,601,603,607,609,614",
                                           "sort": "610", "order": "desc", "timezone": "UTC"})
    row = next(r for r in rows if r[3] == "times")
    assert row[1] == "default0/INBOX" and row[2] == [["Jürgen", "a@example.com"]]
    assert row[4] == 1751364000000 and row[5] == 1  # Time with timezone=UTC: no offset
    local = api.data("GET", "mail", "all", {"folder": "default0/INBOX", "columns": "600,609"})
    local_row = next(r for r in local if r[0] == row[0])
    assert local_row[1] == 1751364000000 + 2 * 3600 * 1000  # Europe/Berlin in July: +2h
    listed = api.data("PUT", "mail", "list", {"columns": "600,607"}, [{"id": row[0], "folder": "default0/INBOX"}])
    assert listed == [[row[0], "times"]]
    mail = api.data("GET", "mail", "get", {"folder": "default0/INBOX", "id": row[0], "unseen": "true"})
    assert mail["subject"] == "times" and "line one" in mail["attachments"][0]["content"]
    assert mail["flags"] & 32 == 0  # unseen=true: \Seen not set
    api.data("GET", "mail", "get", {"folder": "default0/INBOX", "id": row[0]})
    assert api.data("PUT", "mail", "list", {"columns": "611"}, [{"id": row[0], "folder": "default0/INBOX"}])[0][0] & 32
    assert api.call("GET", "mail", "get", {"folder": "default0/INBOX", "id": "999999"})["code"] == "MSG-0032"


def test_update_move_copy_delete(stack):
    api = logged_in(stack, "flaggedAndColor")
    login, password = USERS["flaggedAndColor"]
    deliver(stack["host"], stack["lmtp"], login, "to move")
    imap = imaplib.IMAP4(stack["host"], stack["imap"])
    imap.login(login, password)
    imap.select("INBOX")
    uid = imap_uid(imap, "to move")
    moved = api.data("PUT", "mail", "update", {"folder": "default0/INBOX", "id": uid},
                     {"color_label": 2, "flags": 32, "value": True, "folder_id": "default0/Drafts"})
    assert moved["folder_id"] == "default0/Drafts" and moved["id"]
    imap.select("Drafts")
    status, data = imap.uid("FETCH", moved["id"], "(FLAGS)")
    assert b"$cl_2" in data[0] and b"\\Seen" in data[0]
    copied = api.data("PUT", "mail", "copy", {"folder": "default0/Drafts", "id": moved["id"]}, {"folder_id": "default0/INBOX"})
    assert copied["folder_id"] == "default0/INBOX" and copied["id"]
    trash_before = api.data("GET", "mail", "count", {"folder": "default0/Trash"})
    assert api.data("PUT", "mail", "delete", None, [{"id": moved["id"], "folder": "default0/Drafts"}]) == []
    assert api.data("GET", "mail", "count", {"folder": "default0/Trash"}) == trash_before + 1
    assert api.data("PUT", "mail", "delete", {"harddelete": "true"}, [{"id": copied["id"], "folder": "default0/INBOX"}]) == []
    assert api.data("GET", "mail", "count", {"folder": "default0/Trash"}) == trash_before + 1
    imap.select("INBOX")
    assert imap.uid("SEARCH", None, "UID", copied["id"])[1][0] == b""
    assert api.data("PUT", "mail", "all_seen", {"folder": "default0/INBOX"}) is True
    imap.logout()


def test_new_sends_to_sent_and_local_recipients_and_attachment_reads_back(stack):
    api = logged_in(stack, "flaggedOnly")
    to = USERS["colorOnly"][0]
    boundary = "pyboundary42"
    mail = {"from": [["F", USERS["flaggedOnly"][0]]], "to": [["C", to]], "subject": "sent by the api",
            "attachments": [{"content_type": "text/plain", "content": "hello over LMTP"}]}
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"json_0\"\r\n\r\n{json.dumps(mail)}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file_0\"; filename=\"a.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\nattached bytes\r\n--{boundary}--\r\n").encode()
    status, headers, page = api.request("POST", "/ajax/mail", {"action": "new", "session": api.session}, body,
                                        f"multipart/form-data; boundary={boundary}")
    assert status == 200 and b"callback_new" in page and b"default0/Sent/" in page
    answer = api.call("POST", "mail", "new", {"force_json_response": "true"}, raw=body,
                      content_type=f"multipart/form-data; boundary={boundary}")
    stored = answer["data"]
    assert stored.startswith("default0/Sent/"), answer
    sent_id = stored.rsplit("/", 1)[1]
    sent = api.data("GET", "mail", "get", {"folder": "default0/Sent", "id": sent_id})
    assert sent["subject"] == "sent by the api" and sent["attachments"][1]["filename"] == "a.txt"
    section = sent["attachments"][1]["id"]
    status, headers, raw = api.request("GET", "/ajax/mail", {"action": "attachment", "session": api.session,
                                                            "folder": "default0/Sent", "id": sent_id,
                                                            "attachment": section})
    assert raw == b"attached bytes" and headers["Content-Type"].startswith("text/plain")
    receiver = logged_in(stack, "colorOnly")
    rows = receiver.data("GET", "mail", "all", {"folder": "default0/INBOX", "columns": "600,607"})
    assert sum(1 for r in rows if r[1] == "sent by the api") == 2  # delivered over LMTP, twice
    status, _, stored_raw = api.request("PUT", "/ajax/mail", {"action": "new", "session": api.session,
                                                              "folder": "default0/Drafts", "flags": "4"},
                                        b"Subject: stored raw\r\nFrom: a@example.org\r\n\r\nraw\r\n",
                                        "application/octet-stream")
    stored_answer = json.loads(stored_raw)["data"]
    assert stored_answer["folder_id"] == "default0/Drafts" and stored_answer["id"]


def test_threaded_all_from_thread_references(stack):
    api = logged_in(stack, "colorOnly")
    login = USERS["colorOnly"][0]
    import smtplib
    with smtplib.LMTP(stack["host"], stack["lmtp"]) as lmtp:
        lmtp.sendmail("a@example.com", [login], "Subject: thread root\r\nMessage-ID: <root@t>\r\n\r\nr\r\n")
        lmtp.sendmail("a@example.com", [login], "Subject: Re: thread root\r\nMessage-ID: <reply@t>\r\n"
                                                "In-Reply-To: <root@t>\r\nReferences: <root@t>\r\n\r\nx\r\n")
    threads = api.data("GET", "mail", "threadedAll", {"folder": "default0/INBOX", "columns": "600,607,612", "sort": "thread"})
    thread = next(t for t in threads if t["subject"] == "thread root")
    assert [m["subject"] for m in thread["thread"]] == ["thread root", "Re: thread root"]
    assert [m["level"] for m in thread["thread"]] == [0, 1] and thread["unreadCount"] == 2


def test_flagging_table_through_the_api_and_a_second_imap_client(stack):
    check_flagging_table(stack["url"], stack["host"], stack["imap"], stack["lmtp"], USERS)


def test_unsupported_flagging_modes_are_findings(stack):
    import urllib.request
    with urllib.request.urlopen(stack["control"].rstrip("/") + "/journal?after=0&kind=finding", timeout=10) as response:
        entries = json.loads(response.read())
    entries = entries.get("entries", entries) if isinstance(entries, dict) else entries
    users = {e["data"]["user"] for e in entries if e.get("component") == "facade"}
    assert users == {USERS["colorOnly"][0], USERS["flaggedAndColor"][0]}, entries


BAD_INPUT = [
    # (method, module, params, body, content type, wanted code)
    ("GET", "mail", {"action": "all", "columns": "600"}, None, None, "SVL-0002"),
    ("GET", "mail", {"action": "all", "folder": "default0/INBOX"}, None, None, "SVL-0002"),
    ("GET", "mail", {"action": "all", "folder": "default0/INBOX", "columns": "abc"}, None, None, "SVL-0010"),
    ("GET", "mail", {"action": "all", "folder": "nonsense", "columns": "600"}, None, None, "MSG-0066"),
    ("GET", "mail", {"action": "get", "folder": "default0/INBOX"}, None, None, "SVL-0002"),
    ("GET", "mail", {"action": "get", "folder": "default0/INBOX", "id": "x"}, None, None, "MSG-0032"),
    ("PUT", "mail", {"action": "list", "columns": "600"}, b"{broken", "application/json", "SVL-0029"),
    ("PUT", "mail", {"action": "list", "columns": "600"}, b"", "application/json", "SVL-0023"),
    ("PUT", "mail", {"action": "list", "columns": "600"}, b"{}", "application/json", "SVL-0028"),
    ("PUT", "mail", {"action": "update", "folder": "default0/INBOX", "id": "1"}, b"[1,", "application/json", "SVL-0029"),
    ("PUT", "mail", {"action": "update", "folder": "default0/INBOX", "id": "424242"}, b"{\"flags\":8,\"value\":true}",
     "application/json", "MSG-0032"),
    ("PUT", "mail", {"action": "update", "folder": "default0/INBOX"}, b"{\"color_label\":11}", "application/json", "MSG-0010"),
    ("PUT", "mail", {"action": "delete"}, b"not json", "application/json", "SVL-0029"),
    ("PUT", "mail", {"action": "delete"}, b"[{\"id\":\"1\"}]", "application/json", "SVL-0002"),
    ("PUT", "mail", {"action": "copy", "folder": "default0/INBOX", "id": "1"}, b"{}", "application/json", "SVL-0002"),
    ("GET", "mail", {"action": "count"}, None, None, "SVL-0002"),
    ("PUT", "mail", {"action": "all_seen", "folder": "default0/Nope"}, None, None, "MSG-0066"),
    ("POST", "mail", {"action": "new", "force_json_response": "true"}, b"x", "text/plain", "SVL-0028"),
    ("POST", "mail", {"action": "new", "force_json_response": "true"}, b"--b\r\nbroken", "multipart/form-data; boundary=b", "SVL-0020"),
    ("GET", "mail", {"action": "attachment", "folder": "default0/INBOX", "id": "1"}, None, None, "SVL-0002"),
    ("GET", "mail", {"action": "threadedAll", "folder": "default0/INBOX"}, None, None, "SVL-0002"),
    ("GET", "folders", {"action": "list", "columns": "1"}, None, None, "SVL-0002"),
    ("GET", "folders", {"action": "get"}, None, None, "SVL-0002"),
    ("GET", "folders", {"action": "root"}, None, None, "SVL-0002"),
    ("PUT", "jslob", {"action": "list"}, b"{x", "application/json", "SVL-0029"),
    ("GET", "mail", {}, None, None, "SVL-0002"),
    ("GET", "mail", {"action": "frobnicate"}, None, None, "SVL-0001"),
    ("GET", "nosuchmodule", {"action": "all"}, None, None, "SVL-0007"),
]


@pytest.mark.parametrize("method,module,params,body,content_type,code", BAD_INPUT,
                         ids=[f"{m}-{mod}-{p.get('action', '')}-{c}" for m, mod, p, _, _, c in BAD_INPUT])
def test_bad_input_gets_the_error_envelope(stack, method, module, params, body, content_type, code):
    api = logged_in(stack)
    answer = api.call(method, module, None, params, raw=body, content_type=content_type)
    assert answer.get("code") == code, answer
    assert {"error", "error_params", "categories", "category", "code", "error_id", "error_desc"} <= set(answer), answer
    assert "data" not in answer


@pytest.mark.parametrize("module,action", [("mail", "all"), ("mail", "update"), ("folders", "list"), ("mail", "new")])
def test_every_endpoint_refuses_a_missing_cookie_and_a_wrong_session(stack, module, action):
    api = logged_in(stack)
    assert api.call("PUT", module, action, {"session": "wrong"}, raw=b"{}", content_type="application/json")["code"] == "SES-0203"
    api.jar.clear()
    assert api.call("PUT", module, action, None, raw=b"{}", content_type="application/json")["code"] == "SES-0203"


def test_an_oversized_body_gets_the_envelope(stack):
    api = logged_in(stack)
    answer = api.call("PUT", "mail", "list", {"columns": "600"}, raw=b"[" + b" " * (11 * 1024 * 1024) + b"]",
                      content_type="application/json")
    assert answer["code"] == "SVL-0020" and "exceeds" in answer["error"], answer
    assert api.data("GET", "folders", "root", {"columns": "1"})  # the server lives on


def test_facade_over_tls_refuses_below_tls_1_2(oxharness_bin, tmp_path):
    config = tmp_path / "serve.yaml"
    config.write_text("users:\n  - {login: alice@example.org, password: secret, user_id: 3, context_id: 1, flagging: flaggedOnly}\n"
                      "facade: {tls: true}\n")
    ready_file = tmp_path / "ready.json"
    process = subprocess.Popen([str(oxharness_bin), "serve", "--config", str(config), "--ready-file", str(ready_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        read_until(process, "oxharness serve: ready")
        ready = json.loads(ready_file.read_text())
        url = ready["facade"]["url"]
        assert url.startswith("https://127.0.0.1:")
        ca = tmp_path / "ca.pem"
        ca.write_text(ready["ca_pem"])
        login = subprocess.run(["curl", "-sS", "--cacert", str(ca), "--tlsv1.2", "-d", "name=alice@example.org&password=secret",
                                f"{url}/ajax/login?action=login"], capture_output=True, text=True, timeout=30)
        assert login.returncode == 0, login.stderr
        assert json.loads(login.stdout)["user_id"] == 3
        old = subprocess.run(["curl", "-sS", "--cacert", str(ca), "--tlsv1", "--tls-max", "1.1",
                              f"{url}/ajax/login?action=login"], capture_output=True, text=True, timeout=30)
        assert old.returncode != 0, old.stdout
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


def test_the_server_version_is_reported_without_a_session(stack):
    import urllib.request
    with urllib.request.urlopen(stack["url"] + "/ajax/apps/manifests?action=config", timeout=10) as response:
        answer = json.loads(response.read())
    assert answer["data"] == {"serverVersion": "7.8.4-Rev22"} and "error" not in answer
    with urllib.request.urlopen(stack["url"] + "/ajax/apps/other?action=config", timeout=10) as response:
        assert json.loads(response.read())["code"] == "SVL-0007"
