#pragma once
// Users from a Dovecot passwd-file (docs23: configuration_manual/authentication/passwd_file;
// core:src/auth/db-passwd-file.c):
//
//   user:{PLAIN}password:uid:gid:gecos:home:shell:extra_fields
//   user:password                                   (just the first two fields)
//
// As Dovecot reads it: empty lines and lines starting with '#' or ':' are skipped; fields are
// split on ':'; uid and gid, when present and non-empty, must be numbers other than 0; extra
// fields are space-separated (userdb_*, nopassword, ...). Dovecot only logs a bad line and
// skips the user; the fake refuses the file instead, naming file:line, so a typo cannot
// silently lose a user. Password schemes: {PLAIN}, {CLEAR}, {CLEARTEXT} (case-insensitive).
// A password without a {SCHEME} prefix is taken as plain text here; real Dovecot would read it
// with passwd-file's default scheme CRYPT, so give {PLAIN} in files shared with a real Dovecot.
// Thread: pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mock_dovecot/store/mail_store.hpp"

namespace oxh::dovecot {

struct PasswdEntry {
  UserAccount account;
  std::optional<std::uint32_t> uid;
  std::optional<std::uint32_t> gid;
  std::string home;
  std::vector<std::string> extraFields;
  int line = 0;
};

// Throws OxhException [oxh.dovecot.passwd-file] with "<file>:<line>: ..." for a malformed line.
std::vector<PasswdEntry> parsePasswdFile(const std::string& text, const std::string& file);
// Reads and parses `path`; [oxh.dovecot.passwd-file] also when it cannot be read.
std::vector<PasswdEntry> loadPasswdFile(const std::string& path);

}  // namespace oxh::dovecot
