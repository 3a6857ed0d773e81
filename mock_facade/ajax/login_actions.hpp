#pragma once
// /ajax/login: login (form body name/password -> session, user, user_id, context_id, locale
// plus the open-xchange-secret-<hash> cookie; LGI-0006 for bad credentials) and logout
// (ox.md 2.2).
#include "mock_facade/ajax/ajax_dispatcher.hpp"
#include "mock_facade/ajax/facade_context.hpp"

namespace oxh::facade {

void registerLoginActions(AjaxDispatcher& dispatcher, FacadeContext& context);

}  // namespace oxh::facade
