#include "mock_dovecot/thread/address_key.hpp"

#include "mock_dovecot/thread/header_decode.hpp"

namespace oxh::dovecot::thread {
namespace {

bool isAtext(char c) {
  if (static_cast<unsigned char>(c) >= 0x80) {
    return true;
  }
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool atEnd() const { return pos_ >= s_.size(); }
  char peek() const { return atEnd() ? '\0' : s_[pos_]; }
  void advance() { ++pos_; }
  std::size_t position() const { return pos_; }
  void reset(std::size_t pos) { pos_ = pos; }
  const std::string& lastComment() const { return lastComment_; }

  // CFWS; remembers the text of the last comment (Dovecot uses it as an addr-spec's name).
  void skipCfws() {
    while (!atEnd()) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance();
      } else if (c == '(') {
        lastComment_.clear();
        int depth = 0;
        for (; !atEnd(); advance()) {
          const char d = peek();
          if (d == '\\' && pos_ + 1 < s_.size()) {
            advance();
            lastComment_ += peek();
            continue;
          }
          if (d == '(' && depth++ == 0) {
            continue;
          }
          if (d == ')' && --depth == 0) {
            advance();
            break;
          }
          lastComment_ += d;
        }
      } else {
        return;
      }
    }
  }

  bool atom(std::string& out, bool allowDot) {
    const std::size_t start = pos_;
    while (!atEnd() && (isAtext(peek()) || (allowDot && peek() == '.'))) {
      out += peek();
      advance();
    }
    return pos_ != start;
  }

  bool quoted(std::string& out) {
    if (peek() != '"') {
      return false;
    }
    for (advance(); !atEnd(); advance()) {
      const char c = peek();
      if (c == '"') {
        advance();
        return true;
      }
      if (c == '\\' && pos_ + 1 < s_.size()) {
        advance();
      }
      if (peek() != '\r' && peek() != '\n') {
        out += peek();
      }
    }
    return true;
  }

  // phrase = 1*word (obs-phrase also allows "."), words joined by one space.
  std::string phrase() {
    std::string out;
    for (;;) {
      skipCfws();
      std::string word;
      if (peek() == '"') {
        quoted(word);
      } else if (!atom(word, true)) {
        break;
      }
      if (!out.empty()) {
        out += ' ';
      }
      out += word;
    }
    return out;
  }

  bool localPart(std::string& out) {
    skipCfws();
    if (peek() == '"') {
      return quoted(out);
    }
    if (!atom(out, false)) {
      return false;
    }
    for (;;) {
      skipCfws();
      if (peek() != '.') {
        return true;
      }
      advance();
      out += '.';
      skipCfws();
      if (!atom(out, false)) {
        return true;
      }
    }
  }

  bool domain(std::string& out) {
    skipCfws();
    if (peek() == '[') {
      for (; !atEnd() && peek() != ']'; advance()) {
        out += peek();
      }
      if (!atEnd()) {
        out += ']';
        advance();
      }
      return true;
    }
    return localPart(out);
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
  std::string lastComment_;
};

// MESSAGE_ADDRESS_PARSE_FLAG_FILL_MISSING: Dovecot sorts a missing local part or domain by
// these placeholder strings.
void fillMissing(FirstAddress& addr) {
  if (addr.mailbox.empty()) {
    addr.mailbox = "MISSING_MAILBOX";
  }
  if (addr.domain.empty()) {
    addr.domain = "MISSING_DOMAIN";
  }
  addr.hasDomain = true;
}

}  // namespace

FirstAddress parseFirstAddress(std::string_view headerValue) {
  FirstAddress addr;
  Scanner sc(headerValue);
  sc.skipCfws();
  if (sc.atEnd()) {
    return addr;
  }
  addr.present = true;
  const std::size_t start = sc.position();
  std::string phrase = sc.phrase();
  sc.skipCfws();
  if (sc.peek() == ':') {
    addr.mailbox = phrase;  // group: Dovecot reports the group name as the first "mailbox"
    return addr;
  }
  if (sc.peek() == '<') {
    addr.name = phrase;
    sc.advance();
    sc.skipCfws();
    if (sc.peek() == '@') {  // obsolete route "@a,@b:"
      while (!sc.atEnd() && sc.peek() != ':' && sc.peek() != '>') {
        sc.advance();
      }
      if (sc.peek() == ':') {
        sc.advance();
      }
    }
    if (sc.peek() != '>') {
      sc.localPart(addr.mailbox);
      sc.skipCfws();
      if (sc.peek() == '@') {
        sc.advance();
        addr.hasDomain = sc.domain(addr.domain);
      }
    }
    fillMissing(addr);
    return addr;
  }
  // addr-spec, possibly followed by "(Display Name)".
  sc.reset(start);
  sc.localPart(addr.mailbox);
  sc.skipCfws();
  if (sc.peek() == '@') {
    sc.advance();
    addr.hasDomain = sc.domain(addr.domain);
    sc.skipCfws();
    addr.name = sc.lastComment();
  } else {
    // No "@": one bare word stays the mailbox; more words become the display name.
    sc.reset(start);
    std::string words = sc.phrase();
    if (words != addr.mailbox) {
      addr.name = std::move(words);
      addr.mailbox.clear();
    }
  }
  fillMissing(addr);
  return addr;
}

std::string addressMailboxKey(std::string_view headerValue) {
  return parseFirstAddress(headerValue).mailbox;
}

std::string addressDisplayKey(std::string_view headerValue) {
  const FirstAddress addr = parseFirstAddress(headerValue);
  if (!addr.present) {
    return {};
  }
  std::string name = decodeHeaderUtf8(addr.name, false);
  if (!name.empty()) {
    return name;
  }
  if (addr.hasDomain && !addr.domain.empty()) {
    return addr.mailbox + "@" + addr.domain;
  }
  return addr.mailbox;
}

}  // namespace oxh::dovecot::thread
