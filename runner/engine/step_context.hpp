#pragma once
// What a step sees while it runs: the scenario, its variables, its journal, the resolved
// topology, the connections earlier steps opened, and the scenario's deadline.
// Thread: used by the scenario's runner thread only; the journal inside is thread-safe.
#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "common/net/io_runtime.hpp"
#include "runner/scenario/model.hpp"
#include "runner/scenario/variables.hpp"

namespace oxh::facade {
class NotifyReceiver;
class FakeFacade;
}
namespace oxh::facade::mobile {
class MobileFacade;
}
namespace oxh::dovecot {
class FakeDovecot;
}
namespace oxh::push::apns {
class FakeApns;
}
namespace oxh::push::fcm {
class FakeFcm;
}
namespace oxh::clients::imap {
class ImapClient;
}
namespace oxh::faults {
class FaultProxy;
}
namespace oxh::clients::lmtp {}
namespace oxh::client {
class MobileClient;
}

namespace oxh::runner {
class PnsRelay;
// The protocol clients live in common/clients (the fake facade uses them too).
namespace imap = clients::imap;
namespace lmtp = clients::lmtp;

// A step's expectation did not hold. The message says what was expected and what was seen.
class StepFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The scenario cannot run here (a `requires:` capability is missing); reported as skipped.
class ScenarioSkipped : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpExchange {  // the last http.request, for expect.http
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class StepContext {
 public:
  StepContext(const Scenario& scenario, journal::Journal& journal, net::IoRuntime& io, Variables& variables,
              journal::Clock::time_point deadline, std::uint64_t seed);
  ~StepContext();

  const Scenario& scenario;
  journal::Journal& journal;
  net::IoRuntime& io;
  Variables& vars;
  const journal::Clock::time_point deadline;
  std::mt19937_64 random;

  // The interpolated arguments of the step that is running (set by the engine).
  YAML::Node args;
  const Step* step = nullptr;

  // Argument access with clear failures: "step 'x' needs 'y'".
  [[nodiscard]] std::string text(const std::string& key, const std::string& fallback) const;
  [[nodiscard]] std::string requiredText(const std::string& key) const;
  [[nodiscard]] std::int64_t integer(const std::string& key, std::int64_t fallback) const;
  [[nodiscard]] bool flag(const std::string& key, bool fallback) const;
  [[nodiscard]] std::optional<Duration> duration(const std::string& key) const;
  [[nodiscard]] bool has(const std::string& key) const;

  // The earlier of the scenario deadline and now + `within` (or the default step timeout).
  [[nodiscard]] journal::Clock::time_point deadlineFor(std::optional<Duration> within) const;

  // A component's endpoint, e.g. endpoint("dovecot", "imap"); fails the step when the topology
  // has none.
  [[nodiscard]] net::HostPort endpoint(const std::string& component, const std::string& name) const;
  void setEndpoint(const std::string& component, const std::string& name, const net::HostPort& address);
  [[nodiscard]] const User& user(const std::string& login) const;
  [[nodiscard]] const User* findUser(const std::string& loginOrEmail) const;

  std::map<std::string, std::shared_ptr<imap::ImapClient>> imapConnections;
  std::map<std::string, std::string> imapIdleTags;  // connection -> tag of the running IDLE
  std::optional<HttpExchange> lastHttp;
  std::shared_ptr<facade::NotifyReceiver> notifyReceiver;
  std::shared_ptr<facade::FakeFacade> fakeFacade;  // the embedded App Suite /ajax fake, when used
  std::shared_ptr<facade::mobile::MobileFacade> mobileFacade;  // topology mobile_facade (fake)
  std::shared_ptr<PnsRelay> pnsRelay;              // http-notify -> the fake facade's PNS (topology/pns_relay.hpp)
  std::shared_ptr<dovecot::FakeDovecot> fakeDovecot;
  std::shared_ptr<push::apns::FakeApns> fakeApns;
  std::shared_ptr<push::fcm::FakeFcm> fakeFcm;
  // The topology's fault proxies (`proxies:`), by name.
  std::map<std::string, std::shared_ptr<faults::FaultProxy>> faultProxies;
  // Reference mobile clients (client.start), by name.
  std::map<std::string, std::shared_ptr<client::MobileClient>> mobileClients;

  // Saves `value` under the names of a `save:` mapping (name -> dotted path into `value`).
  void save(const YAML::Node& saveSpec, const nlohmann::json& value);
  [[nodiscard]] imap::ImapClient& imapConnection(const std::string& name);

 private:
  std::map<std::string, std::map<std::string, net::HostPort>> endpoints_;
};

// The default wait for a step without `within:`.
inline constexpr std::chrono::seconds kDefaultStepTimeout{10};

// Value at a dotted path ("payload.aps.badge", "headers.0"); nullopt when absent.
std::optional<nlohmann::json> jsonAtPath(const nlohmann::json& value, const std::string& path);
// YAML -> JSON with scalars typed as YAML 1.2 core would (int, float, bool, null, string).
nlohmann::json yamlToJson(const YAML::Node& node);
// Subset match: every key/element of `expected` is in `actual` with an equal value of the
// same JSON type (numbers by value, so 1 equals 1.0; "1" does not). `where` gets the failing path.
bool jsonSubset(const nlohmann::json& expected, const nlohmann::json& actual, std::string& where);

}  // namespace oxh::runner
