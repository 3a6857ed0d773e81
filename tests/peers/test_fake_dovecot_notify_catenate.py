"""NOTIFY (RFC 5465), CATENATE (RFC 4469) and the URLAUTH commands (RFC 4467) on the fake
Dovecot equal real Dovecot 2.3.19, byte for byte after tests/support/imap_transcript.normalise
(the STATUS lines of NOTIFY SET STATUS come in Dovecot's mailbox iteration order, so those
answers are compared unordered).
"""
from __future__ import annotations

import pytest

from support.imap_multi_session import assert_same_sessions

pytestmark = [pytest.mark.dovecot]

FIRST = "b1 APPEND INBOX {23+}\r\nSubject: one\r\n\r\nbody1\r\n"


def test_urlauth_commands_are_disabled(real_and_fake_imap):
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        'u1 URLFETCH "/INBOX/;uid=1"',
        'u2 GENURLAUTH "imap://alice@localhost/INBOX/;uid=1;urlauth=anonymous" INTERNAL',
        "u3 RESETKEY",
        "u4 URLFETCH",
        "u5 RESETKEY INBOX",
        "u6 NOOP",
    ])


def test_notify_arguments_and_errors(real_and_fake_imap):
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        "n1 NOTIFY NONE",
        "n2 NOTIFY SET (selected MessageNew (uid flags) MessageExpunge)",
        "n3 NOTIFY SET (selected (MessageNew (UID FLAGS) MessageExpunge FlagChange)) (personal (MailboxName SubscriptionChange))",
        "n5 NOTIFY SET (inboxes (MessageNew MessageExpunge))",
        "n6 NOTIFY SET (mailboxes INBOX (MessageNew MessageExpunge))",
        "n7 NOTIFY SET (subtree INBOX (MessageNew MessageExpunge))",
        "n8 NOTIFY SET (selected (MessageNew))",
        "n9 NOTIFY SET (selected (MessageNew MessageExpunge))",
        "o1 NOTIFY SET (selected (MessageNew MessageExpunge FlagChange AnnotationChange))",
        "o2 NOTIFY SET (personal (MailboxName SubscriptionChange MailboxMetadataChange ServerMetadataChange))",
        "o3 NOTIFY SET (personal (Foo))",
        "o4 NOTIFY SET (personal NONE)",
        "o5 NOTIFY SET (selected-delayed (MessageNew MessageExpunge))",
        "o6 NOTIFY",
        "o7 NOTIFY FOO",
        "o8 NOTIFY SET",
        "o9 NOTIFY SET (personal (MessageNew))",
        "p2 NOTIFY SET (personal (FlagChange))",
        "p3 NOTIFY SET (selected (FlagChange))",
        "p4 NOTIFY SET (selected (MessageNew (UID)))",
        "p5 NOTIFY SET (selected (MessageNew (ENVELOPE) MessageExpunge))",
        "p7 NOTIFY SET (personal (MessageNew MessageExpunge)) (personal (MailboxName))",
        "p8 NOTIFY SET (mailboxes (INBOX Trash) (MessageNew MessageExpunge))",
        "p9 NOTIFY SET (mailboxes Nonexistent (MessageNew MessageExpunge))",
        "q1 NOTIFY SET (all (MessageNew MessageExpunge))",
        "q2 NOTIFY SET (selected (MessageNew (UID) MessageExpunge)) (selected (FlagChange))",
        "q3 NOTIFY SET (selected (MessageNew (FOO) MessageExpunge))",
        "q4 NOTIFY SET (selected (MessageNew () MessageExpunge))",
    ])


def test_notify_set_status_lists_watched_mailboxes(real_and_fake_imap):
    statuses = ("n2", "n3", "n4", "n5", "n7", "n9")
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        "b2 CREATE Work/Sub",
        "n1 NOTIFY SET STATUS (personal (MailboxName))",
        "n2 NOTIFY SET STATUS (inboxes (MessageNew MessageExpunge))",
        "n3 NOTIFY SET STATUS (subtree Work (MessageNew MessageExpunge))",
        "n4 NOTIFY SET STATUS (subscribed (MessageNew MessageExpunge))",
        "n6 SELECT INBOX",
        "n7 NOTIFY SET STATUS (personal (MessageNew MessageExpunge))",
        "n8 ENABLE CONDSTORE",
        "n9 NOTIFY SET STATUS (personal (MessageNew MessageExpunge))",
        # FlagChange adds HIGHESTMODSEQ even without CONDSTORE. (Real Dovecot also starts
        # mod-sequence tracking on INBOX here, which the fake does not model: kept last.)
        "p1 UNSELECT",
        "p2 NOTIFY SET STATUS (mailboxes (Trash Nope) (FlagChange))",
    ], unordered=statuses)


def test_notify_events_at_noop_and_while_idling(real_and_fake_imap):
    # Real Dovecot creates the auto-created Trash on disk only when first used, and NOTIFY
    # reports that as a new mailbox: the other session uses it before NOTIFY SET.
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        "2:x0 APPEND Trash {23+}\r\nSubject: zero\r\n\r\nbody\r\n",
        "n1 ENABLE CONDSTORE",
        "n2 SELECT INBOX",
        "n3 NOTIFY SET (selected (MessageNew (UID) MessageExpunge)) (personal (MessageNew MessageExpunge MailboxName SubscriptionChange))",
        "2:x1 APPEND Trash {23+}\r\nSubject: two\r\n\r\nbody2\r\n",
        "o5 NOOP",
        "2:x2 APPEND INBOX {23+}\r\nSubject: thr\r\n\r\nbody3\r\n",
        "o6 NOOP",
        "2:x3 CREATE NewBox",
        "o7 NOOP",
        "2:x5 SUBSCRIBE NewBox",
        "o9 NOOP",
        "2:x6 DELETE NewBox",
        "p1 NOOP",
        "2:x7 SELECT Trash",
        "2:x8 STORE 1 +FLAGS (\\Seen)",
        "p2 NOOP",
        "2:x9 STORE 1 +FLAGS (\\Deleted)",
        "2:y1 EXPUNGE",
        "p3 NOOP",
        "1:RAW p4 IDLE",
        "2:y3 APPEND INBOX {23+}\r\nSubject: fiv\r\n\r\nbody5\r\n",
        "1:IDLE-READ 3",
    ])


def test_catenate(real_and_fake_imap):
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        "c1 APPEND INBOX CATENATE (TEXT {10+}\r\nSubject: d)",
        'c2 APPEND INBOX CATENATE (URL "/INBOX/;uid=1" TEXT {4+}\r\nabcd)',
        'c3 APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;section=HEADER" TEXT {4+}\r\nabcd)',
        'c4 APPEND INBOX CATENATE (URL "/INBOX/;uid=99")',
        'c5 APPEND INBOX CATENATE (URL "/Nope/;uid=1")',
        'c7 APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;section=TEXT;partial=0.3")',
        'c8 APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;section=TEXT/;partial=0.3")',
        "c9 APPEND INBOX CATENATE ()",
        "d1 APPEND INBOX (\\Seen) CATENATE (TEXT {4+}\r\nabcd)",
        'd2 APPEND INBOX (\\Seen) "29-Nov-2026 10:00:00 +0000" CATENATE (TEXT {4+}\r\nabcd)',
        "d3 APPEND INBOX CATENATE (TEXT {4+}\r\nabcd) CATENATE (TEXT {4+}\r\nefgh)",
        "d4 APPEND INBOX CATENATE (TEXT {4+}\r\nabcd) {4+}\r\nijkl",
        "d5 APPEND Nope CATENATE (TEXT {4+}\r\nabcd)",
        "d7 APPEND INBOX CATENATE (TEXT {0+}\r\n)",
        'd9 APPEND INBOX CATENATE (URL "/INBOX;UIDVALIDITY=1/;uid=1")',
        'e1 APPEND INBOX CATENATE (URL "/INBOX/;UID=1/;SECTION=1")',
        'e2 APPEND INBOX CATENATE (URL "INBOX/;uid=1")',
        'e3 APPEND INBOX CATENATE (URL "/INBOX/;uid=1;section=HEADER")',
        'e4 APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;section=HEADER.FIELDS%20(SUBJECT)")',
        'e7 APPEND INBOX CATENATE (URL "/INBOX/;uid=1" TEXT {4}\r\nabcd)',
        'e8 APPEND INBOX CATENATE (TEXT {4}\r\nabcd URL "/INBOX/;uid=88")',
        "e9 APPEND INBOX CATENATE TEXT",
        'g1 APPEND Trash CATENATE (URL "/INBOX/;uid=2")',
        'g3 APPEND INBOX CATENATE (URL "/Trash/;uid=1/;section=HEADER.FIELDS%20(SUBJECT)")',
        'g4 APPEND INBOX CATENATE (URL "/INBOX/;uid=2/;section=2")',
        'g5 APPEND INBOX CATENATE (URL "/INBOX/;uid=2/;partial=5")',
        'g6 APPEND INBOX CATENATE (URL "/INBOX/;uid=2/;section=TEXT/;partial=100.3")',
        'g7 APPEND INBOX CATENATE (URL "/INBOX/;uid=2/;partial=2.0")',
        'g8 APPEND INBOX CATENATE (URL "/INBOX/;uid=x")',
        'h1 APPEND INBOX {4+}\r\nabcd CATENATE (URL "/INBOX/;uid=77")',
        'h2 APPEND INBOX CATENATE (URL "/INBOX/;uid=1") (\\Seen) CATENATE (TEXT {2+}\r\nxy)',
        'h3 APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;section=HEADER" URL "/INBOX/;uid=1/;section=TEXT")',
        'h4 APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;section=HEADER.FIELDS.NOT%20(SUBJECT)")',
        'h5 APPEND INBOX CATENATE (URL "/INBOX/;uid=0")',
        'h6 APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;partial=1.2.3")',
        'h7 APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;partial=x")',
        'h8 APPEND INBOX CATENATE (URL "/INBOX/;uid=1/;foo=bar")',
        'h9 APPEND INBOX CATENATE (URL "/INB%4FX/;uid=1")',
        "f1 EXAMINE INBOX",
        "f2 UID FETCH 1:* (BODY.PEEK[] FLAGS)",
    ])


def test_notify_message_new_fetches_from_the_uidnext_seen_at_select(real_and_fake_imap):
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        "b2 SELECT INBOX",
        "b3 APPEND INBOX {23+}\r\nSubject: two\r\n\r\nbody2\r\n",
        "b4 APPEND INBOX {23+}\r\nSubject: thr\r\n\r\nbody3\r\n",
        "d3 NOTIFY NONE",
        "d4 NOTIFY NONE extra",
        "d5 NOTIFY SET (selected (MessageNew (UID) MessageExpunge))",
        "2:x6 APPEND INBOX {23+}\r\nSubject: fou\r\n\r\nbody3\r\n",
        "d6 NOOP",
        "d7 NOTIFY SET (selected (MessageNew (UID FLAGS ENVELOPE) MessageExpunge FlagChange))",
        "2:x7 APPEND INBOX {23+}\r\nSubject: fiv\r\n\r\nbody3\r\n",
        "d8 NOOP",
        "d9 CHECK",
    ])


def test_notify_personal_events_of_mailboxes_not_selected(real_and_fake_imap):
    # Mailboxes used before NOTIFY SET (see test_notify_events_at_noop_and_while_idling).
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        "2:x0 APPEND Trash {23+}\r\nSubject: zer\r\n\r\nbody1\r\n",
        "2:y0 CREATE Work",
        "2:y1 APPEND Work {23+}\r\nSubject: wrk\r\n\r\nbody1\r\n",
        "c1 NOTIFY SET (personal (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange))",
        "2:x1 SELECT Trash",
        "2:x2 STORE 1 +FLAGS (\\Seen)",
        "c2 NOOP",
        "2:x3 MOVE 1 INBOX",
        "c3 NOOP",
        "2:x4 UNSUBSCRIBE Trash",
        "c4 NOOP",
        "2:x5 CREATE Work/Child",
        "c5 NOOP",
        "2:x6 SUBSCRIBE Work/Child",
        "2:x7 APPEND Work {23+}\r\nSubject: thr\r\n\r\nbody3\r\n",
        "c6 NOOP",
        "c7 ENABLE CONDSTORE",
        "2:x8 SELECT Work",
        "2:y8 STORE 1 +FLAGS (\\Flagged)",
        "2:x9 DELETE Work/Child",
        "c8 NOOP",
        "c9 NOTIFY NONE",
        "2:y2 APPEND Work {23+}\r\nSubject: fou\r\n\r\nbody3\r\n",
        "d1 NOOP",
    ], unordered=("c3",))


def test_notify_selected_flag_change_of_a_message_expunged_at_once(real_and_fake_imap):
    # With FlagChange too: FETCH shows the expunged message's flags, then only its EXPUNGE.
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        "b2 APPEND INBOX {23+}\r\nSubject: two\r\n\r\nbody2\r\n",
        "b4 SELECT INBOX",
        "b5 NOTIFY SET (selected (MessageNew MessageExpunge FlagChange))",
        "2:x1 SELECT INBOX",
        "2:x2 STORE 1 +FLAGS (\\Deleted)",
        "2:x3 EXPUNGE",
        "b6 FETCH 1 FLAGS",
        "b7 NOOP",
    ])


def test_notify_selected_reports_expunges_at_once(real_and_fake_imap):
    # "selected" (not "selected-delayed"): FETCH's sync point sends EXPUNGE too.
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        "b2 APPEND INBOX {23+}\r\nSubject: two\r\n\r\nbody2\r\n",
        "b3 APPEND INBOX {23+}\r\nSubject: thr\r\n\r\nbody3\r\n",
        "b4 SELECT INBOX",
        "2:x1 SELECT INBOX",
        "b8 NOTIFY SET (selected (MessageNew MessageExpunge))",
        "2:x5 MOVE 1 Trash",
        "b9 FETCH 1 FLAGS",
        "c1 NOTIFY SET (selected-delayed (MessageNew MessageExpunge))",
        "2:x6 MOVE 1 Trash",
        "c2 FETCH 1 FLAGS",
        "c3 NOOP",
    ])


def test_notify_turns_off_what_the_selected_filter_does_not_ask_for(real_and_fake_imap):
    # After NOTIFY (NONE too) the selected mailbox gets EXISTS/RECENT/EXPUNGE only with
    # MessageNew/MessageExpunge and flag-change FETCHes (the own STORE's too) only with FlagChange.
    assert_same_sessions(*real_and_fake_imap, [
        FIRST,
        "b2 APPEND INBOX {23+}\r\nSubject: two\r\n\r\nbody2\r\n",
        "b3 APPEND INBOX {23+}\r\nSubject: thr\r\n\r\nbody3\r\n",
        "b4 SELECT INBOX",
        "b5 NOTIFY SET (selected (MessageNew MessageExpunge))",
        "2:x1 SELECT INBOX",
        "2:x2 STORE 1 +FLAGS (\\Flagged)",
        "b6 NOOP",
        "b7 FETCH 1 FLAGS",
        "b9 STORE 2 +FLAGS (\\Seen)",
        "2:x3 STORE 2 +FLAGS (\\Answered)",
        "c1 UID FETCH 2 FLAGS",
        "c2 NOTIFY SET (personal (MessageNew MessageExpunge))",
        "2:x4 STORE 2 +FLAGS (\\Draft)",
        "2:x5 APPEND INBOX {23+}\r\nSubject: fou\r\n\r\nbody4\r\n",
        "c3 NOOP",
        "2:x6 STORE 1 +FLAGS (\\Deleted)",
        "2:x7 EXPUNGE",
        "c4 NOOP",
        "c5 STORE 1 +FLAGS (\\Deleted)",
        "c6 EXPUNGE",
        "c7 NOTIFY SET (selected (MessageNew MessageExpunge FlagChange))",
        "c8 STORE 1 +FLAGS (\\Seen)",
        "c9 ENABLE CONDSTORE",
        "d1 STORE 1 +FLAGS.SILENT (\\Answered)",
        "d2 NOTIFY NONE",
        "2:x8 STORE 1 -FLAGS (\\Seen)",
        "d3 NOOP",
        "d4 STORE 1 +FLAGS (\\Draft)",
        "d5 UID STORE 1:* +FLAGS (\\Flagged)",
        "d6 NOTIFY SET (selected NONE)",
        "2:x9 APPEND INBOX {23+}\r\nSubject: fiv\r\n\r\nbody5\r\n",
        "d7 NOOP",
    ])
