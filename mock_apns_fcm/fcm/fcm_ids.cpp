#include "mock_apns_fcm/fcm/fcm_ids.hpp"

#include <chrono>
#include <cstdio>
#include <random>

namespace oxh::push::fcm {

namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

std::string hex16() {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(generator()()));
  return buffer;
}

}  // namespace

std::uint64_t multicastId() {
  // [2^62, 2^63): always above 2^53, and positive for Java's Long (json-simple).
  return (std::uint64_t{1} << 62) | (generator()() >> 2);
}

std::string legacyMessageId() {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return "0:" + std::to_string(micros) + "%" + hex16();
}

std::uint64_t topicMessageId() { return (std::uint64_t{1} << 62) | (generator()() >> 2); }

std::string v1MessageId() { return legacyMessageId(); }

}  // namespace oxh::push::fcm
