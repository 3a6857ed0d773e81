#include "mock_facade/ajax/ajax_errors.hpp"

#include <array>
#include <utility>

namespace oxh::facade::errors {

int legacyCategory(std::string_view category) {
  static constexpr std::array<std::pair<std::string_view, int>, 11> kTable{{{"USER_INPUT", 1},
                                                                            {"CONFIGURATION", 2},
                                                                            {"PERMISSION_DENIED", 3},
                                                                            {"TRY_AGAIN", 4},
                                                                            {"SERVICE_DOWN", 5},
                                                                            {"CONNECTIVITY", 6},
                                                                            {"ERROR", 8},
                                                                            {"CONFLICT", 9},
                                                                            {"CAPACITY", 11},
                                                                            {"TRUNCATED", 12},
                                                                            {"WARNING", 13}}};
  for (const auto& [name, number] : kTable) {
    if (name == category) {
      return number;
    }
  }
  return 8;
}

AjaxError unknownAction(const std::string& action) {
  return AjaxError("SVL-0001", "ERROR", "Unknown AJAX action: %1$s.", {action});
}
AjaxError missingParameter(const std::string& name) {
  return AjaxError("SVL-0002", "ERROR", "Missing the following request parameter: %1$s", {name});
}
AjaxError missingField(const std::string& name) {
  return AjaxError("SVL-0002", "ERROR", "Missing the following field in JSON data: %1$s", {name});
}
AjaxError invalidParameter(const std::string& name, const std::string& value) {
  return AjaxError("SVL-0010", "ERROR", "Invalid parameter \"%1$s\": %2$s", {name, value});
}
AjaxError unknownModule(const std::string& module) {
  return AjaxError("SVL-0007", "ERROR", "Unknown module: %s.", {module});
}
AjaxError badRequest(const std::string& why) { return AjaxError("SVL-0020", "ERROR", "Bad request. %1$s", {why}); }
AjaxError missingBody() { return AjaxError("SVL-0023", "ERROR", "Missing request body."); }
AjaxError invalidJsonBody() { return AjaxError("SVL-0029", "ERROR", "Client sent invalid JSON data in request body."); }
AjaxError invalidBodyType(const std::string& wanted, const std::string& got) {
  return AjaxError("SVL-0028", "ERROR", "Invalid request body. Expect to be of type \"%1$s\", but is \"%2$s\".",
                   {wanted, got});
}

AjaxError sessionParameterMissing() { return AjaxError("SES-0201", "ERROR", "The session parameter is missing."); }
AjaxError sessionExpired(const std::string& id) {
  return AjaxError("SES-0203", "TRY_AGAIN", "Your session %s expired. Please start a new browser session.", {id});
}
AjaxError invalidCredentials() { return AjaxError("LGI-0006", "USER_INPUT", "Invalid credentials."); }

AjaxError mailNotFound(const std::string& ids, const std::string& folder) {
  return AjaxError("MSG-0032", "USER_INPUT", "Mail(s) %1$s could not be found in folder %2$s", {ids, folder});
}
AjaxError folderNotFound(const std::string& folder) {
  return AjaxError("MSG-0066", "USER_INPUT", "Mail folder could not be found: %1$s.", {folder});
}
AjaxError unknownColorLabel(const std::string& value) {
  return AjaxError("MSG-0010", "ERROR", "Unknown color label: %1$s", {value});
}
AjaxError imapFailure(const std::string& what) {
  // IMAPException "MSG-1000"-range codes wrap the server's NO text; the exact number per
  // failure is not in ox.md (UNCONFIRMED), so one code carries the server's answer.
  return AjaxError("MSG-1000", "ERROR", "An error occurred on the IMAP server: %1$s", {what});
}

}  // namespace oxh::facade::errors
