#include "mock_dovecot/imap/imap_session.hpp"

#include <gtest/gtest.h>

namespace oxh::dovecot::imap {
namespace {

constexpr const char* kPostLogin =
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS "
    "THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED "
    "I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE "
    "SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY METADATA SPECIAL-USE";

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() : store_(3) { store_.addUser({"alice@example.org", "secret"}); }

  std::unique_ptr<ImapSession> makeSession(bool metadata = true) {
    SessionOptions options;
    options.metadataEnabled = metadata;
    auto session = std::make_unique<ImapSession>(store_, options, [this](const SessionEvent& event) {
      events_.push_back(event.kind + " " + event.summary);
    });
    session->start();
    return session;
  }

  // Feeds in chunks of `chunk` bytes and returns everything the session wrote.
  static std::string run(ImapSession& session, const std::string& input, std::size_t chunk) {
    std::string out = session.takeOutput();
    for (std::size_t i = 0; i < input.size(); i += chunk) {
      session.feed(std::string_view(input).substr(i, chunk));
      out += session.takeOutput();
    }
    return out;
  }

  MailStore store_;
  std::vector<std::string> events_;
};

TEST_F(SessionTest, CapturedLoginSequenceMatchesDovecot) {
  auto session = makeSession();
  const std::string out = run(*session, "a001 CAPABILITY\r\na002 LOGIN alice@example.org secret\r\na004 LOGOUT\r\n", 4096);
  EXPECT_EQ(out,
            "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] "
            "Dovecot (Debian) ready.\r\n"
            "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN\r\n"
            "a001 OK Pre-login capabilities listed, post-login capabilities have more.\r\n"
            "* CAPABILITY " + std::string(kPostLogin) + "\r\n"
            "a002 OK Logged in\r\n"
            "* BYE Logging out\r\n"
            "a004 OK Logout completed (0.001 + 0.000 secs).\r\n");
  EXPECT_TRUE(session->closing());
  EXPECT_FALSE(events_.empty());
}

TEST_F(SessionTest, ByteByByteEqualsOneChunk) {
  const std::string script =
      "a1 LOGIN {17}\r\nalice@example.org secret\r\n"
      "a2 APPEND INBOX (\\Seen) {12+}\r\nSubject: x\r\n\r\n"
      "a3 SELECT INBOX\r\na4 SETMETADATA \"\" (/private/comment {3}\r\nabc)\r\n"
      "a5 GETMETADATA \"\" /private/comment\r\na6 FOO\r\na7 LOGOUT\r\n";
  MailStore other(3);
  other.addUser({"alice@example.org", "secret"});
  auto whole = makeSession();
  const std::string expected = run(*whole, script, script.size());
  ImapSession bytewise(other, SessionOptions{});
  bytewise.start();
  EXPECT_EQ(run(bytewise, script, 1), expected);
  EXPECT_NE(expected.find("+ OK\r\na4 OK Setmetadata completed"), std::string::npos);
  EXPECT_NE(expected.find("* METADATA \"\" (/private/comment {3}\r\nabc)\r\n"), std::string::npos);
  EXPECT_NE(expected.find("a2 OK [APPENDUID "), std::string::npos);
  EXPECT_NE(expected.find("a6 BAD Error in IMAP command FOO: Unknown command (0.001 + 0.000 secs).\r\n"),
            std::string::npos);
}

TEST_F(SessionTest, IdleIsWokenByAnotherSessionsDelivery) {
  auto session = makeSession();
  run(*session, "a1 LOGIN alice@example.org secret\r\na2 SELECT INBOX\r\ni1 IDLE\r\n", 4096);
  EXPECT_TRUE(session->idling());
  store_.deliver("alice@example.org", "INBOX", "Subject: hi\r\n\r\nx\r\n", 0);
  session->mailboxChanged("alice@example.org", "Sent");  // not the selected mailbox
  EXPECT_EQ(session->takeOutput(), "");
  session->mailboxChanged("alice@example.org", "INBOX");
  EXPECT_EQ(session->takeOutput(), "* 1 EXISTS\r\n* 1 RECENT\r\n");
  EXPECT_EQ(run(*session, "done\r\n", 4096), "i1 OK Idle completed (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(run(*session, "i2 IDLE\r\nFOO\r\n", 4096),
            "+ idling\r\ni2 BAD Expected DONE (0.001 + 0.000 secs).\r\n");
}

TEST_F(SessionTest, ExpungesAndFlagChangesAreSentAtTheNextSyncPoint) {
  store_.append("alice@example.org", "INBOX", "a", {}, 0);
  store_.append("alice@example.org", "INBOX", "b", {}, 0);
  store_.append("alice@example.org", "INBOX", "c", {}, 0);
  auto session = makeSession();
  run(*session, "a1 LOGIN alice@example.org secret\r\na2 SELECT INBOX\r\n", 4096);
  MessageFlags deleted;
  deleted.system = kFlagDeleted;
  store_.storeFlags("alice@example.org", "INBOX", {1, 3}, FlagOperation::kAdd, deleted);
  MessageFlags seen;
  seen.system = kFlagSeen;
  store_.storeFlags("alice@example.org", "INBOX", {2}, FlagOperation::kAdd, seen);
  store_.expunge("alice@example.org", "INBOX");
  EXPECT_EQ(run(*session, "a3 NOOP\r\n", 4096),
            "* 2 FETCH (FLAGS (\\Seen \\Recent))\r\n* 3 EXPUNGE\r\n* 1 EXPUNGE\r\n* 1 RECENT\r\n"
            "a3 OK NOOP completed (0.001 + 0.000 secs).\r\n");
}

// A flag change another session made before expunging shows at a sync point that may not send
// EXPUNGE, and a STORE on that message applies to the view (confirmed against Dovecot 2.3.19).
TEST_F(SessionTest, ExpungedMessageStillShownTakesFlagChangesUntilItsExpunge) {
  store_.append("alice@example.org", "INBOX", "a", {}, 0);
  store_.append("alice@example.org", "INBOX", "b", {}, 0);
  auto session = makeSession();
  run(*session, "a1 LOGIN alice@example.org secret\r\na2 SELECT INBOX\r\n", 4096);
  MessageFlags deleted;
  deleted.system = kFlagDeleted;
  store_.storeFlags("alice@example.org", "INBOX", {1}, FlagOperation::kAdd, deleted);
  store_.expunge("alice@example.org", "INBOX");
  EXPECT_EQ(
      run(*session, "a3 FETCH 2 UID\r\n", 4096),
      "* 2 FETCH (UID 2)\r\n* 1 FETCH (FLAGS (\\Deleted \\Recent))\r\na3 OK Fetch completed (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(run(*session, "a4 STORE 1 +FLAGS (\\Seen)\r\n", 4096),
            "* 1 FETCH (FLAGS (\\Deleted \\Seen \\Recent))\r\na4 OK Store completed (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(run(*session, "a5 NOOP\r\n", 4096),
            "* 1 EXPUNGE\r\n* 1 RECENT\r\na5 OK NOOP completed (0.001 + 0.000 secs).\r\n");
}

// Where the EXPUNGE goes out in the same sync, the flag change before it is not announced.
TEST_F(SessionTest, FlagChangeOfAMessageExpungedInTheSameSyncIsNotAnnounced) {
  store_.append("alice@example.org", "INBOX", "a", {}, 0);
  auto session = makeSession();
  run(*session, "a1 LOGIN alice@example.org secret\r\na2 SELECT INBOX\r\n", 4096);
  MessageFlags deleted;
  deleted.system = kFlagDeleted | kFlagFlagged;
  store_.storeFlags("alice@example.org", "INBOX", {1}, FlagOperation::kAdd, deleted);
  store_.expunge("alice@example.org", "INBOX");
  EXPECT_EQ(run(*session, "a3 NOOP\r\n", 4096),
            "* 1 EXPUNGE\r\n* 0 RECENT\r\na3 OK NOOP completed (0.001 + 0.000 secs).\r\n");
}

// A selected mailbox deleted and created again by another session (recreated_selection.hpp).
TEST_F(SessionTest, RecreatedSelectedMailboxKeepsTheOldViewAndReportsInternalErrors) {
  ASSERT_EQ(store_.createMailbox("alice@example.org", "F"), StoreError::kNone);
  store_.append("alice@example.org", "F", "old", {}, 0);
  auto session = makeSession();
  run(*session, "a1 LOGIN alice@example.org secret\r\na2 SELECT F\r\n", 4096);
  ASSERT_EQ(store_.deleteMailbox("alice@example.org", "F"), StoreError::kNone);
  ASSERT_EQ(store_.createMailbox("alice@example.org", "F"), StoreError::kNone);
  store_.append("alice@example.org", "F", "new", {}, 0);
  store_.append("alice@example.org", "F", "newer", {}, 0);
  const std::string noop = run(*session, "a3 NOOP\r\n", 4096);
  EXPECT_EQ(noop.rfind("* NO Internal error occurred. Refer to server log for more information. [", 0), 0U) << noop;
  EXPECT_NE(noop.find("a3 OK NOOP completed"), std::string::npos);
  EXPECT_EQ(noop.find("EXISTS"), std::string::npos);
  EXPECT_EQ(run(*session, "a4 FETCH 1:* UID\r\n", 4096),
            "* 1 FETCH (UID 1)\r\na4 OK Fetch completed (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(
      run(*session, "a5 STORE 1 +FLAGS (\\Seen)\r\n", 4096).rfind("a5 NO [SERVERBUG] Internal error occurred.", 0), 0U);
  EXPECT_EQ(run(*session, "a6 FETCH 1 RFC822.SIZE\r\n", 4096).rfind("* BYE FETCH failed: Internal error occurred.", 0),
            0U);
  EXPECT_TRUE(session->closing());
}

// Deleted and not created again: the session ends at its next sync point.
TEST_F(SessionTest, DeletedSelectedMailboxEndsTheSession) {
  ASSERT_EQ(store_.createMailbox("alice@example.org", "F"), StoreError::kNone);
  auto session = makeSession();
  run(*session, "a1 LOGIN alice@example.org secret\r\na2 SELECT F\r\n", 4096);
  ASSERT_EQ(store_.deleteMailbox("alice@example.org", "F"), StoreError::kNone);
  EXPECT_EQ(run(*session, "a3 NOOP\r\n", 4096), "* BYE IMAP session state is inconsistent, please relogin.\r\n");
}

// The session that APPENDs to its selected mailbox owns the new message's \Recent, even when
// another session idling on the mailbox is woken first (confirmed against Dovecot 2.3.19).
TEST_F(SessionTest, AppendingSessionOwnsTheRecentFlagOfItsMessage) {
  auto idler = makeSession();
  run(*idler, "b1 LOGIN alice@example.org secret\r\nb2 SELECT INBOX\r\nb3 IDLE\r\n", 4096);
  auto appender = makeSession();
  run(*appender, "a1 LOGIN alice@example.org secret\r\na2 SELECT INBOX\r\n", 4096);
  appender->feed("a3 APPEND INBOX {10+}\r\nSubject: a\r\n");
  idler->mailboxChanged("alice@example.org", "INBOX");  // woken before the appender's sync point
  EXPECT_EQ(idler->takeOutput(), "* 1 EXISTS\r\n");
  const std::string appended = appender->takeOutput();
  EXPECT_NE(appended.find("* 1 EXISTS\r\n* 1 RECENT\r\na3 OK [APPENDUID "), std::string::npos) << appended;
}

// STATUS on the selected mailbox answers from the view and is no sync point (confirmed against
// Dovecot 2.3.19).
TEST_F(SessionTest, StatusOnTheSelectedMailboxAnswersFromTheView) {
  store_.append("alice@example.org", "INBOX", "a", {}, 0);
  auto session = makeSession();
  run(*session, "a1 LOGIN alice@example.org secret\r\na2 SELECT INBOX\r\n", 4096);
  store_.append("alice@example.org", "INBOX", "b", {}, 0);
  EXPECT_EQ(run(*session, "a3 STATUS INBOX (MESSAGES RECENT UIDNEXT UNSEEN)\r\n", 4096),
            "* STATUS INBOX (MESSAGES 1 RECENT 1 UIDNEXT 2 UNSEEN 1)\r\n"
            "a3 OK [CLIENTBUG] Status on selected mailbox completed (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(run(*session, "a4 NOOP\r\n", 4096),
            "* 2 EXISTS\r\n* 2 RECENT\r\na4 OK NOOP completed (0.001 + 0.000 secs).\r\n");
}

TEST_F(SessionTest, MetadataDisabledGivesDovecotsCannot) {
  auto session = makeSession(false);
  const std::string out = run(*session,
                              "a1 LOGIN alice@example.org secret\r\n"
                              "a2 GETMETADATA \"\" /private/vendor/vendor.dovecot/http-notify\r\n"
                              "a3 GETMETADATA Sent /private/specialuse\r\n",
                              4096);
  EXPECT_EQ(out.find("METADATA SPECIAL-USE"), std::string::npos);
  EXPECT_NE(out.find("a2 NO [CANNOT] Generic mailbox attributes not enabled (0.001 + 0.000 secs).\r\n"),
            std::string::npos);
  EXPECT_NE(out.find("* METADATA Sent (/private/specialuse {5}\r\n\\Sent)\r\n"), std::string::npos);
}

TEST_F(SessionTest, TooLargeLiteralEndsTheSessionUnread) {
  auto session = makeSession();
  const std::string out = run(*session, "a1 LOGIN alice@example.org secret\r\na2 SELECT {99999999}\r\n", 4096);
  EXPECT_NE(out.find("* BYE Literal size too large\r\n"), std::string::npos);
  EXPECT_TRUE(session->closing());
}

TEST_F(SessionTest, ThirdInvalidCommandBeforeLoginEndsTheSession) {
  auto session = makeSession();
  const std::string out = run(*session, "a1 SELECT INBOX\r\na2 FOO\r\na3 BAR\r\na4 NOOP\r\n", 4096);
  EXPECT_NE(out.find("a1 BAD Error in IMAP command received by server.\r\n"
                     "a2 BAD Error in IMAP command received by server.\r\n"
                     "* BYE Too many invalid IMAP commands.\r\n"),
            std::string::npos);
  EXPECT_EQ(out.find("a4"), std::string::npos);
}

TEST_F(SessionTest, AGoodCommandResetsTheCountOfInvalidOnes) {
  auto session = makeSession();
  std::string input = "a1 LOGIN alice@example.org secret\r\n";
  for (int i = 0; i < 19; ++i) {
    input += "b" + std::to_string(i) + " FOO\r\n";
  }
  input += "c1 NOOP\r\n";
  for (int i = 0; i < 19; ++i) {
    input += "d" + std::to_string(i) + " FOO\r\n";
  }
  EXPECT_EQ(run(*session, input, 65536).find("* BYE"), std::string::npos);
  // The 20th invalid command in a row ends the session.
  EXPECT_NE(run(*session, "e1 FOO\r\n", 4096).find("* BYE Too many invalid IMAP commands."), std::string::npos);
}

TEST_F(SessionTest, StartTlsDiscardsWhatWasSentBeforeTheHandshake) {
  SessionOptions options;
  options.startTlsAvailable = true;
  ImapSession session(store_, options);
  session.start();
  run(session, "a1 STARTTLS\r\na2 LOGIN alice@example.org secret\r\n", 4096);
  EXPECT_TRUE(session.startTlsPending());
  session.tlsEstablished();
  EXPECT_EQ(run(session, "a3 CAPABILITY\r\n", 4096),
            "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN\r\n"
            "a3 OK Pre-login capabilities listed, post-login capabilities have more.\r\n");
}

}  // namespace
}  // namespace oxh::dovecot::imap
