#include "mock_dovecot/imap/imap_server.hpp"

#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "common/net/io_runtime.hpp"
#include "common/net/raw_connection_test_support.hpp"
#include "common/tls/certificate_authority.hpp"

namespace oxh::dovecot::imap {
namespace {

using namespace std::chrono_literals;

TEST(ImapServer, IdleOverTcpIsWokenByDeliveryAndJournaled) {
  MailStore store(1);
  store.addUser({"alice@example.org", "secret"});
  journal::Journal journal;
  net::IoRuntime runtime(2);
  ImapServerOptions options;
  options.journal = &journal;
  options.authority = std::make_shared<tls::CertificateAuthority>();
  ImapServer server(runtime.context(), store, options);
  server.start();
  net::testing::RawConnection client(server.endpoint());
  EXPECT_NE(client.readUntil("\r\n").find("STARTTLS"), std::string::npos);
  client.send("a1 LOGIN alice@example.org secret\r\na2 SELECT INBOX\r\ni1 IDLE\r\n");
  client.readUntil("+ idling\r\n");
  store.deliver("alice@example.org", "INBOX", "Subject: x\r\n\r\ny\r\n", 0);
  const std::string woken = client.readUntil("* 1 RECENT\r\n");
  EXPECT_NE(woken.find("* 1 EXISTS\r\n* 1 RECENT\r\n"), std::string::npos);
  client.send("DONE\r\na3 LOGOUT\r\n");
  const std::string rest = client.readUntilClose();
  EXPECT_NE(rest.find("i1 OK Idle completed"), std::string::npos);
  EXPECT_NE(rest.find("a3 OK Logout completed"), std::string::npos);
  auto closed = journal.waitFor([](const journal::Entry& e) { return e.kind == "connection.close"; }, 5s);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->component, "dovecot.imap");
  EXPECT_GE(journal.count([](const journal::Entry& e) { return e.kind == "imap.command"; }), 4U);
  EXPECT_GE(journal.count([](const journal::Entry& e) { return e.kind == "imap.response"; }), 4U);
  server.stop();
}

TEST(ImapServer, MetadataOnlyForConfiguredNetworks) {
  MailStore store(1);
  store.addUser({"alice@example.org", "secret"});
  net::IoRuntime runtime(1);
  ImapServerOptions options;
  options.metadataNetworks = {"10.0.0.0/8"};  // not loopback
  ImapServer server(runtime.context(), store, options);
  server.start();
  net::testing::RawConnection client(server.endpoint());
  EXPECT_EQ(client.readUntil("\r\n").find("STARTTLS"), std::string::npos);  // no authority: no TLS
  client.send("a1 LOGIN alice@example.org secret\r\na2 GETMETADATA \"\" /private/comment\r\n");
  const std::string out = client.readUntil("a2 NO");
  EXPECT_EQ(out.find(" METADATA "), std::string::npos);
  EXPECT_NE(out.find("a2 NO [CANNOT] Generic mailbox attributes not enabled"), std::string::npos);
  server.stop();
}

TEST(ImapServer, RejectsUnknownProfileAndBadNetwork) {
  MailStore store;
  net::IoRuntime runtime(1);
  ImapServerOptions badProfile;
  badProfile.profile = "nope";
  EXPECT_THROW(ImapServer(runtime.context(), store, badProfile), oxh::OxhException);
  ImapServerOptions badNetwork;
  badNetwork.metadataNetworks = {"127.0.0.1/40"};
  EXPECT_THROW(ImapServer(runtime.context(), store, badNetwork), oxh::OxhException);
}

}  // namespace
}  // namespace oxh::dovecot::imap
