#pragma once
// STATUS items (RFC 3501 section 6.3.10, RFC 7162 HIGHESTMODSEQ, RFC 8438 SIZE), shared by
// STATUS and LIST ... RETURN (STATUS (...)) (RFC 5819).
#include <optional>
#include <string>

#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

class ImapSession;

// Checks the item list; on error returns Dovecot's text ("Invalid status item FOO").
std::optional<std::string> validateStatusItems(const ImapArg& items);
// "* STATUS <box> (...)" body without "* ", nullopt when the mailbox is gone.
std::optional<std::string> statusLine(ImapSession& session, const std::string& mailbox, const ImapArg& items);

}  // namespace oxh::dovecot::imap
