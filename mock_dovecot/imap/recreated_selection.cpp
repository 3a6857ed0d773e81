#include "mock_dovecot/imap/recreated_selection.hpp"

#include <array>
#include <ctime>

#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/search_program.hpp"

namespace oxh::dovecot::imap {

bool selectionRecreated(ImapSession& session) {
  const SelectedView* view = session.selected();
  if (view == nullptr) {
    return false;
  }
  const auto identity = session.store().mailboxIdentity(session.user(), view->mailbox());
  return identity && *identity != view->identity();
}

std::string internalErrorText() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  std::array<char, 32> stamp{};
  std::strftime(stamp.data(), stamp.size(), "%Y-%m-%d %H:%M:%S", &local);
  return std::string("Internal error occurred. Refer to server log for more information. [") + stamp.data() + "]";
}

bool refuseOnRecreatedSelection(CommandContext& ctx) {
  if (!selectionRecreated(ctx.session)) {
    return false;
  }
  ctx.no("[SERVERBUG] " + internalErrorText());
  return true;
}

bool searchNeedsMailboxData(const SearchKey& key) {
  switch (key.type) {
    case SearchKeyType::kAll:
    case SearchKeyType::kSequenceSet:
    case SearchKeyType::kUidSet:
    case SearchKeyType::kSystemFlag:
    case SearchKeyType::kRecent:
    case SearchKeyType::kKeyword:
    case SearchKeyType::kModseq:
      return false;
    case SearchKeyType::kAnd:
    case SearchKeyType::kOr:
      for (const auto& child : key.children) {
        if (searchNeedsMailboxData(child)) {
          return true;
        }
      }
      return false;
    default:
      return true;
  }
}

bool syncReportsRecreatedSelection(std::string_view command) {
  static constexpr std::array<std::string_view, 8> kCommands = {"NOOP", "CHECK",    "EXPUNGE", "UID EXPUNGE",
                                                                "MOVE", "UID MOVE", "CLOSE",   "IDLE"};
  for (std::string_view name : kCommands) {
    if (name == command) {
      return true;
    }
  }
  return false;
}

}  // namespace oxh::dovecot::imap
