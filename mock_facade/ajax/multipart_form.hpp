#pragma once
// multipart/form-data bodies (RFC 7578) as the mail "new" upload sends them: json_0 and file_N.
// Thread: pure functions.
#include <optional>
#include <string>
#include <vector>

namespace oxh::facade {

struct FormPart {
  std::string name;      // Content-Disposition name
  std::string filename;  // empty when not a file
  std::string contentType;
  std::string body;
};

// The boundary parameter of a multipart Content-Type; nullopt when there is none.
std::optional<std::string> multipartBoundary(const std::string& contentType);
// The parts; nullopt when the body is not well-formed for that boundary.
std::optional<std::vector<FormPart>> parseMultipartForm(const std::string& body, const std::string& boundary);

}  // namespace oxh::facade
