// Content-* and envelope fields of a part, as Dovecot 2.3's lib-mail message-part-data.c
// collects them for BODYSTRUCTURE and ENVELOPE.
#include <cstring>
#include <strings.h>

#include "mock_dovecot/mime/header_block.hpp"
#include "mock_dovecot/mime/message_part.hpp"
#include "mock_dovecot/mime/rfc822_tokenizer.hpp"

namespace oxh::dovecot::mime {
namespace {

// Dovecot keeps header values as C strings: a NUL becomes U+FFFD.
std::string headerString(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\0') {
      out += "\xEF\xBF\xBD";
    } else {
      out += c;
    }
  }
  return out;
}

void parseContentType(PartData& d, std::string_view value) {
  Rfc822Tokenizer tok(value);
  tok.skipLwsp();
  std::string ct;
  int ret = tok.contentType(ct);
  std::size_t slash = ct.find('/');
  // A broken Content-Type still counts (type "" and subtype ""), so it is not shown as
  // text/plain while the parser flags say otherwise.
  d.subtype = slash == std::string::npos ? std::string() : ct.substr(slash + 1);
  d.type = ct.substr(0, slash);
  if (ret < 0) return;
  d.typeParams = parseMimeParameters(tok);
}

void parseTransferEncoding(PartData& d, std::string_view value) {
  Rfc822Tokenizer tok(value);
  tok.skipLwsp();
  std::string s;
  if (tok.mimeToken(s) >= 0 && tok.skipLwsp() == 0 && !s.empty()) d.transferEncoding = s;
}

void parseDisposition(PartData& d, std::string_view value) {
  Rfc822Tokenizer tok(value);
  tok.skipLwsp();
  std::string s;
  if (tok.mimeToken(s) < 0) return;
  d.disposition = s;
  d.dispositionParams = parseMimeParameters(tok);
}

void parseLanguage(PartData& d, std::string_view value) {
  // RFC 3282: Content-Language = 1#Language-tag
  Rfc822Tokenizer tok(value);
  std::vector<std::string> langs;
  tok.skipLwsp();
  std::string s;
  while (tok.atom(s) >= 0) {
    langs.push_back(s);
    s.clear();
    if (tok.atEnd() || tok.peek() != ',') break;
    tok.advance();
    tok.skipLwsp();
  }
  if (!langs.empty()) d.languages = std::move(langs);
}

void parseContentHeader(PartData& d, const HeaderField& f) {
  std::string_view name = std::string_view(f.name).substr(8);
  // The first of each header wins, except Content-Disposition: a later one replaces an earlier
  // one that had no parameters (Dovecot tests content_disposition_params == NULL).
  if (equalsIgnoreCase(name, "ID")) {
    if (!d.id) d.id = headerString(f.value);
  } else if (equalsIgnoreCase(name, "MD5")) {
    if (!d.md5) d.md5 = headerString(f.value);
  } else if (equalsIgnoreCase(name, "Type")) {
    if (!d.type) parseContentType(d, f.value);
  } else if (equalsIgnoreCase(name, "Transfer-Encoding")) {
    if (!d.transferEncoding) parseTransferEncoding(d, f.value);
  } else if (equalsIgnoreCase(name, "Language")) {
    if (!d.languages) parseLanguage(d, f.value);
  } else if (equalsIgnoreCase(name, "Location")) {
    if (!d.location) d.location = headerString(f.value);
  } else if (equalsIgnoreCase(name, "Description")) {
    if (!d.description) d.description = headerString(f.value);
  } else if (equalsIgnoreCase(name, "Disposition")) {
    if (d.dispositionParams.empty()) {
      d.dispositionParams.clear();
      parseDisposition(d, f.value);
    }
  }
}

void mergeAddresses(std::optional<std::vector<Address>>& field, std::string_view value) {
  // Several From/To/... headers are merged as if comma-separated (Dovecot, for security).
  std::vector<Address> parsed = parseAddressList(value);
  if (parsed.empty()) return;
  if (!field) field.emplace();
  field->insert(field->end(), parsed.begin(), parsed.end());
}

}  // namespace

Envelope parseEnvelope(const std::vector<HeaderField>& headers) {
  Envelope e;
  for (const HeaderField& f : headers) {
    const std::string& n = f.name;
    // Date, Subject, In-Reply-To and Message-ID: the last header wins, while address headers
    // are merged (confirmed against Dovecot 2.3.19).
    if (equalsIgnoreCase(n, "Date")) {
      e.date = headerString(f.value);
    } else if (equalsIgnoreCase(n, "Subject")) {
      e.subject = headerString(f.value);
    } else if (equalsIgnoreCase(n, "In-Reply-To")) {
      e.inReplyTo = headerString(f.value);
    } else if (equalsIgnoreCase(n, "Message-ID")) {
      e.messageId = headerString(f.value);
    } else if (equalsIgnoreCase(n, "From")) {
      mergeAddresses(e.from, f.value);
    } else if (equalsIgnoreCase(n, "Sender")) {
      mergeAddresses(e.sender, f.value);
    } else if (equalsIgnoreCase(n, "Reply-To")) {
      mergeAddresses(e.replyTo, f.value);
    } else if (equalsIgnoreCase(n, "To")) {
      mergeAddresses(e.to, f.value);
    } else if (equalsIgnoreCase(n, "Cc")) {
      mergeAddresses(e.cc, f.value);
    } else if (equalsIgnoreCase(n, "Bcc")) {
      mergeAddresses(e.bcc, f.value);
    }
  }
  return e;
}

void parsePartData(MessagePart& part) {
  PartData d;
  for (const HeaderField& f : part.headers) {
    if (f.name.size() >= 8 && strncasecmp(f.name.c_str(), "Content-", 8) == 0) parseContentHeader(d, f);
  }
  // Without MIME-Version (or Content-Type) Dovecot forgets all Content-* headers.
  part.data = part.has(kPartIsMime) ? std::move(d) : PartData{};
  bool parentRfc822 = part.parent != nullptr && part.parent->has(kPartMessageRfc822);
  if (parentRfc822 && !part.headers.empty()) part.envelope = parseEnvelope(part.headers);
}

}  // namespace oxh::dovecot::mime
