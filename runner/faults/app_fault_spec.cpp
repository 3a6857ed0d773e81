#include "runner/faults/app_fault_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>
#include <vector>

namespace oxh::faults {

namespace {

const std::vector<std::pair<const char*, std::uint8_t>>& alerts() {
  static const std::vector<std::pair<const char*, std::uint8_t>> table = {
      {"unexpected_message", 10},     {"bad_record_mac", 20},          {"record_overflow", 22},
      {"handshake_failure", 40},      {"bad_certificate", 42},         {"unsupported_certificate", 43},
      {"certificate_revoked", 44},    {"certificate_expired", 45},     {"certificate_unknown", 46},
      {"illegal_parameter", 47},      {"unknown_ca", 48},              {"access_denied", 49},
      {"decode_error", 50},           {"decrypt_error", 51},           {"protocol_version", 70},
      {"insufficient_security", 71},  {"internal_error", 80},          {"inappropriate_fallback", 86},
      {"user_canceled", 90},          {"missing_extension", 109},      {"unsupported_extension", 110},
      {"unrecognized_name", 112},     {"bad_certificate_status_response", 113},
      {"unknown_psk_identity", 115},  {"certificate_required", 116},   {"no_application_protocol", 120},
  };
  return table;
}

const std::vector<const char*>& h2Errors() {
  static const std::vector<const char*> names = {
      "NO_ERROR",       "PROTOCOL_ERROR",    "INTERNAL_ERROR",    "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
      "STREAM_CLOSED",  "FRAME_SIZE_ERROR",  "REFUSED_STREAM",    "CANCEL",             "COMPRESSION_ERROR",
      "CONNECT_ERROR",  "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};
  return names;
}

const std::vector<std::pair<const char*, std::uint16_t>>& h2Settings() {
  static const std::vector<std::pair<const char*, std::uint16_t>> table = {
      {"header_table_size", 1},   {"enable_push", 2},    {"max_concurrent_streams", 3},
      {"initial_window_size", 4}, {"max_frame_size", 5}, {"max_header_list_size", 6}};
  return table;
}

std::optional<std::uint64_t> decimal(const std::string& text) {
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

}  // namespace

bool isTlsFault(FaultKind kind) {
  return kind == FaultKind::kTlsStall || kind == FaultKind::kTlsAlert || kind == FaultKind::kTlsCertificate;
}

bool isHttp1Fault(FaultKind kind) {
  return kind == FaultKind::kHttpStatus || kind == FaultKind::kHttpDelay || kind == FaultKind::kHttpMalformed ||
         kind == FaultKind::kHttpCloseMidBody;
}

bool isH2Fault(FaultKind kind) {
  return kind == FaultKind::kH2RstStream || kind == FaultKind::kH2Goaway || kind == FaultKind::kH2Settings;
}

bool isAppParam(const std::string& key) {
  static const std::vector<std::string> keys = {"alert", "certificate", "status", "body", "retry_after", "path",
                                                "error_code", "last_stream_id", "count"};
  return std::find(keys.begin(), keys.end(), key) != keys.end() || h2SettingId(key).has_value();
}

std::string parseAppParam(const std::string& key, const std::string& value, FaultSpec& spec) {
  if (key == "alert") {
    if (!tlsAlertCode(value)) {
      return "a fatal TLS alert name (handshake_failure, protocol_version, internal_error, ...)";
    }
    spec.alert = value;
  } else if (key == "certificate") {
    if (value != "expired" && value != "wrong_host" && value != "self_signed") {
      return "expired, wrong_host or self_signed";
    }
    spec.certificate = value;
  } else if (key == "status") {
    const auto status = decimal(value);
    if (!status || *status < 100 || *status > 599) {
      return "an HTTP status 100..599";
    }
    spec.status = static_cast<int>(*status);
  } else if (key == "body") {
    spec.body = value;
  } else if (key == "retry_after") {
    if (value.empty() || value.find_first_of("\r\n") != std::string::npos) {
      return "a Retry-After value (seconds or an HTTP date) on one line";
    }
    spec.retryAfter = value;
  } else if (key == "path") {
    if (value.empty() || (value[0] != '/' && value != "*")) {
      return "a request-target prefix starting with '/'";
    }
    spec.path = value;
  } else if (key == "error_code") {
    const auto code = h2ErrorCode(value);
    if (!code) {
      return "an HTTP/2 error code (PROTOCOL_ERROR, REFUSED_STREAM, CANCEL, ... or a number)";
    }
    spec.errorCode = *code;
  } else if (key == "last_stream_id") {
    const auto id = decimal(value);
    if (!id || *id > 0x7fffffffU) {
      return "a stream id 0..2147483647";
    }
    spec.lastStreamId = static_cast<std::uint32_t>(*id);
  } else if (key == "count") {
    const auto count = decimal(value);
    if (!count || *count == 0) {
      return "a positive integer";
    }
    spec.count = *count;
  } else if (const auto id = h2SettingId(key)) {
    const auto setting = decimal(value);
    if (!setting || *setting > 0xffffffffU) {
      return "an unsigned 32-bit integer";
    }
    spec.settings.emplace_back(*id, static_cast<std::uint32_t>(*setting));
  }
  return "";
}

std::string checkAppSpec(const FaultSpec& spec, const std::map<std::string, std::string>& params) {
  if (isAppFault(spec.kind) && spec.direction != Direction::kBoth) {
    return "fault '" + std::string(faultKindName(spec.kind)) + "' takes no 'direction'";
  }
  if (spec.kind == FaultKind::kTlsCertificate && spec.certificate.empty()) {
    return "fault 'tls_certificate' needs 'certificate' (expired, wrong_host or self_signed)";
  }
  if (spec.kind == FaultKind::kHttpDelay && params.count("delay") == 0) {
    return "fault 'http_delay' needs 'delay' (a duration like 2s)";
  }
  if (spec.kind == FaultKind::kH2Settings && spec.settings.empty()) {
    return "fault 'h2_settings' needs at least one setting (max_concurrent_streams, initial_window_size, ...)";
  }
  return "";
}

std::optional<std::uint8_t> tlsAlertCode(std::string_view name) {
  for (const auto& [alert, code] : alerts()) {
    if (name == alert) {
      return code;
    }
  }
  return std::nullopt;
}

std::optional<std::uint32_t> h2ErrorCode(std::string_view text) {
  const auto name = upper(text);
  for (std::size_t code = 0; code < h2Errors().size(); ++code) {
    if (name == h2Errors()[code]) {
      return static_cast<std::uint32_t>(code);
    }
  }
  const auto number = decimal(std::string(text));
  if (number && *number <= 0xffffffffU) {
    return static_cast<std::uint32_t>(*number);
  }
  return std::nullopt;
}

std::string h2ErrorName(std::uint32_t code) {
  return code < h2Errors().size() ? h2Errors()[code] : "0x" + [code] {
    char text[16];
    const auto [end, ec] = std::to_chars(text, text + sizeof(text), code, 16);
    return std::string(text, ec == std::errc() ? end : text);
  }();
}

std::optional<std::uint16_t> h2SettingId(std::string_view name) {
  for (const auto& [setting, id] : h2Settings()) {
    if (name == setting) {
      return id;
    }
  }
  return std::nullopt;
}

std::string describeApp(const FaultSpec& spec) {
  std::string text;
  switch (spec.kind) {
    case FaultKind::kTlsAlert:
      text = " " + spec.alert;
      break;
    case FaultKind::kTlsCertificate:
      text = " " + spec.certificate;
      break;
    case FaultKind::kHttpStatus:
      text = " " + std::to_string(spec.status);
      break;
    case FaultKind::kHttpDelay:
      text = " " + std::to_string(spec.delay.count()) + "ms";
      break;
    case FaultKind::kHttpCloseMidBody:
      text = " after " + std::to_string(spec.afterBytes) + "B";
      break;
    case FaultKind::kH2RstStream:
    case FaultKind::kH2Goaway:
      text = " " + h2ErrorName(spec.errorCode);
      break;
    case FaultKind::kH2Settings:
      for (const auto& [id, value] : spec.settings) {
        text += " " + std::to_string(id) + "=" + std::to_string(value);
      }
      break;
    default:
      break;
  }
  if (!spec.path.empty()) {
    text += " " + spec.path;
  }
  if (spec.count) {
    text += " x" + std::to_string(*spec.count);
  }
  return text;
}

}  // namespace oxh::faults
