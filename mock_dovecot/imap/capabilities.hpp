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
#include <string_view>
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
  // Switched off by toggles (applyCapabilityToggles): METADATA as with imap_metadata=no,
  // STARTTLS as with ssl=no.
  bool metadata = true;
  bool startTls = true;
  // Capabilities a toggle removed; their commands answer as a server without them.
  std::vector<std::string> removed;
};

// nullptr for an unknown name.
const CapabilityProfile* findCapabilityProfile(const std::string& name);
inline constexpr const char* kDefaultProfile = "dovecot-2.3";

// "IMAP4rev1 ... LITERAL+ [STARTTLS] AUTH=PLAIN AUTH=LOGIN", in Dovecot's order
// (imap-login-client.c get_capability).
std::string preLoginCapabilities(const CapabilityProfile& profile, bool offerStartTls);
std::string postLoginCapabilities(const CapabilityProfile& profile, bool metadata);

// Per-capability toggles on top of a profile, Dovecot's `imap_capability = +X` spirit:
// "+X" appends X to the post-login list; "-X" removes it (pre- and post-login), and then:
//   -METADATA       GETMETADATA/SETMETADATA answer as Dovecot with imap_metadata=no
//                   (NO [CANNOT] Generic mailbox attributes not enabled; they stay registered);
//   -STARTTLS       not offered; STARTTLS answers "BAD TLS support isn't enabled." (ssl=no);
//   -AUTH=M         AUTHENTICATE M answers "NO [ALERT] Unsupported authentication mechanism.";
//   -THREAD=A       THREAD A answers "BAD ... Unknown thread algorithm." (THREAD itself goes
//                   when no THREAD= is left);
//   -IDLE -ENABLE -ID -NAMESPACE -UNSELECT -MOVE -SORT -UIDPLUS (UID EXPUNGE)
//                   those commands answer "BAD Error in IMAP command X: Unknown command."
//                   as for any command the server does not have;
//   other -X        only the advertisement changes.
// Throws OxhException [oxh.dovecot.capability] for a toggle without +/- or removing a
// capability the profile does not have.
CapabilityProfile applyCapabilityToggles(const CapabilityProfile& base, const std::vector<std::string>& toggles);
// True when `command` (upper case, "UID MOVE" form) belongs to a removed capability.
bool commandRemoved(const CapabilityProfile& profile, std::string_view command);
// True when a toggle removed THREAD=<algorithm> (upper case).
bool threadAlgorithmRemoved(const CapabilityProfile& profile, const std::string& algorithm);

}  // namespace oxh::dovecot::imap
