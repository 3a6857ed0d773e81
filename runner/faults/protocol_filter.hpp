#pragma once
// The application-protocol layer of a fault-proxy connection (`protocol: http1` or `h2`): it
// sees the (decrypted) bytes of each direction before the TCP faults do, keeps message or
// frame boundaries, and applies the HTTP/1 and HTTP/2 faults (app_fault_spec.hpp): it may
// change what is forwarded, answer the sender itself, hold the bytes, or end the connection.
// Socket-free, so the framing is unit-tested alone (http1_fault_filter_test,
// h2_frame_filter_test).
// Ownership: one filter per connection. Thread: that connection's strand.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runner/faults/fault_schedule.hpp"

namespace oxh::faults {

struct FilterOutput {
  std::string forward;     // bytes passed on in the direction they were read
  std::string reply;       // bytes sent back toward where they came from (after anything queued there)
  Millis holdBefore{0};    // wait this long before forwarding
  bool closeAfter = false;  // after `forward` and `reply` are written (and `closeDelay`), close both sides
  Millis closeDelay{0};
  std::vector<Applied> applied;  // for the journal
};

class ProtocolFilter {
 public:
  virtual ~ProtocolFilter() = default;
  // `bytes` were read in direction `flow`; `faults` are the ones active on this connection;
  // before a fault acts the filter calls board.take(id) (a counted fault may be spent).
  virtual FilterOutput onData(Direction flow, std::string_view bytes, const std::vector<ArmedFault>& faults,
                              FaultBoard& board) = 0;
};

// "http1" or "h2"; nullptr for "" or "tcp".
std::unique_ptr<ProtocolFilter> makeProtocolFilter(const std::string& protocol);

}  // namespace oxh::faults
