#pragma once
// FETCH attributes (RFC 3501 section 6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ, RFC 8970
// PREVIEW and Dovecot's SNIPPET) parsed the way core:src/imap/cmd-fetch.c and imap-fetch*.c do,
// with their error texts. The order of `items` is the order Dovecot answers in: "buffered"
// items (FLAGS, UID, INTERNALDATE, RFC822.SIZE, MODSEQ, SAVEDATE, PREVIEW/SNIPPET) in request
// order first, then the streamed ones (ENVELOPE, BODY, BODYSTRUCTURE, BODY[...], BINARY[...],
// RFC822*) in request order (imap_fetch_add_handler).
// Thread: value types and free functions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mock_dovecot/imap/imap_arg.hpp"

namespace oxh::dovecot::imap {

enum class FetchKind {
  kFlags,
  kUid,
  kInternalDate,
  kSize,
  kModseq,
  kSaveDate,
  kPreview,
  kEnvelope,
  kBody,
  kBodyStructure,
  kSection,  // BODY[...] and BINARY[...]
  kBinarySize,
  kRfc822,
  kRfc822Header,
  kRfc822Text,
};

struct FetchItem {
  FetchKind kind = FetchKind::kFlags;
  std::string name;     // response name, e.g. "BODY[HEADER.FIELDS (SUBJECT)]<10>"
  std::string section;  // BODY[<section>], upper case, for mime::ParsedMessage::section
  bool binary = false;  // BINARY[...]: content-transfer-decoded
  std::optional<std::uint64_t> partialOffset;
  std::uint64_t partialSize = UINT64_MAX;
  bool previewCommand = false;  // PREVIEW (RFC 8970) rather than SNIPPET
  bool fuzzyForm = false;       // "SNIPPET (FUZZY ...)": the pre-RFC 8970 form
  [[nodiscard]] bool buffered() const;
};

struct FetchRequest {
  std::vector<FetchItem> items;
  bool updateSeen = false;       // BODY[...], BINARY[...], RFC822, RFC822.TEXT without PEEK
  bool flagsRequested = false;
  bool modseq = false;           // MODSEQ asked, or CHANGEDSINCE
  std::optional<std::uint64_t> changedSince;
  // UID FETCH ... (CHANGEDSINCE n VANISHED) (RFC 7162 section 3.2.6); the caller checks that
  // QRESYNC is enabled ("QRESYNC not enabled", cmd-fetch.c).
  bool vanished = false;
};

// args[1..] of FETCH (after the message set). On failure `error` is Dovecot's text for
// "BAD Error in IMAP command FETCH: <error>".
// `qresync`: QRESYNC is enabled (else the VANISHED modifier is "QRESYNC not enabled").
std::optional<FetchRequest> parseFetchRequest(const ImapArgs& args, bool uid, std::string& error, bool qresync = false);

}  // namespace oxh::dovecot::imap
