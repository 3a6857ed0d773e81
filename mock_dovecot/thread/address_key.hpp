#pragma once
// The first address of From/To/Cc as Dovecot's SORT sees it (message_address_parse with
// FILL_MISSING, limited to one address; core:src/lib-storage/index/index-sort.c):
//  - SORT FROM/TO/CC use the first mailbox's local part (RFC 5256 section 3, "addr-mailbox");
//  - SORT DISPLAYFROM/DISPLAYTO (RFC 5957 section 3) use the RFC 2047-decoded display name,
//    falling back to "local@domain" when there is none.
// A group ("name: a@b;") yields the group name as mailbox and no domain.
// Thread: pure functions.
#include <string>
#include <string_view>

namespace oxh::dovecot::thread {

struct FirstAddress {
  bool present = false;  // false when the header has no address at all
  std::string name;      // display name (phrase, or the trailing comment of an addr-spec), raw
  std::string mailbox;   // local part, unquoted
  std::string domain;
  bool hasDomain = false;
};

FirstAddress parseFirstAddress(std::string_view headerValue);

// Sort keys before case folding.
std::string addressMailboxKey(std::string_view headerValue);
std::string addressDisplayKey(std::string_view headerValue);

}  // namespace oxh::dovecot::thread
