// One-shot faults and capability toggles in the socket-free session.
#include "mock_dovecot/imap/imap_faults.hpp"

#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {
namespace {

class FaultTest : public ::testing::Test {
 protected:
  FaultTest() : store_(3) { store_.addUser({"alice@example.org", "secret"}); }

  std::unique_ptr<ImapSession> makeSession(const CapabilityProfile* profile = nullptr) {
    SessionOptions options;
    options.faults = &faults_;
    options.profile = profile;
    auto session = std::make_unique<ImapSession>(store_, options, [this](const SessionEvent& event) {
      if (event.kind == "imap.fault") {
        applied_.push_back(event.summary);
      }
    });
    session->start();
    session->takeOutput();
    return session;
  }

  static std::string feed(ImapSession& session, const std::string& input) {
    session.feed(input);
    return session.takeOutput();
  }

  static std::string login(ImapSession& session) {
    return feed(session, "l LOGIN alice@example.org secret\r\n");
  }

  MailStore store_;
  ImapFaults faults_;
  std::vector<std::string> applied_;
};

TEST(ImapFault, ParsesAndRejectsClearly) {
  const auto fault = ImapFault::fromJson({{"action", "no"}, {"user", "alice"}, {"code", "overquota"}, {"text", "Full."},
                                          {"command", "append"}, {"count", 2}});
  EXPECT_EQ(fault.noText(), "NO [OVERQUOTA] Full.");
  EXPECT_EQ(fault.command, "APPEND");
  EXPECT_EQ(fault.toJson()["count"], 2);
  EXPECT_EQ(ImapFault::fromJson({{"action", "bye"}}).text, "Server shutting down.");
  auto error = [](const nlohmann::json& json) {
    try {
      ImapFault::fromJson(json);
    } catch (const OxhException& e) {
      return e.error().describe();
    }
    return std::string("no error");
  };
  EXPECT_EQ(error({{"action", "explode"}}), "[oxh.dovecot.fault] 'action' is bye, no, delay, drop_idle, truncate_literal or expunge_storm, got "
            "'explode'");
  EXPECT_EQ(error({{"action", "delay"}}), "[oxh.dovecot.fault] a delay fault needs 'delay_ms' > 0");
  EXPECT_EQ(error({{"action", "no"}, {"colour", 1}}),
            "[oxh.dovecot.fault] unknown field 'colour' (known: action, user, command, text, code, delay_ms, sessions, "
            "count, mailbox, messages)");
  EXPECT_EQ(error({{"action", "expunge_storm"}}),
            "[oxh.dovecot.fault] an expunge_storm needs 'user' (whose mailbox loses its messages)");
  EXPECT_EQ(error({{"action", "no"}, {"code", "[ALERT]"}}),
            "[oxh.dovecot.fault] 'text' and 'code' must be printable, and 'code' a single atom without brackets");
  EXPECT_EQ(error({{"action", "bye"}, {"sessions", "two"}}), "[oxh.dovecot.fault] 'sessions' is all or one, got 'two'");
}

TEST_F(FaultTest, NoAnswersTheNextMatchingCommandOnceAndIsJournaled) {
  auto session = makeSession();
  login(*session);
  faults_.arm(ImapFault::fromJson({{"action", "no"}, {"user", "alice@example.org"}, {"command", "SELECT"},
                                   {"code", "UNAVAILABLE"}, {"text", "Try later."}}));
  EXPECT_EQ(feed(*session, "n NOOP\r\n"), "n OK NOOP completed (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(feed(*session, "s SELECT INBOX\r\n"), "s NO [UNAVAILABLE] Try later (0.001 + 0.000 secs).\r\n");
  EXPECT_NE(feed(*session, "s2 SELECT INBOX\r\n").find("s2 OK [READ-WRITE] Select completed"), std::string::npos);
  EXPECT_EQ(applied_, std::vector<std::string>{"no: s NO [UNAVAILABLE] Try later."});
  EXPECT_TRUE(faults_.armed().empty());
}

TEST_F(FaultTest, AFaultForAnotherUserLeavesThisSessionAlone) {
  auto session = makeSession();
  login(*session);
  faults_.arm(ImapFault::fromJson({{"action", "no"}, {"user", "bob@example.org"}}));
  EXPECT_EQ(feed(*session, "n NOOP\r\n"), "n OK NOOP completed (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(faults_.armed().size(), 1U);
}

TEST_F(FaultTest, DelayHoldsTheTaggedOkAndEverythingAfterIt) {
  auto session = makeSession();
  login(*session);
  faults_.arm(ImapFault::fromJson({{"action", "delay"}, {"delay_ms", 1500}, {"command", "NOOP"}}));
  EXPECT_EQ(feed(*session, "a CAPABILITY\r\nn NOOP\r\nz NOOP\r\n"), std::string("* CAPABILITY ") + session->capabilities() +
                                                                       "\r\na OK Capability completed (0.001 + 0.000 secs).\r\n");
  EXPECT_TRUE(session->holding());
  EXPECT_EQ(session->newHold(), std::chrono::milliseconds(1500));
  EXPECT_FALSE(session->newHold());  // reported once
  EXPECT_EQ(session->takeOutput(), "");
  session->releaseHold();
  EXPECT_EQ(session->takeOutput(),
            "n OK NOOP completed (0.001 + 0.000 secs).\r\nz OK NOOP completed (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(applied_.size(), 1U);
}

TEST_F(FaultTest, DropIdleClosesWithoutAWordAfterIdling) {
  auto session = makeSession();
  login(*session);
  feed(*session, "s SELECT INBOX\r\n");
  faults_.arm(ImapFault::fromJson({{"action", "drop_idle"}}));
  EXPECT_EQ(feed(*session, "i IDLE\r\n"), "+ idling\r\n");
  EXPECT_TRUE(session->closing());
  EXPECT_EQ(applied_, std::vector<std::string>{"drop_idle: connection dropped during IDLE"});
}

TEST_F(FaultTest, DropIdleNowOnlyWhenIdling) {
  auto session = makeSession();
  login(*session);
  feed(*session, "s SELECT INBOX\r\n");
  faults_.arm(ImapFault::fromJson({{"action", "drop_idle"}}));
  EXPECT_FALSE(session->dropIfIdling());  // not idling: stays armed
  faults_.clear();
  feed(*session, "i IDLE\r\n");
  faults_.arm(ImapFault::fromJson({{"action", "drop_idle"}}));
  EXPECT_TRUE(session->dropIfIdling());
  EXPECT_TRUE(session->closing());
}

TEST_F(FaultTest, TruncateLiteralCutsTheNextLiteralHalfwayAndCloses) {
  store_.deliver("alice@example.org", "INBOX", "Subject: cut\r\n\r\n0123456789012345678901234567890123456789\r\n", 0);
  auto session = makeSession();
  login(*session);
  feed(*session, "s SELECT INBOX\r\n");
  faults_.arm(ImapFault::fromJson({{"action", "truncate_literal"}, {"command", "FETCH"}}));
  // A command without a literal in its answer leaves the fault armed.
  EXPECT_NE(feed(*session, "f FETCH 1 (FLAGS)\r\n").find("f OK Fetch completed"), std::string::npos);
  const auto out = feed(*session, "b FETCH 1 (BODY.PEEK[])\r\n");
  const auto open = out.find("BODY[] {");
  ASSERT_NE(open, std::string::npos) << out;
  const auto size = std::stoul(out.substr(open + 8));
  const auto bodyFrom = out.find("}\r\n", open) + 3;
  EXPECT_EQ(out.size() - bodyFrom, size / 2) << out;
  EXPECT_EQ(out.find("b OK"), std::string::npos) << out;
  EXPECT_TRUE(session->closing());
  ASSERT_EQ(applied_.size(), 1U);
  EXPECT_NE(applied_[0].find("truncate_literal: literal of " + std::to_string(size) + " bytes cut"), std::string::npos);
}

TEST_F(FaultTest, ExpungeStormReachesASelectedSessionAsABurstOfExpunges) {
  for (int i = 0; i < 5; ++i) {
    store_.deliver("alice@example.org", "INBOX", "Subject: m" + std::to_string(i) + "\r\n\r\nx\r\n", 0);
  }
  auto session = makeSession();
  login(*session);
  feed(*session, "s SELECT INBOX\r\n");
  EXPECT_EQ(store_.expungeFirst("alice@example.org", "INBOX", 3), (std::vector<std::uint32_t>{1, 2, 3}));
  const auto out = feed(*session, "n NOOP\r\n");
  // Highest sequence number first, as the fake (like Dovecot) reports several at one sync.
  EXPECT_NE(out.find("* 3 EXPUNGE\r\n* 2 EXPUNGE\r\n* 1 EXPUNGE\r\n"), std::string::npos) << out;
  EXPECT_EQ(store_.expungeFirst("alice@example.org", "INBOX", 0).size(), 2U);  // 0 = all the rest
}

TEST_F(FaultTest, ByeMatchesTheUser) {
  auto session = makeSession();
  login(*session);
  EXPECT_FALSE(session->applyBye(ImapFault::fromJson({{"action", "bye"}, {"user", "bob@example.org"}})));
  EXPECT_TRUE(session->applyBye(ImapFault::fromJson({{"action", "bye"}, {"user", "alice@example.org"}, {"text", "Go."}})));
  EXPECT_EQ(session->takeOutput(), "* BYE Go.\r\n");
  EXPECT_TRUE(session->closing());
}

TEST_F(FaultTest, UidValidityChangeDisconnectsAtTheNextCommandButNotInIdle) {
  auto session = makeSession();
  login(*session);
  feed(*session, "s SELECT INBOX\r\ni IDLE\r\n");
  store_.setUidValidity("alice@example.org", "INBOX", 4242U);
  session->mailboxChanged("alice@example.org", "INBOX");
  EXPECT_EQ(session->takeOutput(), "");
  EXPECT_EQ(feed(*session, "DONE\r\n"), "i OK Idle completed (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(feed(*session, "n NOOP\r\n"), "* BYE IMAP session state is inconsistent, please relogin.\r\n");
  EXPECT_TRUE(session->closing());
}

TEST(CapabilityToggles, RemoveAndAddOnTopOfAProfile) {
  const auto& base = *findCapabilityProfile("dovecot-2.3");
  const auto profile = applyCapabilityToggles(base, {"-METADATA", "-THREAD=REFS", "-IDLE", "-AUTH=LOGIN", "+XAPPLEPUSHSERVICE"});
  EXPECT_FALSE(profile.metadata);
  EXPECT_EQ(preLoginCapabilities(profile, true),
            "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ STARTTLS AUTH=PLAIN");
  const auto post = postLoginCapabilities(profile, true);
  EXPECT_EQ(post.find("METADATA"), std::string::npos);
  EXPECT_EQ(post.find("THREAD=REFS "), std::string::npos);
  EXPECT_NE(post.find("THREAD=REFERENCES"), std::string::npos);
  EXPECT_EQ(post.substr(post.size() - 17), "XAPPLEPUSHSERVICE");
  EXPECT_TRUE(commandRemoved(profile, "IDLE"));
  EXPECT_FALSE(commandRemoved(profile, "THREAD"));
  EXPECT_TRUE(threadAlgorithmRemoved(profile, "REFS"));
  EXPECT_TRUE(commandRemoved(applyCapabilityToggles(base, {"-THREAD=REFS", "-THREAD=REFERENCES", "-THREAD=ORDEREDSUBJECT"}),
                             "UID THREAD"));
  auto error = [&](const std::vector<std::string>& toggles) {
    try {
      applyCapabilityToggles(base, toggles);
    } catch (const OxhException& e) {
      return e.error().describe();
    }
    return std::string("no error");
  };
  EXPECT_EQ(error({"METADATA"}), "[oxh.dovecot.capability] capability toggle 'METADATA' must be +NAME or -NAME");
  EXPECT_EQ(error({"-XNOPE"}), "[oxh.dovecot.capability] -XNOPE: profile dovecot-2.3 has no capability XNOPE");
  EXPECT_EQ(error({"-METADATA", "-METADATA"}), "[oxh.dovecot.capability] -METADATA: profile dovecot-2.3 has no capability METADATA");
}

TEST_F(FaultTest, RemovedCapabilitiesAnswerAsDovecotWithoutThem) {
  const auto profile = applyCapabilityToggles(*findCapabilityProfile("dovecot-2.3"),
                                              {"-METADATA", "-IDLE", "-THREAD=REFS", "-STARTTLS", "-AUTH=PLAIN"});
  SessionOptions options;
  options.profile = &profile;
  options.metadataEnabled = profile.metadata;
  options.startTlsAvailable = true;
  ImapSession session(store_, options);
  session.start();
  EXPECT_EQ(session.takeOutput(),
            "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ AUTH=LOGIN] Dovecot (Debian) ready.\r\n");
  EXPECT_EQ(feed(session, "t STARTTLS\r\n"), "t BAD TLS support isn't enabled.\r\n");
  EXPECT_EQ(feed(session, "a AUTHENTICATE PLAIN\r\n"), "a NO [ALERT] Unsupported authentication mechanism.\r\n");
  login(session);
  feed(session, "s SELECT INBOX\r\n");
  EXPECT_EQ(feed(session, "i IDLE\r\n"), "i BAD Error in IMAP command IDLE: Unknown command (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(feed(session, "t THREAD REFS UTF-8 ALL\r\n"),
            "t BAD Error in IMAP command THREAD: Unknown thread algorithm (0.001 + 0.000 secs).\r\n");
  EXPECT_EQ(feed(session, "m GETMETADATA \"\" /private/vendor/vendor.dovecot/http-notify\r\n"),
            "m NO [CANNOT] Generic mailbox attributes not enabled (0.001 + 0.000 secs).\r\n");
}

}  // namespace
}  // namespace oxh::dovecot::imap
