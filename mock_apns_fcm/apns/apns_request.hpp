#pragma once
// One APNs request as the HTTP/2 layer hands it over, and what a connection knows about its
// client (certificate, provider-token state). Socket-free value types, so validation and the
// service can be tested without TLS or nghttp2.
// Thread: value types; an ApnsConnectionContext belongs to one connection's strand.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mock_apns_fcm/apns/client_certificate.hpp"
#include "mock_apns_fcm/apns/provider_token_auth.hpp"

namespace oxh::push::apns {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ApnsRequest {
  std::int32_t streamId = 0;
  std::string method;     // :method
  std::string path;       // :path
  std::string authority;  // :authority (or host)
  std::string scheme;     // :scheme
  HeaderList headers;     // regular headers in wire order, names lower case (RFC 9113 §8.2.1)
  std::string body;       // at most the body limit + 1 bytes are kept
  std::size_t bodySize = 0;
  // First regular header name seen twice (APNs: 400 DuplicateHeaders).
  std::optional<std::string> duplicateHeader;
  bool headersTooLarge = false;  // the header block exceeded the session's limit

  [[nodiscard]] std::optional<std::string> header(const std::string& name) const;
  // The same without a copy; valid while the request lives.
  [[nodiscard]] std::optional<std::string_view> headerView(std::string_view name) const;
};

struct ApnsConnectionContext {
  std::string id;                                  // "a1", unique per fake
  std::optional<CertificateIdentity> certificate;  // set when the client presented one
  TokenAuthState token;
  bool tokenValidated = false;  // a request carried a valid provider token
  // The packed header list of this connection's previous push (apns_push_detail.hpp): records
  // of pushes with the same headers share it instead of keeping a copy each.
  std::shared_ptr<const std::string> lastRequestHeaders;
};

}  // namespace oxh::push::apns
