#include "runner/client/mobile_client.hpp"

#include "common/http1/query.hpp"

namespace oxh::client {

namespace {

// Columns the client syncs (ox.md 2.3): id, subject, flags, color_label, from; the Message-ID
// comes from the `headers` parameter (App Suite has no Message-ID column).
constexpr const char* kColumns = "600,607,611,102,603";
constexpr const char* kHeaders = "Message-ID,X-OXH-Op";

std::string text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  return "";
}

int number(const nlohmann::json& value) { return value.is_number_integer() ? value.get<int>() : 0; }

}  // namespace

MobileClient::MobileClient(std::string name, ClientAccount account, std::unique_ptr<AjaxTransport> transport,
                           journal::Journal& journal, std::uint64_t seed)
    : name_(std::move(name)), account_(std::move(account)), transport_(std::move(transport)), journal_(journal),
      queue_(journal, name_, seed) {
  if (account_.email.empty()) {
    account_.email = account_.login.find('@') == std::string::npos ? account_.login + "@example.org" : account_.login;
  }
}

void MobileClient::note(const std::string& kind, const std::string& summary, nlohmann::json data) {
  journal::Entry entry;
  entry.component = "client";
  entry.kind = kind;
  entry.connection = name_;
  entry.summary = name_ + " " + summary;
  data["client"] = name_;
  entry.data = std::move(data);
  journal_.append(std::move(entry));
}

bool MobileClient::login() {
  AjaxRequest request;
  request.method = "POST";
  request.path = "/ajax/login";
  request.query = {{"action", "login"}};
  request.withSession = false;
  request.contentType = "application/x-www-form-urlencoded";
  request.body = "name=" + http1::percentEncode(account_.login) +
                 "&password=" + http1::percentEncode(account_.password) + "&client=open-xchange-mobile-api-facade";
  const auto reply = transport_->call(request, "", "");
  if (!reply.reachable) return false;
  if (!reply.body.is_object() || !reply.body.contains("session")) {
    throw ClientError("login of " + account_.login + " failed: " + (reply.body.is_null() ? "HTTP " + std::to_string(reply.status) : reply.body.dump()));
  }
  session_ = text(reply.body["session"]);
  cookie_.clear();
  for (const auto& [header, value] : reply.headers) {
    std::string lower = header;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "set-cookie" && value.rfind("open-xchange-secret-", 0) == 0) {
      cookie_ += (cookie_.empty() ? "" : "; ") + value.substr(0, value.find(';'));
    }
  }
  note("client.login", "logged in as " + account_.login, {{"user", account_.login}});
  return true;
}

MobileClient::Answer MobileClient::ask(const AjaxRequest& request) {
  Answer answer;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (session_.empty() && !login()) {
      answer.error = "login unreachable";
      return answer;
    }
    const auto reply = transport_->call(request, session_, cookie_);
    if (!reply.reachable) {
      answer.error = reply.error;
      return answer;
    }
    answer.reachable = true;
    answer.code = reply.code();
    if (answer.code.rfind("SES-", 0) == 0 && attempt == 0) {
      session_.clear();  // expired or unknown session: log in again, once
      continue;
    }
    if (reply.body.is_object() && reply.body.contains("data")) answer.data = reply.body["data"];
    if (answer.code.empty() && !(reply.body.is_object() && reply.body.contains("data"))) {
      answer.code = "HTTP-" + std::to_string(reply.status);
    }
    return answer;
  }
  return answer;
}

std::optional<std::vector<MobileClient::ServerMail>> MobileClient::listFolder(const std::string& folder) {
  AjaxRequest request;
  request.path = "/ajax/mail";
  request.query = {{"action", "all"}, {"folder", folder}, {"columns", kColumns}, {"headers", kHeaders}, {"timezone", "UTC"}};
  const auto answer = ask(request);
  if (!answer.reachable) return std::nullopt;
  std::vector<ServerMail> out;
  if (!answer.code.empty() || !answer.data.is_array()) return out;  // e.g. MSG-0066: the folder is gone
  for (const auto& row : answer.data) {
    if (!row.is_array() || row.size() < 7) continue;
    ServerMail mail;
    mail.folder = folder;
    mail.id = text(row[0]);
    mail.subject = text(row[1]);
    mail.flags = number(row[2]);
    mail.color = number(row[3]);
    if (row[4].is_array() && !row[4].empty() && row[4][0].is_array() && row[4][0].size() > 1) mail.fromAddress = text(row[4][0][1]);
    mail.messageId = text(row[5]);
    mail.opHeader = text(row[6]);
    out.push_back(std::move(mail));
  }
  return out;
}

bool MobileClient::sync() {
  AjaxRequest request;
  request.path = "/ajax/folders";
  request.query = {{"action", "list"}, {"parent", "1"}, {"columns", "1,300,316"}, {"all", "1"}};  // unsubscribed too
  const auto answer = ask(request);
  if (!answer.reachable) return false;
  if (!answer.code.empty() || !answer.data.is_array()) throw ClientError("folders list failed: " + answer.code);
  std::vector<LocalFolder> folders;
  for (const auto& row : answer.data) {
    if (!row.is_array() || row.size() < 3) continue;
    folders.push_back({text(row[0]), text(row[1]), number(row[2])});
  }
  std::vector<std::vector<ServerMail>> listed;
  for (const auto& folder : folders) {
    auto mails = listFolder(folder.id);
    if (!mails) return false;
    listed.push_back(std::move(*mails));
  }
  store_.setFolders(folders);
  store_.clearMails();
  std::size_t total = 0;
  for (auto& mails : listed) {
    for (auto& mail : mails) {
      store_.add({mail.folder, mail.id, mail.messageId, mail.subject, mail.fromAddress, mail.flags, mail.color, false});
      ++total;
    }
  }
  for (const auto& op : queue_.operations()) {
    if (op.state == OpState::Pending) applyLocal(op);
  }
  note("client.sync", "synced " + std::to_string(folders.size()) + " folders, " + std::to_string(total) + " mails",
       {{"folders", folders.size()}, {"mails", total}, {"pending", queue_.count(OpState::Pending)}});
  return true;
}

std::string MobileClient::trashFolder() const { return store_.standardFolder(12).value_or("default0/Trash"); }
std::string MobileClient::sentFolder() const { return store_.standardFolder(10).value_or("default0/Sent"); }

LocalMail& MobileClient::find(const MailRef& ref) {
  LocalMail* mail = nullptr;
  if (!ref.messageId.empty()) {
    mail = store_.findByMessageId(ref.messageId);
  } else {
    mail = store_.findBySubject(ref.subject, ref.folder.empty() ? "" : store_.resolveFolder(ref.folder));
  }
  if (mail == nullptr) {
    throw ClientError("client " + name_ + " has no mail " +
                      (ref.messageId.empty() ? "with subject '" + ref.subject + "'" : ref.messageId) +
                      (ref.folder.empty() ? "" : " in " + ref.folder) + " in its store (sync first?)");
  }
  return *mail;
}

LocalMail* MobileClient::findForOp(const Operation& op) {
  if (!op.messageId.empty()) return store_.findByMessageId(op.messageId);
  return store_.findBySubject(op.subject, op.folder);
}

const Operation& MobileClient::queueOn(const MailRef& ref, Operation op) {
  auto& mail = find(ref);
  op.messageId = mail.messageId;
  op.folder = mail.folder;
  op.mailId = mail.id;
  op.subject = mail.subject;
  applyLocal(op);
  return queue_.enqueue(std::move(op));
}

void MobileClient::applyLocal(const Operation& op) {
  if (op.kind == OpKind::Send || op.kind == OpKind::Reply) {
    if (op.kind == OpKind::Reply) {
      if (auto* original = findForOp(op)) original->flags |= kFlagAnswered;
    }
    store_.add({sentFolder(), "", op.sentMessageId, op.mail.value("subject", ""), account_.email, kFlagSeen, 0, true});
    return;
  }
  auto* mail = findForOp(op);
  if (mail == nullptr) return;  // gone on the server: replay records the conflict
  switch (op.kind) {
    case OpKind::Read: mail->flags |= kFlagSeen; break;
    case OpKind::Unread: mail->flags &= ~kFlagSeen; break;
    case OpKind::Flag: mail->flags |= kFlagFlagged; break;
    case OpKind::Unflag: mail->flags &= ~kFlagFlagged; break;
    case OpKind::Color: mail->color = op.color; break;
    case OpKind::Move:
    case OpKind::UndoDelete:
      mail->folder = op.destination;
      mail->id.clear();
      mail->pending = true;
      break;
    case OpKind::Delete:
      mail->folder = trashFolder();
      mail->id.clear();
      mail->pending = true;
      break;
    default: break;
  }
}

const Operation& MobileClient::setSeen(const MailRef& ref, bool seen) {
  Operation op;
  op.kind = seen ? OpKind::Read : OpKind::Unread;
  return queueOn(ref, std::move(op));
}

const Operation& MobileClient::setFlagged(const MailRef& ref, bool flagged) {
  Operation op;
  op.kind = flagged ? OpKind::Flag : OpKind::Unflag;
  return queueOn(ref, std::move(op));
}

const Operation& MobileClient::setColor(const MailRef& ref, int color) {
  if (color < 0 || color > 10) throw ClientError("color must be 0..10, got " + std::to_string(color));
  Operation op;
  op.kind = OpKind::Color;
  op.color = color;
  return queueOn(ref, std::move(op));
}

const Operation& MobileClient::move(const MailRef& ref, const std::string& folder) {
  Operation op;
  op.kind = OpKind::Move;
  op.destination = store_.resolveFolder(folder);
  return queueOn(ref, std::move(op));
}

const Operation& MobileClient::remove(const MailRef& ref) {
  Operation op;
  op.kind = OpKind::Delete;
  op.destination = trashFolder();
  return queueOn(ref, std::move(op));
}

const Operation* MobileClient::undoDelete(const MailRef& ref) {
  auto& mail = find(ref);
  Operation* last = nullptr;
  for (auto& op : queue_.operations()) {
    const bool same = !mail.messageId.empty() ? op.messageId == mail.messageId : op.subject == mail.subject;
    if (op.kind == OpKind::Delete && same && op.state != OpState::Cancelled) last = &op;
  }
  if (last == nullptr) throw ClientError("client " + name_ + ": no delete of '" + mail.subject + "' to undo");
  if (last->state == OpState::Pending) {
    // Not sent yet: take it back; the mail returns to where it was.
    queue_.transition(*last, OpState::Cancelled, "undone before it was sent");
    mail.folder = last->folder;
    mail.id = last->mailId;
    mail.pending = false;
    return nullptr;
  }
  Operation op;
  op.kind = OpKind::UndoDelete;
  op.destination = last->folder;
  return &queueOn({mail.subject, mail.messageId, mail.folder}, std::move(op));
}

const Operation& MobileClient::send(const std::string& to, const std::string& subject, const std::string& body) {
  Operation op;
  op.kind = OpKind::Send;
  op.id = queue_.newId();
  op.subject = subject;
  const auto at = account_.email.find('@');
  op.sentMessageId = "<" + op.id.substr(3) + ".oxh-client@" + (at == std::string::npos ? "example.org" : account_.email.substr(at + 1)) + ">";
  op.mail = {{"from", account_.email}, {"to", to}, {"subject", subject}, {"sendtype", 0},
             {"attachments", nlohmann::json::array({{{"content_type", "text/plain"}, {"content", body}}})},
             {"headers", {{"Message-ID", op.sentMessageId}, {"X-OXH-Op", op.id}}}};
  applyLocal(op);
  return queue_.enqueue(std::move(op));
}

const Operation& MobileClient::reply(const MailRef& ref, const std::string& body) {
  auto& original = find(ref);
  const auto subject = original.subject.rfind("Re: ", 0) == 0 ? original.subject : "Re: " + original.subject;
  Operation op;
  op.kind = OpKind::Reply;
  op.id = queue_.newId();
  const auto at = account_.email.find('@');
  op.sentMessageId = "<" + op.id.substr(3) + ".oxh-client@" + (at == std::string::npos ? "example.org" : account_.email.substr(at + 1)) + ">";
  nlohmann::json headers = {{"Message-ID", op.sentMessageId}, {"X-OXH-Op", op.id}};
  if (!original.messageId.empty()) {
    headers["In-Reply-To"] = original.messageId;
    headers["References"] = original.messageId;
  }
  op.mail = {{"from", account_.email}, {"to", original.fromAddress}, {"subject", subject}, {"sendtype", 1},
             {"attachments", nlohmann::json::array({{{"content_type", "text/plain"}, {"content", body}}})},
             {"headers", headers}};
  if (original.fromAddress.empty()) throw ClientError("client " + name_ + ": '" + original.subject + "' has no sender to reply to");
  return queueOn({original.subject, original.messageId, original.folder}, std::move(op));
}

}  // namespace oxh::client
