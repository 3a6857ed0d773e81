#pragma once
// RFC 3501 section 7.4.2 ENVELOPE, BODY and BODYSTRUCTURE rendering of a parsed MIME tree,
// byte for byte as Dovecot 2.3 (lib-imap imap-envelope.c, imap-bodystructure.c) prints them.
#include <string>
#include <string_view>

#include "mock_dovecot/mime/message_part.hpp"

namespace oxh::dovecot::mime {

// "(date subject from sender reply-to to cc bcc in-reply-to message-id)"
std::string renderEnvelope(const Envelope* envelope);
// "(...)" for the part; `message` is the CRLF-normalized text the part offsets point into.
std::string renderBodyStructure(const MessagePart& part, std::string_view message, bool extensible);

}  // namespace oxh::dovecot::mime
