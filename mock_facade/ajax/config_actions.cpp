// The flagging mode's features as the middleware publishes them (ox.md section 3): the config
// tree (GET /ajax/config/modules/mail/features/flag/...; MailFlaggedModePreferenceItem,
// MailColorModePreferenceItem) and the jslob "io.ox/mail" (features/flag/star, features/flag/color),
// plus the mode itself under modules/mail/flagging (fake-only, for scenarios to read back).
#include "mock_facade/ajax/ajax_errors.hpp"
#include "mock_facade/ajax/facade_modules.hpp"

namespace oxh::facade {

namespace {

nlohmann::json mailTree(const FacadeUser& user) {
  const auto mode = flaggingMode(user);
  const auto features = flagging::features(mode);
  return {{"features", {{"flag", {{"flag", features.star}, {"color", features.color}}}}},
          {"flagging", {{"mode", flagging::modeName(mode)}, {"color", user.defaultColor}}}};
}

nlohmann::json configGet(const AjaxCall& call) {
  // /ajax/config/<path>: the dispatcher hands the path over as "path".
  std::string path = call.param("path").value_or("");
  nlohmann::json tree = {{"modules", {{"mail", mailTree(*call.user)}}}};
  nlohmann::json node = tree;
  std::size_t pos = 0;
  while (pos < path.size()) {
    auto end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    const auto key = path.substr(pos, end - pos);
    if (!key.empty()) {
      if (!node.is_object() || !node.contains(key)) {
        // SettingExceptionCodes.UNKNOWN_PATH; its number is not in ox.md (UNCONFIRMED).
        throw AjaxError("USS-0002", "USER_INPUT", "Unknown path: %1$s", {path});
      }
      node = node[key];
    }
    pos = end + 1;
  }
  return node;
}

nlohmann::json jslobEntry(const FacadeUser& user, const std::string& id) {
  nlohmann::json tree = nlohmann::json::object();
  if (id == "io.ox/mail") {
    const auto features = flagging::features(flaggingMode(user));
    tree = {{"features", {{"flag", {{"star", features.star}, {"color", features.color}}}}}};
  }
  return {{"id", id}, {"tree", tree}, {"meta", nlohmann::json::object()}};
}

}  // namespace

void registerConfigActions(AjaxDispatcher& dispatcher, FacadeContext& /*context*/) {
  dispatcher.registerAction("config", "get", [](const AjaxCall& call) { return configGet(call); }, true);
  dispatcher.registerAction(
      "jslob", "list",
      [](const AjaxCall& call) {
        const auto body = requireJsonBody(call);
        if (!body.is_array()) throw errors::invalidBodyType("JSONArray", body.type_name());
        nlohmann::json out = nlohmann::json::array();
        for (const auto& id : body) out.push_back(jslobEntry(*call.user, id.is_string() ? id.get<std::string>() : id.dump()));
        return out;
      },
      true);
  dispatcher.registerAction(
      "jslob", "get", [](const AjaxCall& call) { return jslobEntry(*call.user, requireParam(call, "id")); }, true);
}

}  // namespace oxh::facade
