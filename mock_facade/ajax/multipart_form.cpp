#include "mock_facade/ajax/multipart_form.hpp"

#include <cctype>

namespace oxh::facade {

namespace {

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string parameter(const std::string& header, const std::string& name) {
  const auto lowered = lower(header);
  std::size_t at = 0;
  while ((at = lowered.find(name + "=", at)) != std::string::npos) {
    if (at == 0 || lowered[at - 1] == ';' || lowered[at - 1] == ' ') break;
    at += name.size();
  }
  if (at == std::string::npos) return "";
  std::size_t start = at + name.size() + 1;
  if (start < header.size() && header[start] == '"') {
    const auto end = header.find('"', start + 1);
    return header.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
  }
  const auto end = header.find(';', start);
  std::string value = header.substr(start, end == std::string::npos ? std::string::npos : end - start);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  return value;
}

}  // namespace

std::optional<std::string> multipartBoundary(const std::string& contentType) {
  if (lower(contentType).rfind("multipart/", 0) != 0) return std::nullopt;
  auto boundary = parameter(contentType, "boundary");
  if (boundary.empty()) return std::nullopt;
  return boundary;
}

std::optional<std::vector<FormPart>> parseMultipartForm(const std::string& body, const std::string& boundary) {
  const std::string delimiter = "--" + boundary;
  std::vector<FormPart> parts;
  auto pos = body.find(delimiter);
  if (pos == std::string::npos) return std::nullopt;
  while (true) {
    pos += delimiter.size();
    if (body.compare(pos, 2, "--") == 0) return parts;  // close delimiter
    if (body.compare(pos, 2, "\r\n") != 0) return std::nullopt;
    pos += 2;
    const auto headersEnd = body.find("\r\n\r\n", pos);
    if (headersEnd == std::string::npos) return std::nullopt;
    const auto next = body.find("\r\n" + delimiter, headersEnd + 4);
    if (next == std::string::npos) return std::nullopt;
    FormPart part;
    std::size_t line = pos;
    while (line < headersEnd) {
      auto end = body.find("\r\n", line);
      if (end == std::string::npos || end > headersEnd) end = headersEnd;
      const std::string header = body.substr(line, end - line);
      const auto colon = header.find(':');
      if (colon != std::string::npos) {
        const auto name = lower(header.substr(0, colon));
        const auto value = header.substr(colon + 1);
        if (name == "content-disposition") {
          part.name = parameter(value, "name");
          part.filename = parameter(value, "filename");
        } else if (name == "content-type") {
          const auto first = value.find_first_not_of(' ');
          part.contentType = first == std::string::npos ? "" : value.substr(first);
        }
      }
      line = end + 2;
    }
    part.body = body.substr(headersEnd + 4, next - headersEnd - 4);
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

}  // namespace oxh::facade
