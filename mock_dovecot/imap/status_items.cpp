#include "mock_dovecot/imap/status_items.hpp"

#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr std::string_view kItems[] = {"MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "HIGHESTMODSEQ", "SIZE"};

bool known(const std::string& item) {
  for (auto name : kItems) {
    if (item == name) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> validateStatusItems(const ImapArg& items) {
  if (!items.isList() || items.list.empty()) {
    return std::string("Status items must be list");
  }
  for (const auto& item : items.list) {
    if (!item.isAtom() || !known(toUpper(item.value))) {
      return "Invalid status item " + toUpper(item.value);
    }
  }
  return std::nullopt;
}

std::optional<std::string> statusLine(ImapSession& session, const std::string& mailbox, const ImapArg& items) {
  MailStore& store = session.store();
  for (const auto& item : items.list) {
    // RFC 7162 section 3.1: STATUS HIGHESTMODSEQ is a CONDSTORE-enabling command.
    if (toUpper(item.value) == "HIGHESTMODSEQ") {
      session.enable("CONDSTORE");
      store.enableModseq(session.user(), mailbox);
    }
  }
  auto snapshot = store.snapshot(session.user(), mailbox);
  if (!snapshot) {
    return std::nullopt;
  }
  // The selected mailbox is reported as the session's view holds it, changes not yet synced left
  // out (confirmed against Dovecot 2.3.19: MESSAGES, RECENT, UIDNEXT and UNSEEN unchanged after
  // another session's expunge and append, until the next sync point).
  const SelectedView* view = session.selected();
  if (view != nullptr && view->mailbox() != snapshot->name) {
    view = nullptr;
  }
  std::string body;
  for (const auto& item : items.list) {
    const std::string name = toUpper(item.value);
    std::uint64_t value = 0;
    if (name == "MESSAGES") {
      value = view != nullptr ? view->exists() : snapshot->messages.size();
    } else if (name == "RECENT") {
      value = view != nullptr ? view->recentCount() : snapshot->recent();
    } else if (name == "UIDNEXT") {
      value = view != nullptr ? view->uidNext() : snapshot->uidNext;
    } else if (name == "UIDVALIDITY") {
      value = snapshot->uidValidity;
    } else if (name == "UNSEEN") {
      value = view != nullptr ? view->unseen() : snapshot->unseen();
    } else if (name == "HIGHESTMODSEQ") {
      value = snapshot->highestModseq;
    } else if (name == "SIZE") {
      for (const auto& message : snapshot->messages) {
        value += message.raw->size();
      }
    }
    body += (body.empty() ? "" : " ") + name + " " + std::to_string(value);
  }
  return "STATUS " + astring(snapshot->name) + " (" + body + ")";
}

}  // namespace oxh::dovecot::imap
