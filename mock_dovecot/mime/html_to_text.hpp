#pragma once
// HTML to plain text for snippets, following Dovecot 2.3's lib-mail mail-html2text.c: tags
// become a space, comments/script/style/CDATA markers are dropped, entities are decoded, and
// blockquote content gets a "\n>" prefix so that the snippet treats it as quoted text.
#include <string>
#include <string_view>

namespace oxh::dovecot::mime {

// `html` is UTF-8; input that ends inside an unfinished entity or tag name is dropped, as in
// Dovecot (which waits for more data that never comes).
std::string htmlToText(std::string_view html);

}  // namespace oxh::dovecot::mime
