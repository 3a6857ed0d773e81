#pragma once
// The reference mobile client: what the OX Mail app does against the App Suite /ajax API
// (ox.md 2.2-2.4; the app's offline promise in ox-mail-app-v2.txt). It logs in (session and
// secret cookie), syncs folders and mail into a LocalStore, and records every user action
// (read, flag, color, move, delete, undo of delete, reply, send) as an Operation in an
// OfflineQueue: the action shows in the store at once, and replay() sends the queue in order
// when the server is reachable. The rules:
// - a cut replay stops at the first unreachable request and is resumed by the next replay;
// - a send carries a client-generated Message-ID (and X-OXH-Op header: App Suite 7.x took only
//   X- headers from a client); a send that went out without a confirmed answer is looked up in
//   Sent before it goes again, so a repeated or resumed replay never sends a mail twice;
// - operations find their mail by Message-ID, so ids that changed (a new UIDVALIDITY) are
//   re-located; a mail deleted or moved on the server meanwhile is a Conflict, not a crash, and
//   the store converges to the server at the next sync;
// - undo of delete cancels a queued delete, or moves the mail back from Trash.
// Every request (client.request), queue transition (client.queue), sync and replay is journaled.
// Thread: one thread drives a client; not synchronised. The journal must outlive it.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "runner/client/ajax_transport.hpp"
#include "runner/client/local_store.hpp"
#include "runner/client/offline_queue.hpp"

namespace oxh::client {

// A user action that cannot be taken (no such mail in the store, bad login).
class ClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ClientAccount {
  std::string login;
  std::string password;
  std::string email;  // the From of sent mail; its domain names client Message-IDs
};

// Which mail a user action is about: by Message-ID, or by subject (optionally in a folder).
struct MailRef {
  std::string subject;
  std::string messageId;
  std::string folder;
};

struct ReplayResult {
  bool interrupted = false;  // stopped at an unreachable request; the rest stays queued
  std::size_t done = 0;
  std::size_t conflicts = 0;
  std::string error;  // why interrupted
};

class MobileClient {
 public:
  MobileClient(std::string name, ClientAccount account, std::unique_ptr<AjaxTransport> transport,
               journal::Journal& journal, std::uint64_t seed);

  // false when the server is unreachable; throws ClientError when it refuses the credentials.
  bool login();
  // Folders, then every folder's mail; pending operations are applied on top again.
  // false when the server is unreachable (the store keeps what it had).
  bool sync();

  const Operation& setSeen(const MailRef& ref, bool seen);
  const Operation& setFlagged(const MailRef& ref, bool flagged);
  const Operation& setColor(const MailRef& ref, int color);
  const Operation& move(const MailRef& ref, const std::string& folder);
  const Operation& remove(const MailRef& ref);
  // Cancels the mail's queued delete, or queues its move back from Trash. Returns the
  // UndoDelete operation, or nullptr when a queued delete was cancelled.
  const Operation* undoDelete(const MailRef& ref);
  const Operation& send(const std::string& to, const std::string& subject, const std::string& body);
  const Operation& reply(const MailRef& ref, const std::string& body);

  // Sends the pending operations in order; syncs afterwards when it got through.
  ReplayResult replay();

  [[nodiscard]] LocalStore& store() { return store_; }
  [[nodiscard]] const OfflineQueue& queue() const { return queue_; }
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  struct Answer {
    bool reachable = false;
    nlohmann::json data;
    std::string code;  // App Suite error code, empty on success
    std::string error;
  };
  struct ServerMail {
    std::string folder, id, subject, messageId, opHeader, fromAddress;
    int flags = 0;
    int color = 0;
  };
  enum class Where { Found, Elsewhere, Gone, Unreachable };
  struct Located {
    Where where = Where::Gone;
    std::string folder;
    std::string id;
  };
  enum class Outcome { Done, Conflict, Unreachable };

  Answer ask(const AjaxRequest& request);
  std::optional<std::vector<ServerMail>> listFolder(const std::string& folder);
  Located locate(const Operation& op, const std::string& preferred);
  Outcome apply(Operation& op, std::string& note);
  Outcome applyFlags(Operation& op, std::string& note);
  Outcome applySend(Operation& op, std::string& note);
  Answer update(const std::string& folder, const std::string& id, const nlohmann::json& body);

  LocalMail& find(const MailRef& ref);
  LocalMail* findForOp(const Operation& op);
  const Operation& queueOn(const MailRef& ref, Operation op);
  void applyLocal(const Operation& op);
  std::string trashFolder() const;
  std::string sentFolder() const;
  void note(const std::string& kind, const std::string& summary, nlohmann::json data);

  std::string name_;
  ClientAccount account_;
  std::unique_ptr<AjaxTransport> transport_;
  journal::Journal& journal_;
  OfflineQueue queue_;
  LocalStore store_;
  std::string session_;
  std::string cookie_;
};

}  // namespace oxh::client
