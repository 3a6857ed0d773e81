// /ajax/mail get (a full mail object: headers, body as attachments[0], attachments, flags,
// color_label per flagging mode; \Seen set unless unseen=true) and attachment (a part's bytes
// with its Content-Type) (ox.md 2.3), from BODYSTRUCTURE and BODY.PEEK[section].
#include <cctype>

#include "common/codec/base64.hpp"
#include "mock_facade/ajax/ajax_errors.hpp"
#include "mock_facade/ajax/facade_modules.hpp"
#include "mock_facade/ajax/mail_common.hpp"
#include "mock_facade/imap_client/mail_text.hpp"

namespace oxh::facade {

namespace {

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string decodeTransfer(const std::string& bytes, const std::string& encoding) {
  if (encoding == "base64") {
    std::string compact;
    for (char c : bytes) if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    return codec::base64Decode(compact);
  }
  if (encoding != "quoted-printable") return bytes;
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != '=') {
      out += bytes[i];
    } else if (i + 2 < bytes.size() && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
      i += 2;  // soft line break
    } else if (i + 1 < bytes.size() && bytes[i + 1] == '\n') {
      i += 1;
    } else if (i + 2 < bytes.size() && hexValue(bytes[i + 1]) >= 0 && hexValue(bytes[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(bytes[i + 1]) * 16 + hexValue(bytes[i + 2]));
      i += 2;
    } else {
      out += bytes[i];
    }
  }
  return out;
}

std::string toUtf8(const std::string& bytes, const std::string& charset) {
  const auto name = lower(charset);
  if (name != "iso-8859-1" && name != "iso-8859-15" && name != "windows-1252" && name != "latin1") return bytes;
  std::string out;
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

void leaves(const imapfetch::BodyPart& part, std::vector<const imapfetch::BodyPart*>& out) {
  if (part.type == "multipart") {
    for (const auto& child : part.children) leaves(child, out);
  } else {
    out.push_back(&part);
  }
}

std::string sectionOf(const imapfetch::BodyPart& part) { return part.section.empty() ? "1" : part.section; }

std::string fetchPart(ImapAccount& account, std::uint32_t uid, const imapfetch::BodyPart& part) {
  const auto section = sectionOf(part);
  const auto records = fetch(account, std::to_string(uid), "UID BODY.PEEK[" + section + "]");
  if (records.empty()) return "";
  for (const auto& [key, bytes] : records.front().sections) {
    if (key == "BODY[" + section + "]") return decodeTransfer(bytes, part.encoding);
  }
  return "";
}

nlohmann::json headerObject(const std::string& block) {
  nlohmann::json out = nlohmann::json::object();
  std::string name, value;
  auto flush = [&] {
    if (name.empty()) return;
    const auto text = mailtext::decodeEncodedWords(value);
    if (out.contains(name)) {
      if (!out[name].is_array()) out[name] = nlohmann::json::array({out[name]});
      out[name].push_back(text);
    } else {
      out[name] = text;
    }
    name.clear();
  };
  std::size_t pos = 0;
  while (pos < block.size()) {
    auto end = block.find('\n', pos);
    if (end == std::string::npos) end = block.size();
    std::string line = block.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = end + 1;
    if (line.empty()) break;
    if (line[0] == ' ' || line[0] == '\t') {
      value += " " + line.substr(line.find_first_not_of(" \t"));
      continue;
    }
    flush();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    name = line.substr(0, colon);
    value = line.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    value = first == std::string::npos ? "" : value.substr(first);
  }
  flush();
  return out;
}

std::string filenameOf(const imapfetch::BodyPart& part) {
  if (auto it = part.dispositionParams.find("filename"); it != part.dispositionParams.end()) return mailtext::decodeEncodedWords(it->second);
  if (auto it = part.params.find("name"); it != part.params.end()) return mailtext::decodeEncodedWords(it->second);
  return "";
}

imapfetch::MailRecord fetchOne(FacadeContext& context, const AjaxCall& call, ImapAccount& account, const std::string& folderId,
                               std::uint32_t uid, const std::string& items) {
  (void)context;
  (void)call;
  auto records = fetch(account, std::to_string(uid), items);
  if (records.empty()) throw errors::mailNotFound(std::to_string(uid), folderId);
  return std::move(records.front());
}

std::uint32_t resolveUid(ImapAccount& account, const AjaxCall& call, const std::string& folderId) {
  if (auto id = call.param("id")) return uidOf(*id, folderId);
  if (auto messageId = call.param("message_id")) {
    const auto found = search(account, "HEADER Message-ID " + imapString(*messageId));
    if (found.empty()) throw errors::mailNotFound(*messageId, folderId);
    return found.front();
  }
  throw errors::missingParameter("id");
}

nlohmann::json get(FacadeContext& context, const AjaxCall& call) {
  const auto folderId = requireParam(call, "folder");
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  selectFolder(account, folderId);
  const auto uid = resolveUid(account, call, folderId);
  auto record = fetchOne(context, call, account, folderId, uid,
                         "UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER]");
  const auto view = call.param("view").value_or("text");
  if (!boolParam(call, "unseen", false)) {
    const bool seen = (flagging::bitsForImapFlags(record.flags) & 32) != 0;
    if (!seen) {
      mustRun(account, "UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (\\Seen)");
      record.flags.push_back("\\Seen");
    }
  }
  const auto render = renderFor(call, folderId);
  nlohmann::json mail = nlohmann::json::object();
  for (int column : {600, 601, 102, 603, 604, 605, 606, 607, 608, 609, 610, 611, 614, 602, 666, 667, 668}) {
    mail[mailColumnName(column)] = mailColumn(record, column, render);
  }
  mail["account_id"] = 0;
  mail["account_name"] = render.accountName;
  std::string headerBlock;
  for (const auto& [key, bytes] : record.sections) if (key == "BODY[HEADER]") headerBlock = bytes;
  mail["headers"] = headerObject(headerBlock);
  mail["nested_msgs"] = nlohmann::json::array();
  nlohmann::json attachments = nlohmann::json::array();
  std::vector<const imapfetch::BodyPart*> parts;
  if (record.structure) leaves(*record.structure, parts);
  const bool wantsHtml = view == "html" || view == "noimg";
  const imapfetch::BodyPart* body = nullptr;
  for (const char* wanted : {wantsHtml ? "html" : "plain", wantsHtml ? "plain" : "html"}) {
    for (const auto* part : parts) {
      if (!body && part->type == "text" && part->subtype == wanted && part->disposition != "attachment") body = part;
    }
  }
  if (body) {
    auto charset = body->params.count("charset") ? body->params.at("charset") : std::string("us-ascii");
    std::string content = toUtf8(fetchPart(account, uid, *body), charset);
    attachments.push_back({{"id", sectionOf(*body)},
                           {"content_type", body->contentType()},
                           {"content", content},
                           {"disp", "inline"},
                           {"size", content.size()}});
  }
  for (const auto* part : parts) {
    if (part == body) continue;
    const bool alternativeText = part->type == "text" && part->disposition != "attachment" &&
                                 record.structure && record.structure->subtype == "alternative";
    if (alternativeText) continue;
    attachments.push_back({{"id", sectionOf(*part)},
                           {"content_type", part->contentType()},
                           {"filename", filenameOf(*part)},
                           {"disp", part->disposition.empty() ? std::string("attachment") : part->disposition},
                           {"size", part->size},
                           {"content", nullptr}});
  }
  mail["attachments"] = attachments;
  mail["unread"] = 0;
  return mail;
}

nlohmann::json attachment(FacadeContext& context, const AjaxCall& call) {
  const auto folderId = requireParam(call, "folder");
  const auto id = requireParam(call, "id");
  const auto wanted = call.param("attachment") ? *call.param("attachment") : requireParam(call, "attachment");
  auto& account = context.mail.account(*call.user);
  auto lock = account.lock();
  selectFolder(account, folderId);
  const auto uid = uidOf(id, folderId);
  const auto record = fetchOne(context, call, account, folderId, uid, "UID BODYSTRUCTURE");
  std::vector<const imapfetch::BodyPart*> parts;
  if (record.structure) leaves(*record.structure, parts);
  for (const auto* part : parts) {
    if (sectionOf(*part) != wanted) continue;
    http1::Response response;
    response.status = 200;
    std::string type = part->contentType();
    if (auto charset = part->params.find("charset"); charset != part->params.end()) type += "; charset=" + charset->second;
    response.headers.emplace_back("Content-Type", type);
    const auto filename = filenameOf(*part);
    const bool save = call.param("save") == std::optional<std::string>("1");
    response.headers.emplace_back("Content-Disposition",
                                  std::string(save ? "attachment" : "inline") + (filename.empty() ? "" : "; filename=\"" + filename + "\""));
    response.body = fetchPart(account, uid, *part);
    call.reply->raw = std::move(response);
    return nullptr;
  }
  // MailExceptionCode.ATTACHMENT_NOT_FOUND; its number is not in ox.md (UNCONFIRMED).
  throw AjaxError("MSG-0049", "USER_INPUT", "Attachment %1$s not found inside mail %2$s of mail folder %3$s",
                  {wanted, id, folderId});
}

}  // namespace

void registerMailGetActions(AjaxDispatcher& dispatcher, FacadeContext& context) {
  dispatcher.registerAction("mail", "get", [&context](const AjaxCall& call) { return get(context, call); }, true);
  dispatcher.registerAction("mail", "attachment", [&context](const AjaxCall& call) { return attachment(context, call); }, true);
}

}  // namespace oxh::facade
