#pragma once
// The PNS configuration in the middleware's own file formats (ox.md 4.2, 4.5; push.md 3), so a
// partner can load the files of their installation:
//   pns.properties (+ pns-mobile-api-facade.properties, pns-apn-transport.properties,
//     pns-gcm-transport.properties: all Java properties, merged in the given order),
//   pns-apns-options.yml / pns-apns_http2-options.yml, pns-gcm-options.yml (keyed by client id),
//   pns-mobile-api-facade-clients.yml (brand client ids),
//   mail-push.properties (allowedClients, allowPermanentPush, credstorage.*).
// Enablement cascades as the middleware's config-cascade does: <base>.enabled.<client>.<topic>,
// then <base>.enabled.<client>, then <base>.enabled (default false), and the client's YAML
// entry must not say enabled: false.
// Thread: value type, immutable after load.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mock_facade/pns/java_properties.hpp"

namespace oxh::facade::pns {

inline constexpr const char* kFacadeClient = "open-xchange-mobile-api-facade";
inline constexpr const char* kTopicMailNew = "ox:mail:new";

struct ApnsClientOptions {
  bool enabled = true;
  std::string keystore;  // PKCS#12 path (certificate auth)
  std::string password;
  bool production = true;
  std::string topic;       // bundle id (apns-topic)
  std::string authtype;    // certificate | jwt (newer files)
  std::string privatekey;  // .p8 path (jwt)
  std::string keyid;
  std::string teamid;
};

struct GcmClientOptions {
  bool enabled = true;
  std::string key;  // FCM/GCM server key (Authorization: key=)
};

struct FacadeClientOptions {
  bool enabled = true;
  std::string description;
};

struct PnsConfigFiles {
  std::vector<std::string> properties;  // Java properties files, merged in order
  std::string apnsOptions;              // pns-apns-options.yml (or the apns_http2 variant)
  std::string gcmOptions;               // pns-gcm-options.yml
  std::string facadeClients;            // pns-mobile-api-facade-clients.yml
  std::string mailPush;                 // mail-push.properties
};

struct PnsConfig {
  JavaProperties properties;
  std::map<std::string, ApnsClientOptions> apns;
  std::map<std::string, GcmClientOptions> gcm;
  std::map<std::string, FacadeClientOptions> facadeClients;
  // mail-push.properties; defaults as the newer shipped file (ox.md 4.2).
  std::vector<std::string> allowedClients{"USM-EAS*", "open-xchange-mobile-api-facade*"};
  bool allowPermanentPush = true;
  bool credstorageEnabled = false;
  std::string credstoragePasscrypt;
  bool credstorageRdb = false;  // persisted (a file here) instead of cluster memory

  // Loads what is named (empty paths are skipped). Throws OxhException [oxh.pns.config]
  // naming the file (and line/column for YAML) on unreadable or malformed input.
  static PnsConfig load(const PnsConfigFiles& files);
  // Parsers for text, for tests and for configurations shipped inline.
  void addProperties(const std::string& text);
  void addApnsOptions(const std::string& yaml, const std::string& file = "pns-apns-options.yml");
  void addGcmOptions(const std::string& yaml, const std::string& file = "pns-gcm-options.yml");
  void addFacadeClients(const std::string& yaml, const std::string& file = "pns-mobile-api-facade-clients.yml");
  void addMailPush(const std::string& text);
  // What `oxharness serve` and tests use when no files are given: both transports enabled for
  // the generic facade client, delay 0.
  static PnsConfig harnessDefaults();

  [[nodiscard]] std::optional<std::string> property(const std::string& key) const;
  // com.openexchange.pns.delayDuration (default 1000 ms).
  [[nodiscard]] std::chrono::milliseconds delayDuration() const;
  // pns-mobile-api-facade.properties: badge/sound switches and the sound file name.
  [[nodiscard]] bool badgeEnabled() const;
  [[nodiscard]] bool soundEnabled() const;
  [[nodiscard]] std::string soundFilename() const;

  // transport: "apn" (JavaPNS), "apns_http2" or "gcm" (the transport id, not an alias).
  [[nodiscard]] bool transportEnabled(const std::string& transport, const std::string& client,
                                      const std::string& topic) const;
  // The facade message generator serves the generic client id and every enabled brand id.
  [[nodiscard]] bool generatorServes(const std::string& client) const;
  // mail-push: permanent push allowed for this client id.
  [[nodiscard]] bool permanentPushAllowed(const std::string& client) const;
};

}  // namespace oxh::facade::pns
