// AUTHENTICATE (RFC 3501 section 6.2.2) with SASL-IR (RFC 4959): PLAIN (RFC 4616) and LOGIN.
// Texts from login-common (confirmed against Dovecot 2.3.19: "+ " continuation, "NO [ALERT]
// Unsupported authentication mechanism.").
#include <algorithm>

#include "common/codec/base64.hpp"
#include "mock_dovecot/imap/commands/commands.hpp"
#include "mock_dovecot/imap/imap_session.hpp"

namespace oxh::dovecot::imap {

namespace {

constexpr const char* kFailed = "NO [AUTHENTICATIONFAILED] Authentication failed.";
constexpr const char* kAborted = "BAD Authentication aborted by client.";

struct Credentials {
  std::string user;
  std::string password;
};

// authzid NUL authcid NUL password; an authzid other than the user is refused.
std::optional<Credentials> decodePlain(const std::string& encoded) {
  const std::string decoded = encoded == "=" ? std::string() : codec::base64Decode(encoded);
  const auto first = decoded.find('\0');
  const auto second = first == std::string::npos ? first : decoded.find('\0', first + 1);
  if (second == std::string::npos) {
    return std::nullopt;
  }
  Credentials out{decoded.substr(first + 1, second - first - 1), decoded.substr(second + 1)};
  const std::string authzid = decoded.substr(0, first);
  if (!authzid.empty() && authzid != out.user) {
    return std::nullopt;
  }
  return out;
}

// Ends a deferred AUTHENTICATE (the tag is the session's deferred tag).
void finishDeferred(ImapSession& session, const std::optional<Credentials>& credentials) {
  const std::string tag = session.deferredTag();
  if (!credentials || !session.store().authenticate(credentials->user, credentials->password)) {
    session.finishDeferred(kFailed, false);
    return;
  }
  session.finishDeferred({}, false);
  session.loggedIn(tag, credentials->user);
}

}  // namespace

void cmdAuthenticate(CommandContext& ctx) {
  const auto mechanism = ctx.args.empty() ? std::nullopt : ctx.args[0].astring();
  if (!mechanism || ctx.args.size() > 2) {
    ctx.commandError("Invalid arguments.");
    return;
  }
  const auto& mechanisms = ctx.session.profile().authMechanisms;
  const std::string name = toUpper(*mechanism);
  if (std::find(mechanisms.begin(), mechanisms.end(), name) == mechanisms.end()) {
    ctx.no("[ALERT] Unsupported authentication mechanism.");
    return;
  }
  ImapSession& session = ctx.session;
  if (name == "PLAIN" && ctx.args.size() == 2) {
    // SASL-IR: the response came with the command.
    const auto credentials = decodePlain(ctx.args[1].value);
    if (!credentials || !session.store().authenticate(credentials->user, credentials->password)) {
      ctx.tagged(kFailed);
      return;
    }
    session.loggedIn(ctx.tag, credentials->user);
    ctx.markAnswered();
    return;
  }
  ctx.defer();
  if (name == "PLAIN") {
    session.writeLine("+ ");
    session.awaitLine([](ImapSession& s, const std::string& line) {
      if (line == "*") {
        s.finishDeferred(kAborted, false);
        return;
      }
      finishDeferred(s, decodePlain(line));
    });
    return;
  }
  // LOGIN: "Username:" and "Password:" prompts, base64 encoded.
  session.writeLine("+ VXNlcm5hbWU6");
  session.awaitLine([](ImapSession& s, const std::string& line) {
    if (line == "*") {
      s.finishDeferred(kAborted, false);
      return;
    }
    const std::string user = codec::base64Decode(line);
    s.writeLine("+ UGFzc3dvcmQ6");
    s.awaitLine([user](ImapSession& s2, const std::string& passwordLine) {
      if (passwordLine == "*") {
        s2.finishDeferred(kAborted, false);
        return;
      }
      finishDeferred(s2, Credentials{user, codec::base64Decode(passwordLine)});
    });
  });
}

}  // namespace oxh::dovecot::imap
