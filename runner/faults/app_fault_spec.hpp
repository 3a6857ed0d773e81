#pragma once
// The TLS, HTTP/1 and HTTP/2 part of the fault vocabulary (fault_spec.hpp): which kinds need
// which proxy mode, their parameters as text (alert names, HTTP/2 error codes and SETTINGS
// identifiers by their RFC names), and their one-line descriptions.
// Thread: plain values and pure functions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "runner/faults/fault_spec.hpp"

namespace oxh::faults {

[[nodiscard]] bool isTlsFault(FaultKind kind);
[[nodiscard]] bool isHttp1Fault(FaultKind kind);
[[nodiscard]] bool isH2Fault(FaultKind kind);
[[nodiscard]] inline bool isAppFault(FaultKind kind) { return isTlsFault(kind) || isHttp1Fault(kind) || isH2Fault(kind); }

// Parameters parsed here (not the shared ones: delay, after_bytes, direction, once, duration).
[[nodiscard]] bool isAppParam(const std::string& key);
// Stores `value` of `key` in `spec`; returns "" or what the value must be ("an HTTP status 100..599").
[[nodiscard]] std::string parseAppParam(const std::string& key, const std::string& value, FaultSpec& spec);
// Whole-spec checks after every parameter was read; "" when fine.
[[nodiscard]] std::string checkAppSpec(const FaultSpec& spec, const std::map<std::string, std::string>& params);

// TLS alert description codes (RFC 8446 §6, RFC 5246 §7.2) by name: "handshake_failure" -> 40.
[[nodiscard]] std::optional<std::uint8_t> tlsAlertCode(std::string_view name);
// HTTP/2 error codes (RFC 9113 §7) by name, either case, or as a decimal number.
[[nodiscard]] std::optional<std::uint32_t> h2ErrorCode(std::string_view text);
[[nodiscard]] std::string h2ErrorName(std::uint32_t code);
// HTTP/2 SETTINGS identifiers (RFC 9113 §6.5.2) by parameter name: "max_concurrent_streams" -> 3.
[[nodiscard]] std::optional<std::uint16_t> h2SettingId(std::string_view name);

// " status 503 /ajax" style suffix for describe().
[[nodiscard]] std::string describeApp(const FaultSpec& spec);

}  // namespace oxh::faults
