#include "common/clients/imap_match.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "common/clients/imap_tokens.hpp"

namespace oxh::clients::imap {
namespace {

bool isRest(const Token& token) { return token.type == Token::Type::Atom && token.text == "..."; }

bool isCapture(const Token& token) {
  return token.type == Token::Type::Atom && !token.text.empty() && token.text[0] == '$';
}

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool isScalar(const Token& token) {
  return token.type != Token::Type::List && token.type != Token::Type::Bracket;
}

class Matcher {
 public:
  explicit Matcher(MatchOptions options) : options_(options) {}

  bool token(const Token& pattern, const Token& value, Captures& captures) const {
    if (isCapture(pattern)) {
      const std::string name = pattern.text.substr(1);
      const std::string text = isScalar(value) ? value.text : value.str();
      if (name.empty()) {
        return true;
      }
      auto bound = captures.find(name);
      if (bound != captures.end()) {
        return bound->second == text;
      }
      captures[name] = text;
      return true;
    }
    if (isScalar(pattern) != isScalar(value)) {
      return false;
    }
    if (isScalar(pattern)) {
      if (pattern.type == Token::Type::Atom && value.type == Token::Type::Atom) {
        return equalsIgnoreCase(pattern.text, value.text);
      }
      return pattern.text == value.text;
    }
    if (pattern.type != value.type) {
      return false;
    }
    return options_.ordered ? ordered(pattern.children, 0, value.children, 0, captures)
                            : unordered(pattern.children, value.children, captures);
  }

  bool ordered(const std::vector<Token>& pattern, std::size_t p, const std::vector<Token>& values, std::size_t v,
               Captures& captures) const {
    for (; p < pattern.size(); ++p, ++v) {
      if (isRest(pattern[p])) {
        return true;
      }
      if (v >= values.size()) {
        return false;
      }
      Captures trial = captures;
      if (!token(pattern[p], values[v], trial)) {
        return false;
      }
      captures = std::move(trial);
    }
    return v == values.size();
  }

  bool unordered(const std::vector<Token>& pattern, const std::vector<Token>& values, Captures& captures) const {
    std::vector<const Token*> wanted;
    bool rest = false;
    for (const auto& element : pattern) {
      if (isRest(element)) {
        rest = true;
      } else {
        wanted.push_back(&element);
      }
    }
    if (wanted.size() > values.size() || (!rest && wanted.size() != values.size())) {
      return false;
    }
    std::vector<bool> used(values.size(), false);
    return assign(wanted, 0, values, used, captures);
  }

  // Backtracking: element i of the pattern takes some unused value.
  bool assign(const std::vector<const Token*>& wanted, std::size_t i, const std::vector<Token>& values,
              std::vector<bool>& used, Captures& captures) const {
    if (i == wanted.size()) {
      return true;
    }
    for (std::size_t v = 0; v < values.size(); ++v) {
      if (used[v]) {
        continue;
      }
      Captures trial = captures;
      if (token(*wanted[i], values[v], trial)) {
        used[v] = true;
        if (assign(wanted, i + 1, values, used, trial)) {
          captures = std::move(trial);
          return true;
        }
        used[v] = false;
      }
    }
    return false;
  }

 private:
  MatchOptions options_;
};

}  // namespace

std::optional<Captures> matchResponse(std::string_view pattern, std::string_view response, const Captures& bound,
                                      MatchOptions options) {
  const auto patternTokens = tokenize(pattern);
  const auto responseTokens = tokenize(response);
  Captures captures = bound;
  // The top level of a response is always ordered: "* 3 EXISTS" is not "* EXISTS 3".
  Matcher inner(options);
  std::size_t p = 0;
  std::size_t v = 0;
  for (; p < patternTokens.size(); ++p, ++v) {
    if (isRest(patternTokens[p])) {
      return captures;
    }
    if (v >= responseTokens.size() || !inner.token(patternTokens[p], responseTokens[v], captures)) {
      return std::nullopt;
    }
  }
  if (v != responseTokens.size()) {
    return std::nullopt;
  }
  return captures;
}

}  // namespace oxh::clients::imap
