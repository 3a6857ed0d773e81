#include "mock_dovecot/mime/header_block.hpp"

#include <strings.h>

namespace oxh::dovecot::mime {
namespace {

constexpr std::size_t kHeaderNameMaxLen = 1000;  // RFC 5322 2.1.1; longer names are treated as values

bool isLwsp(char c) { return c == ' ' || c == '\t'; }

struct Line {
  std::size_t start, contentEnd, next;  // content excludes the (CR)LF
};

Line lineAt(std::string_view m, std::size_t pos) {
  std::size_t lf = m.find('\n', pos);
  if (lf == std::string_view::npos) return {pos, m.size(), m.size()};
  std::size_t contentEnd = (lf > pos && m[lf - 1] == '\r') ? lf - 1 : lf;
  return {pos, contentEnd, lf + 1};
}

void startField(std::string_view m, const Line& line, HeaderField& field) {
  std::string_view content = m.substr(line.start, line.contentEnd - line.start);
  std::size_t colon = std::string_view::npos;
  for (std::size_t i = 0; i < content.size(); ++i) {
    if (content[i] == ':') {
      colon = i;
      break;
    }
  }
  field.offset = line.start;
  if (colon == std::string_view::npos) {
    field.name.clear();  // no ':' at all: the whole line is the value
    field.value = std::string(content);
    return;
  }
  std::string_view value = content.substr(colon + 1);
  std::size_t skip = 0;
  while (skip < value.size() && isLwsp(value[skip])) ++skip;
  if (skip == value.size() && !value.empty()) skip = 1;  // only LWSP: skip just one
  std::size_t nameEnd = colon;
  while (nameEnd > 0 && isLwsp(content[nameEnd - 1])) --nameEnd;
  if (nameEnd > kHeaderNameMaxLen) {
    field.name.clear();
    field.value = std::string(content);
    return;
  }
  field.name = std::string(content.substr(0, nameEnd));
  field.value = std::string(value.substr(skip));
}

}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

HeaderBlock parseHeaderBlock(std::string_view m, std::size_t pos, const std::function<bool(std::size_t)>& stopAt) {
  HeaderBlock block;
  bool open = false;
  HeaderField field;
  auto commit = [&](std::size_t end) {
    if (!open) return;
    field.size = end - field.offset;
    block.fields.push_back(std::move(field));
    field = HeaderField{};
    open = false;
  };
  while (pos < m.size()) {
    if (stopAt && stopAt(pos)) {
      commit(pos);
      block.end = pos;
      block.stoppedEarly = true;
      return block;
    }
    Line line = lineAt(m, pos);
    bool continued = open && isLwsp(m[pos]);
    if (!continued && line.contentEnd == line.start) {
      // The empty line ends the header and belongs to it.
      commit(pos);
      block.end = line.next;
      block.lastNewline = line.next - line.contentEnd;
      block.emptyLine = true;
      return block;
    }
    if (continued) {
      field.value += '\n';
      field.value.append(m.substr(line.start, line.contentEnd - line.start));
    } else {
      commit(pos);
      startField(m, line, field);
      open = true;
    }
    block.lastNewline = line.next - line.contentEnd;
    pos = line.next;
  }
  commit(pos);
  block.end = pos;
  return block;
}

}  // namespace oxh::dovecot::mime
