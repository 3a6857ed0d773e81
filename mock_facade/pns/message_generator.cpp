#include "mock_facade/pns/message_generator.hpp"

#include <cctype>
#include <cstdio>

namespace oxh::facade::pns {

namespace {

std::string trim(const std::string& text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])) != 0) {
    ++begin;
  }
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])) != 0) {
    --end;
  }
  return text.substr(begin, end - begin);
}

// Cuts at a UTF-8 character boundary at or below `limit` bytes.
std::string truncateUtf8(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) {
    return text;
  }
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return text.substr(0, cut);
}

std::string sender(const MailNewData& data) {
  return data.displayname.empty() ? data.email : data.displayname;
}

// cid = folder/id (or the data's own cid); without one, the folder (ox.md 4.6).
void addMailPath(nlohmann::ordered_json& payload, const MailNewData& data, bool composeCid) {
  std::string cid = data.cid;
  if (cid.empty() && composeCid && !data.id.empty()) {
    cid = data.folder + "/" + data.id;
  }
  if (!cid.empty()) {
    payload["cid"] = cid;
  } else {
    payload["folder"] = data.folder;
  }
}

}  // namespace

std::optional<Era> parseEra(const std::string& version) {
  int major = 0;
  int minor = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) < 1) {
    return std::nullopt;
  }
  if (major == 7 && minor == 8) {
    return Era::V78;
  }
  if ((major == 7 && minor >= 10) || major >= 8) {
    return Era::V710;
  }
  return std::nullopt;
}

std::string eraName(Era era) {
  return era == Era::V78 ? "7.8" : "7.10";
}

nlohmann::ordered_json MailNewData::toJson() const {
  return fcmData(*this);
}

nlohmann::ordered_json apnsPayload(Era era, const MailNewData& data, const GeneratorSettings& settings) {
  nlohmann::ordered_json payload;
  nlohmann::ordered_json aps = nlohmann::ordered_json::object();
  const bool badge = settings.badge && data.unread && *data.unread >= 0;
  if (era == Era::V78) {
    // JavaPNS PushNotificationPayload: alert string, badge, sound; no alert without a subject.
    if (!data.subject.empty()) {
      aps["alert"] = sender(data) + "\n" + data.subject;
      if (badge) {
        aps["badge"] = *data.unread;
      }
      if (settings.sound) {
        aps["sound"] = settings.soundFile;
      }
    } else if (badge) {
      aps["badge"] = *data.unread;
    }
    payload["aps"] = aps;
    // The 7.8 generator did not compose cid from folder and id (ox.md 4.6, inferred).
    addMailPath(payload, data, false);
    return payload;
  }
  if (!data.subject.empty() && !sender(data).empty()) {
    aps["alert"] = {{"title", data.subject},
                    {"body", truncateUtf8(sender(data) + "\n" + data.subject, kApnsMaxAlertBody)}};
    if (badge) {
      aps["badge"] = *data.unread;
    }
    if (settings.sound) {
      aps["sound"] = settings.soundFile;
    }
    aps["category"] = "new-message-category";
  } else {
    aps["content-available"] = 1;
  }
  payload["aps"] = aps;
  addMailPath(payload, data, true);
  payload["namespace"] = "/";
  return payload;
}

nlohmann::ordered_json fcmData(const MailNewData& data) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["folder"] = data.folder;
  if (!data.id.empty()) {
    out["id"] = data.id;
  }
  if (!data.cid.empty()) {
    out["cid"] = data.cid;
  }
  if (!data.email.empty()) {
    out["email"] = data.email;
  }
  if (!data.displayname.empty()) {
    out["displayname"] = data.displayname;
  }
  out["subject"] = data.subject;
  if (data.unread && *data.unread >= 0) {
    out["unread"] = std::to_string(*data.unread);
  }
  if (!data.teaser.empty()) {
    out["teaser"] = data.teaser;
  }
  return out;
}

void splitFrom(const std::string& from, std::string& email, std::string& displayname) {
  email.clear();
  displayname.clear();
  const auto open = from.rfind('<');
  const auto close = from.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    email = trim(from.substr(open + 1, close - open - 1));
    auto personal = trim(from.substr(0, open));
    if (personal.size() >= 2 && personal.front() == '"' && personal.back() == '"') {
      std::string unquoted;
      for (std::size_t i = 1; i + 1 < personal.size(); ++i) {
        if (personal[i] == '\\' && i + 2 < personal.size()) {
          ++i;
        }
        unquoted.push_back(personal[i]);
      }
      personal = unquoted;
    }
    displayname = personal;
    return;
  }
  email = trim(from);
}

}  // namespace oxh::facade::pns
