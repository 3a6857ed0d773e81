#include "mock_dovecot/lmtp/lmtp_protocol.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace oxh::dovecot::lmtp {

namespace {

constexpr std::size_t kMaxLineLength = 4096;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower(text.substr(0, prefix.size())) == lower(prefix);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return text;
}

// "<path> [params]" -> path and params; nullopt with Dovecot's error text when malformed.
struct PathArgument {
  std::string path;
  std::string parameters;
  std::string error;
};

PathArgument parsePath(std::string_view text) {
  PathArgument out;
  text = trim(text);
  if (text.empty() || text.front() != '<') {
    out.error = "Missing '<' at beginning of path";
    return out;
  }
  const auto close = text.find('>');
  if (close == std::string_view::npos) {
    out.error = "Missing '>' at end of path";
    return out;
  }
  out.path = std::string(text.substr(1, close - 1));
  out.parameters = std::string(trim(text.substr(close + 1)));
  // A local part with spaces or controls is refused (confirmed against Dovecot 2.3.19:
  // "MAIL FROM:<a b@c>" -> 501 5.5.4 Invalid FROM: Invalid character in localpart).
  const auto at = out.path.rfind('@');
  const std::string_view local = std::string_view(out.path).substr(0, at == std::string::npos ? out.path.size() : at);
  for (unsigned char c : local) {
    if (c <= ' ' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' || c == '\\' || c == '"' ||
        c == '[' || c == ']' || c == 0x7f) {
      out.error = "Invalid character in localpart";
      return out;
    }
  }
  return out;
}

std::string reply(std::string_view text) { return std::string(text) + "\r\n"; }

std::string rfc2822Date(std::int64_t unixTime) {
  const std::time_t time = static_cast<std::time_t>(unixTime);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buffer;
}

}  // namespace

LmtpProtocol::LmtpProtocol(LmtpOptions options) : options_(std::move(options)) {
  sessionId_ = options_.newSessionId ? options_.newSessionId() : std::string(22, 'A');
}

std::string LmtpProtocol::greeting() const { return reply("220 " + options_.hostname + " Dovecot (Debian) ready."); }

std::string LmtpProtocol::feed(std::string_view bytes) {
  buffer_.append(bytes);
  std::string out;
  while (!closed_ && !pending_) {
    if (mode_ == Mode::Chunk) {
      const auto take = std::min(chunkRemaining_, buffer_.size());
      data_.append(buffer_, 0, take);
      buffer_.erase(0, take);
      chunkRemaining_ -= take;
      if (chunkRemaining_ > 0) {
        break;
      }
      mode_ = Mode::Commands;
      if (chunkLast_) {
        completeTransaction();
      } else {
        // Confirmed against Dovecot 2.3.19: "250 2.0.0 Added 10 octets".
        out += reply("250 2.0.0 Added " + std::to_string(lastChunkSize_) + " octets");
      }
      continue;
    }
    const auto end = buffer_.find("\r\n");
    if (end == std::string::npos) {
      if (mode_ == Mode::Commands && buffer_.size() > kMaxLineLength) {
        buffer_.clear();
        out += reply("500 5.5.2 Line too long");
      }
      break;
    }
    std::string line = buffer_.substr(0, end);
    buffer_.erase(0, end + 2);
    if (mode_ == Mode::Data) {
      if (line == ".") {
        mode_ = Mode::Commands;
        completeTransaction();
        continue;
      }
      // RFC 5321 section 4.5.2: a leading dot was doubled by the sender.
      if (!line.empty() && line[0] == '.') {
        line.erase(0, 1);
      }
      data_ += line;
      data_ += "\r\n";
      continue;
    }
    out += command(line);
  }
  return out;
}

std::string LmtpProtocol::command(std::string_view line) {
  const auto space = line.find(' ');
  const std::string verb = lower(line.substr(0, space));
  const std::string_view arguments = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  if (verb == "lhlo") {
    if (trim(arguments).empty()) {
      return reply("501 Missing hostname");  // confirmed against Dovecot 2.3.19 (no enhanced code)
    }
    lhloName_ = std::string(trim(arguments));
    resetTransaction();
    return reply("250-" + options_.hostname) + reply("250-8BITMIME") + reply("250-CHUNKING") +
           reply("250-ENHANCEDSTATUSCODES") + reply("250 PIPELINING");
  }
  if (verb == "mail") {
    return mailFrom(arguments);
  }
  if (verb == "rcpt") {
    return rcptTo(arguments);
  }
  if (verb == "data") {
    return startData();
  }
  if (verb == "bdat") {
    return bdat(arguments);
  }
  if (verb == "rset") {
    resetTransaction();
    return reply("250 2.0.0 OK");
  }
  if (verb == "noop") {
    return reply("250 2.0.0 OK");
  }
  if (verb == "vrfy") {
    return reply("252 2.3.3 Try RCPT instead");
  }
  if (verb == "quit") {
    closed_ = true;
    return reply("221 2.0.0 Bye");
  }
  return reply("500 5.5.1 Unknown command");
}

std::string LmtpProtocol::mailFrom(std::string_view arguments) {
  if (!startsWithNoCase(arguments, "FROM:")) {
    return reply("501 5.5.4 Invalid parameters");
  }
  if (mailFrom_) {
    return reply("503 5.5.0 MAIL already given");
  }
  const auto path = parsePath(arguments.substr(5));
  if (!path.error.empty()) {
    return reply("501 5.5.4 Invalid FROM: " + path.error);
  }
  // Only BODY=7BIT/8BITMIME is announced (8BITMIME); anything else, SIZE included, is refused
  // (confirmed against Dovecot 2.3.19: "555 5.5.4 Unsupported parameters").
  const auto parameters = lower(path.parameters);
  if (!parameters.empty() && parameters != "body=8bitmime" && parameters != "body=7bit") {
    return reply("555 5.5.4 Unsupported parameters");
  }
  mailFrom_ = path.path;
  return reply("250 2.1.0 OK");
}

std::string LmtpProtocol::rcptTo(std::string_view arguments) {
  if (!startsWithNoCase(arguments, "TO:")) {
    return reply("501 5.5.4 Invalid parameters");
  }
  if (!mailFrom_) {
    return reply("503 5.5.0 MAIL needed first");
  }
  const auto path = parsePath(arguments.substr(3));
  if (!path.error.empty()) {
    return reply("501 5.5.4 Invalid TO: " + path.error);
  }
  if (path.path.empty()) {
    return reply("501 5.5.4 Invalid TO: Null path not allowed");
  }
  if (!path.parameters.empty()) {
    return reply("555 5.5.4 Unsupported parameters");
  }
  ++rcptIndex_;
  Recipient recipient;
  recipient.address = path.path;
  const auto at = path.path.rfind('@');
  std::string local = path.path.substr(0, at);
  const std::string domain = at == std::string::npos ? std::string() : path.path.substr(at);
  // recipient_delimiter = + with lmtp_save_to_detail_mailbox = yes.
  if (const auto plus = local.find('+'); plus != std::string::npos) {
    recipient.detail = local.substr(plus + 1);
    local.resize(plus);
  }
  recipient.user = lower(local + domain);
  if (!options_.userExists || !options_.userExists(recipient.user)) {
    const std::string plain = local + domain;
    return reply("550 5.1.1 <" + path.path + "> User doesn't exist: " + plain);
  }
  recipient.replyId = sessionId_ + (transactionCount_ > 0 ? ":T" + std::to_string(transactionCount_ + 1) : "") +
                      (rcptIndex_ > 1 ? ":R" + std::to_string(rcptIndex_) : "");
  recipients_.push_back(std::move(recipient));
  return reply("250 2.1.5 OK");
}

std::string LmtpProtocol::startData() {
  if (!mailFrom_) {
    return reply("503 5.5.0 MAIL needed first");
  }
  if (recipients_.empty()) {
    return reply("503 5.5.0 No valid recipients");
  }
  mode_ = Mode::Data;
  data_.clear();
  return reply("354 OK");
}

std::string LmtpProtocol::bdat(std::string_view arguments) {
  if (!mailFrom_) {
    return reply("503 5.5.0 MAIL needed first");
  }
  if (recipients_.empty()) {
    return reply("503 5.5.0 No valid recipients");
  }
  const auto parts = trim(arguments);
  const auto space = parts.find(' ');
  const std::string sizeText(parts.substr(0, space));
  if (sizeText.empty() || !std::all_of(sizeText.begin(), sizeText.end(), ::isdigit)) {
    return reply("501 5.5.4 Invalid chunk size parameter");
  }
  chunkRemaining_ = std::stoull(sizeText);
  lastChunkSize_ = chunkRemaining_;
  chunkLast_ = space != std::string_view::npos && lower(trim(parts.substr(space))) == "last";
  mode_ = Mode::Chunk;
  return {};
}

void LmtpProtocol::completeTransaction() {
  Transaction transaction;
  transaction.mailFrom = *mailFrom_;
  transaction.recipients = recipients_;
  transaction.message = std::move(data_);
  transaction.receivedId = sessionId_ + (transactionCount_ > 0 ? ":T" + std::to_string(transactionCount_ + 1) : "");
  pending_ = std::move(transaction);
  data_.clear();
}

std::string LmtpProtocol::finishTransaction(const std::vector<std::string>& recipientReplies) {
  std::string out;
  for (const auto& line : recipientReplies) {
    out += reply(line);
  }
  pending_.reset();
  ++transactionCount_;
  resetTransaction();
  return out + feed({});
}

void LmtpProtocol::resetTransaction() {
  mailFrom_.reset();
  recipients_.clear();
  rcptIndex_ = 0;
  data_.clear();
}

std::string LmtpProtocol::storedMessage(const Transaction& transaction, const Recipient& recipient,
                                        std::int64_t unixTime) const {
  // Confirmed against Dovecot 2.3.19: Delivered-To and "for <rcpt>" only when the transaction
  // has a single recipient.
  const bool single = transaction.recipients.size() == 1;
  std::string header = "Return-Path: <" + transaction.mailFrom + ">\r\n";
  if (single) {
    header += "Delivered-To: " + recipient.address + "\r\n";
  }
  header += "Received: from " + lhloName_ + " ([" + options_.clientIp + "])\r\n\tby " + options_.hostname +
            " with LMTP\r\n\tid " + transaction.receivedId + "\r\n\t(envelope-from <" + transaction.mailFrom + ">)";
  if (single) {
    header += "\r\n\tfor <" + recipient.address + ">";
  }
  header += "; " + rfc2822Date(unixTime) + "\r\n";
  return header + transaction.message;
}

}  // namespace oxh::dovecot::lmtp
