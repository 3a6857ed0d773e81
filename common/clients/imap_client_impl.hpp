#pragma once
// The IMAP client's connection state and socket work (one strand per connection); shared by
// imap_client.cpp (commands) and imap_client_connect.cpp (connect, TLS). Internal to runner/clients.
#include <openssl/ssl.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <deque>
#include <future>
#include <mutex>
#include "common/error/error.hpp"
#include "common/clients/imap_response.hpp"
#include "common/clients/imap_client.hpp"

namespace oxh::clients::imap {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr const char* kComponent = "runner.imap";

struct ImapClient::Impl : std::enable_shared_from_this<ImapClient::Impl> {
  Impl(asio::io_context& context, journal::Journal& journal, ConnectOptions options)
      : journal_(journal),
        options_(std::move(options)),
        strand_(asio::make_strand(context)),
        tlsContext_(asio::ssl::context::tls_client),
        stream_(strand_, tlsContext_) {
    SSL_CTX_set_min_proto_version(tlsContext_.native_handle(), TLS1_2_VERSION);
    if (options_.caPem) {
      tlsContext_.add_certificate_authority(asio::buffer(*options_.caPem));
      tlsContext_.set_verify_mode(asio::ssl::verify_peer);
    } else {
      tlsContext_.set_verify_mode(asio::ssl::verify_none);
    }
  }

  void record(const std::string& kind, std::string summary, nlohmann::json data) {
    journal::Entry entry;
    entry.component = kComponent;
    entry.connection = options_.name;
    entry.kind = kind;
    entry.summary = std::move(summary);
    entry.data = std::move(data);
    journal_.append(std::move(entry));
  }

  template <class Operation>
  void onStream(Operation&& operation) {
    if (secure_) {
      operation(stream_);
    } else {
      operation(stream_.next_layer());
    }
  }

  // --- reading: a response is a line plus any literals it announces (RFC 3501 section 4.3)
  void readChunk() {
    auto self = shared_from_this();
    onStream([&](auto& stream) {
      asio::async_read_until(stream, buffer_, "\r\n",
                             [self](boost::system::error_code ec, std::size_t size) { self->onChunk(ec, size); });
    });
  }

  void onChunk(boost::system::error_code ec, std::size_t size) {
    if (ec) {
      return closed(ec.message());
    }
    std::string chunk(asio::buffers_begin(buffer_.data()), asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(size));
    buffer_.consume(size);
    current_ += chunk;
    if (auto literal = literalSizeAtEnd(chunk)) {
      return readLiteral(*literal);
    }
    finishResponse();
  }

  void readLiteral(std::size_t size) {
    const std::size_t buffered = std::min(size, buffer_.size());
    current_.append(asio::buffers_begin(buffer_.data()), asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(buffered));
    buffer_.consume(buffered);
    if (buffered == size) {
      return readChunk();
    }
    auto self = shared_from_this();
    onStream([&](auto& stream) {
      asio::async_read(stream, buffer_, asio::transfer_exactly(size - buffered),
                       [self, rest = size - buffered](boost::system::error_code ec, std::size_t) {
                         if (ec) {
                           return self->closed(ec.message());
                         }
                         self->current_.append(asio::buffers_begin(self->buffer_.data()),
                                               asio::buffers_begin(self->buffer_.data()) + static_cast<std::ptrdiff_t>(rest));
                         self->buffer_.consume(rest);
                         self->readChunk();
                       });
    });
  }

  void finishResponse() {
    std::string line = std::move(current_);
    current_.clear();
    if (line.size() >= 2) {
      line.resize(line.size() - 2);
    }
    const ParsedResponse parsed = parseResponse(line);
    if (greeting_.empty()) {
      greeting_ = line;
    }
    record("imap.response", "S: " + printable(line),
           {{"line", line}, {"type", parsed.type}, {"tag", parsed.tag}, {"status", parsed.status}});
    if (!startTlsTag_.empty() && parsed.type == "tagged" && parsed.tag == startTlsTag_) {
      startTlsTag_.clear();
      if (parsed.status == "OK") {
        return handshake();
      }
    }
    readChunk();
  }

  void handshake() {
    auto self = shared_from_this();
    if (!SSL_set_tlsext_host_name(stream_.native_handle(), options_.server.host.c_str())) {
      closed("cannot set SNI");
      return;
    }
    stream_.async_handshake(asio::ssl::stream_base::client, [self](boost::system::error_code ec) {
      if (ec) {
        self->record("tls.handshake", "TLS handshake failed: " + ec.message(), {{"error", ec.message()}});
        return self->closed("TLS handshake failed");
      }
      const std::string version = SSL_get_version(self->stream_.native_handle());
      {
        std::lock_guard lock(self->tagMutex_);
        self->tlsVersion_ = version;
      }
      self->secure_ = true;
      const std::string cipher = SSL_get_cipher_name(self->stream_.native_handle());
      self->record("tls.handshake", version + " " + cipher, {{"version", version}, {"cipher", cipher}});
      self->readChunk();
    });
  }

  void closed(const std::string& reason) {
    if (closed_) {
      return;
    }
    closed_ = true;
    record("imap.closed", "connection closed: " + reason, {{"reason", reason}});
  }

  // --- writing: queued on the strand so the runner thread never touches the socket
  void write(std::string bytes, std::string shown) {
    record("imap.sent", "C: " + printable(shown), {{"line", bytes.substr(0, bytes.size() - 2)}});
    auto self = shared_from_this();
    asio::post(strand_, [self, bytes = std::move(bytes)]() mutable {
      self->queue_.push_back(std::move(bytes));
      if (self->queue_.size() == 1) {
        self->writeNext();
      }
    });
  }

  void writeNext() {
    auto self = shared_from_this();
    onStream([&](auto& stream) {
      asio::async_write(stream, asio::buffer(queue_.front()), [self](boost::system::error_code ec, std::size_t) {
        self->queue_.pop_front();
        if (ec) {
          return self->closed(ec.message());
        }
        if (!self->queue_.empty()) {
          self->writeNext();
        }
      });
    });
  }

  std::string nextTag() {
    std::lock_guard lock(tagMutex_);
    char tag[16];
    std::snprintf(tag, sizeof tag, "a%03u", ++tagCounter_);
    return tag;
  }

  journal::Matcher responseMatcher() const {
    return [name = options_.name](const journal::Entry& entry) {
      return entry.component == kComponent && entry.connection == name && entry.kind == "imap.response";
    };
  }

  journal::Journal& journal_;
  ConnectOptions options_;
  asio::strand<asio::io_context::executor_type> strand_;
  asio::ssl::context tlsContext_;
  asio::ssl::stream<tcp::socket> stream_;
  asio::streambuf buffer_;
  std::string current_;
  std::deque<std::string> queue_;
  std::string greeting_;
  std::string startTlsTag_;
  std::string tlsVersion_;  // guarded by tagMutex_
  std::atomic<bool> secure_ = false;
  bool closed_ = false;
  std::mutex tagMutex_;
  unsigned tagCounter_ = 0;
};

}  // namespace oxh::clients::imap
