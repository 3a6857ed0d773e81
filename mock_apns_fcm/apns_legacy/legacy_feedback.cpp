#include "mock_apns_fcm/apns_legacy/legacy_feedback.hpp"

#include <algorithm>
#include <cctype>

#include "mock_apns_fcm/apns_legacy/legacy_frame.hpp"

namespace oxh::push::apns {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool covers(const CertificateIdentity* certificate, const std::string& topic) {
  if (certificate == nullptr || topic.empty()) {
    return true;
  }
  const auto topics = certificate->allowedTopics();
  return std::find(topics.begin(), topics.end(), topic) != topics.end();
}

}  // namespace

void LegacyFeedback::track(const std::string& tokenHex) {
  std::lock_guard lock(mutex_);
  tracked_.insert(lower(tokenHex));
}

std::vector<FeedbackTuple> LegacyFeedback::collect(const DeviceRegistry& devices, Environment environment,
                                                   const CertificateIdentity* certificate) {
  std::lock_guard lock(mutex_);
  std::vector<FeedbackTuple> out;
  for (const auto& token : tracked_) {
    const auto entry = devices.find(token);
    if (!entry || !entry->unregisteredSince || entry->environment != environment || !covers(certificate, entry->topic)) {
      continue;
    }
    const auto since = *entry->unregisteredSince;
    const auto previous = delivered_.find(token);
    if (previous != delivered_.end() && previous->second == since) {
      continue;
    }
    delivered_[token] = since;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since.time_since_epoch()).count();
    out.push_back({token, static_cast<std::uint32_t>(std::clamp<std::int64_t>(seconds, 0, UINT32_MAX))});
  }
  return out;
}

void LegacyFeedback::resetDelivered() {
  std::lock_guard lock(mutex_);
  delivered_.clear();
}

std::string LegacyFeedback::encode(const std::vector<FeedbackTuple>& tuples) {
  std::string out;
  for (const auto& tuple : tuples) {
    if (const auto raw = tokenFromHex(tuple.tokenHex)) {
      out += encodeFeedbackRecord(tuple.time, *raw);
    }
  }
  return out;
}

}  // namespace oxh::push::apns
