#include "common/clients/imap_tokens.hpp"

#include <charconv>

namespace oxh::clients::imap {
namespace {

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view input) : input_(input) {}

  std::vector<Token> sequence(char closer) {
    std::vector<Token> out;
    while (pos_ < input_.size()) {
      const char c = input_[pos_];
      if (c == ' ' || c == '\r' || c == '\n') {
        ++pos_;
      } else if (c == closer) {
        ++pos_;
        return out;
      } else if (c == '(') {
        ++pos_;
        out.push_back(Token{Token::Type::List, {}, sequence(')')});
      } else if (c == '[') {
        ++pos_;
        out.push_back(Token{Token::Type::Bracket, {}, sequence(']')});
      } else if (c == '"') {
        out.push_back(quoted());
      } else if ((c == '{' || (c == '~' && peek(1) == '{')) && literalAhead()) {
        out.push_back(literal());
      } else {
        out.push_back(atom(closer));
      }
    }
    return out;
  }

 private:
  [[nodiscard]] char peek(std::size_t offset) const {
    return pos_ + offset < input_.size() ? input_[pos_ + offset] : '\0';
  }

  // "{123}\r\n", "{123+}\r\n" or "~{123}\r\n" at pos_.
  bool literalAhead() {
    std::size_t p = pos_ + (input_[pos_] == '~' ? 2 : 1);
    const std::size_t digits = p;
    while (p < input_.size() && input_[p] >= '0' && input_[p] <= '9') {
      ++p;
    }
    if (p == digits) {
      return false;
    }
    if (p < input_.size() && input_[p] == '+') {
      ++p;
    }
    return input_.substr(p, 3) == "}\r\n";
  }

  Token literal() {
    pos_ += input_[pos_] == '~' ? 2 : 1;
    std::size_t size = 0;
    const auto [ptr, ec] = std::from_chars(input_.data() + pos_, input_.data() + input_.size(), size);
    pos_ = static_cast<std::size_t>(ptr - input_.data());
    (void)ec;
    if (input_[pos_] == '+') {
      ++pos_;
    }
    pos_ += 3;  // "}\r\n"
    Token token{Token::Type::Literal, std::string(input_.substr(pos_, size)), {}};
    pos_ = std::min(input_.size(), pos_ + size);
    return token;
  }

  Token quoted() {
    ++pos_;
    std::string text;
    while (pos_ < input_.size() && input_[pos_] != '"') {
      if (input_[pos_] == '\\' && pos_ + 1 < input_.size()) {
        ++pos_;
      }
      text += input_[pos_++];
    }
    ++pos_;
    return Token{Token::Type::Quoted, std::move(text), {}};
  }

  // Atoms run to a space or a closer; a '[' inside an atom (BODY[HEADER]) is part of it up to
  // its matching ']'.
  Token atom(char closer) {
    std::string text;
    int depth = 0;
    while (pos_ < input_.size()) {
      const char c = input_[pos_];
      if (depth == 0 && (c == ' ' || c == '\r' || c == '\n' || c == '(' || c == ')' || c == closer)) {
        break;
      }
      if (c == '[') {
        ++depth;
      } else if (c == ']' && depth > 0) {
        --depth;
      }
      text += c;
      ++pos_;
    }
    if (text.empty()) {  // a lone closer that does not belong here
      text += input_[pos_++];
    }
    return Token{Token::Type::Atom, std::move(text), {}};
  }

  std::string_view input_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view line) {
  Tokenizer tokenizer(line);
  return tokenizer.sequence('\0');
}

std::string Token::str() const {
  switch (type) {
    case Type::Atom:
      return text;
    case Type::Quoted:
      return "\"" + text + "\"";
    case Type::Literal:
      return "{" + std::to_string(text.size()) + "}" + text;
    case Type::List:
    case Type::Bracket: {
      std::string out(1, type == Type::List ? '(' : '[');
      for (std::size_t i = 0; i < children.size(); ++i) {
        out += (i == 0 ? "" : " ") + children[i].str();
      }
      return out + (type == Type::List ? ')' : ']');
    }
  }
  return text;
}

}  // namespace oxh::clients::imap
