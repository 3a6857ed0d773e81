#include "mock_dovecot/push/ox_sender.hpp"

#include "common/codec/base64.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <ctime>
#include <map>
#include <optional>

namespace oxh::dovecot::push {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

std::string httpDate(std::time_t now) {
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return buffer;
}

std::string lower(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

struct Response {
  int status = 0;
  std::string reason;
  std::map<std::string, std::string> headers;  // lower-cased names
  bool close = false;
};

enum class Failure { None, Refused, Lost, Timeout };

}  // namespace

struct OxSender::Impl {
  explicit Impl(journal::Journal* journalIn) : journal(journalIn) {}

  journal::Journal* journal;
  asio::io_context context;
  std::optional<tcp::socket> socket;
  std::string connectedTo;  // "host:port" of the open connection
  asio::streambuf buffer;

  // Runs the context until `done` or the deadline; on timeout closes the socket.
  bool run(bool& done, Clock::time_point deadline) {
    context.restart();
    while (!done && context.run_one_until(deadline) > 0) {
    }
    if (!done) {
      closeSocket();
      context.restart();
      context.run();
      return false;
    }
    return true;
  }

  void closeSocket() {
    if (socket) {
      boost::system::error_code ignored;
      socket->close(ignored);
    }
    socket.reset();
    connectedTo.clear();
    buffer.consume(buffer.size());
  }

  Failure connect(const OxDriverConfig& driver, Clock::time_point deadline, std::string& error) {
    const std::string key = driver.host + ":" + std::to_string(driver.port);
    if (socket && connectedTo == key) {
      return Failure::None;
    }
    closeSocket();
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(driver.host, ec);
    std::vector<tcp::endpoint> endpoints;
    if (!ec) {
      endpoints.emplace_back(address, driver.port);
    } else {
      tcp::resolver resolver(context);
      for (const auto& entry : resolver.resolve(driver.host, std::to_string(driver.port), ec)) {
        endpoints.push_back(entry.endpoint());
      }
      if (ec || endpoints.empty()) {
        error = "connect(" + key + ") failed: " + ec.message();
        return Failure::Refused;
      }
    }
    socket.emplace(context);
    bool done = false;
    boost::system::error_code result;
    asio::async_connect(*socket, endpoints, [&](boost::system::error_code e, const tcp::endpoint&) {
      result = e;
      done = true;
    });
    if (!run(done, deadline)) {
      error = "connect(" + key + ") timed out";
      return Failure::Timeout;
    }
    if (result) {
      error = "connect(" + key + ") failed: " + result.message();
      closeSocket();
      return Failure::Refused;
    }
    connectedTo = key;
    return Failure::None;
  }

  Failure exchange(const std::string& request, Clock::time_point deadline, Response& response, std::string& error) {
    bool done = false;
    boost::system::error_code result;
    asio::async_write(*socket, asio::buffer(request), [&](boost::system::error_code e, std::size_t) {
      result = e;
      done = true;
    });
    if (!run(done, deadline)) {
      error = "Request timed out";
      return Failure::Timeout;
    }
    if (result) {
      error = "Connection lost: write failed: " + result.message();
      closeSocket();
      return Failure::Lost;
    }
    done = false;
    asio::async_read_until(*socket, buffer, "\r\n\r\n", [&](boost::system::error_code e, std::size_t) {
      result = e;
      done = true;
    });
    if (!run(done, deadline)) {
      error = "Request timed out";
      return Failure::Timeout;
    }
    if (result) {
      error = "Connection lost: read failed: " + (result == asio::error::eof ? std::string("EOF") : result.message());
      closeSocket();
      return Failure::Lost;
    }
    std::istream in(&buffer);
    std::string line;
    std::getline(in, line);
    if (line.size() < 12 || line.rfind("HTTP/1.", 0) != 0) {
      error = "Connection lost: invalid response";
      closeSocket();
      return Failure::Lost;
    }
    response.status = std::atoi(line.substr(9, 3).c_str());
    response.reason = line.size() > 13 ? line.substr(13) : std::string();
    if (!response.reason.empty() && response.reason.back() == '\r') {
      response.reason.pop_back();
    }
    while (std::getline(in, line) && line != "\r" && !line.empty()) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
          value.erase(0, 1);
        }
        if (!value.empty() && value.back() == '\r') {
          value.pop_back();
        }
        response.headers[lower(line.substr(0, colon))] = value;
      }
    }
    // The body is ignored (dovecot.md 1.5), but read so the connection can be reused.
    std::size_t length = 0;
    if (auto found = response.headers.find("content-length"); found != response.headers.end()) {
      length = static_cast<std::size_t>(std::strtoull(found->second.c_str(), nullptr, 10));
    }
    if (length > buffer.size()) {
      done = false;
      asio::async_read(*socket, buffer, asio::transfer_exactly(length - buffer.size()),
                       [&](boost::system::error_code e, std::size_t) {
                         result = e;
                         done = true;
                       });
      if (!run(done, deadline) || result) {
        closeSocket();
        return Failure::None;  // the status line arrived: the request itself succeeded
      }
    }
    buffer.consume(std::min(length, buffer.size()));
    response.close = lower(response.headers["connection"]) == "close" ||
                     response.headers.count("content-length") == 0;
    if (response.close) {
      closeSocket();
    }
    return Failure::None;
  }

  void record(const OxDriverConfig& driver, unsigned attempt, const std::string& request, const std::string& outcome,
              int status) {
    if (journal == nullptr) {
      return;
    }
    journal::Entry entry;
    entry.component = "dovecot.push";
    entry.kind = "push.request";
    entry.summary = "PUT " + driver.host + ":" + std::to_string(driver.port) + driver.target + " attempt " +
                    std::to_string(attempt) + ": " + outcome;
    entry.data = {{"url", driver.url}, {"attempt", attempt}, {"request", request}, {"status", status}, {"outcome", outcome}};
    journal->append(std::move(entry));
  }
};

OxSender::OxSender(journal::Journal* journal) : impl_(std::make_unique<Impl>(journal)) {}
OxSender::~OxSender() { impl_->closeSocket(); }

std::string OxSender::requestBytes(const OxDriverConfig& driver, const std::string& body, std::time_t now) {
  std::string head = "PUT " + driver.target + " HTTP/1.1\r\n";
  const bool v6 = driver.host.find(':') != std::string::npos;
  head += "Host: " + (v6 ? "[" + driver.host + "]" : driver.host) + (driver.port == 80 ? "" : ":" + std::to_string(driver.port)) + "\r\n";
  head += "Date: " + httpDate(now) + "\r\n";
  if (driver.login) {
    head += "Authorization: Basic " + codec::base64Encode(*driver.login + ":" + driver.password.value_or("")) + "\r\n";
  }
  head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  head += "Connection: Keep-Alive\r\n";
  head += "Content-Type: application/json; charset=utf-8\r\n\r\n";
  return head + body;
}

SendOutcome OxSender::send(const OxDriverConfig& driver, const std::string& body) {
  SendOutcome outcome;
  const unsigned maxAttempts = driver.maxRetries + 1;
  const std::string request = requestBytes(driver, body, std::time(nullptr));
  std::string error;
  for (unsigned attempt = 1; attempt <= maxAttempts; ++attempt) {
    outcome.attempts = attempt;
    const auto deadline = Clock::now() + driver.timeout;
    auto failure = impl_->connect(driver, deadline, error);
    Response response;
    if (failure == Failure::None) {
      failure = impl_->exchange(request, deadline, response, error);
    }
    if (failure == Failure::Refused) {
      impl_->record(driver, attempt, request, error, 0);
      outcome.error = "Error when sending notification: 9003 " + error;
      return outcome;  // lib-http does not retry a refused connection (dovecot.md 1.5)
    }
    if (failure != Failure::None) {
      impl_->record(driver, attempt, request, error, 0);
      impl_->closeSocket();
      outcome.error = "Error when sending notification: " + std::string(failure == Failure::Timeout ? "9008 " : "9005 ") + error;
      continue;
    }
    outcome.status = response.status;
    outcome.reason = response.reason;
    impl_->record(driver, attempt, request, std::to_string(response.status) + " " + response.reason, response.status);
    const auto retryAfter = response.headers.find("retry-after");
    const bool retriable = response.status == 408 || (response.status == 503 && retryAfter != response.headers.end());
    if (!retriable || attempt == maxAttempts) {
      outcome.error = response.status / 100 == 2 ? std::string()
                                                 : "Error when sending notification: " + std::to_string(response.status) + " " + response.reason;
      return outcome;
    }
    if (response.status == 503) {
      // Waits at most Retry-After seconds before the next attempt (observed: 0.1-0.9 s for 1).
      const auto seconds = std::strtol(retryAfter->second.c_str(), nullptr, 10);
      asio::steady_timer timer(impl_->context, std::chrono::seconds(std::clamp(seconds, 0L, 1L)));
      bool done = false;
      timer.async_wait([&](boost::system::error_code) { done = true; });
      impl_->run(done, Clock::now() + std::chrono::seconds(2));
    }
  }
  return outcome;
}

}  // namespace oxh::dovecot::push
