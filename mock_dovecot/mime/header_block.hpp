#pragma once
// RFC 5322 section 2.2 header block splitting, as Dovecot 2.3's message-header-parser does it
// with SKIP_INITIAL_LWSP | DROP_CR (the flags index-mail uses for BODYSTRUCTURE and ENVELOPE).
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "mock_dovecot/mime/message_part.hpp"

namespace oxh::dovecot::mime {

struct HeaderBlock {
  std::vector<HeaderField> fields;
  std::size_t end = 0;          // offset after the block (after the empty line when there is one)
  bool stoppedEarly = false;    // `stopAt` matched a line start: `end` is that line
  std::size_t lastNewline = 0;  // size of the (CR)LF ending the last header line (0 at EOF)
  bool emptyLine = false;       // ended by the empty line (not by EOF or `stopAt`)
};

// Splits the header starting at `pos`. `stopAt(lineStart)` is asked before every physical line
// (a MIME boundary ends a part's header even without the empty line, RFC 2046 section 5.1.1).
HeaderBlock parseHeaderBlock(std::string_view message, std::size_t pos,
                             const std::function<bool(std::size_t)>& stopAt = {});

// Case-insensitive ASCII comparison for header and parameter names.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace oxh::dovecot::mime
