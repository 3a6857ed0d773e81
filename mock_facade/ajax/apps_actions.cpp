// GET /ajax/apps/manifests?action=config: the server configuration the App Suite UI reads
// before and after login, here only with what a client or a certification check needs, the
// middleware's version as "serverVersion" ("7.10.6-Rev30"). The action answers without a
// session, as the login page calls it before anyone is logged in.
// UNCONFIRMED: neither ox.md nor ox-mail-app-v2.txt say where App Suite reports its version;
// this path and field are how the App Suite UI learns it (from memory of the UI's boot
// sequence, not checked against a running 7.8.4 build). certify lets a deployment name
// another path and JSON pointer (app_suite.version_path / version_pointer).
#include "mock_facade/ajax/ajax_errors.hpp"
#include "mock_facade/ajax/facade_modules.hpp"

namespace oxh::facade {

void registerAppsActions(AjaxDispatcher& dispatcher, const std::string& serverVersion) {
  dispatcher.registerAction(
      "apps", "config",
      [serverVersion](const AjaxCall& call) -> nlohmann::json {
        // /ajax/apps/manifests: the dispatcher hands "manifests" over as "path".
        if (call.param("path").value_or("") != "manifests") {
          throw errors::unknownModule("apps/" + call.param("path").value_or(""));
        }
        return {{"serverVersion", serverVersion}};
      },
      false);
}

}  // namespace oxh::facade
