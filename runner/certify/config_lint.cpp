// LINT-*: configuration files a partner hands over, read in their real formats: App Suite's
// mail-push.properties (Java properties) and Dovecot's settings as `doveconf -n` prints them.
// The rules are the reference notes' (ox.md 3.x "mail-push.properties", dovecot.md sections 1
// and 3): the plural allowedClients key, credential storage for permanent listeners,
// push_notification for LMTP, imap_metadata inside a remote block, mail_attribute_dict, and the
// ox driver URL with Basic credentials and user_from_metadata.
#include <fstream>
#include <map>
#include <sstream>

#include "runner/certify/certify_checks.hpp"

namespace oxh::runner::certify {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) {
    return "";
  }
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// Java properties: key=value or key: value, # and ! comments, backslash continuation lines.
std::map<std::string, std::string> readProperties(const std::string& file) {
  std::ifstream in(file);
  std::map<std::string, std::string> properties;
  std::string line;
  std::string pending;
  while (std::getline(in, line)) {
    line = trim(line);
    if (pending.empty() && (line.empty() || line[0] == '#' || line[0] == '!')) {
      continue;
    }
    if (!line.empty() && line.back() == '\\') {
      pending += line.substr(0, line.size() - 1);
      continue;
    }
    line = pending + line;
    pending.clear();
    const auto separator = line.find_first_of("=:");
    if (separator == std::string::npos) {
      properties[trim(line)] = "";
      continue;
    }
    properties[trim(line.substr(0, separator))] = trim(line.substr(separator + 1));
  }
  return properties;
}

// `doveconf -n` output: settings per section path ("" global, "protocol lmtp", "remote 10.0.0.0/8",
// "remote 10.0.0.0/8/protocol imap", "plugin").
std::map<std::string, std::map<std::string, std::string>> readDoveconf(const std::string& file) {
  std::ifstream in(file);
  std::map<std::string, std::map<std::string, std::string>> sections;
  std::vector<std::string> stack;
  std::string line;
  const auto path = [&stack]() {
    std::string joined;
    for (const auto& part : stack) {
      joined += (joined.empty() ? "" : "/") + part;
    }
    return joined;
  };
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') {
      continue;
    }
    if (line == "}") {
      if (!stack.empty()) {
        stack.pop_back();
      }
      continue;
    }
    if (line.back() == '{') {
      stack.push_back(trim(line.substr(0, line.size() - 1)));
      continue;
    }
    const auto equals = line.find('=');
    if (equals != std::string::npos) {
      auto value = trim(line.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      sections[path()][trim(line.substr(0, equals))] = value;
    }
  }
  return sections;
}

bool globMatch(const std::string& pattern, const std::string& text) {
  if (pattern.empty()) {
    return text.empty();
  }
  if (pattern[0] == '*') {
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (globMatch(pattern.substr(1), text.substr(i))) {
        return true;
      }
    }
    return false;
  }
  return !text.empty() && pattern[0] == text[0] && globMatch(pattern.substr(1), text.substr(1));
}

void mailPush(const std::string& file, std::vector<CheckResult>& results) {
  const auto properties = readProperties(file);
  const auto value = [&](const std::string& key) {
    auto it = properties.find(key);
    return it == properties.end() ? std::optional<std::string>() : std::optional<std::string>(it->second);
  };
  constexpr const char* kPushRequirement = "push wiring between Dovecot and the middleware";
  auto key = makeCheck("LINT-01", "mail-push.properties uses the plural com.openexchange.push.allowedClients", "high", file,
                  kPushRequirement,
                  "Rename com.openexchange.push.allowedClient to com.openexchange.push.allowedClients: the middleware "
                  "reads only the plural (the documentation's singular is a typo).");
  const auto singular = value("com.openexchange.push.allowedClient");
  key.verdict = singular ? Verdict::Fail : Verdict::Pass;
  key.message = singular ? "com.openexchange.push.allowedClient (singular) is set and ignored by the middleware" : "";
  key.evidence = singular ? "com.openexchange.push.allowedClient=" + *singular : "";
  results.push_back(key);

  auto facade = makeCheck("LINT-02", "allowedClients admits the Mobile API Facade", "high", file, kPushRequirement,
                     "Add \"open-xchange-mobile-api-facade*\" to com.openexchange.push.allowedClients.");
  if (const auto clients = value("com.openexchange.push.allowedClients")) {
    bool admitted = false;
    std::stringstream list(*clients);
    for (std::string item; std::getline(list, item, ',');) {
      item = trim(item);
      if (item.size() >= 2 && item.front() == '"') {
        item = item.substr(1, item.size() - 2);
      }
      admitted = admitted || globMatch(item, "open-xchange-mobile-api-facade");
    }
    facade.verdict = admitted ? Verdict::Pass : Verdict::Fail;
    facade.message = admitted ? "" : "no pattern matches the facade's client id open-xchange-mobile-api-facade";
    facade.evidence = "com.openexchange.push.allowedClients=" + *clients;
  } else {
    facade.verdict = Verdict::Pass;  // the shipped default admits the facade
    facade.message = "";
    facade.evidence = "com.openexchange.push.allowedClients not set: the default applies";
  }
  results.push_back(facade);

  auto credentials = makeCheck("LINT-03", "credential storage for permanent listeners", "medium", file, kPushRequirement,
                          "With allowPermanentPush=true set com.openexchange.push.credstorage.enabled=true and a "
                          "cluster-wide com.openexchange.push.credstorage.passcrypt (unless passwordSource=global).");
  const bool permanent = value("com.openexchange.push.allowPermanentPush").value_or("true") == "true";
  const bool globalPassword = value("com.openexchange.mail.passwordSource").value_or("") == "global";
  const bool stored = value("com.openexchange.push.credstorage.enabled").value_or("false") == "true";
  const bool keyed = !value("com.openexchange.push.credstorage.passcrypt").value_or("").empty();
  credentials.verdict = !permanent || globalPassword || (stored && keyed) ? Verdict::Pass : Verdict::Fail;
  if (credentials.verdict == Verdict::Fail) {
    credentials.message = !stored ? "permanent push without credstorage.enabled=true" : "credstorage.passcrypt is empty";
  }
  results.push_back(credentials);
}

void dovecot(const std::string& file, std::vector<CheckResult>& results) {
  const auto sections = readDoveconf(file);
  const auto get = [&](const std::string& section, const std::string& key) -> std::string {
    auto it = sections.find(section);
    if (it == sections.end()) {
      return "";
    }
    auto setting = it->second.find(key);
    return setting == it->second.end() ? "" : setting->second;
  };
  constexpr const char* kPush = "push wiring between Dovecot and the middleware";
  auto plugins = makeCheck("LINT-DC-01", "push_notification loaded for LMTP", "critical", file, kPush,
                      "mail_plugins = $mail_plugins notify push_notification in protocol lmtp (and lda).");
  std::string lmtp = get("", "mail_plugins");
  if (sections.count("protocol lmtp") != 0 && sections.at("protocol lmtp").count("mail_plugins") != 0) {
    lmtp = get("protocol lmtp", "mail_plugins");
    if (const auto at = lmtp.find("$mail_plugins"); at != std::string::npos) {
      lmtp.replace(at, 13, get("", "mail_plugins"));
    }
  }
  const bool loaded = (" " + lmtp + " ").find(" push_notification ") != std::string::npos &&
                      (" " + lmtp + " ").find(" notify ") != std::string::npos;
  plugins.verdict = loaded ? Verdict::Pass : Verdict::Fail;
  plugins.message = loaded ? "" : "LMTP's mail_plugins are '" + lmtp + "' (need notify and push_notification)";
  plugins.evidence = "effective LMTP mail_plugins = " + lmtp;
  results.push_back(plugins);

  auto metadata = makeCheck("LINT-DC-02", "imap_metadata only inside a remote block", "high", file,
                       "METADATA only for the OX servers",
                       "Move imap_metadata = yes into remote <ox-net> { protocol imap { ... } } and remove it elsewhere.");
  std::string outside;
  bool inside = false;
  for (const auto& [section, settings] : sections) {
    if (settings.count("imap_metadata") == 0 || settings.at("imap_metadata") != "yes") {
      continue;
    }
    if (section.rfind("remote ", 0) == 0) {
      inside = true;
    } else {
      outside += (outside.empty() ? "" : ", ") + (section.empty() ? std::string("global") : section);
    }
  }
  metadata.verdict = outside.empty() && inside ? Verdict::Pass : Verdict::Fail;
  metadata.message = !outside.empty() ? "imap_metadata = yes outside a remote block: " + outside
                                      : (inside ? "" : "imap_metadata is not enabled for any remote block");
  results.push_back(metadata);

  auto dict = makeCheck("LINT-DC-03", "mail_attribute_dict set", "high", file, kPush,
                   "Set mail_attribute_dict globally (e.g. file:%h/dovecot-attributes); LMTP needs it for the driver.");
  dict.verdict = get("", "mail_attribute_dict").empty() ? Verdict::Fail : Verdict::Pass;
  dict.message = dict.verdict == Verdict::Fail ? "mail_attribute_dict is not set globally" : "";
  results.push_back(dict);

  auto driver = makeCheck("LINT-DC-04", "ox push driver URL with Basic credentials and user_from_metadata", "critical", file,
                     kPush,
                     "push_notification_driver = ox:url=http://<login>:<password>@<middleware>:8009/preliminary/"
                     "http-notify/v1/notify user_from_metadata");
  std::string problems;
  bool found = false;
  for (const auto& [key, value] : sections.count("plugin") != 0 ? sections.at("plugin") : std::map<std::string, std::string>{}) {
    if (key.rfind("push_notification_driver", 0) != 0 || value.rfind("ox:", 0) != 0) {
      continue;
    }
    found = true;
    driver.evidence += key + " = " + value + "\n";
    const auto url = value.find("url=");
    const auto end = url == std::string::npos ? url : value.find(' ', url);
    const auto address = url == std::string::npos ? std::string() : value.substr(url + 4, end - url - 4);
    if (address.find("/preliminary/http-notify/v1/notify") == std::string::npos) {
      problems += key + ": the URL does not end in /preliminary/http-notify/v1/notify; ";
    }
    const auto scheme = address.find("://");
    const auto at = address.find('@');
    // `doveconf -n` masks the userinfo as "#hidden_use-P_to_show#" (seen with Dovecot 2.3.19): its
    // presence is what matters, and certify never needs the password itself.
    const bool masked = address.find("#hidden_use-P_to_show#@") != std::string::npos;
    if (scheme == std::string::npos || at == std::string::npos || at < scheme ||
        (!masked && address.find(':', scheme + 3) > at)) {
      problems += key + ": no login:password@ in the URL (the middleware answers 401); ";
    }
    if ((" " + value + " ").find(" user_from_metadata") == std::string::npos) {
      problems += key + ": no user_from_metadata (the middleware cannot map the Dovecot user); ";
    }
  }
  if (!found) {
    problems = "no push_notification_driver with the ox driver in the plugin section";
  }
  driver.verdict = problems.empty() ? Verdict::Pass : Verdict::Fail;
  driver.message = problems;
  results.push_back(driver);
}

}  // namespace

void runConfigLint(const Deployment& deployment, std::vector<CheckResult>& results) {
  if (!deployment.mailPushProperties.empty()) {
    mailPush(deployment.mailPushProperties, results);
  }
  if (!deployment.dovecotConfig.empty()) {
    dovecot(deployment.dovecotConfig, results);
  }
}

std::vector<CheckResult> runAllChecks(const Deployment& deployment) {
  std::vector<CheckResult> results;
  runVersionCheck(deployment, results);
  runTlsChecks(deployment, results);
  runMiddlewareChecks(deployment, results);
  runDovecotChecks(deployment, results);
  runPushDeliveryCheck(deployment, results);
  runFlaggingChecks(deployment, results);
  runConfigLint(deployment, results);
  runPnsLint(deployment, results);
  return results;
}

}  // namespace oxh::runner::certify
