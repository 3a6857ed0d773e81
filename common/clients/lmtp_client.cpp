#include "common/clients/lmtp_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "common/error/error.hpp"
#include "common/clients/imap_response.hpp"

namespace oxh::clients::lmtp {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string Reply::str() const { return std::to_string(code) + " " + text; }

namespace {

class Session {
 public:
  Session(journal::Journal& journal, std::string name, journal::Clock::time_point deadline)
      : journal_(journal), name_(std::move(name)), deadline_(deadline), socket_(context_) {}

  void connect(const net::HostPort& server) {
    boost::system::error_code result = asio::error::would_block;
    boost::system::error_code ec;
    const tcp::endpoint target(asio::ip::make_address(server.host, ec), server.port);
    if (ec) {
      throw OxhException(Error("oxh.lmtp.connect", "bad LMTP address " + server.str() + ": " + ec.message()));
    }
    socket_.async_connect(target, [&](boost::system::error_code error) { result = error; });
    run(result, "connecting to " + server.str());
    if (result) {
      throw OxhException(Error("oxh.lmtp.connect", "cannot connect to " + server.str() + ": " + result.message()));
    }
    record("lmtp.connect", "connected to " + server.str(), {{"server", server.str()}});
  }

  void send(const std::string& bytes, const std::string& shown) {
    record("lmtp.sent", "C: " + imap::printable(shown, 200), {{"line", shown}});
    boost::system::error_code result = asio::error::would_block;
    asio::async_write(socket_, asio::buffer(bytes), [&](boost::system::error_code error, std::size_t) { result = error; });
    run(result, "sending");
    if (result) {
      throw OxhException(Error("oxh.lmtp.protocol", "connection lost while sending: " + result.message()));
    }
  }

  // A reply is one or more lines "250-..." ending with "250 ..." (RFC 5321 section 4.2).
  Reply readReply() {
    Reply reply;
    for (;;) {
      boost::system::error_code result = asio::error::would_block;
      std::size_t size = 0;
      asio::async_read_until(socket_, buffer_, "\r\n", [&](boost::system::error_code error, std::size_t n) {
        result = error;
        size = n;
      });
      run(result, "waiting for a reply");
      if (result) {
        throw OxhException(Error("oxh.lmtp.protocol", "connection lost while waiting for a reply: " + result.message()));
      }
      std::string line(asio::buffers_begin(buffer_.data()), asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(size - 2));
      buffer_.consume(size);
      record("lmtp.reply", "S: " + imap::printable(line, 300), {{"line", line}});
      if (line.size() < 3) {
        throw OxhException(Error("oxh.lmtp.protocol", "malformed reply line '" + line + "'"));
      }
      reply.code = std::atoi(line.substr(0, 3).c_str());
      reply.text += (reply.text.empty() ? "" : "\n") + (line.size() > 4 ? line.substr(4) : std::string());
      if (line.size() == 3 || line[3] != '-') {
        return reply;
      }
    }
  }

  Reply command(const std::string& line) {
    send(line + "\r\n", line);
    return readReply();
  }

 private:
  void run(boost::system::error_code& result, const std::string& what) {
    context_.restart();
    context_.run_until(deadline_);
    if (result == asio::error::would_block) {
      boost::system::error_code ignored;
      socket_.close(ignored);
      context_.restart();
      context_.run();
      throw OxhException(Error("oxh.lmtp.timeout", "LMTP timed out " + what));
    }
  }

  void record(const std::string& kind, std::string summary, nlohmann::json data) {
    journal::Entry entry;
    entry.component = "runner.lmtp";
    entry.connection = name_;
    entry.kind = kind;
    entry.summary = std::move(summary);
    entry.data = std::move(data);
    journal_.append(std::move(entry));
  }

  journal::Journal& journal_;
  std::string name_;
  journal::Clock::time_point deadline_;
  asio::io_context context_;
  tcp::socket socket_;
  asio::streambuf buffer_;
};

void expectCode(const Reply& reply, int wanted, const std::string& what) {
  if (reply.code != wanted) {
    throw OxhException(Error("oxh.lmtp.protocol", what + " answered " + reply.str()));
  }
}

}  // namespace

std::string encodeData(const std::string& message) {
  std::string out;
  out.reserve(message.size() + 16);
  bool lineStart = true;
  for (std::size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if (lineStart && c == '.') {
      out += '.';
    }
    if (c == '\n' && (i == 0 || message[i - 1] != '\r')) {
      out += '\r';
    }
    out += c;
    lineStart = c == '\n';
  }
  if (!out.empty() && !lineStart) {
    out += "\r\n";
  }
  return out + ".\r\n";
}

DeliveryResult deliver(const net::HostPort& server, const Delivery& delivery, journal::Journal& journal,
                       const std::string& connectionName, journal::Clock::time_point deadline) {
  Session session(journal, connectionName, deadline);
  session.connect(server);
  expectCode(session.readReply(), 220, "the LMTP greeting");
  expectCode(session.command("LHLO " + delivery.lhloName), 250, "LHLO");
  DeliveryResult result;
  result.mailReply = session.command("MAIL FROM:<" + delivery.mailFrom + ">");
  if (result.mailReply.code != 250) {
    session.command("QUIT");
    return result;
  }
  std::vector<std::string> accepted;
  for (const auto& recipient : delivery.recipients) {
    auto reply = session.command("RCPT TO:<" + recipient + ">");
    if (reply.code / 100 == 2) {
      accepted.push_back(recipient);
    }
    result.rcptReplies.emplace_back(recipient, std::move(reply));
  }
  if (!accepted.empty()) {
    expectCode(session.command("DATA"), 354, "DATA");
    const std::string data = encodeData(delivery.message);
    session.send(data, "<message, " + std::to_string(data.size()) + " bytes>");
    // RFC 2033 section 4.2: one reply per accepted recipient, in RCPT order.
    for (const auto& recipient : accepted) {
      result.dataReplies.emplace_back(recipient, session.readReply());
    }
  }
  session.command("QUIT");
  return result;
}

}  // namespace oxh::clients::lmtp
