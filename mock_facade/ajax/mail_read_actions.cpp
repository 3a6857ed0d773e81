// /ajax/mail read actions (ox.md 2.3): all (with `headers`: values after the columns), list, count, threadedAll (from the IMAP server's
// THREAD=REFERENCES, RFC 5256) and updates (always [] for IMAP).
#include <algorithm>
#include <cctype>

#include "common/clients/imap_tokens.hpp"
#include "mock_facade/ajax/ajax_errors.hpp"
#include "mock_facade/ajax/facade_modules.hpp"
#include "mock_facade/ajax/mail_common.hpp"
#include "mock_facade/imap_client/mail_text.hpp"

namespace oxh::facade {

namespace {

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A comparable key of one message for a sort column.
struct SortKey {
  std::int64_t number = 0;
  std::string text;
  bool operator<(const SortKey& other) const { return number != other.number ? number < other.number : text < other.text; }
};

SortKey sortKey(const imapfetch::MailRecord& record, int column, const MailRender& render) {
  SortKey key;
  auto hasFlag = [&](const char* name) {
    return std::any_of(record.flags.begin(), record.flags.end(), [&](const std::string& f) { return lower(f) == lower(name); });
  };
  switch (column) {
    case 607: {
      auto value = mailColumn(record, 607, render);
      key.text = value.is_string() ? lower(value.get<std::string>()) : "";
      break;
    }
    case 603: case 604: {
      auto value = mailColumn(record, column, render);
      if (!value.empty()) key.text = lower(value[0][0].is_string() ? value[0][0].get<std::string>() : value[0][1].get<std::string>());
      break;
    }
    case 651: key.number = hasFlag("\\Seen") ? 1 : 0; break;
    case 660: key.number = hasFlag("\\Flagged") ? 1 : 0; break;
    case 657: key.number = hasFlag("\\Answered") ? 1 : 0; break;
    case 659: key.number = hasFlag("\\Draft") ? 1 : 0; break;
    case 600: key.number = record.uid; break;
    default: {
      auto value = mailColumn(record, column == 661 ? 609 : column, render);
      if (value.is_number()) key.number = value.get<std::int64_t>();
      break;
    }
  }
  return key;
}

struct Window {
  std::size_t begin = 0;
  std::size_t end = SIZE_MAX;
};

// left_hand_limit / right_hand_limit, or limit "N" / "start,end" (ox.md 2.3).
Window window(const AjaxCall& call) {
  Window out;
  auto number = [&](const std::string& name, const std::string& text) -> std::size_t {
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
      throw errors::invalidParameter(name, text);
    }
    return static_cast<std::size_t>(std::stoul(text));
  };
  if (auto limit = call.param("limit")) {
    const auto comma = limit->find(',');
    if (comma == std::string::npos) {
      out.end = number("limit", *limit);
    } else {
      out.begin = number("limit", limit->substr(0, comma));
      out.end = number("limit", limit->substr(comma + 1));
    }
  }
  if (auto left = call.param("left_hand_limit")) out.begin = number("left_hand_limit", *left);
  if (auto right = call.param("right_hand_limit")) out.end = number("right_hand_limit", *right);
  return out;
}

void sortRecords(std::vector<imapfetch::MailRecord>& records, const AjaxCall& call, const MailRender& render) {
  const auto sort = call.param("sort");
  if (!sort || sort->empty() || *sort == "thread") return;
  if (sort->find_first_not_of("0123456789") != std::string::npos || sort->size() > 4) {
    throw errors::invalidParameter("sort", *sort);
  }
  const int column = std::stoi(*sort);
  const bool descending = lower(call.param("order").value_or("asc")) == "desc";
  std::stable_sort(records.begin(), records.end(), [&](const auto& a, const auto& b) {
    const auto ka = sortKey(a, column, render);
    const auto kb = sortKey(b, column, render);
    return descending ? kb < ka : ka < kb;
  });
}

std::vector<int> withSortColumn(std::vector<int> columns, const AjaxCall& call) {
  if (auto sort = call.param("sort"); sort && !sort->empty() && sort->find_first_not_of("0123456789") == std::string::npos &&
                                      sort->size() <= 4) {
    const int column = std::stoi(*sort);
    columns.push_back(column == 661 ? 609 : column);
  }
  return columns;
}

std::string searchCriteria(const AjaxCall& call) {
  std::string criteria = "ALL";
  if (boolParam(call, "unseen", false)) criteria = "UNSEEN";
  if (auto deleted = call.param("deleted"); deleted && (*deleted == "false" || *deleted == "0")) criteria += " UNDELETED";
  return criteria;
}

// `headers=Message-ID,X-Foo`: header names whose values follow the columns in each row.
std::vector<std::string> headerNames(const AjaxCall& call) {
  std::vector<std::string> names;
  std::string item;
  for (char c : call.param("headers").value_or("") + ",") {
    if (c != ',') {
      item += c;
      continue;
    }
    if (!item.empty()) {
      if (item.find_first_of(" ()\"\r\n") != std::string::npos) throw errors::invalidParameter("headers", item);
      names.push_back(item);
    }
    item.clear();
  }
  return names;
}

nlohmann::json all(FacadeContext& context, const AjaxCall& call) {
  const auto folderId = requireParam(call, "folder");
  const auto columns = intListParam(call, "columns");
  const auto headers = headerNames(call);
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  selectFolder(account, folderId);
  const auto uids = search(account, searchCriteria(call));
  nlohmann::json out = nlohmann::json::array();
  if (uids.empty()) return out;
  const auto render = renderFor(call, folderId);
  auto items = fetchItemsFor(withSortColumn(columns, call));
  if (!headers.empty()) items += " " + headerFetchItem(headers);
  auto records = fetch(account, uidSet(uids), items);
  std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.uid < b.uid; });
  sortRecords(records, call, render);
  const auto span = window(call);
  for (std::size_t i = span.begin; i < records.size() && i < span.end; ++i) {
    auto row = mailRow(records[i], columns, render);
    appendHeaderValues(row, records[i], headers);
    out.push_back(std::move(row));
  }
  return out;
}

nlohmann::json list(FacadeContext& context, const AjaxCall& call) {
  const auto columns = intListParam(call, "columns");
  const auto body = requireJsonBody(call);
  if (!body.is_array()) throw errors::invalidBodyType("JSONArray", body.type_name());
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : body) {
    if (!item.is_object() || !item.contains("id") || !item.contains("folder")) throw errors::missingField("id");
    const std::string folderId = item["folder"].is_string() ? item["folder"].get<std::string>() : item["folder"].dump();
    const std::string id = item["id"].is_string() ? item["id"].get<std::string>() : item["id"].dump();
    selectFolder(account, folderId);
    const auto records = fetch(account, std::to_string(uidOf(id, folderId)), fetchItemsFor(columns));
    if (records.empty()) continue;  // gone meanwhile: list skips it
    out.push_back(mailRow(records.front(), columns, renderFor(call, folderId)));
  }
  return out;
}

nlohmann::json count(FacadeContext& context, const AjaxCall& call) {
  const auto folderId = requireParam(call, "folder");
  const auto mailbox = mailboxOf(folderId);
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  const auto result = account.run("STATUS " + imapString(mailbox) + " (MESSAGES)");
  if (result.status != "OK") throw errors::folderNotFound(folderId);
  for (const auto& entry : result.untagged) {
    const auto tokens = clients::imap::tokenize(entry.data.value("line", ""));
    if (tokens.size() >= 4 && tokens[1].text == "STATUS" && tokens[3].children.size() >= 2) {
      return std::stoll(tokens[3].children[1].text);
    }
  }
  return 0;
}

// RFC 5256 thread lists: "(3 6 (4 23)(44 7 96))": atoms in a row are parent and child; nested
// lists are sibling branches under the last atom.
void walkThread(const clients::imap::Token& list, int depth, std::vector<std::pair<std::uint32_t, int>>& out) {
  int level = depth;
  for (const auto& child : list.children) {
    if (child.type == clients::imap::Token::Type::List) {
      walkThread(child, level, out);
    } else if (!child.text.empty() && std::isdigit(static_cast<unsigned char>(child.text[0]))) {
      out.emplace_back(static_cast<std::uint32_t>(std::stoul(child.text)), level++);
    }
  }
}

nlohmann::json threadedAll(FacadeContext& context, const AjaxCall& call) {
  const auto folderId = requireParam(call, "folder");
  const auto columns = intListParam(call, "columns");
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  selectFolder(account, folderId);
  const auto result = account.run("UID THREAD REFERENCES UTF-8 " + searchCriteria(call));
  if (result.status != "OK") throw errors::imapFailure("UID THREAD: " + result.tagged);
  std::vector<std::vector<std::pair<std::uint32_t, int>>> threads;
  std::vector<std::uint32_t> uids;
  for (const auto& entry : result.untagged) {
    const auto tokens = clients::imap::tokenize(entry.data.value("line", ""));
    if (tokens.size() < 2 || tokens[1].text != "THREAD") continue;
    for (std::size_t i = 2; i < tokens.size(); ++i) {
      std::vector<std::pair<std::uint32_t, int>> thread;
      walkThread(tokens[i], 0, thread);
      if (thread.empty()) continue;
      for (const auto& [uid, level] : thread) uids.push_back(uid);
      threads.push_back(std::move(thread));
    }
  }
  nlohmann::json out = nlohmann::json::array();
  if (threads.empty()) return out;
  auto render = renderFor(call, folderId);
  std::vector<int> needed = columns;
  needed.push_back(610);
  std::map<std::uint32_t, imapfetch::MailRecord> byUid;
  for (auto& record : fetch(account, uidSet(uids), fetchItemsFor(needed))) byUid[record.uid] = std::move(record);
  auto received = [&](std::uint32_t uid) -> std::int64_t {
    auto it = byUid.find(uid);
    if (it == byUid.end()) return 0;
    return mailtext::parseInternalDate(it->second.internalDate).value_or(0);
  };
  // Threads ordered by their newest message, newest first unless order=asc (App Suite's
  // sort=thread default; ox.md 2.3: limits apply to root messages).
  const bool ascending = lower(call.param("order").value_or("desc")) == "asc";
  std::vector<std::pair<std::int64_t, std::size_t>> order;
  for (std::size_t i = 0; i < threads.size(); ++i) {
    std::int64_t newest = 0;
    for (const auto& [uid, level] : threads[i]) newest = std::max(newest, received(uid));
    order.emplace_back(newest, i);
  }
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return ascending ? a.first < b.first : a.first > b.first; });
  auto object = [&](const imapfetch::MailRecord& record, int level) {
    nlohmann::json message = nlohmann::json::object();
    for (int column : columns) message[mailColumnName(column)] = column == 612 ? nlohmann::json(level) : mailColumn(record, column, render);
    return message;
  };
  const auto span = window(call);
  for (std::size_t n = span.begin; n < order.size() && n < span.end; ++n) {
    const auto& thread = threads[order[n].second];
    nlohmann::json messages = nlohmann::json::array();
    int unread = 0;
    for (const auto& [uid, level] : thread) {
      auto it = byUid.find(uid);
      if (it == byUid.end()) continue;
      messages.push_back(object(it->second, level));
      if ((flagging::bitsForImapFlags(it->second.flags) & 32) == 0) ++unread;
    }
    if (messages.empty()) continue;
    nlohmann::json root = messages.front();
    root["thread"] = messages;
    root["unreadCount"] = unread;
    out.push_back(std::move(root));
  }
  return out;
}

}  // namespace

void registerMailReadActions(AjaxDispatcher& dispatcher, FacadeContext& context) {
  dispatcher.registerAction("mail", "all", [&context](const AjaxCall& call) { return all(context, call); }, true);
  dispatcher.registerAction("mail", "list", [&context](const AjaxCall& call) { return list(context, call); }, true);
  dispatcher.registerAction("mail", "count", [&context](const AjaxCall& call) { return count(context, call); }, true);
  dispatcher.registerAction("mail", "threadedAll", [&context](const AjaxCall& call) { return threadedAll(context, call); }, true);
  dispatcher.registerAction(
      "mail", "updates",
      [](const AjaxCall& call) -> nlohmann::json {
        (void)requireParam(call, "folder");
        return nlohmann::json::array();  // IMAP: always [] (ox.md 2.3)
      },
      true);
}

}  // namespace oxh::facade
