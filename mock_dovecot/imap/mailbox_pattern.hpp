#pragma once
// LIST/LSUB patterns (RFC 3501 section 6.3.8): "*" matches anything, "%" anything but the
// hierarchy separator "/". INBOX matches case-insensitively, as in Dovecot.
// Thread: free functions.
#include <string>
#include <string_view>

namespace oxh::dovecot::imap {

bool matchesPattern(std::string_view name, std::string_view pattern);
// reference + pattern (RFC 3501 section 6.3.8); a pattern starting with "/" ignores the reference.
std::string combinePattern(std::string_view reference, std::string_view pattern);

}  // namespace oxh::dovecot::imap
