#include "runner/faults/proxy_connection.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "runner/faults/fault_proxy.hpp"

namespace oxh::faults {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

bool blackholesClient(const std::vector<ArmedFault>& faults) {
  for (const auto& fault : faults) {
    if (fault.spec.kind == FaultKind::kBlackhole && appliesTo(fault.spec.direction, Direction::kClientToServer)) {
      return true;
    }
  }
  return false;
}

const char* arrow(Direction flow) { return flow == Direction::kClientToServer ? "client_to_server" : "server_to_client"; }

Direction opposite(Direction flow) {
  return flow == Direction::kClientToServer ? Direction::kServerToClient : Direction::kClientToServer;
}

}  // namespace

ProxyConnection::ProxyConnection(std::shared_ptr<FaultProxy> proxy, std::uint64_t id, tcp::socket client)
    : proxy_(std::move(proxy)),
      id_(id),
      executor_(client.get_executor()),
      client_(std::make_unique<TcpProxyStream>(std::move(client))),
      upstream_(std::make_unique<TcpProxyStream>(tcp::socket(executor_))),
      filter_(makeProtocolFilter(proxy_->options().protocol)),
      closeTimer_(executor_),
      toServerTimer_(executor_),
      toClientTimer_(executor_),
      toServer_(proxy_->board().seed(), id, Direction::kClientToServer),
      toClient_(proxy_->board().seed(), id, Direction::kServerToClient) {}

std::string ProxyConnection::tag() const { return proxy_->options().name + "#" + std::to_string(id_); }

void ProxyConnection::start() {
  const auto faults = proxy_->board().onAccept(id_, Clock::now());
  boost::system::error_code ignored;
  const auto peer = client_->socket().remote_endpoint(ignored);
  proxy_->journalEntry("proxy.open", tag(), "accepted from " + peer.address().to_string() + ":" + std::to_string(peer.port()),
                       {{"proxy", proxy_->options().name}, {"upstream", proxy_->options().upstream.str()}});
  for (auto* pumped : {&toServer_, &toClient_}) {
    if (const auto outcome = pumped->schedule.atAccept(faults)) {
      const bool reset = *outcome == Outcome::kReset;
      proxy_->journalEntry("fault.applied", tag(), std::string(reset ? "reset" : "data_limit") + " at accept",
                           {{"fault", reset ? "reset" : "data_limit"}, {"direction", arrow(pumped->schedule.flow())},
                            {"detail", reset ? "reset at accept" : "closed at accept"}});
      applyOutcome(*outcome, reset ? "reset at accept" : "data limit 0");
      return;
    }
  }
  if (blackholesClient(faults)) {
    proxy_->journalEntry("fault.applied", tag(), "blackhole: never connected upstream",
                         {{"fault", "blackhole"}, {"direction", "client_to_server"}, {"detail", "never connected upstream"}});
    doRead(Direction::kClientToServer);
    return;
  }
  if (proxy_->tlsTermination() && startTls(faults)) {
    return;  // the handshake (or a TLS fault) goes on
  }
  connectUpstream();
}

void ProxyConnection::connectUpstream() {
  upstream_->socket().async_connect(proxy_->upstreamEndpoint(),
                                    [self = shared_from_this()](const boost::system::error_code& ec) { self->onConnected(ec); });
}

void ProxyConnection::onConnected(const boost::system::error_code& ec) {
  if (closed_) {
    return;
  }
  if (ec) {
    closeBoth(true, "upstream " + proxy_->options().upstream.str() + ": " + ec.message());
    return;
  }
  boost::system::error_code ignored;
  client_->socket().set_option(tcp::no_delay(true), ignored);
  upstream_->socket().set_option(tcp::no_delay(true), ignored);
  if (proxy_->tlsTermination() && proxy_->tlsTermination()->options().upstreamTls) {
    upstreamHandshake();
    return;
  }
  startPumps();
}

void ProxyConnection::startPumps() {
  connected_ = true;
  doRead(Direction::kClientToServer);
  doRead(Direction::kServerToClient);
}

void ProxyConnection::doRead(Direction flow) {
  auto& p = pump(flow);
  source(flow).readSome(asio::buffer(p.buffer),
                        [self = shared_from_this(), flow](const boost::system::error_code& ec, std::size_t bytes) {
                          self->onRead(flow, ec, bytes);
                        });
}

void ProxyConnection::onRead(Direction flow, const boost::system::error_code& ec, std::size_t bytes) {
  if (closed_) {
    return;
  }
  if (ec == asio::error::eof) {
    onEnd(flow);
    return;
  }
  if (ec) {
    // A reset by one peer is passed on as a reset to the other.
    closeBoth(true, std::string(arrow(flow)) + " read: " + ec.message());
    return;
  }
  if (!connected_) {  // blackholed or stalled at accept: the client's bytes go nowhere
    if (answerFirstRead_) {  // tls_alert: the ClientHello is answered, then the proxy says no more
      client_->write(std::move(*answerFirstRead_), [self = shared_from_this()](const boost::system::error_code&) {});
      answerFirstRead_.reset();
      client_->shutdownSend();
    }
    doRead(flow);
    return;
  }
  auto& p = pump(flow);
  const auto active = proxy_->board().active(id_, Clock::now());
  p.out.assign(p.buffer.data(), bytes);
  p.closeAfter = false;
  Millis hold{0};
  if (filter_) {
    auto filtered = filter_->onData(flow, p.out, active, proxy_->board());
    for (const auto& applied : filtered.applied) {
      proxy_->journalEntry("fault.applied", tag(), applied.fault + ": " + applied.detail,
                           {{"fault", applied.fault}, {"id", applied.id}, {"direction", arrow(flow)},
                            {"detail", applied.detail}});
    }
    if (!filtered.reply.empty()) {
      inject(opposite(flow), std::move(filtered.reply));
    }
    p.out = std::move(filtered.forward);
    p.closeAfter = filtered.closeAfter;
    p.closeDelay = filtered.closeDelay;
    hold = filtered.holdBefore;
    if (p.out.empty()) {
      if (p.closeAfter) {
        closeAfterFlush(p.closeDelay, "protocol fault");
      } else {
        doRead(flow);
      }
      return;
    }
  }
  bytes = p.out.size();
  p.plan = p.schedule.plan(active, bytes);
  if (hold.count() > 0 && !p.plan.pieces.empty()) {
    p.plan.pieces.front().delayBefore += std::chrono::duration_cast<Micros>(hold);
  }
  for (const auto& applied : p.plan.applied) {
    proxy_->journalEntry("fault.applied", tag(), applied.fault + " " + arrow(flow) + ": " + applied.detail,
                         {{"fault", applied.fault}, {"id", applied.id}, {"direction", arrow(flow)},
                          {"detail", applied.detail}, {"bytes", bytes}});
  }
  if (p.plan.outcome == Outcome::kSwallow) {
    doRead(flow);
    return;
  }
  p.next = 0;
  p.offset = 0;
  p.midChunk = true;
  doPiece(flow);
}

void ProxyConnection::doPiece(Direction flow) {
  if (closed_) {
    return;
  }
  auto& p = pump(flow);
  if (p.next == p.plan.pieces.size()) {
    p.midChunk = false;
    if (!p.injected.empty()) {
      inject(flow, std::exchange(p.injected, {}));
    }
    if (p.closeAfter) {
      closeAfterFlush(p.closeDelay, "protocol fault");
      return;
    }
    if (p.plan.outcome == Outcome::kReset || p.plan.outcome == Outcome::kClose) {
      applyOutcome(p.plan.outcome, p.plan.outcome == Outcome::kReset ? "reset after bytes" : "data limit");
      return;
    }
    doRead(flow);
    return;
  }
  const auto piece = p.plan.pieces[p.next];
  auto write = [self = shared_from_this(), flow, piece] {
    auto& pumped = self->pump(flow);
    self->sink(flow).write(pumped.out.substr(pumped.offset, piece.size),
                      [self, flow, written = piece.size](const boost::system::error_code& ec) {
                        if (self->closed_) {
                          return;
                        }
                        if (ec) {
                          self->closeBoth(true, std::string(arrow(flow)) + " write: " + ec.message());
                          return;
                        }
                        auto& after = self->pump(flow);
                        after.offset += written;
                        ++after.next;
                        (flow == Direction::kClientToServer ? self->bytesToServer_ : self->bytesToClient_) += written;
                        self->doPiece(flow);
                      });
  };
  if (piece.delayBefore.count() <= 0) {
    write();
    return;
  }
  timer(flow).expires_after(piece.delayBefore);
  timer(flow).async_wait([self = shared_from_this(), write](const boost::system::error_code& ec) {
    if (!ec && !self->closed_) {
      write();
    }
  });
}

void ProxyConnection::onEnd(Direction flow) {
  auto passOn = [self = shared_from_this(), flow] {
    if (self->closed_) {
      return;
    }
    auto& p = self->pump(flow);
    p.finished = true;
    if (!self->connected_ || (self->toServer_.finished && self->toClient_.finished)) {
      self->closeBoth(false, "closed by both sides");
      return;
    }
    self->sink(flow).shutdownSend();
  };
  const auto delay = pump(flow).schedule.closeDelay(proxy_->board().active(id_, Clock::now()));
  if (!delay || !connected_) {
    passOn();
    return;
  }
  proxy_->journalEntry("fault.applied", tag(), std::string("slow_close ") + arrow(flow) + ": FIN held " +
                           std::to_string(delay->count() / 1000) + "ms",
                       {{"fault", "slow_close"}, {"direction", arrow(flow)}, {"detail", "FIN held"},
                        {"delay_ms", delay->count() / 1000}});
  timer(flow).expires_after(*delay);
  timer(flow).async_wait([passOn](const boost::system::error_code& ec) {
    if (!ec) {
      passOn();
    }
  });
}

void ProxyConnection::applyOutcome(Outcome outcome, const std::string& why) {
  closeBoth(outcome == Outcome::kReset, why);
}

void ProxyConnection::inject(Direction toward, std::string bytes) {
  auto& p = pump(toward);
  if (p.midChunk) {
    p.injected += bytes;  // after the chunk being written, never inside it
    return;
  }
  sink(toward).write(std::move(bytes), [self = shared_from_this(), toward](const boost::system::error_code& ec) {
    if (ec && !self->closed_) {
      self->closeBoth(true, std::string(arrow(toward)) + " write: " + ec.message());
    }
  });
}

void ProxyConnection::closeAfterFlush(Millis delay, const std::string& why) {
  if (closing_ || closed_) {
    return;
  }
  closing_ = true;
  closeTimer_.expires_after(delay);
  closeTimer_.async_wait([self = shared_from_this(), why](const boost::system::error_code& ec) {
    if (ec || self->closed_) {
      return;
    }
    self->client_->whenFlushed([self, why] {
      self->upstream_->whenFlushed([self, why] { self->closeBoth(false, why); });
    });
  });
}

void ProxyConnection::reset(const std::string& why) {
  asio::post(executor_, [self = shared_from_this(), why] { self->closeBoth(true, why); });
}

void ProxyConnection::closeBoth(bool hard, const std::string& why) {
  if (closed_) {
    return;
  }
  closed_ = true;
  toServerTimer_.cancel();
  toClientTimer_.cancel();
  closeTimer_.cancel();
  client_->close(hard);
  upstream_->close(hard);
  proxy_->journalEntry("proxy.close", tag(), std::string(hard ? "reset" : "closed") + ": " + why,
                       {{"reset", hard}, {"why", why}, {"bytes_to_server", bytesToServer_},
                        {"bytes_to_client", bytesToClient_}});
  proxy_->forget(id_);
}

}  // namespace oxh::faults
