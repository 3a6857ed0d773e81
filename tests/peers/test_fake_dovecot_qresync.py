"""QRESYNC (RFC 7162) on the fake Dovecot equals real Dovecot 2.3.19, byte for byte after
tests/support/imap_transcript.normalise: ENABLE while selected, SELECT/EXAMINE ... (QRESYNC ...)
with VANISHED (EARLIER) and FETCH, its errors, UID FETCH ... (CHANGEDSINCE n VANISHED), and
VANISHED / UID in FETCH at sync points for the session's own and another session's changes.
"""
from __future__ import annotations

import pytest

from support.imap_multi_session import assert_same_sessions

pytestmark = [pytest.mark.dovecot]

APPENDS = [
    "b1 APPEND INBOX {23+}\r\nSubject: one\r\n\r\nbody1\r\n",
    "b2 APPEND INBOX {23+}\r\nSubject: two\r\n\r\nbody2\r\n",
    "b3 APPEND INBOX {25+}\r\nSubject: three\r\n\r\nbody3\r\n",
]


def test_enable_qresync_and_its_errors(real_and_fake_imap):
    assert_same_sessions(*real_and_fake_imap, APPENDS + [
        "2:x1 SELECT INBOX (QRESYNC (1 1))",
        "2:x2 EXAMINE INBOX (QRESYNC (1 1))",
        "2:x3 SELECT INBOX",
        "2:x4 UID FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)",
        "c1 SELECT INBOX",
        "c2 ENABLE QRESYNC",
        "c3 ENABLE QRESYNC",
        "c4 FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)",
        "c5 UID FETCH 1:* FLAGS (VANISHED)",
        "c6 SELECT INBOX (QRESYNC (1))",
        "c7 SELECT INBOX (QRESYNC)",
        "c8 SELECT INBOX (QRESYNC ({UIDV} 1 1:5 (1:2 1:3)))",
        "c9 SELECT INBOX (QRESYNC ({UIDV} 1 x))",
        "d1 SELECT INBOX (QRESYNC ({UIDV} 1 1:5 (1 1) x))",
        "d2 SELECT INBOX (QRESYNC (x 1))",
        "d3 SELECT INBOX (FOO)",
        "d4 SELECT INBOX (QRESYNC (1 1))",
        "d5 SELECT INBOX (FOO)",
        "d6 SELECT INBOX (QRESYNC ({UIDV} 1 1:*))",
        "d7 SELECT INBOX (QRESYNC ({UIDV} 1 1:5 (1:* 1:*)))",
        "d8 EXAMINE INBOX (QRESYNC ({UIDV} 1 1:9))",
        "e1 SELECT INBOX (QRESYNC ({UIDV} 1 1:5 (1:2 1:*)))",
        "e2 SELECT INBOX (QRESYNC ({UIDV} 1 1:5 (1:2)))",
        "e3 SELECT INBOX (QRESYNC ({UIDV} 1 1:5 (1:2 1:2 3)))",
        "e4 SELECT INBOX (QRESYNC ({UIDV} 1 1:5 (x 1)))",
        "d9 SELECT INBOX (QRESYNC ({UIDV} 1 1:5 (1:2 1:2)))",
        "3:e1 ENABLE CONDSTORE",
        "3:e2 ENABLE CONDSTORE",
        "3:e4 ENABLE CONDSTORE QRESYNC",
        "3:e5 ENABLE condstore foo",
        "4:f1 SELECT INBOX",
        "4:f2 FETCH 1 (MODSEQ)",
        "4:f3 ENABLE CONDSTORE",
        "4:f4 ENABLE QRESYNC",
    ])


def test_select_qresync_reports_vanished_and_changed_messages(real_and_fake_imap):
    assert_same_sessions(*real_and_fake_imap, APPENDS + [
        "b4 SELECT INBOX",
        "b5 ENABLE QRESYNC",
        "b6 STORE 2 +FLAGS (\\Deleted)",
        "b7 EXPUNGE",
        "b8 SELECT INBOX (QRESYNC ({UIDV} 1))",
        "b9 SELECT INBOX (QRESYNC ({UIDV} 1 1:5))",
        "c1 SELECT INBOX (QRESYNC ({UIDV} 1 1,3))",
        "c2 SELECT INBOX (QRESYNC ({UIDV} {HMS} 1:5))",
        "c3 STORE 1 +FLAGS (\\Flagged)",
        "c5 SELECT INBOX (QRESYNC ({UIDV} 1 1:5 (1,2 1,3)))",
        "c6 SELECT INBOX (QRESYNC ({UIDV} 0))",
        "c7 EXAMINE INBOX (QRESYNC ({UIDV} 1 1:10 (1:2 7:8)))",
        "c8 SELECT INBOX (QRESYNC (1 1 1:5))",
        "c9 SELECT INBOX (CONDSTORE QRESYNC ({UIDV} 1))",
        "d1 UID FETCH 1:* FLAGS (CHANGEDSINCE 1 VANISHED)",
        "d2 UID FETCH 3:* (FLAGS) (VANISHED CHANGEDSINCE 1)",
        "d4 UID FETCH 5 (FLAGS) (CHANGEDSINCE 1 VANISHED)",
        "d5 FETCH 1:* (FLAGS) (CHANGEDSINCE 1)",
        "d6 STORE 1 (UNCHANGEDSINCE 1) +FLAGS (\\Seen)",
        "d7 UID STORE 1:3 (UNCHANGEDSINCE 100) +FLAGS (\\Answered)",
        "d3 UID FETCH 1:* FLAGS (CHANGEDSINCE {HMS} VANISHED)",
    ])


def test_vanished_replaces_expunge_for_own_and_other_sessions(real_and_fake_imap):
    steps = ["b1 APPEND INBOX {23+}\r\nSubject: one\r\n\r\nbody1\r\n"] * 1 + [
        f"b{i} APPEND INBOX {{23+}}\r\nSubject: m{i:02d}\r\n\r\nbody1\r\n" for i in range(2, 8)
    ] + [
        "c1 ENABLE QRESYNC",
        "c2 SELECT INBOX",
        "c3 STORE 1:2 +FLAGS (\\Deleted)",
        "c4 EXPUNGE",
        "c5 STORE 1 +FLAGS (\\Deleted)",
        "c6 UID EXPUNGE 3",
        "c7 MOVE 1 Trash",
        "c8 UID MOVE 6 Trash",
        "2:x1 SELECT INBOX",
        "2:x2 STORE 1 +FLAGS (\\Seen)",
        "2:x3 MOVE 2 Trash",
        "c9 NOOP",
        "d1 FETCH 1 FLAGS",
        "d2 STORE 1 +FLAGS (\\Deleted)",
        "d3 CLOSE",
        "d4 SELECT INBOX",
    ]
    assert_same_sessions(*real_and_fake_imap, steps)


def test_highestmodseq_at_sync_points_and_while_idling(real_and_fake_imap):
    assert_same_sessions(*real_and_fake_imap, APPENDS[:2] + [
        "b3 ENABLE QRESYNC",
        "b4 SELECT INBOX",
        "2:x1 SELECT INBOX",
        "2:x2 STORE 1 +FLAGS (\\Deleted)",
        "2:x3 EXPUNGE",
        "RAW b5 IDLE",
        "IDLE-READ 3",
        "RAW DONE",
        "2:x4 STORE 1 +FLAGS (\\Flagged)",
        "b6 UID STORE 2 +FLAGS (\\Seen)",
        "b7 STORE 1 +FLAGS.SILENT (\\Answered)",
        "2:x5 APPEND INBOX {23+}\r\nSubject: thr\r\n\r\nbody3\r\n",
        "b8 FETCH 1:* (FLAGS)",
        "b9 UID SEARCH ALL",
        'c1 APPEND INBOX CATENATE (URL "/INBOX/;uid=2" URL "/INBOX/;uid=3/;section=TEXT")',
        "c2 CHECK",
        "c3 EXPUNGE",
        "c4 NOOP",
    ])
