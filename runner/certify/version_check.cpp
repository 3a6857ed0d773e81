// VER-01: the OX Mail v2 app needs OX App Suite 7.8.4-rev22 or newer (ox-mail-app-v2.txt:
// "The OX Mail v2 app requires at least OX App Suite version 7.8.4-rev22"). The check reads
// the version the middleware reports over HTTP, without logging in: by default
// GET /ajax/apps/manifests?action=config and the JSON pointer /data/serverVersion, where the
// App Suite UI reads it (UNCONFIRMED for 7.8.4 builds: our reference notes do not say where App
// Suite reports its version; a deployment names another place with app_suite.version_path and
// version_pointer). Versions compare as numbers, then the revision ("7.8.4-Rev22").
#include <chrono>

#include "common/http1/client.hpp"
#include "common/tls/openssl_util.hpp"
#include "mock_facade/facade/user_agent.hpp"
#include "runner/certify/certify_checks.hpp"

namespace oxh::runner::certify {

void runVersionCheck(const Deployment& deployment, std::vector<CheckResult>& results) {
  using facade::mobile::ServerVersion;
  auto check = makeCheck("VER-01", "App Suite at least " + std::string(facade::mobile::kMinimumServerVersion), "critical",
                         deployment.appSuiteUrl,
                         "The OX Mail v2 app requires at least OX App Suite version 7.8.4-rev22.",
                         "Update the middleware to 7.8.4-rev22 or newer (7.8.4 patch release 22 or a later "
                         "release) before enabling OX Mail v2.");
  if (deployment.appSuiteUrl.empty()) {
    check.message = "no app_suite.url in the deployment file";
    results.push_back(std::move(check));
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  http1::ClientRequest request;
  request.method = "GET";
  request.url = deployment.appSuiteUrl + deployment.versionPath;
  request.timeout = std::chrono::milliseconds(10000);
  if (!deployment.appSuiteCaFile.empty()) {
    request.caPem = tls::ossl::readFile(deployment.appSuiteCaFile);
  }
  try {
    const auto response = http1::send(request);
    check.evidence = "> GET " + request.url + "\n< " + std::to_string(response.status) + " " + response.reason +
                     "\n\n" + response.body.substr(0, 2000);
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    const nlohmann::json::json_pointer pointer(deployment.versionPointer);
    if (response.status != 200 || json.is_discarded() || !json.contains(pointer) || !json[pointer].is_string()) {
      check.verdict = Verdict::Fail;
      check.message = "no version at " + deployment.versionPointer + " in the answer to GET " +
                      deployment.versionPath + " (HTTP " + std::to_string(response.status) +
                      "); name the right place with app_suite.version_path and version_pointer";
    } else {
      const auto reported = json[pointer].get<std::string>();
      const auto version = ServerVersion::parse(reported);
      const auto minimum = ServerVersion::parse(facade::mobile::kMinimumServerVersion);
      check.subject = deployment.appSuiteUrl + " (" + reported + ")";
      if (!version) {
        check.verdict = Verdict::Fail;
        check.message = "the reported version '" + reported + "' is not like 7.8.4-Rev22";
      } else if (version->compare(*minimum) < 0) {
        check.verdict = Verdict::Fail;
        check.message = "App Suite reports " + reported + ", older than " + facade::mobile::kMinimumServerVersion;
      } else {
        check.verdict = Verdict::Pass;
      }
    }
  } catch (const std::exception& error) {
    check.verdict = Verdict::Fail;
    check.message = std::string("cannot read the version: ") + error.what();
    check.evidence += std::string("> GET ") + request.url + "\n! " + error.what() + "\n";
  }
  check.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  results.push_back(std::move(check));
}

}  // namespace oxh::runner::certify
