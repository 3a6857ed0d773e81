#include "runner/steps/dovecot_fault_steps.hpp"

#include "common/error/error.hpp"
#include "mock_dovecot/fake_dovecot.hpp"
#include "runner/engine/step_context.hpp"
#include "runner/steps/step_families.hpp"

namespace oxh::runner {

namespace {

void arm(StepContext& context, const Step& /*step*/) {
  if (!context.fakeDovecot) {
    throw StepFailure("dovecot.arm acts on the embedded fake Dovecot; this scenario's topology names a real one");
  }
  nlohmann::json fault = yamlToJson(context.args);
  if (context.has("user")) {
    // A scenario user by login or e-mail; any other text is taken as a login (passwd-file users).
    const auto name = context.text("user", "");
    const User* user = context.findUser(name);
    fault["user"] = user != nullptr ? user->login : name;
  }
  if (context.has("delay")) {
    fault.erase("delay");
    fault["delay_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(*context.duration("delay")).count();
  }
  for (const char* key : {"text", "code", "command", "sessions", "action", "mailbox"}) {
    if (context.has(key)) {
      fault[key] = context.text(key, "");  // YAML may have typed them (e.g. a numeric text)
    }
  }
  try {
    context.fakeDovecot->arm(dovecot::imap::ImapFault::fromJson(fault));
  } catch (const OxhException& error) {
    throw StepFailure(error.error().describe());
  }
}

}  // namespace

void registerDovecotFaultSteps(StepRegistry& registry) {
  registry.add(makeStep("dovecot.arm",
                        "a one-shot IMAP fault at the fake Dovecot (BYE, NO, delayed OK, IDLE drop, truncated "
                        "literal, EXPUNGE storm)",
                        {{"action", ParamType::String, true,
                          "bye (now), no (next command), delay (next tagged OK), drop_idle, truncate_literal (next "
                          "response with a literal is cut and the connection closed), expunge_storm (now)"},
                         {"user", ParamType::String, false, "only this user's sessions (default: every session)"},
                         {"command", ParamType::String, false, "no/delay: only this command, e.g. SELECT, UID FETCH"},
                         {"text", ParamType::String, false, "BYE or NO text"},
                         {"code", ParamType::String, false, "no: response code, e.g. UNAVAILABLE, OVERQUOTA, ALERT"},
                         {"delay", ParamType::Duration, false, "delay: how long the tagged OK is held"},
                         {"delay_ms", ParamType::Int, false, "delay in milliseconds"},
                         {"sessions", ParamType::String, false, "bye: all (default) or one session"},
                         {"count", ParamType::Int, false, "no/delay/drop_idle/truncate_literal: how many times (default 1)"},
                         {"mailbox", ParamType::String, false, "expunge_storm: the mailbox (default INBOX)"},
                         {"messages", ParamType::Int, false, "expunge_storm: how many messages, oldest first (default 0 = all)"}},
                        arm));
}

}  // namespace oxh::runner
