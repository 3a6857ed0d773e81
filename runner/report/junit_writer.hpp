#pragma once
// JUnit XML, in the dialect Jenkins (junit plugin), GitLab (artifacts:reports:junit) and the
// GitHub actions dorny/test-reporter and mikepenz/action-junit-report all read:
//   <testsuites name="oxharness" tests failures errors skipped time>
//     <testsuite name=FILE tests failures errors skipped time timestamp hostname>   one per scenario file
//       <properties> seed, version
//       <testcase name classname file [line] time>                                 one per scenario
//         <properties> tags, ScenarioResult::properties   (outside the strict JUnit XSD; accepted by all four)
//         <failure message type="oxh.step"> | <error message type="oxh.error"> | <skipped message/>
//         <system-out> transcript   <system-err> findings, "[id] component: message" per line
// Times in seconds with three decimals. Suites keep the order in which their files first appear.
// Thread: pure function of its input.
#include <string>

#include "runner/report/result.hpp"

namespace oxh::runner {

[[nodiscard]] std::string renderJUnit(const RunResult& run);

// Throws OxhException [oxh.report.write] (path and OS error) on failure; atomic replace.
void writeJUnit(const RunResult& run, const std::string& path);

}  // namespace oxh::runner
