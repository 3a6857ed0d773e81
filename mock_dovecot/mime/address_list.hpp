#pragma once
// RFC 5322 section 3.4 address lists as Dovecot 2.3 parses them for ENVELOPE
// (lib-mail message-address.c with FILL_MISSING): groups become a start entry
// (NIL NIL "name" NIL) and an end entry (NIL NIL NIL NIL) per RFC 3501 section 7.4.2;
// unparsable parts get the placeholders MISSING_MAILBOX, MISSING_DOMAIN, SYNTAX_ERROR.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::dovecot::mime {

struct Address {
  std::optional<std::string> name;  // display name, still MIME-encoded
  std::optional<std::string> route;
  std::optional<std::string> mailbox;
  std::optional<std::string> domain;
  bool invalidSyntax = false;
};

// An unfolded header value (continuation lines may still carry their (CR)LF).
std::vector<Address> parseAddressList(std::string_view value);

}  // namespace oxh::dovecot::mime
