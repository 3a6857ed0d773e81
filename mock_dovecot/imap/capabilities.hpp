#pragma once
// Capability profiles: what CAPABILITY, the greeting and the LOGIN reply advertise.
//
// Choice for "dovecot-2.3" (the default): keep Dovecot's lists exactly (equal to
// captures/imap-capabilities.txt, confirmed against Dovecot 2.3.19), so clients negotiate with
// the fake as with the real server. Extensions listed but not answered by this fake yet
// (SORT, THREAD, ESEARCH, ESORT, SEARCHRES, WITHIN, CONTEXT=SEARCH, MULTIAPPEND, CATENATE,
// URL-PARTIAL, BINARY, MOVE, NOTIFY, QRESYNC, LIST-STATUS via RETURN STATUS is answered) get
// "BAD Error in IMAP command X: Unknown command." until their cmd_*.cpp exists.
// "minimal-rev1" advertises only what this fake implements.
// Thread: immutable values.
#include <string>
#include <vector>

namespace oxh::dovecot::imap {

struct CapabilityProfile {
  std::string name;
  // Pre-login, before the dynamic part: Dovecot's CAPABILITY_BANNER_STRING + " LITERAL+".
  std::vector<std::string> preLogin;
  std::vector<std::string> authMechanisms;  // "PLAIN", "LOGIN"
  // Post-login; METADATA is inserted before `metadataBefore` (or appended) when enabled.
  std::vector<std::string> postLogin;
  std::string metadataBefore;
  // Dovecot appends " (0.001 + 0.000 secs)" to post-login tagged replies.
  bool timings = false;
};

// nullptr for an unknown name.
const CapabilityProfile* findCapabilityProfile(const std::string& name);
inline constexpr const char* kDefaultProfile = "dovecot-2.3";

// "IMAP4rev1 ... LITERAL+ [STARTTLS] AUTH=PLAIN AUTH=LOGIN", in Dovecot's order
// (imap-login-client.c get_capability).
std::string preLoginCapabilities(const CapabilityProfile& profile, bool offerStartTls);
std::string postLoginCapabilities(const CapabilityProfile& profile, bool metadata);

}  // namespace oxh::dovecot::imap
