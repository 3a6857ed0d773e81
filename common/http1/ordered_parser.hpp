#pragma once
// Internal to common/http1: a Beast parser that records the start line, every field exactly
// as received (order, spelling, repeats) and the decoded body. Beast's own fields container
// groups repeated names together, which would lose the wire order a fidelity check needs;
// basic_parser's callbacks see fields in arrival order, so we record from those.
// Thread: one connection's strand.
#include <boost/beast/http/basic_parser.hpp>
#include <string>

#include "common/http1/message.hpp"

namespace oxh::http1 {

template <bool isRequest>
class OrderedParser : public boost::beast::http::basic_parser<isRequest> {
  using string_view = boost::beast::string_view;
  using error_code = boost::beast::error_code;

 public:
  std::string method;  // requests
  std::string target;  // requests
  int status = 0;      // responses
  std::string reason;  // responses
  int version = 11;
  HeaderList headers;  // header fields, then trailer fields, in arrival order
  std::string body;    // de-chunked

  [[nodiscard]] std::string versionText() const {
    return "HTTP/" + std::to_string(version / 10) + "." + std::to_string(version % 10);
  }

 private:
  void on_request_impl(boost::beast::http::verb /*verb*/, string_view methodText, string_view targetText, int v,
                       error_code& /*ec*/) override {
    method.assign(methodText.data(), methodText.size());
    target.assign(targetText.data(), targetText.size());
    version = v;
  }
  void on_response_impl(int code, string_view reasonText, int v, error_code& /*ec*/) override {
    status = code;
    reason.assign(reasonText.data(), reasonText.size());
    version = v;
  }
  void on_field_impl(boost::beast::http::field /*field*/, string_view name, string_view value,
                     error_code& /*ec*/) override {
    headers.emplace_back(std::string(name), std::string(value));
  }
  void on_header_impl(error_code& /*ec*/) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code& /*ec*/) override {
    if (length && *length <= kReserveLimit) {
      body.reserve(static_cast<std::size_t>(*length));
    }
  }
  std::size_t on_body_impl(string_view data, error_code& /*ec*/) override {
    body.append(data.data(), data.size());
    return data.size();
  }
  void on_chunk_header_impl(std::uint64_t /*size*/, string_view /*extensions*/, error_code& /*ec*/) override {}
  std::size_t on_chunk_body_impl(std::uint64_t /*remain*/, string_view data, error_code& /*ec*/) override {
    body.append(data.data(), data.size());
    return data.size();
  }
  void on_finish_impl(error_code& /*ec*/) override {}

  static constexpr std::uint64_t kReserveLimit = 16 * 1024 * 1024;
};

}  // namespace oxh::http1
