// LIST (RFC 3501 section 6.3.8) with LIST-EXTENDED (RFC 5258) selection options SUBSCRIBED
// and SPECIAL-USE (RFC 6154), return options CHILDREN, SUBSCRIBED, SPECIAL-USE and STATUS
// (RFC 5819). Which attributes appear in which form was confirmed against Dovecot 2.3.19:
// plain LIST shows children and special-use; with RETURN only what was asked for.
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_quote.hpp"
#include "mock_dovecot/imap/imap_session.hpp"
#include "mock_dovecot/imap/mailbox_pattern.hpp"
#include "mock_dovecot/imap/status_items.hpp"

namespace oxh::dovecot::imap {

namespace {

struct ListOptions {
  bool extended = false;
  bool selectSubscribed = false;
  bool selectSpecialUse = false;
  bool returnChildren = false;
  bool returnSubscribed = false;
  bool returnSpecialUse = false;
  const ImapArg* returnStatus = nullptr;
};

bool parseReturn(const ImapArg& list, ListOptions& options) {
  for (std::size_t i = 0; i < list.list.size(); ++i) {
    const ImapArg& option = list.list[i];
    if (option.isAtom("CHILDREN")) {
      options.returnChildren = true;
    } else if (option.isAtom("SUBSCRIBED")) {
      options.returnSubscribed = true;
    } else if (option.isAtom("SPECIAL-USE")) {
      options.returnSpecialUse = true;
    } else if (option.isAtom("STATUS") && i + 1 < list.list.size() && list.list[i + 1].isList()) {
      options.returnStatus = &list.list[++i];
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

void cmdList(CommandContext& ctx) {
  ListOptions options;
  std::size_t index = 0;
  const ImapArgs& args = ctx.args;
  if (index < args.size() && args[index].isList()) {
    options.extended = true;
    for (const auto& option : args[index].list) {
      if (option.isAtom("SUBSCRIBED")) {
        options.selectSubscribed = true;
      } else if (option.isAtom("SPECIAL-USE")) {
        options.selectSpecialUse = true;
      } else if (!option.isAtom("RECURSIVEMATCH") && !option.isAtom("REMOTE")) {
        ctx.commandError("List options contains unknown keyword: " + option.value);
        return;
      }
    }
    ++index;
  }
  if (index + 2 > args.size() || !args[index].astring()) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  const std::string reference = *args[index].astring();
  std::vector<std::string> patterns;
  if (args[index + 1].isList()) {
    options.extended = true;
    for (const auto& pattern : args[index + 1].list) {
      patterns.push_back(pattern.value);
    }
  } else {
    patterns.push_back(args[index + 1].value);
  }
  index += 2;
  if (index < args.size()) {
    if (!args[index].isAtom("RETURN") || index + 2 != args.size() || !args[index + 1].isList() ||
        !parseReturn(args[index + 1], options)) {
      ctx.commandError("Invalid arguments.");
      return;
    }
    options.extended = true;
  }
  if (options.returnStatus != nullptr) {
    if (auto error = validateStatusItems(*options.returnStatus)) {
      ctx.commandError(*error);
      return;
    }
  }
  // RFC 3501 section 6.3.8: an empty pattern asks for the hierarchy delimiter.
  if (patterns.size() == 1 && patterns[0].empty()) {
    ctx.untagged("LIST (\\Noselect) \"/\" \"\"");
    ctx.ok("List completed.");
    return;
  }
  const bool showChildren = !options.extended || options.returnChildren;
  const bool showSpecialUse = !options.extended || options.returnSpecialUse || options.selectSpecialUse;
  const bool showSubscribed = options.returnSubscribed || options.selectSubscribed;
  for (const auto& entry : ctx.session.store().listMailboxes(ctx.session.user())) {
    bool matched = false;
    for (const auto& pattern : patterns) {
      matched = matched || matchesPattern(entry.name, combinePattern(reference, pattern));
    }
    if (!matched || (options.selectSubscribed && !entry.subscribed) ||
        (options.selectSpecialUse && entry.specialUse.empty())) {
      continue;
    }
    std::string attributes;
    auto add = [&attributes](std::string_view word) {
      attributes += (attributes.empty() ? "" : " ") + std::string(word);
    };
    if (!entry.exists) {
      add("\\Noselect");
    }
    if (showChildren) {
      add(entry.hasChildren ? "\\HasChildren" : "\\HasNoChildren");
    }
    if (showSubscribed && entry.subscribed) {
      add("\\Subscribed");
    }
    if (showSpecialUse && !entry.specialUse.empty()) {
      add(entry.specialUse);
    }
    ctx.untagged("LIST (" + attributes + ") \"/\" " + astring(entry.name));
    if (options.returnStatus != nullptr && entry.exists) {
      if (auto line = statusLine(ctx.session, entry.name, *options.returnStatus)) {
        ctx.untagged(*line);
      }
    }
  }
  ctx.ok("List completed.");
}

}  // namespace oxh::dovecot::imap
