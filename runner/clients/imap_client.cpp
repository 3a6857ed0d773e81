#include "runner/clients/imap_client.hpp"

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
#include "runner/clients/imap_response.hpp"

namespace oxh::runner::imap {

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

ImapClient::ImapClient(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

ImapClient::~ImapClient() { close(); }

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

std::string ImapClient::send(const std::string& text, const std::string& tag) {
  const std::string useTag = tag.empty() ? impl_->nextTag() : tag;
  impl_->write(useTag + " " + text + "\r\n", maskSecrets(useTag + " " + text));
  return useTag;
}

CommandResult ImapClient::command(const std::string& text, Deadline deadline, const std::string& tag) {
  const auto after = impl_->journal_.lastSeq();
  const std::string useTag = tag.empty() ? impl_->nextTag() : tag;
  // Synchronizing literals: send up to each "{n}\r\n", wait for the server's "+".
  const auto parts = splitAtSynchronizingLiterals(useTag + " " + text);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    const auto before = impl_->journal_.lastSeq();
    impl_->write(last ? parts[i] + "\r\n" : parts[i], maskSecrets(parts[i]));
    if (!last && !waitContinuation(before, deadline)) {
      // The server refused the literal (or timed out): its tagged answer tells which.
      return waitTagged(useTag, after, deadline);
    }
  }
  return waitTagged(useTag, after, deadline);
}

CommandResult ImapClient::waitTagged(const std::string& tag, std::uint64_t after, Deadline deadline) {
  auto& journal = impl_->journal_;
  journal::WaitOptions options;
  options.after = after;
  const auto name = impl_->options_.name;
  const auto tagged = journal.waitFor(
      [&](const journal::Entry& entry) {
        return entry.component == kComponent && entry.connection == name &&
               ((entry.kind == "imap.response" && entry.data.value("tag", "") == tag) || entry.kind == "imap.closed");
      },
      deadline - journal::Clock::now(), options);
  if (!tagged) {
    throw OxhException(Error("oxh.imap.timeout", "no tagged answer to " + tag + " in time"));
  }
  CommandResult result;
  result.tag = tag;
  if (tagged->kind == "imap.closed") {
    result.status = "BYE";
    result.tagged = tagged->summary;
  } else {
    result.status = tagged->data.value("status", "");
    result.tagged = tagged->data.value("line", "");
  }
  const auto matcher = impl_->responseMatcher();
  for (const auto& entry : journal.snapshot(after)) {
    if (entry.seq < tagged->seq && !entry.consumed && matcher(entry) && entry.data.value("type", "") == "untagged") {
      result.untagged.push_back(entry);
      journal.consume(entry.seq);
    }
  }
  return result;
}

void ImapClient::sendLine(const std::string& line) { impl_->write(line + "\r\n", line); }

bool ImapClient::waitContinuation(std::uint64_t after, Deadline deadline) {
  journal::WaitOptions options;
  options.after = after;
  const auto name = impl_->options_.name;
  const auto found = impl_->journal_.waitFor(
      [&](const journal::Entry& entry) {
        return entry.component == kComponent && entry.connection == name && entry.kind == "imap.response" &&
               entry.data.value("type", "") != "untagged";
      },
      deadline - journal::Clock::now(), options);
  return found && found->data.value("type", "") == "continuation";
}

const std::string& ImapClient::name() const { return impl_->options_.name; }
journal::Matcher ImapClient::responses() const { return impl_->responseMatcher(); }
std::string ImapClient::greeting() const { return impl_->greeting_; }
bool ImapClient::secure() const { return impl_->secure_; }

std::string ImapClient::tlsVersion() const {
  std::lock_guard lock(impl_->tagMutex_);
  return impl_->tlsVersion_;
}

void ImapClient::close() {
  auto impl = impl_;
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  asio::post(impl->strand_, [impl, done] {
    boost::system::error_code ignored;
    impl->stream_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    impl->stream_.next_layer().close(ignored);
    done->set_value();
  });
  // The io_context may already be stopped at scenario teardown; do not wait forever.
  future.wait_for(std::chrono::seconds(2));
}

}  // namespace oxh::runner::imap
