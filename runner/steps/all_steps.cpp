#include "runner/steps/step_families.hpp"

namespace oxh::runner {

StepRegistry allSteps() {
  StepRegistry registry;
  registerImapSteps(registry);
  registerLmtpSteps(registry);
  registerHttpSteps(registry);
  registerNotifySteps(registry);
  registerPushSteps(registry);
  registerDovecotSteps(registry);
  return registry;
}

}  // namespace oxh::runner
