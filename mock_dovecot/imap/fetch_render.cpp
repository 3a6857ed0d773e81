#include "mock_dovecot/imap/fetch_render.hpp"

#include <algorithm>
#include <cctype>

#include "mock_dovecot/imap/imap_date.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/mime/decoding.hpp"

namespace oxh::dovecot::imap {

namespace {

std::string lowerAscii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  return text;
}

// Content-Transfer-Encoding of a numbered part, from its MIME header.
std::string transferEncoding(const mime::ParsedMessage& parsed, const std::string& number) {
  const auto header = parsed.section(number + ".MIME");
  if (!header) {
    return {};
  }
  const std::string lower = lowerAscii(*header);
  const auto at = lower.find("content-transfer-encoding:");
  if (at == std::string::npos || (at != 0 && lower[at - 1] != '\n')) {
    return {};
  }
  std::string value = lower.substr(at + 26, lower.find('\n', at) - at - 26);
  value.erase(std::remove_if(value.begin(), value.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; }),
              value.end());
  return value;
}

// RFC 3516: BINARY[<part>] is the part's body with its content-transfer-encoding undone.
// `decoded` tells whether a transfer encoding was undone.
std::string binaryContent(const mime::ParsedMessage& parsed, const std::string& section, std::string content,
                          bool& decoded) {
  if (section.empty() || std::isdigit(static_cast<unsigned char>(section[0])) == 0 ||
      section.find_first_not_of("0123456789.") != std::string::npos) {
    return content;
  }
  const std::string encoding = transferEncoding(parsed, section);
  if (encoding == "base64") {
    decoded = true;
    return mime::decodeBase64(content);
  }
  if (encoding == "quoted-printable") {
    decoded = true;
    return mime::decodeQuotedPrintable(content);
  }
  return content;
}

std::string sectionContent(const FetchItem& item, const mime::ParsedMessage& parsed, bool& decoded) {
  std::string content = parsed.section(item.section).value_or("");
  if (item.binary) {
    content = binaryContent(parsed, item.section, std::move(content), decoded);
  }
  return content;
}

// RFC 3516 section 4.3: Dovecot sends every transfer-decoded BINARY[] body as literal8
// (imap_msgpart_open sets binary_decoded_input_has_nuls for any decoded stream; confirmed
// against Dovecot 2.3.19 with a quoted-printable part).
std::string literalOf(const std::string& content, bool literal8 = false) {
  return std::string(literal8 ? "~{" : "{") + std::to_string(content.size()) + "}\r\n" + content;
}

}  // namespace

bool needsParsedMessage(const FetchRequest& request) {
  return std::any_of(request.items.begin(), request.items.end(), [](const FetchItem& item) {
    switch (item.kind) {
      case FetchKind::kEnvelope:
      case FetchKind::kBody:
      case FetchKind::kBodyStructure:
      case FetchKind::kSection:
      case FetchKind::kBinarySize:
      case FetchKind::kPreview:
      case FetchKind::kRfc822Header:
      case FetchKind::kRfc822Text:
        return true;
      default:
        return false;
    }
  });
}

std::string renderFetch(const FetchRequest& request, const FetchMessage& message) {
  std::string out = std::to_string(message.sequence) + " FETCH (";
  bool first = true;
  auto add = [&](const std::string& text) {
    if (!first) {
      out += ' ';
    }
    first = false;
    out += text;
  };
  const StoredMessage& stored = *message.stored;
  const std::string& raw = *stored.raw;
  for (const auto& item : request.items) {
    switch (item.kind) {
      case FetchKind::kFlags:
        // The implicit FLAGS of a \Seen update shows only when \Seen really changed
        // (flags_show_only_seen_changes).
        if (request.flagsRequested || message.seenChanged) {
          add("FLAGS (" + flagList(message.flags, message.recent) + ")");
        }
        break;
      case FetchKind::kUid:
        add("UID " + std::to_string(stored.uid));
        break;
      case FetchKind::kInternalDate:
        add("INTERNALDATE \"" + formatImapDateTime(stored.internalDate) + "\"");
        break;
      case FetchKind::kSize:
        add("RFC822.SIZE " + std::to_string(raw.size()));
        break;
      case FetchKind::kModseq:
        add("MODSEQ (" + std::to_string(stored.modseq) + ")");
        break;
      case FetchKind::kSaveDate:
        add("SAVEDATE \"" + formatImapDateTime(stored.saveDate) + "\"");
        break;
      case FetchKind::kPreview: {
        const std::string snippet = imap::quoted(message.parsed->snippet());
        add(item.fuzzyForm ? item.name + " (FUZZY " + snippet + ")" : item.name + " " + snippet);
        break;
      }
      case FetchKind::kEnvelope:
        add("ENVELOPE " + message.parsed->envelope());
        break;
      case FetchKind::kBody:
        add("BODY " + message.parsed->bodyStructure(false));
        break;
      case FetchKind::kBodyStructure:
        add("BODYSTRUCTURE " + message.parsed->bodyStructure(true));
        break;
      case FetchKind::kSection: {
        bool decoded = false;
        std::string content = sectionContent(item, *message.parsed, decoded);
        if (item.partialOffset) {
          content = *item.partialOffset >= content.size() ? std::string()
                                                          : content.substr(*item.partialOffset, item.partialSize);
        }
        add(item.name + " " + literalOf(content, decoded));
        break;
      }
      case FetchKind::kBinarySize: {
        bool decoded = false;
        add(item.name + " " + std::to_string(sectionContent(item, *message.parsed, decoded).size()));
        break;
      }
      case FetchKind::kRfc822:
        add("RFC822 " + literalOf(raw));
        break;
      case FetchKind::kRfc822Header:
        add("RFC822.HEADER " + literalOf(message.parsed->section("HEADER").value_or("")));
        break;
      case FetchKind::kRfc822Text:
        add("RFC822.TEXT " + literalOf(message.parsed->section("TEXT").value_or("")));
        break;
    }
  }
  if (first) {
    // imap_fetch_fix_empty_reply: never "FETCH ()".
    add("UID " + std::to_string(stored.uid));
  }
  return out + ")";
}

}  // namespace oxh::dovecot::imap
