#pragma once
// Internal to common/http1: between the wire and the harness's Request/Response. Heads are
// serialized by hand, not through Beast's fields container, because that container groups
// repeated names together and fidelity checks need the exact order a handler wrote.
// Names and values are sent verbatim (a fault scenario may want a malformed header).
// Thread: free functions.
#include <string>

#include "common/http1/message.hpp"
#include "common/http1/ordered_parser.hpp"

namespace oxh::http1 {

Request toRequest(OrderedParser<true>& parser, std::string peer, std::string connectionId, std::string tlsVersion);

struct WireResponse {
  std::string head;    // status line, fields, empty line
  std::string body;    // empty for HEAD and bodyless statuses
  Response journaled;  // exactly what goes on the wire (added headers, effective reason)
  bool keepAlive = true;
};

// Builds what the server sends: the handler's headers in order, then the ones HTTP/1.1 needs
// and the handler left out (Content-Length, Connection). `head`: no body (RFC 9110 §9.3.2).
// Throws OxhException [oxh.http.bad-status] for a status that is not three digits.
WireResponse toWire(Response response, bool keepAlive, bool head, bool http10);

// "METHOD target HTTP/1.1\r\n" + fields + "\r\n".
std::string serializeRequestHead(const std::string& method, const std::string& target, const HeaderList& headers);

// The standard reason phrase, or "Unknown" for codes without one.
std::string standardReason(int status);

}  // namespace oxh::http1
