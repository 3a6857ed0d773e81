#include "mock_dovecot/imap/capabilities.hpp"

#include <algorithm>

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
       true},
      {"minimal-rev1",
       {"IMAP4rev1", "SASL-IR", "ID", "ENABLE", "IDLE", "LITERAL+"},
       {"PLAIN"},
       {"IMAP4rev1", "SASL-IR", "ID", "ENABLE", "IDLE", "UNSELECT", "CHILDREN", "NAMESPACE", "UIDPLUS",
        "LITERAL+", "SPECIAL-USE"},
       "",
       false},
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
  if (offerStartTls) {
    out += " STARTTLS";
  }
  for (const auto& mechanism : profile.authMechanisms) {
    out += " AUTH=" + mechanism;
  }
  return out;
}

std::string postLoginCapabilities(const CapabilityProfile& profile, bool metadata) {
  std::vector<std::string> words = profile.postLogin;
  if (metadata) {
    auto at = std::find(words.begin(), words.end(), profile.metadataBefore);
    words.insert(at, "METADATA");
  }
  return join(words);
}

}  // namespace oxh::dovecot::imap
