#include "mock_dovecot/imap/fetch_items.hpp"

#include <algorithm>
#include <cctype>

#include "mock_dovecot/imap/fetch_modifiers.hpp"

namespace oxh::dovecot::imap {

namespace {

struct Parser {
  const std::vector<ImapArg>& args;
  std::size_t pos = 0;
  FetchRequest& request;
  std::vector<FetchItem> buffered;
  std::vector<FetchItem> streamed;
  std::string error;

  void add(FetchItem item) {
    auto& group = item.buffered() ? buffered : streamed;
    // Dovecot drops a second handler of the same simple kind (imap_fetch_add_handler).
    const bool simple = item.kind != FetchKind::kSection && item.kind != FetchKind::kBinarySize &&
                        item.kind != FetchKind::kPreview;
    if (simple && std::any_of(group.begin(), group.end(), [&](const FetchItem& i) { return i.kind == item.kind; })) {
      return;
    }
    group.push_back(std::move(item));
  }

  bool simple(FetchKind kind, std::string name) {
    FetchItem item;
    item.kind = kind;
    item.name = std::move(name);
    add(std::move(item));
    return true;
  }

  static bool readNumber(const std::string& text, std::size_t& p, std::uint64_t& value) {
    return parseUoff(text, p, value);
  }

  // body_parse_partial: "" or "<offset[.size]>".
  bool partial(const std::string& rest, FetchItem& item, const std::string& what) {
    if (rest.empty()) {
      return true;
    }
    if (rest[0] != '<') {
      error = "Invalid " + what + "[..] parameter: Unexpected data after ']'";
      return false;
    }
    std::size_t p = 1;
    std::uint64_t offset = 0;
    if (!readNumber(rest, p, offset)) {
      error = "Invalid " + what + "[..] parameter: Too big partial start";
      return false;
    }
    item.partialOffset = offset;
    if (p < rest.size() && rest[p] == '.') {
      ++p;
      if (!readNumber(rest, p, item.partialSize)) {
        error = "Invalid " + what + "[..] parameter: Too big partial end";
        return false;
      }
    }
    if (p >= rest.size() || rest[p] != '>') {
      error = "Invalid " + what + "[..] parameter: Missing '>' in partial";
      return false;
    }
    if (p + 1 != rest.size()) {
      error = "Invalid " + what + "[..] parameter: Unexpected data after '>'";
      return false;
    }
    return true;
  }

  // imap_msgpart_parse: [digits(.digits)*][.MIME|.HEADER|.TEXT|.HEADER.FIELDS[.NOT] (...)]
  static bool validSection(const std::string& section) {
    std::size_t i = 0;
    bool nextDigit = true;
    for (; i < section.size(); ++i) {
      if (std::isdigit(static_cast<unsigned char>(section[i])) != 0) {
        nextDigit = false;
      } else if (!nextDigit && section[i] == '.') {
        nextDigit = true;
      } else {
        break;
      }
    }
    std::string rest;
    bool numbered = i > 0;
    if (i == section.size()) {
      return i == 0 || section.back() != '.';
    }
    if (numbered && section[i - 1] != '.') {
      return false;
    }
    rest = section.substr(i);
    if (rest == "MIME") {
      return numbered;
    }
    if (rest == "TEXT" || rest == "HEADER") {
      return true;
    }
    return rest.rfind("HEADER.FIELDS (", 0) == 0 || rest.rfind("HEADER.FIELDS.NOT (", 0) == 0;
  }

  // BODY[...] / BODY.PEEK[...] / BINARY[...] / BINARY.PEEK[...] / BINARY.SIZE[...]
  bool section(const std::string& name, bool binary) {
    const std::string what = binary ? "BINARY" : "BODY";
    std::string p = name.substr(what.size());
    FetchItem item;
    item.kind = FetchKind::kSection;
    item.binary = binary;
    bool binarySize = false;
    if (binary && p.rfind(".SIZE", 0) == 0) {
      binarySize = true;
      item.kind = FetchKind::kBinarySize;
      p = p.substr(5);
    } else if (p.rfind(".PEEK", 0) == 0) {
      p = p.substr(5);
    } else {
      request.updateSeen = true;
    }
    if (p.empty() || p[0] != '[') {
      error = "Invalid " + what + "[..] parameter: Missing '['";
      return false;
    }
    std::string rest;
    if (pos < args.size() && args[pos].isList()) {
      // BODY[HEADER.FIELDS (list)]: the list, then an atom starting with ']'.
      if (pos + 1 >= args.size() || !args[pos + 1].isAtom() || args[pos + 1].value.empty() ||
          args[pos + 1].value[0] != ']') {
        error = "Invalid " + what + "[..] parameter: Missing ']'";
        return false;
      }
      std::string fields = p.substr(1) + " (";
      bool first = true;
      for (const auto& field : args[pos].list) {
        auto value = field.astring();
        if (!value) {
          error = "Invalid " + what + "[..] parameter: Header list contains non-strings";
          return false;
        }
        fields += (first ? "" : " ");
        first = false;
        const std::string upper = toUpper(*value);
        fields += field.isAtom() ? upper : "\"" + upper + "\"";
      }
      item.section = fields + ")";
      rest = args[pos + 1].value.substr(1);
      pos += 2;
    } else {
      const auto close = p.find(']');
      if (close == std::string::npos) {
        error = "Invalid " + what + "[..] parameter: Missing ']'";
        return false;
      }
      item.section = p.substr(1, close - 1);
      rest = p.substr(close + 1);
    }
    if (!validSection(item.section)) {
      error = "Invalid " + what + "[..] section";
      return false;
    }
    if (!binarySize && !partial(rest, item, what)) {
      return false;
    }
    item.name = (binarySize ? "BINARY.SIZE" : what) + "[" + item.section + "]";
    if (item.partialOffset) {
      item.name += "<" + std::to_string(*item.partialOffset) + ">";
    }
    add(std::move(item));
    return true;
  }

  bool preview(bool previewCommand) {
    FetchItem item;
    item.kind = FetchKind::kPreview;
    item.previewCommand = previewCommand;
    item.fuzzyForm = !previewCommand;
    if (pos < args.size() && args[pos].isList()) {
      for (const auto& modifier : args[pos].list) {
        if (!modifier.isAtom()) {
          error = "Invalid PREVIEW modifier";
          return false;
        }
        if (iequals(modifier.value, "LAZY=FUZZY") || iequals(modifier.value, "FUZZY")) {
          item.fuzzyForm = true;
        } else if (!iequals(modifier.value, "LAZY")) {
          error = "'" + modifier.value + "' is not a supported PREVIEW modifier";
          return false;
        }
      }
      ++pos;
    }
    item.name = previewCommand ? "PREVIEW" : "SNIPPET";
    add(std::move(item));
    return true;
  }

  // imap_fetch_init_handler: the handler is looked up by the leading [A-Za-z0-9-] characters.
  bool item(const std::string& name) {
    std::size_t end = 0;
    while (end < name.size() && (std::isalnum(static_cast<unsigned char>(name[end])) != 0 || name[end] == '-')) {
      ++end;
    }
    const std::string lookup = name.substr(0, end);
    if (lookup == "BINARY") {
      return section(name, true);
    }
    if (lookup == "BODY") {
      if (name.size() == 4) {
        return simple(FetchKind::kBody, "BODY");
      }
      return section(name, false);
    }
    if (lookup == "RFC822") {
      if (name == "RFC822") {
        request.updateSeen = true;
        return simple(FetchKind::kRfc822, "RFC822");
      }
      if (name == "RFC822.SIZE") {
        return simple(FetchKind::kSize, "RFC822.SIZE");
      }
      if (name == "RFC822.HEADER") {
        return simple(FetchKind::kRfc822Header, "RFC822.HEADER");
      }
      if (name == "RFC822.TEXT") {
        request.updateSeen = true;
        return simple(FetchKind::kRfc822Text, "RFC822.TEXT");
      }
      error = "Unknown parameter " + name;
      return false;
    }
    if (lookup == "BODYSTRUCTURE") {
      return simple(FetchKind::kBodyStructure, "BODYSTRUCTURE");
    }
    if (lookup == "ENVELOPE") {
      return simple(FetchKind::kEnvelope, "ENVELOPE");
    }
    if (lookup == "FLAGS") {
      request.flagsRequested = true;
      return simple(FetchKind::kFlags, "FLAGS");
    }
    if (lookup == "INTERNALDATE") {
      return simple(FetchKind::kInternalDate, "INTERNALDATE");
    }
    if (lookup == "MODSEQ") {
      request.modseq = true;
      return simple(FetchKind::kModseq, "MODSEQ");
    }
    if (lookup == "UID") {
      return simple(FetchKind::kUid, "UID");
    }
    if (lookup == "SAVEDATE") {
      return simple(FetchKind::kSaveDate, "SAVEDATE");
    }
    if (lookup == "PREVIEW" || lookup == "SNIPPET") {
      return preview(lookup == "PREVIEW");
    }
    error = "Unknown parameter: " + name;
    return false;
  }

  bool named(const std::string& name) {
    const std::string upper = toUpper(name);
    static const std::vector<std::pair<std::string, std::vector<std::string>>> kMacros = {
        {"ALL", {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"}},
        {"FAST", {"FLAGS", "INTERNALDATE", "RFC822.SIZE"}},
        {"FULL", {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"}},
    };
    for (const auto& [macro, expansion] : kMacros) {
      if (upper == macro) {
        for (const auto& part : expansion) {
          if (!item(part)) {
            return false;
          }
        }
        return true;
      }
    }
    return item(upper);
  }
};

}  // namespace

bool FetchItem::buffered() const {
  switch (kind) {
    case FetchKind::kFlags:
    case FetchKind::kUid:
    case FetchKind::kInternalDate:
    case FetchKind::kSize:
    case FetchKind::kModseq:
    case FetchKind::kSaveDate:
    case FetchKind::kPreview:
      return true;
    default:
      return false;
  }
}

std::optional<FetchRequest> parseFetchRequest(const ImapArgs& args, bool uid, std::string& error, bool qresync) {
  FetchRequest request;
  // <messageset> <att or (atts)> [(modifiers)]
  if (args.size() < 2 || !args[0].isAtom() || !(args[1].isList() || args[1].isAtom()) ||
      (args.size() > 2 && !args[2].isList())) {
    error = "Invalid arguments.";
    return std::nullopt;
  }
  Parser parser{args, 1, request, {}, {}, {}};
  if (uid) {
    parser.item("UID");
  }
  if (args[1].isAtom()) {
    parser.pos = 2;
    if (!parser.named(args[1].value)) {
      error = parser.error;
      return std::nullopt;
    }
  } else {
    const auto& list = args[1].list;
    if (list.empty()) {
      error = "FETCH list is empty.";
      return std::nullopt;
    }
    Parser inner{list, 0, request, std::move(parser.buffered), std::move(parser.streamed), {}};
    while (inner.pos < list.size() && list[inner.pos].isAtom()) {
      const std::string name = list[inner.pos++].value;
      if (!inner.named(name)) {
        error = inner.error;
        return std::nullopt;
      }
    }
    if (inner.pos != list.size()) {
      error = "FETCH list contains non-atoms.";
      return std::nullopt;
    }
    parser.buffered = std::move(inner.buffered);
    parser.streamed = std::move(inner.streamed);
    parser.pos = 2;
  }
  // Modifiers: CHANGEDSINCE and VANISHED (imap/fetch_modifiers.hpp).
  if (parser.pos < args.size() && args[parser.pos].isList()) {
    if (!parseFetchModifiers(args[parser.pos].list, uid, qresync, request, error)) {
      return std::nullopt;
    }
    if (request.changedSince) {
      parser.simple(FetchKind::kModseq, "MODSEQ");
    }
  }
  request.items = std::move(parser.buffered);
  // The implicit FLAGS of a \Seen update goes after the other buffered items (imap_fetch_init).
  if (request.updateSeen && !request.flagsRequested) {
    FetchItem flags;
    flags.kind = FetchKind::kFlags;
    flags.name = "FLAGS";
    request.items.push_back(flags);
  }
  for (auto& item : parser.streamed) {
    request.items.push_back(std::move(item));
  }
  return request;
}

}  // namespace oxh::dovecot::imap
