// THREAD entry point and the response formatting of core:src/imap/cmd-thread.c.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "mock_dovecot/thread/base_subject.hpp"
#include "mock_dovecot/thread/sort_keys.hpp"
#include "mock_dovecot/thread/thread_tree.hpp"
#include "mock_dovecot/thread/threading.hpp"

namespace oxh::dovecot::thread {
namespace {

// RFC 5256 section 4 thread-list. A lone child continues its parent's list without brackets
// ("(1 2 3)"); siblings get a list each ("(1 (2)(3))"); a dummy prints no number ("((4)(5))").
void writeNodes(const std::vector<detail::TreeNode>& nodes, bool root, std::string& out) {
  if (nodes.empty()) {
    return;
  }
  if (nodes.size() == 1 && !root) {
    out += std::to_string(nodes.front().id);
    if (!nodes.front().children.empty()) {
      out += ' ';
      writeNodes(nodes.front().children, false, out);
    }
    return;
  }
  for (const auto& node : nodes) {
    out += '(';
    if (node.children.empty()) {
      out += std::to_string(node.id);
    } else {
      if (node.id != 0) {
        out += std::to_string(node.id);
        out += ' ';
      }
      writeNodes(node.children, false, out);
    }
    out += ')';
  }
}

// ORDEREDSUBJECT (RFC 5256 section 3): SORT (SUBJECT DATE), runs of one base subject form a
// thread, threads ordered by their first message's sent date. Dovecot prints two messages as
// "(a b)" and more as "(a (b)(c))", i.e. every later message is a child of the first. Messages
// without a subject all share the empty base subject and so form one thread (confirmed against
// Dovecot 2.3.19; RFC 5256 does not say).
std::string orderedSubject(std::vector<MessageKeys> messages) {
  const std::vector<std::uint32_t> order = sort({"SUBJECT", "DATE"}, messages);
  std::unordered_map<std::uint32_t, const MessageKeys*> byId;
  for (const auto& m : messages) {
    byId[m.id] = &m;
  }
  struct Run {
    std::int64_t date;
    std::vector<std::uint32_t> ids;
  };
  std::vector<Run> runs;
  std::string previous;
  for (const std::uint32_t id : order) {
    const MessageKeys& m = *byId.at(id);
    std::string subject = subjectSortKey(m);
    if (runs.empty() || subject != previous) {
      runs.push_back({effectiveDate(m), {}});
    }
    previous = std::move(subject);
    runs.back().ids.push_back(id);
  }
  std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) {
    return a.date != b.date ? a.date < b.date : a.ids.front() < b.ids.front();
  });
  std::string out;
  for (const Run& run : runs) {
    out += '(' + std::to_string(run.ids.front());
    if (run.ids.size() == 2) {
      out += ' ' + std::to_string(run.ids[1]);
    } else if (run.ids.size() > 2) {
      out += ' ';
      for (std::size_t i = 1; i < run.ids.size(); ++i) {
        out += '(' + std::to_string(run.ids[i]) + ')';
      }
    }
    out += ')';
  }
  return out;
}

}  // namespace

std::string thread(Algorithm algorithm, std::vector<MessageKeys> messages) {
  // Dovecot adds messages to the thread index in UID order; ties also fall to the lower UID.
  std::sort(messages.begin(), messages.end(),
            [](const MessageKeys& a, const MessageKeys& b) { return a.id < b.id; });
  if (algorithm == Algorithm::OrderedSubject) {
    return orderedSubject(std::move(messages));
  }
  const auto tree = detail::buildThreadTree(messages, algorithm == Algorithm::Refs);
  std::string out;
  writeNodes(tree, true, out);
  return out;
}

}  // namespace oxh::dovecot::thread
