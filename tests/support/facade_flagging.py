"""The flagging table of ox.md section 3, row by row, for every mode, driven through the App Suite
API (tests/support/facade_client.py) and a second IMAP client (imaplib), and checked on the IMAP
server with imaplib. Shared by the fake-Dovecot and the real-Dovecot tests.

Expected values are written out per mode (not computed), straight from the table:
READ columns (what color_label a client sees), WRITE columns (which flags and keywords land on
IMAP), and the mode's features (jslob io.ox/mail features/flag/star and /color).
"""
from __future__ import annotations

import imaplib
import re
import smtplib

from support.facade_client import AppSuite

MODES = ("colorOnly", "flaggedOnly", "flaggedAndColor", "flaggedImplicit")
DEFAULT_COLOR = 1  # com.openexchange.mail.flagging.color

FEATURES = {  # (star, color)
    "colorOnly": (False, True),
    "flaggedOnly": (True, False),
    "flaggedAndColor": (True, True),
    "flaggedImplicit": (False, True),
}

# Each row: name, how the message is prepared on IMAP by another MUA, the API update (or None),
# then per mode: (color_label read back, \Flagged on IMAP afterwards, color keywords on IMAP).
ROWS = [
    ("another MUA sets \\Flagged", "\\Flagged", None,
     {"colorOnly": (0, True, set()), "flaggedOnly": (0, True, set()),
      "flaggedAndColor": (0, True, set()), "flaggedImplicit": (DEFAULT_COLOR, True, set())}),
    ("stored $cl_3 and \\Flagged", "\\Flagged $cl_3", None,
     {"colorOnly": (3, True, {"$cl_3"}), "flaggedOnly": (0, True, {"$cl_3"}),
      "flaggedAndColor": (3, True, {"$cl_3"}), "flaggedImplicit": (3, True, {"$cl_3"})}),
    ("stored $cl_3, not flagged", "$cl_3", None,
     {"colorOnly": (3, False, {"$cl_3"}), "flaggedOnly": (0, False, {"$cl_3"}),
      "flaggedAndColor": (3, False, {"$cl_3"}), "flaggedImplicit": (3, False, {"$cl_3"})}),
    ("client sets color_label=5", "", {"color_label": 5},
     {"colorOnly": (5, False, {"$cl_5"}), "flaggedOnly": (0, False, {"$cl_5"}),
      "flaggedAndColor": (5, False, {"$cl_5"}), "flaggedImplicit": (5, True, {"$cl_5"})}),
    ("client sets color_label=0 on a flagged $cl_2 mail", "\\Flagged $cl_2", {"color_label": 0},
     {"colorOnly": (0, True, {"$cl_0"}), "flaggedOnly": (0, True, {"$cl_0"}),
      "flaggedAndColor": (0, True, {"$cl_0"}), "flaggedImplicit": (0, False, {"$cl_0"})}),
    ("client sets flags=8 value=true", "", {"flags": 8, "value": True},
     {"colorOnly": (0, True, set()), "flaggedOnly": (0, True, set()),
      "flaggedAndColor": (0, True, set()), "flaggedImplicit": (DEFAULT_COLOR, True, set())}),
    ("client clears flags=8 on a flagged $cl_4 mail", "\\Flagged $cl_4", {"flags": 8, "value": False},
     {"colorOnly": (4, False, {"$cl_4"}), "flaggedOnly": (0, False, {"$cl_4"}),
      "flaggedAndColor": (4, False, {"$cl_4"}), "flaggedImplicit": (4, False, {"$cl_4"})}),
    ("color_label=0 and flags=8 in one request (color first)", "", {"color_label": 0, "flags": 8, "value": True},
     {"colorOnly": (0, True, {"$cl_0"}), "flaggedOnly": (0, True, {"$cl_0"}),
      "flaggedAndColor": (0, True, {"$cl_0"}), "flaggedImplicit": (DEFAULT_COLOR, True, {"$cl_0"})}),
]


def deliver(lmtp_host: str, lmtp_port: int, to: str, subject: str) -> None:
    with smtplib.LMTP(lmtp_host, lmtp_port) as lmtp:
        lmtp.sendmail("sender@example.com", [to],
                      f"From: Sender <sender@example.com>\r\nTo: {to}\r\nSubject: {subject}\r\n"
                      f"Message-ID: <{subject.replace(' ', '.')}@example.com>\r\n\r\nbody of {subject}\r\n")


def imap_uid(imap: imaplib.IMAP4, subject: str) -> str:
    imap.noop()
    status, data = imap.uid("SEARCH", None, "SUBJECT", f'"{subject}"')
    assert status == "OK" and data[0], (status, data)
    return data[0].split()[-1].decode()


def imap_flags(imap: imaplib.IMAP4, uid: str) -> set[str]:
    status, data = imap.uid("FETCH", uid, "(FLAGS)")
    assert status == "OK", data
    match = re.search(rb"FLAGS \(([^)]*)\)", data[0] if isinstance(data[0], bytes) else data[0][0])
    return set(match.group(1).decode().split()) if match else set()


def api_read(api: AppSuite, uid: str) -> tuple[int, int]:
    rows = api.data("PUT", "mail", "list", {"columns": "600,611,102"}, [{"id": uid, "folder": "default0/INBOX"}])
    assert len(rows) == 1 and rows[0][0] == uid, rows
    return rows[0][2], rows[0][1]


def check_flagging_table(facade_url: str, imap_host: str, imap_port: int, lmtp_port: int,
                         users: dict[str, tuple[str, str]]) -> None:
    """users: mode -> (login, password), each provisioned with that mode."""
    for mode in MODES:
        login, password = users[mode]
        api = AppSuite(facade_url)
        assert "session" in api.login(login, password)
        star, color = FEATURES[mode]
        lob = api.data("PUT", "jslob", "list", None, ["io.ox/mail"])
        assert lob[0]["tree"]["features"]["flag"] == {"star": star, "color": color}, (mode, lob)
        imap = imaplib.IMAP4(imap_host, imap_port)
        try:
            imap.login(login, password)
            imap.select("INBOX")
            for index, (name, prepared, update, expected) in enumerate(ROWS):
                subject = f"flagging {mode} row {index}"
                deliver(imap_host, lmtp_port, login, subject)
                uid = imap_uid(imap, subject)
                if prepared:
                    assert imap.uid("STORE", uid, "+FLAGS", f"({prepared})")[0] == "OK"
                if update is not None:
                    answer = api.data("PUT", "mail", "update", {"folder": "default0/INBOX", "id": uid}, update)
                    assert answer == {"folder_id": "default0/INBOX", "id": uid}, answer
                want_color, want_flagged, want_keywords = expected[mode]
                color_label, flags = api_read(api, uid)
                where = f"mode {mode}, row '{name}'"
                assert color_label == want_color, f"{where}: color_label {color_label}, wanted {want_color}"
                assert bool(flags & 8) == want_flagged, f"{where}: flags {flags}"
                on_imap = imap_flags(imap, uid)
                assert ("\\Flagged" in on_imap) == want_flagged, f"{where}: IMAP flags {on_imap}"
                color_keywords = {f for f in on_imap if f.lower().startswith("$cl_") or f.lower().startswith("cl_")}
                assert color_keywords == want_keywords, f"{where}: IMAP color keywords {color_keywords}"
        finally:
            imap.logout()
