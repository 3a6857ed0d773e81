#include "mock_dovecot/imap/catenate_url.hpp"

#include <charconv>
#include <cstdint>

#include "mock_dovecot/imap/imap_arg.hpp"
#include "mock_dovecot/mime/parsed_message.hpp"

namespace oxh::dovecot::imap {

namespace {

std::optional<std::string> percentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= text.size()) {
      return std::nullopt;
    }
    const auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc() || end != text.data() + i + 3) {
      return std::nullopt;
    }
    out += static_cast<char>(value);
    i += 2;
  }
  return out;
}

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// "key=value" with the key matched case-insensitively; nullopt when the key differs.
std::optional<std::string_view> keyValue(std::string_view segment, std::string_view key) {
  if (segment.size() <= key.size() || !iequals(segment.substr(0, key.size()), key) || segment[key.size()] != '=') {
    return std::nullopt;
  }
  return segment.substr(key.size() + 1);
}

// imap-url.c imap_url_parse_number: a 32-bit number, else its error (without "Invalid IMAP URL: ").
std::optional<std::uint32_t> imapNumber(std::string_view text, std::string& error) {
  if (text.empty() || text.front() < '0' || text.front() > '9') {
    error = "Value '" + std::string(text) + "' is not a valid IMAP number.";
    return std::nullopt;
  }
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    error = "IMAP number is too high.";
    return std::nullopt;
  }
  return value;
}

CatenateUrl failure(std::string text) {
  return CatenateUrl{std::nullopt, std::move(text)};
}

}  // namespace

CatenateUrl resolveCatenateUrl(const MailStore& store, const std::string& user, const std::string& url) {
  std::string_view rest = url;
  if (!rest.empty() && rest.front() == '/') {
    rest.remove_prefix(1);
  }
  // Segments separated by "/;": mailbox[;UIDVALIDITY=n], UID=n, SECTION=s, PARTIAL=o[.l].
  std::vector<std::string_view> segments;
  for (std::size_t at = rest.find("/;"); at != std::string_view::npos; at = rest.find("/;")) {
    segments.push_back(rest.substr(0, at));
    rest.remove_prefix(at + 2);
  }
  segments.push_back(rest);
  if (segments.size() < 2) {
    return failure("Invalid IMAP URL: Missing UID.");
  }
  std::string_view mailboxPart = segments[0];
  std::optional<std::uint64_t> uidValidity;
  if (auto semi = mailboxPart.find(';'); semi != std::string_view::npos) {
    auto value = keyValue(mailboxPart.substr(semi + 1), "UIDVALIDITY");
    uidValidity = value ? number(*value) : std::nullopt;
    if (!uidValidity) {
      return failure("Invalid IMAP URL: Invalid UIDVALIDITY.");
    }
    mailboxPart = mailboxPart.substr(0, semi);
  }
  const auto mailbox = percentDecode(mailboxPart);
  std::optional<std::uint64_t> uid;
  std::string section;
  std::optional<std::uint64_t> partialOffset;
  std::optional<std::uint64_t> partialLength;
  for (std::size_t i = 1; i < segments.size(); ++i) {
    std::string_view segment = segments[i];
    if (auto semi = segment.find(';'); semi != std::string_view::npos) {
      return failure("Invalid IMAP URL: Unrecognized IMAP URL extension: " + std::string(segment.substr(semi)));
    }
    std::string error;
    if (auto value = keyValue(segment, "UID"); value && i == 1) {
      uid = imapNumber(*value, error);
      if (!uid) {
        return failure("Invalid IMAP URL: " + error);
      }
      if (*uid == 0) {
        return failure("Invalid IMAP URL: UID cannot be zero.");
      }
    } else if (auto sectionValue = keyValue(segment, "SECTION"); sectionValue) {
      auto decoded = percentDecode(*sectionValue);
      if (!decoded) {
        return failure("Invalid IMAP URL: Invalid section.");
      }
      section = *decoded;
    } else if (auto partial = keyValue(segment, "PARTIAL")) {
      const auto dot = partial->find('.');
      partialOffset = imapNumber(partial->substr(0, dot), error);
      if (partialOffset && dot != std::string_view::npos) {
        partialLength = imapNumber(partial->substr(dot + 1), error);
        if (partialLength && *partialLength == 0) {
          return failure("Invalid IMAP URL: PARTIAL size cannot be zero.");
        }
      }
      if (!partialOffset || (dot != std::string_view::npos && !partialLength)) {
        return failure("Invalid IMAP URL: " + error);
      }
    } else {
      return failure("Invalid IMAP URL: Unexpected IMAP URL path segment: `;" + std::string(segment) + "'.");
    }
  }
  if (!mailbox || !uid || *uid == 0) {
    return failure("Invalid IMAP URL: Invalid UID.");
  }
  const auto canonical = store.findMailbox(user, *mailbox);
  const auto snapshot = canonical ? store.snapshot(user, *canonical) : std::nullopt;
  if (!snapshot) {
    return failure("Mailbox doesn't exist: " + *mailbox + ".");
  }
  if (uidValidity && *uidValidity != snapshot->uidValidity) {
    return failure("Invalid UIDVALIDITY.");
  }
  const StoredMessage* found = nullptr;
  for (const auto& message : snapshot->messages) {
    if (message.uid == *uid) {
      found = &message;
    }
  }
  if (found == nullptr) {
    return failure("Message not found.");
  }
  std::string bytes = *found->raw;
  if (!section.empty()) {
    // A section the message does not have is empty, not an error (";section=2" of a
    // single-part message).
    bytes = mime::ParsedMessage(*found->raw).section(section).value_or("");
  }
  if (partialOffset) {
    bytes = *partialOffset >= bytes.size() ? std::string()
                                           : bytes.substr(*partialOffset, partialLength.value_or(std::string::npos));
  }
  return CatenateUrl{std::move(bytes), {}};
}

}  // namespace oxh::dovecot::imap
