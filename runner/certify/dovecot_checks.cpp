// MD-01/02, THR-01, PUSH-01: the seed wants METADATA only for the OX servers, THREAD=REFERENCES for
// threads, and the push registration (SETMETADATA of the http-notify entry) working. Probed with
// our IMAP client from each configured source address (bound locally, so the server sees it as
// the client address its `remote` blocks filter on).
#include <chrono>

#include "common/clients/imap_client.hpp"
#include "common/journal/journal.hpp"
#include "common/net/io_runtime.hpp"
#include "runner/certify/certify_checks.hpp"

namespace oxh::runner::certify {
namespace {

namespace imap = clients::imap;
using Clock = journal::Clock;

constexpr const char* kSeedMetadata = "METADATA only for the OX servers";
constexpr const char* kEntry = "/private/vendor/vendor.dovecot/http-notify";
constexpr auto kTimeout = std::chrono::seconds(10);

std::string transcript(const journal::Journal& journal, const std::string& connection) {
  std::string text;
  for (const auto& entry : journal.snapshot()) {
    if (entry.connection != connection) {
      continue;
    }
    if (entry.kind == "imap.sent") {
      text += "C: " + entry.data.value("line", "") + "\n";
    } else if (entry.kind == "imap.response") {
      text += "S: " + entry.data.value("line", "") + "\n";
    }
  }
  return text;
}

bool hasCapability(const imap::CommandResult& result, const std::string& tagged, const std::string& name) {
  const auto contains = [&name](const std::string& line) {
    return (" " + line + " ").find(" " + name + " ") != std::string::npos ||
           line.find(" " + name + "]") != std::string::npos;
  };
  for (const auto& entry : result.untagged) {
    if (contains(entry.data.value("line", ""))) {
      return true;
    }
  }
  return contains(tagged);
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

struct Session {
  std::shared_ptr<imap::ImapClient> client;
  imap::CommandResult capability;
};

// Connects from `source`, logs in as the first user and asks CAPABILITY after login.
Session loginFrom(net::IoRuntime& io, journal::Journal& journal, const Deployment& deployment, const std::string& source,
                  const std::string& name) {
  imap::ConnectOptions options;
  options.name = name;
  options.server = *net::HostPort::parse(deployment.dovecotImap);
  if (!source.empty()) {
    options.sourceAddress = source;
  }
  Session session;
  session.client = imap::ImapClient::connect(io.context(), journal, options, Clock::now() + kTimeout);
  const auto& user = deployment.users.front();
  const auto login = session.client->command("LOGIN " + quoted(user.login) + " " + quoted(user.password), Clock::now() + kTimeout);
  if (login.status != "OK") {
    throw std::runtime_error("LOGIN as " + user.login + " answered " + login.tagged);
  }
  session.capability = session.client->command("CAPABILITY", Clock::now() + kTimeout);
  return session;
}

void registration(net::IoRuntime& io, journal::Journal& journal, const Deployment& deployment, CheckResult& result) {
  const auto& user = deployment.users.front();
  const std::string source = deployment.oxAddresses.empty() ? std::string() : deployment.oxAddresses.front();
  auto session = loginFrom(io, journal, deployment, source, "push-registration");
  auto& client = *session.client;
  const auto before = client.command(std::string("GETMETADATA \"\" (") + kEntry + ")", Clock::now() + kTimeout);
  const std::string value = "user=" + std::to_string(user.userId) + "@" + std::to_string(user.contextId);
  const auto set = client.command(std::string("SETMETADATA \"\" (") + kEntry + " " + quoted(value) + ")", Clock::now() + kTimeout);
  const auto after = client.command(std::string("GETMETADATA \"\" (") + kEntry + ")", Clock::now() + kTimeout);
  bool readBack = false;
  for (const auto& entry : after.untagged) {
    readBack = readBack || entry.data.value("line", "").find(value) != std::string::npos;
  }
  // Leave the user as found: the certification must not register a listener the middleware did not.
  std::string previous = "NIL";
  for (const auto& entry : before.untagged) {
    const auto line = entry.data.value("line", "");
    if (const auto at = line.find("user="); at != std::string::npos) {
      previous = quoted(line.substr(at, line.find_first_of("\")", at) - at));
    }
  }
  client.command(std::string("SETMETADATA \"\" (") + kEntry + " " + previous + ")", Clock::now() + kTimeout);
  client.command("LOGOUT", Clock::now() + kTimeout);
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
    result.evidence = transcript(journal, connection);
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
          const bool offered = hasCapability(session.capability, session.capability.tagged, "METADATA");
          result.verdict = offered ? Verdict::Pass : Verdict::Fail;
          result.message = offered ? "" : "CAPABILITY after login has no METADATA";
          session.client->command("LOGOUT", Clock::now() + kTimeout);
        },
        connection);
  }
  for (const auto& address : deployment.otherAddresses) {
    const auto connection = "other-" + std::to_string(n++);
    run(makeCheck("MD-02", "METADATA not offered to other addresses", "high", "from " + address, kSeedMetadata, mdRemedy),
        [&](CheckResult& result) {
          auto session = loginFrom(io, journal, deployment, address, connection);
          const bool offered = hasCapability(session.capability, session.capability.tagged, "METADATA");
          result.verdict = offered ? Verdict::Fail : Verdict::Pass;
          result.message = offered ? "METADATA is offered to " + address + ", which is not an OX address" : "";
          session.client->command("LOGOUT", Clock::now() + kTimeout);
        },
        connection);
  }
  run(makeCheck("THR-01", "THREAD=REFERENCES offered", "high", deployment.dovecotImap,
           "threads come from the IMAP server's THREAD=REFERENCES", "Use Dovecot 2.3 (it offers THREAD=REFERENCES)."),
      [&](CheckResult& result) {
        auto session = loginFrom(io, journal, deployment, oxAddresses.front(), "thread");
        const bool offered = hasCapability(session.capability, session.capability.tagged, "THREAD=REFERENCES");
        result.verdict = offered ? Verdict::Pass : Verdict::Fail;
        result.message = offered ? "" : "CAPABILITY after login has no THREAD=REFERENCES";
        session.client->command("LOGOUT", Clock::now() + kTimeout);
      },
      "thread");
  run(makeCheck("PUSH-01", "push registration (SETMETADATA of the http-notify entry) works", "critical",
           deployment.users.front().login, "push wiring between Dovecot and the middleware",
           "Set mail_attribute_dict (e.g. file:%h/dovecot-attributes) and enable imap_metadata for the OX addresses."),
      [&](CheckResult& result) { registration(io, journal, deployment, result); }, "push-registration");
}

}  // namespace oxh::runner::certify
