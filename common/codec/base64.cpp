#include "common/codec/base64.hpp"

#include <boost/beast/core/detail/base64.hpp>

namespace oxh::codec {

namespace b64 = boost::beast::detail::base64;

std::string base64Encode(std::string_view bytes) {
  std::string out(b64::encoded_size(bytes.size()), '\0');
  out.resize(b64::encode(out.data(), bytes.data(), bytes.size()));
  return out;
}

std::string base64Decode(std::string_view text) {
  std::string out(b64::decoded_size(text.size()), '\0');
  const auto [written, read] = b64::decode(out.data(), text.data(), text.size());
  (void)read;
  out.resize(written);
  return out;
}

}  // namespace oxh::codec
