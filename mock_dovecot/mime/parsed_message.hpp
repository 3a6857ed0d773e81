#pragma once
// A message as the fake Dovecot's IMAP FETCH, SEARCH, SORT/THREAD and the push driver see it:
// RFC 5322 headers, the MIME tree (RFC 2045/2046), and the IMAP renderings of RFC 3501
// section 7.4.2 exactly as Dovecot 2.3 prints them.
// Thread: immutable after construction; safe to share between sessions.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oxh::dovecot::mime {

class ParsedMessage {
 public:
  explicit ParsedMessage(std::string raw);  // raw RFC 5322 bytes, CRLF line endings
  ~ParsedMessage();
  ParsedMessage(ParsedMessage&&) noexcept;
  ParsedMessage& operator=(ParsedMessage&&) noexcept;

  [[nodiscard]] const std::string& raw() const;
  [[nodiscard]] std::size_t size() const;  // RFC822.SIZE

  // The first header with this name, unfolded, still MIME-encoded (nullopt when absent).
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
  // Every value of a header, in order (for SEARCH HEADER).
  [[nodiscard]] std::vector<std::string> headers(std::string_view name) const;

  // "(date subject from sender reply-to to cc bcc in-reply-to message-id)" as Dovecot prints it.
  [[nodiscard]] std::string envelope() const;
  // BODYSTRUCTURE (extensible = true) or BODY (false), as Dovecot prints them.
  [[nodiscard]] std::string bodyStructure(bool extensible) const;
  // BODY[<section>] contents: "" (whole), "HEADER", "TEXT", "1", "1.2", "1.MIME", "2.HEADER",
  // "HEADER.FIELDS (FROM TO)", "HEADER.FIELDS.NOT (...)" (section spec as the client wrote it,
  // case-insensitive). nullopt when the section does not exist.
  [[nodiscard]] std::optional<std::string> section(std::string_view spec) const;

  // Decoded text for SEARCH BODY/TEXT and the push driver: text parts, transfer-decoded and
  // charset-converted to UTF-8.
  [[nodiscard]] std::string bodyText() const;
  // Dovecot's body snippet (push driver "snippet", PREVIEW): at most 200 characters,
  // whitespace collapsed (dovecot.md section 1.4).
  [[nodiscard]] std::string snippet() const;
  // Date header parsed to Unix seconds (nullopt when missing or unparsable).
  [[nodiscard]] std::optional<std::int64_t> sentDate() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// RFC 2047 decoding of a header value to UTF-8 ("=?utf-8?q?J=C3=BCrgen?=" -> "Jürgen").
std::string decodeHeaderValue(std::string_view value);
// RFC 5322 section 2.2.3 unfolding: (CR)LF removed, the whitespace after it kept.
std::string unfold(std::string_view value);

}  // namespace oxh::dovecot::mime
