#pragma once
// Dovecot's i;unicode-casemap sort key (uni_utf8_to_decomposed_titlecase): every character is
// mapped to its simple titlecase, then decomposed one step (not recursively), Hangul syllables
// algorithmically. Invalid UTF-8 becomes U+FFFD, never two in a row.
// Coverage: ASCII, Latin, Greek, Cyrillic, general punctuation, letterlike symbols, fullwidth
// forms and Hangul; other characters pass through unchanged (gen_unicode_table.py).
// Thread: pure functions.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace oxh::dovecot::thread {

// Appends the titlecased, decomposed form of UTF-8 `input` to `out`.
void appendTitlecaseFolded(std::string_view input, std::string& out);
std::string titlecaseFolded(std::string_view input);

namespace detail {
struct FoldEntry {
  std::uint32_t codePoint;
  std::uint8_t kind;  // 0: titlecase mapping (values[0]), 1: decomposition (values, 0-terminated)
  std::uint32_t values[4];
};
extern const FoldEntry kFoldTable[];
extern const std::size_t kFoldTableSize;
}  // namespace detail

}  // namespace oxh::dovecot::thread
