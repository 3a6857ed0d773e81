#include "mock_dovecot/mime/address_list.hpp"

#include "mock_dovecot/mime/rfc822_tokenizer.hpp"

namespace oxh::dovecot::mime {
namespace {

// A line-by-line port of the decisions in Dovecot's message-address.c, so that broken
// addresses come out exactly as real Dovecot prints them. Local parts use the non-strict
// dot rule (Dovecot's default): "a..b@c" and "a.@c" are accepted.
class AddressParser {
 public:
  explicit AddressParser(std::string_view value) : tok_(value) {}

  std::vector<Address> run() {
    if (tok_.skipLwsp() > 0) addressList();
    return std::move(out_);
  }

 private:
  void add() {
    out_.push_back(std::move(addr_));
    addr_ = Address{};
  }

  int nonStrictDotAtom(std::string& s) {
    int ret = -1;
    do {
      while (tok_.peek() == '.' && !tok_.atEnd()) {
        s += '.';
        tok_.advance();
        if (tok_.atEnd()) return 0;  // local part ok, @domain missing
        ret = 1;
      }
      if (tok_.peek() == '@') break;
      ret = tok_.atom(s);
    } while (ret > 0 && tok_.peek() == '.');
    return ret;
  }

  int localPart() {
    std::string s;
    int ret = tok_.peek() == '"' ? tok_.quotedString(s) : nonStrictDotAtom(s);
    if (ret < 0) return -1;
    addr_.mailbox = s;
    return ret;
  }

  int domain() {
    std::string s;
    int ret = tok_.domain(s);
    if (ret < 0) return -1;
    addr_.domain = s;
    return ret;
  }

  int domainList() {
    // obs-domain-list = "@" domain *(*(CFWS / ",") [CFWS] "@" domain)
    std::string s;
    for (;;) {
      if (tok_.atEnd()) return 0;
      if (tok_.peek() != '@') break;
      if (!s.empty()) s += ',';
      s += '@';
      int ret = tok_.domain(s);
      if (ret <= 0) return ret;
      while (tok_.skipLwsp() > 0 && tok_.peek() == ',') tok_.advance();
    }
    addr_.route = s;
    return 1;
  }

  int angleAddr() {
    tok_.advance();  // '<'
    if (tok_.skipLwsp() <= 0) return -1;
    if (tok_.peek() == '@') {
      if (domainList() > 0 && tok_.peek() == ':') {
        tok_.advance();
      } else {
        addr_.route = "INVALID_ROUTE";
        if (tok_.atEnd()) return -1;
      }
      if (tok_.skipLwsp() <= 0) return -1;
    }
    if (tok_.peek() != '>') {
      if (localPart() <= 0) return -1;
      if (tok_.peek() == '@' && !tok_.atEnd()) {
        if (domain() <= 0) return -1;
      }
    }
    if (tok_.atEnd() || tok_.peek() != '>') return -1;
    tok_.advance();
    return tok_.skipLwsp();
  }

  int nameAddr() {
    std::string s;
    if (tok_.phrase(s) <= 0 || tok_.peek() != '<') return -1;
    if (!s.empty()) addr_.name = s;  // "<addr>" alone has no display name
    if (angleAddr() < 0) {
      addr_.domain = "SYNTAX_ERROR";
      addr_.invalidSyntax = true;
    }
    return tok_.atEnd() ? 0 : 1;
  }

  int addrSpec() {
    int ret2 = -2;
    tok_.clearLastComment();
    bool quoted = tok_.peek() == '"';
    int ret = localPart();
    if (ret <= 0) addr_.invalidSyntax = true;
    if (ret != 0 && !tok_.atEnd() && tok_.peek() == '@') {
      ret2 = domain();
      if (ret2 <= 0) ret = ret2;
    }
    if (!tok_.lastComment().empty()) {
      addr_.name = tok_.lastComment();
    } else if (ret2 == -2) {
      // A lone word: a mailbox if nothing follows ("just-a-name" -> (NIL NIL "just-a-name"
      // "MISSING_DOMAIN")), else the start of a display name (confirmed against Dovecot 2.3.19).
      std::string s = addr_.mailbox.value_or("") + " ";
      std::size_t before = s.size();
      (void)tok_.phrase(s);
      if (s.size() != before) {
        addr_.mailbox.reset();
        addr_.name = s;
      } else if (!quoted) {
        addr_.domain = "";
      }
      addr_.invalidSyntax = true;
      ret = -1;
    }
    return ret;
  }

  void addFixed() {
    if (!addr_.mailbox) {
      addr_.mailbox = "MISSING_MAILBOX";
      addr_.invalidSyntax = true;
    }
    if (!addr_.domain || addr_.domain->empty()) {
      addr_.domain = "MISSING_DOMAIN";
      addr_.invalidSyntax = true;
    }
    add();
  }

  int mailbox() {
    std::size_t start = tok_.position();
    int ret = nameAddr();
    if (ret < 0) {
      tok_.seek(start);
      addr_ = Address{};
      ret = addrSpec();
      if (addr_.invalidSyntax && !addr_.name && addr_.mailbox && !addr_.domain) {
        addr_.name = addr_.mailbox;
        addr_.mailbox.reset();
      }
    }
    if (ret < 0) addr_.invalidSyntax = true;
    addFixed();
    return ret;
  }

  int group() {
    std::string s;
    if (tok_.phrase(s) <= 0 || tok_.peek() != ':') return -1;
    tok_.advance();
    int ret = tok_.skipLwsp();
    if (ret <= 0) addr_.invalidSyntax = true;
    addr_.mailbox = s;
    add();
    if (ret > 0 && tok_.peek() != ';') {
      for (;;) {
        (void)mailbox();  // a broken member: keep going, as Dovecot does
        if (tok_.atEnd() || tok_.peek() != ',') break;
        tok_.advance();
        if (tok_.skipLwsp() <= 0) {
          ret = -1;
          break;
        }
      }
    }
    if (ret >= 0) {
      if (tok_.atEnd() || tok_.peek() != ';') {
        ret = -1;
      } else {
        tok_.advance();
        ret = tok_.skipLwsp();
      }
    }
    if (ret < 0) addr_.invalidSyntax = true;
    add();
    return ret == 0 ? 0 : 1;
  }

  int address() {
    std::size_t start = tok_.position();
    int ret = group();
    if (ret < 0) {
      tok_.seek(start);
      addr_ = Address{};
      ret = mailbox();
    }
    return ret;
  }

  void addressList() {
    for (;;) {
      if (address() == 0) break;
      if (tok_.atEnd() || tok_.peek() != ',') break;
      tok_.advance();
      int ret = tok_.skipLwsp();
      if (ret <= 0) {
        if (ret < 0) addFixed();  // ends with garbage
        break;
      }
    }
  }

  Rfc822Tokenizer tok_;
  Address addr_;
  std::vector<Address> out_;
};

}  // namespace

std::vector<Address> parseAddressList(std::string_view value) { return AddressParser(value).run(); }

}  // namespace oxh::dovecot::mime
