#include "mock_apns_fcm/push_record.hpp"

#include "common/journal/journal.hpp"

namespace oxh::push {

namespace {

// The record and its journal view in one allocation: the journal entry's deferred data is the
// same immutable object the PushLog keeps.
struct SharedRecord final : journal::DeferredData {
  explicit SharedRecord(PushRecord value) : record(std::move(value)) {}
  [[nodiscard]] nlohmann::json render() const override { return record.toJson(); }
  // "push <token> -> <status>[ <reason>]", built when the entry is first read (not per push).
  [[nodiscard]] std::string summary() const override {
    std::string line;
    line.reserve(16 + record.token.size() + record.reason.size());
    line.append("push ").append(record.token).append(" -> ").append(std::to_string(record.status));
    if (!record.reason.empty()) {
      line.append(" ").append(record.reason);
    }
    return line;
  }
  const PushRecord record;
};

}  // namespace

nlohmann::json PushRecord::toJson() const {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  return {{"id", id},
          {"service", service},
          {"connection", connection},
          {"token", token},
          {"auth", auth},
          {"request", detail ? detail->request() : request},
          {"status", status},
          {"reason", reason},
          {"response", detail ? detail->response() : response},
          {"accepted", accepted()},
          {"at_ms", ms}};
}

PushRecord PushRecord::materialized() const {
  PushRecord out = *this;
  if (detail) {
    out.request = detail->request();
    out.response = detail->response();
    out.detail.reset();
  }
  return out;
}

PushLog::PushLog(std::string service, journal::Journal* journal)
    : service_(std::move(service)), journal_(journal), arena_(std::make_shared<RecordArena>()) {}

std::shared_ptr<RecordArena> PushLog::arena() const {
  std::lock_guard lock(mutex_);
  return arena_;
}

std::uint64_t PushLog::append(PushRecord record) {
  record.service = service_;
  if (record.at == std::chrono::system_clock::time_point{}) {
    record.at = std::chrono::system_clock::now();
  }
  std::uint64_t id = 0;
  std::shared_ptr<const SharedRecord> shared;
  {
    std::lock_guard lock(mutex_);
    id = record.id = nextId_++;
    shared = std::allocate_shared<SharedRecord>(ArenaAllocator<SharedRecord>(arena_), std::move(record));
    records_.emplace_back(shared, &shared->record);
  }
  if (journal_ != nullptr) {
    journal::Entry entry;
    entry.component = service_;
    entry.kind = "push";
    entry.connection = shared->record.connection;
    // summary and data are rendered from the record when the entry is first read.
    entry.deferred = std::move(shared);
    journal_->append(std::move(entry));
  }
  return id;
}

std::vector<std::shared_ptr<const PushRecord>> PushLog::records() const {
  std::lock_guard lock(mutex_);
  return {records_.begin(), records_.end()};
}

std::vector<PushRecord> PushLog::all() const {
  std::vector<PushRecord> out;
  const auto stored = records();
  out.reserve(stored.size());
  for (const auto& record : stored) {
    out.push_back(record->materialized());
  }
  return out;
}

std::vector<PushRecord> PushLog::forToken(const std::string& token) const {
  std::vector<PushRecord> out;
  for (const auto& record : records()) {
    if (record->token == token) {
      out.push_back(record->materialized());
    }
  }
  return out;
}

std::size_t PushLog::size() const {
  std::lock_guard lock(mutex_);
  return records_.size();
}

void PushLog::clear() {
  std::lock_guard lock(mutex_);
  records_.clear();
  arena_ = std::make_shared<RecordArena>();
}

}  // namespace oxh::push
