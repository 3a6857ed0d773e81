#pragma once
// Writes a finished report to disk atomically: the content goes to a temporary file in the
// same directory, is flushed to disk, and is renamed over `path`. A CI job that collects the
// report while (or after) a run is killed never sees half a file, only the old or the new one.
// Thread: safe to call concurrently for different paths.
#include <string>
#include <string_view>

namespace oxh::runner {

// Throws OxhException [oxh.report.write] naming `path` and the OS error text on failure;
// the temporary file is removed then.
void writeReportFile(const std::string& path, std::string_view content);

}  // namespace oxh::runner
