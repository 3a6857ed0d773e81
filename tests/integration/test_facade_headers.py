"""What the reference mobile client needs from the fake App Suite API, checked with Python's urllib
(tests/support/facade_client.py): `mail new` takes the mail JSON's `headers` (X-*, Message-ID,
In-Reply-To, References) and refuses CR/LF in them; `mail all` with `headers=` appends those
header values after the columns (null when absent); a reply (sendtype 1) marks its msgref
\\Answered, seen by imaplib on the fake Dovecot."""
from __future__ import annotations

import imaplib
import json

import pytest

from integration.test_facade_api import USERS, logged_in, stack  # noqa: F401 (the module's server fixture)
from support.facade_flagging import deliver

pytestmark = pytest.mark.oxharness


def send(api, mail: dict) -> dict:
    boundary = "hdrboundary7"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"json_0\"\r\n\r\n{json.dumps(mail)}\r\n"
            f"--{boundary}--\r\n").encode()
    return api.call("POST", "mail", "new", {"force_json_response": "true"}, raw=body,
                    content_type=f"multipart/form-data; boundary={boundary}")


def test_client_headers_reach_the_message_and_all_returns_them(stack):  # noqa: F811
    api = logged_in(stack, "flaggedAndColor")
    me = USERS["flaggedAndColor"][0]
    answer = send(api, {"from": me, "to": "nobody@example.net", "subject": "with my id",
                        "attachments": [{"content_type": "text/plain", "content": "x"}],
                        "headers": {"Message-ID": "<mine.1@example.org>", "X-OXH-Op": "op-1", "Subject": "ignored"}})
    assert answer["data"].startswith("default0/Sent/"), answer
    rows = api.data("GET", "mail", "all", {"folder": "default0/Sent", "columns": "600,607",
                                           "headers": "Message-ID,X-OXH-Op,X-Missing"})
    mine = [row for row in rows if row[1] == "with my id"]
    assert len(mine) == 1 and mine[0][2:] == ["<mine.1@example.org>", "op-1", None], rows
    bad = send(api, {"from": me, "to": "nobody@example.net", "subject": "smuggled",
                     "headers": {"X-Evil": "a\r\nBcc: victim@example.org"}})
    assert bad.get("code") == "SVL-0010", bad
    assert api.call("GET", "mail", "all", {"folder": "default0/Sent", "columns": "600",
                                           "headers": "Bad Name"}).get("code") == "SVL-0010"


def test_a_reply_marks_the_original_answered(stack):  # noqa: F811
    api = logged_in(stack, "flaggedAndColor")
    me, password = USERS["flaggedAndColor"]
    deliver(stack["host"], stack["lmtp"], me, "to be answered")
    rows = api.data("GET", "mail", "all", {"folder": "default0/INBOX", "columns": "600,607,611"})
    uid = next(row[0] for row in rows if row[1] == "to be answered")
    assert not next(row[2] for row in rows if row[0] == uid) & 1
    answer = send(api, {"from": me, "to": "sender@example.com", "subject": "Re: to be answered", "sendtype": 1,
                        "msgref": f"default0/INBOX/{uid}",
                        "attachments": [{"content_type": "text/plain", "content": "thanks"}]})
    assert answer["data"].startswith("default0/Sent/"), answer
    imap = imaplib.IMAP4(stack["host"], stack["imap"])
    imap.login(me, password)
    imap.select("INBOX")
    flags = imap.uid("FETCH", uid, "(FLAGS)")[1][0]
    imap.logout()
    assert b"\\Answered" in flags, flags
