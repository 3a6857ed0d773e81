#pragma once
// RFC 5256 section 3 REFERENCES steps 2-6 and Dovecot's THREAD=REFS ordering on top of the
// link graph (thread_links.hpp), as core:src/lib-storage/index/index-thread-finish.c does them.
// The result is the printable tree.
// Thread: not thread-safe; one per THREAD command.
#include <cstdint>
#include <vector>

#include "mock_dovecot/thread/thread_links.hpp"

namespace oxh::dovecot::thread::detail {

// A printed node: id 0 is a dummy (only at the top level); children in output order.
struct TreeNode {
  std::uint32_t id = 0;
  std::vector<TreeNode> children;
};

// `messages` sorted by id. `refs` selects THREAD=REFS instead of REFERENCES.
std::vector<TreeNode> buildThreadTree(const std::vector<MessageKeys>& messages, bool refs);

}  // namespace oxh::dovecot::thread::detail
