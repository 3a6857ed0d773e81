#pragma once
// The scenario model: what a YAML scenario file says, after loading and validation.
// Step arguments stay YAML nodes (with their marks, so errors can point at them) because
// `${...}` references to values saved by earlier steps are only resolved when a step runs.
// Thread: plain values; a Scenario is read-only once loaded.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error/error.hpp"
#include "runner/scenario/duration.hpp"

namespace oxh::runner {

struct Step {
  std::string kind;       // "imap.command", "expect.notify", ...
  YAML::Node args;        // the step's mapping (or scalar, for steps that take one value)
  SourcePosition where;   // position of the step's key in its file (fragment file for includes)
  std::size_t index = 0;  // 0-based position in the flattened step list
};

// One component of the topology: "fake" (embedded, port 0 unless told otherwise) or the
// addresses of a real build. Addresses are "host:port"; IPv6 hosts in brackets.
struct ComponentTopology {
  bool fake = true;
  std::map<std::string, std::string> endpoints;  // dovecot: imap, imaps, lmtp; facade: http ...
  std::map<std::string, std::string> options;    // component-specific scalar options
  SourcePosition where;
};

struct User {
  std::string login;
  std::string password;
  std::string email;  // defaults to login when it has an '@', else login@example.org
  std::int64_t userId = 0;
  std::int64_t contextId = 0;
  std::string flagging;  // flagging mode; empty = the component's default
  std::map<std::string, std::string> extra;
  SourcePosition where;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;          // path as given on the command line
  SourcePosition where;      // position of the document
  std::vector<std::string> tags;
  std::vector<std::string> requiredCapabilities;  // `requires:`; skip when the server lacks one
  std::map<std::string, ComponentTopology> topology;  // keyed by component: dovecot, notify, facade, apns, fcm
  std::vector<User> users;
  std::map<std::string, std::string> vars;  // `vars:` plus the matrix cell, after CLI --var overrides
  std::map<std::string, std::string> matrixCell;  // empty unless expanded from `matrix:`
  std::vector<Step> steps;
  std::optional<Duration> timeout;  // whole-scenario limit (`timeout:`), default from the CLI
  bool strictUnexpected = false;    // `unexpected: fail` (default: report)

  // "name" or "name[mode=colorOnly,platform=ios]" for matrix cells; unique within a run.
  [[nodiscard]] std::string displayName() const;
};

}  // namespace oxh::runner
