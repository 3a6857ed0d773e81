#include "runner/steps/step_families.hpp"

namespace oxh::runner {

StepSpec makeStep(std::string name, std::string help, std::vector<ParamSpec> params,
                  std::function<void(StepContext& context, const Step& step)> run) {
  StepSpec spec;
  spec.name = std::move(name);
  spec.help = std::move(help);
  spec.params = std::move(params);
  spec.run = std::move(run);
  return spec;
}

StepRegistry allSteps() {
  StepRegistry registry;
  registerImapSteps(registry);
  registerLmtpSteps(registry);
  registerHttpSteps(registry);
  registerNotifySteps(registry);
  registerPushSteps(registry);
  registerDovecotSteps(registry);
  registerFaultSteps(registry);
  registerFacadeSteps(registry);
  registerFacadeClusterSteps(registry);
  registerTlsSteps(registry);
  registerClientSteps(registry);
  return registry;
}

}  // namespace oxh::runner
