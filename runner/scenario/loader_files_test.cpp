// Files on disk: loadScenarioFile, `include:` fragments, discoverScenarioFiles.
#include <gtest/gtest.h>

#include "runner/scenario/loader.hpp"
#include "runner/scenario/loader_test_support.hpp"

namespace oxh::runner {
namespace {

using testing::expectOneError;
using testing::TempDir;

LoadResult loadFile(const std::string& path, const LoadOptions& options = {}) {
  static const StepRegistry registry = testing::testRegistry();
  return loadScenarioFile(path, registry, options);
}

TEST(LoaderFiles, LoadsAFileFromDisk) {
  const TempDir dir;
  const auto path = dir.write("push/ios.yaml", "name: on disk\nsteps:\n  - facade.login: {user: a}\n");
  const auto result = loadFile(path);
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  ASSERT_EQ(result.scenarios.size(), 1u);
  EXPECT_EQ(result.scenarios[0].file, path);
  EXPECT_EQ(result.scenarios[0].steps[0].where, (SourcePosition{path, 3, 5}));
}

TEST(LoaderFiles, MissingFileIsUnreadable) {
  const TempDir dir;
  const auto result = loadFile(dir.file("absent.yaml"));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].id(), "oxh.scenario.unreadable");
  EXPECT_EQ(result.errors[0].where()->file, dir.file("absent.yaml"));
  const auto directory = loadFile(dir.path());
  ASSERT_EQ(directory.errors.size(), 1u);
  EXPECT_EQ(directory.errors[0].id(), "oxh.scenario.unreadable");
}

TEST(LoaderInclude, SplicesFragmentStepsInPlace) {
  const TempDir dir;
  dir.write("fragments/login.yaml", "# shared login\n- facade.login: {user: alice}\n- facade.pns_subscribe: {user: alice}\n");
  const auto path = dir.write("push/ios.yaml", R"(name: with include
steps:
  - noop:
  - include: ../fragments/login.yaml
  - lmtp.deliver: {to: alice}
)");
  const auto result = loadFile(path);
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  const auto& steps = result.scenarios[0].steps;
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].kind, "noop");
  EXPECT_EQ(steps[1].kind, "facade.login");
  EXPECT_EQ(steps[1].where, (SourcePosition{dir.file("fragments/login.yaml"), 2, 3}));
  EXPECT_EQ(steps[2].kind, "facade.pns_subscribe");
  EXPECT_EQ(steps[2].where.line, 3);
  EXPECT_EQ(steps[3].kind, "lmtp.deliver");
  EXPECT_EQ(steps[3].where, (SourcePosition{path, 5, 5}));
  for (std::size_t i = 0; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].index, i);
  }
}

TEST(LoaderInclude, NestedIncludesAndSaveAcrossFragments) {
  const TempDir dir;
  dir.write("fragments/inner.yaml", "- expect.notify: {save: {cid: payload.cid}}\n");
  dir.write("fragments/outer.yaml", "- include: inner.yaml\n- noop: {note: \"${cid}\"}\n");
  const auto path = dir.write("s.yaml", "name: x\nsteps:\n  - include: fragments/outer.yaml\n  - noop: {note: \"${cid}\"}\n");
  const auto result = loadFile(path);
  ASSERT_TRUE(result.errors.empty()) << testing::allErrors(result);
  ASSERT_EQ(result.scenarios[0].steps.size(), 3u);
  EXPECT_EQ(result.scenarios[0].steps[0].where.file, dir.file("fragments/inner.yaml"));
}

TEST(LoaderInclude, ErrorsInAFragmentPointIntoIt) {
  const TempDir dir;
  const auto fragment = dir.write("_frag.yaml", "- noop:\n- lmtp.delivr: {to: a}\n");
  const auto path = dir.write("s.yaml", "name: x\nsteps:\n  - include: _frag.yaml\n");
  expectOneError(loadFile(path), "oxh.scenario.unknown-step", 2, 3,
                 "unknown step 'lmtp.delivr' (did you mean 'lmtp.deliver'?)", fragment);
}

TEST(LoaderInclude, MissingFragment) {
  const TempDir dir;
  const auto path = dir.write("s.yaml", "name: x\nsteps:\n  - include: nothere.yaml\n");
  expectOneError(loadFile(path), "oxh.scenario.include-missing", 3, 14,
                 "cannot read fragment '" + dir.file("nothere.yaml") + "'", path);
}

TEST(LoaderInclude, Cycle) {
  const TempDir dir;
  const auto a = dir.write("fragments/a.yaml", "- noop:\n- include: b.yaml\n");
  dir.write("fragments/b.yaml", "- include: a.yaml\n");
  const auto path = dir.write("s.yaml", "name: x\nsteps:\n  - include: fragments/a.yaml\n");
  expectOneError(loadFile(path), "oxh.scenario.include-cycle", 1, 12, "", dir.file("fragments/b.yaml"));
}

TEST(LoaderInclude, SelfIncludeOfTheScenarioFile) {
  const TempDir dir;
  const auto path = dir.write("s.yaml", "name: x\nsteps:\n  - include: s.yaml\n");
  expectOneError(loadFile(path), "oxh.scenario.include-cycle", 3, 14, "", path);
}

TEST(LoaderInclude, FragmentMustBeAList) {
  const TempDir dir;
  const auto fragment = dir.write("_frag.yaml", "name: not a fragment\n");
  const auto path = dir.write("s.yaml", "name: x\nsteps:\n  - include: _frag.yaml\n");
  expectOneError(loadFile(path), "oxh.scenario.not-a-fragment", 1, 1, "", fragment);
}

TEST(LoaderInclude, MalformedFragment) {
  const TempDir dir;
  const auto fragment = dir.write("_frag.yaml", "- noop: {a: [1\n");
  const auto path = dir.write("s.yaml", "name: x\nsteps:\n  - include: _frag.yaml\n");
  const auto result = loadFile(path);
  ASSERT_EQ(result.errors.size(), 1u) << testing::allErrors(result);
  EXPECT_EQ(result.errors[0].id(), "oxh.scenario.yaml");
  EXPECT_EQ(result.errors[0].where()->file, fragment);
}

TEST(LoaderInclude, IncludeNeedsAPath) {
  expectOneError(testing::load("name: x\nsteps:\n  - include: {path: a}\n"), "oxh.scenario.wrong-type", 3, 14);
}

TEST(Discover, FindsScenarioFilesSortedSkippingFragments) {
  const TempDir dir;
  dir.write("b/two.yaml", "");
  dir.write("a/one.yml", "");
  dir.write("a/notes.txt", "");
  dir.write("a/_shared.yaml", "");
  dir.write("fragments/login.yaml", "");
  dir.write("c/fragments/deep/x.yaml", "");
  dir.write("zero.yaml", "");
  std::vector<Error> errors;
  const auto files = discoverScenarioFiles({dir.path()}, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(files, (std::vector<std::string>{dir.file("a/one.yml"), dir.file("b/two.yaml"), dir.file("zero.yaml")}));
}

TEST(Discover, ExplicitFilesAreTakenAsGivenWithoutRepeats) {
  const TempDir dir;
  const auto shared = dir.write("_shared.yaml", "");
  const auto one = dir.write("one.yaml", "");
  std::vector<Error> errors;
  const auto files = discoverScenarioFiles({shared, dir.path(), one}, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(files, (std::vector<std::string>{shared, one}));
}

TEST(Discover, MissingPathIsAnError) {
  const TempDir dir;
  const auto one = dir.write("one.yaml", "");
  std::vector<Error> errors;
  const auto files = discoverScenarioFiles({dir.file("nope"), one}, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].id(), "oxh.cli.no-such-path");
  EXPECT_NE(errors[0].message().find("nope"), std::string::npos);
  EXPECT_EQ(files, std::vector<std::string>{one});
}

}  // namespace
}  // namespace oxh::runner
