#include "common/error/error.hpp"

#include <utility>

namespace oxh {

std::string SourcePosition::describe() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  // append() rather than ":" + std::to_string(...): GCC 12 at -O3 reports a false -Wrestrict
  // (GCC bug 105329) for the operator+ form, which breaks the release preset under -Werror.
  if (line > 0) {
    out.append(":").append(std::to_string(line));
    if (column > 0) {
      out.append(":").append(std::to_string(column));
    }
  }
  return out;
}

Error::Error(std::string id, std::string message, std::optional<SourcePosition> where)
    : id_(std::move(id)), message_(std::move(message)), where_(std::move(where)) {}

std::string Error::describe() const {
  std::string out = "[";
  out.append(id_).append("] ");
  if (where_) {
    out.append(where_->describe()).append(": ");
  }
  return out.append(message_);
}

OxhException::OxhException(Error error) : std::runtime_error(error.describe()), error_(std::move(error)) {}

}  // namespace oxh
