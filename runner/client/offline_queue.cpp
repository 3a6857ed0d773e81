#include "runner/client/offline_queue.hpp"

#include <cstdio>

namespace oxh::client {

const char* opKindName(OpKind kind) {
  switch (kind) {
    case OpKind::Read: return "read";
    case OpKind::Unread: return "unread";
    case OpKind::Flag: return "flag";
    case OpKind::Unflag: return "unflag";
    case OpKind::Color: return "color";
    case OpKind::Move: return "move";
    case OpKind::Delete: return "delete";
    case OpKind::UndoDelete: return "undo_delete";
    case OpKind::Send: return "send";
    case OpKind::Reply: return "reply";
  }
  return "?";
}

const char* opStateName(OpState state) {
  switch (state) {
    case OpState::Pending: return "pending";
    case OpState::Done: return "done";
    case OpState::Conflict: return "conflict";
    case OpState::Cancelled: return "cancelled";
  }
  return "?";
}

OfflineQueue::OfflineQueue(journal::Journal& journal, std::string clientName, std::uint64_t seed)
    : journal_(journal), clientName_(std::move(clientName)), random_(seed) {}

std::string OfflineQueue::newId() {
  char text[24];
  std::snprintf(text, sizeof text, "op-%016llx", static_cast<unsigned long long>(random_()));
  return text;
}

namespace {

nlohmann::json describe(const Operation& op) {
  return {{"id", op.id}, {"op", opKindName(op.kind)}, {"state", opStateName(op.state)}, {"message_id", op.messageId},
          {"folder", op.folder}, {"mail_id", op.mailId}, {"subject", op.subject}, {"destination", op.destination},
          {"color", op.color}, {"sent_message_id", op.sentMessageId}, {"note", op.note}};
}

}  // namespace

Operation& OfflineQueue::enqueue(Operation operation) {
  if (operation.id.empty()) operation.id = newId();
  operation.state = OpState::Pending;
  operations_.push_back(std::move(operation));
  auto& op = operations_.back();
  journal::Entry entry;
  entry.component = "client";
  entry.kind = "client.queue";
  entry.connection = clientName_;
  entry.summary = clientName_ + " queued " + op.id + " " + opKindName(op.kind) + " '" + op.subject + "'";
  entry.data = describe(op);
  entry.data["transition"] = "queued";
  journal_.append(std::move(entry));
  return op;
}

void OfflineQueue::transition(Operation& operation, OpState state, const std::string& note) {
  operation.state = state;
  operation.note = note;
  journal::Entry entry;
  entry.component = "client";
  entry.kind = "client.queue";
  entry.connection = clientName_;
  entry.summary = clientName_ + " " + operation.id + " " + opKindName(operation.kind) + " -> " + opStateName(state) +
                  (note.empty() ? "" : " (" + note + ")");
  entry.data = describe(operation);
  entry.data["transition"] = opStateName(state);
  journal_.append(std::move(entry));
}

std::size_t OfflineQueue::count(OpState state) const {
  std::size_t n = 0;
  for (const auto& op : operations_) n += op.state == state ? 1 : 0;
  return n;
}

nlohmann::json OfflineQueue::toJson() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& op : operations_) out.push_back(describe(op));
  return out;
}

}  // namespace oxh::client
