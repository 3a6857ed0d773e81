// ProxyConnection in `tls: terminate` mode (proxy_connection.hpp, tls_termination.hpp): the TLS
// faults, the client's handshake with the proxy's certificate, and the upstream's.
#include <boost/asio/ssl/error.hpp>

#include "common/tls/tls_policy.hpp"
#include "runner/faults/app_fault_spec.hpp"
#include "runner/faults/fault_proxy.hpp"
#include "runner/faults/proxy_connection.hpp"

namespace oxh::faults {

namespace asio = boost::asio;
namespace ssl = asio::ssl;

namespace {

std::string tlsError(const boost::system::error_code& ec) {
  std::string text = ec.message();
  if (ec.category() == asio::error::get_ssl_category()) {
    text += " (" + std::to_string(ec.value()) + ")";
  }
  return text;
}

}  // namespace

bool ProxyConnection::startTls(const std::vector<ArmedFault>& faults) {
  auto& termination = *proxy_->tlsTermination();
  std::string certificate;
  for (const auto& fault : faults) {
    if (!isTlsFault(fault.spec.kind) || !proxy_->board().take(fault.id)) {
      continue;
    }
    const std::string kind(faultKindName(fault.spec.kind));
    if (fault.spec.kind == FaultKind::kTlsStall) {
      proxy_->journalEntry("fault.applied", tag(), "tls_stall: the ClientHello is never answered",
                           {{"fault", kind}, {"id", fault.id}, {"detail", "ClientHello never answered"}});
      doRead(Direction::kClientToServer);  // not connected: read and dropped, forever
      return true;
    }
    if (fault.spec.kind == FaultKind::kTlsAlert) {
      const auto code = tlsAlertCode(fault.spec.alert).value_or(40);
      proxy_->journalEntry("fault.applied", tag(), "tls_alert: fatal " + fault.spec.alert + " answers the ClientHello",
                           {{"fault", kind}, {"id", fault.id}, {"detail", "fatal alert " + fault.spec.alert},
                            {"alert", fault.spec.alert}, {"alert_code", code}});
      answerFirstRead_ = tlsAlertRecord(code);
      doRead(Direction::kClientToServer);
      return true;
    }
    certificate = fault.spec.certificate;  // tls_certificate
    proxy_->journalEntry("fault.applied", tag(), "tls_certificate: presenting a " + certificate + " certificate",
                         {{"fault", kind}, {"id", fault.id}, {"detail", certificate + " certificate"},
                          {"certificate", certificate}});
    break;
  }
  std::shared_ptr<ssl::context> context;
  try {
    context = termination.serverContext(certificate);
  } catch (const std::exception& error) {
    closeBoth(true, std::string("TLS context: ") + error.what());
    return true;
  }
  auto stream = std::make_unique<TlsProxyStream>(std::move(client_->socket()), context);
  auto& tlsStream = stream->tls();
  client_ = std::move(stream);
  tlsStream.async_handshake(ssl::stream_base::server, [self = shared_from_this()](const boost::system::error_code& ec) {
    self->onClientHandshake(ec);
  });
  return true;
}

void ProxyConnection::onClientHandshake(const boost::system::error_code& ec) {
  if (closed_) {
    return;
  }
  if (ec) {
    proxy_->journalEntry("proxy.tls_failed", tag(), "client TLS handshake failed: " + tlsError(ec),
                         {{"side", "client"}, {"error", tlsError(ec)}});
    closeBoth(false, "client TLS handshake: " + ec.message());
    return;
  }
  auto& stream = static_cast<TlsProxyStream&>(*client_);
  const auto info = tls::describeSession(stream.tls().native_handle());
  negotiatedAlpn_ = info.alpn;
  proxy_->journalEntry("proxy.tls", tag(), "client TLS " + info.version + " " + info.cipher +
                                               (info.alpn.empty() ? "" : " ALPN " + info.alpn),
                       {{"side", "client"}, {"version", info.version}, {"cipher", info.cipher}, {"alpn", info.alpn}});
  connectUpstream();
}

void ProxyConnection::upstreamHandshake() {
  auto& termination = *proxy_->tlsTermination();
  std::shared_ptr<ssl::context> context;
  try {
    context = termination.upstreamContext(negotiatedAlpn_);
  } catch (const std::exception& error) {
    closeBoth(true, std::string("upstream TLS context: ") + error.what());
    return;
  }
  auto stream = std::make_unique<TlsProxyStream>(std::move(upstream_->socket()), context);
  auto& tlsStream = stream->tls();
  upstream_ = std::move(stream);
  const auto& options = termination.options();
  const auto name = options.upstreamServerName.empty() ? proxy_->options().upstream.host : options.upstreamServerName;
  tls::setClientPeerName(tlsStream.native_handle(), name, !options.upstreamCaPem.empty());
  tlsStream.async_handshake(ssl::stream_base::client, [self = shared_from_this()](const boost::system::error_code& ec) {
    if (self->closed_) {
      return;
    }
    if (ec) {
      self->proxy_->journalEntry("proxy.tls_failed", self->tag(), "upstream TLS handshake failed: " + tlsError(ec),
                                 {{"side", "upstream"}, {"error", tlsError(ec)}});
      self->closeBoth(true, "upstream TLS handshake: " + ec.message());
      return;
    }
    auto& upstream = static_cast<TlsProxyStream&>(*self->upstream_);
    const auto info = tls::describeSession(upstream.tls().native_handle());
    self->proxy_->journalEntry(
        "proxy.tls", self->tag(),
        "upstream TLS " + info.version + " " + info.cipher + (info.alpn.empty() ? "" : " ALPN " + info.alpn),
        {{"side", "upstream"}, {"version", info.version}, {"cipher", info.cipher}, {"alpn", info.alpn}});
    self->startPumps();
  });
}

}  // namespace oxh::faults
