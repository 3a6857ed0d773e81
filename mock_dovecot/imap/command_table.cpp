#include "mock_dovecot/imap/command_table.hpp"

#include <array>

#include "mock_dovecot/imap/commands/commands.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr CommandSpec kCommands[] = {
#define OXH_IMAP_COMMAND(name, handler, states, sync, literalCheck) {name, handler, states, sync, literalCheck},
#include "mock_dovecot/imap/commands/command_list.inc"
#undef OXH_IMAP_COMMAND
};

}  // namespace

const CommandSpec* findCommand(std::string_view name) {
  for (const auto& spec : kCommands) {
    if (iequals(spec.name, name)) {
      return &spec;
    }
  }
  return nullptr;
}

}  // namespace oxh::dovecot::imap
