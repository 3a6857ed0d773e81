#pragma once
// Reads what the IMAP server answers to UID FETCH (RFC 3501 section 7.4.2): UID, FLAGS,
// INTERNALDATE, RFC822.SIZE, ENVELOPE, BODYSTRUCTURE, BODY[...] sections and PREVIEW, from the
// untagged responses the shared IMAP client collected (literals inline).
// Thread: pure functions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clients/imap_client.hpp"
#include "common/clients/imap_tokens.hpp"

namespace oxh::facade::imapfetch {

struct Address {
  std::optional<std::string> personal;  // raw (RFC 2047 encoded words undecoded)
  std::string address;                  // mailbox@host
};

struct Envelope {
  std::string date;  // raw Date header; empty when NIL
  std::optional<std::string> subject;
  std::vector<Address> from, sender, replyTo, to, cc, bcc;
  std::string inReplyTo, messageId;
};

struct BodyPart {
  std::string type, subtype;  // lower case
  std::map<std::string, std::string> params;  // keys lower case
  std::string id, encoding;
  std::uint64_t size = 0;
  std::string disposition;  // lower case; empty when none
  std::map<std::string, std::string> dispositionParams;
  std::vector<BodyPart> children;
  std::string section;  // "1", "1.2"; "" for a single-part message's only part ("1" in BODY[])
  [[nodiscard]] std::string contentType() const { return type + "/" + subtype; }
};

struct MailRecord {
  std::uint32_t sequence = 0;
  std::uint32_t uid = 0;
  std::vector<std::string> flags;
  std::string internalDate;
  std::uint64_t size = 0;
  std::optional<Envelope> envelope;
  std::optional<BodyPart> structure;
  std::map<std::string, std::string> sections;  // "BODY[HEADER.FIELDS (X-PRIORITY)]" -> bytes (upper-cased key)
  std::optional<std::string> preview;
  bool hasFlags = false;
};

// Every FETCH response among the untagged entries, merged per sequence number, in order.
std::vector<MailRecord> parseFetchResponses(const clients::imap::CommandResult& result);
// One "* n FETCH (...)" line; nullopt when it is not one.
std::optional<MailRecord> parseFetchLine(const std::string& line);
BodyPart parseBodyStructure(const clients::imap::Token& list, const std::string& section);
// "UID SEARCH" / "SEARCH" answers: the numbers of "* SEARCH ..." lines.
std::vector<std::uint32_t> parseSearch(const clients::imap::CommandResult& result);
// "[COPYUID v src dst]" / "[APPENDUID v uid]" in a tagged line: the destination UID set.
std::optional<std::string> responseCodeArgument(const std::string& tagged, const std::string& code, std::size_t index);
// "1:3,7" -> {1,2,3,7}
std::vector<std::uint32_t> expandUidSet(const std::string& set);

}  // namespace oxh::facade::imapfetch
