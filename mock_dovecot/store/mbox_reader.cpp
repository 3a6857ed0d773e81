#include "mock_dovecot/store/mbox_reader.hpp"

#include "common/error/error.hpp"

namespace oxh::dovecot {

namespace {

[[noreturn]] void bad(const std::string& file, int line, const std::string& what) {
  throw OxhException(Error("oxh.dovecot.mbox", what, SourcePosition{file, line, 0}));
}

// ">From " (mboxo) or ">+From " (mboxrd) -> one '>' less.
std::string_view unquote(std::string_view line, MboxFormat format) {
  std::size_t quotes = 0;
  while (quotes < line.size() && line[quotes] == '>') {
    ++quotes;
  }
  if (quotes == 0 || line.substr(quotes).rfind("From ", 0) != 0) {
    return line;
  }
  if (format == MboxFormat::kMboxo && quotes != 1) {
    return line;
  }
  return line.substr(1);
}

}  // namespace

bool looksLikeMbox(std::string_view text) { return text.rfind("From ", 0) == 0; }

std::string toCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> splitMbox(std::string_view text, MboxFormat format, const std::string& file) {
  if (!looksLikeMbox(text)) {
    bad(file, 1, "not an mbox file: the first line is not a \"From \" separator line");
  }
  std::vector<std::string> messages;
  std::vector<std::string_view> lines;  // of the message being read
  int startLine = 0;
  auto finish = [&](int nextLine) {
    if (!lines.empty() && lines.back().empty()) {
      lines.pop_back();  // the separator's empty line
    }
    if (lines.empty()) {
      bad(file, startLine, "the message after this \"From \" line is empty");
    }
    std::string message;
    for (const auto line : lines) {
      message.append(line);
      message.append("\r\n");
    }
    messages.push_back(std::move(message));
    lines.clear();
    startLine = nextLine;
  };
  int number = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find('\n', at);
    std::string_view line = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at = end == std::string_view::npos ? text.size() : end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.rfind("From ", 0) == 0) {
      if (number > 1) {
        finish(number);
      } else {
        startLine = number;
      }
      continue;
    }
    lines.push_back(unquote(line, format));
  }
  finish(number);
  return messages;
}

}  // namespace oxh::dovecot
