#pragma once
// Client address ranges ("127.0.0.1/32", "10.0.0.0/8", "::1/128", or a bare address), like
// Dovecot's `remote <ip/bits> { ... }` filter that enables imap_metadata per client network.
// Thread: immutable after construction.
#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

namespace oxh::dovecot::imap {

class CidrSet {
 public:
  // Throws OxhException [oxh.dovecot.cidr] for an unparsable range.
  explicit CidrSet(const std::vector<std::string>& ranges);
  [[nodiscard]] bool contains(const boost::asio::ip::address& address) const;

 private:
  struct Range {
    boost::asio::ip::address network;
    unsigned bits = 0;
  };
  std::vector<Range> ranges_;
};

}  // namespace oxh::dovecot::imap
