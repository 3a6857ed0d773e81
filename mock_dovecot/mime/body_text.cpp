#include "mock_dovecot/mime/body_text.hpp"

#include <cctype>
#include <optional>
#include <strings.h>

#include "mock_dovecot/mime/charset.hpp"
#include "mock_dovecot/mime/decoding.hpp"
#include "mock_dovecot/mime/header_block.hpp"
#include "mock_dovecot/mime/html_to_text.hpp"
#include "mock_dovecot/mime/rfc822_tokenizer.hpp"

namespace oxh::dovecot::mime {
namespace {

enum class Cte { k78Bit, kBase64, kBinary, kQp, kUnknown };

// The decoder reads Content-Type itself, whether or not the part is MIME (unlike BODYSTRUCTURE).
struct DecoderView {
  std::optional<std::string> contentType;  // "" when malformed
  std::string charset;
  Cte cte = Cte::k78Bit;
};

Cte parseCte(std::string_view value) {
  Rfc822Tokenizer tok(value);
  tok.skipLwsp();
  std::string token;
  if (tok.mimeToken(token) == 1) {
    tok.skipLwsp();
    if (tok.peek() != ';') return Cte::kUnknown;  // "base64 binary" and the like
  }
  auto is = [&](const char* v) { return strcasecmp(token.c_str(), v) == 0; };
  if (is("7bit") || is("8bit")) return Cte::k78Bit;
  if (is("base64")) return Cte::kBase64;
  if (is("binary")) return Cte::kBinary;
  if (is("quoted-printable")) return Cte::kQp;
  return Cte::kUnknown;
}

DecoderView decoderView(const MessagePart& part) {
  DecoderView v;
  for (const HeaderField& f : part.headers) {
    if (equalsIgnoreCase(f.name, "Content-Type") && !v.contentType) {
      Rfc822Tokenizer tok(f.value);
      tok.skipLwsp();
      std::string ct;
      int ret = tok.contentType(ct);
      v.contentType = ct;
      if (ret < 0) continue;
      for (auto& [key, value] : parseMimeParameters(tok)) {
        if (strcasecmp(key.c_str(), "charset") == 0) {
          v.charset = value;
          break;
        }
      }
    } else if (equalsIgnoreCase(f.name, "Content-Transfer-Encoding")) {
      v.cte = parseCte(f.value);  // each one overrides the previous
    }
  }
  return v;
}

bool isHtml(const std::string& ct) {
  return strcasecmp(ct.c_str(), "text/html") == 0 || strcasecmp(ct.c_str(), "application/xhtml+xml") == 0;
}

struct SnippetTarget {
  std::string text;
  std::size_t charsLeft;
};

// A port of message-snippet.c's state machine: whitespace runs become one space (never leading
// or trailing), lines starting with '>' go to a separate quoted snippet used only when the body
// has nothing else, a UTF-8 BOM is skipped.
class SnippetBuilder {
 public:
  explicit SnippetBuilder(std::size_t maxChars) : main_{{}, maxChars}, quoted_{{}, maxChars - 1} {}

  // false once the snippet is full.
  bool feed(std::string_view data) {
    SnippetTarget* target = quotedState_ ? &quoted_ : &main_;
    std::size_t count = 1;
    for (std::size_t i = 0; i < data.size(); i += count) {
      count = 1;
      if (newline_) {
        newline_ = false;
        if (data[i] == '>') {
          quotedState_ = true;
          ++i;
          target = &quoted_;
        } else {
          quotedState_ = false;
          target = &main_;
        }
      }
      add(*target, data.substr(std::min(i, data.size())), count);
      if (main_.charsLeft == 0) return false;
    }
    return true;
  }

  [[nodiscard]] bool empty() const { return main_.text.empty() && quoted_.text.empty(); }

  [[nodiscard]] std::string result() const {
    if (!main_.text.empty()) return main_.text;
    if (!quoted_.text.empty()) return ">" + quoted_.text;
    return {};
  }

 private:
  void add(SnippetTarget& t, std::string_view d, std::size_t& count) {
    if (d.empty()) return;
    if (d.size() >= 3 && ((d.substr(0, 3) == "\xEF\xBB\xBF") || d.substr(0, 3) == "\xBF\xBB\xEF")) {
      count = 3;
      return;
    }
    if (d[0] == '\0') return;
    if (std::isspace(static_cast<unsigned char>(d[0]))) {
      if (!t.text.empty()) addWhitespace_ = true;
      if (d[0] == '\n') newline_ = true;
      return;
    }
    if (t.charsLeft == 0) return;
    --t.charsLeft;
    if (addWhitespace_) {
      if (t.charsLeft == 0) return;  // no trailing whitespace
      t.text += ' ';
      addWhitespace_ = false;
      --t.charsLeft;
    }
    count = std::min(utf8SequenceLength(static_cast<unsigned char>(d[0])), d.size());
    t.text.append(d.substr(0, count));
  }

  SnippetTarget main_, quoted_;
  bool newline_ = true;
  bool quotedState_ = false;
  bool addWhitespace_ = false;
};

bool isType(const std::optional<std::string>& v, const char* want) {
  return v && strcasecmp(v->c_str(), want) == 0;
}

// index_mail_find_first_text_mime_part(): a text part (or one without Content-Type); inside
// multipart/alternative text/plain, then text/html, then any other text/*; else depth-first.
const MessagePart* firstTextPart(const MessagePart& part) {
  const PartData& d = part.data;
  if (!d.type || isType(d.type, "text")) return &part;
  if (!isType(d.type, "multipart")) return nullptr;
  if (isType(d.subtype, "alternative")) {
    const MessagePart* html = nullptr;
    const MessagePart* text = nullptr;
    for (const auto& child : part.children) {
      const PartData& cd = child->data;
      if (cd.type && !isType(cd.type, "text")) continue;
      if (!cd.subtype || isType(cd.subtype, "plain")) return child.get();
      if (isType(cd.subtype, "html")) {
        html = child.get();
      } else {
        text = child.get();
      }
    }
    return html != nullptr ? html : text;
  }
  for (const auto& child : part.children) {
    if (const MessagePart* found = firstTextPart(*child)) return found;
  }
  return nullptr;
}

void leafParts(const MessagePart& part, std::vector<const MessagePart*>& out) {
  out.push_back(&part);
  for (const auto& child : part.children) leafParts(*child, out);
}

}  // namespace

std::string decodedPartBody(const MessagePart& part, std::string_view m) {
  DecoderView v = decoderView(part);
  std::string_view body = m.substr(part.bodyOffset, part.bodySize);
  std::string bytes;
  switch (v.cte) {
    case Cte::k78Bit:
    case Cte::kBinary:
      bytes = std::string(body);
      break;
    case Cte::kBase64:
      bytes = decodeBase64(body);
      break;
    case Cte::kQp:
      bytes = decodeQuotedPrintable(body);
      break;
    case Cte::kUnknown:
      return {};
  }
  return toUtf8(bytes, v.charset);
}

std::string collectBodyText(const MessagePart& root, std::string_view m) {
  std::vector<const MessagePart*> parts;
  leafParts(root, parts);
  std::string out;
  for (const MessagePart* p : parts) {
    if (!p->children.empty() || p->has(kPartMultipart) || !p->has(kPartText)) continue;
    if (!out.empty()) out += '\n';
    out += decodedPartBody(*p, m);
  }
  return out;
}

std::string makeSnippet(const MessagePart& root, std::string_view m, std::size_t maxChars) {
  // Dovecot 2.3 (index-mail.c) first picks one part from the BODYSTRUCTURE data and only then
  // runs message-snippet.c over that part's bytes, parsed as if they were a whole message. So a
  // message/rfc822 body gives no snippet, multipart/alternative prefers text/plain over
  // text/html, and a multipart/digest entry shows its encapsulated header lines as text
  // (all confirmed against Dovecot 2.3.19).
  const MessagePart* chosen = firstTextPart(root);
  if (chosen == nullptr) return {};
  std::string_view bytes = m.substr(chosen->headerOffset, chosen->headerSize + chosen->bodySize);
  std::unique_ptr<MessagePart> sub = parseMessageTree(bytes);
  std::vector<const MessagePart*> parts;
  leafParts(*sub, parts);  // document order, as the streaming parser meets them
  SnippetBuilder builder(maxChars);
  for (const MessagePart* p : parts) {
    if (!builder.empty()) break;  // the first part that produced text is the only one used
    DecoderView v = decoderView(*p);
    // Multipart containers never hand their own body (preamble, epilogue) to the decoder;
    // message/rfc822 bodies belong to the child part.
    if (p->has(kPartMultipart) || p->has(kPartMessageRfc822)) continue;
    bool html = v.contentType && isHtml(*v.contentType);
    if (v.contentType && !html && strncasecmp(v.contentType->c_str(), "text/", 5) != 0) continue;
    std::string text = decodedPartBody(*p, bytes);
    if (html) text = htmlToText(text);
    if (!builder.feed(text)) break;
  }
  std::string s = builder.result();
  std::size_t lead = 0;
  while (lead < s.size() && std::isspace(static_cast<unsigned char>(s[lead]))) ++lead;
  return s.substr(lead);
}

}  // namespace oxh::dovecot::mime
