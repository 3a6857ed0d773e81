#pragma once
// BODY[<section>] extraction, RFC 3501 section 6.4.5, with Dovecot 2.3's choices
// (lib-imap-storage imap-msgpart.c): "N.MIME" of a message/rfc822 part is its own MIME header,
// HEADER/TEXT of a part that is not message/rfc822 do not exist, and part "1" of a
// non-multipart message is its body.
#include <optional>
#include <string>
#include <string_view>

#include "mock_dovecot/mime/message_part.hpp"

namespace oxh::dovecot::mime {

// nullopt for a part that does not exist or a malformed spec. (Dovecot answers a missing part
// with an empty string; the IMAP layer decides how to print it.)
std::optional<std::string> extractSection(const MessagePart& root, std::string_view message, std::string_view spec);

}  // namespace oxh::dovecot::mime
