// PRELIM-01/02: the http-notify REST endpoint (/preliminary) must not be reachable from the public
// address, and must be served with Basic auth internally (ox.md 2.7: App Suite answers 401 with
// realm "OX REST" without credentials, 403 when no credentials are configured).
#include <chrono>

#include "common/http1/client.hpp"
#include "common/tls/openssl_util.hpp"
#include "runner/certify/certify_checks.hpp"

namespace oxh::runner::certify {
namespace {

constexpr const char* kSeedPreliminary =
    "the /preliminary REST API is for Dovecot's callback only: internal, with Basic auth, never public";

std::string describe(const http1::ClientRequest& request, const http1::ClientResponse& response) {
  std::string text = "> " + request.method + " " + request.url + "\n";
  text += "< " + std::to_string(response.status) + " " + response.reason + "\n";
  for (const auto& [name, value] : response.headers) {
    text += "< " + name + ": " + value + "\n";
  }
  return text + "\n" + response.body.substr(0, 2000);
}

http1::ClientResponse unauthenticatedPut(const Deployment& deployment, const std::string& base, std::string& evidence) {
  http1::ClientRequest request;
  request.method = "PUT";
  request.url = base + deployment.notifyPath;
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = R"({"user":"0@0","event":"messageNew","folder":"INBOX","imap-uidvalidity":1,"imap-uid":1})";
  request.timeout = std::chrono::milliseconds(10000);
  if (!deployment.caFile.empty()) {
    request.caPem = tls::ossl::readFile(deployment.caFile);
  }
  auto response = http1::send(request);
  evidence = describe(request, response);
  return response;
}

bool isOxRestChallenge(const http1::ClientResponse& response) {
  const auto challenge = response.header("WWW-Authenticate").value_or("");
  return response.status == 401 && challenge.find("OX REST") != std::string::npos;
}

}  // namespace

void runMiddlewareChecks(const Deployment& deployment, std::vector<CheckResult>& results) {
  CheckResult publicCheck;
  publicCheck.id = "PRELIM-01";
  publicCheck.title = "/preliminary refused at the public address";
  publicCheck.requirement = kSeedPreliminary;
  publicCheck.severity = "critical";
  publicCheck.subject = deployment.publicUrl;
  publicCheck.remedy = "Deny /preliminary in the public proxy (Apache: <Location /preliminary> Require all denied "
                       "</Location>; nginx: location /preliminary { return 403; }).";
  CheckResult internalCheck;
  internalCheck.id = "PRELIM-02";
  internalCheck.title = "/preliminary served with Basic auth internally";
  internalCheck.requirement = kSeedPreliminary;
  internalCheck.severity = "high";
  internalCheck.subject = deployment.internalUrl;
  internalCheck.remedy = "Set com.openexchange.rest.services.basic-auth.login and .password, and the same "
                         "credentials in Dovecot's push_notification_driver URL.";
  if (deployment.publicUrl.empty()) {
    publicCheck.message = "no middleware.public_url in the deployment file";
  } else {
    const auto started = std::chrono::steady_clock::now();
    try {
      const auto response = unauthenticatedPut(deployment, deployment.publicUrl, publicCheck.evidence);
      // Exposed when the REST servlet answers at all: its challenge, or a success.
      const bool exposed = isOxRestChallenge(response) || (response.status >= 200 && response.status < 300);
      publicCheck.verdict = exposed ? Verdict::Fail : Verdict::Pass;
      if (exposed) {
        publicCheck.message = "the public address answers the REST servlet (HTTP " + std::to_string(response.status) + ")";
      }
    } catch (const std::exception& error) {
      publicCheck.verdict = Verdict::Pass;  // nothing listens there: refused
      publicCheck.evidence = std::string("connection failed: ") + error.what();
    }
    publicCheck.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  if (deployment.internalUrl.empty()) {
    internalCheck.message = "no middleware.internal_url in the deployment file";
  } else {
    const auto started = std::chrono::steady_clock::now();
    try {
      const auto response = unauthenticatedPut(deployment, deployment.internalUrl, internalCheck.evidence);
      internalCheck.verdict = isOxRestChallenge(response) ? Verdict::Pass : Verdict::Fail;
      if (internalCheck.verdict == Verdict::Fail) {
        internalCheck.message = response.status == 403
                                    ? "403: Basic auth is not configured on the middleware"
                                    : "wanted 401 with realm \"OX REST\" without credentials, got HTTP " +
                                          std::to_string(response.status);
      }
    } catch (const std::exception& error) {
      internalCheck.verdict = Verdict::Fail;
      internalCheck.message = std::string("cannot reach the internal address: ") + error.what();
      internalCheck.evidence = internalCheck.message;
    }
    internalCheck.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  results.push_back(publicCheck);
  results.push_back(internalCheck);
}

}  // namespace oxh::runner::certify
