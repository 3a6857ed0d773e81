#pragma once
// App Suite's mail flagging modes (ox.md section 3; com.openexchange.mail.flagging.mode and
// .color, MailServletInterfaceImpl in MW 8.19, FlaggingMode @since 7.8.4): how IMAP's \Flagged
// and the $cl_N color keywords become the color_label a client reads, and what a color update
// writes. The server only rewrites the color_label it returns; flags bit 8 is always \Flagged.
// Thread: pure functions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::facade::flagging {

enum class Mode { ColorOnly, FlaggedOnly, FlaggedAndColor, FlaggedImplicit };

// "colorOnly", ... and (as newer FlaggingMode.getModeByName) the all-lowercase spelling.
std::optional<Mode> parseMode(std::string_view name);
// The middleware's rule: an unknown value falls back to colorOnly.
Mode modeOrDefault(std::string_view name);
std::string_view modeName(Mode mode);

// The color keywords App Suite reads: $cl_0..$cl_10 and the legacy cl_0..cl_10; a "$cl_x"
// outside that set reads as 0 (MailMessage.java). The first color keyword wins; none = 0.
int storedColor(const std::vector<std::string>& keywords);
bool isColorKeyword(std::string_view keyword);
// Every keyword clearAndSetColorLabelSafely removes before setting a color.
std::vector<std::string> allColorKeywords();

// READ column: what color_label a client sees.
int displayedColor(Mode mode, int stored, bool flagged, int defaultColor);

// WRITE: color_label = N. Keywords are always replaced (-FLAGS all colors, +FLAGS $cl_N; so color
// 0 leaves $cl_0); flaggedImplicit then sets \Flagged for N != 0 and clears it for N == 0.
struct ColorUpdate {
  std::vector<std::string> remove;   // UID STORE -FLAGS (...)
  std::string add;                   // UID STORE +FLAGS (add)
  std::optional<bool> flagged;       // \Flagged to set (true) / clear (false); nullopt: untouched
};
ColorUpdate colorUpdate(Mode mode, int color);

// WRITE: flags=<bits>, value=<bool>. The IMAP flags and keywords for the bits (1 \Answered,
// 2 \Deleted, 4 \Draft, 8 \Flagged, 32 \Seen, 128 $Junk, 256 $Forwarded, 512 $MDNSent; 16 recent
// and 64 user are read-only). No mode blocks or adds anything here.
std::vector<std::string> imapFlagsForBits(int bits);
// READ: the 611 bitmask for a message's flags and keywords.
int bitsForImapFlags(const std::vector<std::string>& flags);

// Config tree / jslob features per mode (MailFlaggedModePreferenceItem, MailColorModePreferenceItem):
// modules/mail/features/flag/flag (io.ox/mail//features/flag/star) and .../flag/color.
struct Features {
  bool star = false;
  bool color = false;
};
Features features(Mode mode);
// The OX Mail app supports only flaggedOnly and flaggedImplicit (seed text, "Known Limitations").
bool supportedByMailApp(Mode mode);

}  // namespace oxh::facade::flagging
