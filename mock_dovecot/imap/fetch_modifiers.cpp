#include "mock_dovecot/imap/fetch_modifiers.hpp"

#include <cctype>
#include <limits>

#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

bool parseUoff(const std::string& text, std::size_t& pos, std::uint64_t& value) {
  value = 0;
  if (pos >= text.size() || std::isdigit(static_cast<unsigned char>(text[pos])) == 0) {
    return false;
  }
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
    const auto digit = static_cast<std::uint64_t>(text[pos] - '0');
    if (value > (static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) - digit) / 10) {
      return false;
    }
    value = value * 10 + digit;
    ++pos;
  }
  return true;
}

bool parseFetchModifiers(const std::vector<ImapArg>& modifiers, bool uid, bool qresync, FetchRequest& request,
                         std::string& error) {
  for (std::size_t i = 0; i < modifiers.size(); ++i) {
    if (!modifiers[i].isAtom()) {
      error = "FETCH modifiers contain non-atoms.";
      return false;
    }
    if (uid && iequals(modifiers[i].value, "VANISHED")) {
      if (!qresync) {
        error = "QRESYNC not enabled";
        return false;
      }
      request.vanished = true;
      continue;
    }
    if (!iequals(modifiers[i].value, "CHANGEDSINCE")) {
      error = "Unknown FETCH modifier";
      return false;
    }
    std::uint64_t value = 0;
    std::size_t pos = 0;
    const std::string text = i + 1 < modifiers.size() && modifiers[i + 1].isAtom() ? modifiers[i + 1].value : "";
    if (text.empty() || !parseUoff(text, pos, value) || pos != text.size()) {
      error = "Invalid CHANGEDSINCE modseq.";
      return false;
    }
    ++i;
    request.changedSince = value;
    request.modseq = true;
  }
  if (request.vanished && !request.changedSince) {
    // Confirmed against Dovecot 2.3.19 ("UID FETCH 1:* (FLAGS) (VANISHED)").
    error = "VANISHED used without CHANGEDSINCE";
    return false;
  }
  return true;
}

}  // namespace oxh::dovecot::imap
