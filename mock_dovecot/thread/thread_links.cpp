#include "mock_dovecot/thread/thread_links.hpp"

#include <string>
#include <unordered_map>

#include "mock_dovecot/thread/message_id.hpp"

namespace oxh::dovecot::thread::detail {
namespace {

struct MessageRefs {
  std::optional<std::string> messageId;
  std::vector<std::string> references;  // References, or the first In-Reply-To ID
};

MessageRefs readRefs(const MessageKeys& m) {
  MessageRefs r;
  std::string_view mid = m.messageId;
  r.messageId = nextMessageId(mid);
  r.references = allMessageIds(m.references);
  if (r.references.empty()) {
    std::string_view irt = m.inReplyTo;
    if (auto id = nextMessageId(irt)) {
      r.references.push_back(std::move(*id));
    }
  }
  return r;
}

}  // namespace

LinkTable::LinkTable(const std::vector<MessageKeys>& messages) {
  std::vector<MessageRefs> refs;
  refs.reserve(messages.size());
  std::unordered_map<std::string, std::uint32_t> index;
  std::uint32_t next = 1;
  const auto intern = [&](const std::string& id) {
    if (index.emplace(id, next).second) {
      ++next;
    }
  };
  for (const auto& m : messages) {
    refs.push_back(readRefs(m));
    if (refs.back().messageId) {
      intern(*refs.back().messageId);
    }
    for (const auto& id : refs.back().references) {
      intern(id);
    }
  }
  nodes_.resize(next);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const MessageRefs& r = refs[i];
    std::uint32_t self = 0;
    if (r.messageId && !nodes_[index.at(*r.messageId)].message) {
      self = index.at(*r.messageId);
    } else {
      // No valid Message-ID, or a duplicate: the first holder keeps the ID (lowest UID).
      self = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
    }
    nodes_[self].message = i;

    std::uint32_t parent = 0;
    if (!r.references.empty()) {
      parent = index.at(r.references.front());
      for (std::size_t k = 1; k < r.references.size(); ++k) {
        const std::uint32_t child = index.at(r.references[k]);
        linkReference(parent, child);
        parent = child;
      }
    }
    if (nodes_[self].parent != parent && nodes_[self].parent != 0) {
      nodes_[self].parent = 0;  // 1B: break the old link before making the new one
    }
    if (parent != 0) {
      linkReference(parent, self);
    }
  }
}

bool LinkTable::hasAncestor(std::uint32_t node, std::uint32_t ancestor) const {
  while (node != ancestor) {
    if (nodes_[node].parent == 0) {
      return false;
    }
    node = nodes_[node].parent;
  }
  return true;
}

void LinkTable::linkReference(std::uint32_t parent, std::uint32_t child) {
  if (hasAncestor(parent, child)) {
    return;  // would create a loop (or links a node to itself)
  }
  if (nodes_[child].parent == 0) {
    nodes_[child].parent = parent;
  }
  // Otherwise a conflicting parent exists already: keep it (RFC 5256 section 3, 1A).
}

}  // namespace oxh::dovecot::thread::detail
