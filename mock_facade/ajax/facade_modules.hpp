#pragma once
// The module registrations of the fake middleware, one file each (or per action family).
#include "mock_facade/ajax/ajax_dispatcher.hpp"
#include "mock_facade/ajax/facade_context.hpp"
#include "mock_facade/ajax/login_actions.hpp"

namespace oxh::facade {

void registerFolderActions(AjaxDispatcher& dispatcher, FacadeContext& context);     // folder_actions.cpp
void registerMailReadActions(AjaxDispatcher& dispatcher, FacadeContext& context);   // mail_read_actions.cpp: all, list, count, threadedAll, updates
void registerMailGetActions(AjaxDispatcher& dispatcher, FacadeContext& context);    // mail_get_action.cpp: get, attachment
void registerMailWriteActions(AjaxDispatcher& dispatcher, FacadeContext& context);  // mail_write_actions.cpp: update, delete, copy, all_seen
void registerMailNewAction(AjaxDispatcher& dispatcher, FacadeContext& context);     // mail_new_action.cpp: new
void registerConfigActions(AjaxDispatcher& dispatcher, FacadeContext& context);     // config_actions.cpp: config, jslob
void registerAppsActions(AjaxDispatcher& dispatcher, const std::string& serverVersion);  // apps_actions.cpp: apps/manifests config

}  // namespace oxh::facade
