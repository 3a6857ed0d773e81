// lmtp.deliver: the runner as the MTA, delivering to a fake or real Dovecot over LMTP.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/clients/lmtp_client.hpp"
#include "runner/steps/step_families.hpp"
#include "runner/engine/step_context.hpp"

namespace oxh::runner {

namespace {

std::string rfc5322Date() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buffer;
}

// "alice" -> alice's email; "alice+Folder1" -> the detail address; an address stays as it is.
std::string recipientAddress(const StepContext& context, const std::string& to) {
  if (to.find('@') != std::string::npos) {
    return to;
  }
  const auto plus = to.find('+');
  const auto login = to.substr(0, plus);
  const User& user = context.user(login);
  if (plus == std::string::npos) {
    return user.email;
  }
  const auto at = user.email.find('@');
  return user.email.substr(0, at) + to.substr(plus) + user.email.substr(at);
}

// "Sender <sender@example.net>" -> "sender@example.net"; a bare address stays as it is.
std::string addressOf(const std::string& header) {
  const auto open = header.rfind('<');
  const auto close = header.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    return header.substr(open + 1, close - open - 1);
  }
  return header;
}

std::string readFile(const StepContext& context, const std::string& name) {
  std::filesystem::path path(name);
  if (path.is_relative()) {
    path = std::filesystem::path(context.step->where.file).parent_path() / path;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw StepFailure("cannot read message file " + path.string());
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string buildMessage(StepContext& context, const std::vector<std::string>& recipients, const std::string& from) {
  if (context.has("eml")) {
    return readFile(context, context.text("eml", ""));
  }
  if (context.has("message")) {
    return context.text("message", "");
  }
  std::string headers;
  auto add = [&](const std::string& name, const std::string& value) { headers += name + ": " + value + "\r\n"; };
  if (!from.empty() && !context.flag("omit_from", false)) {
    add("From", context.text("from_header", from));
  }
  std::string to;
  for (const auto& recipient : recipients) {
    to += (to.empty() ? "" : ", ") + recipient;
  }
  add("To", to);
  if (context.has("subject")) {
    add("Subject", context.text("subject", ""));
  }
  add("Date", context.text("date", rfc5322Date()));
  add("Message-ID", context.text("message_id", "<" + std::to_string(context.random()) + "@oxharness.test>"));
  if (context.has("headers")) {
    for (const auto& item : context.args["headers"]) {
      add(item.first.as<std::string>(), item.second.as<std::string>());
    }
  }
  add("MIME-Version", "1.0");
  add("Content-Type", "text/plain; charset=utf-8");
  add("Content-Transfer-Encoding", "8bit");
  return headers + "\r\n" + context.text("body", "") + "\r\n";
}

void lmtpDeliver(StepContext& context, const Step& /*step*/) {
  std::vector<std::string> recipients;
  const auto toNode = context.args["to"];
  if (toNode.IsSequence()) {
    for (const auto& item : toNode) {
      recipients.push_back(recipientAddress(context, item.as<std::string>()));
    }
  } else {
    recipients.push_back(recipientAddress(context, context.requiredText("to")));
  }
  lmtp::Delivery delivery;
  const std::string fromHeader = context.text("from", "Sender <sender@example.net>");
  delivery.mailFrom = context.text("envelope_from", addressOf(fromHeader));
  delivery.recipients = recipients;
  delivery.message = buildMessage(context, recipients, fromHeader);
  const auto server = context.has("address") ? net::HostPort::parse(context.text("address", "")) : context.endpoint("dovecot", "lmtp");
  if (!server) {
    throw StepFailure("address must be host:port");
  }
  const auto result = lmtp::deliver(*server, delivery, context.journal, context.text("conn", "lmtp"),
                                    context.deadlineFor(context.duration("within")));
  const auto wanted = context.integer("status", 250);
  if (result.mailReply.code != 250) {
    throw StepFailure("MAIL FROM was refused: " + result.mailReply.str());
  }
  for (const auto& [recipient, reply] : result.rcptReplies) {
    if (reply.code / 100 != 2 && reply.code != wanted) {
      throw StepFailure("RCPT TO:<" + recipient + "> answered " + reply.str());
    }
  }
  for (const auto& [recipient, reply] : result.dataReplies) {
    if (reply.code != wanted) {
      throw StepFailure("delivery to <" + recipient + "> answered " + reply.str() + " (wanted " + std::to_string(wanted) + ")");
    }
  }
}

}  // namespace

void registerLmtpSteps(StepRegistry& registry) {
  StepSpec spec;
  spec.name = "lmtp.deliver";
  spec.help = "deliver a message over LMTP (RFC 2033), as the MTA does";
  spec.params = {
      {"to", ParamType::StringOrList, true, "user logins (alice, alice+Folder) or addresses"},
      {"from", ParamType::String, false, "From header and envelope sender (default Sender <sender@example.net>)"},
      {"envelope_from", ParamType::String, false, "MAIL FROM address when it differs"},
      {"from_header", ParamType::String, false, "raw From header value"},
      {"omit_from", ParamType::Bool, false, "send no From header"},
      {"subject", ParamType::String, false, "Subject header (raw; MIME-encode it yourself)"},
      {"body", ParamType::String, false, "text body"},
      {"headers", ParamType::Map, false, "more headers"},
      {"date", ParamType::String, false, "Date header (default now)"},
      {"message_id", ParamType::String, false, "Message-ID header (default generated from the seed)"},
      {"eml", ParamType::String, false, "a message file, relative to the scenario file"},
      {"message", ParamType::String, false, "the whole raw message"},
      {"address", ParamType::String, false, "host:port instead of the topology's dovecot lmtp"},
      {"status", ParamType::Int, false, "wanted DATA reply code per recipient (default 250)"},
      {"conn", ParamType::String, false, "name in the journal (default lmtp)"},
      {"within", ParamType::Duration, false, "time limit for the whole session (default 10s)"},
  };
  spec.run = lmtpDeliver;
  registry.add(std::move(spec));
}

}  // namespace oxh::runner
