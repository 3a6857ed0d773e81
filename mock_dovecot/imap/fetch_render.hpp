#pragma once
// One message's FETCH response, rendered the way core:src/imap/imap-fetch*.c writes it:
// "* <seq> FETCH (" + items in FetchRequest order + ")", literals for message data, quoted
// strings (or literals for 8-bit) for PREVIEW/SNIPPET.
// Thread: free function.
#include <cstdint>
#include <string>

#include "mock_dovecot/imap/fetch_items.hpp"
#include "mock_dovecot/mime/parsed_message.hpp"
#include "mock_dovecot/store/mailbox.hpp"

namespace oxh::dovecot::imap {

struct FetchMessage {
  std::size_t sequence = 0;
  const StoredMessage* stored = nullptr;
  const mime::ParsedMessage* parsed = nullptr;  // may be nullptr when no item needs it
  MessageFlags flags;  // after an implicit \Seen
  bool recent = false;
  bool seenChanged = false;  // this FETCH set \Seen
};

// Without "* " and the final CRLF.
std::string renderFetch(const FetchRequest& request, const FetchMessage& message);
// Whether any item needs the parsed message.
bool needsParsedMessage(const FetchRequest& request);

}  // namespace oxh::dovecot::imap
