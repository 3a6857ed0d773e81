#pragma once
// Positions and descriptions of yaml-cpp nodes for error messages. yaml-cpp marks are 0-based;
// SourcePosition is 1-based, as editors show it.
#include <yaml-cpp/yaml.h>

#include <string>

#include "common/error/error.hpp"

namespace oxh::runner {

// The node's 1-based position in `file`, or `fallback` when the node has no mark (null values
// and nodes built in code have none).
SourcePosition positionOf(const YAML::Node& node, const std::string& file, const SourcePosition& fallback = {});
SourcePosition positionOf(const YAML::Mark& mark, const std::string& file);

// What the node is, for "got ..." in messages: "'soon'", "a map", "a list", "nothing".
std::string describeNode(const YAML::Node& node);

// A map key as text for messages and lookups: its scalar, or describeNode() for a complex key.
std::string keyName(const YAML::Node& key);

}  // namespace oxh::runner
