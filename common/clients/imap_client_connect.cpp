// ImapClient::connect: TCP (optionally from a given source address), implicit TLS or
// STARTTLS, and the greeting, each bounded by the caller's deadline.
#include <future>

#include "common/clients/imap_client_impl.hpp"

namespace oxh::clients::imap {

std::shared_ptr<ImapClient> ImapClient::connect(asio::io_context& context, journal::Journal& journal,
                                                const ConnectOptions& options, Deadline deadline) {
  auto impl = std::make_shared<Impl>(context, journal, options);
  const auto after = journal.lastSeq();
  std::promise<boost::system::error_code> connected;
  auto connectedFuture = connected.get_future();
  asio::post(impl->strand_, [impl, &connected] {
    boost::system::error_code ec;
    auto& socket = impl->stream_.next_layer();
    const auto address = asio::ip::make_address(impl->options_.server.host, ec);
    if (ec) {
      connected.set_value(ec);
      return;
    }
    const tcp::endpoint target(address, impl->options_.server.port);
    socket.open(target.protocol(), ec);
    if (!ec && impl->options_.sourceAddress) {
      socket.bind(tcp::endpoint(asio::ip::make_address(*impl->options_.sourceAddress, ec), 0), ec);
    }
    if (ec) {
      connected.set_value(ec);
      return;
    }
    socket.async_connect(target, [&connected](boost::system::error_code error) { connected.set_value(error); });
  });
  if (connectedFuture.wait_until(deadline) != std::future_status::ready) {
    asio::post(impl->strand_, [impl] { impl->stream_.next_layer().close(); });
    connectedFuture.wait();
    throw OxhException(Error("oxh.imap.timeout", "connecting to " + options.server.str() + " timed out"));
  }
  if (auto ec = connectedFuture.get()) {
    throw OxhException(Error("oxh.imap.connect", "cannot connect to " + options.server.str() + ": " + ec.message()));
  }
  impl->record("imap.connect", "connected to " + options.server.str(),
               {{"server", options.server.str()}, {"tls", options.tls == TlsMode::Implicit ? "implicit" : options.tls == TlsMode::StartTls ? "starttls" : "none"}});
  auto client = std::shared_ptr<ImapClient>(new ImapClient(impl));
  if (options.tls == TlsMode::Implicit) {
    asio::post(impl->strand_, [impl] { impl->handshake(); });
  } else {
    asio::post(impl->strand_, [impl] { impl->readChunk(); });
  }
  journal::WaitOptions wait;
  wait.after = after;
  wait.consume = false;
  const auto greeting = journal.waitFor(
      [matcher = impl->responseMatcher(), name = options.name](const journal::Entry& entry) {
        return matcher(entry) || (entry.component == kComponent && entry.connection == name &&
                                  (entry.kind == "imap.closed" || (entry.kind == "tls.handshake" && entry.data.contains("error"))));
      },
      deadline - journal::Clock::now(), wait);
  if (!greeting) {
    throw OxhException(Error("oxh.imap.timeout", "no greeting from " + options.server.str()));
  }
  if (greeting->kind == "tls.handshake") {
    throw OxhException(Error("oxh.imap.tls", "TLS handshake with " + options.server.str() + " failed: " +
                                                 greeting->data.value("error", std::string())));
  }
  if (greeting->kind != "imap.response") {
    throw OxhException(Error("oxh.imap.connect", options.server.str() + " closed the connection before greeting"));
  }
  journal.consume(greeting->seq);
  if (options.tls == TlsMode::StartTls) {
    const auto before = journal.lastSeq();
    const std::string tag = impl->nextTag();
    // Set on the strand before the command is written: the read loop checks it there.
    asio::post(impl->strand_, [impl, tag] { impl->startTlsTag_ = tag; });
    client->impl_->write(tag + " STARTTLS\r\n", tag + " STARTTLS");
    const auto result = client->waitTagged(tag, before, deadline);
    if (result.status != "OK") {
      throw OxhException(Error("oxh.imap.tls", "STARTTLS refused: " + result.tagged));
    }
    journal::WaitOptions tlsWait;
    tlsWait.after = before;
    const auto done = journal.waitFor(
        [name = options.name](const journal::Entry& entry) {
          return entry.component == kComponent && entry.connection == name && (entry.kind == "tls.handshake" || entry.kind == "imap.closed");
        },
        deadline - journal::Clock::now(), tlsWait);
    if (!done || done->kind != "tls.handshake" || done->data.contains("error")) {
      throw OxhException(Error("oxh.imap.tls", "TLS handshake after STARTTLS failed"));
    }
  }
  return client;
}

}  // namespace oxh::clients::imap
