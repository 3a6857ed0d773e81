#include "mock_dovecot/mime/imap_render.hpp"

#include <strings.h>

#include "mock_dovecot/mime/imap_quote.hpp"

namespace oxh::dovecot::mime {
namespace {

constexpr std::string_view kDefaultCharset = "us-ascii";  // RFC 2045 section 5.2
// A multipart without parts (no boundary found) is shown with one empty text/plain part.
constexpr std::string_view kEmptyBody = R"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0))";
constexpr std::string_view kEmptyBodyStructure =
    R"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL))";

void writeAddresses(std::string& out, const std::optional<std::vector<Address>>& list) {
  if (!list || list->empty()) {
    out += "NIL";
    return;
  }
  out += '(';
  for (const Address& a : *list) {
    out += '(';
    if (a.name) {
      appendStringForHumans(out, *a.name);
    } else {
      out += "NIL";
    }
    out += ' ';
    appendNstring(out, a.route);
    out += ' ';
    appendNstring(out, a.mailbox);
    out += ' ';
    appendNstring(out, a.domain);
    out += ')';
  }
  out += ')';
}

void writeEnvelopeFields(std::string& out, const Envelope* e) {
  if (e == nullptr) {
    out += "NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL";
    return;
  }
  appendNstringNoLf(out, e->date);
  out += ' ';
  if (e->subject) {
    appendStringForHumans(out, *e->subject);
  } else {
    out += "NIL";
  }
  out += ' ';
  writeAddresses(out, e->from);
  out += ' ';
  // RFC 3501: sender and reply-to default to from.
  writeAddresses(out, e->sender ? e->sender : e->from);
  out += ' ';
  writeAddresses(out, e->replyTo ? e->replyTo : e->from);
  out += ' ';
  writeAddresses(out, e->to);
  out += ' ';
  writeAddresses(out, e->cc);
  out += ' ';
  writeAddresses(out, e->bcc);
  out += ' ';
  appendNstringNoLf(out, e->inReplyTo);
  out += ' ';
  appendNstringNoLf(out, e->messageId);
}

void writeParams(std::string& out, const std::vector<std::pair<std::string, std::string>>& params,
                 bool defaultCharset) {
  if (!defaultCharset && params.empty()) {
    out += "NIL";
    return;
  }
  out += '(';
  bool seenCharset = false;
  bool first = true;
  for (const auto& [name, value] : params) {
    if (!first) out += ' ';
    first = false;
    if (defaultCharset && strcasecmp(name.c_str(), "charset") == 0) seenCharset = true;
    appendString(out, name);
    out += ' ';
    appendString(out, value);
  }
  if (defaultCharset && !seenCharset) {
    if (!first) out += ' ';
    out += "\"charset\" \"";
    out += kDefaultCharset;
    out += '"';
  }
  out += ')';
}

void writeCommonExtensions(std::string& out, const PartData& d) {
  out += ' ';
  if (!d.disposition) {
    out += "NIL";
  } else {
    out += '(';
    appendString(out, *d.disposition);
    out += ' ';
    writeParams(out, d.dispositionParams, false);
    out += ')';
  }
  out += ' ';
  if (!d.languages) {
    out += "NIL";
  } else {
    out += '(';
    for (std::size_t i = 0; i < d.languages->size(); ++i) {
      if (i > 0) out += ' ';
      appendString(out, (*d.languages)[i]);
    }
    out += ')';
  }
  out += ' ';
  appendNstringNoLf(out, d.location);
}

void writePart(std::string& out, const MessagePart& part, std::string_view m, bool ext);

void writeSiblings(std::string& out, const MessagePart& parent, std::string_view m, bool ext) {
  for (const auto& child : parent.children) {
    out += '(';
    writePart(out, *child, m, ext);
    out += ')';
  }
}

void writeMultipart(std::string& out, const MessagePart& part, std::string_view m, bool ext) {
  const PartData& d = part.data;
  if (!part.children.empty()) {
    writeSiblings(out, part, m, ext);
  } else {
    out += ext ? kEmptyBodyStructure : kEmptyBody;
  }
  out += ' ';
  appendString(out, d.subtype.value_or(""));
  if (!ext) return;
  out += ' ';
  writeParams(out, d.typeParams, false);
  writeCommonExtensions(out, d);
}

bool isTruncated(const MessagePart& part) {
  // Parts past Dovecot's MIME limits keep their Content-Type but lose the parser flag; they are
  // then shown as application/octet-stream.
  const PartData& d = part.data;
  if (d.type) {
    if (strcasecmp(d.type->c_str(), "message") == 0 && strcasecmp(d.subtype->c_str(), "rfc822") == 0) return true;
    if (strcasecmp(d.type->c_str(), "multipart") == 0) return true;
    return false;
  }
  return part.parent != nullptr && part.parent->has(kPartDigest);
}

void writeLeaf(std::string& out, const MessagePart& part, std::string_view m, bool ext) {
  const PartData& d = part.data;
  bool text = false;
  if (part.has(kPartMessageRfc822)) {
    out += R"("message" "rfc822")";
  } else if (isTruncated(part)) {
    out += R"("application" "octet-stream")";
  } else if (!d.type) {
    text = true;
    out += R"("text" "plain")";
  } else {
    text = strcasecmp(d.type->c_str(), "text") == 0;
    appendString(out, *d.type);
    out += ' ';
    appendString(out, d.subtype.value_or(""));
  }
  out += ' ';
  writeParams(out, d.typeParams, text);
  out += ' ';
  appendNstringNoLf(out, d.id);
  out += ' ';
  appendNstringNoLf(out, d.description);
  out += ' ';
  if (d.transferEncoding) {
    appendString(out, *d.transferEncoding);
  } else {
    out += "\"7bit\"";
  }
  out += ' ';
  out += std::to_string(part.bodySize);
  if (text) {
    out += ' ';
    out += std::to_string(countLines(m, part.bodyOffset, part.bodySize));
  } else if (part.has(kPartMessageRfc822) && !part.children.empty()) {
    const MessagePart& child = *part.children.front();
    out += " (";
    writeEnvelopeFields(out, child.envelope ? &*child.envelope : nullptr);
    out += ") ";
    writeSiblings(out, part, m, ext);
    out += ' ';
    out += std::to_string(countLines(m, part.bodyOffset, part.bodySize));
  }
  if (!ext) return;
  out += ' ';
  appendNstringNoLf(out, d.md5);
  writeCommonExtensions(out, d);
}

void writePart(std::string& out, const MessagePart& part, std::string_view m, bool ext) {
  if (part.has(kPartMultipart)) {
    writeMultipart(out, part, m, ext);
  } else {
    writeLeaf(out, part, m, ext);
  }
}

}  // namespace

std::string renderEnvelope(const Envelope* envelope) {
  std::string out = "(";
  writeEnvelopeFields(out, envelope);
  out += ')';
  return out;
}

std::string renderBodyStructure(const MessagePart& part, std::string_view message, bool extensible) {
  std::string out = "(";
  writePart(out, part, message, extensible);
  out += ')';
  return out;
}

}  // namespace oxh::dovecot::mime
