// FLAG-01: the OX Mail app supports the flagging modes flaggedOnly and flaggedImplicit only
// (ox.md section 3). Each test user logs in to the App Suite HTTP API; the jslob io.ox/mail
// features tell star (flag) and color apart. colorOnly and flaggedImplicit publish the same
// features, so for those the check asks the middleware itself: it colors a test message through
// the API and reads the IMAP flags back (flaggedImplicit adds \Flagged, colorOnly does not),
// then removes the message.
#include <chrono>
#include <random>

#include "common/http1/client.hpp"
#include "common/http1/query.hpp"
#include "common/tls/openssl_util.hpp"
#include "runner/certify/certify_checks.hpp"
#include "runner/certify/imap_probe.hpp"

namespace oxh::runner::certify {
namespace {

class AppSuite {
 public:
  AppSuite(const Deployment& deployment, std::string& evidence) : deployment_(deployment), evidence_(evidence) {}

  http1::ClientResponse call(const std::string& method, const std::string& pathAndQuery, const std::string& body,
                             const std::string& contentType) {
    http1::ClientRequest request;
    request.method = method;
    request.url = deployment_.appSuiteUrl + pathAndQuery;
    if (!cookies_.empty()) {
      request.headers.emplace_back("Cookie", cookies_);
    }
    if (!body.empty()) {
      request.headers.emplace_back("Content-Type", contentType);
      request.body = body;
    }
    if (!deployment_.appSuiteCaFile.empty()) {
      request.caPem = tls::ossl::readFile(deployment_.appSuiteCaFile);
    }
    auto response = http1::send(request);
    evidence_ += "> " + method + " " + pathAndQuery.substr(0, pathAndQuery.find("session=")) + "\n< " +
                 std::to_string(response.status) + " " + response.body.substr(0, 400) + "\n";
    for (const auto& [name, value] : response.headers) {
      if (name.size() == 10 && (name == "Set-Cookie" || name == "set-cookie")) {
        cookies_ += (cookies_.empty() ? "" : "; ") + value.substr(0, value.find(';'));
      }
    }
    return response;
  }

  nlohmann::json data(const http1::ClientResponse& response) {
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!json.is_object() || json.contains("error") || !json.contains("data")) {
      throw std::runtime_error("App Suite answered " + response.body.substr(0, 300));
    }
    return json["data"];
  }

  void login(const CertifyUser& user) {
    const auto response =
        call("POST", "/ajax/login?action=login",
             "name=" + http1::percentEncode(user.login) + "&password=" + http1::percentEncode(user.password),
             "application/x-www-form-urlencoded");
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!json.is_object() || !json.contains("session")) {
      throw std::runtime_error("login of " + user.login + " failed: " + response.body.substr(0, 300));
    }
    session_ = json["session"].get<std::string>();
  }
  [[nodiscard]] const std::string& session() const { return session_; }

 private:
  const Deployment& deployment_;
  std::string& evidence_;
  std::string cookies_;
  std::string session_;
};

// "flaggedOnly", "flaggedAndColor", or "colorOnly|flaggedImplicit" (to be told apart by behaviour).
std::string modeFromFeatures(const nlohmann::json& list) {
  const auto tree = list.is_array() && !list.empty() ? list[0].value("tree", nlohmann::json::object()) : nlohmann::json();
  const auto flag = tree.is_object() && tree.contains("features") ? tree["features"].value("flag", nlohmann::json::object())
                                                                  : nlohmann::json::object();
  const bool star = flag.value("star", false);
  const bool color = flag.value("color", false);
  if (star && !color) return "flaggedOnly";
  if (star && color) return "flaggedAndColor";
  if (color) return "colorOnly|flaggedImplicit";
  return "unknown (no flag features)";
}

// Colors a fresh test message through the API and reads \Flagged back over IMAP.
bool colorImpliesFlagged(AppSuite& appSuite, const Deployment& deployment, const CertifyUser& user,
                         net::IoRuntime& io, journal::Journal& journal) {
  std::random_device device;
  const auto session = imapLogin(io, journal, deployment.dovecotImap, "", user, "flagging-" + user.login);
  const std::string message = "From: certify@oxharness.invalid\r\nSubject: oxharness certify flagging check " +
                              std::to_string(device()) + "\r\n\r\nRemoved again by the check.\r\n";
  const auto append = session.client->command("APPEND INBOX {" + std::to_string(message.size()) + "}\r\n" + message,
                                               journal::Clock::now() + kImapTimeout);
  const auto marker = append.tagged.find("[APPENDUID ");
  if (append.status != "OK" || marker == std::string::npos) {
    throw std::runtime_error("APPEND gave no APPENDUID: " + append.tagged);
  }
  const auto afterValidity = append.tagged.find(' ', marker + 11);
  const auto uid = append.tagged.substr(afterValidity + 1, append.tagged.find(']', afterValidity) - afterValidity - 1);
  appSuite.data(appSuite.call("PUT", "/ajax/mail?action=update&folder=default0/INBOX&id=" + uid + "&session=" +
                                         appSuite.session(),
                              R"({"color_label":1})", "application/json"));
  session.command("SELECT INBOX");
  const auto flags = session.command("UID FETCH " + uid + " (FLAGS)");
  bool flagged = false;
  for (const auto& entry : flags.untagged) {
    flagged = flagged || entry.data.value("line", "").find("\\Flagged") != std::string::npos;
  }
  session.command("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)");
  session.command("UID EXPUNGE " + uid);
  session.command("LOGOUT");
  return flagged;
}

}  // namespace

void runFlaggingChecks(const Deployment& deployment, std::vector<CheckResult>& results) {
  if (deployment.appSuiteUrl.empty()) {
    return;  // optional: only when the deployment names the App Suite API
  }
  for (const auto& user : deployment.users) {
    auto result = makeCheck("FLAG-01", "user provisioned in a flagging mode the OX Mail app supports", "high", user.login,
                            "supported flagging modes (flaggedOnly or flaggedImplicit)",
                            "Set com.openexchange.mail.flagging.mode=flaggedOnly or flaggedImplicit for the app's "
                            "users (config cascade: user, context or server).");
    const auto started = std::chrono::steady_clock::now();
    journal::Journal journal("certify-flagging");
    net::IoRuntime io{1};
    try {
      AppSuite appSuite(deployment, result.evidence);
      appSuite.login(user);
      auto mode = modeFromFeatures(
          appSuite.data(appSuite.call("PUT", "/ajax/jslob?action=list&session=" + appSuite.session(), R"(["io.ox/mail"])",
                                      "application/json")));
      if (mode == "colorOnly|flaggedImplicit") {
        mode = colorImpliesFlagged(appSuite, deployment, user, io, journal) ? "flaggedImplicit" : "colorOnly";
      }
      appSuite.call("GET", "/ajax/login?action=logout&session=" + appSuite.session(), "", "");
      const bool supported = mode == "flaggedOnly" || mode == "flaggedImplicit";
      result.verdict = supported ? Verdict::Pass : Verdict::Fail;
      result.message = supported ? "" : user.login + " is in " + mode + ", which the OX Mail app does not support";
      result.evidence += "mode: " + mode + "\n";
    } catch (const std::exception& error) {
      result.verdict = Verdict::Fail;
      result.message = error.what();
    }
    result.evidence += imapTranscript(journal, "flagging-" + user.login);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    results.push_back(result);
  }
}

}  // namespace oxh::runner::certify
