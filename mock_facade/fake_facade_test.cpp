// The fake facade over the wire against the fake Dovecot: envelope errors, login and session
// checks, folders, mail all/get/update with flagging modes, move and delete.
#include "mock_facade/fake_facade.hpp"

#include <gtest/gtest.h>

#include "common/http1/client.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_dovecot/fake_dovecot.hpp"

namespace oxh::facade {
namespace {

class FakeFacadeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dovecot::FakeDovecotOptions dovecotOptions;
    dovecotOptions.users = {{"alice@example.org", "secret"}, {"bob@example.org", "secret"}};
    dovecotOptions.journal = &journal_;
    dovecot_ = std::make_unique<dovecot::FakeDovecot>(io_.context(), dovecotOptions);
    dovecot_->start();
    FakeFacadeOptions options;
    options.imap = dovecot_->imapEndpoint();
    options.lmtp = dovecot_->lmtpEndpoint();
    options.journal = &journal_;
    FacadeUser alice;
    alice.login = "alice@example.org";
    alice.password = "secret";
    alice.userId = 3;
    alice.contextId = 1;
    alice.flagging = "flaggedImplicit";
    FacadeUser bob = alice;
    bob.login = "bob@example.org";
    bob.userId = 4;
    bob.flagging = "colorOnly";
    options.users = {alice, bob};
    facade_ = std::make_unique<FakeFacade>(options);
    facade_->start();
  }

  void TearDown() override {
    facade_->stop();
    dovecot_->stop();
  }

  http1::ClientResponse call(const std::string& method, const std::string& target, std::optional<std::string> body = {},
                             const std::string& contentType = "application/json") {
    http1::ClientRequest request;
    request.method = method;
    request.url = facade_->url() + target;
    if (!cookie_.empty()) request.headers.emplace_back("Cookie", cookie_);
    if (body) {
      request.headers.emplace_back("Content-Type", contentType);
      request.body = body;
    }
    return http1::send(request);
  }

  nlohmann::json json(const std::string& method, const std::string& target, std::optional<std::string> body = {}) {
    const auto response = call(method, target, body);
    EXPECT_EQ(response.status, 200) << response.body;
    return nlohmann::json::parse(response.body);
  }

  void login(const std::string& name) {
    const auto response = call("POST", "/ajax/login?action=login", "name=" + name + "&password=secret",
                               "application/x-www-form-urlencoded");
    const auto body = nlohmann::json::parse(response.body);
    ASSERT_TRUE(body.contains("session")) << response.body;
    session_ = body["session"];
    for (const auto& [name2, value] : response.headers) {
      if (name2 == "Set-Cookie" && value.rfind("open-xchange-secret-", 0) == 0) cookie_ = value.substr(0, value.find(';'));
    }
    ASSERT_FALSE(cookie_.empty());
  }

  std::string s() const { return "&session=" + session_; }

  std::uint32_t deliver(const std::string& login, const std::string& subject) {
    auto delivered = dovecot_->deliver(login, "INBOX",
                                       "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: " + subject +
                                           "\r\nDate: Tue, 01 Jul 2025 10:00:00 +0000\r\nMessage-ID: <" + subject +
                                           "@example.org>\r\n\r\nHello " + subject + "\r\n");
    EXPECT_TRUE(delivered);
    return delivered ? delivered->uid : 0;
  }

  journal::Journal journal_;
  net::IoRuntime io_{1};
  std::unique_ptr<dovecot::FakeDovecot> dovecot_;
  std::unique_ptr<FakeFacade> facade_;
  std::string session_;
  std::string cookie_;
};

TEST_F(FakeFacadeTest, ErrorsComeInTheEnvelopeWithStatus200) {
  auto body = json("GET", "/ajax/nosuchmodule?action=x");
  EXPECT_EQ(body["code"], "SVL-0007");
  EXPECT_EQ(body["category"], 8);
  EXPECT_TRUE(body["error_id"].is_string());
  body = json("GET", "/ajax/mail?action=nope");
  EXPECT_EQ(body["code"], "SVL-0001");
  body = json("GET", "/ajax/mail");
  EXPECT_EQ(body["code"], "SVL-0002");
  body = json("GET", "/ajax/mail?action=all&folder=default0/INBOX&columns=600");
  EXPECT_EQ(body["code"], "SES-0201");
  body = json("GET", "/ajax/mail?action=all&folder=default0/INBOX&columns=600&session=unknown");
  EXPECT_EQ(body["code"], "SES-0203");
  EXPECT_EQ(body["categories"], "TRY_AGAIN");
  body = nlohmann::json::parse(call("POST", "/ajax/login?action=login", "name=alice@example.org&password=wrong",
                                    "application/x-www-form-urlencoded").body);
  EXPECT_EQ(body["code"], "LGI-0006");
  EXPECT_EQ(body["category"], 1);
}

TEST_F(FakeFacadeTest, SessionNeedsTheSecretCookie) {
  login("alice@example.org");
  const std::string cookie = cookie_;
  cookie_.clear();
  EXPECT_EQ(json("GET", "/ajax/folders?action=root&columns=1" + s())["code"], "SES-0203");
  cookie_ = cookie + "x";
  EXPECT_EQ(json("GET", "/ajax/folders?action=root&columns=1" + s())["code"], "SES-0203");
  cookie_ = cookie;
  EXPECT_EQ(json("GET", "/ajax/folders?action=root&columns=1,300" + s())["data"][0][0], "1");
}

TEST_F(FakeFacadeTest, FoldersListStandardFoldersWithCounts) {
  deliver("alice@example.org", "one");
  login("alice@example.org");
  const auto body = json("GET", "/ajax/folders?action=list&parent=1&columns=1,300,309,310,311,316" + s());
  ASSERT_TRUE(body["data"].is_array()) << body;
  std::map<std::string, nlohmann::json> byId;
  for (const auto& row : body["data"]) byId[row[0]] = row;
  ASSERT_TRUE(byId.count("default0/INBOX")) << body;
  EXPECT_EQ(byId["default0/INBOX"][2], 1);
  EXPECT_EQ(byId["default0/INBOX"][4], 1);
  EXPECT_EQ(byId["default0/INBOX"][5], 7);
  EXPECT_EQ(byId["default0/Trash"][5], 12);
  EXPECT_EQ(byId["default0/Sent"][5], 10);
  EXPECT_EQ(json("GET", "/ajax/folders?action=get&id=default0/Nope" + s())["code"], "MSG-0066");
}

TEST_F(FakeFacadeTest, MailAllGetAndFlaggedImplicitColor) {
  const auto uid = deliver("alice@example.org", "hello");
  login("alice@example.org");
  auto body = json("GET", "/ajax/mail?action=all&folder=default0/INBOX&columns=600,607,611,102,603&timezone=UTC" + s());
  ASSERT_EQ(body["data"].size(), 1U) << body;
  EXPECT_EQ(body["data"][0][0], std::to_string(uid));
  EXPECT_EQ(body["data"][0][1], "hello");
  EXPECT_EQ(body["data"][0][4][0][1], "bob@example.org");
  // flaggedImplicit: a color sets \Flagged; reads show it.
  body = json("PUT", "/ajax/mail?action=update&folder=default0/INBOX&id=" + std::to_string(uid) + s(), R"({"color_label":3})");
  EXPECT_EQ(body["data"]["id"], std::to_string(uid)) << body;
  body = json("GET", "/ajax/mail?action=all&folder=default0/INBOX&columns=600,611,102" + s());
  EXPECT_EQ(body["data"][0][1].get<int>() & 8, 8) << body;
  EXPECT_EQ(body["data"][0][2], 3);
  // color 0 clears \Flagged; flags=8 then sets it without a color: shown as the default color 1.
  json("PUT", "/ajax/mail?action=update&folder=default0/INBOX&id=" + std::to_string(uid) + s(),
       R"({"color_label":0,"flags":8,"value":true})");
  body = json("GET", "/ajax/mail?action=all&folder=default0/INBOX&columns=600,611,102" + s());
  EXPECT_EQ(body["data"][0][1].get<int>() & 8, 8);
  EXPECT_EQ(body["data"][0][2], 1);
  body = json("GET", "/ajax/mail?action=get&folder=default0/INBOX&id=" + std::to_string(uid) + s());
  EXPECT_EQ(body["data"]["subject"], "hello") << body;
  EXPECT_NE(body["data"]["attachments"][0]["content"].get<std::string>().find("Hello hello"), std::string::npos);
  EXPECT_EQ(json("GET", "/ajax/mail?action=get&folder=default0/INBOX&id=999" + s())["code"], "MSG-0032");
}

TEST_F(FakeFacadeTest, MoveAndDeleteToTrash) {
  const auto uid = deliver("alice@example.org", "m");
  login("alice@example.org");
  auto body = json("PUT", "/ajax/mail?action=update&folder=default0/INBOX&id=" + std::to_string(uid) + s(),
                   R"({"folder_id":"default0/Drafts"})");
  EXPECT_EQ(body["data"]["folder_id"], "default0/Drafts") << body;
  const std::string moved = body["data"]["id"];
  body = json("PUT", "/ajax/mail?action=delete" + s(), R"([{"id":")" + moved + R"(","folder":"default0/Drafts"}])");
  EXPECT_EQ(body["data"], nlohmann::json::array()) << body;
  EXPECT_EQ(json("GET", "/ajax/mail?action=count&folder=default0/Trash" + s())["data"], 1);
  EXPECT_EQ(json("GET", "/ajax/mail?action=count&folder=default0/Drafts" + s())["data"], 0);
  EXPECT_EQ(json("PUT", "/ajax/mail?action=delete" + s(), "{not json")["code"], "SVL-0029");
}

TEST_F(FakeFacadeTest, ReconnectsWhenTheImapServerSaysBye) {
  deliver("alice@example.org", "survives");
  login("alice@example.org");
  const std::string all = "/ajax/mail?action=all&folder=default0/INBOX&columns=607" + s();
  EXPECT_EQ(json("GET", all)["data"][0][0], "survives");
  dovecot::imap::ImapFault bye;
  bye.action = dovecot::imap::ImapFault::Action::kBye;
  bye.user = "alice@example.org";
  bye.text = "Server shutting down.";
  dovecot_->arm(bye);
  const auto body = json("GET", all);
  EXPECT_EQ(body["data"][0][0], "survives") << body;
  EXPECT_EQ(journal_.count([](const journal::Entry& entry) {
              return entry.kind == "imap.sent" && entry.connection == "facade.alice@example.org.2" &&
                     entry.data.value("line", "").find("SELECT \"INBOX\"") != std::string::npos;
            }, {.consume = false, .after = 0, .includeConsumed = true}),
            1U);
}

TEST_F(FakeFacadeTest, UnsupportedFlaggingModeIsAFinding) {
  const auto found = journal_.count([](const journal::Entry& entry) {
    return entry.component == "facade" && entry.kind == "finding" && entry.data.value("user", "") == "bob@example.org";
  });
  EXPECT_EQ(found, 1U);
}

}  // namespace
}  // namespace oxh::facade
