#include "common/error/error.hpp"

#include <utility>

namespace oxh {

std::string SourcePosition::describe() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) {
      out += ":" + std::to_string(column);
    }
  }
  return out;
}

Error::Error(std::string id, std::string message, std::optional<SourcePosition> where)
    : id_(std::move(id)), message_(std::move(message)), where_(std::move(where)) {}

std::string Error::describe() const {
  std::string out = "[" + id_ + "] ";
  if (where_) {
    out += where_->describe() + ": ";
  }
  return out + message_;
}

OxhException::OxhException(Error error) : std::runtime_error(error.describe()), error_(std::move(error)) {}

}  // namespace oxh
