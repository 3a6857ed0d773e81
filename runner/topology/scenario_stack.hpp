#pragma once
// Brings up what a scenario's topology asks for: embedded fakes on their addresses (port 0
// unless told), endpoints of real builds as given, and the `topology.*`, `users.*` and
// `token.*` variables steps refer to.
// Thread: set up and torn down by the scenario's runner thread.
#include "runner/engine/step_context.hpp"

namespace oxh::runner {

// Starts the fakes and fills `context`'s endpoints and variables. Throws StepFailure (for
// example when a fixed listen address is taken) with a message naming the component.
void startTopology(StepContext& context);
void stopTopology(StepContext& context);

// A deterministic 64-hex-digit device token for a user under a seed (like an APNs token).
std::string deviceToken(std::uint64_t seed, const std::string& login);

}  // namespace oxh::runner
