#include "mock_facade/ajax/mail_columns.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "mock_facade/ajax/mail_folders.hpp"
#include "mock_facade/imap_client/mail_text.hpp"

namespace oxh::facade {

namespace {

constexpr const char* kHeaderFields = "BODY.PEEK[HEADER.FIELDS (DISPOSITION-NOTIFICATION-TO X-PRIORITY)]";

bool hasFlag(const imapfetch::MailRecord& record, const char* flag) {
  return std::any_of(record.flags.begin(), record.flags.end(), [&](const std::string& f) {
    if (f.size() != std::char_traits<char>::length(flag)) return false;
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(f[i])) != std::tolower(static_cast<unsigned char>(flag[i]))) return false;
    }
    return true;
  });
}

std::string headerValue(const imapfetch::MailRecord& record, const std::string& name) {
  for (const auto& [key, bytes] : record.sections) {
    if (key.rfind("BODY[HEADER.FIELDS", 0) != 0) continue;
    std::string lowerBytes = bytes;
    for (auto& c : lowerBytes) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lowerBytes.find(name + ":");
    if (at == std::string::npos || (at > 0 && lowerBytes[at - 1] != '\n')) continue;
    auto end = bytes.find("\r\n", at);
    while (end != std::string::npos && end + 2 < bytes.size() && (bytes[end + 2] == ' ' || bytes[end + 2] == '\t')) {
      end = bytes.find("\r\n", end + 2);  // folded continuation
    }
    std::string value = bytes.substr(at + name.size() + 1, end == std::string::npos ? std::string::npos : end - at - name.size() - 1);
    const auto first = value.find_first_not_of(" \t");
    return first == std::string::npos ? "" : value.substr(first);
  }
  return "";
}

bool attachmentPart(const imapfetch::BodyPart& part) {
  if (part.type == "multipart") {
    return std::any_of(part.children.begin(), part.children.end(), attachmentPart);
  }
  if (part.disposition == "attachment") return true;
  return part.type != "text" && !(part.disposition == "inline" && part.type == "image");
}

}  // namespace

bool hasAttachments(const imapfetch::BodyPart& structure) {
  // App Suite's 602 flag: a multipart/mixed message (or one with a part that is not body text)
  // has attachments; multipart/alternative text bodies do not.
  if (structure.type != "multipart") return structure.disposition == "attachment";
  if (structure.subtype == "alternative") return false;
  return std::any_of(structure.children.begin(), structure.children.end(), attachmentPart);
}

std::string fetchItemsFor(const std::vector<int>& columns) {
  std::set<std::string> items{"UID", "FLAGS"};
  for (int column : columns) {
    switch (column) {
      case 602:
      case 656:
        items.insert("BODYSTRUCTURE");
        break;
      case 603: case 604: case 605: case 606: case 607: case 609: case 661: case 666: case 667:
        items.insert("ENVELOPE");
        break;
      case 608:
        items.insert("RFC822.SIZE");
        break;
      case 610:
        items.insert("INTERNALDATE");
        break;
      case 613:
      case 614:
        items.insert(kHeaderFields);
        break;
      case 662:
      case 663:
        items.insert("PREVIEW");  // RFC 8970, PREVIEW=FUZZY in Dovecot 2.3
        break;
      default:
        break;
    }
  }
  std::string out;
  for (const char* first : {"UID", "FLAGS"}) {
    out += std::string(out.empty() ? "" : " ") + first;
    items.erase(first);
  }
  for (const auto& item : items) out += " " + item;
  return out;
}

std::int64_t timeValue(std::int64_t utcMillis, const MailRender& render) {
  if (render.utc) return utcMillis;
  return utcMillis + mailtext::zoneOffsetMillis(render.timeZone, utcMillis);
}

nlohmann::json addressList(const std::vector<imapfetch::Address>& addresses) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& address : addresses) {
    out.push_back({address.personal ? nlohmann::json(mailtext::decodeEncodedWords(*address.personal)) : nlohmann::json(),
                   address.address});
  }
  return out;
}

int storedColorOf(const imapfetch::MailRecord& record) { return flagging::storedColor(record.flags); }

nlohmann::json mailColumn(const imapfetch::MailRecord& record, int column, const MailRender& render) {
  const auto* envelope = record.envelope ? &*record.envelope : nullptr;
  switch (column) {
    case 102:
      return flagging::displayedColor(render.mode, storedColorOf(record), hasFlag(record, "\\Flagged"), render.defaultColor);
    case 600:
      return std::to_string(record.uid);
    case 601:
      return render.folderId;
    case 602:
      return record.structure ? hasAttachments(*record.structure) : false;
    case 603:
      return envelope ? addressList(envelope->from) : nlohmann::json::array();
    case 604:
      return envelope ? addressList(envelope->to) : nlohmann::json::array();
    case 605:
      return envelope ? addressList(envelope->cc) : nlohmann::json::array();
    case 606:
      return envelope ? addressList(envelope->bcc) : nlohmann::json::array();
    case 607:
      if (!envelope || !envelope->subject) return nullptr;
      return mailtext::decodeEncodedWords(*envelope->subject);
    case 608:
      return record.size;
    case 609:
    case 661: {
      if (!envelope) return nullptr;
      auto sent = mailtext::parseRfc5322Date(envelope->date);
      if (!sent) {
        // No usable Date header: App Suite falls back to the received date.
        sent = mailtext::parseInternalDate(record.internalDate);
      }
      if (!sent) return nullptr;
      return column == 609 ? nlohmann::json(timeValue(*sent, render)) : nlohmann::json(std::to_string(timeValue(*sent, render)));
    }
    case 610: {
      const auto received = mailtext::parseInternalDate(record.internalDate);
      return received ? nlohmann::json(timeValue(*received, render)) : nlohmann::json();
    }
    case 611:
      return flagging::bitsForImapFlags(record.flags);
    case 612:
      return 0;
    case 613: {
      const auto value = headerValue(record, "disposition-notification-to");
      return value.empty() ? nlohmann::json() : nlohmann::json(value);
    }
    case 614: {
      const auto value = headerValue(record, "x-priority");
      if (value.empty() || !std::isdigit(static_cast<unsigned char>(value[0]))) return 3;  // normal
      return value[0] - '0';
    }
    case 652:
      return render.accountName;
    case 653:
      return 0;
    case 656:
      return record.structure ? nlohmann::json(record.structure->contentType()) : nlohmann::json();
    case 662:
    case 663:
      return record.preview ? nlohmann::json(*record.preview) : nlohmann::json();
    case 666:
      return envelope ? addressList(envelope->sender) : nlohmann::json::array();
    case 667:
      return envelope ? addressList(envelope->replyTo) : nlohmann::json::array();
    case 668: {
      nlohmann::json flags = nlohmann::json::array();
      for (const auto& flag : record.flags) {
        if (!flag.empty() && flag[0] != '\\' && !flagging::isColorKeyword(flag)) flags.push_back(flag);
      }
      return flags;
    }
    default:
      return nullptr;  // 615 msg_ref, 651/657-660 sort-only, 654/655 original ids, 664/665 ...
  }
}

nlohmann::json mailRow(const imapfetch::MailRecord& record, const std::vector<int>& columns, const MailRender& render) {
  nlohmann::json row = nlohmann::json::array();
  for (int column : columns) row.push_back(mailColumn(record, column, render));
  return row;
}

std::string headerFetchItem(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : " ") + name;
  return "BODY.PEEK[HEADER.FIELDS (" + list + ")]";
}

void appendHeaderValues(nlohmann::json& row, const imapfetch::MailRecord& record, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    std::string lowerName = name;
    for (auto& c : lowerName) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto value = headerValue(record, lowerName);
    row.push_back(value.empty() ? nlohmann::json() : nlohmann::json(value));
  }
}

std::string mailColumnName(int column) {
  static const std::array<std::pair<int, const char*>, 33> kNames{{
      {102, "color_label"}, {600, "id"}, {601, "folder_id"}, {602, "attachment"}, {603, "from"}, {604, "to"},
      {605, "cc"}, {606, "bcc"}, {607, "subject"}, {608, "size"}, {609, "sent_date"}, {610, "received_date"},
      {611, "flags"}, {612, "level"}, {613, "disp_notification_to"}, {614, "priority"}, {615, "msg_ref"},
      {651, "flag_seen"}, {652, "account_name"}, {653, "account_id"}, {654, "original_id"},
      {655, "original_folder_id"}, {656, "content_type"}, {657, "answered"}, {658, "forwarded"}, {659, "draft"},
      {660, "flagged"}, {661, "date"}, {662, "text_preview_if_available"}, {663, "text_preview"},
      {666, "sender"}, {667, "reply_to"}, {668, "user"}}};
  for (const auto& [id, name] : kNames) {
    if (id == column) return name;
  }
  return std::to_string(column);
}

}  // namespace oxh::facade
