#include "mock_facade/ajax/mail_common.hpp"

#include "mock_facade/ajax/ajax_errors.hpp"
#include "mock_facade/ajax/mail_folders.hpp"

namespace oxh::facade {

std::string mailboxOf(const std::string& folderId) {
  auto fullname = fullnameOf(folderId);
  if (!fullname) {
    throw errors::folderNotFound(folderId);
  }
  return *fullname;
}

std::string selectFolder(ImapAccount& account, const std::string& folderId) {
  const auto mailbox = mailboxOf(folderId);
  account.select(mailbox, folderId);
  return mailbox;
}

std::uint32_t uidOf(const std::string& id, const std::string& folderId) {
  if (id.empty() || id.size() > 10 || id.find_first_not_of("0123456789") != std::string::npos) {
    throw errors::mailNotFound(id, folderId);
  }
  const auto value = std::stoull(id);
  if (value == 0 || value > 0xFFFFFFFFULL) {
    throw errors::mailNotFound(id, folderId);
  }
  return static_cast<std::uint32_t>(value);
}

std::string uidSet(const std::vector<std::uint32_t>& uids) {
  std::string out;
  for (auto uid : uids) {
    out += (out.empty() ? "" : ",") + std::to_string(uid);
  }
  return out;
}

std::vector<imapfetch::MailRecord> fetch(ImapAccount& account, const std::string& set, const std::string& items) {
  const auto result = account.run("UID FETCH " + set + " (" + items + ")");
  if (result.status != "OK") {
    throw errors::imapFailure("UID FETCH: " + result.tagged);
  }
  return imapfetch::parseFetchResponses(result);
}

std::vector<std::uint32_t> search(ImapAccount& account, const std::string& criteria) {
  const auto result = account.run("UID SEARCH " + criteria);
  if (result.status != "OK") {
    throw errors::imapFailure("UID SEARCH: " + result.tagged);
  }
  return imapfetch::parseSearch(result);
}

MailRender renderFor(const AjaxCall& call, const std::string& folderId) {
  MailRender render;
  render.mode = flaggingMode(*call.user);
  render.defaultColor = call.user->defaultColor;
  render.timeZone = call.user->timeZone;
  const auto zone = call.param("timezone");
  render.utc = zone && (*zone == "UTC" || *zone == "utc");
  if (zone && !render.utc && !zone->empty()) {
    render.timeZone = *zone;
  }
  render.folderId = folderId;
  return render;
}

void mustRun(ImapAccount& account, const std::string& command) {
  const auto result = account.run(command);
  if (result.status != "OK") {
    throw errors::imapFailure(command.substr(0, command.find(' ', 4)) + ": " + result.tagged);
  }
}

std::string flagList(const std::vector<std::string>& flags) {
  std::string out = "(";
  for (const auto& flag : flags) {
    out += (out.size() > 1 ? " " : "") + flag;
  }
  return out + ")";
}

}  // namespace oxh::facade
