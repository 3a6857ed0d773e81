// The fake Mobile API Facade over the wire, in front of the fake App Suite (over HTTP) and the
// fake Dovecot: User-Agent, headers, cookie, minimum client version, login, mapped routes,
// middleware errors wrapped, not-modified answers, version reporting and configuration errors.
#include "mock_facade/facade/mobile_facade.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "common/error/error.hpp"
#include "common/http1/client.hpp"
#include "common/net/io_runtime.hpp"
#include "mock_dovecot/fake_dovecot.hpp"
#include "mock_facade/fake_facade.hpp"

namespace oxh::facade::mobile {
namespace {

constexpr const char* kAgent = "OpenXchange.iOS.Mail/1.4.2 (OS: 12.1; device: iPhone 8)";

class MobileFacadeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dovecot::FakeDovecotOptions dovecotOptions;
    dovecotOptions.users = {{"alice@example.org", "secret"}};
    dovecotOptions.journal = &journal_;
    dovecot_ = std::make_unique<dovecot::FakeDovecot>(io_.context(), dovecotOptions);
    dovecot_->start();
    FakeFacadeOptions options;
    options.imap = dovecot_->imapEndpoint();
    options.journal = &journal_;
    FacadeUser alice;
    alice.login = "alice@example.org";
    alice.password = "secret";
    alice.userId = 3;
    alice.contextId = 7;
    options.users = {alice};
    appSuite_ = std::make_unique<FakeFacade>(options);
    // Stands in for the PNS module: records what the facade subscribes.
    appSuite_->registerAction(
        "pns", "subscribe",
        [this](const AjaxCall& call) -> nlohmann::json {
          std::lock_guard lock(pnsMutex_);
          pnsCalls_.push_back({call.request.method, call.request.body});
          return {{"success", true}};
        },
        true);
    appSuite_->start();
    MobileFacadeOptions mobileOptions;
    mobileOptions.appSuiteUrl = appSuite_->url();
    mobileOptions.minimumClientVersion = "1.2.0";
    mobileOptions.serverVersion = "7.10.6-rev5";
    mobileOptions.journal = &journal_;
    mobile_ = std::make_unique<MobileFacade>(mobileOptions);
    mobile_->start();
  }

  void TearDown() override {
    mobile_->stop();
    appSuite_->stop();
    dovecot_->stop();
  }

  http1::ClientResponse call(const std::string& method, const std::string& target, http1::HeaderList headers,
                             std::optional<std::string> body = {}) {
    http1::ClientRequest request;
    request.method = method;
    request.url = mobile_->url() + target;
    request.headers = std::move(headers);
    request.body = std::move(body);
    return http1::send(request);
  }

  http1::HeaderList full() {
    return {{"User-Agent", kAgent}, {"X-Tracking-ID", "t-" + std::to_string(++tracking_)}, {"X-Context-ID", "7"},
            {"X-User-ID", "3"}, {"Cookie", cookie_}};
  }

  void login() {
    const auto response = call("POST", "/api/v1/login",
                               {{"User-Agent", kAgent}, {"X-Tracking-ID", "t0"},
                                {"Content-Type", "application/x-www-form-urlencoded"}},
                               "username=alice%40example.org&password=secret");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(nlohmann::json::parse(response.body), (nlohmann::json{{"contextId", 7}, {"userId", 3}}));
    const auto setCookie = response.header("Set-Cookie").value_or("");
    cookie_ = setCookie.substr(0, setCookie.find(';'));
    ASSERT_EQ(cookie_.rfind("oxh-facade-session=", 0), 0u) << setCookie;
  }

  static void expectError(const http1::ClientResponse& response, int status, const std::string& code) {
    EXPECT_EQ(response.status, status) << response.body;
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << response.body;
    EXPECT_EQ(body.value("error", ""), code) << response.body;
    EXPECT_TRUE(body.contains("error_desc")) << response.body;
    EXPECT_EQ(body.size(), 2u) << response.body;
  }

  journal::Journal journal_;
  net::IoRuntime io_{1};
  std::unique_ptr<dovecot::FakeDovecot> dovecot_;
  std::unique_ptr<FakeFacade> appSuite_;
  std::unique_ptr<MobileFacade> mobile_;
  std::string cookie_;
  int tracking_ = 0;
  std::mutex pnsMutex_;
  std::vector<std::pair<std::string, std::string>> pnsCalls_;  // method, body
};

TEST_F(MobileFacadeTest, UserAgentTrackingAndMinimumVersionAreChecked) {
  expectError(call("GET", "/api/v1/version", {{"X-Tracking-ID", "t"}}), 400, "5");
  expectError(call("GET", "/api/v1/version", {{"User-Agent", "curl/8.0"}, {"X-Tracking-ID", "t"}}), 400, "5");
  expectError(call("GET", "/api/v1/version",
                   {{"User-Agent", "OpenXchange.Android.Mail/1.1.9+77 (OS: 9; device: Pixel)"}, {"X-Tracking-ID", "t"}}),
              400, "900");
  expectError(call("GET", "/api/v1/version", {{"User-Agent", kAgent}}), 400, "2");
  const auto version = call("GET", "/api/v1/version", {{"User-Agent", kAgent}, {"X-Tracking-ID", "t"}});
  ASSERT_EQ(version.status, 200);
  EXPECT_EQ(nlohmann::json::parse(version.body).at("serverVersion"), "7.10.6-rev5");
  EXPECT_EQ(nlohmann::json::parse(version.body).at("minimumServerVersion"), "7.8.4-rev22");
  expectError(call("GET", "/api/v1/unknown", {{"User-Agent", kAgent}, {"X-Tracking-ID", "t"}}), 404, "999");
  expectError(call("POST", "/api/v1/login", {{"User-Agent", kAgent}, {"X-Tracking-ID", "t"}},
                   std::string(10 * 1024 * 1024 + 1, 'x')),
              413, "999");
  expectError(call("POST", "/api/v1/login",
                   {{"User-Agent", kAgent}, {"X-Tracking-ID", "t"}, {"Content-Type", "application/json"}}, "{bad json"),
              400, "3");
}

TEST_F(MobileFacadeTest, LoginForwardsAndMapsErrors) {
  expectError(call("POST", "/api/v1/login",
                   {{"User-Agent", kAgent}, {"X-Tracking-ID", "t"}, {"Content-Type", "application/json"}},
                   R"({"username":"alice@example.org","password":"wrong"})"),
              401, "1");
  expectError(call("POST", "/api/v1/login", {{"User-Agent", kAgent}, {"X-Tracking-ID", "t"}}, "username=alice"), 400,
              "3");
  EXPECT_EQ(journal_.count([](const journal::Entry& e) { return e.kind == "finding"; }), 0u);
  const auto early = call("POST", "/api/v1/login",
                          {{"User-Agent", kAgent}, {"X-Tracking-ID", "t"}, {"X-User-ID", "3"}},
                          "username=alice%40example.org&password=secret");
  EXPECT_EQ(early.status, 200) << early.body;
  EXPECT_EQ(journal_.count([](const journal::Entry& e) {
              return e.kind == "finding" && e.data["findings"][0]["id"] == "oxh.facade.mobile-login-ids";
            }),
            1u);
  login();
  // The facade logged in at App Suite with its own client id.
  const auto forwarded = journal_.waitFor(
      [](const journal::Entry& e) { return e.kind == "mobile.forward" && e.data.value("action", "") == "login" &&
                                           e.data.value("status", 0) == 200 && e.data.value("code", "x").empty(); },
      std::chrono::seconds(2), {.consume = false});
  ASSERT_TRUE(forwarded);
  EXPECT_EQ(forwarded->data.at("client"), "open-xchange-mobile-api-facade");
}

TEST_F(MobileFacadeTest, SessionRoutesNeedHeadersAndCookie) {
  login();
  auto headers = full();
  headers.erase(headers.begin() + 3);  // X-User-ID
  expectError(call("GET", "/api/v1/folders", headers), 400, "2");
  headers = full();
  headers.pop_back();  // Cookie
  expectError(call("GET", "/api/v1/folders", headers), 401, "4");
  headers = full();
  headers.back().second = "oxh-facade-session=forged";
  expectError(call("GET", "/api/v1/folders", headers), 401, "4");
  const auto folders = call("GET", "/api/v1/folders", full());
  ASSERT_EQ(folders.status, 200) << folders.body;
  EXPECT_TRUE(nlohmann::json::parse(folders.body).is_array()) << folders.body;
  // Ids other than the login's are served (the session decides) but reported.
  headers = full();
  headers[3].second = "4";
  EXPECT_EQ(call("GET", "/api/v1/folders", headers).status, 200);
  EXPECT_EQ(journal_.count([](const journal::Entry& e) {
              return e.kind == "finding" && e.data["findings"][0]["id"] == "oxh.facade.mobile-header-mismatch";
            }),
            1u);
}

TEST_F(MobileFacadeTest, MappedRoutesReturnMailAndNotModified) {
  const auto delivered = dovecot_->deliver("alice@example.org", "INBOX",
                                           "From: bob@example.org\r\nTo: alice@example.org\r\nSubject: Hello mobile\r\n"
                                           "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <m1@example.org>\r\n\r\nBody\r\n");
  ASSERT_TRUE(delivered);
  login();
  const auto list = call("GET", "/api/v1/folders/default0%2FINBOX/mails", full());
  ASSERT_EQ(list.status, 200) << list.body;
  const auto rows = nlohmann::json::parse(list.body);
  ASSERT_EQ(rows.size(), 1u) << list.body;
  EXPECT_EQ(rows[0][0], std::to_string(delivered->uid));
  EXPECT_NE(list.body.find("Hello mobile"), std::string::npos);
  const auto etag = list.header("ETag");
  ASSERT_TRUE(etag);
  auto headers = full();
  headers.emplace_back("If-None-Match", *etag);
  const auto again = call("GET", "/api/v1/folders/default0%2FINBOX/mails", headers);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  headers = full();
  headers.emplace_back("If-None-Match", "\"other\"");
  EXPECT_EQ(call("GET", "/api/v1/folders/default0%2FINBOX/mails", headers).status, 200);
  // A middleware error comes back wrapped with its own code.
  expectError(call("GET", "/api/v1/folders/default0%2FINBOX/mails/999", full()), 400, "MSG-0032");
  expectError(call("PATCH", "/api/v1/folders/default0%2FINBOX/mails/1", full()), 405, "999");
}

TEST_F(MobileFacadeTest, PushSubscribeUsesTheFacadeClientId) {
  login();
  expectError(call("PUT", "/api/v1/push/subscribe", full(), R"({"token":"abc"})"), 400, "3");
  const auto answer = call("PUT", "/api/v1/push/subscribe", full(), R"({"token":"ab\"cd","transport":"apn"})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(nlohmann::json::parse(answer.body), (nlohmann::json{{"success", true}}));
  std::lock_guard lock(pnsMutex_);
  ASSERT_EQ(pnsCalls_.size(), 1u);
  EXPECT_EQ(pnsCalls_[0].first, "PUT");
  EXPECT_EQ(nlohmann::json::parse(pnsCalls_[0].second),
            (nlohmann::json{{"client", "open-xchange-mobile-api-facade"}, {"token", "ab\"cd"}, {"transport", "apn"},
                            {"topics", {"ox:mail:new"}}}));
}

TEST(MobileFacadeConfigTest, ServerVersionBelowMinimumIsRefused) {
  MobileFacadeOptions options;
  options.appSuiteUrl = "http://127.0.0.1:1";
  options.serverVersion = "7.8.4-rev21";
  try {
    MobileFacade facade(options);
    FAIL();
  } catch (const OxhException& e) {
    EXPECT_EQ(e.error().id(), "oxh.facade.mobile-config");
    EXPECT_NE(e.error().message().find("below 7.8.4-rev22"), std::string::npos);
  }
  options.serverVersion = "7.8.4-rev22";
  options.minimumClientVersion = "latest";
  EXPECT_THROW(MobileFacade{options}, OxhException);
  options.minimumClientVersion = "1.0.0";
  EXPECT_NO_THROW(MobileFacade{options});
}

}  // namespace
}  // namespace oxh::facade::mobile
