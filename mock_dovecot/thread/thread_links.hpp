#pragma once
// RFC 5256 section 3 REFERENCES step 1: the Message-ID link graph, built the way Dovecot's
// index-thread-links.c builds it (also used by THREAD=REFS).
//  - Messages are added in id (UID) order. Node indexes follow Dovecot's string map: every valid
//    Message-ID gets an index in order of first appearance; messages without a valid
//    Message-ID, and every later holder of a duplicate one, get "invalid" indexes after those.
//  - 1A: links between consecutive references never replace an existing parent and never
//    create a loop (a self reference is ignored).
//  - 1B: the message's own parent is the last reference; a different existing parent is
//    dropped first, also when there are no references at all (confirmed against Dovecot
//    2.3.19, test case parent_dropped_without_references).
//  - References wins whenever it has one valid ID; otherwise the first valid In-Reply-To ID.
// Thread: not thread-safe; one table per THREAD command.
#include <cstdint>
#include <optional>
#include <vector>

#include "mock_dovecot/thread/threading.hpp"

namespace oxh::dovecot::thread::detail {

struct LinkNode {
  std::uint32_t parent = 0;            // node index, 0 = none
  std::optional<std::size_t> message;  // index into the message vector; nullopt = dummy
};

class LinkTable {
 public:
  // `messages` must be sorted by id.
  explicit LinkTable(const std::vector<MessageKeys>& messages);

  // nodes()[0] is unused; valid indexes are 1..nodes().size()-1.
  [[nodiscard]] const std::vector<LinkNode>& nodes() const { return nodes_; }

 private:
  bool hasAncestor(std::uint32_t node, std::uint32_t ancestor) const;
  void linkReference(std::uint32_t parent, std::uint32_t child);

  std::vector<LinkNode> nodes_;
};

}  // namespace oxh::dovecot::thread::detail
