#include "mock_facade/imap_client/imap_account.hpp"

#include <algorithm>
#include <chrono>

#include "mock_facade/ajax/ajax_errors.hpp"

namespace oxh::facade {

namespace {

constexpr std::chrono::seconds kCommandTimeout{15};

}  // namespace

std::string imapString(const std::string& text) {
  bool literal = text.size() > 1024;
  for (unsigned char c : text) {
    if (c == '\r' || c == '\n' || c == 0 || c >= 0x80) {
      literal = true;
    }
  }
  if (literal) {
    return "{" + std::to_string(text.size()) + "}\r\n" + text;
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

ImapAccount::ImapAccount(boost::asio::io_context& context, journal::Journal& journal, ImapAccountOptions options)
    : context_(context), journal_(journal), options_(std::move(options)) {}

ImapAccount::~ImapAccount() { close(); }

void ImapAccount::close() {
  if (client_) {
    client_->close();
    client_.reset();
  }
  selected_.clear();
}

void ImapAccount::connect() {
  close();
  clients::imap::ConnectOptions connectOptions;
  connectOptions.name = options_.name + "." + std::to_string(++connections_);
  connectOptions.server = options_.server;
  connectOptions.tls = options_.tls;
  const auto deadline = journal::Clock::now() + kCommandTimeout;
  try {
    client_ = clients::imap::ImapClient::connect(context_, journal_, connectOptions, deadline);
  } catch (const std::exception& error) {
    client_.reset();
    throw errors::imapFailure(std::string("cannot connect to ") + options_.server.str() + ": " + error.what());
  }
  const auto login = client_->command("LOGIN " + imapString(options_.login) + " " + imapString(options_.password),
                                      journal::Clock::now() + kCommandTimeout);
  if (login.status != "OK") {
    close();
    throw errors::imapFailure("LOGIN as " + options_.login + " failed: " + login.tagged);
  }
}

clients::imap::CommandResult ImapAccount::run(const std::string& text) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!client_) {
      connect();
      if (attempt == 1 && !selected_.empty()) {
        selected_.clear();
      }
    }
    clients::imap::CommandResult result;
    try {
      result = client_->command(text, journal::Clock::now() + kCommandTimeout);
    } catch (const std::exception& error) {
      close();
      throw errors::imapFailure(error.what());
    }
    if (result.status != "BYE") {
      return result;
    }
    // The server hung up (idle timeout, shutdown, a BYE): reconnect once and replay. A command
    // that needed a selection is replayed by the caller's select() after the reconnect.
    const std::string wasSelected = selected_;
    close();
    if (!wasSelected.empty() && text.rfind("SELECT ", 0) != 0) {
      connect();
      const auto reselect = client_->command("SELECT " + imapString(wasSelected), journal::Clock::now() + kCommandTimeout);
      if (reselect.status != "OK") {
        throw errors::imapFailure("SELECT " + wasSelected + " after a reconnect: " + reselect.tagged);
      }
      selected_ = wasSelected;
    }
  }
  throw errors::imapFailure("the IMAP server closed the connection twice");
}

void ImapAccount::select(const std::string& mailbox, const std::string& folderId) {
  if (client_ && selected_ == mailbox) {
    // A server announces messages that arrived meanwhile (EXISTS) only between commands, and a
    // UID FETCH/SEARCH covers only what the session was told about: sync first, as the
    // middleware does when it takes a cached connection.
    const auto noop = run("NOOP");
    // A selection the server can no longer serve is selected again. Seen with real Dovecot
    // 2.3.19 (scenarios/offline/uidvalidity_rebuilt_folder.yaml): when another session deletes
    // the selected mailbox and creates it again, this session's NOOP answers OK but with an
    // untagged "* NO Internal error occurred...", and its view stays the old mailbox (UIDs of
    // the old UIDVALIDITY, STORE failing with NO [SERVERBUG]).
    const bool broken = std::any_of(noop.untagged.begin(), noop.untagged.end(), [](const journal::Entry& entry) {
      return entry.data.value("line", "").rfind("* NO ", 0) == 0 || entry.data.value("line", "").rfind("* BAD ", 0) == 0;
    });
    if (noop.status == "OK" && selected_ == mailbox && !broken) {
      return;
    }
    if (broken) {
      close();  // a fresh connection: this one's view of the mailbox is stale
    }
  }
  auto result = run("SELECT " + imapString(mailbox));
  if (result.status == "NO" && result.tagged.find("[SERVERBUG]") != std::string::npos) {
    // Seen with real Dovecot 2.3.19: SELECT of a mailbox re-created by another session can
    // fail this way in a session that knew the old one; a fresh session opens it.
    close();
    result = run("SELECT " + imapString(mailbox));
  }
  if (result.status != "OK") {
    selected_.clear();
    throw errors::folderNotFound(folderId);
  }
  selected_ = mailbox;
}

}  // namespace oxh::facade
