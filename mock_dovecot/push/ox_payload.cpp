#include "mock_dovecot/push/ox_payload.hpp"

#include <cstdio>

namespace oxh::dovecot::push {

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not valid.
std::size_t utf8Length(std::string_view text, std::size_t i) {
  const auto byte = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  std::uint32_t minimum = 0;
  if (byte >= 0xc2 && byte <= 0xdf) {
    length = 2;
    minimum = 0x80;
  } else if (byte >= 0xe0 && byte <= 0xef) {
    length = 3;
    minimum = 0x800;
  } else if (byte >= 0xf0 && byte <= 0xf4) {
    length = 4;
    minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  std::uint32_t code = byte & (0xff >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xc0) != 0x80) {
      return 0;
    }
    code = (code << 6) | (next & 0x3f);
  }
  if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    return 0;
  }
  return length;
}

}  // namespace

void appendDovecotJsonEscaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const auto length = utf8Length(text, i);
    if (length == 0) {
      out += "\xef\xbf\xbd";  // U+FFFD
      ++i;
      continue;
    }
    const std::string_view sequence = text.substr(i, length);
    if (sequence == "\xe2\x80\xa8") {
      out += "\\u2028";
    } else if (sequence == "\xe2\x80\xa9") {
      out += "\\u2029";
    } else {
      out += sequence;
    }
    i += length;
  }
}

std::string buildOxBody(const OxEvent& event, bool upstreamQuirk) {
  std::string out = "{\"user\":\"";
  appendDovecotJsonEscaped(out, event.user);
  out += "\",\"event\":\"messageNew\",\"folder\":\"";
  appendDovecotJsonEscaped(out, event.folder);
  out += "\",\"imap-uidvalidity\":" + std::to_string(event.uidValidity) + ",\"imap-uid\":" + std::to_string(event.uid);
  if (!upstreamQuirk) {
    // Dovecot 2.3.19 (confirmed live): every optional field complete and comma-separated.
    auto field = [&](const char* name, const std::optional<std::string>& value) {
      if (value) {
        out += std::string(",\"") + name + "\":\"";
        appendDovecotJsonEscaped(out, *value);
        out += "\"";
      }
    };
    field("from", event.from);
    field("subject", event.subject);
    field("snippet", event.snippet);
    if (event.unseen) {
      out += ",\"unseen\":" + std::to_string(*event.unseen);
    }
    return out + "}";
  }
  // Later upstream code: a string field is closed by whatever comes after it.
  if (event.from) {
    out += ",\"from\":\"";
    appendDovecotJsonEscaped(out, *event.from);
  }
  if (event.subject) {
    out += "\",\"subject\":\"";
    appendDovecotJsonEscaped(out, *event.subject);
  }
  if (event.snippet) {
    out += "\",\"snippet\":\"";
    appendDovecotJsonEscaped(out, *event.snippet);
  }
  out += event.unseen ? "\",\"unseen\":" + std::to_string(*event.unseen) : std::string("\"");
  return out + "}";
}

}  // namespace oxh::dovecot::push
