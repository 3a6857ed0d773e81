#include "mock_dovecot/lmtp/lmtp_server.hpp"

#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <mutex>
#include <random>

#include "common/codec/base64.hpp"
#include "common/net/tcp_listener.hpp"

namespace oxh::dovecot::lmtp {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string localHostName() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') {
    return "localhost";
  }
  std::string name(buffer);
  return name.substr(0, name.find('.'));  // Dovecot shows the short name ("vm")
}

struct LmtpServer::Impl : std::enable_shared_from_this<LmtpServer::Impl> {
  Impl(asio::io_context& contextIn, LmtpServerOptions optionsIn)
      : context(contextIn), options(std::move(optionsIn)), workers(std::max(1U, options.deliveryThreads)),
        random(options.seed) {
    if (options.hostname.empty()) {
      options.hostname = localHostName();
    }
  }

  // 128 random bits in base64 without padding: the shape of Dovecot's session GUIDs.
  std::string newSessionId() {
    std::lock_guard lock(randomMutex);
    std::string bytes(16, '\0');
    for (auto& byte : bytes) {
      byte = static_cast<char>(random() & 0xff);
    }
    return codec::base64Encode(bytes).substr(0, 22);
  }

  void record(const std::string& connection, const std::string& kind, const std::string& summary, nlohmann::json data = {}) {
    if (options.journal == nullptr) {
      return;
    }
    journal::Entry entry;
    entry.component = "dovecot.lmtp";
    entry.connection = connection;
    entry.kind = kind;
    entry.summary = summary;
    entry.data = std::move(data);
    options.journal->append(std::move(entry));
  }

  asio::io_context& context;
  LmtpServerOptions options;
  asio::thread_pool workers;
  std::shared_ptr<net::TcpListener> listener;
  std::mutex randomMutex;
  std::mt19937_64 random;
  std::uint64_t connectionCounter = 0;
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<LmtpServer::Impl> server, tcp::socket socket, std::string id, LmtpOptions protocolOptions)
      : server_(std::move(server)), socket_(std::move(socket)), id_(std::move(id)), protocol_(std::move(protocolOptions)) {}

  void start() {
    boost::system::error_code ec;
    const auto peer = socket_.remote_endpoint(ec);
    server_->record(id_, "connection.open", "open from " + (ec ? std::string("?") : peer.address().to_string()));
    send(protocol_.greeting());
    doRead();
  }

 private:
  void doRead() {
    auto self = shared_from_this();
    socket_.async_read_some(asio::buffer(chunk_), [self](boost::system::error_code ec, std::size_t size) { self->onRead(ec, size); });
  }

  void onRead(boost::system::error_code ec, std::size_t size) {
    if (ec) {
      server_->record(id_, "connection.close", "closed: " + ec.message());
      return;
    }
    journalLines(std::string_view(chunk_.data(), size));
    send(protocol_.feed(std::string_view(chunk_.data(), size)));
    continueAfterInput();
  }

  void continueAfterInput() {
    if (protocol_.pending()) {
      return deliver();
    }
    if (protocol_.closed()) {
      return;  // closed after the queued writes (QUIT)
    }
    doRead();
  }

  void deliver() {
    auto self = shared_from_this();
    asio::post(server_->workers, [self] {
      const auto& transaction = *self->protocol_.pending();
      std::vector<std::string> replies = self->server_->options.deliver
                                             ? self->server_->options.deliver(transaction, self->protocol_)
                                             : std::vector<std::string>(transaction.recipients.size(), "451 4.3.0 No delivery backend");
      asio::post(self->socket_.get_executor(), [self, replies = std::move(replies)] {
        self->server_->record(self->id_, "lmtp.delivery", std::to_string(replies.size()) + " recipient(s) delivered",
                              {{"replies", replies}});
        self->send(self->protocol_.finishTransaction(replies));
        self->continueAfterInput();
      });
    });
  }

  // Client lines, for the journal (message data is summarised, not logged line by line).
  void journalLines(std::string_view bytes) {
    pendingInput_.append(bytes);
    std::size_t end;
    while ((end = pendingInput_.find("\r\n")) != std::string::npos) {
      const std::string line = pendingInput_.substr(0, end);
      pendingInput_.erase(0, end + 2);
      if (inData_) {
        dataBytes_ += line.size() + 2;
        if (line == ".") {
          server_->record(id_, "lmtp.command", "C: <message, " + std::to_string(dataBytes_) + " bytes>");
          inData_ = false;
        }
        continue;
      }
      server_->record(id_, "lmtp.command", "C: " + line, {{"line", line}});
      if (line == "DATA" || line == "data") {
        inData_ = true;
        dataBytes_ = 0;
      }
    }
    if (pendingInput_.size() > 65536) {
      pendingInput_.clear();  // BDAT payloads are not lines
    }
  }

  void send(std::string bytes) {
    if (bytes.empty()) {
      return;
    }
    std::size_t start = 0;
    for (std::size_t end; (end = bytes.find("\r\n", start)) != std::string::npos; start = end + 2) {
      const auto line = bytes.substr(start, end - start);
      server_->record(id_, "lmtp.reply", "S: " + line, {{"line", line}});
    }
    queue_.push_back(std::move(bytes));
    if (queue_.size() == 1) {
      doWrite();
    }
  }

  void doWrite() {
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(queue_.front()), [self](boost::system::error_code ec, std::size_t) {
      self->queue_.pop_front();
      if (ec) {
        return;
      }
      if (!self->queue_.empty()) {
        self->doWrite();
      } else if (self->protocol_.closed()) {
        boost::system::error_code ignored;
        self->socket_.shutdown(tcp::socket::shutdown_both, ignored);
        self->socket_.close(ignored);
        self->server_->record(self->id_, "connection.close", "closed after QUIT");
      }
    });
  }

  std::shared_ptr<LmtpServer::Impl> server_;
  tcp::socket socket_;
  std::string id_;
  LmtpProtocol protocol_;
  std::array<char, 16384> chunk_{};
  std::deque<std::string> queue_;
  std::string pendingInput_;
  bool inData_ = false;
  std::size_t dataBytes_ = 0;
};

}  // namespace

LmtpServer::LmtpServer(asio::io_context& context, LmtpServerOptions options)
    : impl_(std::make_shared<Impl>(context, std::move(options))) {}

LmtpServer::~LmtpServer() {
  stop();
  impl_->workers.join();
}

void LmtpServer::start() {
  std::weak_ptr<Impl> weak = impl_;
  impl_->listener = std::make_shared<net::TcpListener>(impl_->context, impl_->options.listen, [weak](tcp::socket socket) {
    auto impl = weak.lock();
    if (!impl) {
      return;
    }
    LmtpOptions protocol;
    protocol.hostname = impl->options.hostname;
    boost::system::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    protocol.clientIp = ec ? "127.0.0.1" : peer.address().to_string();
    protocol.userExists = impl->options.userExists;
    protocol.newSessionId = [impl] { return impl->newSessionId(); };
    std::string id;
    {
      std::lock_guard lock(impl->randomMutex);
      id = "l" + std::to_string(++impl->connectionCounter);
    }
    std::make_shared<Session>(impl, std::move(socket), id, std::move(protocol))->start();
  });
  impl_->listener->start();
}

void LmtpServer::stop() {
  if (impl_->listener) {
    impl_->listener->stop();
  }
}

net::HostPort LmtpServer::endpoint() const { return impl_->listener->endpoint(); }

}  // namespace oxh::dovecot::lmtp
