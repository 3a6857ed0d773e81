#pragma once
// RFC 5322 / RFC 2045 lexical tokens over an unfolded header value, with Dovecot 2.3's leniency
// (lib-mail rfc822-parser): comments are skipped as whitespace, quoted-pairs lose their
// backslash, folding (CR)LF inside quoted strings and comments is removed.
// Thread: a tokenizer is a cursor over borrowed bytes; use one per parse.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oxh::dovecot::mime {

// RFC 5322 section 3.2.3 atext (8-bit bytes count as atext, as in Dovecot).
bool isAtext(unsigned char c);
// RFC 2045 section 5.1 token characters (atext minus the tspecials '/', '?', '=').
bool isTokenChar(unsigned char c);

class Rfc822Tokenizer {
 public:
  explicit Rfc822Tokenizer(std::string_view data) : data_(data) {}

  // Results follow Dovecot's convention: 1 = more input follows, 0 = end of input, -1 = error.
  int skipLwsp();
  int skipComment();
  int atom(std::string& out);
  int dotAtom(std::string& out);
  int mimeToken(std::string& out);
  int quotedString(std::string& out);
  int phrase(std::string& out);
  int domain(std::string& out);  // at '@'
  // "type/subtype" into out; on a malformed value out is left empty and -1 returned.
  int contentType(std::string& out);
  // One ";" attribute "=" value; 0 at the end, -1 when malformed.
  int contentParam(std::string& key, std::string& value);

  [[nodiscard]] bool atEnd() const { return pos_ >= data_.size(); }
  [[nodiscard]] char peek() const { return atEnd() ? '\0' : data_[pos_]; }
  void advance() { ++pos_; }
  [[nodiscard]] std::size_t position() const { return pos_; }
  void seek(std::size_t pos) { pos_ = pos; }
  // Text of the last comment skipped (the display name of "user@host (Name)").
  [[nodiscard]] const std::string& lastComment() const { return lastComment_; }
  void clearLastComment() { lastComment_.clear(); }

 private:
  int more() const { return atEnd() ? 0 : 1; }
  int atomOrDot(std::string& out);
  int domainLiteral(std::string& out);

  std::string_view data_;
  std::size_t pos_ = 0;
  std::string lastComment_;
};

// RFC 2045 parameters after the type (RFC 2231 continuations merged the way Dovecot's
// rfc2231-parser does). Pairs of (attribute, value) in header order; `broken` reports junk.
std::vector<std::pair<std::string, std::string>> parseMimeParameters(Rfc822Tokenizer& tok, bool* broken = nullptr);

}  // namespace oxh::dovecot::mime
