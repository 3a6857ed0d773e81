#include "mock_facade/imap_client/fetch_parse.hpp"

#include <algorithm>
#include <cctype>

namespace oxh::facade::imapfetch {

using clients::imap::Token;

namespace {

std::string upper(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

std::string lower(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

bool isNil(const Token& token) { return token.type == Token::Type::Atom && upper(token.text) == "NIL"; }

std::optional<std::string> nstring(const Token& token) {
  if (isNil(token) || token.type == Token::Type::List) {
    return std::nullopt;
  }
  return token.text;
}

std::uint64_t number(const Token& token) {
  try {
    return token.type == Token::Type::Atom ? std::stoull(token.text) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

std::vector<Address> addresses(const Token& token) {
  std::vector<Address> out;
  if (token.type != Token::Type::List) {
    return out;
  }
  for (const auto& item : token.children) {
    if (item.type != Token::Type::List || item.children.size() < 4) {
      continue;
    }
    const auto mailbox = nstring(item.children[2]);
    const auto host = nstring(item.children[3]);
    if (!host) {
      continue;  // group start/end markers (RFC 3501 section 7.4.2)
    }
    Address address;
    address.personal = nstring(item.children[0]);
    address.address = mailbox.value_or("") + "@" + *host;
    out.push_back(std::move(address));
  }
  return out;
}

Envelope envelope(const Token& token) {
  Envelope out;
  const auto& c = token.children;
  if (c.size() < 10) {
    return out;
  }
  out.date = nstring(c[0]).value_or("");
  out.subject = nstring(c[1]);
  out.from = addresses(c[2]);
  out.sender = addresses(c[3]);
  out.replyTo = addresses(c[4]);
  out.to = addresses(c[5]);
  out.cc = addresses(c[6]);
  out.bcc = addresses(c[7]);
  out.inReplyTo = nstring(c[8]).value_or("");
  out.messageId = nstring(c[9]).value_or("");
  return out;
}

std::map<std::string, std::string> parameterList(const Token& token) {
  std::map<std::string, std::string> out;
  if (token.type != Token::Type::List) {
    return out;
  }
  for (std::size_t i = 0; i + 1 < token.children.size(); i += 2) {
    out[lower(token.children[i].text)] = token.children[i + 1].text;
  }
  return out;
}

void disposition(const Token& token, BodyPart& part) {
  if (token.type != Token::Type::List || token.children.empty()) {
    return;
  }
  part.disposition = lower(token.children[0].text);
  if (token.children.size() > 1) {
    part.dispositionParams = parameterList(token.children[1]);
  }
}

}  // namespace

BodyPart parseBodyStructure(const Token& list, const std::string& section) {
  BodyPart part;
  part.section = section;
  const auto& c = list.children;
  if (!c.empty() && c[0].type == Token::Type::List) {
    // multipart: parts..., subtype, [params, disposition, language, location]
    std::size_t i = 0;
    int index = 1;
    for (; i < c.size() && c[i].type == Token::Type::List; ++i, ++index) {
      const std::string childSection = section.empty() ? std::to_string(index) : section + "." + std::to_string(index);
      part.children.push_back(parseBodyStructure(c[i], childSection));
    }
    part.type = "multipart";
    part.subtype = i < c.size() ? lower(c[i].text) : "mixed";
    if (i + 1 < c.size()) {
      part.params = parameterList(c[i + 1]);
    }
    if (i + 2 < c.size()) {
      disposition(c[i + 2], part);
    }
    return part;
  }
  if (c.size() < 7) {
    return part;
  }
  part.type = lower(c[0].text);
  part.subtype = lower(c[1].text);
  part.params = parameterList(c[2]);
  part.id = nstring(c[3]).value_or("");
  part.encoding = lower(c[5].text);
  part.size = number(c[6]);
  // Extension data starts after the basic fields: text/* has lines, message/rfc822 has
  // envelope, body, lines (RFC 3501 section 7.4.2).
  std::size_t next = 7;
  if (part.type == "text") {
    next = 8;
  } else if (part.type == "message" && part.subtype == "rfc822") {
    next = 10;
  }
  // body-ext-1part: md5, disposition, language, location
  if (next + 1 < c.size()) {
    disposition(c[next + 1], part);
  }
  return part;
}

std::optional<MailRecord> parseFetchLine(const std::string& line) {
  const auto tokens = clients::imap::tokenize(line);
  if (tokens.size() < 4 || tokens[0].text != "*" || upper(tokens[2].text) != "FETCH" ||
      tokens[3].type != Token::Type::List) {
    return std::nullopt;
  }
  MailRecord record;
  record.sequence = static_cast<std::uint32_t>(number(tokens[1]));
  const auto& items = tokens[3].children;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const std::string name = upper(items[i].text);
    const Token& value = items[i + 1];
    if (name == "UID") {
      record.uid = static_cast<std::uint32_t>(number(value));
    } else if (name == "FLAGS") {
      record.hasFlags = true;
      for (const auto& flag : value.children) {
        record.flags.push_back(flag.text);
      }
    } else if (name == "INTERNALDATE") {
      record.internalDate = value.text;
    } else if (name == "RFC822.SIZE") {
      record.size = number(value);
    } else if (name == "ENVELOPE") {
      record.envelope = envelope(value);
    } else if (name == "BODYSTRUCTURE" || name == "BODY") {
      record.structure = parseBodyStructure(value, "");
    } else if (name == "PREVIEW" || name == "SNIPPET") {
      if (value.type == Token::Type::List && value.children.size() >= 2) {
        record.preview = nstring(value.children[1]);  // SNIPPET (FUZZY "text")
      } else {
        record.preview = nstring(value);
      }
    } else if (name.rfind("BODY[", 0) == 0 || name.rfind("BINARY[", 0) == 0) {
      record.sections[name] = nstring(value).value_or("");
    }
  }
  return record;
}

std::vector<MailRecord> parseFetchResponses(const clients::imap::CommandResult& result) {
  std::vector<MailRecord> out;
  for (const auto& entry : result.untagged) {
    auto record = parseFetchLine(entry.data.value("line", ""));
    if (!record) {
      continue;
    }
    // A server may split one message's items over several FETCH responses (unsolicited
    // FLAGS updates from another session, say): merge by sequence number.
    auto same = std::find_if(out.begin(), out.end(), [&](const MailRecord& r) { return r.sequence == record->sequence; });
    if (same == out.end()) {
      out.push_back(std::move(*record));
      continue;
    }
    if (record->uid) same->uid = record->uid;
    if (record->hasFlags) {
      same->flags = record->flags;
      same->hasFlags = true;
    }
    if (!record->internalDate.empty()) same->internalDate = record->internalDate;
    if (record->size) same->size = record->size;
    if (record->envelope) same->envelope = record->envelope;
    if (record->structure) same->structure = record->structure;
    if (record->preview) same->preview = record->preview;
    for (auto& [key, value] : record->sections) same->sections[key] = value;
  }
  // Unsolicited FETCH responses (no UID) for messages we did not ask about are dropped.
  out.erase(std::remove_if(out.begin(), out.end(), [](const MailRecord& r) { return r.uid == 0; }), out.end());
  return out;
}

std::vector<std::uint32_t> parseSearch(const clients::imap::CommandResult& result) {
  std::vector<std::uint32_t> out;
  for (const auto& entry : result.untagged) {
    const auto tokens = clients::imap::tokenize(entry.data.value("line", ""));
    if (tokens.size() < 2 || upper(tokens[1].text) != "SEARCH") {
      continue;
    }
    for (std::size_t i = 2; i < tokens.size(); ++i) {
      if (tokens[i].type == Token::Type::Atom && !tokens[i].text.empty() && std::isdigit(static_cast<unsigned char>(tokens[i].text[0]))) {
        out.push_back(static_cast<std::uint32_t>(number(tokens[i])));
      }
    }
  }
  return out;
}

std::optional<std::string> responseCodeArgument(const std::string& tagged, const std::string& code, std::size_t index) {
  const auto tokens = clients::imap::tokenize(tagged);
  for (const auto& token : tokens) {
    if (token.type == Token::Type::Bracket && !token.children.empty() && upper(token.children[0].text) == code &&
        index + 1 < token.children.size()) {
      return token.children[index + 1].text;
    }
  }
  return std::nullopt;
}

std::vector<std::uint32_t> expandUidSet(const std::string& set) {
  std::vector<std::uint32_t> out;
  std::size_t pos = 0;
  while (pos < set.size()) {
    auto end = set.find(',', pos);
    if (end == std::string::npos) end = set.size();
    const std::string item = set.substr(pos, end - pos);
    try {
      const auto colon = item.find(':');
      if (colon == std::string::npos) {
        out.push_back(static_cast<std::uint32_t>(std::stoul(item)));
      } else {
        auto a = static_cast<std::uint32_t>(std::stoul(item.substr(0, colon)));
        auto b = static_cast<std::uint32_t>(std::stoul(item.substr(colon + 1)));
        if (a > b) std::swap(a, b);
        for (auto u = a; u <= b && out.size() < 100000; ++u) out.push_back(u);
      }
    } catch (const std::exception&) {
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace oxh::facade::imapfetch
