#pragma once
// A socket-free HTTP/2 server session on libnghttp2 (Debian 12: 1.52, so the pre-"2" API):
// bytes in with receive(), bytes out with drain(). Each complete request (END_STREAM on
// HEADERS or DATA) is handed to the RequestHandler, which answers now or later with
// respond() / resetStream() / goaway(). nghttp2 itself answers PING and SETTINGS, and turns
// bad frames and bad HPACK into the connection error RFC 9113 names (GOAWAY PROTOCOL_ERROR,
// FRAME_SIZE_ERROR, COMPRESSION_ERROR, ...).
// Thread: one connection's strand; not thread-safe.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "mock_apns_fcm/apns/apns_request.hpp"
#include "mock_apns_fcm/apns/h2_memory_pool.hpp"

struct nghttp2_session;

namespace oxh::push::apns {

struct H2Response {
  int status = 200;
  HeaderList headers;  // regular headers, lower case
  std::string body;    // empty: HEADERS carries END_STREAM
};

struct H2SessionOptions {
  // SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §6.5.2) sent in the server preface. What real
  // APNs advertises is UNCONFIRMED (push.md §9); 1000 is what is commonly reported.
  std::uint32_t maxConcurrentStreams = 1000;
  std::size_t bodyLimit = 5121;       // bytes kept per request body (the rest is only counted)
  std::size_t maxHeaderBytes = 16384;  // RFC 7541 §4.1 sizes (name + value + 32) per request
  // Off: nghttp2's HTTP messaging checks (RFC 9113 §8.1.1 malformed requests -> RST_STREAM
  // PROTOCOL_ERROR). On: only :method and :path are required. firebase-admin 13.10.0 sends
  // ":scheme: https:" (seen here, push.md §5 peers) and works against Google, so the fake FCM
  // must be as lenient; the fake APNs keeps the checks (Apple's leniency is UNCONFIRMED).
  bool lenientHttpMessaging = false;
};

class H2ServerSession {
 public:
  using RequestHandler = std::function<void(ApnsRequest request)>;

  H2ServerSession(H2SessionOptions options, RequestHandler handler);
  ~H2ServerSession();
  H2ServerSession(const H2ServerSession&) = delete;
  H2ServerSession& operator=(const H2ServerSession&) = delete;

  // Queues the server connection preface (SETTINGS).
  void start();
  // Feeds received bytes. False on a fatal error (error() says which); the caller writes what
  // drain() still gives (a GOAWAY) and closes.
  bool receive(std::string_view bytes);
  // Everything nghttp2 wants to send now.
  std::string drain();
  // The same, appended to `out` (a buffer the caller reuses, so no allocation per write).
  void drainInto(std::string& out);

  // Answers a stream; false when the stream is gone (reset or closed by the client).
  bool respond(std::int32_t streamId, H2Response response);
  void resetStream(std::int32_t streamId, std::uint32_t errorCode);
  // GOAWAY with `debugData` (APNs sends {"reason":"..."} there [A1]). Streams above
  // lastStreamId were not processed (RFC 9113 §6.8).
  void goaway(std::int32_t lastStreamId, std::uint32_t errorCode, std::string_view debugData);
  // A new SETTINGS frame raising (or lowering) the concurrent-stream limit.
  void setMaxConcurrentStreams(std::uint32_t streams);

  // False once nghttp2 has nothing more to read or write (after GOAWAY, or a fatal error).
  [[nodiscard]] bool alive() const;
  [[nodiscard]] const std::string& error() const { return error_; }
  // nghttp2's words for the last protocol error it answered itself (a stream reset, a GOAWAY),
  // e.g. "Invalid HTTP header field was received"; empty when none. For journals.
  [[nodiscard]] const std::string& lastProtocolError() const { return lastProtocolError_; }
  [[nodiscard]] std::int32_t lastRequestStreamId() const { return lastStreamId_; }

 private:
  struct Stream {
    ApnsRequest request;
    std::size_t headerBytes = 0;
    std::string responseBody;
    std::size_t responseOffset = 0;
    bool dispatched = false;
  };
  struct Callbacks;

  Stream* stream(std::int32_t id);

  H2SessionOptions options_;
  RequestHandler handler_;
  H2MemoryPool pool_;  // nghttp2's allocator; outlives session_ (deleted first, in the destructor)
  nghttp2_session* session_ = nullptr;
  std::map<std::int32_t, Stream> streams_;
  std::string error_;
  std::string lastProtocolError_;
  std::int32_t lastStreamId_ = 0;
  bool fatal_ = false;
};

}  // namespace oxh::push::apns
