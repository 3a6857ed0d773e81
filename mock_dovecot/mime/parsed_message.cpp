#include "mock_dovecot/mime/parsed_message.hpp"

#include "mock_dovecot/mime/body_text.hpp"
#include "mock_dovecot/mime/header_block.hpp"
#include "mock_dovecot/mime/imap_render.hpp"
#include "mock_dovecot/mime/message_date.hpp"
#include "mock_dovecot/mime/message_part.hpp"
#include "mock_dovecot/mime/section.hpp"

namespace oxh::dovecot::mime {
namespace {

// IMAP sizes and sections count line ends as CRLF (Dovecot's "virtual size"): a bare LF is
// widened; a bare CR is data, not a line end.
std::string normalizeLineEnds(const std::string& raw) {
  std::string out;
  out.reserve(raw.size() + raw.size() / 32);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) out += '\r';
    out += raw[i];
  }
  return out;
}

}  // namespace

struct ParsedMessage::Impl {
  std::string raw;
  std::string text;  // CRLF-normalized
  std::unique_ptr<MessagePart> root;
  Envelope envelope;
};

ParsedMessage::ParsedMessage(std::string raw) : impl_(std::make_unique<Impl>()) {
  impl_->raw = std::move(raw);
  impl_->text = normalizeLineEnds(impl_->raw);
  impl_->root = parseMessageTree(impl_->text);
  impl_->envelope = parseEnvelope(impl_->root->headers);
}

ParsedMessage::~ParsedMessage() = default;
ParsedMessage::ParsedMessage(ParsedMessage&&) noexcept = default;
ParsedMessage& ParsedMessage::operator=(ParsedMessage&&) noexcept = default;

const std::string& ParsedMessage::raw() const { return impl_->raw; }
std::size_t ParsedMessage::size() const { return impl_->text.size(); }

std::optional<std::string> ParsedMessage::header(std::string_view name) const {
  const HeaderField* f = impl_->root->firstHeader(name);
  if (f == nullptr) return std::nullopt;
  return unfold(f->value);
}

std::vector<std::string> ParsedMessage::headers(std::string_view name) const {
  std::vector<std::string> out;
  for (const HeaderField& f : impl_->root->headers) {
    if (equalsIgnoreCase(f.name, name)) out.push_back(unfold(f.value));
  }
  return out;
}

std::string ParsedMessage::envelope() const { return renderEnvelope(&impl_->envelope); }

std::string ParsedMessage::bodyStructure(bool extensible) const {
  return renderBodyStructure(*impl_->root, impl_->text, extensible);
}

std::optional<std::string> ParsedMessage::section(std::string_view spec) const {
  return extractSection(*impl_->root, impl_->text, spec);
}

std::string ParsedMessage::bodyText() const { return collectBodyText(*impl_->root, impl_->text); }

std::string ParsedMessage::snippet() const { return makeSnippet(*impl_->root, impl_->text); }

std::optional<std::int64_t> ParsedMessage::sentDate() const {
  const HeaderField* f = impl_->root->firstHeader("Date");
  if (f == nullptr) return std::nullopt;
  return parseMessageDate(f->value);
}

std::string unfold(std::string_view value) {
  // RFC 5322 2.2.3: unfolding removes the CRLF, keeps the whitespace after it.
  std::string out;
  for (char c : value) {
    if (c != '\r' && c != '\n') out += c;
  }
  return out;
}

}  // namespace oxh::dovecot::mime
