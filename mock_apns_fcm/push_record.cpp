#include "mock_apns_fcm/push_record.hpp"

#include "common/journal/journal.hpp"

namespace oxh::push {

nlohmann::json PushRecord::toJson() const {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  return {{"id", id},           {"service", service}, {"connection", connection}, {"token", token},
          {"auth", auth},       {"request", request}, {"status", status},         {"reason", reason},
          {"response", response}, {"accepted", accepted()}, {"at_ms", ms}};
}

PushLog::PushLog(std::string service, journal::Journal* journal) : service_(std::move(service)), journal_(journal) {}

std::uint64_t PushLog::append(PushRecord record) {
  record.service = service_;
  if (record.at == std::chrono::system_clock::time_point{}) {
    record.at = std::chrono::system_clock::now();
  }
  journal::Entry entry;
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = record.id = nextId_++;
    if (journal_ != nullptr) {
      // The journal gets its own JSON copy; the record itself moves into the log (one deep
      // copy per push, not two: bench/apns_ratio.py).
      entry.component = service_;
      entry.kind = "push";
      entry.connection = record.connection;
      entry.summary = "push " + record.token + " -> " + std::to_string(record.status) +
                      (record.reason.empty() ? "" : " " + record.reason);
      entry.data = record.toJson();
    }
    records_.push_back(std::move(record));
  }
  if (journal_ != nullptr) {
    journal_->append(std::move(entry));
  }
  return id;
}

std::vector<PushRecord> PushLog::all() const {
  std::lock_guard lock(mutex_);
  return records_;
}

std::vector<PushRecord> PushLog::forToken(const std::string& token) const {
  std::lock_guard lock(mutex_);
  std::vector<PushRecord> out;
  for (const auto& record : records_) {
    if (record.token == token) {
      out.push_back(record);
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
}

}  // namespace oxh::push
