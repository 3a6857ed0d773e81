#include "runner/cli/commands.hpp"
namespace oxh::runner::cli {
int serveCommand(const ServeOptions&) { return kExitInternal; }
}
