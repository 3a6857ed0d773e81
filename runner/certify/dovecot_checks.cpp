// MD-01/02, THR-01, PUSH-01: the seed wants METADATA only for the OX servers, THREAD=REFERENCES for
// threads, and the push registration (SETMETADATA of the http-notify entry) working. Probed with
// our IMAP client from each configured source address (bound locally, so the server sees it as
// the client address its `remote` blocks filter on).
#include <chrono>

#include "runner/certify/certify_checks.hpp"
#include "runner/certify/imap_probe.hpp"

namespace oxh::runner::certify {
namespace {

using Session = ImapProbeSession;

constexpr const char* kSeedMetadata = "METADATA only for the OX servers";

Session loginFrom(net::IoRuntime& io, journal::Journal& journal, const Deployment& deployment, const std::string& source,
                  const std::string& name) {
  return imapLogin(io, journal, deployment.dovecotImap, source, deployment.users.front(), name);
}

void registration(net::IoRuntime& io, journal::Journal& journal, const Deployment& deployment, CheckResult& result) {
  const auto& user = deployment.users.front();
  const std::string source = deployment.oxAddresses.empty() ? std::string() : deployment.oxAddresses.front();
  const auto session = loginFrom(io, journal, deployment, source, "push-registration");
  // Leave the user as found: the certification must not register a listener the middleware did not.
  const auto previous = currentNotifyEntry(session);
  const std::string value = "user=" + std::to_string(user.userId) + "@" + std::to_string(user.contextId);
  const auto set = setNotifyEntry(session, imapQuoted(value));
  const bool readBack = currentNotifyEntry(session) == imapQuoted(value);
  setNotifyEntry(session, previous);
  session.command("LOGOUT");
  result.verdict = set.status == "OK" && readBack ? Verdict::Pass : Verdict::Fail;
  if (result.verdict == Verdict::Fail) {
    result.message = set.status != "OK" ? "SETMETADATA answered " + set.tagged : "GETMETADATA did not read the value back";
  }
}

}  // namespace

void runDovecotChecks(const Deployment& deployment, std::vector<CheckResult>& results) {
  const std::string mdRemedy =
      "Enable imap_metadata only inside a remote block for the OX middleware's addresses: remote <ox-net> { protocol "
      "imap { imap_metadata = yes } }, with mail_attribute_dict set globally.";
  if (deployment.dovecotImap.empty() || deployment.users.empty() || !net::HostPort::parse(deployment.dovecotImap)) {
    auto skipped = makeCheck("MD-01", "METADATA offered to the OX addresses", "critical", "dovecot", kSeedMetadata, mdRemedy);
    skipped.message = "needs dovecot.imap (host:port) and at least one user in the deployment file";
    results.push_back(skipped);
    return;
  }
  journal::Journal journal("certify");
  net::IoRuntime io{1};
  const auto run = [&](CheckResult result, const std::function<void(CheckResult&)>& body, const std::string& connection) {
    const auto started = std::chrono::steady_clock::now();
    try {
      body(result);
    } catch (const std::exception& error) {
      result.verdict = Verdict::Fail;
      result.message = error.what();
    }
    result.evidence = imapTranscript(journal, connection);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    results.push_back(result);
  };
  auto oxAddresses = deployment.oxAddresses.empty() ? std::vector<std::string>{""} : deployment.oxAddresses;
  int n = 0;
  for (const auto& address : oxAddresses) {
    const auto connection = "ox-" + std::to_string(n++);
    run(makeCheck("MD-01", "METADATA offered to the OX addresses", "critical",
             "from " + (address.empty() ? std::string("this host") : address), kSeedMetadata, mdRemedy),
        [&](CheckResult& result) {
          auto session = loginFrom(io, journal, deployment, address, connection);
          const bool offered = hasCapability(session.capability, "METADATA");
          result.verdict = offered ? Verdict::Pass : Verdict::Fail;
          result.message = offered ? "" : "CAPABILITY after login has no METADATA";
          session.command("LOGOUT");
        },
        connection);
  }
  for (const auto& address : deployment.otherAddresses) {
    const auto connection = "other-" + std::to_string(n++);
    run(makeCheck("MD-02", "METADATA not offered to other addresses", "high", "from " + address, kSeedMetadata, mdRemedy),
        [&](CheckResult& result) {
          auto session = loginFrom(io, journal, deployment, address, connection);
          const bool offered = hasCapability(session.capability, "METADATA");
          result.verdict = offered ? Verdict::Fail : Verdict::Pass;
          result.message = offered ? "METADATA is offered to " + address + ", which is not an OX address" : "";
          session.command("LOGOUT");
        },
        connection);
  }
  run(makeCheck("THR-01", "THREAD=REFERENCES offered", "high", deployment.dovecotImap,
           "threads come from the IMAP server's THREAD=REFERENCES", "Use Dovecot 2.3 (it offers THREAD=REFERENCES)."),
      [&](CheckResult& result) {
        auto session = loginFrom(io, journal, deployment, oxAddresses.front(), "thread");
        const bool offered = hasCapability(session.capability, "THREAD=REFERENCES");
        result.verdict = offered ? Verdict::Pass : Verdict::Fail;
        result.message = offered ? "" : "CAPABILITY after login has no THREAD=REFERENCES";
        session.command("LOGOUT");
      },
      "thread");
  run(makeCheck("PUSH-01", "push registration (SETMETADATA of the http-notify entry) works", "critical",
           deployment.users.front().login, "push wiring between Dovecot and the middleware",
           "Set mail_attribute_dict (e.g. file:%h/dovecot-attributes) and enable imap_metadata for the OX addresses."),
      [&](CheckResult& result) { registration(io, journal, deployment, result); }, "push-registration");
}

}  // namespace oxh::runner::certify
