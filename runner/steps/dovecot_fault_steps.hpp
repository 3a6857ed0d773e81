#pragma once
// dovecot.arm: one-shot IMAP faults at the embedded fake Dovecot (mock_dovecot/imap/imap_faults.hpp),
// the scenario twin of the control plane's POST dovecot_arm_fault. Registered by
// registerDovecotSteps (dovecot_steps.cpp).
#include "runner/scenario/schema.hpp"

namespace oxh::runner {

void registerDovecotFaultSteps(StepRegistry& registry);

}  // namespace oxh::runner
