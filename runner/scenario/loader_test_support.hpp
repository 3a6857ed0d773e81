#pragma once
// Test-only helpers shared by the loader tests: a small step registry and assertions on errors.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "runner/scenario/loader.hpp"
#include "runner/scenario/schema.hpp"

namespace oxh::runner::testing {

inline StepRegistry testRegistry() {
  StepRegistry registry;
  StepSpec command{"imap.command", "send one IMAP command", {}, "command", nullptr, nullptr};
  command.params = {{"conn", ParamType::String, false, ""},
                    {"command", ParamType::String, true, ""},
                    {"expect", ParamType::List, false, ""}};
  registry.add(command);

  StepSpec notify{"expect.notify", "wait for an http-notify call", expectationParams(), std::nullopt, nullptr, nullptr};
  notify.params.push_back({"match", ParamType::Map, false, ""});
  registry.add(notify);

  StepSpec deliver{"lmtp.deliver", "deliver a message", {}, std::nullopt, nullptr, nullptr};
  deliver.params = {{"to", ParamType::String, true, ""},
                    {"from", ParamType::String, false, ""},
                    {"subject", ParamType::String, false, ""},
                    {"count", ParamType::Int, false, ""},
                    {"urgent", ParamType::Bool, false, ""},
                    {"recipients", ParamType::StringOrList, false, ""}};
  registry.add(deliver);

  StepSpec subscribe{"facade.pns_subscribe", "subscribe a device", {}, std::nullopt, nullptr, nullptr};
  subscribe.params = {{"user", ParamType::String, true, ""},
                      {"transport", ParamType::String, false, ""},
                      {"token", ParamType::String, false, ""}};
  registry.add(subscribe);

  StepSpec login{"facade.login", "log in", {{"user", ParamType::String, true, ""}}, std::nullopt, nullptr, nullptr};
  registry.add(login);

  // Defines the variable its `as:` names, to test StepSpec::definedVariables.
  StepSpec select{"imap.select", "select a mailbox", {}, std::nullopt, nullptr, nullptr};
  select.params = {{"mailbox", ParamType::String, true, ""}, {"as", ParamType::String, false, ""}};
  select.definedVariables = [](const YAML::Node& args) {
    std::vector<std::string> out;
    if (args.IsMap() && args["as"].IsDefined() && args["as"].IsScalar()) {
      out.push_back(args["as"].Scalar());
    }
    return out;
  };
  registry.add(select);

  StepSpec wait{"wait", "sleep on the virtual clock", {{"for", ParamType::Duration, true, ""}}, "for", nullptr, nullptr};
  registry.add(wait);

  registry.add(StepSpec{"noop", "do nothing", {{"note", ParamType::Any, false, ""}}, std::nullopt, nullptr, nullptr});
  return registry;
}

inline LoadResult load(const std::string& text, const LoadOptions& options = {}) {
  static const StepRegistry registry = testRegistry();
  return loadScenarioText(text, "s.yaml", registry, options);
}

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("oxh_scenario_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] std::string file(const std::string& relative) const { return (path_ / relative).generic_string(); }
  [[nodiscard]] std::string path() const { return path_.generic_string(); }

  std::string write(const std::string& relative, const std::string& text) const {
    const auto target = path_ / relative;
    std::filesystem::create_directories(target.parent_path());
    std::ofstream(target) << text;
    return target.generic_string();
  }

 private:
  std::filesystem::path path_;
};

// Asserts the result holds exactly one error, with this id, position and (when given) message.
inline void expectOneError(const LoadResult& result, const std::string& id, int line, int column,
                           const std::string& message = "", const std::string& file = "s.yaml") {
  ASSERT_EQ(result.errors.size(), 1u) << [&] {
    std::string all;
    for (const auto& error : result.errors) {
      all += error.describe() + "\n";
    }
    return all;
  }();
  const Error& error = result.errors.front();
  EXPECT_EQ(error.id(), id) << error.describe();
  ASSERT_TRUE(error.where().has_value());
  EXPECT_EQ(error.where()->file, file);
  EXPECT_EQ(error.where()->line, line) << error.describe();
  EXPECT_EQ(error.where()->column, column) << error.describe();
  if (!message.empty()) {
    EXPECT_EQ(error.message(), message);
  }
  EXPECT_TRUE(result.scenarios.empty());
}

inline std::string allErrors(const LoadResult& result) {
  std::string all;
  for (const auto& error : result.errors) {
    all += error.describe() + "\n";
  }
  return all;
}

}  // namespace oxh::runner::testing
