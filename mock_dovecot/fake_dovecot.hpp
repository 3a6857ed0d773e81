#pragma once
// The fake Dovecot as one object: a MailStore shared by the IMAP server (plain + STARTTLS,
// optional IMAPS), the LMTP server and the push_notification "ox" drivers. LMTP deliveries
// store the message as Dovecot does (Return-Path, Delivered-To, Received), fall back to INBOX
// when a +detail mailbox does not exist (confirmed against Dovecot 2.3.19), and answer each
// recipient only after its push notifications finished.
// Thread: start()/stop() from the owner; everything else runs on the given io_context and on
// the LMTP delivery threads.
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/journal/journal.hpp"
#include "common/net/endpoint.hpp"
#include "mock_dovecot/imap/imap_faults.hpp"
#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::tls {
class CertificateAuthority;
}

namespace oxh::control {
class ControlPlane;
}

namespace oxh::dovecot {

struct FakeDovecotOptions {
  net::HostPort imap{"127.0.0.1", 0};
  std::optional<net::HostPort> imaps;  // implicit TLS listener, when wanted
  net::HostPort lmtp{"127.0.0.1", 0};
  std::vector<UserAccount> users;
  // push_notification_driver values, Dovecot's syntax: "ox:url=http://u:p@host:port/path user_from_metadata"
  std::vector<std::string> pushDrivers;
  std::uint64_t seed = 0;
  std::string hostname;                       // empty: this machine's short host name
  std::vector<std::string> metadataNetworks;  // empty: the IMAP server's default (loopback)
  std::string profile = "dovecot-2.3";
  std::vector<std::string> capabilities;  // "+X" / "-X" toggles on top of the profile (imap/capabilities.hpp)
  std::string passwdFile;                 // Dovecot passwd-file with more users (store/passwd_file.hpp)
  std::shared_ptr<tls::CertificateAuthority> authority;  // for STARTTLS/IMAPS; generated when null
  // Deliberate TLS misbehaviour, so TLS checks (expect.tls, certify) can be shown to catch it:
  // a lower protocol floor ("TLSv1"), an already-expired certificate, or one for another host.
  // Any of them marks the IMAP TLS policy insecure.
  std::string tlsMinVersion;
  bool tlsExpiredCertificate = false;
  std::vector<std::string> tlsHostNames;  // empty: localhost and 127.0.0.1
  journal::Journal* journal = nullptr;
};

class FakeDovecot {
 public:
  FakeDovecot(boost::asio::io_context& context, FakeDovecotOptions options);
  ~FakeDovecot();
  FakeDovecot(const FakeDovecot&) = delete;
  FakeDovecot& operator=(const FakeDovecot&) = delete;

  // Throws OxhException ([oxh.net.listen], [oxh.dovecot.push-config], [oxh.dovecot.passwd-file],
  // [oxh.dovecot.capability], [oxh.dovecot.profile]).
  void start();
  void stop();

  // A delivery as LMTP makes it (the message saved with \Recent, and the push drivers called
  // for INBOX, blocking until they finished); nullopt when the user or mailbox does not exist.
  std::optional<Delivered> deliver(const std::string& login, const std::string& mailbox, std::string raw);
  // One-shot IMAP faults (imap/imap_faults.hpp); after start().
  void arm(imap::ImapFault fault);
  [[nodiscard]] std::vector<imap::ImapFault> armedFaults() const;
  void clearFaults();
  // State for the control plane: the store, armed faults, the capability profile in use.
  [[nodiscard]] nlohmann::json state();
  // POST dovecot_deliver, dovecot_flags, dovecot_expunge, dovecot_uidvalidity,
  // dovecot_arm_fault; GET dovecot_state (dovecot_control.cpp). Before the plane starts. Each
  // change is journaled as "control.<action>" (component "dovecot.control").
  void registerControlActions(control::ControlPlane& control);

  [[nodiscard]] net::HostPort imapEndpoint() const;
  [[nodiscard]] std::optional<net::HostPort> imapsEndpoint() const;
  [[nodiscard]] net::HostPort lmtpEndpoint() const;
  [[nodiscard]] MailStore& store();

 private:
  // Journals a change made through the control plane (component "dovecot.control").
  void journalControl(const std::string& action, const std::string& summary, nlohmann::json data);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oxh::dovecot
