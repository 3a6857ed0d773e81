#pragma once
// Named timeouts for every listener and client in common/ (DESIGN.md §4 "Time": no magic
// numbers in io code). Values are generous: a conformance harness must not turn a slow CI
// machine into a false failure, but a peer that stops talking must not pin a connection forever.
// Thread: constants.
#include <chrono>

namespace oxh::net {

using namespace std::chrono_literals;

// A kept-alive connection with no request in progress is closed after this (RFC 9112 §9.3
// lets a server close idle persistent connections at any time).
inline constexpr std::chrono::seconds kIdleTimeout = 60s;
// Once a request has started, the rest of its header and body must arrive within this.
inline constexpr std::chrono::seconds kReadTimeout = 30s;
// Writing one response (or one protocol reply) must finish within this.
inline constexpr std::chrono::seconds kWriteTimeout = 30s;
// A TLS handshake (including a client certificate exchange) must finish within this.
inline constexpr std::chrono::seconds kHandshakeTimeout = 10s;
// TLS close_notify exchange at the end of a connection; a peer that never answers it is cut.
inline constexpr std::chrono::seconds kShutdownTimeout = 2s;
// Upper bound for a control-plane long poll (GET journal?wait=MS).
inline constexpr std::chrono::milliseconds kMaxLongPoll = 60s;

}  // namespace oxh::net
