#pragma once
// Content-Transfer-Encoding decoders (RFC 2045 sections 6.7 and 6.8) and the RFC 2047
// encoded-word decoder behind decodeHeaderValue().
#include <string>
#include <string_view>

namespace oxh::dovecot::mime {

// Quoted-printable: "=XX" (either case), soft line breaks "=" (CR)LF, trailing whitespace on a
// line dropped (RFC 2045 6.7 rule 3); a malformed "=" is kept as-is, as Dovecot's qp-decoder does.
std::string decodeQuotedPrintable(std::string_view data);
// Base64: whitespace skipped; decoding stops at '=' padding or any other invalid character.
std::string decodeBase64(std::string_view data);

}  // namespace oxh::dovecot::mime
