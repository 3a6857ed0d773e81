// The MIME tree builder: a whole-buffer re-statement of Dovecot 2.3's streaming
// lib-mail message-parser.c, keeping its decisions about where parts start and end.
#include <algorithm>
#include <cstring>
#include <strings.h>

#include "mock_dovecot/mime/header_block.hpp"
#include "mock_dovecot/mime/message_part.hpp"
#include "mock_dovecot/mime/rfc822_tokenizer.hpp"

namespace oxh::dovecot::mime {
namespace {

constexpr std::size_t kMaxNestedParts = 100;    // MESSAGE_PARSER_DEFAULT_MAX_NESTED_MIME_PARTS
constexpr std::size_t kMaxTotalParts = 10000;   // MESSAGE_PARSER_DEFAULT_MAX_TOTAL_MIME_PARTS
constexpr std::size_t kBoundaryMaxLen = 70 + 10;  // BOUNDARY_STRING_MAX_LEN (RFC 2046 says 70)
constexpr std::size_t kBoundaryEndMaxLen = kBoundaryMaxLen + 2 + 2;

struct Boundary {
  std::string text;
  MessagePart* part;
};

struct BoundaryMatch {
  std::size_t index;  // into the boundary stack
  bool epilogue;      // "--boundary--"
};

class TreeBuilder {
 public:
  explicit TreeBuilder(std::string_view m) : m_(m) {}

  std::unique_ptr<MessagePart> run() {
    auto root = std::make_unique<MessagePart>();
    parsePart(root.get(), 0);
    return root;
  }

 private:
  // RFC 2046 5.1.1: a line "--" + boundary (a header without its empty line ends at a boundary,
  // and the CRLF before it belongs to the boundary: confirmed against Dovecot 2.3.19). Only the prefix has to match; the newest (innermost)
  // boundary wins among equal prefixes, the longest among different ones.
  std::optional<BoundaryMatch> boundaryAt(std::size_t pos) const {
    if (boundaries_.empty() || totalParts_ >= kMaxTotalParts) return std::nullopt;
    if (m_.size() - pos < 2 || m_[pos] != '-' || m_[pos + 1] != '-') return std::nullopt;
    std::string_view rest = m_.substr(pos + 2);
    std::size_t lf = rest.find('\n');
    std::size_t findSize = rest.size();
    bool trailingDashes = false;
    if (lf != std::string_view::npos) {
      findSize = lf;
      if (findSize > 0 && rest[findSize - 1] == '\r') --findSize;
      trailingDashes = findSize > 2 && rest[findSize - 1] == '-' && rest[findSize - 2] == '-';
    } else if (findSize > kBoundaryEndMaxLen) {
      findSize = kBoundaryEndMaxLen;
    }
    std::optional<std::size_t> best;
    for (std::size_t i = boundaries_.size(); i-- > 0;) {
      const std::string& b = boundaries_[i].text;
      if (b.size() <= findSize && rest.compare(0, b.size(), b) == 0 &&
          (!best || boundaries_[*best].text.size() < b.size())) {
        best = i;
        if (b.size() == findSize || (b.size() + 2 == findSize && trailingDashes)) break;
      }
    }
    if (!best) return std::nullopt;
    const std::string& b = boundaries_[*best].text;
    bool epilogue = rest.size() >= b.size() + 2 && rest.compare(b.size(), 2, "--") == 0;
    return BoundaryMatch{*best, epilogue};
  }

  void parsePart(MessagePart* part, std::size_t pos) {
    // Iterative walk: `part` is the current part, `pos` the start of its header.
    for (;;) {
      part->headerOffset = pos;
      HeaderBlock hb = parseHeaderBlock(m_, pos, [this](std::size_t p) { return boundaryAt(p).has_value(); });
      part->headers = std::move(hb.fields);
      part->headerHasEmptyLine = hb.emptyLine;
      std::size_t headerEnd = hb.end;
      // A boundary line where the header should go on: the last (CR)LF belongs to the boundary
      // and the body is empty.
      if (hb.stoppedEarly) headerEnd -= hb.lastNewline;
      part->headerSize = headerEnd - pos;
      part->bodyOffset = headerEnd;
      std::optional<std::string> boundary = classify(part);
      pos = headerEnd;
      if (hb.stoppedEarly) boundary.reset();
      if (boundary && part->has(kPartIsMime)) {
        if (depth_ + 1 >= kMaxNestedParts) {
          part->flags = (part->flags | kPartOverflow) & ~kPartMultipart;
        } else {
          boundaries_.push_back({*boundary, part});
        }
      } else if (part->has(kPartMessageRfc822)) {
        if (depth_ + 1 >= kMaxNestedParts || totalParts_ >= kMaxTotalParts) {
          part->flags = (part->flags | kPartOverflow) & ~kPartMessageRfc822;
        } else if (!hb.stoppedEarly) {
          part = appendChild(part, pos);
          continue;
        } else {
          part = appendChild(part, pos);  // an empty encapsulated message
          part->bodyOffset = pos;
          classify(part);
        }
      }
      // Body (or preamble) up to the next boundary line, or to the end.
      ScanResult scan = scanBody(pos);
      bool newChild = false;
      while (!newChild) {
        if (!scan.match) {
          finishAll(part, m_.size());
          return;
        }
        MessagePart* owner = boundaries_[scan.match->index].part;
        while (part != owner) part = finish(part, scan.bodyEnd);
        std::size_t lf = m_.find('\n', scan.lineStart);
        bool epilogue = scan.match->epilogue;
        boundaries_.resize(epilogue ? scan.match->index : scan.match->index + 1);
        if (lf == std::string_view::npos) {
          // The boundary line runs to the end: nothing follows, not even an empty part.
          finishAll(part, m_.size());
          return;
        }
        pos = lf + 1;
        if (epilogue) {
          // Epilogue: text up to an outer boundary or the end belongs to the multipart.
          scan = scanBody(pos);
        } else {
          newChild = true;
        }
      }
      part = appendChild(part, pos);
      part->flags |= kPartIsMime;
    }
  }

  struct ScanResult {
    std::size_t bodyEnd;
    std::size_t lineStart;
    std::optional<BoundaryMatch> match;
  };

  // Where the body starting at `pos` ends: before the (CR)LF of the next boundary line.
  ScanResult scanBody(std::size_t pos) const {
    if (boundaries_.empty()) return {m_.size(), m_.size(), std::nullopt};
    if (auto match = boundaryAt(pos)) return {pos, pos, match};
    for (std::size_t lf = m_.find('\n', pos); lf != std::string_view::npos; lf = m_.find('\n', lf + 1)) {
      if (auto match = boundaryAt(lf + 1)) {
        std::size_t end = (lf > pos && m_[lf - 1] == '\r') ? lf - 1 : lf;
        return {end, lf + 1, match};
      }
    }
    return {m_.size(), m_.size(), std::nullopt};
  }

  MessagePart* appendChild(MessagePart* parent, std::size_t pos) {
    auto child = std::make_unique<MessagePart>();
    child->parent = parent;
    child->headerOffset = pos;
    MessagePart* raw = child.get();
    parent->children.push_back(std::move(child));
    ++depth_;
    ++totalParts_;
    return raw;
  }

  MessagePart* finish(MessagePart* part, std::size_t end) {
    part->bodySize = end - part->bodyOffset;
    --depth_;
    return part->parent;
  }

  void finishAll(MessagePart* part, std::size_t end) {
    while (part->parent != nullptr) part = finish(part, end);
    part->bodySize = end - part->bodyOffset;
  }

  // Flags from Mime-Version and the first Content-Type; returns the boundary of a multipart.
  std::optional<std::string> classify(MessagePart* part) {
    std::optional<std::string> boundary;
    bool seenContentType = false;
    for (const HeaderField& f : part->headers) {
      if (equalsIgnoreCase(f.name, "Mime-Version")) {
        part->flags |= kPartIsMime;
      } else if (equalsIgnoreCase(f.name, "Content-Type")) {
        // Dovecot is not MIME_VERSION_STRICT: Content-Type alone makes the part MIME.
        part->flags |= kPartIsMime;
        if (seenContentType) continue;
        seenContentType = true;
        Rfc822Tokenizer tok(f.value);
        tok.skipLwsp();
        std::string ct;
        int ret = tok.contentType(ct);
        if (strcasecmp(ct.c_str(), "message/rfc822") == 0) {
          part->flags |= kPartMessageRfc822;
        } else if (strncasecmp(ct.c_str(), "text", 4) == 0 && (ct.size() == 4 || ct[4] == '/')) {
          part->flags |= kPartText;
        } else if (strncasecmp(ct.c_str(), "multipart/", 10) == 0) {
          part->flags |= kPartMultipart;
          if (strcasecmp(ct.c_str() + 10, "digest") == 0) part->flags |= kPartDigest;
        }
        if (ret < 0 || !part->has(kPartMultipart)) continue;
        for (auto& [key, value] : parseMimeParameters(tok)) {
          if (strcasecmp(key.c_str(), "boundary") == 0) {
            boundary = value.substr(0, kBoundaryMaxLen);
            break;
          }
        }
      }
    }
    if (!part->has(kPartIsMime)) {
      part->flags = 0;  // not MIME: forget what Content-Type said
      boundary.reset();
    }
    if (!seenContentType || !part->has(kPartIsMime)) {
      // RFC 2046 5.1.5: inside multipart/digest the default is message/rfc822.
      bool digest = part->parent != nullptr && part->parent->has(kPartDigest);
      part->flags |= digest ? kPartMessageRfc822 : kPartText;
    }
    parsePartData(*part);
    return boundary;
  }

  std::string_view m_;
  std::vector<Boundary> boundaries_;
  std::size_t depth_ = 0;
  std::size_t totalParts_ = 1;
};

}  // namespace

const HeaderField* MessagePart::firstHeader(std::string_view name) const {
  for (const HeaderField& f : headers) {
    if (equalsIgnoreCase(f.name, name)) return &f;
  }
  return nullptr;
}

std::unique_ptr<MessagePart> parseMessageTree(std::string_view message) { return TreeBuilder(message).run(); }

std::size_t countLines(std::string_view message, std::size_t offset, std::size_t size) {
  std::string_view s = message.substr(offset, size);
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace oxh::dovecot::mime
