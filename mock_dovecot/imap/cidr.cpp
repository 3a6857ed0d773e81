#include "mock_dovecot/imap/cidr.hpp"

#include <array>

#include "common/error/error.hpp"

namespace oxh::dovecot::imap {

namespace {

std::array<unsigned char, 16> bytesOf(const boost::asio::ip::address& address) {
  std::array<unsigned char, 16> out{};
  if (address.is_v4()) {
    // Compare IPv4 as IPv4-mapped IPv6 so "::ffff:127.0.0.1" peers match "127.0.0.1/32".
    const auto v4 = address.to_v4().to_bytes();
    out[10] = 0xff;
    out[11] = 0xff;
    std::copy(v4.begin(), v4.end(), out.begin() + 12);
  } else {
    const auto v6 = address.to_v6().to_bytes();
    std::copy(v6.begin(), v6.end(), out.begin());
  }
  return out;
}

}  // namespace

CidrSet::CidrSet(const std::vector<std::string>& ranges) {
  for (const auto& text : ranges) {
    const auto slash = text.find('/');
    boost::system::error_code ec;
    Range range;
    range.network = boost::asio::ip::make_address(text.substr(0, slash), ec);
    const unsigned maxBits = !ec && range.network.is_v4() ? 32 : 128;
    range.bits = maxBits;
    if (!ec && slash != std::string::npos) {
      try {
        range.bits = static_cast<unsigned>(std::stoul(text.substr(slash + 1)));
      } catch (const std::exception&) {
        range.bits = maxBits + 1;
      }
    }
    if (ec || range.bits > maxBits) {
      throw OxhException(Error("oxh.dovecot.cidr", "invalid metadata network '" + text + "'"));
    }
    if (range.network.is_v4()) {
      range.bits += 96;
    }
    ranges_.push_back(range);
  }
}

bool CidrSet::contains(const boost::asio::ip::address& address) const {
  const auto candidate = bytesOf(address);
  for (const auto& range : ranges_) {
    const auto network = bytesOf(range.network);
    bool match = true;
    for (unsigned bit = 0; bit < range.bits && match; ++bit) {
      const unsigned mask = 0x80U >> (bit % 8);
      match = (candidate[bit / 8] & mask) == (network[bit / 8] & mask);
    }
    if (match) {
      return true;
    }
  }
  return false;
}

}  // namespace oxh::dovecot::imap
