#include "runner/engine/scenario_runner.hpp"

#include "common/net/io_runtime.hpp"
#include "common/clients/imap_client.hpp"
#include "runner/engine/capabilities.hpp"
#include "runner/engine/step_context.hpp"
#include "runner/scenario/variables.hpp"
#include "runner/topology/scenario_stack.hpp"

namespace oxh::runner {

std::uint64_t scenarioSeed(std::uint64_t runSeed, const std::string& displayName) {
  // FNV-1a over the name, mixed with the run seed: stable across platforms and runs.
  std::uint64_t hash = 1469598103934665603ULL ^ runSeed;
  for (unsigned char c : displayName) {
    hash = (hash ^ c) * 1099511628211ULL;
  }
  return hash;
}

std::string classnameFor(const std::string& file) {
  std::string out = file;
  if (const auto dot = out.rfind('.'); dot != std::string::npos && out.find('/', dot) == std::string::npos) {
    out.resize(dot);
  }
  while (out.rfind("./", 0) == 0) {
    out.erase(0, 2);
  }
  for (auto& c : out) {
    if (c == '/') {
      c = '.';
    }
  }
  return out;
}

namespace {

double secondsSince(journal::Clock::time_point start) {
  return std::chrono::duration<double>(journal::Clock::now() - start).count();
}

std::string describeFailure(const Step& step, const std::string& message) {
  return step.where.describe() + ": " + step.kind + ": " + message;
}

void collectFindings(const journal::Journal& journal, ScenarioResult& result, bool strict) {
  for (const auto& entry : journal.snapshot()) {
    if (entry.data.is_object() && entry.data.contains("findings")) {
      for (const auto& finding : entry.data["findings"]) {
        result.findings.push_back({finding.value("id", ""), finding.value("message", ""), entry.component});
      }
    }
  }
  // Interactions that arrived from outside and no expectation consumed.
  const auto unexpected = journal.unconsumed([](const journal::Entry& entry) { return entry.kind == "notify.request"; });
  for (const auto& entry : unexpected) {
    result.findings.push_back({"oxh.scenario.unexpected", "no expectation consumed: " + entry.summary, entry.component});
  }
  if (strict && !unexpected.empty() && result.status == Status::Passed) {
    result.status = Status::Failed;
    result.message = std::to_string(unexpected.size()) + " unexpected interaction(s) (unexpected: fail): " +
                     unexpected.front().summary;
  }
}

}  // namespace

ScenarioResult resultFor(const Scenario& scenario, std::uint64_t seed) {
  ScenarioResult result;
  result.name = scenario.displayName();
  result.file = scenario.file;
  result.line = scenario.where.line;
  result.classname = classnameFor(scenario.file);
  result.tags = scenario.tags;
  result.properties["seed"] = std::to_string(seed);
  for (const auto& [key, value] : scenario.matrixCell) {
    result.properties["matrix." + key] = value;
  }
  for (const auto& [component, topology] : scenario.topology) {
    std::string text = topology.fake ? "fake" : "";
    for (const auto& [name, address] : topology.endpoints) {
      text += (text.empty() ? "" : " ") + name + "=" + address;
    }
    result.properties["topology." + component] = text;
  }
  return result;
}

ScenarioResult runScenario(const Scenario& scenario, const StepRegistry& registry, const ScenarioRunOptions& options) {
  const auto start = journal::Clock::now();
  ScenarioResult result = resultFor(scenario, options.seed);

  journal::Journal journal(result.name);
  if (options.onEntry) {
    journal.setListener([&journal, &options](const journal::Entry& entry) { options.onEntry(journal, entry); });
  }
  const Duration limit = scenario.timeout.value_or(options.timeout);
  const auto deadline = start + std::chrono::duration_cast<journal::Clock::duration>(limit);
  Variables variables(scenario.vars);
  variables.set("run.seed", std::to_string(options.seed));
  {
    net::IoRuntime io(2);
    StepContext context(scenario, journal, io, variables, deadline, options.seed);
    const Step* current = nullptr;
    auto fail = [&](Status status, const std::string& message, journal::Clock::time_point stepStart) {
      result.status = status;
      result.message = current ? describeFailure(*current, message) : message;
      if (current) {
        result.failedAt = current->where;
        result.steps.push_back({current->kind, current->where, status, secondsSince(stepStart), message});
      }
    };
    auto stepStart = journal::Clock::now();
    try {
      startTopology(context);
      if (!scenario.requiredCapabilities.empty()) {
        const auto missing = missingCapabilities(context, scenario.requiredCapabilities);
        if (!missing.empty()) {
          throw ScenarioSkipped("the server lacks " + missing);
        }
      }
      for (const auto& step : scenario.steps) {
        current = &step;
        stepStart = journal::Clock::now();
        const StepSpec* spec = registry.find(step.kind);
        if (spec == nullptr || !spec->run) {
          throw StepFailure("no runner for step '" + step.kind + "'");
        }
        context.step = &step;
        context.args = interpolateNode(step.args, variables, step.where);
        if (context.args.IsScalar() && spec->scalarParam) {
          YAML::Node mapping(YAML::NodeType::Map);
          mapping[*spec->scalarParam] = context.args;
          context.args = mapping;
        }
        spec->run(context, step);
        result.steps.push_back({step.kind, step.where, Status::Passed, secondsSince(stepStart), {}});
        if (journal::Clock::now() > deadline) {
          throw StepFailure("the scenario ran past its time limit");
        }
      }
      current = nullptr;
    } catch (const ScenarioSkipped& skipped) {
      current = nullptr;
      result.status = Status::Skipped;
      result.message = skipped.what();
    } catch (const StepFailure& failure) {
      const bool timedOut = journal::Clock::now() >= deadline;
      fail(timedOut ? Status::Error : Status::Failed,
           timedOut ? "scenario timed out after " + formatDuration(limit) + " (" + failure.what() + ")" : failure.what(),
           stepStart);
    } catch (const OxhException& error) {
      fail(Status::Failed, error.error().describe(), stepStart);
    } catch (const std::exception& error) {
      fail(Status::Error, std::string("internal error: ") + error.what(), stepStart);
    }
    stopTopology(context);
  }
  if (result.status != Status::Skipped) {
    collectFindings(journal, result, scenario.strictUnexpected);
  }
  result.transcript = journal.transcript();
  result.seconds = secondsSince(start);
  return result;
}

}  // namespace oxh::runner
