#pragma once
// A blocking TCP socket with deadlines for the TLS prober, and the STARTTLS preambles of IMAP
// (RFC 3501 6.2.1), LMTP (RFC 2033 + RFC 3207) and SMTP (RFC 3207). Internal to tls_probe.
// Thread: one socket per attempt, used by one thread.
#include <chrono>
#include <optional>
#include <string>

#include "common/tls_probe/probe_attempt.hpp"

namespace oxh::tlsprobe {

class ProbeSocket {
 public:
  ProbeSocket() = default;
  ~ProbeSocket();
  ProbeSocket(const ProbeSocket&) = delete;
  ProbeSocket& operator=(const ProbeSocket&) = delete;

  // Resolves `host` and connects within `timeout`; sets the read/write timeouts to `timeout`.
  // Returns an error text, or nullopt when connected.
  std::optional<std::string> connect(const std::string& host, int port, std::chrono::milliseconds timeout);
  [[nodiscard]] int fd() const { return fd_; }

  // Reads one CRLF-terminated line (without the CRLF); nullopt on timeout or close. Reads byte
  // by byte so nothing past the line is consumed (the TLS handshake follows the preamble).
  std::optional<std::string> readLine();
  bool writeAll(const std::string& data);

 private:
  int fd_ = -1;
};

// Runs the preamble for `mode` on a connected socket, appending "S: "/"C: " lines to
// `transcript`. Returns an error text, or nullopt when the server is ready for the handshake.
std::optional<std::string> runStartTls(ProbeSocket& socket, StartTls mode, std::string& transcript);

}  // namespace oxh::tlsprobe
