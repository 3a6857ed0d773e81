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

}  // namespace

ProxyConnection::ProxyConnection(std::shared_ptr<FaultProxy> proxy, std::uint64_t id, tcp::socket client)
    : proxy_(std::move(proxy)),
      id_(id),
      client_(std::move(client)),
      upstream_(client_.get_executor()),
      toServerTimer_(client_.get_executor()),
      toClientTimer_(client_.get_executor()),
      toServer_(proxy_->board().seed(), id, Direction::kClientToServer),
      toClient_(proxy_->board().seed(), id, Direction::kServerToClient) {}

std::string ProxyConnection::tag() const { return proxy_->options().name + "#" + std::to_string(id_); }

void ProxyConnection::start() {
  const auto faults = proxy_->board().onAccept(id_, Clock::now());
  boost::system::error_code ignored;
  const auto peer = client_.remote_endpoint(ignored);
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
  upstream_.async_connect(proxy_->upstreamEndpoint(),
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
  connected_ = true;
  boost::system::error_code ignored;
  client_.set_option(tcp::no_delay(true), ignored);
  upstream_.set_option(tcp::no_delay(true), ignored);
  doRead(Direction::kClientToServer);
  doRead(Direction::kServerToClient);
}

void ProxyConnection::doRead(Direction flow) {
  auto& p = pump(flow);
  source(flow).async_read_some(asio::buffer(p.buffer),
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
  if (!connected_) {  // blackholed at accept: the client's bytes go nowhere
    doRead(flow);
    return;
  }
  auto& p = pump(flow);
  p.plan = p.schedule.plan(proxy_->board().active(id_, Clock::now()), bytes);
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
  doPiece(flow);
}

void ProxyConnection::doPiece(Direction flow) {
  if (closed_) {
    return;
  }
  auto& p = pump(flow);
  if (p.next == p.plan.pieces.size()) {
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
    asio::async_write(self->sink(flow), asio::buffer(pumped.buffer.data() + pumped.offset, piece.size),
                      [self, flow](const boost::system::error_code& ec, std::size_t written) {
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
    boost::system::error_code ignored;
    self->sink(flow).shutdown(tcp::socket::shutdown_send, ignored);
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

void ProxyConnection::reset(const std::string& why) {
  asio::post(client_.get_executor(), [self = shared_from_this(), why] { self->closeBoth(true, why); });
}

void ProxyConnection::closeBoth(bool hard, const std::string& why) {
  if (closed_) {
    return;
  }
  closed_ = true;
  toServerTimer_.cancel();
  toClientTimer_.cancel();
  for (auto* socket : {&client_, &upstream_}) {
    boost::system::error_code ignored;
    if (!socket->is_open()) {
      continue;
    }
    if (hard) {
      socket->set_option(asio::socket_base::linger(true, 0), ignored);  // close() sends RST
    } else {
      socket->shutdown(tcp::socket::shutdown_both, ignored);
    }
    socket->close(ignored);
  }
  proxy_->journalEntry("proxy.close", tag(), std::string(hard ? "reset" : "closed") + ": " + why,
                       {{"reset", hard}, {"why", why}, {"bytes_to_server", bytesToServer_},
                        {"bytes_to_client", bytesToClient_}});
  proxy_->forget(id_);
}

}  // namespace oxh::faults
