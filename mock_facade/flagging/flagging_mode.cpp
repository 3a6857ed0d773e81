#include "mock_facade/flagging/flagging_mode.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace oxh::facade::flagging {

namespace {

constexpr std::array<std::pair<std::string_view, Mode>, 4> kModes{{{"colorOnly", Mode::ColorOnly},
                                                                   {"flaggedOnly", Mode::FlaggedOnly},
                                                                   {"flaggedAndColor", Mode::FlaggedAndColor},
                                                                   {"flaggedImplicit", Mode::FlaggedImplicit}}};

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The number of a color keyword: 0..10, or -1 when it is not one App Suite knows.
int colorNumber(std::string_view keyword) {
  std::string_view digits;
  if (keyword.rfind("$cl_", 0) == 0) {
    digits = keyword.substr(4);
  } else if (keyword.rfind("cl_", 0) == 0) {
    digits = keyword.substr(3);
  } else {
    return -1;
  }
  if (digits.empty() || digits.size() > 2 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return -2;  // a color-looking keyword outside the valid set
  }
  const int number = std::stoi(std::string(digits));
  return number <= 10 ? number : -2;
}

constexpr std::array<std::pair<int, std::string_view>, 8> kBits{{{1, "\\Answered"},
                                                                 {2, "\\Deleted"},
                                                                 {4, "\\Draft"},
                                                                 {8, "\\Flagged"},
                                                                 {32, "\\Seen"},
                                                                 {128, "$Junk"},
                                                                 {256, "$Forwarded"},
                                                                 {512, "$MDNSent"}}};

}  // namespace

std::optional<Mode> parseMode(std::string_view name) {
  for (const auto& [text, mode] : kModes) {
    if (name == text || lower(name) == lower(text)) {
      return mode;
    }
  }
  return std::nullopt;
}

Mode modeOrDefault(std::string_view name) { return parseMode(name).value_or(Mode::ColorOnly); }

std::string_view modeName(Mode mode) {
  for (const auto& [text, candidate] : kModes) {
    if (candidate == mode) {
      return text;
    }
  }
  return "colorOnly";
}

bool isColorKeyword(std::string_view keyword) { return colorNumber(keyword) >= 0; }

int storedColor(const std::vector<std::string>& keywords) {
  for (const auto& keyword : keywords) {
    const int number = colorNumber(keyword);
    if (number >= 0) {
      return number;
    }
    if (number == -2 && keyword.rfind("$cl_", 0) == 0) {
      return 0;  // "$cl_x" outside the set parses to 0
    }
  }
  return 0;
}

std::vector<std::string> allColorKeywords() {
  std::vector<std::string> out;
  for (const char* prefix : {"$cl_", "cl_"}) {
    for (int i = 0; i <= 10; ++i) {
      out.push_back(prefix + std::to_string(i));
    }
  }
  return out;
}

int displayedColor(Mode mode, int stored, bool flagged, int defaultColor) {
  switch (mode) {
    case Mode::FlaggedOnly:
      return 0;  // color labels are not published
    case Mode::FlaggedImplicit:
      return stored == 0 && flagged ? defaultColor : stored;  // virtual, nothing written
    case Mode::ColorOnly:
    case Mode::FlaggedAndColor:
      break;
  }
  return stored;
}

ColorUpdate colorUpdate(Mode mode, int color) {
  ColorUpdate update;
  update.remove = allColorKeywords();
  update.add = "$cl_" + std::to_string(color);
  if (mode == Mode::FlaggedImplicit) {
    update.flagged = color != 0;
  }
  return update;
}

std::vector<std::string> imapFlagsForBits(int bits) {
  std::vector<std::string> out;
  for (const auto& [bit, flag] : kBits) {
    if ((bits & bit) != 0) {
      out.emplace_back(flag);
    }
  }
  return out;
}

int bitsForImapFlags(const std::vector<std::string>& flags) {
  int bits = 0;
  for (const auto& flag : flags) {
    const std::string name = lower(flag);
    bool known = false;
    for (const auto& [bit, text] : kBits) {
      if (name == lower(text)) {
        bits |= bit;
        known = true;
      }
    }
    if (known) {
      continue;
    }
    if (name == "\\recent") {
      bits |= 16;
    } else if (name == "junk") {
      bits |= 128;
    } else if (!name.empty() && name[0] != '\\' && !isColorKeyword(flag)) {
      // 64 "user": the message carries user flags (keywords). ox.md calls the bit read-only;
      // that the middleware sets it only for messages with user keywords is UNCONFIRMED.
      bits |= 64;
    }
  }
  return bits;
}

Features features(Mode mode) {
  switch (mode) {
    case Mode::ColorOnly:
      return {false, true};
    case Mode::FlaggedOnly:
      return {true, false};
    case Mode::FlaggedAndColor:
      return {true, true};
    case Mode::FlaggedImplicit:
      return {false, true};
  }
  return {};
}

bool supportedByMailApp(Mode mode) { return mode == Mode::FlaggedOnly || mode == Mode::FlaggedImplicit; }

}  // namespace oxh::facade::flagging
