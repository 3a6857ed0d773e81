#pragma once
// Decoded body text of a parsed message: the search text and Dovecot's snippet
// (lib-mail message-snippet.c, used by the push driver and FETCH PREVIEW/SNIPPET).
#include <cstddef>
#include <string>
#include <string_view>

#include "mock_dovecot/mime/message_part.hpp"

namespace oxh::dovecot::mime {

constexpr std::size_t kSnippetMaxChars = 200;  // BODY_SNIPPET_MAX_CHARS in index-mail.c

// Transfer-decoded, UTF-8 body of one leaf part (Dovecot's message-decoder rules: the last
// Content-Transfer-Encoding header counts, an unknown encoding yields nothing).
std::string decodedPartBody(const MessagePart& part, std::string_view message);
// Every text/* leaf, decoded, joined with "\n".
std::string collectBodyText(const MessagePart& root, std::string_view message);
std::string makeSnippet(const MessagePart& root, std::string_view message, std::size_t maxChars = kSnippetMaxChars);

}  // namespace oxh::dovecot::mime
