#include "mock_dovecot/imap/capabilities.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/error/error.hpp"

namespace oxh::dovecot::imap {

namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) {
      out += ' ';
    }
    out += word;
  }
  return out;
}

const std::vector<CapabilityProfile>& profiles() {
  static const std::vector<CapabilityProfile> kProfiles{
      // captures/imap-capabilities.txt (confirmed against Dovecot 2.3.19).
      {"dovecot-2.3",
       {"IMAP4rev1", "SASL-IR", "LOGIN-REFERRALS", "ID", "ENABLE", "IDLE", "LITERAL+"},
       {"PLAIN", "LOGIN"},
       {"IMAP4rev1", "SASL-IR", "LOGIN-REFERRALS", "ID", "ENABLE", "IDLE", "SORT", "SORT=DISPLAY",
        "THREAD=REFERENCES", "THREAD=REFS", "THREAD=ORDEREDSUBJECT", "MULTIAPPEND", "URL-PARTIAL", "CATENATE",
        "UNSELECT", "CHILDREN", "NAMESPACE", "UIDPLUS", "LIST-EXTENDED", "I18NLEVEL=1", "CONDSTORE", "QRESYNC",
        "ESEARCH", "ESORT", "SEARCHRES", "WITHIN", "CONTEXT=SEARCH", "LIST-STATUS", "BINARY", "MOVE",
        "SNIPPET=FUZZY", "PREVIEW=FUZZY", "PREVIEW", "STATUS=SIZE", "SAVEDATE", "LITERAL+", "NOTIFY",
        "SPECIAL-USE"},
       "SPECIAL-USE",
       true,
       true,
       true,
       {}},
      {"minimal-rev1",
       {"IMAP4rev1", "SASL-IR", "ID", "ENABLE", "IDLE", "LITERAL+"},
       {"PLAIN"},
       {"IMAP4rev1", "SASL-IR", "ID", "ENABLE", "IDLE", "UNSELECT", "CHILDREN", "NAMESPACE", "UIDPLUS",
        "LITERAL+", "SPECIAL-USE"},
       "",
       false,
       true,
       true,
       {}},
  };
  return kProfiles;
}

}  // namespace

const CapabilityProfile* findCapabilityProfile(const std::string& name) {
  for (const auto& profile : profiles()) {
    if (profile.name == name) {
      return &profile;
    }
  }
  return nullptr;
}

std::string preLoginCapabilities(const CapabilityProfile& profile, bool offerStartTls) {
  std::string out = join(profile.preLogin);
  if (offerStartTls && profile.startTls) {
    out += " STARTTLS";
  }
  for (const auto& mechanism : profile.authMechanisms) {
    out += " AUTH=" + mechanism;
  }
  return out;
}

std::string postLoginCapabilities(const CapabilityProfile& profile, bool metadata) {
  std::vector<std::string> words = profile.postLogin;
  if (metadata && profile.metadata) {
    auto at = std::find(words.begin(), words.end(), profile.metadataBefore);
    words.insert(at, "METADATA");
  }
  return join(words);
}

namespace {

[[noreturn]] void badToggle(const std::string& what) { throw OxhException(Error("oxh.dovecot.capability", what)); }

bool contains(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool eraseWord(std::vector<std::string>& words, const std::string& word) {
  const auto before = words.size();
  words.erase(std::remove(words.begin(), words.end(), word), words.end());
  return words.size() != before;
}

}  // namespace

CapabilityProfile applyCapabilityToggles(const CapabilityProfile& base, const std::vector<std::string>& toggles) {
  CapabilityProfile profile = base;
  for (const auto& toggle : toggles) {
    if (toggle.size() < 2 || (toggle[0] != '+' && toggle[0] != '-')) {
      badToggle("capability toggle '" + toggle + "' must be +NAME or -NAME");
    }
    std::string name = toggle.substr(1);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c <= 0x20 || c >= 0x7f || c == '(' || c == ')'; })) {
      badToggle("capability '" + name + "' must be one IMAP atom");
    }
    const bool add = toggle[0] == '+';
    if (add) {
      if (name == "METADATA" || name == "STARTTLS" || name.rfind("AUTH=", 0) == 0) {
        badToggle("+" + name + " cannot be added: the fake offers it when it implements it (METADATA per "
                  "metadata_networks, STARTTLS with TLS, AUTH=PLAIN and AUTH=LOGIN)");
      }
      if (!contains(profile.postLogin, name)) {
        profile.postLogin.push_back(name);
      }
      eraseWord(profile.removed, name);
      continue;
    }
    bool found = false;
    if (name == "METADATA") {
      found = profile.metadata;
      profile.metadata = false;
    } else if (name == "STARTTLS") {
      found = profile.startTls;
      profile.startTls = false;
    } else if (name.rfind("AUTH=", 0) == 0) {
      found = eraseWord(profile.authMechanisms, name.substr(5));
    } else {
      found = eraseWord(profile.preLogin, name);
      found = eraseWord(profile.postLogin, name) || found;
    }
    if (!found) {
      badToggle("-" + name + ": profile " + base.name + " has no capability " + name);
    }
    if (!contains(profile.removed, name)) {
      profile.removed.push_back(name);
    }
  }
  if (!toggles.empty()) {
    profile.name = base.name + " (" + join(toggles) + ")";
  }
  return profile;
}

bool commandRemoved(const CapabilityProfile& profile, std::string_view command) {
  if (profile.removed.empty()) {
    return false;
  }
  static const std::map<std::string_view, std::string_view> kGates{
      {"IDLE", "IDLE"},           {"ENABLE", "ENABLE"},     {"ID", "ID"},         {"NAMESPACE", "NAMESPACE"},
      {"UNSELECT", "UNSELECT"},   {"MOVE", "MOVE"},         {"UID MOVE", "MOVE"}, {"SORT", "SORT"},
      {"UID SORT", "SORT"},       {"UID EXPUNGE", "UIDPLUS"}};
  if (command == "THREAD" || command == "UID THREAD") {
    // Gone when no THREAD= algorithm is left.
    return std::none_of(profile.postLogin.begin(), profile.postLogin.end(),
                        [](const std::string& word) { return word.rfind("THREAD=", 0) == 0; });
  }
  const auto gate = kGates.find(command);
  return gate != kGates.end() && contains(profile.removed, std::string(gate->second));
}

bool threadAlgorithmRemoved(const CapabilityProfile& profile, const std::string& algorithm) {
  return contains(profile.removed, "THREAD=" + algorithm);
}

}  // namespace oxh::dovecot::imap
