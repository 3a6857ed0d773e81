#include "mock_facade/pns/middleware_imap.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>

#include "common/clients/imap_client.hpp"
#include "common/clients/imap_tokens.hpp"
#include "common/error/error.hpp"

namespace oxh::facade::pns {

namespace imap = clients::imap;

namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

std::string lineOf(const journal::Entry& entry) {
  return entry.data.value("line", std::string());
}

// A logged-in session; LOGOUT and close on destruction.
class Session {
 public:
  Session(boost::asio::io_context& context, journal::Journal& journal, const ImapAccount& account,
          const std::string& purpose, std::chrono::milliseconds timeout)
      : timeout_(timeout) {
    imap::ConnectOptions options;
    // Unique per connection: the IMAP client reads a closed connection of the same name from
    // the journal as its own.
    static std::atomic<std::uint64_t> counter{0};
    options.name = "pns." + purpose + "." + std::to_string(account.userId) + "@" + std::to_string(account.contextId) +
                   "#" + std::to_string(++counter);
    options.server = account.server;
    client_ = imap::ImapClient::connect(context, journal, options, deadline());
    const auto login =
        client_->command("LOGIN " + imapQuote(account.login) + " " + imapQuote(account.password), deadline());
    if (login.status != "OK") {
      throw OxhException(Error("oxh.pns.imap", "LOGIN failed: " + login.tagged));
    }
  }
  ~Session() {
    try {
      client_->command("LOGOUT", deadline());
    } catch (...) {
    }
    client_->close();
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  imap::CommandResult run(const std::string& text) {
    auto result = client_->command(text, deadline());
    if (result.status != "OK") {
      throw OxhException(Error("oxh.pns.imap", text.substr(0, text.find(' ')) + " failed: " + result.tagged));
    }
    return result;
  }

  bool hasCapability(const std::string& name) {
    const auto result = run("CAPABILITY");
    for (const auto& entry : result.untagged) {
      const auto line = " " + upper(lineOf(entry)) + " ";
      if (line.find(" * CAPABILITY ") != std::string::npos && line.find(" " + upper(name) + " ") != std::string::npos) {
        return true;
      }
    }
    return false;
  }

 private:
  [[nodiscard]] imap::ImapClient::Deadline deadline() const { return journal::Clock::now() + timeout_; }
  std::chrono::milliseconds timeout_;
  std::shared_ptr<imap::ImapClient> client_;
};

// The value of `entry` in "* METADATA "" (entry value)", "" for NIL, nullopt when absent.
std::optional<std::string> metadataValue(const imap::CommandResult& result, const std::string& entry) {
  for (const auto& untagged : result.untagged) {
    const auto tokens = imap::tokenize(lineOf(untagged));
    if (tokens.size() < 4 || upper(tokens[1].text) != "METADATA" || tokens[3].type != imap::Token::Type::List) {
      continue;
    }
    const auto& list = tokens[3].children;
    for (std::size_t i = 0; i + 1 < list.size(); i += 2) {
      if (upper(list[i].text) == upper(entry)) {
        const auto& value = list[i + 1];
        if (value.type == imap::Token::Type::Atom && upper(value.text) == "NIL") {
          return std::string();
        }
        return value.text;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::string imapQuote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out + "\"";
}

MiddlewareImap::MiddlewareImap(boost::asio::io_context& context, journal::Journal& journal,
                               std::chrono::milliseconds timeout)
    : context_(context), journal_(journal), timeout_(timeout) {}

std::optional<long long> MiddlewareImap::unseen(const ImapAccount& account, std::string& error) {
  try {
    Session session(context_, journal_, account, "badge", timeout_);
    const auto result = session.run("STATUS INBOX (UNSEEN)");
    for (const auto& entry : result.untagged) {
      const auto tokens = imap::tokenize(lineOf(entry));
      if (tokens.size() >= 4 && upper(tokens[1].text) == "STATUS" && tokens[3].type == imap::Token::Type::List) {
        const auto& items = tokens[3].children;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
          if (upper(items[i].text) == "UNSEEN") {
            return std::stoll(items[i + 1].text);
          }
        }
      }
    }
    error = "no STATUS UNSEEN in the answer";
  } catch (const OxhException& e) {
    error = e.error().describe();
  } catch (const std::exception& e) {
    error = e.what();
  }
  return std::nullopt;
}

ListenerOutcome MiddlewareImap::registerListener(const ImapAccount& account) {
  ListenerOutcome outcome;
  const std::string wanted = "user=" + std::to_string(account.userId) + "@" + std::to_string(account.contextId);
  try {
    Session session(context_, journal_, account, "listener", timeout_);
    if (!session.hasCapability("METADATA")) {
      outcome.error = "the IMAP server lacks METADATA: registration denied";
      return outcome;
    }
    const auto current = session.run(std::string("GETMETADATA \"\" (") + kHttpNotifyEntry + ")");
    outcome.previous = metadataValue(current, kHttpNotifyEntry).value_or("");
    if (outcome.previous == wanted) {
      outcome.ok = true;
      outcome.skipped = true;
      return outcome;
    }
    session.run(std::string("SETMETADATA \"\" (") + kHttpNotifyEntry + " " + imapQuote(wanted) + ")");
    outcome.ok = true;
  } catch (const OxhException& e) {
    outcome.error = e.error().describe();
  }
  return outcome;
}

ListenerOutcome MiddlewareImap::unregisterListener(const ImapAccount& account) {
  ListenerOutcome outcome;
  try {
    Session session(context_, journal_, account, "listener", timeout_);
    session.run(std::string("SETMETADATA \"\" (") + kHttpNotifyEntry + " NIL)");
    outcome.ok = true;
  } catch (const OxhException& e) {
    outcome.error = e.error().describe();
  }
  return outcome;
}

}  // namespace oxh::facade::pns
