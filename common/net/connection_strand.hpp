#pragma once
// The per-connection strand pattern (DESIGN.md §6): every connection object owns its socket,
// whose executor is a strand of its own, and every handler of that connection is bound to it.
// A connection's state then needs no mutex even when the io_context runs several threads;
// what crosses connections (journals, stores) carries its own lock.
// Thread: free functions, no state.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <memory>
#include <utility>

namespace oxh::net {

using ConnectionStrand = boost::asio::strand<boost::asio::io_context::executor_type>;

inline ConnectionStrand makeConnectionStrand(boost::asio::io_context& context) {
  return boost::asio::make_strand(context.get_executor());
}

// Runs `fn` on the connection's executor while keeping `self` alive: the way code outside a
// connection (stop(), a fake injecting an event) reaches into it without a data race.
template <class Self, class Executor, class Fn>
void postToConnection(const std::shared_ptr<Self>& self, const Executor& executor, Fn fn) {
  boost::asio::post(executor, [self, fn = std::move(fn)]() mutable { fn(*self); });
}

}  // namespace oxh::net
