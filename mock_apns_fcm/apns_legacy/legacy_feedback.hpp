#pragma once
// The feedback service's list (push.md §2; [A4] "The Feedback Service"): tokens that the
// device registry marks unregistered, each sent once as a 38-byte record (time u32 = when the
// token became unregistered, length u16 = 32, token), after which Apple clears it: "each time
// you connect ... it lists only the failures that have happened since you last connected".
//
// Which tokens: Apple listed tokens a provider had pushed to that no longer took pushes. The
// shared DeviceRegistry cannot be enumerated, so the list considers the tokens it was told
// about (track(): pushed to the legacy gateway, or registered/unregistered through
// FakeApnsLegacy) and asks the registry about each. Per feedback connection it keeps those
// in the listener's environment whose topic the client certificate covers.
// Thread: safe from any thread (one mutex).
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "mock_apns_fcm/apns/client_certificate.hpp"
#include "mock_apns_fcm/apns/device_registry.hpp"

namespace oxh::push::apns {

struct FeedbackTuple {
  std::string tokenHex;
  std::uint32_t time = 0;  // epoch seconds
};

class LegacyFeedback {
 public:
  void track(const std::string& tokenHex);
  // Tokens due on a connection from a client with `certificate` (null: no topic filter), in
  // token order; each (token, unregistered-since) pair is returned once.
  std::vector<FeedbackTuple> collect(const DeviceRegistry& devices, Environment environment,
                                     const CertificateIdentity* certificate);
  // Forgets which tuples were delivered (tracked tokens stay).
  void resetDelivered();
  // The records for `tuples`, back to back; tokens that are not hex are left out.
  static std::string encode(const std::vector<FeedbackTuple>& tuples);

 private:
  std::mutex mutex_;
  std::set<std::string> tracked_;
  std::map<std::string, std::chrono::system_clock::time_point> delivered_;
};

}  // namespace oxh::push::apns
