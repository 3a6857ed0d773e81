#pragma once
// The MIME tree (RFC 2045/2046) as Dovecot 2.3's lib-mail message-parser builds it: one node per
// part, each with its header and body ranges in the CRLF-normalized message, the header fields,
// and the Content-* data and (for message/rfc822 children) envelope used by BODYSTRUCTURE.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mock_dovecot/mime/address_list.hpp"

namespace oxh::dovecot::mime {

// One header field. `value` is Dovecot's full_value: LWSP after the colon skipped, continuation
// lines joined with "\n" (CR dropped) and keeping their leading whitespace.
struct HeaderField {
  std::string name;
  std::string value;
  std::size_t offset = 0;  // first byte of the field in the message
  std::size_t size = 0;    // through the last line's (CR)LF
};

// RFC 3501 section 7.4.2 envelope fields, raw (MIME-encoded) like Dovecot keeps them.
struct Envelope {
  std::optional<std::string> date, subject, inReplyTo, messageId;
  std::optional<std::vector<Address>> from, sender, replyTo, to, cc, bcc;
};

struct PartData {
  std::optional<std::string> type, subtype;  // as written (case kept)
  std::vector<std::pair<std::string, std::string>> typeParams;
  std::optional<std::string> id, description, transferEncoding, md5, location;
  std::optional<std::string> disposition;
  std::vector<std::pair<std::string, std::string>> dispositionParams;
  std::optional<std::vector<std::string>> languages;
};

enum PartFlag : unsigned {
  kPartMultipart = 1u << 0,
  kPartMessageRfc822 = 1u << 1,
  kPartText = 1u << 2,
  kPartIsMime = 1u << 3,
  kPartDigest = 1u << 4,
  kPartOverflow = 1u << 5,
};

struct MessagePart {
  MessagePart* parent = nullptr;
  std::vector<std::unique_ptr<MessagePart>> children;
  unsigned flags = 0;
  std::size_t headerOffset = 0, headerSize = 0;
  std::size_t bodyOffset = 0, bodySize = 0;
  bool headerHasEmptyLine = false;  // the header ended with its empty line (not at EOF)
  std::vector<HeaderField> headers;
  PartData data;
  std::optional<Envelope> envelope;  // parts whose parent is message/rfc822 (and the root)

  [[nodiscard]] bool has(unsigned flag) const { return (flags & flag) != 0; }
  [[nodiscard]] const HeaderField* firstHeader(std::string_view name) const;
};

// Parses `message` (CRLF or LF line ends; sizes count LF as CRLF only when the caller
// normalized first) into the tree. Never fails: broken MIME degrades as in Dovecot.
std::unique_ptr<MessagePart> parseMessageTree(std::string_view message);

// Number of LF bytes in [offset, offset+size): body-fld-lines.
std::size_t countLines(std::string_view message, std::size_t offset, std::size_t size);

// Fills part.data and part.envelope from part.headers (Dovecot message-part-data.c).
void parsePartData(MessagePart& part);
Envelope parseEnvelope(const std::vector<HeaderField>& headers);

}  // namespace oxh::dovecot::mime
