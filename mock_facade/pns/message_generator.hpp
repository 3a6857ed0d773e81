#pragma once
// The OX Mail new-mail message generator (MobileApiFacadeMessageGenerator, ox.md 4.6) in the
// two middleware eras a partner may run:
//   V78  (7.8.x): JavaPNS payload {"aps":{"alert":"<sender>\n<subject>","badge":N,"sound":F},
//        "folder"|"cid":...} for the legacy binary APNs API, limited to 256 bytes (OX rejects
//        bigger ones itself, push.md 3); GCM legacy with string data.
//   V710 (7.10+): {"aps":{"alert":{"title","body"},"badge","sound","category":
//        "new-message-category"},"cid":"<folder>/<id>","namespace":"/"} for HTTP/2 APNs, or the
//        silent {"aps":{"content-available":1},...} without subject or sender; FCM data strings.
// Payloads are ordered JSON (keys in the order the generator adds them).
// Thread: pure functions.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace oxh::facade::pns {

enum class Era { V78, V710 };
// "7.8", "7.8.4", "7.8.4-rev22" -> V78; "7.10", "7.10.6", "8", "8.19.0" -> V710; else nullopt.
std::optional<Era> parseEra(const std::string& version);
std::string eraName(Era era);

// PNS message data for ox:mail:new (PushNotificationField, ox.md 4.6 and 2.7).
struct MailNewData {
  std::string folder = "default0/INBOX";
  std::string id;  // IMAP UID
  std::string email;
  std::string displayname;
  std::string subject;
  std::string teaser;
  std::optional<long long> unread;
  std::string cid;  // only when the data carries one (the Dovecot path does not)

  [[nodiscard]] nlohmann::ordered_json toJson() const;
  // Equal message data: the middleware's PushNotification equality (buffered duplicates).
  bool operator==(const MailNewData&) const = default;
};

struct GeneratorSettings {
  bool badge = true;                  // com.openexchange.pns.mobile.api.facade.apn.badge.enabled
  bool sound = true;                  // ...apn.sound.enabled
  std::string soundFile = "default";  // ...apn.sound.filename
};

inline constexpr std::size_t kApnsLegacyMaxPayload = 256;  // JavaPNS / OX MAX_PAYLOAD_SIZE
inline constexpr std::size_t kApnsMaxAlertBody = 1024;     // 2048 - 1024 (ox.md 4.6)
inline constexpr std::size_t kGcmMaxPayload = 4096;

nlohmann::ordered_json apnsPayload(Era era, const MailNewData& data, const GeneratorSettings& settings);
// Every message-data entry as a string (legacy "data" and v1 "message.data").
nlohmann::ordered_json fcmData(const MailNewData& data);

// Splits an RFC 5322 From value as the middleware's address parser does for the common forms:
// "Name <a@b>", "\"Name\" <a@b>", "a@b", "<a@b>"; the personal part unquoted.
void splitFrom(const std::string& from, std::string& email, std::string& displayname);

}  // namespace oxh::facade::pns
