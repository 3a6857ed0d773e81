// `users:` — the accounts a scenario logs in as; values may use static ${...} variables.
#include <algorithm>
#include <charconv>
#include <cstdint>

#include "runner/scenario/load_context.hpp"
#include "runner/scenario/yaml_position.hpp"

namespace oxh::runner {
namespace {

constexpr const char* kDefaultPassword = "secret";
const std::vector<std::string> kFlaggingModes = {"colorOnly", "flaggedOnly", "flaggedAndColor", "flaggedImplicit"};

std::optional<std::int64_t> parseInt(const std::string& text) {
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

void loadIntField(const YAML::Node& value, const std::string& key, std::int64_t& out, const Variables& variables,
                  LoadContext& context) {
  const auto text = staticScalar(value, key, variables, context.file(), context);
  if (!text) {
    return;
  }
  if (const auto number = parseInt(*text)) {
    out = *number;
  } else {
    context.fail("oxh.scenario.wrong-type", "'" + key + "' must be an integer, got '" + *text + "'",
                 positionOf(value, context.file()));
  }
}

std::optional<User> loadUser(const YAML::Node& item, const Variables& variables, LoadContext& context) {
  const SourcePosition where = positionOf(item, context.file());
  if (!item.IsMap()) {
    context.fail("oxh.scenario.wrong-type", "a user is a map with at least 'login', got " + describeNode(item), where);
    return std::nullopt;
  }
  checkDuplicateKeys(item, context.file(), context);
  User user;
  user.where = where;
  std::optional<std::string> password;
  for (const auto& entry : item) {
    const std::string key = keyName(entry.first);
    const YAML::Node& value = entry.second;
    if (key == "user_id") {
      loadIntField(value, key, user.userId, variables, context);
      continue;
    }
    if (key == "context_id") {
      loadIntField(value, key, user.contextId, variables, context);
      continue;
    }
    auto text = staticScalar(value, key, variables, context.file(), context);
    if (!text) {
      continue;
    }
    if (key == "login") {
      user.login = std::move(*text);
    } else if (key == "password") {
      password = std::move(*text);
    } else if (key == "email") {
      user.email = std::move(*text);
    } else if (key == "flagging") {
      if (std::find(kFlaggingModes.begin(), kFlaggingModes.end(), *text) == kFlaggingModes.end()) {
        context.fail("oxh.scenario.wrong-type",
                     "'flagging' must be one of colorOnly, flaggedOnly, flaggedAndColor, flaggedImplicit, got '" +
                         *text + "'" + didYouMean(*text, kFlaggingModes),
                     positionOf(value, context.file()));
      }
      user.flagging = std::move(*text);
    } else if (entry.first.IsScalar()) {
      user.extra[key] = std::move(*text);
    } else {
      context.fail("oxh.scenario.wrong-type", "a user's keys must be strings, got " + key,
                   positionOf(entry.first, context.file(), where));
    }
  }
  if (user.login.empty()) {
    context.fail("oxh.scenario.missing-field", "user needs 'login'", where);
    return std::nullopt;
  }
  user.password = password.value_or(kDefaultPassword);
  if (user.email.empty()) {
    user.email = user.login.find('@') != std::string::npos ? user.login : user.login + "@example.org";
  }
  return user;
}

}  // namespace

std::vector<User> loadUsers(const YAML::Node& node, const Variables& variables, LoadContext& context) {
  std::vector<User> users;
  if (!node.IsDefined() || node.IsNull()) {
    return users;
  }
  if (!node.IsSequence()) {
    context.fail("oxh.scenario.wrong-type", "'users' must be a list of users, got " + describeNode(node),
                 positionOf(node, context.file()));
    return users;
  }
  for (const auto& item : node) {
    auto user = loadUser(item, variables, context);
    if (!user) {
      continue;
    }
    const bool duplicate =
        std::any_of(users.begin(), users.end(), [&](const User& other) { return other.login == user->login; });
    if (duplicate) {
      context.fail("oxh.scenario.duplicate-user", "user '" + user->login + "' is defined twice",
                   positionOf(item["login"], context.file(), user->where));
      continue;
    }
    users.push_back(std::move(*user));
  }
  return users;
}

}  // namespace oxh::runner
