#include "mock_facade/ajax/mail_folders.hpp"

#include <algorithm>
#include <cctype>

#include "common/clients/imap_tokens.hpp"
#include "mock_facade/ajax/ajax_errors.hpp"
#include "common/codec/mutf7.hpp"

namespace oxh::facade {

namespace {

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::vector<MailFolder> parseList(const clients::imap::CommandResult& result, std::vector<std::string>* subscribed) {
  using clients::imap::Token;
  std::vector<MailFolder> out;
  for (const auto& entry : result.untagged) {
    const auto tokens = clients::imap::tokenize(entry.data.value("line", ""));
    if (tokens.size() < 5) continue;
    const std::string kind = lower(tokens[1].text);
    if (kind != "list" && kind != "lsub") continue;
    MailFolder folder;
    for (const auto& attribute : tokens[2].children) folder.attributes.push_back(attribute.text);
    folder.delimiter = tokens[3].type == Token::Type::Atom && lower(tokens[3].text) == "nil" ? "" : tokens[3].text;
    folder.fullname = tokens[4].text;
    if (kind == "lsub") {
      if (subscribed) subscribed->push_back(folder.fullname);
      continue;
    }
    // LIST-EXTENDED: "\Subscribed" among the attributes with RETURN (SUBSCRIBED).
    folder.subscribed = folder.has("\\Subscribed");
    out.push_back(std::move(folder));
  }
  return out;
}

}  // namespace

bool MailFolder::has(const std::string& attribute) const {
  return std::any_of(attributes.begin(), attributes.end(),
                     [&](const std::string& a) { return lower(a) == lower(attribute); });
}

std::string MailFolder::parentFullname() const {
  if (delimiter.empty()) return "";
  const auto at = fullname.rfind(delimiter);
  return at == std::string::npos ? "" : fullname.substr(0, at);
}

std::string MailFolder::name() const {
  if (delimiter.empty()) return fullname;
  const auto at = fullname.rfind(delimiter);
  return at == std::string::npos ? fullname : fullname.substr(at + delimiter.size());
}

// App Suite's folder ids carry the decoded name ("default0/Entwürfe"); IMAP wants modified UTF-7.
std::string folderIdOf(const std::string& fullname) {
  return std::string(kAccountRoot) + "/" + codec::displayMailboxName(fullname);
}

std::optional<std::string> fullnameOf(const std::string& folderId) {
  const std::string prefix = std::string(kAccountRoot) + "/";
  if (folderId.rfind(prefix, 0) != 0 || folderId.size() == prefix.size()) return std::nullopt;
  return codec::encodeMutf7(folderId.substr(prefix.size()));
}

int standardFolderType(const MailFolder& folder) {
  if (lower(folder.fullname) == "inbox") return 7;
  if (folder.has("\\Drafts")) return 9;
  if (folder.has("\\Sent")) return 10;
  if (folder.has("\\Junk")) return 11;
  if (folder.has("\\Trash")) return 12;
  return 0;
}

std::vector<MailFolder> listFolders(ImapAccount& account) {
  // RFC 5258 LIST-EXTENDED with RETURN (SUBSCRIBED SPECIAL-USE), as Dovecot 2.3 offers it; a
  // server without it gets plain LIST and LSUB.
  auto result = account.run("LIST \"\" \"*\" RETURN (SUBSCRIBED SPECIAL-USE)");
  if (result.status == "OK") {
    return parseList(result, nullptr);
  }
  result = account.run("LIST \"\" \"*\"");
  if (result.status != "OK") throw errors::imapFailure("LIST: " + result.tagged);
  auto folders = parseList(result, nullptr);
  std::vector<std::string> subscribed;
  const auto lsub = account.run("LSUB \"\" \"*\"");
  parseList(lsub, &subscribed);
  for (auto& folder : folders) {
    folder.subscribed = std::find(subscribed.begin(), subscribed.end(), folder.fullname) != subscribed.end();
  }
  return folders;
}

std::string specialFolder(ImapAccount& account, const std::string& use, const std::string& fallback) {
  for (const auto& folder : listFolders(account)) {
    if (folder.has(use)) return folder.fullname;
  }
  return fallback;
}

}  // namespace oxh::facade
