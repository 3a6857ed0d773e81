#pragma once
// Mail folders as App Suite names them (ox.md 2.3/2.4): the primary account's folder ids are
// "default0/<IMAP full name>", the account root is "default0", and the system folder "1"
// (private folders) holds the account's top-level folders. Folder data comes from the IMAP
// server: LIST with SPECIAL-USE (RFC 6154) for standard folders, STATUS for the counts.
// Thread: functions take the account's lock from their caller.
#include <optional>
#include <string>
#include <vector>

#include "mock_facade/imap_client/imap_account.hpp"

namespace oxh::facade {

inline constexpr const char* kAccountRoot = "default0";

struct MailFolder {
  std::string fullname;  // IMAP name, "INBOX", "INBOX.Sub", "Trash"
  std::string delimiter;
  std::vector<std::string> attributes;  // \HasChildren, \Trash, ...
  bool subscribed = false;

  [[nodiscard]] bool has(const std::string& attribute) const;
  [[nodiscard]] std::string parentFullname() const;  // "" for top level
  [[nodiscard]] std::string name() const;            // last segment
};

std::string folderIdOf(const std::string& fullname);
// "default0/INBOX" -> "INBOX"; nullopt when the id is not a primary-account mail folder.
std::optional<std::string> fullnameOf(const std::string& folderId);
// 316 standard_folder_type: 7 inbox, 9 drafts, 10 sent, 11 spam, 12 trash, 0 other.
int standardFolderType(const MailFolder& folder);

std::vector<MailFolder> listFolders(ImapAccount& account);
// The full name of the folder with this SPECIAL-USE attribute ("\\Trash"), or `fallback`.
std::string specialFolder(ImapAccount& account, const std::string& use, const std::string& fallback);

}  // namespace oxh::facade
