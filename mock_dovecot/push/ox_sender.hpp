#pragma once
// Sends the ox driver's PUTs the way Dovecot's lib-http does (dovecot.md 1.4 and 1.5): the
// exact request head (Host, Date, Authorization, Content-Length, Connection, Content-Type), one
// keep-alive connection per endpoint for all drivers of one delivery, requests one after
// another, max_retries+1 attempts, retries only for 408, 503 with Retry-After, lost
// connections and timeouts; a refused connection is not retried.
// Every attempt is journaled: component "dovecot.push", kind "push.request".
// Thread: blocking; one instance per delivery, on a worker thread (never an io thread).
#include <chrono>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "mock_dovecot/push/ox_driver_config.hpp"

namespace oxh::dovecot::push {

struct SendOutcome {
  int status = 0;          // 0 when no response
  std::string reason;
  std::string error;       // Dovecot's log wording when it failed: "Error when sending notification: ..."
  unsigned attempts = 0;
};

class OxSender {
 public:
  explicit OxSender(journal::Journal* journal);
  ~OxSender();
  OxSender(const OxSender&) = delete;
  OxSender& operator=(const OxSender&) = delete;

  SendOutcome send(const OxDriverConfig& driver, const std::string& body);

  // The request head and body exactly as sent (exposed for tests).
  static std::string requestBytes(const OxDriverConfig& driver, const std::string& body, std::time_t now);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oxh::dovecot::push
