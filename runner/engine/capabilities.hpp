#pragma once
// `requires: [METADATA, THREAD=REFERENCES]`: asks the topology's IMAP server, as the first
// scenario user, which capabilities it has after login (Dovecot adds METADATA only then).
#include <string>
#include <vector>

#include "runner/engine/step_context.hpp"

namespace oxh::runner {

// The required capabilities the server does not offer, comma-separated; empty when all are.
std::string missingCapabilities(StepContext& context, const std::vector<std::string>& required);

}  // namespace oxh::runner
