#pragma once
// Messages from an mbox file (RFC 4155, application/mbox), for fixtures: each message starts
// with a "From " separator line, which is not part of the message; the empty line a writer puts
// before the next separator is dropped. Body lines a writer quoted are unquoted:
//   mboxrd: ">From ", ">>From ", ... lose one '>' (quoting is reversible);
//   mboxo:  only ">From " loses its '>' (">>From " stays as it is).
// The results use CRLF line ends, as the store keeps messages (and as Dovecot serves them).
// Thread: pure functions.
#include <string>
#include <string_view>
#include <vector>

namespace oxh::dovecot {

enum class MboxFormat { kMboxrd, kMboxo };

// Throws OxhException [oxh.dovecot.mbox] naming `file` and the line when the text does not
// start with a From_ line or a message is empty.
std::vector<std::string> splitMbox(std::string_view text, MboxFormat format, const std::string& file);
// True when the text starts like an mbox ("From " on the first line).
bool looksLikeMbox(std::string_view text);
// Bare LF (and lone CR) line ends to CRLF; CRLF stays.
std::string toCrlf(std::string_view text);

}  // namespace oxh::dovecot
