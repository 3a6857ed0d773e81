#include "runner/engine/capabilities.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "common/clients/imap_client.hpp"

namespace oxh::runner {

namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

void addWords(std::set<std::string>& into, const std::string& text) {
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    word.erase(std::remove(word.begin(), word.end(), '['), word.end());
    word.erase(std::remove(word.begin(), word.end(), ']'), word.end());
    into.insert(upper(word));
  }
}

}  // namespace

std::string missingCapabilities(StepContext& context, const std::vector<std::string>& required) {
  if (context.scenario.users.empty()) {
    throw StepFailure("`requires:` needs a user in `users:` to log in with");
  }
  const User& user = context.scenario.users.front();
  imap::ConnectOptions options;
  options.name = "requires";
  options.server = context.endpoint("dovecot", "imap");
  const auto deadline = context.deadlineFor(std::chrono::seconds(10));
  auto client = imap::ImapClient::connect(context.io.context(), context.journal, options, deadline);
  const auto login = client->command("LOGIN \"" + user.login + "\" \"" + user.password + "\"", deadline);
  if (login.status != "OK") {
    throw StepFailure("cannot log in as " + user.login + " to check `requires:`: " + login.tagged);
  }
  const auto capability = client->command("CAPABILITY", deadline);
  std::set<std::string> offered;
  for (const auto& entry : capability.untagged) {
    addWords(offered, entry.data.value("line", ""));
  }
  client->command("LOGOUT", deadline);
  client->close();
  std::string missing;
  for (const auto& name : required) {
    if (offered.count(upper(name)) == 0) {
      missing += (missing.empty() ? "" : ", ") + name;
    }
  }
  return missing;
}

}  // namespace oxh::runner
