// /ajax/mail new (ox.md 2.3): POST multipart/form-data (json_0 = the mail, file_N = attachments)
// sends: the composed RFC 5322 message is APPENDed to Sent (\Seen) and delivered over LMTP to
// the recipients who are users of this installation (there is no outbound MTA); sendtype 3
// (draft) stores to Drafts instead. PUT with `folder` and a raw RFC 822 body stores the message
// there (APPEND, flags from the `flags` bits) and answers {folder_id, id}.
// The upload answer is App Suite's HTML callback page unless force_json_response=true.
#include <chrono>
#include <random>

#include "common/clients/lmtp_client.hpp"
#include "common/codec/base64.hpp"
#include "mock_facade/ajax/ajax_errors.hpp"
#include "mock_facade/ajax/facade_modules.hpp"
#include "mock_facade/ajax/mail_common.hpp"
#include "mock_facade/ajax/mail_folders.hpp"
#include "mock_facade/ajax/multipart_form.hpp"

namespace oxh::facade {

namespace {

std::string rfc5322Now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return text;
}

bool ascii(const std::string& text) {
  for (unsigned char c : text) if (c >= 0x80 || c == '\r' || c == '\n') return false;
  return true;
}

std::string encodeWord(const std::string& text) {
  return ascii(text) ? text : "=?UTF-8?B?" + codec::base64Encode(text) + "?=";
}

// [[personal, address], ...] or "a@b, c@d" -> header value and bare addresses.
std::pair<std::string, std::vector<std::string>> addresses(const nlohmann::json& value) {
  std::string header;
  std::vector<std::string> bare;
  auto add = [&](const std::string& personal, const std::string& address) {
    if (address.empty()) return;
    header += (header.empty() ? "" : ", ") + (personal.empty() ? address : "\"" + encodeWord(personal) + "\" <" + address + ">");
    bare.push_back(address);
  };
  if (value.is_string()) {
    std::string item;
    for (char c : value.get<std::string>() + ",") {
      if (c == ',') {
        const auto first = item.find_first_not_of(' ');
        const auto last = item.find_last_not_of(' ');
        if (first != std::string::npos) add("", item.substr(first, last - first + 1));
        item.clear();
      } else {
        item += c;
      }
    }
  } else if (value.is_array()) {
    for (const auto& entry : value) {
      if (entry.is_array() && entry.size() >= 2) {
        add(entry[0].is_string() ? entry[0].get<std::string>() : "", entry[1].is_string() ? entry[1].get<std::string>() : "");
      } else if (entry.is_string()) {
        add("", entry.get<std::string>());
      }
    }
  }
  return {header, bare};
}

std::string randomToken() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return std::to_string(random());
}

// The mail JSON's `headers` object: as App Suite 8's MimeMessageFiller (isCustomOrReplyHeader),
// X-* headers, In-Reply-To, References and Message-ID are taken over; others are ignored (7.x
// releases did not take Message-ID: a client wanting an id of its own should send an X- header
// too). Values with CR or LF are refused.
std::vector<std::pair<std::string, std::string>> customHeaders(const nlohmann::json& mail) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!mail.contains("headers") || !mail["headers"].is_object()) return out;
  for (const auto& [name, value] : mail["headers"].items()) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool custom = lower.size() > 2 && lower.compare(0, 2, "x-") == 0;
    if (!custom && lower != "in-reply-to" && lower != "references" && lower != "message-id") continue;
    if (!value.is_string()) throw errors::invalidParameter("headers." + name, value.dump());
    const auto text = value.get<std::string>();
    if (text.find_first_of("\r\n") != std::string::npos || name.find_first_of(": \r\n") != std::string::npos) {
      throw errors::invalidParameter("headers." + name, text);
    }
    out.emplace_back(lower == "message-id" ? "Message-ID" : name, text);
  }
  return out;
}

struct Composed {
  std::string message;
  std::vector<std::string> recipients;
};

Composed compose(const FacadeUser& user, const std::string& localDomain, const nlohmann::json& mail,
                 const std::vector<FormPart>& files) {
  Composed out;
  const std::string self = !user.email.empty() ? user.email : (user.login.find('@') != std::string::npos ? user.login : user.login + "@" + localDomain);
  auto [from, fromBare] = addresses(mail.contains("from") ? mail["from"] : nlohmann::json(self));
  if (from.empty()) from = self;
  std::string headers = "From: " + from + "\r\n";
  for (const char* field : {"to", "cc", "bcc"}) {
    if (!mail.contains(field)) continue;
    auto [value, bare] = addresses(mail[field]);
    out.recipients.insert(out.recipients.end(), bare.begin(), bare.end());
    if (!value.empty() && std::string(field) != "bcc") {
      headers += std::string(field == std::string("to") ? "To" : "Cc") + ": " + value + "\r\n";
    }
  }
  const std::string subject = mail.value("subject", "");
  headers += "Subject: " + encodeWord(subject) + "\r\n";
  headers += "Date: " + rfc5322Now() + "\r\n";
  const auto extra = customHeaders(mail);
  std::string messageId = "<" + randomToken() + ".oxharness@" + localDomain + ">";
  for (const auto& [name, value] : extra) {
    if (name == "Message-ID") messageId = value;
  }
  headers += "Message-ID: " + messageId + "\r\n";
  for (const auto& [name, value] : extra) {
    if (name != "Message-ID") headers += name + ": " + value + "\r\n";
  }
  if (mail.contains("msgref") && mail["msgref"].is_string()) headers += "X-OX-Msgref: " + mail["msgref"].get<std::string>() + "\r\n";
  headers += "MIME-Version: 1.0\r\n";
  std::string text, textType = "text/plain";
  if (mail.contains("attachments") && mail["attachments"].is_array() && !mail["attachments"].empty()) {
    const auto& first = mail["attachments"][0];
    text = first.value("content", "");
    const auto type = first.value("content_type", "text/plain");
    textType = type == "text/html" ? "text/html" : "text/plain";  // ALTERNATIVE: sent as its text part
  }
  const std::string textPart = "Content-Type: " + textType + "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                               codec::base64Encode(text) + "\r\n";
  if (files.empty()) {
    out.message = headers + textPart;
    return out;
  }
  const std::string boundary = "oxh-" + randomToken();
  std::string body = "--" + boundary + "\r\n" + textPart;
  for (const auto& file : files) {
    body += "--" + boundary + "\r\nContent-Type: " + (file.contentType.empty() ? "application/octet-stream" : file.contentType) +
            "\r\nContent-Disposition: attachment; filename=\"" + file.filename + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            codec::base64Encode(file.body) + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  out.message = headers + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" + body;
  return out;
}

std::optional<std::string> appendedUid(const clients::imap::CommandResult& result) {
  return imapfetch::responseCodeArgument(result.tagged, "APPENDUID", 1);
}

std::string append(ImapAccount& account, const std::string& mailbox, const std::vector<std::string>& flags, const std::string& message) {
  std::string crlf;
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) crlf += '\r';
    crlf += message[i];
  }
  account.unselect();  // APPEND works unselected; the selection stays valid, but be explicit
  const auto result = account.run("APPEND " + imapString(mailbox) + " " + flagList(flags) + " {" + std::to_string(crlf.size()) + "}\r\n" + crlf);
  if (result.status != "OK") throw errors::folderNotFound(folderIdOf(mailbox));
  return appendedUid(result).value_or("");
}

// A reply (sendtype 1) marks the mail its msgref names ("default0/INBOX/5") \Answered, as the
// middleware's MailServletInterfaceImpl does after sending ("Mark referenced mail as answered");
// a referenced mail that is gone does not fail the send there either.
void markAnswered(ImapAccount& account, const nlohmann::json& mail) {
  if (!mail.contains("msgref") || !mail["msgref"].is_string()) return;
  const auto ref = mail["msgref"].get<std::string>();
  const auto slash = ref.rfind('/');
  if (slash == std::string::npos) return;
  try {
    const auto folderId = ref.substr(0, slash);
    selectFolder(account, folderId);
    mustRun(account, "UID STORE " + std::to_string(uidOf(ref.substr(slash + 1), folderId)) + " +FLAGS.SILENT (\\Answered)");
  } catch (const AjaxError&) {
    // the referenced mail or folder is gone: the mail is sent all the same
  }
}

http1::Response callbackPage(const nlohmann::json& envelope) {
  http1::Response response;
  response.status = 200;
  response.headers.emplace_back("Content-Type", "text/html; charset=UTF-8");
  response.body = "<!DOCTYPE html><html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">"
                  "<script type=\"text/javascript\">(parent[\"callback_new\"] || window.opener && window.opener[\"callback_new\"])(" +
                  envelope.dump() + ")</script></head></html>";
  return response;
}

nlohmann::json storeRaw(FacadeContext& context, const AjaxCall& call) {
  const auto folderId = requireParam(call, "folder");
  const auto mailbox = mailboxOf(folderId);
  if (call.request.body.empty()) throw errors::missingBody();
  std::vector<std::string> flags;
  if (auto bits = call.param("flags")) {
    if (bits->empty() || bits->size() > 5 || bits->find_first_not_of("0123456789") != std::string::npos) throw errors::invalidParameter("flags", *bits);
    flags = flagging::imapFlagsForBits(std::stoi(*bits));
  }
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  const auto uid = append(account, mailbox, flags, call.request.body);
  return {{"folder_id", folderId}, {"id", uid}};
}

nlohmann::json send(FacadeContext& context, const AjaxCall& call) {
  const auto type = call.request.header("Content-Type").value_or("");
  const auto boundary = multipartBoundary(type);
  if (!boundary) throw errors::invalidBodyType("multipart/form-data", type.empty() ? "none" : type);
  const auto parts = parseMultipartForm(call.request.body, *boundary);
  if (!parts) throw errors::badRequest("malformed multipart/form-data body");
  const FormPart* json = nullptr;
  std::vector<FormPart> files;
  for (const auto& part : *parts) {
    if (part.name == "json_0") json = &part;
    else if (part.name.rfind("file_", 0) == 0) files.push_back(part);
  }
  if (!json) throw errors::missingParameter("json_0");
  const auto mail = nlohmann::json::parse(json->body, nullptr, false);
  if (mail.is_discarded()) throw errors::invalidJsonBody();
  if (!mail.is_object()) throw errors::invalidBodyType("JSONObject", mail.type_name());
  const auto composed = compose(*call.user, context.localDomain, mail, files);
  const bool draft = mail.value("sendtype", 0) == 3 || mail.value("flags", 0) & 4;
  if (!draft && composed.recipients.empty()) throw errors::missingField("to");
  auto& account = context.mail.account(*call.user);
  std::string stored;
  {
    auto lock = account.lock();
    const auto mailbox = draft ? specialFolder(account, "\\Drafts", "Drafts") : specialFolder(account, "\\Sent", "Sent");
    const auto uid = append(account, mailbox, draft ? std::vector<std::string>{"\\Draft", "\\Seen"} : std::vector<std::string>{"\\Seen"},
                            composed.message);
    stored = folderIdOf(mailbox) + "/" + uid;
    if (!draft && mail.value("sendtype", 0) == 1) markAnswered(account, mail);
  }
  if (!draft) {
    std::vector<std::string> local, remote;
    for (const auto& recipient : composed.recipients) {
      bool known = false;
      for (const auto& user : context.users) {
        const std::string address = !user.email.empty() ? user.email : user.login;
        if (address == recipient || user.login == recipient) known = true;
      }
      (known ? local : remote).push_back(recipient);
    }
    if (!local.empty() && context.lmtp) {
      clients::lmtp::Delivery delivery;
      delivery.mailFrom = !call.user->email.empty() ? call.user->email : call.user->login;
      delivery.recipients = local;
      delivery.message = composed.message;
      try {
        clients::lmtp::deliver(*context.lmtp, delivery, context.journal, "facade.lmtp", journal::Clock::now() + std::chrono::seconds(15));
      } catch (const std::exception& error) {
        throw AjaxError("MSG-1000", "CONNECTIVITY", "Mail transport failed: %1$s", {error.what()});
      }
    }
    journal::Entry entry;
    entry.component = "facade";
    entry.kind = "mail.sent";
    entry.summary = call.user->login + " sent mail to " + std::to_string(local.size()) + " local and " + std::to_string(remote.size()) + " remote recipients";
    entry.data = {{"user", call.user->login}, {"local", local}, {"remote_not_delivered", remote}, {"stored", stored}};
    context.journal.append(std::move(entry));
  }
  nlohmann::json envelope = {{"data", stored}};
  if (!boolParam(call, "force_json_response", false)) {
    call.reply->raw = callbackPage(envelope);
  }
  return stored;
}

}  // namespace

void registerMailNewAction(AjaxDispatcher& dispatcher, FacadeContext& context) {
  dispatcher.registerAction(
      "mail", "new",
      [&context](const AjaxCall& call) {
        if (call.request.method == "PUT") return storeRaw(context, call);
        return send(context, call);
      },
      true);
}

}  // namespace oxh::facade
