#include "common/tls_probe/probe_socket.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>

namespace oxh::tlsprobe {
namespace {

struct AddrInfoFree {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

std::optional<std::string> connectOne(int fd, const addrinfo& address, std::chrono::milliseconds timeout) {
  const int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      return std::string("connect: ") + std::strerror(errno);
    }
    pollfd waiting{fd, POLLOUT, 0};
    const int ready = poll(&waiting, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) {
      return "connect: no answer within " + std::to_string(timeout.count()) + " ms";
    }
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
      return std::string("connect: ") + std::strerror(error);
    }
  }
  fcntl(fd, F_SETFL, flags);
  timeval limit{};
  limit.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  limit.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  return std::nullopt;
}

// SMTP/LMTP replies may span lines ("250-..." then "250 ..."); returns the final line.
std::optional<std::string> readReply(ProbeSocket& socket, std::string& transcript) {
  for (int lines = 0; lines < 100; ++lines) {
    auto line = socket.readLine();
    if (!line) {
      return std::nullopt;
    }
    transcript += "S: " + *line + "\n";
    if (line->size() < 4 || (*line)[3] != '-') {
      return line;
    }
  }
  return std::nullopt;
}

std::optional<std::string> smtpLike(ProbeSocket& socket, const char* hello, std::string& transcript) {
  auto greeting = readReply(socket, transcript);
  if (!greeting || !greeting->starts_with("220")) {
    return "no 220 greeting (got '" + greeting.value_or("nothing") + "')";
  }
  const std::string command = std::string(hello) + " oxharness-tls-probe";
  transcript += "C: " + command + "\n";
  socket.writeAll(command + "\r\n");
  auto helloReply = readReply(socket, transcript);
  if (!helloReply || !helloReply->starts_with("250")) {
    return std::string(hello) + " refused: " + helloReply.value_or("no answer");
  }
  transcript += "C: STARTTLS\n";
  socket.writeAll("STARTTLS\r\n");
  auto ready = readReply(socket, transcript);
  if (!ready || !ready->starts_with("220")) {
    return "STARTTLS refused: " + ready.value_or("no answer");
  }
  return std::nullopt;
}

std::optional<std::string> imap(ProbeSocket& socket, std::string& transcript) {
  auto greeting = socket.readLine();
  if (!greeting || !greeting->starts_with("* OK")) {
    return "no IMAP greeting (got '" + greeting.value_or("nothing") + "')";
  }
  transcript += "S: " + *greeting + "\n";
  transcript += "C: P1 STARTTLS\n";
  socket.writeAll("P1 STARTTLS\r\n");
  for (int lines = 0; lines < 100; ++lines) {
    auto line = socket.readLine();
    if (!line) {
      return "no answer to STARTTLS";
    }
    transcript += "S: " + *line + "\n";
    if (line->starts_with("P1 OK")) {
      return std::nullopt;
    }
    if (line->starts_with("P1 ")) {
      return "STARTTLS refused: " + *line;
    }
  }
  return "no tagged answer to STARTTLS";
}

}  // namespace

ProbeSocket::~ProbeSocket() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

std::optional<std::string> ProbeSocket::connect(const std::string& host, int port, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string bare = host.size() > 2 && host.front() == '[' ? host.substr(1, host.size() - 2) : host;
  if (const int status = getaddrinfo(bare.c_str(), std::to_string(port).c_str(), &hints, &found); status != 0) {
    return "cannot resolve " + host + ": " + gai_strerror(status);
  }
  std::unique_ptr<addrinfo, AddrInfoFree> owner(found);
  std::string lastError = "no address for " + host;
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    const int fd = ::socket(address->ai_family, address->ai_socktype, address->ai_protocol);
    if (fd < 0) {
      continue;
    }
    if (auto error = connectOne(fd, *address, timeout)) {
      lastError = *error;
      ::close(fd);
      continue;
    }
    fd_ = fd;
    return std::nullopt;
  }
  return lastError;
}

std::optional<std::string> ProbeSocket::readLine() {
  std::string line;
  while (line.size() < 16384) {
    char c = 0;
    const ssize_t got = ::recv(fd_, &c, 1, 0);
    if (got <= 0) {
      return std::nullopt;
    }
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      return line;
    }
    line += c;
  }
  return line;
}

bool ProbeSocket::writeAll(const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<std::string> runStartTls(ProbeSocket& socket, StartTls mode, std::string& transcript) {
  switch (mode) {
    case StartTls::None: return std::nullopt;
    case StartTls::Imap: return imap(socket, transcript);
    case StartTls::Lmtp: return smtpLike(socket, "LHLO", transcript);
    case StartTls::Smtp: return smtpLike(socket, "EHLO", transcript);
  }
  return std::nullopt;
}

}  // namespace oxh::tlsprobe
