#include "common/clients/imap_client_impl.hpp"

#include <future>

namespace oxh::clients::imap {

ImapClient::ImapClient(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

ImapClient::~ImapClient() { close(); }

std::string ImapClient::send(const std::string& text, const std::string& tag) {
  const std::string useTag = tag.empty() ? impl_->nextTag() : tag;
  impl_->write(useTag + " " + text + "\r\n", maskSecrets(useTag + " " + text));
  return useTag;
}

CommandResult ImapClient::command(const std::string& text, Deadline deadline, const std::string& tag) {
  const auto after = impl_->journal_.lastSeq();
  const std::string useTag = tag.empty() ? impl_->nextTag() : tag;
  // Synchronizing literals: send up to each "{n}\r\n", wait for the server's "+".
  const auto parts = splitAtSynchronizingLiterals(useTag + " " + text);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    const auto before = impl_->journal_.lastSeq();
    impl_->write(last ? parts[i] + "\r\n" : parts[i], maskSecrets(parts[i]));
    if (!last && !waitContinuation(before, deadline)) {
      // The server refused the literal (or timed out): its tagged answer tells which.
      return waitTagged(useTag, after, deadline);
    }
  }
  return waitTagged(useTag, after, deadline);
}

CommandResult ImapClient::waitTagged(const std::string& tag, std::uint64_t after, Deadline deadline) {
  auto& journal = impl_->journal_;
  journal::WaitOptions options;
  options.after = after;
  const auto name = impl_->options_.name;
  // A connection the server closed before `after` (a BYE, a dropped IDLE) answers nothing
  // more: say so at once instead of waiting for the deadline.
  for (const auto& entry : journal.snapshot(0)) {
    if (entry.seq > after) {
      break;
    }
    if (entry.component == kComponent && entry.connection == name && entry.kind == "imap.closed") {
      CommandResult result;
      result.tag = tag;
      result.status = "BYE";
      result.tagged = entry.summary;
      return result;
    }
  }
  const auto tagged = journal.waitFor(
      [&](const journal::Entry& entry) {
        return entry.component == kComponent && entry.connection == name &&
               ((entry.kind == "imap.response" && entry.data.value("tag", "") == tag) || entry.kind == "imap.closed");
      },
      deadline - journal::Clock::now(), options);
  if (!tagged) {
    throw OxhException(Error("oxh.imap.timeout", "no tagged answer to " + tag + " in time"));
  }
  CommandResult result;
  result.tag = tag;
  if (tagged->kind == "imap.closed") {
    result.status = "BYE";
    result.tagged = tagged->summary;
  } else {
    result.status = tagged->data.value("status", "");
    result.tagged = tagged->data.value("line", "");
  }
  const auto matcher = impl_->responseMatcher();
  for (const auto& entry : journal.snapshot(after)) {
    if (entry.seq < tagged->seq && !entry.consumed && matcher(entry) && entry.data.value("type", "") == "untagged") {
      result.untagged.push_back(entry);
      journal.consume(entry.seq);
    }
  }
  return result;
}

void ImapClient::sendLine(const std::string& line) { impl_->write(line + "\r\n", line); }

bool ImapClient::waitContinuation(std::uint64_t after, Deadline deadline) {
  journal::WaitOptions options;
  options.after = after;
  const auto name = impl_->options_.name;
  const auto found = impl_->journal_.waitFor(
      [&](const journal::Entry& entry) {
        return entry.component == kComponent && entry.connection == name && entry.kind == "imap.response" &&
               entry.data.value("type", "") != "untagged";
      },
      deadline - journal::Clock::now(), options);
  return found && found->data.value("type", "") == "continuation";
}

const std::string& ImapClient::name() const { return impl_->options_.name; }
journal::Matcher ImapClient::responses() const { return impl_->responseMatcher(); }
std::string ImapClient::greeting() const { return impl_->greeting_; }
bool ImapClient::secure() const { return impl_->secure_; }

std::string ImapClient::tlsVersion() const {
  std::lock_guard lock(impl_->tagMutex_);
  return impl_->tlsVersion_;
}

void ImapClient::close() {
  auto impl = impl_;
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  asio::post(impl->strand_, [impl, done] {
    boost::system::error_code ignored;
    impl->stream_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    impl->stream_.next_layer().close(ignored);
    done->set_value();
  });
  // The io_context may already be stopped at scenario teardown; do not wait forever.
  future.wait_for(std::chrono::seconds(2));
}

}  // namespace oxh::clients::imap
