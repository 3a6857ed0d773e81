#include "mock_dovecot/thread/thread_tree.hpp"

#include <algorithm>
#include <unordered_map>

#include "mock_dovecot/thread/base_subject.hpp"
#include "mock_dovecot/thread/sort_keys.hpp"

namespace oxh::dovecot::thread::detail {
namespace {

struct SortEntry {
  std::uint32_t node = 0;  // node index (shadow index)
  std::int64_t date = 0;
  std::uint32_t id = 0;  // message id; 0 for a REFS dummy root
};

bool entryLess(const SortEntry& a, const SortEntry& b) {
  return a.date != b.date ? a.date < b.date : a.id < b.id;
}

struct Root {
  SortEntry entry;
  bool dummy = false;
  bool ignore = false;  // a dummy without children, or merged into another root
  bool replyOrForward = false;
  std::size_t parentRoot1 = 0;  // subject-table chain, index+1 into roots (step 5)
};

class Finisher {
 public:
  Finisher(const std::vector<MessageKeys>& messages, const LinkTable& links)
      : messages_(messages), nodes_(links.nodes()), nextNewRoot_(nodes_.size() + 1) {}

  std::vector<TreeNode> references();
  std::vector<TreeNode> refs();

 private:
  // Step (2)/(3): roots are parentless nodes; a message hangs below its nearest existing
  // ancestor, dummies in between disappear (their children move up).
  void createShadows();
  SortEntry fill(std::uint32_t node) const;
  std::vector<SortEntry> sortedChildren(std::uint32_t node) const;
  void sortRoots();
  void gatherSubjects();
  bool mergeSubjects();
  void merge(std::size_t cur);
  std::vector<TreeNode> render() const;
  TreeNode renderNode(std::uint32_t node, std::uint32_t id) const;

  const std::vector<MessageKeys>& messages_;
  const std::vector<LinkNode>& nodes_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> shadows_;
  std::vector<Root> roots_;
  std::uint32_t nextNewRoot_;
};

void Finisher::createShadows() {
  for (std::uint32_t idx = 1; idx < nodes_.size(); ++idx) {
    const LinkNode& n = nodes_[idx];
    if (n.parent == 0) {
      Root r;
      r.entry.node = idx;
      r.dummy = !n.message.has_value();
      r.entry.id = r.dummy ? 0 : messages_[*n.message].id;
      roots_.push_back(r);
      continue;
    }
    if (!n.message) {
      continue;
    }
    std::uint32_t parent = n.parent;
    while (!nodes_[parent].message && nodes_[parent].parent != 0) {
      parent = nodes_[parent].parent;
    }
    shadows_[parent].push_back(idx);
  }
}

SortEntry Finisher::fill(std::uint32_t node) const {
  const MessageKeys& m = messages_[*nodes_[node].message];
  return {node, effectiveDate(m), m.id};
}

std::vector<SortEntry> Finisher::sortedChildren(std::uint32_t node) const {
  std::vector<SortEntry> out;
  const auto it = shadows_.find(node);
  if (it == shadows_.end()) {
    return out;
  }
  for (const std::uint32_t child : it->second) {
    out.push_back(fill(child));
  }
  std::sort(out.begin(), out.end(), entryLess);
  return out;
}

// Step (4): a dummy sorts by its earliest child; a dummy with one child is replaced by it
// (the deferred part of step 3).
void Finisher::sortRoots() {
  for (Root& r : roots_) {
    if (r.ignore) {
      continue;
    }
    if (!r.dummy) {
      r.entry = fill(r.entry.node);
      continue;
    }
    const auto children = sortedChildren(r.entry.node);
    if (children.empty()) {
      r.ignore = true;
    } else if (children.size() == 1) {
      r.entry = children.front();
      r.dummy = false;
    } else {
      r.entry.date = children.front().date;
      r.entry.id = children.front().id;
    }
  }
  std::stable_sort(roots_.begin(), roots_.end(),
                   [](const Root& a, const Root& b) { return entryLess(a.entry, b.entry); });
}

// Step (5)(A)(B): the subject table, walked in root order.
void Finisher::gatherSubjects() {
  std::unordered_map<std::string, std::size_t> table;  // base subject -> root index+1
  for (std::size_t i = 0; i < roots_.size(); ++i) {
    Root& r = roots_[i];
    std::uint32_t node = r.entry.node;
    if (r.dummy) {
      if (r.ignore) {
        continue;
      }
      node = sortedChildren(r.entry.node).front().node;
    }
    const BaseSubject subject = extractBaseSubject(messages_[*nodes_[node].message].subject);
    if (subject.text.empty()) {
      continue;
    }
    auto [it, inserted] = table.emplace(subject.text, i + 1);
    if (!inserted) {
      Root& held = roots_[it->second - 1];
      if (!held.dummy && (r.dummy || (held.replyOrForward && !subject.isReplyOrForward))) {
        held.parentRoot1 = i + 1;
        it->second = i + 1;
      } else {
        r.parentRoot1 = it->second;
      }
    }
    r.replyOrForward = subject.isReplyOrForward;
  }
}

// Step (5)(C) for one root.
void Finisher::merge(std::size_t cur) {
  std::size_t top = cur;
  do {
    top = roots_[top].parentRoot1 - 1;
  } while (roots_[top].parentRoot1 != 0);
  Root& c = roots_[cur];
  Root& t = roots_[top];
  if (c.dummy) {
    // Both dummies: the current dummy's children join the table entry's children.
    auto& moved = shadows_[c.entry.node];
    auto& dest = shadows_[t.entry.node];
    dest.insert(dest.end(), moved.begin(), moved.end());
    moved.clear();
    c.ignore = true;
  } else if (t.dummy || (c.replyOrForward && !t.replyOrForward)) {
    shadows_[t.entry.node].push_back(c.entry.node);
    c.ignore = true;
  } else {
    // Neither wins: a new dummy becomes the parent of both and takes over the table entry.
    Root fresh;
    fresh.dummy = true;
    fresh.entry.node = nextNewRoot_++;
    shadows_[fresh.entry.node] = {t.entry.node, c.entry.node};
    t.parentRoot1 = roots_.size() + 1;
    t.ignore = true;
    c.ignore = true;
    roots_.push_back(fresh);
  }
}

bool Finisher::mergeSubjects() {
  bool changed = false;
  const std::size_t count = roots_.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (roots_[i].parentRoot1 != 0 && !roots_[i].ignore) {
      merge(i);
      changed = true;
    }
  }
  return changed;
}

TreeNode Finisher::renderNode(std::uint32_t node, std::uint32_t id) const {
  TreeNode out{id, {}};
  for (const SortEntry& child : sortedChildren(node)) {
    out.children.push_back(renderNode(child.node, child.id));
  }
  return out;
}

std::vector<TreeNode> Finisher::render() const {
  std::vector<TreeNode> out;
  for (const Root& r : roots_) {
    if (r.ignore) {
      continue;
    }
    TreeNode node = renderNode(r.entry.node, r.dummy ? 0 : r.entry.id);
    if (node.id == 0 && node.children.empty()) {
      continue;  // a dummy without children is never printed
    }
    out.push_back(std::move(node));
  }
  return out;
}

std::vector<TreeNode> Finisher::references() {
  createShadows();
  sortRoots();
  gatherSubjects();
  if (mergeSubjects()) {
    sortRoots();  // merging changed the roots, order them again
  }
  return render();
}

// THREAD=REFS (Dovecot only, NEWS v1.2): no subject gathering, no promotion of a lone child of
// a dummy, and threads ordered by their newest message anywhere in the thread. A dummy root
// keeps id 0 as tie-breaker, so it sorts before a real root with the same newest date, and two
// such dummies keep their Message-ID index order (confirmed against Dovecot 2.3.19, test case
// refs_ties: "((5)(1))((4)(2))(3)").
std::vector<TreeNode> Finisher::refs() {
  createShadows();
  std::unordered_map<std::uint32_t, std::size_t> rootOf;
  for (std::size_t i = 0; i < roots_.size(); ++i) {
    rootOf[roots_[i].entry.node] = i;
  }
  for (std::uint32_t idx = 1; idx < nodes_.size(); ++idx) {
    if (!nodes_[idx].message) {
      continue;
    }
    const std::int64_t date = effectiveDate(messages_[*nodes_[idx].message]);
    std::uint32_t top = idx;
    while (nodes_[top].parent != 0) {
      top = nodes_[top].parent;
    }
    SortEntry& e = roots_[rootOf.at(top)].entry;
    e.date = std::max(e.date, date);
  }
  std::stable_sort(roots_.begin(), roots_.end(),
                   [](const Root& a, const Root& b) { return entryLess(a.entry, b.entry); });
  return render();
}

}  // namespace

std::vector<TreeNode> buildThreadTree(const std::vector<MessageKeys>& messages, bool refs) {
  const LinkTable links(messages);
  Finisher finisher(messages, links);
  return refs ? finisher.refs() : finisher.references();
}

}  // namespace oxh::dovecot::thread::detail
