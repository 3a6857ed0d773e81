#pragma once
// The TCP-level fault vocabulary of the fault proxy (issue 6): what a `fault.arm` step or the
// proxy's control plane asks for, as a value. Parsing from text (step arguments, control JSON)
// gives clear errors; nothing here touches a socket.
// Thread: plain values and pure functions.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::faults {

enum class FaultKind {
  kLatency,    // each chunk waits latency ± jitter before it is forwarded
  kBandwidth,  // forwarded at `rate` bytes per second
  kSlice,      // each chunk is written as several small writes (chunk_min..chunk_max bytes, `gap` apart)
  kBlackhole,  // accepted, never forwarded (the peer sees a timeout)
  kReset,      // TCP RST to both sides (at once, or after `after_bytes`)
  kSlowClose,  // a FIN from one side reaches the other only after `delay`
  kDataLimit,  // the connection is closed (FIN) after `after_bytes` bytes
  kRefuse,     // the listener is closed: connects are refused
  // TLS (proxy in `tls: terminate` mode; runner/faults/app_fault_spec.hpp)
  kTlsStall,        // TCP accepted, the ClientHello never answered
  kTlsAlert,        // the ClientHello answered with a fatal alert record (`alert`)
  kTlsCertificate,  // new handshakes present an expired, wrong-host or self-signed certificate
  // HTTP/1 (proxy option `protocol: http1`)
  kHttpStatus,         // the proxy answers the request itself (`status`, `body`, `retry_after`)
  kHttpDelay,          // the response is held `delay`
  kHttpMalformed,      // a garbage status line and header instead of the response, then close
  kHttpCloseMidBody,   // head and `after_bytes` of the body forwarded, then close
  // HTTP/2 (proxy option `protocol: h2`, terminate mode)
  kH2RstStream,  // new client streams reset (`error_code`) toward both sides
  kH2Goaway,     // GOAWAY (`last_stream_id`, `error_code`) to the client, close after `delay`
  kH2Settings,   // a SETTINGS frame (`max_concurrent_streams`, ...) sent to the client
};

enum class Direction {
  kBoth,
  kClientToServer,
  kServerToClient,
};

using Millis = std::chrono::milliseconds;

struct FaultSpec {
  FaultKind kind = FaultKind::kLatency;
  Direction direction = Direction::kBoth;
  Millis latency{0};             // latency
  Millis jitter{0};              // latency: uniform in [-jitter, +jitter], never below 0 in total
  std::uint64_t rate = 0;        // bandwidth: bytes per second (> 0)
  std::size_t chunkMin = 1;      // slice
  std::size_t chunkMax = 1;      // slice
  Millis gap{0};                 // slice: pause between the pieces of one chunk
  std::uint64_t afterBytes = 0;  // reset, data_limit: bytes (in `direction`) let through first
  Millis delay{0};               // slow_close
  bool once = false;             // only the next connection accepted (or, for refuse, the next attempt window)
  std::optional<Millis> duration;  // the fault ends by itself this long after it was armed
  // TLS, HTTP/1 and HTTP/2 faults (app_fault_spec.hpp).
  std::string alert = "handshake_failure";  // tls_alert: the alert's name
  std::string certificate;                  // tls_certificate: expired, wrong_host or self_signed
  int status = 503;                         // http_status
  std::string body;                         // http_status
  std::string retryAfter;                   // http_status: Retry-After header value
  std::string path;                         // http_*: only requests whose target starts with this
  std::uint32_t errorCode = 0;              // h2_rst_stream, h2_goaway (HTTP/2 error code)
  std::optional<std::uint32_t> lastStreamId;  // h2_goaway (default: the last stream passed on)
  std::vector<std::pair<std::uint16_t, std::uint32_t>> settings;  // h2_settings: id, value
  std::optional<std::uint64_t> count;       // TLS/HTTP faults: act this many times, then spent
};

[[nodiscard]] std::string_view faultKindName(FaultKind kind);
[[nodiscard]] std::optional<FaultKind> parseFaultKind(std::string_view name);
[[nodiscard]] const std::vector<std::string>& faultKindNames();
[[nodiscard]] std::string_view directionName(Direction direction);
[[nodiscard]] std::optional<Direction> parseDirection(std::string_view name);
[[nodiscard]] const std::vector<std::string>& directionNames();
// True when a fault armed for `armed` applies to data flowing in `flow` (never kBoth).
[[nodiscard]] bool appliesTo(Direction armed, Direction flow);

// The parameter names each fault kind accepts besides fault, direction, once, duration.
[[nodiscard]] const std::vector<std::string>& faultParams(FaultKind kind);

// Builds a spec from text parameters ("fault" required; durations like "250ms" or "2s";
// integers in decimal). Returns an error message naming the offending parameter when a name
// or value is wrong, or a parameter does not belong to the fault kind.
struct FaultParseResult {
  std::optional<FaultSpec> spec;
  std::string error;
};
[[nodiscard]] FaultParseResult parseFaultSpec(const std::map<std::string, std::string>& params);

// "latency 200ms±50ms c2s" style one-line description for journals and messages.
[[nodiscard]] std::string describe(const FaultSpec& spec);

}  // namespace oxh::faults
