#pragma once
// The JSON body Dovecot's ox driver PUTs (dovecot.md 1.4): hand-built, compact, fixed field
// order, Dovecot's own escaping (json_append_escaped).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oxh::dovecot::push {

struct OxEvent {
  std::string user;                    // user= from METADATA, or the login without user_from_metadata
  std::string folder = "INBOX";
  std::uint32_t uidValidity = 0;
  std::uint32_t uid = 0;
  std::optional<std::string> from;     // raw first From header value, still MIME-encoded
  std::optional<std::string> subject;  // raw first Subject header value
  std::optional<std::string> snippet;  // decoded text, at most 200 characters
  std::optional<std::size_t> unseen;   // INBOX unseen count after the save; absent when sync failed
};

// `upstreamQuirk`: the form later upstream code produces, where each optional string opens with
// the closing quote of the previous one, so a missing From leaves `"imap-uid":5","subject"...`.
std::string buildOxBody(const OxEvent& event, bool upstreamQuirk = false);

// json_append_escaped: \" \\ \b \f \n \r \t by name, other bytes below 0x20 as \u00XX,
// U+2028/U+2029 as \u2028/\u2029, invalid UTF-8 as U+FFFD, '/' and other UTF-8 as they are.
void appendDovecotJsonEscaped(std::string& out, std::string_view text);

}  // namespace oxh::dovecot::push
