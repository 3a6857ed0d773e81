#include "mock_dovecot/imap/mailbox_pattern.hpp"

#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot::imap {

namespace {

bool match(std::string_view name, std::string_view pattern) {
  if (pattern.empty()) {
    return name.empty();
  }
  const char p = pattern.front();
  if (p == '*' || p == '%') {
    for (std::size_t i = 0; i <= name.size(); ++i) {
      if (match(name.substr(i), pattern.substr(1))) {
        return true;
      }
      if (i < name.size() && p == '%' && name[i] == '/') {
        return false;
      }
    }
    return false;
  }
  return !name.empty() && name.front() == p && match(name.substr(1), pattern.substr(1));
}

}  // namespace

bool matchesPattern(std::string_view name, std::string_view pattern) {
  return match(name, canonicalMailboxName(std::string(pattern)));
}

std::string combinePattern(std::string_view reference, std::string_view pattern) {
  if (reference.empty() || (!pattern.empty() && pattern.front() == '/')) {
    return std::string(pattern);
  }
  // Dovecot's mailbox_list_default_join_refpattern: plain concatenation.
  return std::string(reference) + std::string(pattern);
}

}  // namespace oxh::dovecot::imap
