// oxh_imap_load: a small IMAP load client for bench/imap_ratio.py. Every connection logs in,
// selects INBOX and then runs a fixed command mix one command at a time (as a mail client
// does), bounded by a command count and a time limit. `--mode idle` instead holds N
// connections in IDLE until its standard input closes. Prints one JSON line.
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 143;
  std::string user = "alice@example.org";
  std::string password = "secret";
  unsigned connections = 10;
  double seconds = 5;
  std::uint64_t maxCommands = 200000;  // over all connections
  std::string mode = "mix";
};

struct Totals {
  std::atomic<std::uint64_t> commands{0};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<unsigned> idling{0};
  std::atomic<unsigned> ready{0};
};

class Connection {
 public:
  explicit Connection(tcp::socket socket) : socket_(std::move(socket)) {}

  // Sends a tagged command and reads until its completion; false on NO/BAD or a lost connection.
  awaitable<bool> command(const std::string& text) {
    const std::string tag = "t" + std::to_string(++counter_);
    co_await asio::async_write(socket_, asio::buffer(tag + " " + text + "\r\n"), use_awaitable);
    co_return co_await readUntilTagged(tag);
  }

  awaitable<bool> readUntilTagged(const std::string& tag) {
    for (;;) {
      const std::size_t size = co_await asio::async_read_until(socket_, buffer_, "\r\n", use_awaitable);
      std::string line(asio::buffers_begin(buffer_.data()), asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(size));
      buffer_.consume(size);
      // A literal announced at the end of a line: skip its bytes.
      if (line.size() > 3 && line[line.size() - 3] == '}') {
        const auto open = line.rfind('{');
        if (open != std::string::npos) {
          std::size_t literal = std::strtoull(line.c_str() + open + 1, nullptr, 10);
          if (buffer_.size() < literal) {
            co_await asio::async_read(socket_, buffer_, asio::transfer_exactly(literal - buffer_.size()), use_awaitable);
          }
          buffer_.consume(literal);
          continue;
        }
      }
      if (line.rfind(tag + " ", 0) == 0) {
        co_return line.compare(tag.size() + 1, 2, "OK") == 0;
      }
    }
  }

  awaitable<std::string> readLine() {
    const std::size_t size = co_await asio::async_read_until(socket_, buffer_, "\r\n", use_awaitable);
    std::string line(asio::buffers_begin(buffer_.data()), asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(size));
    buffer_.consume(size);
    co_return line;
  }

  awaitable<void> send(const std::string& line) {
    co_await asio::async_write(socket_, asio::buffer(line + "\r\n"), use_awaitable);
  }

 private:
  tcp::socket socket_;
  asio::streambuf buffer_;
  unsigned counter_ = 0;
};

awaitable<std::unique_ptr<Connection>> open(const Options& options) {
  auto executor = co_await asio::this_coro::executor;
  tcp::socket socket(executor);
  co_await socket.async_connect({asio::ip::make_address(options.host), options.port}, use_awaitable);
  auto connection = std::make_unique<Connection>(std::move(socket));
  co_await connection->readLine();  // greeting
  if (!co_await connection->command("LOGIN \"" + options.user + "\" \"" + options.password + "\"") ||
      !co_await connection->command("SELECT INBOX")) {
    throw std::runtime_error("LOGIN or SELECT failed");
  }
  co_return connection;
}

awaitable<void> runMix(const Options& options, Totals& totals, Clock::time_point deadline, unsigned index) {
  try {
    auto connection = co_await open(options);
    ++totals.ready;
    const std::vector<std::string> mix = {
        "NOOP", "UID FETCH 1:* (FLAGS)", "UID SEARCH UNSEEN", "UID STORE " + std::to_string(index + 1) + " +FLAGS (\\Seen)",
        "UID STORE " + std::to_string(index + 1) + " -FLAGS (\\Seen)", "STATUS INBOX (MESSAGES UNSEEN)",
        "FETCH " + std::to_string(index + 1) + " (ENVELOPE BODYSTRUCTURE)"};
    for (std::size_t i = 0; Clock::now() < deadline && totals.commands.load() < options.maxCommands; ++i) {
      if (!co_await connection->command(mix[i % mix.size()])) {
        ++totals.errors;
      }
      ++totals.commands;
    }
    co_await connection->command("LOGOUT");
  } catch (const std::exception&) {
    ++totals.errors;
  }
}

awaitable<void> runIdle(const Options& options, Totals& totals, std::shared_ptr<std::atomic<bool>> stop) {
  try {
    auto connection = co_await open(options);
    co_await connection->send("i IDLE");
    const auto line = co_await connection->readLine();
    if (line.rfind("+", 0) != 0) {
      throw std::runtime_error("IDLE refused");
    }
    ++totals.idling;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!stop->load()) {
      timer.expires_after(std::chrono::milliseconds(100));
      co_await timer.async_wait(use_awaitable);
    }
    co_await connection->send("DONE");
    co_await connection->readUntilTagged("i");
  } catch (const std::exception&) {
    ++totals.errors;
  }
}

void raiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--host") options.host = value;
    else if (key == "--port") options.port = static_cast<unsigned short>(std::stoi(value));
    else if (key == "--user") options.user = value;
    else if (key == "--password") options.password = value;
    else if (key == "--connections") options.connections = static_cast<unsigned>(std::stoul(value));
    else if (key == "--seconds") options.seconds = std::stod(value);
    else if (key == "--max-commands") options.maxCommands = std::stoull(value);
    else if (key == "--mode") options.mode = value;
    else {
      std::cerr << "usage: oxh_imap_load --port P [--host H] [--user U --password P] [--connections N] "
                   "[--seconds S] [--max-commands N] [--mode mix|idle]\n";
      return 2;
    }
  }
  raiseFileLimit();
  asio::io_context context;
  Totals totals;
  const auto start = Clock::now();
  if (options.mode == "idle") {
    auto stop = std::make_shared<std::atomic<bool>>(false);
    for (unsigned i = 0; i < options.connections; ++i) {
      asio::co_spawn(context, runIdle(options, totals, stop), asio::detached);
    }
    std::thread io([&] { context.run(); });
    // Report once every connection idles (or failed), bounded by the time limit.
    while (totals.idling + totals.errors < options.connections &&
           Clock::now() - start < std::chrono::duration<double>(options.seconds)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::printf("{\"idling\":%u,\"errors\":%llu,\"seconds\":%.3f}\n", totals.idling.load(),
                static_cast<unsigned long long>(totals.errors.load()),
                std::chrono::duration<double>(Clock::now() - start).count());
    std::fflush(stdout);
    std::string ignored;
    std::getline(std::cin, ignored);  // the driver measures memory, then closes our stdin
    stop->store(true);
    io.join();
    return 0;
  }
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  for (unsigned i = 0; i < options.connections; ++i) {
    asio::co_spawn(context, runMix(options, totals, deadline, i), asio::detached);
  }
  context.run();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("{\"commands\":%llu,\"errors\":%llu,\"seconds\":%.3f,\"rate\":%.1f}\n",
              static_cast<unsigned long long>(totals.commands.load()), static_cast<unsigned long long>(totals.errors.load()),
              elapsed, static_cast<double>(totals.commands.load()) / elapsed);
  return totals.errors.load() == 0 ? 0 : 1;
}
