#pragma once
// The --ready-file of the long-running subcommands (serve, proxy): their endpoints as JSON,
// written to a temporary file and renamed, so a reader never sees half a file.
#include <string>

#include <nlohmann/json.hpp>

namespace oxh::runner::cli {

// Throws OxhException(errorId) when the file cannot be written.
void writeReadyFile(const std::string& path, const nlohmann::json& ready, const std::string& errorId);

}  // namespace oxh::runner::cli
