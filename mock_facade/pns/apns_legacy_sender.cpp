#include "mock_facade/pns/apns_legacy_sender.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <cctype>

#include "common/error/error.hpp"
#include "common/tls/tls_policy.hpp"
#include "mock_facade/pns/message_generator.hpp"

namespace oxh::facade::pns {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

void put16(std::string& out, std::size_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
  out.push_back(static_cast<char>(v & 0xFF));
}
void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

std::string hexToBytes(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

bool isHex64(const std::string& token) {
  if (token.size() != 64) {
    return false;
  }
  for (char c : token) {
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
      return false;
    }
  }
  return true;
}

// One TLS connection; write frames, then collect whatever arrives until EOF or the deadline.
struct Connection {
  asio::io_context context;
  std::shared_ptr<asio::ssl::context> tls;
  std::optional<asio::ssl::stream<tcp::socket>> stream;

  template <typename Done>
  bool runUntil(const Done& done, SteadyClock::time_point deadline) {
    while (!done()) {
      if (context.stopped()) {
        context.restart();
      }
      if (context.run_one_until(deadline) == 0 && SteadyClock::now() >= deadline) {
        return false;
      }
    }
    return true;
  }

  void open(const ApnsLegacyTarget& target) {
    tls::ClientTlsOptions options;  // JavaPNS trusts any server certificate (push.md 2)
    options.certPem = target.clientCertPem;
    options.keyPem = target.clientKeyPem;
    tls = tls::makeClientContext(options);
    stream.emplace(context, *tls);
    tls::setClientPeerName(stream->native_handle(), target.serverName, false);
    const auto deadline = SteadyClock::now() + target.connectTimeout;
    boost::system::error_code ec;
    tcp::resolver resolver(context);
    auto endpoints = resolver.resolve(target.gateway.host, std::to_string(target.gateway.port), ec);
    bool done = false;
    if (!ec) {
      asio::async_connect(stream->lowest_layer(), endpoints, [&](boost::system::error_code e, const tcp::endpoint&) {
        ec = e;
        done = true;
      });
      if (!runUntil([&] { return done; }, deadline)) {
        throw OxhException(Error("oxh.pns.apns-legacy", "connecting to " + target.gateway.str() + " timed out"));
      }
    }
    if (ec) {
      throw OxhException(
          Error("oxh.pns.apns-legacy", "cannot connect to " + target.gateway.str() + ": " + ec.message()));
    }
    done = false;
    stream->async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code e) {
      ec = e;
      done = true;
    });
    if (!runUntil([&] { return done; }, deadline) || ec) {
      throw OxhException(Error("oxh.pns.apns-legacy", "TLS handshake with " + target.gateway.str() + " failed" +
                                                          (ec ? ": " + ec.message() : std::string(" (timeout)"))));
    }
  }

  // Writes `bytes`, then reads until 6 bytes, EOF or `wait` passed. Returns what was read.
  std::string exchange(const std::string& bytes, std::chrono::milliseconds wait) {
    boost::system::error_code ec;
    bool written = false;
    asio::async_write(*stream, asio::buffer(bytes), [&](boost::system::error_code e, std::size_t) {
      ec = e;
      written = true;
    });
    std::array<char, 6> packet{};
    std::size_t got = 0;
    bool readDone = false;
    asio::async_read(*stream, asio::buffer(packet), [&](boost::system::error_code, std::size_t n) {
      got = n;
      readDone = true;
    });
    runUntil([&] { return readDone; }, SteadyClock::now() + wait);
    if (!written) {
      runUntil([&] { return written; }, SteadyClock::now() + wait);
    }
    boost::system::error_code ignored;
    stream->lowest_layer().close(ignored);
    context.run_for(std::chrono::milliseconds(0));
    return std::string(packet.data(), got);
  }
};

}  // namespace

std::string legacyFrame(int command, std::uint32_t identifier, const std::string& tokenHex,
                        const std::string& payload) {
  const std::string token = hexToBytes(tokenHex);
  std::string out;
  if (command == 2) {
    std::string items;
    items.push_back(1);
    put16(items, token.size());
    items += token;
    items.push_back(2);
    put16(items, payload.size());
    items += payload;
    items.push_back(3);
    put16(items, 4);
    put32(items, identifier);
    items.push_back(4);
    put16(items, 4);
    put32(items, 0);
    items.push_back(5);
    put16(items, 1);
    items.push_back(10);
    out.push_back(2);
    put32(out, static_cast<std::uint32_t>(items.size()));
    return out + items;
  }
  out.push_back(1);
  put32(out, identifier);
  put32(out, 0);  // expiry: JavaPNS's default (do not store)
  put16(out, token.size());
  out += token;
  put16(out, payload.size());
  return out + payload;
}

ApnsLegacySender::ApnsLegacySender(ApnsLegacyTarget target) : target_(std::move(target)) {}

std::vector<SendResult> ApnsLegacySender::send(const std::vector<std::pair<std::string, std::string>>& batch) {
  std::lock_guard lock(mutex_);
  std::vector<SendResult> results(batch.size());
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& result = results[i];
    result.token = batch[i].first;
    result.detail["endpoint"] = target_.gateway.str();
    result.detail["command"] = target_.command;
    if (!isHex64(batch[i].first)) {
      result.reason = "InvalidDeviceTokenFormat";
      result.removeSubscription = true;
    } else if (batch[i].second.size() > kApnsLegacyMaxPayload) {
      result.reason = "MessageTooBig";
    } else {
      pending.push_back(i);
    }
  }
  // Each round sends what is left; an error packet names the failed id, the rest is resent.
  while (!pending.empty()) {
    std::string bytes;
    std::vector<std::uint32_t> ids;
    for (auto index : pending) {
      ids.push_back(nextId_++);
      results[index].detail["identifier"] = ids.back();
      bytes += legacyFrame(target_.command, ids.back(), batch[index].first, batch[index].second);
    }
    std::string packet;
    try {
      Connection connection;
      connection.open(target_);
      packet = connection.exchange(bytes, target_.errorWait);
    } catch (const OxhException& e) {
      for (auto index : pending) {
        results[index].reason = e.error().describe();
      }
      break;
    }
    if (packet.size() != 6 || static_cast<unsigned char>(packet[0]) != 8) {
      for (auto index : pending) {
        results[index].delivered = true;  // APNs answers nothing on success
      }
      break;
    }
    const int status = static_cast<unsigned char>(packet[1]);
    std::uint32_t failedId = 0;
    for (int k = 2; k < 6; ++k) {
      failedId = (failedId << 8) | static_cast<unsigned char>(packet[k]);
    }
    std::vector<std::size_t> resend;
    bool seenFailed = false;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      auto& result = results[pending[k]];
      if (ids[k] == failedId) {
        seenFailed = true;
        result.status = status;
        result.reason = "status " + std::to_string(status);
        result.removeSubscription = status == 8 || status == 5;
      } else if (!seenFailed) {
        result.delivered = true;
      } else {
        resend.push_back(pending[k]);
      }
    }
    if (!seenFailed) {
      // An id we did not send (status 10 shutdown names the last good one): resend nothing.
      break;
    }
    pending = std::move(resend);
  }
  return results;
}

}  // namespace oxh::facade::pns
