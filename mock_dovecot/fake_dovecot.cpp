#include "mock_dovecot/fake_dovecot.hpp"

#include <chrono>
#include <ctime>

#include "common/tls/certificate_authority.hpp"
#include "mock_dovecot/imap/imap_server.hpp"
#include "mock_dovecot/lmtp/lmtp_server.hpp"
#include "mock_dovecot/mime/parsed_message.hpp"
#include "mock_dovecot/push/ox_push_driver.hpp"
#include "mock_dovecot/store/passwd_file.hpp"

namespace oxh::dovecot {

struct FakeDovecot::Impl {
  Impl(boost::asio::io_context& contextIn, FakeDovecotOptions optionsIn)
      : context(contextIn), options(std::move(optionsIn)), store(options.seed) {
    for (const auto& user : options.users) {
      store.addUser(user);
    }
  }

  std::string replyFor(const lmtp::Recipient& recipient, const std::string& status) {
    return status + " <" + recipient.address + "> " + recipient.replyId + " Saved";
  }

  // Saves as a delivery, then calls the push drivers (blocking) when it landed in INBOX.
  std::optional<Delivered> deliverAndNotify(const std::string& login, const std::optional<std::string>& detail,
                                            std::string stored) {
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    // Parsed only when a push driver will read it (From, Subject, snippet), before the move.
    std::optional<mime::ParsedMessage> parsed;
    if (push && push->enabled()) {
      parsed.emplace(stored);
    }
    std::optional<Delivered> delivered;
    if (detail && !detail->empty()) {
      delivered = store.deliver(login, *detail, stored, now);
    }
    if (!delivered) {
      delivered = store.deliver(login, "INBOX", std::move(stored), now);
    }
    if (delivered && parsed) {
      push::DeliveredMessage message;
      message.login = login;
      message.mailbox = delivered->mailbox;
      message.uidValidity = delivered->uidValidity;
      message.uid = delivered->uid;
      message.from = parsed->header("From");
      message.subject = parsed->header("Subject");
      message.snippet = parsed->snippet();
      message.unseen = delivered->unseen;
      push->messageDelivered(message, [&] { return store.metadata(login, "", push::kHttpNotifyEntry); });
    }
    return delivered;
  }

  // One recipient: store, then notify (blocking), then the reply line.
  std::string deliverOne(const lmtp::Transaction& transaction, const lmtp::Recipient& recipient,
                         const lmtp::LmtpProtocol& protocol) {
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    std::string stored = protocol.storedMessage(transaction, recipient, now);
    if (!deliverAndNotify(recipient.user, recipient.detail, std::move(stored))) {
      return "451 4.3.0 <" + recipient.address + "> Temporary internal error";
    }
    return "250 2.0.0 <" + recipient.address + "> " + recipient.replyId + " Saved";
  }

  boost::asio::io_context& context;
  FakeDovecotOptions options;
  MailStore store;
  std::unique_ptr<push::OxPushDriver> push;
  std::unique_ptr<imap::ImapServer> imap;
  std::unique_ptr<lmtp::LmtpServer> lmtp;
};

FakeDovecot::FakeDovecot(boost::asio::io_context& context, FakeDovecotOptions options)
    : impl_(std::make_unique<Impl>(context, std::move(options))) {}

FakeDovecot::~FakeDovecot() { stop(); }

void FakeDovecot::start() {
  auto& options = impl_->options;
  if (!options.passwdFile.empty()) {
    for (const auto& entry : loadPasswdFile(options.passwdFile)) {
      impl_->store.addUser(entry.account);
    }
  }
  std::vector<push::OxDriverConfig> drivers;
  for (const auto& value : options.pushDrivers) {
    drivers.push_back(push::parseOxDriver(value));
  }
  impl_->push = std::make_unique<push::OxPushDriver>(std::move(drivers), options.journal);

  imap::ImapServerOptions imapOptions;
  imapOptions.listen = options.imap;
  imapOptions.listenImaps = options.imaps;
  imapOptions.authority = options.authority ? options.authority : std::make_shared<tls::CertificateAuthority>();
  if (!options.tlsMinVersion.empty()) {
    imapOptions.tls.minVersion = options.tlsMinVersion;
    // OpenSSL 3 refuses TLS 1.0/1.1 at security level 1 whatever the floor says.
    imapOptions.tls.ciphers = "DEFAULT:@SECLEVEL=0";
    imapOptions.tls.insecure = true;
  }
  if (options.tlsExpiredCertificate) {
    imapOptions.tlsLeaf = tls::expiredLeafOptions();  // notAfter two days ago
    imapOptions.tls.insecure = true;
  }
  if (!options.tlsHostNames.empty()) {
    imapOptions.tlsHostNames = options.tlsHostNames;
    imapOptions.tls.insecure = true;
  }
  imapOptions.profile = options.profile;
  imapOptions.capabilityToggles = options.capabilities;
  if (!options.metadataNetworks.empty()) {
    imapOptions.metadataNetworks = options.metadataNetworks;
  }
  imapOptions.journal = options.journal;
  impl_->imap = std::make_unique<imap::ImapServer>(impl_->context, impl_->store, imapOptions);
  impl_->imap->start();

  lmtp::LmtpServerOptions lmtpOptions;
  lmtpOptions.listen = options.lmtp;
  lmtpOptions.hostname = options.hostname;
  lmtpOptions.journal = options.journal;
  lmtpOptions.seed = options.seed;
  Impl* impl = impl_.get();
  lmtpOptions.userExists = [impl](const std::string& user) { return impl->store.hasUser(user); };
  lmtpOptions.deliver = [impl](const lmtp::Transaction& transaction, const lmtp::LmtpProtocol& protocol) {
    std::vector<std::string> replies;
    for (const auto& recipient : transaction.recipients) {
      replies.push_back(impl->deliverOne(transaction, recipient, protocol));
    }
    return replies;
  };
  impl_->lmtp = std::make_unique<lmtp::LmtpServer>(impl_->context, lmtpOptions);
  impl_->lmtp->start();
}

void FakeDovecot::stop() {
  if (impl_->lmtp) {
    impl_->lmtp->stop();
  }
  if (impl_->imap) {
    impl_->imap->stop();
  }
}

net::HostPort FakeDovecot::imapEndpoint() const { return impl_->imap->endpoint(); }
std::optional<net::HostPort> FakeDovecot::imapsEndpoint() const {
  return impl_->options.imaps ? std::optional<net::HostPort>(impl_->imap->imapsEndpoint()) : std::nullopt;
}
net::HostPort FakeDovecot::lmtpEndpoint() const { return impl_->lmtp->endpoint(); }
MailStore& FakeDovecot::store() { return impl_->store; }

std::optional<Delivered> FakeDovecot::deliver(const std::string& login, const std::string& mailbox, std::string raw) {
  if (!impl_->store.findMailbox(login, mailbox)) {
    return std::nullopt;
  }
  return impl_->deliverAndNotify(login, mailbox, std::move(raw));
}

void FakeDovecot::journalControl(const std::string& action, const std::string& summary, nlohmann::json data) {
  if (impl_->options.journal == nullptr) {
    return;
  }
  journal::Entry entry;
  entry.component = "dovecot.control";
  entry.connection = "control";
  entry.kind = "control." + action;
  entry.summary = summary;
  entry.data = std::move(data);
  impl_->options.journal->append(std::move(entry));
}

void FakeDovecot::arm(imap::ImapFault fault) {
  if (impl_->options.journal != nullptr) {
    journal::Entry entry;
    entry.component = "dovecot.imap";
    entry.connection = "control";
    entry.kind = "fault.armed";
    entry.summary = "armed " + fault.actionName() + (fault.user.empty() ? "" : " for " + fault.user);
    entry.data = fault.toJson();
    impl_->options.journal->append(std::move(entry));
  }
  if (fault.action == imap::ImapFault::Action::kExpungeStorm) {
    // Not a session fault: the store loses the messages at once, as when another client
    // expunges them, and every session with the mailbox selected is told.
    const auto expunged = impl_->store.expungeFirst(fault.user, fault.mailbox, fault.messages);
    if (impl_->options.journal != nullptr) {
      journal::Entry entry;
      entry.component = "dovecot.imap";
      entry.connection = "control";
      entry.kind = "imap.fault";
      entry.summary = "expunge_storm: " + std::to_string(expunged.size()) + " messages expunged from " +
                      fault.user + " " + fault.mailbox;
      auto data = fault.toJson();
      data["expunged"] = expunged;
      entry.data = std::move(data);
      impl_->options.journal->append(std::move(entry));
    }
    return;
  }
  impl_->imap->arm(std::move(fault));
}

std::vector<imap::ImapFault> FakeDovecot::armedFaults() const { return impl_->imap->armedFaults(); }

void FakeDovecot::clearFaults() { impl_->imap->clearFaults(); }

nlohmann::json FakeDovecot::state() {
  auto out = impl_->store.state();
  auto faults = nlohmann::json::array();
  for (const auto& fault : armedFaults()) {
    faults.push_back(fault.toJson());
  }
  out["faults"] = std::move(faults);
  out["profile"] = impl_->options.profile;
  out["capabilities"] = impl_->options.capabilities;
  return out;
}

}  // namespace oxh::dovecot
