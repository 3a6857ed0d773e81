#pragma once
// The runner's IMAP client: plays the app, the middleware or another MUA toward a fake or a
// real IMAP server. Every line it sends and every response it reads is a journal entry
// (component "runner.imap", connection = the client's name):
//   kind "imap.sent"      data {line}
//   kind "imap.response"  data {line, type: untagged|tagged|continuation, tag, status}
//   kind "tls.handshake"  data {version, cipher}
//   kind "imap.closed"    data {reason}
// Responses are read continuously (so IDLE pushes are journaled as they arrive); callers
// wait for them through the journal with deadlines, never with sleeps.
// Thread: public methods may be called from the runner thread while io runs on the
// scenario's io_context; all socket work happens on a strand.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"

namespace oxh::clients::imap {

enum class TlsMode { None, Implicit, StartTls };

struct ConnectOptions {
  std::string name = "default";
  net::HostPort server;
  TlsMode tls = TlsMode::None;
  std::optional<std::string> sourceAddress;  // bind to this local address (e.g. 127.0.0.2)
  std::optional<std::string> caPem;          // verify the server against this CA; unset = no verification
};

struct CommandResult {
  std::string tag;
  std::string status;  // OK, NO, BAD (or BYE when the server hung up)
  std::string tagged;  // the whole tagged line
  std::vector<journal::Entry> untagged;  // in arrival order
};

class ImapClient {
 public:
  using Deadline = journal::Clock::time_point;

  // Connects, performs implicit TLS or STARTTLS as asked, and waits for the greeting.
  // Throws OxhException [oxh.imap.connect], [oxh.imap.tls], [oxh.imap.timeout].
  static std::shared_ptr<ImapClient> connect(boost::asio::io_context& context, journal::Journal& journal,
                                             const ConnectOptions& options, Deadline deadline);
  ~ImapClient();

  // Sends "<tag> <text>", handling synchronizing literals ({n}\r\n waits for "+"), and waits
  // for the tagged completion. Untagged responses in between are consumed and returned.
  CommandResult command(const std::string& text, Deadline deadline, const std::string& tag = {});
  // Sends "<tag> <text>" without waiting; returns the tag.
  std::string send(const std::string& text, const std::string& tag = {});
  // Waits for the tagged completion of `tag`, as command() does.
  CommandResult waitTagged(const std::string& tag, std::uint64_t after, Deadline deadline);
  // Sends a raw line without a tag ("DONE").
  void sendLine(const std::string& line);
  // Waits for a "+" continuation after journal sequence `after`.
  bool waitContinuation(std::uint64_t after, Deadline deadline);

  [[nodiscard]] const std::string& name() const;
  [[nodiscard]] journal::Matcher responses() const;  // matches this connection's imap.response entries
  [[nodiscard]] std::string greeting() const;
  [[nodiscard]] bool secure() const;
  [[nodiscard]] std::string tlsVersion() const;  // "TLSv1.3"; empty before a handshake
  void close();

  struct Impl;

 private:
  explicit ImapClient(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace oxh::clients::imap
