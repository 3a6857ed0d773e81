#pragma once
// A TLS connection an http1::Server hands over after the handshake, because ALPN chose a
// protocol other than HTTP/1.1 (ServerOptions::handoffAlpn / handoff). The receiver owns the
// stream (and its strand: the stream's executor) from then on.
// Thread: a value handed over once, on the connection's strand.
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <string>

#include "common/tls/tls_policy.hpp"

namespace oxh::http1 {

struct TlsHandoff {
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream;
  std::string connectionId;  // the server's id for it ("c7")
  std::string peer;          // "127.0.0.1:53422"
  tls::TlsInfo tls;          // what the handshake negotiated
};

}  // namespace oxh::http1
