// /ajax/folders: root, list, get (ox.md 2.4) for the primary mail account, from IMAP LIST
// (SPECIAL-USE for standard folders) and STATUS (309 total, 310 new, 311 unread).
#include <array>

#include "mock_facade/ajax/ajax_errors.hpp"
#include "mock_facade/ajax/facade_modules.hpp"
#include "mock_facade/ajax/mail_folders.hpp"
#include "mock_facade/imap_client/fetch_parse.hpp"
#include "common/codec/mutf7.hpp"

namespace oxh::facade {

namespace {

constexpr const char* kPrivateFolder = "1";
// The own_rights / permission bits of a user's own mail folder (admin + all object rights).
// The number App Suite computes from the IMAP ACL is not in ox.md (UNCONFIRMED).
constexpr int kOwnRights = 403710016;

const std::array<std::pair<int, const char*>, 26> kFolderColumns{{
    {1, "id"}, {2, "created_by"}, {3, "modified_by"}, {4, "creation_date"}, {5, "last_modified"},
    {6, "last_modified_utc"}, {20, "folder_id"}, {300, "title"}, {301, "module"}, {302, "type"},
    {304, "subfolders"}, {305, "own_rights"}, {306, "permissions"}, {307, "summary"}, {308, "standard_folder"},
    {309, "total"}, {310, "new"}, {311, "unread"}, {312, "deleted"}, {313, "capabilities"}, {314, "subscribed"},
    {315, "subscr_subflds"}, {316, "standard_folder_type"}, {317, "supported_capabilities"}, {318, "account_id"},
    {319, "folder_name"}}};

struct Counts {
  std::int64_t total = 0, recent = 0, unseen = 0;
};

bool needsCounts(const std::vector<int>& columns) {
  for (int column : columns) {
    if (column == 309 || column == 310 || column == 311) return true;
  }
  return false;
}

Counts status(ImapAccount& account, const std::string& mailbox) {
  Counts counts;
  const auto result = account.run("STATUS " + imapString(mailbox) + " (MESSAGES RECENT UNSEEN)");
  for (const auto& entry : result.untagged) {
    const auto tokens = clients::imap::tokenize(entry.data.value("line", ""));
    if (tokens.size() < 4 || tokens[1].text != "STATUS") continue;
    const auto& items = tokens[3].children;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      const auto value = std::stoll(items[i + 1].text);
      if (items[i].text == "MESSAGES") counts.total = value;
      if (items[i].text == "RECENT") counts.recent = value;
      if (items[i].text == "UNSEEN") counts.unseen = value;
    }
  }
  return counts;
}

nlohmann::json folderValue(const MailFolder& folder, int column, const Counts& counts, const FacadeUser& user) {
  const bool inbox = folder.fullname == "INBOX";
  const bool children = folder.has("\\HasChildren");
  switch (column) {
    case 1: return folderIdOf(folder.fullname);
    case 2: case 3: return user.userId;
    case 4: case 5: case 6: return 0;
    case 20: return folder.parentFullname().empty() ? std::string(kPrivateFolder) : folderIdOf(folder.parentFullname());
    case 300: return inbox ? std::string("Inbox") : codec::displayMailboxName(folder.name());
    case 301: return "mail";
    case 302: return 1;  // private
    case 304: return children;
    case 305: return kOwnRights;
    case 306: return nlohmann::json::array({{{"bits", kOwnRights}, {"entity", user.userId}, {"group", false}}});
    case 307: return "";
    case 308: return standardFolderType(folder) != 0;
    case 309: return counts.total;
    case 310: return counts.recent;
    case 311: return counts.unseen;
    case 312: return 0;  // \Deleted count: not asked of the server (UNCONFIRMED what App Suite reports)
    case 313: return 0;
    case 314: return folder.subscribed || inbox;
    case 315: return children;
    case 316: return standardFolderType(folder);
    case 317: return nlohmann::json::array({"permissions", "quota", "sort", "subscription"});
    case 318: return "default0";
    case 319: return folder.name();
    default: return nullptr;
  }
}

nlohmann::json folderRow(ImapAccount& account, const MailFolder& folder, const std::vector<int>& columns,
                         const FacadeUser& user) {
  const Counts counts = needsCounts(columns) ? status(account, folder.fullname) : Counts{};
  nlohmann::json row = nlohmann::json::array();
  for (int column : columns) row.push_back(folderValue(folder, column, counts, user));
  return row;
}

nlohmann::json privateFolderValue(int column, const FacadeUser& user) {
  switch (column) {
    case 1: return kPrivateFolder;
    case 20: return "0";
    case 300: return "Private";
    case 301: return "system";
    case 302: return 5;  // system
    case 304: return true;
    case 2: case 3: return user.userId;
    case 319: return "Private";
    default: return nullptr;
  }
}

nlohmann::json root(const AjaxCall& call) {
  const auto columns = intListParam(call, "columns");
  nlohmann::json row = nlohmann::json::array();
  for (int column : columns) row.push_back(privateFolderValue(column, *call.user));
  return nlohmann::json::array({row});
}

nlohmann::json list(FacadeContext& context, const AjaxCall& call) {
  const auto parent = requireParam(call, "parent");
  const auto columns = intListParam(call, "columns");
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  const auto folders = listFolders(account);
  std::string parentName;
  if (parent == kPrivateFolder || parent == kAccountRoot) {
    parentName.clear();
  } else if (auto fullname = fullnameOf(parent)) {
    const bool exists = std::any_of(folders.begin(), folders.end(), [&](const MailFolder& f) { return f.fullname == *fullname; });
    if (!exists) throw errors::folderNotFound(parent);
    parentName = *fullname;
  } else {
    throw errors::folderNotFound(parent);
  }
  const bool all = boolParam(call, "all", false);
  nlohmann::json out = nlohmann::json::array();
  // INBOX first, then the standard folders, then the rest, as App Suite orders them.
  std::vector<const MailFolder*> ordered;
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& folder : folders) {
      if (folder.parentFullname() != parentName || folder.has("\\NonExistent") || folder.has("\\Noselect")) continue;
      const int type = standardFolderType(folder);
      const int rank = folder.fullname == "INBOX" ? 0 : (type != 0 ? 1 : 2);
      if (rank != pass) continue;
      if (!all && !folder.subscribed && folder.fullname != "INBOX" && type == 0) continue;
      ordered.push_back(&folder);
    }
  }
  for (const auto* folder : ordered) out.push_back(folderRow(account, *folder, columns, *call.user));
  return out;
}

nlohmann::json get(FacadeContext& context, const AjaxCall& call) {
  const auto id = requireParam(call, "id");
  if (id == kPrivateFolder) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [column, name] : kFolderColumns) object[name] = privateFolderValue(column, *call.user);
    return object;
  }
  const auto fullname = fullnameOf(id);
  if (!fullname) throw errors::folderNotFound(id);
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  for (const auto& folder : listFolders(account)) {
    if (folder.fullname != *fullname) continue;
    const Counts counts = status(account, folder.fullname);
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [column, name] : kFolderColumns) object[name] = folderValue(folder, column, counts, *call.user);
    return object;
  }
  throw errors::folderNotFound(id);
}

}  // namespace

void registerFolderActions(AjaxDispatcher& dispatcher, FacadeContext& context) {
  dispatcher.registerAction("folders", "root", [](const AjaxCall& call) { return root(call); }, true);
  dispatcher.registerAction("folders", "list", [&context](const AjaxCall& call) { return list(context, call); }, true);
  dispatcher.registerAction("folders", "get", [&context](const AjaxCall& call) { return get(context, call); }, true);
}

}  // namespace oxh::facade
