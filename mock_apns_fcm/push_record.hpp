#pragma once
// What the fake APNs and FCM record for every push request they answer (DESIGN.md §4
// "Journal"): the request as received, who sent it (auth identity), and the verdict. A PushLog
// keeps them for querying (tests, the control plane, oxh_fake_push) and journals each one as
// component "apns"/"fcm", kind "push".
// One record per push, shared: the PushLog keeps it immutable behind a shared_ptr and the
// journal entry refers to the same object (journal::DeferredData), so neither copies it. A
// service may keep the bulky request/response raw (PushRecord::detail) instead of as JSON; the
// JSON form is then built only when somebody reads the record (all(), forToken(), toJson(), or
// the journal entry's data, e.g. expect.apns.push matching).
// Thread: PushLog is safe from any thread (one mutex); PushRecord is a value type and a
// PushDetail is immutable once recorded.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mock_apns_fcm/record_arena.hpp"

namespace oxh::journal {
class Journal;
}

namespace oxh::push {

// The request and response of one push kept in the service's own (raw) form, rendered as JSON
// on demand. Implementations must be immutable and safe to render from any thread.
class PushDetail {
 public:
  virtual ~PushDetail() = default;
  [[nodiscard]] virtual nlohmann::json request() const = 0;
  [[nodiscard]] virtual nlohmann::json response() const = 0;
};

struct PushRecord {
  std::uint64_t id = 0;       // 1-based, assigned by PushLog::append
  std::string service;        // "apns" or "fcm"
  std::string connection;     // connection id ("a3"), or the HTTP/1 connection id
  std::string token;          // device token (APNs) / registration token (FCM); one record per token
  std::string auth;           // auth identity: "jwt team=T kid=K", "cert uid=com.x", "key=...", "" when none
  nlohmann::json request;     // {"headers": [[name, value], ...], "body": "...", "json": {...}?}
  int status = 0;             // HTTP status, or 200 with a per-token error for FCM legacy
  std::string reason;         // APNs reason / FCM error; empty on success
  nlohmann::json response;    // what was answered (headers, body)
  std::chrono::system_clock::time_point at{};
  // Optional raw form of request/response: when set, they are rendered from it (request and
  // response above stay null in the stored record). Records PushLog hands out are rendered.
  std::shared_ptr<const PushDetail> detail;

  [[nodiscard]] bool accepted() const { return reason.empty() && status == 200; }
  [[nodiscard]] nlohmann::json toJson() const;
  // A copy with request/response rendered from the detail (when there is one) and no detail.
  [[nodiscard]] PushRecord materialized() const;
};

class PushLog {
 public:
  // `journal` (optional, not owned) gets one "push" entry per record.
  explicit PushLog(std::string service, journal::Journal* journal = nullptr);

  // Assigns id and time (when unset), stores and journals; returns the id.
  std::uint64_t append(PushRecord record);
  // Rendered copies (request/response as JSON), in order.
  [[nodiscard]] std::vector<PushRecord> all() const;
  [[nodiscard]] std::vector<PushRecord> forToken(const std::string& token) const;
  // The stored records themselves, unrendered (cheap; fields other than request/response are
  // filled, detail may be set).
  [[nodiscard]] std::vector<std::shared_ptr<const PushRecord>> records() const;
  [[nodiscard]] std::size_t size() const;
  // Drops the records (the journal's entries keep theirs) and starts a new arena.
  void clear();
  // Where records and their details are stored (record_arena.hpp); a service allocates a
  // record's detail from it. Replaced by clear().
  [[nodiscard]] std::shared_ptr<RecordArena> arena() const;

 private:
  std::string service_;
  journal::Journal* journal_;
  mutable std::mutex mutex_;
  std::shared_ptr<RecordArena> arena_;
  // A deque: appending never moves the records already kept (short lock hold per push).
  std::deque<std::shared_ptr<const PushRecord>> records_;
  std::uint64_t nextId_ = 1;
};

}  // namespace oxh::push
