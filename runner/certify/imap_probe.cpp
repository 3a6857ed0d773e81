#include "runner/certify/imap_probe.hpp"

#include <stdexcept>

namespace oxh::runner::certify {

namespace imap = clients::imap;

std::string imapQuoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

std::string imapTranscript(const journal::Journal& journal, const std::string& connection) {
  std::string text;
  for (const auto& entry : journal.snapshot()) {
    if (entry.connection != connection) {
      continue;
    }
    if (entry.kind == "imap.sent") {
      text += "C: " + entry.data.value("line", "") + "\n";
    } else if (entry.kind == "imap.response") {
      text += "S: " + entry.data.value("line", "") + "\n";
    }
  }
  return text;
}

bool hasCapability(const imap::CommandResult& result, const std::string& name) {
  const auto contains = [&name](const std::string& line) {
    return (" " + line + " ").find(" " + name + " ") != std::string::npos ||
           line.find(" " + name + "]") != std::string::npos;
  };
  for (const auto& entry : result.untagged) {
    if (contains(entry.data.value("line", ""))) {
      return true;
    }
  }
  return contains(result.tagged);
}

std::string currentNotifyEntry(const ImapProbeSession& session) {
  const auto answer = session.command(std::string("GETMETADATA \"\" (") + kNotifyEntry + ")");
  for (const auto& entry : answer.untagged) {
    const auto line = entry.data.value("line", "");
    if (const auto at = line.find("user="); at != std::string::npos) {
      return imapQuoted(line.substr(at, line.find_first_of("\")", at) - at));
    }
  }
  return "NIL";
}

imap::CommandResult setNotifyEntry(const ImapProbeSession& session, const std::string& value) {
  return session.command(std::string("SETMETADATA \"\" (") + kNotifyEntry + " " + value + ")");
}

ImapProbeSession imapLogin(net::IoRuntime& io, journal::Journal& journal, const std::string& server,
                           const std::string& source, const CertifyUser& user, const std::string& connection) {
  imap::ConnectOptions options;
  options.name = connection;
  const auto address = net::HostPort::parse(server);
  if (!address) {
    throw std::runtime_error("dovecot.imap must be host:port, got '" + server + "'");
  }
  options.server = *address;
  if (!source.empty()) {
    options.sourceAddress = source;
  }
  ImapProbeSession session;
  session.client = imap::ImapClient::connect(io.context(), journal, options, journal::Clock::now() + kImapTimeout);
  const auto login = session.command("LOGIN " + imapQuoted(user.login) + " " + imapQuoted(user.password));
  if (login.status != "OK") {
    throw std::runtime_error("LOGIN as " + user.login + " answered " + login.tagged);
  }
  session.capability = session.command("CAPABILITY");
  return session;
}

}  // namespace oxh::runner::certify
