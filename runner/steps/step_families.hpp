#pragma once
// One registration function per step family (one family per file), and the full set.
#include "runner/scenario/schema.hpp"

namespace oxh::runner {

void registerImapSteps(StepRegistry& registry);
void registerLmtpSteps(StepRegistry& registry);
void registerHttpSteps(StepRegistry& registry);
void registerNotifySteps(StepRegistry& registry);
void registerPushSteps(StepRegistry& registry);
void registerDovecotSteps(StepRegistry& registry);
void registerFaultSteps(StepRegistry& registry);
void registerFacadeSteps(StepRegistry& registry);
void registerFacadeClusterSteps(StepRegistry& registry);
void registerTlsSteps(StepRegistry& registry);
void registerClientSteps(StepRegistry& registry);

// A StepSpec from its parts (the families' registration tables use it).
StepSpec makeStep(std::string name, std::string help, std::vector<ParamSpec> params,
                  std::function<void(StepContext& context, const Step& step)> run);

// Every step oxharness knows; the loader validates scenarios against it.
StepRegistry allSteps();

}  // namespace oxh::runner
