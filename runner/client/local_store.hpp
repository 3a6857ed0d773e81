#pragma once
// The reference mobile client's local store: the folders and mails it last synced, with the
// effect of queued operations applied on top (what the app shows while offline). A mail is
// known by its Message-ID when it has one (ids change when a server's UIDVALIDITY does), else
// by folder and id. Flags use App Suite's bitmask (611: 1 answered, 8 flagged, 32 seen).
// Thread: owned by one MobileClient; not synchronised.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace oxh::client {

inline constexpr int kFlagAnswered = 1;
inline constexpr int kFlagFlagged = 8;
inline constexpr int kFlagSeen = 32;

struct LocalFolder {
  std::string id;     // "default0/INBOX"
  std::string title;  // "INBOX"
  int standardType = 0;  // 316: 7 inbox, 9 drafts, 10 sent, 12 trash
};

struct LocalMail {
  std::string folder;     // folder id
  std::string id;         // the server's id (UID); empty while only local (queued move, send)
  std::string messageId;  // "<...>", empty when the mail has none
  std::string subject;
  std::string fromAddress;
  int flags = 0;  // 611 bits
  int color = 0;  // 102
  bool pending = false;  // created or moved by a queued operation, not yet confirmed
};

class LocalStore {
 public:
  void setFolders(std::vector<LocalFolder> folders) { folders_ = std::move(folders); }
  [[nodiscard]] const std::vector<LocalFolder>& folders() const { return folders_; }
  // The folder with this standard type (12 trash, 10 sent), nullopt when the server has none.
  [[nodiscard]] std::optional<std::string> standardFolder(int type) const;
  // "Trash" or "default0/Trash" -> the folder id ("default0/Trash"); titles compare exactly.
  [[nodiscard]] std::string resolveFolder(const std::string& nameOrId) const;

  // Replaces the mails of one folder with what the server listed.
  void replaceFolder(const std::string& folder, std::vector<LocalMail> mails);
  void clearMails() { mails_.clear(); }
  void add(LocalMail mail) { mails_.push_back(std::move(mail)); }
  void remove(const LocalMail* mail);

  // By Message-ID (any folder) or by subject (optionally in one folder); nullptr when none.
  [[nodiscard]] LocalMail* findByMessageId(const std::string& messageId);
  [[nodiscard]] LocalMail* findBySubject(const std::string& subject, const std::string& folder = {});
  [[nodiscard]] std::vector<const LocalMail*> inFolder(const std::string& folder) const;
  [[nodiscard]] const std::vector<LocalMail>& mails() const { return mails_; }

  [[nodiscard]] nlohmann::json toJson() const;

 private:
  std::vector<LocalFolder> folders_;
  std::vector<LocalMail> mails_;
};

}  // namespace oxh::client
