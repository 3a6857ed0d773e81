#pragma once
// Errors with a stable id ("oxh.<area>.<id>") and, for input errors, the position in the
// file that caused them. describe() gives the one-line form every tool prints:
//   [oxh.scenario.unknown-step] scenarios/push/ios.yaml:14:7: unknown step 'x'
// Thread: value types, no shared state.
#include <optional>
#include <stdexcept>
#include <string>

namespace oxh {

// 1-based line and column, as editors show them.
struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;

  [[nodiscard]] std::string describe() const;  // "file:line:col" (parts left out when unknown)
  bool operator==(const SourcePosition&) const = default;
};

class Error {
 public:
  Error(std::string id, std::string message, std::optional<SourcePosition> where = std::nullopt);

  [[nodiscard]] const std::string& id() const { return id_; }
  [[nodiscard]] const std::string& message() const { return message_; }
  [[nodiscard]] const std::optional<SourcePosition>& where() const { return where_; }
  [[nodiscard]] std::string describe() const;

 private:
  std::string id_;
  std::string message_;
  std::optional<SourcePosition> where_;
};

// Thrown where unwinding is the clearest way out (deep inside a loader or a step).
class OxhException : public std::runtime_error {
 public:
  explicit OxhException(Error error);
  [[nodiscard]] const Error& error() const { return error_; }

 private:
  Error error_;
};

}  // namespace oxh
