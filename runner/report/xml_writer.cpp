#include "runner/report/xml_writer.hpp"

#include <stdexcept>
#include <utility>

#include "runner/report/report_text.hpp"

namespace oxh::runner {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// XML 1.0 section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
bool isForbiddenControl(unsigned char byte) { return byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r'; }

void appendControlPicture(std::string& out, unsigned char byte) {
  // U+2400 + byte encodes as E2 90 (80 + byte) for byte < 0x40.
  out += '\xE2';
  out += '\x90';
  out += static_cast<char>(0x80 + byte);
}

}  // namespace

std::string escapeXml(std::string_view raw, XmlContext context) {
  const std::string valid = toValidUtf8(raw);
  const bool attribute = context == XmlContext::Attribute;
  std::string out;
  out.reserve(valid.size() + valid.size() / 8);
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const auto byte = static_cast<unsigned char>(valid[i]);
    switch (byte) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;  // also keeps "]]>" out of text
      case '"': out += "&quot;"; continue;
      case '\'': out += "&apos;"; continue;
      case '\r': out += "&#13;"; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; continue;
      case '\n': out += attribute ? "&#10;" : "\n"; continue;
      default: break;
    }
    if (isForbiddenControl(byte)) {
      appendControlPicture(out, byte);
      continue;
    }
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are valid UTF-8 but not XML characters.
    if (byte == 0xEF && i + 2 < valid.size() && static_cast<unsigned char>(valid[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(valid[i + 2]) & 0xFE) == 0xBE) {
      out += kReplacement;
      i += 2;
      continue;
    }
    out += static_cast<char>(byte);
  }
  return out;
}

XmlWriter::XmlWriter() : out_(R"(<?xml version="1.0" encoding="UTF-8"?>)") {}

void XmlWriter::endStartTag() {
  if (startTagPending_) {
    out_ += '>';
    startTagPending_ = false;
  }
}

void XmlWriter::newlineIndent(std::size_t depth) {
  out_ += '\n';
  out_.append(depth * 2, ' ');
}

XmlWriter& XmlWriter::open(std::string_view name) {
  endStartTag();
  if (!stack_.empty()) {
    stack_.back().hasChildren = true;
  }
  // Indent only where it cannot change meaning: inside an element that holds no text.
  if (stack_.empty() || !stack_.back().hasText) {
    newlineIndent(stack_.size());
  }
  out_ += '<';
  out_ += name;
  stack_.push_back(Open{std::string(name)});
  startTagPending_ = true;
  return *this;
}

XmlWriter& XmlWriter::attribute(std::string_view name, std::string_view value) {
  if (!startTagPending_) {
    throw std::logic_error("XmlWriter::attribute outside a start tag");
  }
  out_ += ' ';
  out_ += name;
  out_ += "=\"";
  out_ += escapeXml(value, XmlContext::Attribute);
  out_ += '"';
  return *this;
}

XmlWriter& XmlWriter::text(std::string_view value) {
  if (stack_.empty()) {
    throw std::logic_error("XmlWriter::text outside an element");
  }
  if (value.empty()) {
    return *this;
  }
  endStartTag();
  stack_.back().hasText = true;
  out_ += escapeXml(value, XmlContext::Text);
  return *this;
}

XmlWriter& XmlWriter::close() {
  if (stack_.empty()) {
    throw std::logic_error("XmlWriter::close without an open element");
  }
  const Open element = std::move(stack_.back());
  stack_.pop_back();
  if (startTagPending_) {
    out_ += "/>";
    startTagPending_ = false;
    return *this;
  }
  if (element.hasChildren && !element.hasText) {
    newlineIndent(stack_.size());
  }
  out_ += "</";
  out_ += element.name;
  out_ += '>';
  return *this;
}

std::string XmlWriter::finish() {
  while (!stack_.empty()) {
    close();
  }
  out_ += '\n';
  return std::move(out_);
}

}  // namespace oxh::runner
