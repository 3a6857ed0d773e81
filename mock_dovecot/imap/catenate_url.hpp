#pragma once
// The IMAP URLs (RFC 5092) a CATENATE URL part (RFC 4469) may name, resolved the way Dovecot
// 2.3.19's imap-url.c / imap-msgpart-url.c do for the logged-in user (confirmed against Dovecot
// 2.3.19): "/INBOX/;uid=1", the relative "INBOX/;uid=1", keys in any case,
// ";UIDVALIDITY=n" after the mailbox, "/;SECTION=<spec>" (percent-encoded, e.g.
// HEADER.FIELDS%20(SUBJECT); "1" of a single-part message is its body) and
// "/;PARTIAL=<offset>[.<length>]" (also without a section); a section the message lacks is
// empty. Errors become "NO [BADURL <url>] <text>": "Message not found.", "Mailbox doesn't
// exist: <name>.", "Invalid UIDVALIDITY.", "Invalid IMAP URL: Unrecognized IMAP URL extension:
// <;rest>" (a ";section=" or ";partial=" not preceded by "/"), "Invalid IMAP URL: Unexpected
// IMAP URL path segment: `;foo=bar'.", "Invalid IMAP URL: Value 'x' is not a valid IMAP
// number." / "IMAP number is too high." (digits followed by junk: "partial=1.2.3"),
// "Invalid IMAP URL: UID cannot be zero.", "Invalid IMAP URL: PARTIAL size cannot be zero.".
// (Real Dovecot
// answers some malformed relative URLs, "/INBOX/" or ";section=MIME", with a stale
// "NO Mailbox doesn't exist: <the last URL's mailbox>." and no BADURL; the fake does not copy
// that.)
// Thread: free function; reads the store.
#include <optional>
#include <string>

#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot::imap {

struct CatenateUrl {
  std::optional<std::string> bytes;  // the URL's content
  std::string error;                 // when !bytes: the text after "[BADURL <url>] "
};

CatenateUrl resolveCatenateUrl(const MailStore& store, const std::string& user, const std::string& url);

}  // namespace oxh::dovecot::imap
