#pragma once
// App Suite's error codes as the fake facade throws them (ox.md 2.1), and the legacy category
// number of a category id. Codes, messages and categories follow the middleware's exception
// enums (AjaxExceptionCodes "SVL", SessionExceptionCodes "SES", LoginExceptionCodes "LGI",
// MailExceptionCode "MSG").
// Thread: pure functions.
#include <string>
#include <string_view>

#include "mock_facade/ajax/ajax_call.hpp"

namespace oxh::facade::errors {

// USER_INPUT -> 1, CONFIGURATION -> 2, ... (Categories.java); 8 (ERROR) for unknown ids.
int legacyCategory(std::string_view category);

// AjaxExceptionCodes. ox.md lists SVL-0001/0002/0007 as USER_INPUT; the middleware enum
// (com.openexchange.tools.servlet.AjaxExceptionCodes) declares them CATEGORY_ERROR, which we follow.
AjaxError unknownAction(const std::string& action);                     // SVL-0001
AjaxError missingParameter(const std::string& name);                    // SVL-0002
AjaxError missingField(const std::string& name);                        // SVL-0002 (same number)
AjaxError invalidParameter(const std::string& name, const std::string& value);  // SVL-0010
AjaxError unknownModule(const std::string& module);                     // SVL-0007
AjaxError badRequest(const std::string& why);                           // SVL-0020
AjaxError missingBody();                                                // SVL-0023
AjaxError invalidJsonBody();                                            // SVL-0029
AjaxError invalidBodyType(const std::string& wanted, const std::string& got);  // SVL-0028

AjaxError sessionParameterMissing();              // SES-0201
AjaxError sessionExpired(const std::string& id);  // SES-0203
AjaxError invalidCredentials();                   // LGI-0006

AjaxError mailNotFound(const std::string& ids, const std::string& folder);  // MSG-0032
AjaxError folderNotFound(const std::string& folder);                         // MSG-0066
AjaxError unknownColorLabel(const std::string& value);                       // MSG-0010
AjaxError imapFailure(const std::string& what);                              // MSG-1000 (IMAP server said NO)

}  // namespace oxh::facade::errors
