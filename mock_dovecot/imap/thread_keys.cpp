#include "mock_dovecot/imap/thread_keys.hpp"

#include "mock_dovecot/thread/sent_date.hpp"

namespace oxh::dovecot::imap {

std::vector<thread::MessageKeys> threadKeys(MessageAccess& access, const std::vector<std::uint32_t>& uids, bool byUid) {
  std::vector<thread::MessageKeys> out;
  for (std::uint32_t uid : uids) {
    const StoredMessage* message = access.message(uid);
    if (message == nullptr) {
      // Expunged by another session but not yet announced: still sorted and threaded, with
      // every key empty (confirmed against Dovecot 2.3.19: "UID SORT (SUBJECT) UTF-8 UID 1:*"
      // puts it first, REVERSE puts it last, and THREAD answers it as a thread of its own).
      if (access.searchable(uid) != nullptr) {
        thread::MessageKeys ghost;
        ghost.id = byUid ? uid : static_cast<std::uint32_t>(access.sequence(uid));
        out.push_back(std::move(ghost));
      }
      continue;
    }
    const mime::ParsedMessage& parsed = access.parsed(*message);
    thread::MessageKeys keys;
    keys.id = byUid ? uid : static_cast<std::uint32_t>(access.sequence(uid));
    keys.subject = parsed.header("Subject").value_or("");
    keys.messageId = parsed.header("Message-ID").value_or("");
    keys.inReplyTo = parsed.header("In-Reply-To").value_or("");
    keys.references = parsed.header("References").value_or("");
    keys.from = parsed.header("From").value_or("");
    keys.to = parsed.header("To").value_or("");
    keys.cc = parsed.header("Cc").value_or("");
    if (const auto date = parsed.header("Date")) {
      if (const auto sent = thread::parseSentDate(*date)) {
        keys.sentDate = *sent;
        keys.hasSentDate = true;
      }
    }
    keys.internalDate = message->internalDate;
    keys.size = message->raw->size();
    out.push_back(std::move(keys));
  }
  return out;
}

}  // namespace oxh::dovecot::imap
