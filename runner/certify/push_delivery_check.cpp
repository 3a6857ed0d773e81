// PUSH-02: "push wiring between Dovecot and the middleware", end to end on the Dovecot side: with
// the test user registered (SETMETADATA user=<uid>@<cid>), an LMTP delivery into INBOX must make
// Dovecot's ox driver PUT the http-notify call. certify itself listens as the middleware's servlet
// (dovecot.notify_listen), so Dovecot's push_notification_driver URL must point there; the user's
// registration and the test message are removed afterwards.
#include <chrono>
#include <random>

#include "common/clients/lmtp_client.hpp"
#include "mock_facade/notify/notify_receiver.hpp"
#include "runner/certify/certify_checks.hpp"
#include "runner/certify/imap_probe.hpp"

namespace oxh::runner::certify {
namespace {

constexpr auto kCallbackWait = std::chrono::seconds(15);

std::string uniqueId() {
  std::random_device device;
  return std::to_string(device()) + "." + std::to_string(device());
}

void removeTestMessage(const ImapProbeSession& session, const std::string& messageId) {
  session.command("SELECT INBOX");
  const auto found = session.command("UID SEARCH HEADER Message-ID " + imapQuoted(messageId));
  for (const auto& entry : found.untagged) {
    const auto line = entry.data.value("line", "");
    if (line.rfind("* SEARCH ", 0) == 0 && line.size() > 9) {
      std::string uids = line.substr(9);
      for (auto& c : uids) {
        c = c == ' ' ? ',' : c;
      }
      session.command("UID STORE " + uids + " +FLAGS.SILENT (\\Deleted)");
      session.command("UID EXPUNGE " + uids);
    }
  }
}

}  // namespace

void runPushDeliveryCheck(const Deployment& deployment, std::vector<CheckResult>& results) {
  auto result = makeCheck("PUSH-02", "an LMTP delivery produces Dovecot's http-notify callback", "critical",
                          deployment.users.empty() ? "dovecot" : deployment.users.front().login,
                          "push wiring between Dovecot and the middleware",
                          "Load push_notification for LMTP, set push_notification_driver = ox:url=http://<login>:"
                          "<password>@<middleware>/preliminary/http-notify/v1/notify user_from_metadata, and "
                          "mail_attribute_dict.");
  const auto listen = net::HostPort::parse(deployment.notifyListen);
  const auto lmtp = net::HostPort::parse(deployment.dovecotLmtp);
  if (!listen || !lmtp || deployment.users.empty() || deployment.dovecotImap.empty()) {
    result.message = "needs dovecot.notify_listen, dovecot.lmtp, dovecot.imap and a user";
    results.push_back(result);
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  journal::Journal journal("certify-push");
  net::IoRuntime io{1};
  facade::NotifyReceiverOptions options;
  options.listen = *listen;
  options.login = deployment.notifyUser.empty() ? std::nullopt : std::optional<std::string>(deployment.notifyUser);
  options.password =
      deployment.notifyPassword.empty() ? std::nullopt : std::optional<std::string>(deployment.notifyPassword);
  facade::NotifyReceiver receiver(io.context(), journal, options);
  const auto& user = deployment.users.front();
  const std::string messageId = "<certify." + uniqueId() + "@oxharness.invalid>";
  std::string evidence;
  try {
    receiver.start();
    const std::string source = deployment.oxAddresses.empty() ? std::string() : deployment.oxAddresses.front();
    const auto session = imapLogin(io, journal, deployment.dovecotImap, source, user, "push-delivery");
    const auto previous = currentNotifyEntry(session);
    const std::string value = "user=" + std::to_string(user.userId) + "@" + std::to_string(user.contextId);
    setNotifyEntry(session, imapQuoted(value));
    clients::lmtp::Delivery delivery;
    delivery.mailFrom = "certify@oxharness.invalid";
    const std::string address = user.login.find('@') != std::string::npos ? user.login : user.login + "@localhost";
    delivery.recipients = {address};
    delivery.message = "From: oxharness certify <certify@oxharness.invalid>\r\nTo: " + address +
                       "\r\nSubject: oxharness certify push check\r\nMessage-ID: " + messageId +
                       "\r\n\r\nThis message checks the push wiring and is removed again.\r\n";
    const auto delivered = clients::lmtp::deliver(*lmtp, delivery, journal, "lmtp", journal::Clock::now() + kImapTimeout);
    const bool accepted = !delivered.dataReplies.empty() && delivered.dataReplies.front().second.code == 250;
    const auto call = journal.waitFor(
        [](const journal::Entry& entry) { return entry.kind == "notify.request"; },
        accepted ? std::chrono::duration_cast<journal::Clock::duration>(kCallbackWait) : journal::Clock::duration::zero());
    setNotifyEntry(session, previous);
    removeTestMessage(session, messageId);
    session.command("LOGOUT");
    if (!accepted) {
      result.verdict = Verdict::Fail;
      result.message = "the LMTP delivery to " + address + " was not accepted";
    } else if (!call) {
      result.verdict = Verdict::Fail;
      result.message = "no http-notify call for user=" + value.substr(5) + " at " + deployment.notifyListen + " within " +
                       std::to_string(kCallbackWait.count()) + "s of the delivery";
    } else if (call->data.value("auth", "") != "ok") {
      result.verdict = Verdict::Fail;
      result.message = "Dovecot called, but its credentials were " + call->data.value("auth", std::string("?"));
    } else if (call->data.value("user_id", std::int64_t{-1}) != user.userId ||
               call->data.value("context_id", std::int64_t{-1}) != user.contextId) {
      result.verdict = Verdict::Fail;
      result.message = "Dovecot called for another user than " + value.substr(5) + " (is user_from_metadata set?)";
    } else {
      result.verdict = Verdict::Pass;
    }
  } catch (const std::exception& error) {
    result.verdict = Verdict::Fail;
    result.message = error.what();
  }
  for (const auto& entry : journal.snapshot()) {
    if (entry.kind == "notify.request") {
      evidence += "http-notify: " + entry.data.dump() + "\n";
    }
  }
  result.evidence = imapTranscript(journal, "push-delivery") + evidence;
  receiver.stop();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  results.push_back(result);
}

}  // namespace oxh::runner::certify
