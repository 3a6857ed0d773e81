#pragma once
// HTTP/1.1 framing for the fault proxy (`protocol: http1`): requests and responses are
// delimited by Content-Length, chunked transfer coding (RFC 9112 §6, §7.1) or, for a response
// without either, the end of the connection; HEAD, 1xx, 204 and 304 responses have no body;
// after a 101 (or anything unparsable) the bytes pass untouched. The faults:
//  http_status          the request is not forwarded; the proxy answers it (status, body, Retry-After)
//  http_delay           its response is held `delay`
//  http_malformed       its response is replaced by a garbage status line and header, then close
//  http_close_mid_body  its response's head and `after_bytes` of its body pass, then close
// each only for requests whose target starts with `path` (when given).
// Thread: one connection's strand (protocol_filter.hpp).
#include <deque>
#include <string>

#include "runner/faults/protocol_filter.hpp"

namespace oxh::faults {

class Http1FaultFilter final : public ProtocolFilter {
 public:
  FilterOutput onData(Direction flow, std::string_view bytes, const std::vector<ArmedFault>& faults,
                      FaultBoard& board) override;

  // The proxy's own answer for http_status.
  static std::string statusResponse(const FaultSpec& spec);
  // What http_malformed sends instead of a response.
  static std::string malformedResponse();

 private:
  enum class Mode { kHead, kLength, kChunkSize, kChunkData, kTrailers, kUntilClose, kPass, kDrop };
  enum class Disposition { kForward, kSwallow, kCut };
  struct Side {
    std::string pending;
    Mode mode = Mode::kHead;
    std::uint64_t remaining = 0;
    Disposition disposition = Disposition::kForward;
    std::uint64_t cutLeft = 0;  // kCut: body bytes still forwarded
  };
  struct ResponseAction {
    bool head = false;  // the request was HEAD: no body
    std::optional<ArmedFault> fault;
  };

  // Consumes complete heads and body bytes from side.pending into `out`; returns false when the
  // connection must end after `out` (malformed, cut).
  void process(Direction flow, Side& side, FilterOutput& out, const std::vector<ArmedFault>& faults, FaultBoard& board);
  bool onRequestHead(const std::string& head, Side& side, FilterOutput& out, const std::vector<ArmedFault>& faults,
                     FaultBoard& board);
  bool onResponseHead(const std::string& head, Side& side, FilterOutput& out);
  void emit(Side& side, std::size_t bytes, FilterOutput& out, bool body);

  Side requests_;
  Side responses_;
  std::deque<ResponseAction> actions_;
};

// Parsed framing facts of one message head (exposed for tests).
struct Http1Head {
  bool valid = false;
  std::string method;  // requests
  std::string target;  // requests
  int status = 0;      // responses
  bool chunked = false;
  std::optional<std::uint64_t> contentLength;
};
Http1Head parseHttp1Head(const std::string& head, bool request);

}  // namespace oxh::faults
