// API profiles: the shipped default, route matching, templates and errors with positions.
#include "mock_facade/facade/api_profile.hpp"

#include <gtest/gtest.h>

namespace oxh::facade::mobile {
namespace {

std::string errorOf(const std::string& text) {
  try {
    parseApiProfile(text, "p.yaml");
  } catch (const OxhException& e) {
    return e.error().describe();
  }
  return "no error";
}

TEST(ApiProfileTest, CompiledInDefaultEqualsTheShippedFile) {
  const auto fromFile = loadApiProfile(std::string(OXH_MOBILE_PROFILES) + "/default.yaml");
  const auto compiled = defaultApiProfile();
  EXPECT_EQ(compiled.routes.size(), fromFile.routes.size());
  EXPECT_EQ(compiled.clientId, "open-xchange-mobile-api-facade");
  EXPECT_EQ(compiled.errorMessageField, "error_desc");
  EXPECT_EQ(compiled.statusFor("5"), 400);
  EXPECT_EQ(compiled.statusFor("MSG-0032"), 400);
  EXPECT_EQ(compiled.statusFor("999"), 500);
}

TEST(ApiProfileTest, MatchesPathVariablesAndMethods) {
  const auto profile = defaultApiProfile();
  auto result = profile.match("GET", "/api/v1/folders/default0%2FINBOX/mails/17");
  ASSERT_TRUE(result.match);
  EXPECT_EQ(result.match->route->module, "mail");
  EXPECT_EQ(result.match->route->action, "get");
  EXPECT_EQ(result.match->vars.at("folder"), "default0/INBOX");
  EXPECT_EQ(result.match->vars.at("id"), "17");
  result = profile.match("PATCH", "/api/v1/folders/x/mails/1");
  EXPECT_FALSE(result.match);
  EXPECT_EQ(result.allowed, (std::vector<std::string>{"GET", "PUT", "DELETE"}));
  result = profile.match("GET", "/api/v1/nothing");
  EXPECT_FALSE(result.match);
  EXPECT_TRUE(result.allowed.empty());
  EXPECT_FALSE(profile.match("GET", "/api/v1/folders//mails").match);
}

TEST(ApiProfileTest, RestVariablesAndPartnerSettings) {
  const auto profile = parseApiProfile(R"(name: partner
client_id: cid
brand_clients: {Brand1: cid-brand1}
error_message_field: message
session_cookie: sid
error_status: {"2": 412, middleware: 409}
routes:
  - {method: GET, path: "/m/{folder*}", module: mail, action: all, params: {folder: "{folder}"}, not_modified: false}
  - {method: POST, path: /in, kind: login, user_field: user}
)",
                                       "partner.yaml");
  EXPECT_EQ(profile.clientFor("Brand1"), "cid-brand1");
  EXPECT_EQ(profile.clientFor("OpenXchange"), "cid");
  EXPECT_EQ(profile.statusFor("2"), 412);
  EXPECT_EQ(profile.statusFor("SES-0203"), 409);
  const auto result = profile.match("GET", "/m/default0/INBOX/Sub");
  ASSERT_TRUE(result.match);
  EXPECT_EQ(result.match->vars.at("folder"), "default0/INBOX/Sub");
  EXPECT_FALSE(result.match->route->notModified);
  EXPECT_EQ(profile.routes[1].kind, RouteKind::Login);
  EXPECT_EQ(profile.routes[1].userField, "user");
}

TEST(ApiProfileTest, TemplatesSubstituteAndEscape) {
  const std::map<std::string, std::string> vars{{"folder", "default0/IN\"BOX"}, {"id", "7"}};
  std::vector<std::string> missing;
  EXPECT_EQ(expandTemplate(R"([{"folder":"{folder}","id":"{id}"}])", vars, &missing, true),
            R"([{"folder":"default0/IN\"BOX","id":"7"}])");
  EXPECT_TRUE(missing.empty());
  expandTemplate("{limit}", vars, &missing, false);
  EXPECT_EQ(missing, (std::vector<std::string>{"limit"}));
}

TEST(ApiProfileTest, BadProfilesNamePosition) {
  EXPECT_EQ(errorOf("routes: [\n  {method: GET, path: /a, modul: mail, action: all}]\n"),
            "[oxh.facade.profile] p.yaml:2:27: unknown key 'modul' in route (known: action, body, kind, method, "
            "module, not_modified, params, password_field, path, required, response, user_field)");
  EXPECT_NE(errorOf("routes:\n  - {method: FETCH, path: /a, module: m, action: a}\n").find("p.yaml:2:14: unknown method"),
            std::string::npos);
  EXPECT_NE(errorOf("routes:\n  - {method: GET, path: a, module: m, action: a}\n").find("p.yaml:2:25: path 'a' must start with"),
            std::string::npos);
  EXPECT_NE(errorOf("routes:\n  - {method: GET, path: /a}\n").find("needs 'module' and 'action'"), std::string::npos);
  EXPECT_NE(errorOf("routes:\n  - {method: GET, path: /a, module: m, action: a}\n  - {method: GET, path: /a, module: m, action: b}\n")
                .find("p.yaml:3:5: duplicate route GET /a"),
            std::string::npos);
  EXPECT_NE(errorOf("routes: [{method: GET, path: \"/{x*}/b\", module: m, action: a}]").find("last segment"),
            std::string::npos);
  EXPECT_NE(errorOf("error_status: {\"7\": 400}\nroutes: [{method: GET, path: /a, module: m, action: a}]")
                .find("p.yaml:1:16: unknown facade error code '7'"),
            std::string::npos);
  EXPECT_NE(errorOf("routes: [ {method: GET").find("p.yaml:1:"), std::string::npos);  // YAML syntax
  EXPECT_NE(errorOf("routes: []").find("non-empty"), std::string::npos);
  try {
    loadApiProfile("/nonexistent/profile.yaml");
    FAIL();
  } catch (const OxhException& e) {
    EXPECT_NE(e.error().describe().find("/nonexistent/profile.yaml"), std::string::npos);
  }
}

}  // namespace
}  // namespace oxh::facade::mobile
