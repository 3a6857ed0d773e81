#include "mock_dovecot/imap/imap_session.hpp"

#include "mock_dovecot/imap/command_context.hpp"
#include "mock_dovecot/imap/command_table.hpp"
#include "mock_dovecot/imap/qresync_lines.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr std::size_t kJournalLineLimit = 2000;

}  // namespace

ImapSession::ImapSession(MailStore& store, SessionOptions options, SessionEventSink sink)
    : store_(store), options_(std::move(options)), sink_(std::move(sink)), parser_(kMaxLineBeforeLogin) {
  if (options_.profile == nullptr) {
    options_.profile = findCapabilityProfile(kDefaultProfile);
  }
}

ImapSession::~ImapSession() = default;

void ImapSession::start() {
  writeLine("* OK [CAPABILITY " + capabilities() + "] " + options_.greeting);
  flushResponseJournal("*");
}

std::string ImapSession::capabilities() const {
  if (state_ == SessionState::kNotAuthenticated) {
    return preLoginCapabilities(*options_.profile, options_.startTlsAvailable && !options_.secured);
  }
  return postLoginCapabilities(*options_.profile, options_.metadataEnabled && options_.profile->metadata);
}

std::string ImapSession::takeOutput() {
  std::string out;
  if (holding_) {
    out = output_.substr(0, holdFrom_);
    output_.erase(0, holdFrom_);
    holdFrom_ = 0;
    return out;
  }
  out.swap(output_);
  return out;
}

void ImapSession::writeLine(std::string_view line) {
  if (qresync()) {
    if (auto modseq = fetchLineModseq(line); modseq && *modseq > highestFetchModseq) {
      highestFetchModseq = *modseq;
    }
  }
  output_.append(line);
  output_.append("\r\n");
  responseLines_.emplace_back(line.substr(0, kJournalLineLimit));
}

void ImapSession::writeRaw(std::string_view bytes) {
  output_.append(bytes);
  responseLines_.emplace_back(bytes.substr(0, kJournalLineLimit));
}

void ImapSession::emit(const std::string& kind, std::string summary, nlohmann::json data) {
  if (sink_) {
    sink_(SessionEvent{kind, std::move(summary), std::move(data)});
  }
}

void ImapSession::flushResponseJournal(const std::string& tag) {
  if (responseLines_.empty()) {
    return;
  }
  std::string summary = responseLines_.back();
  emit("imap.response", summary, {{"tag", tag}, {"lines", responseLines_}, {"user", user_}});
  responseLines_.clear();
}

std::string ImapSession::withTiming(std::string text) const {
  // Dovecot's imap process (not imap-login) ends every tagged reply with its timing:
  // a final "." is dropped and " (0.001 + 0.000 secs)." appended (imap-client.c
  // client_cmd_append_timing_stats).
  if (state_ == SessionState::kNotAuthenticated || !options_.profile->timings) {
    return text;
  }
  if (!text.empty() && text.back() == '.') {
    text.pop_back();
  }
  return text + " (0.001 + 0.000 secs).";
}

void ImapSession::replyTagged(const std::string& tag, std::string text) {
  if (!holding_ && !tag.empty() && tag != "*" && truncateLiteral()) {
    return;
  }
  if (!holding_ && !tag.empty() && tag != "*" && text.rfind("OK", 0) == 0 && options_.faults != nullptr) {
    if (auto fault = options_.faults->take(ImapFault::Action::kDelay, user_, currentCommand_)) {
      faultApplied(*fault, tag + " OK held back " + std::to_string(fault->delay.count()) + " ms");
      holding_ = true;
      holdFrom_ = output_.size();
      newHold_ = fault->delay;
    }
  }
  writeLine((tag.empty() ? std::string("*") : tag) + " " + withTiming(std::move(text)));
  flushResponseJournal(tag);
}

void ImapSession::invalidPreLoginCommand(const std::string& tag) {
  // imap-login-client.c client_invalid_command: the third invalid command ends the session.
  if (++badCommands_ >= kMaxBadCommandsBeforeLogin) {
    fatal("Too many invalid IMAP commands.");
    return;
  }
  replyTagged(tag.empty() ? "*" : tag, "BAD Error in IMAP command received by server.");
}

void ImapSession::commandError(const std::string& tag, const std::string& name, std::string_view error) {
  if (state_ == SessionState::kNotAuthenticated) {
    invalidPreLoginCommand(tag);
    return;
  }
  std::string text;
  if (tag.empty()) {
    text = "BAD Error in IMAP tag: " + std::string(error);
  } else if (name.empty()) {
    text = "BAD Error in IMAP command: " + std::string(error);
  } else {
    text = "BAD Error in IMAP command " + toUpper(name) + ": " + std::string(error);
  }
  replyTagged(tag, std::move(text));
  if (++badCommands_ >= kMaxBadCommandsAfterLogin) {
    fatal("Too many invalid IMAP commands.");
  }
}

void ImapSession::fatal(const std::string& byeText) {
  writeLine("* BYE " + byeText);
  flushResponseJournal("*");
  fatal_ = true;
  closing_ = true;
  state_ = SessionState::kLogout;
}

void ImapSession::loggedIn(const std::string& tag, const std::string& login) {
  state_ = SessionState::kAuthenticated;
  user_ = login;
  badCommands_ = 0;
  parser_.setMaxLine(kMaxLineAfterLogin);
  // Dovecot answers "OK [CAPABILITY ...] Logged in" unless the client asked CAPABILITY
  // before logging in (then an untagged CAPABILITY first); dovecot.md section 2.1.
  if (sentPreLoginCapability) {
    writeLine("* CAPABILITY " + capabilities());
    writeLine(tag + " OK Logged in");
  } else {
    writeLine(tag + " OK [CAPABILITY " + capabilities() + "] Logged in");
  }
  flushResponseJournal(tag);
}

const ImapSession::RememberedKeywords* ImapSession::rememberedKeywords(std::uint64_t mailboxIdentity) const {
  auto it = rememberedKeywords_.find(mailboxIdentity);
  return it == rememberedKeywords_.end() ? nullptr : &it->second;
}

void ImapSession::rememberSessionKeywords() {
  if (selected_ && !selected_->sessionKeywords().empty()) {
    rememberedKeywords_[selected_->identity()] = {selected_->keywords(), selected_->sessionKeywords()};
  }
}

void ImapSession::storeSeenSetByUpdates() {
  if (!selected_) {
    return;
  }
  const auto uids = selected_->searchUpdates().takeSeenByFetch();
  if (uids.empty()) {
    return;
  }
  MessageFlags seen;
  seen.system = kFlagSeen;
  for (const auto& changed : store_.storeFlags(user_, selected_->mailbox(), uids, FlagOperation::kAdd, seen)) {
    selected_->noteFlags(changed.uid, changed.flags, changed.modseq);
  }
}

void ImapSession::select(SelectedView view) {
  rememberSessionKeywords();
  appendedRecent_.clear();
  selected_.emplace(std::move(view));
  state_ = SessionState::kSelected;
}

void ImapSession::unselect() {
  rememberSessionKeywords();
  selected_.reset();
  if (state_ == SessionState::kSelected) {
    state_ = SessionState::kAuthenticated;
  }
}

void ImapSession::logout() {
  closing_ = true;
  state_ = SessionState::kLogout;
}

void ImapSession::enable(const std::string& capability) {
  enabled_.insert(capability);
  // RFC 7162 section 3.2.3: QRESYNC implies CONDSTORE.
  if (capability == "QRESYNC") {
    enabled_.insert("CONDSTORE");
  }
  if (condstore() && selected_) {
    store_.enableModseq(user_, selected_->mailbox());
  }
}

void ImapSession::awaitLine(std::function<void(ImapSession&, const std::string&)> handler) {
  lineHandler_ = std::move(handler);
}

void ImapSession::idleKeepalive() {
  if (idling_ && !closing_) {
    writeLine("* OK Still here");
    flushResponseJournal("*");
  }
}

void ImapSession::tlsEstablished() {
  startTlsPending_ = false;
  options_.secured = true;
  didStartTls = true;
  // Nothing the client sent before the handshake may be acted on after it (RFC 3501 section
  // 6.2.1, the CVE-2011-0411 class of injection).
  parser_.discardBuffered();
}

void ImapSession::feed(std::string_view bytes) {
  if (closing_ || startTlsPending_) {
    return;
  }
  parser_.feed(bytes);
  process();
}

LiteralVerdict ImapSession::literalPolicy(const LiteralRequest& request) {
  const CommandSpec* spec = findCommand(request.name);
  const bool available = spec != nullptr && state_ != SessionState::kNotAuthenticated &&
                         (spec->states & kAuthenticated) != 0;
  if (available && spec->literalCheck != nullptr) {
    return spec->literalCheck(*this, request);
  }
  // Dovecot's parser: a literal must fit into what is left of imap_max_line_length
  // (imap-parser.c imap_parser_literal_end), else "* BYE Literal size too large".
  const std::size_t maxLine = state_ == SessionState::kNotAuthenticated ? kMaxLineBeforeLogin : kMaxLineAfterLogin;
  if (request.lineBytes >= maxLine || request.size > maxLine - request.lineBytes) {
    return {LiteralVerdict::Kind::kFatal, "Literal size too large"};
  }
  return {};
}

void ImapSession::process() {
  const LiteralPolicy policy = [this](const LiteralRequest& request) { return literalPolicy(request); };
  while (!closing_ && !startTlsPending_) {
    if (lineHandler_) {
      auto line = parser_.takeLine();
      if (!line) {
        return;
      }
      auto handler = std::move(lineHandler_);
      lineHandler_ = nullptr;
      handler(*this, *line);
      continue;
    }
    ParseOutcome outcome = parser_.poll(policy);
    switch (outcome.kind) {
      case ParseOutcome::Kind::kNeedMore:
        return;
      case ParseOutcome::Kind::kContinue:
        output_.append("+ OK\r\n");
        continue;
      case ParseOutcome::Kind::kRejected:
        continue;
      case ParseOutcome::Kind::kFatal:
        fatal(outcome.message);
        return;
      case ParseOutcome::Kind::kTagError:
        emit("imap.command", "(invalid tag)", {{"error", outcome.message}});
        if (state_ == SessionState::kNotAuthenticated) {
          invalidPreLoginCommand("*");
        } else {
          commandError("", "", outcome.message);
        }
        continue;
      case ParseOutcome::Kind::kError:
        emit("imap.command", outcome.tag + " " + outcome.name + " (syntax error)",
             {{"tag", outcome.tag}, {"name", outcome.name}, {"error", outcome.message}});
        if (state_ == SessionState::kNotAuthenticated) {
          // imap-login: parse errors are plain "BAD <message>" and not counted, except
          // an invalid command name (client_invalid_command).
          if (outcome.message == "Invalid command name.") {
            invalidPreLoginCommand(outcome.tag);
          } else {
            replyTagged(outcome.tag, "BAD " + outcome.message);
          }
        } else if (const CommandSpec* spec = findCommand(outcome.name);
                   spec != nullptr && (spec->states & kIgnoresArgs) != 0 && !outcome.name.empty()) {
          outcome.args.clear();
          dispatch(std::move(outcome));
        } else {
          commandError(outcome.tag, outcome.name, outcome.message);
        }
        continue;
      case ParseOutcome::Kind::kCommand:
        dispatch(std::move(outcome));
        continue;
    }
  }
}

void ImapSession::dispatch(ParseOutcome&& command) {
  emit("imap.command", command.tag + " " + command.name + (command.args.empty() ? "" : " ") +
                           describeArgs(command.args).substr(0, kJournalLineLimit),
       {{"tag", command.tag}, {"name", toUpper(command.name)}, {"args", describeArgs(command.args)},
        {"user", user_}});
  const CommandSpec* spec = findCommand(command.name);
  const bool preLogin = state_ == SessionState::kNotAuthenticated;
  const bool available =
      spec != nullptr && (preLogin ? (spec->states & kNotAuthenticated) != 0 : (spec->states & kAuthenticated) != 0) &&
      !commandRemoved(*options_.profile, spec->name);
  if (!available) {
    if (preLogin) {
      // imap-login-client.c: a client that forgot the tag gets a hint.
      if (spec == nullptr && iequals(command.tag, "LOGIN")) {
        replyTagged(command.tag,
                    "BAD First parameter in line is IMAP's command tag, not the command name. Add that before "
                    "the command, like: a login user pass");
        return;
      }
      invalidPreLoginCommand(command.tag);
    } else {
      commandError(command.tag, command.name, "Unknown command.");
    }
    return;
  }
  currentCommand_ = toUpper(command.name);
  commandOutputFrom_ = output_.size();
  if (injectNo(command.tag, currentCommand_)) {
    return;
  }
  if ((spec->states & kSelectedOnly) != 0 && !selected_) {
    replyTagged(command.tag, "BAD No mailbox selected.");
    return;
  }
  taggedModseq_.reset();
  CommandContext ctx(*this, command.tag, toUpper(command.name), command.args);
  spec->handler(ctx);
  if (ctx.deferred()) {
    deferredTag_ = command.tag;
    deferredName_ = ctx.name;
    deferredSync_ = spec->sync;
    return;
  }
  if (!ctx.answered() || ctx.taggedText() == "\x01") {
    return;  // answered already (errors, LOGIN)
  }
  const std::string& text = ctx.taggedText();
  const bool success = text.rfind("OK", 0) == 0 || text.rfind("NO", 0) == 0;
  if (success && state_ != SessionState::kNotAuthenticated) {
    // A command that parsed and ran resets the count of invalid ones (confirmed against Dovecot
    // 2.3.19 by tests/peers/test_fake_dovecot_messages.py: 20 errors spread over a session with
    // good commands between them do not end it).
    badCommands_ = 0;
  }
  if (success && ctx.syncAllowed() && !closing_) {
    taggedModseqAllowed_ = true;
    sync(ctx.noExpunges() && spec->sync == SyncMode::kFull ? SyncMode::kNoExpunge : spec->sync);
    taggedModseqAllowed_ = false;
  }
  if (!fatal_) {
    std::string reply = text;
    if (taggedModseq_) {
      // QRESYNC: the sync point's HIGHESTMODSEQ goes into a plain tagged OK, else untagged
      // (imap-sync.c imap_sync_send_highestmodseq; imap/qresync_lines.hpp).
      const std::string code = "[HIGHESTMODSEQ " + std::to_string(*taggedModseq_) + "]";
      if (reply.rfind("OK ", 0) == 0 && reply.rfind("OK [", 0) != 0) {
        reply = "OK " + code + " " + reply.substr(3);
      } else {
        writeLine("* OK " + code + " Highest");
      }
      taggedModseq_.reset();
    }
    replyTagged(command.tag, std::move(reply));  // after LOGOUT too: "* BYE Logging out", then the tagged OK
  }
}

}  // namespace oxh::dovecot::imap
