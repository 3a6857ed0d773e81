#pragma once
// The reference mobile client's offline queue: operations in the order the user made them,
// each with a client-generated id (seeded: the same --seed gives the same ids). An operation
// is Pending until the server confirmed it (Done), or it could not apply because the server
// changed meanwhile (Conflict: the mail was deleted or moved elsewhere), or the user took it
// back before it was sent (Cancelled: undo of a queued delete). Every transition is journaled
// (component "client", kind "client.queue").
// Thread: owned by one MobileClient; not synchronised. The journal must outlive the queue.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/journal/journal.hpp"

namespace oxh::client {

enum class OpKind { Read, Unread, Flag, Unflag, Color, Move, Delete, UndoDelete, Send, Reply };
enum class OpState { Pending, Done, Conflict, Cancelled };

const char* opKindName(OpKind kind);
const char* opStateName(OpState state);

struct Operation {
  std::string id;  // client-generated, "op-<16 hex>"
  OpKind kind = OpKind::Read;
  OpState state = OpState::Pending;
  // The mail it acts on, as the client knew it when the user acted.
  std::string messageId;
  std::string folder;  // where the mail was (for Move/Delete: before the operation)
  std::string mailId;  // the server id then (may be stale: re-located by Message-ID)
  std::string subject;
  // Parameters.
  std::string destination;  // Move: target folder; UndoDelete: the folder to restore to
  int color = 0;
  nlohmann::json mail;        // Send/Reply: the mail JSON for /ajax/mail new
  std::string sentMessageId;  // Send/Reply: the Message-ID the client gave the new mail
  std::string note;           // why Done/Conflict (journaled)
  int attempts = 0;           // Send/Reply: times the mail went out without a confirmed answer
};

class OfflineQueue {
 public:
  OfflineQueue(journal::Journal& journal, std::string clientName, std::uint64_t seed);

  // A new id from the seeded generator ("op-...").
  std::string newId();
  // Appends and journals "queued".
  Operation& enqueue(Operation operation);
  void transition(Operation& operation, OpState state, const std::string& note);

  [[nodiscard]] std::vector<Operation>& operations() { return operations_; }
  [[nodiscard]] const std::vector<Operation>& operations() const { return operations_; }
  [[nodiscard]] std::size_t count(OpState state) const;
  [[nodiscard]] nlohmann::json toJson() const;

 private:
  journal::Journal& journal_;
  std::string clientName_;
  std::mt19937_64 random_;
  std::vector<Operation> operations_;
};

}  // namespace oxh::client
