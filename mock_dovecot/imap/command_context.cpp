#include "mock_dovecot/imap/command_context.hpp"

#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

void CommandContext::untagged(std::string_view text) { session.writeLine("* " + std::string(text)); }

void CommandContext::raw(std::string_view bytes) { session.writeRaw(bytes); }

std::optional<std::vector<std::string>> CommandContext::stringArgs(std::size_t count) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i >= args.size()) {
      commandError("Missing arguments.");
      return std::nullopt;
    }
    auto value = args[i].astring();
    if (!value) {
      commandError("Invalid arguments.");
      return std::nullopt;
    }
    out.push_back(std::move(*value));
  }
  return out;
}

void CommandContext::tagged(std::string text) { taggedText_ = std::move(text); }

void CommandContext::commandError(std::string_view error) {
  syncAllowed_ = false;
  session.commandError(tag, name, error);
  taggedText_ = "\x01";  // answered by commandError already
}

}  // namespace oxh::dovecot::imap
