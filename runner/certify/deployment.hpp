#pragma once
// The deployment file of `oxharness certify --target deployment.yaml` (issue 7): what a partner's
// deployment exposes and where, its test users and optional configuration files. Closed schema:
// an unknown key or a wrong type is an error naming file:line:col ([oxh.certify.*]).
// Thread: value types.
#include <optional>
#include <string>
#include <vector>

#include "common/error/error.hpp"

namespace oxh::runner::certify {

struct TlsEndpoint {
  std::string name;        // "facade", "app suite", "imaps"
  std::string endpoint;    // host:port
  std::string serverName;  // SNI and host-name check; empty: the host
  std::string startTls = "none";
  std::string caFile;      // resolved relative to the deployment file; empty: system store
  SourcePosition where;
};

struct CertifyUser {
  std::string login;
  std::string password;
  std::int64_t userId = 0;
  std::int64_t contextId = 1;
  SourcePosition where;
};

struct Deployment {
  std::string file;
  std::string name;
  std::vector<TlsEndpoint> appEndpoints;
  // The middleware: /preliminary must be refused at publicUrl and served with Basic auth at internalUrl.
  std::string publicUrl;
  std::string internalUrl;
  std::string notifyPath = "/preliminary/http-notify/v1/notify";
  std::string caFile;  // for https public/internal URLs
  // Dovecot: METADATA must be offered to oxAddresses (the middleware's source addresses, bound
  // locally for the probe) and to no otherAddresses.
  std::string dovecotImap;
  std::string dovecotLmtp;
  std::vector<std::string> oxAddresses;
  std::vector<std::string> otherAddresses;
  // PUSH-02: certify listens here as the middleware's http-notify servlet (Dovecot's
  // push_notification_driver URL must point at it, with these Basic credentials).
  std::string notifyListen;
  std::string notifyUser;
  std::string notifyPassword;
  // FLAG-01: the App Suite HTTP API the test users log in to (base URL, /ajax is appended).
  std::string appSuiteUrl;
  std::string appSuiteCaFile;
  // VER-01: where the App Suite reports its version (GET, no session) and the JSON pointer to it.
  std::string versionPath = "/ajax/apps/manifests?action=config";
  std::string versionPointer = "/data/serverVersion";
  std::vector<CertifyUser> users;
  // Optional configuration files (paths resolved relative to the deployment file).
  std::string mailPushProperties;
  std::string dovecotConfig;  // `doveconf -n` output
  std::string pnsProperties;  // pns.properties
  std::string pnsApnsOptions;  // pns-apns-options.yml (or pns-apns_http2-options.yml)
  std::string pnsGcmOptions;   // pns-gcm-options.yml
};

// Throws OxhException with [oxh.certify.*] ids and positions for every problem found.
Deployment loadDeployment(const std::string& path);

}  // namespace oxh::runner::certify
