#pragma once
// A minimal streaming XML 1.0 writer: enough for JUnit reports, nothing more.
// Any byte string is accepted as text or attribute value and comes out well-formed:
// invalid UTF-8 becomes U+FFFD, C0 control characters that XML 1.0 forbids (all but tab, LF,
// CR) become their visible Control Pictures (U+2400 + byte, e.g. ESC -> U+241B) so a transcript
// of raw protocol bytes stays readable, and the non-characters U+FFFE/U+FFFF become U+FFFD.
// Element and attribute names are not checked: callers pass literals.
// Thread: one writer per thread.
#include <string>
#include <string_view>
#include <vector>

namespace oxh::runner {

enum class XmlContext { Text, Attribute };

// Escapes & < > " ' everywhere; in attributes also tab, LF and CR as character references,
// because attribute-value normalization (XML 1.0 section 3.3.3) would turn them into spaces;
// in text CR as &#13; because end-of-line handling (section 2.11) would drop it.
[[nodiscard]] std::string escapeXml(std::string_view raw, XmlContext context);

class XmlWriter {
 public:
  XmlWriter();  // emits <?xml version="1.0" encoding="UTF-8"?>

  XmlWriter& open(std::string_view name);
  // Only directly after open(); throws std::logic_error otherwise.
  XmlWriter& attribute(std::string_view name, std::string_view value);
  XmlWriter& text(std::string_view value);
  XmlWriter& close();  // closes the innermost open element (<x/> when it has no content)

  // Closes whatever is still open and returns the document, ending in a newline.
  // The writer is spent afterwards.
  [[nodiscard]] std::string finish();

 private:
  struct Open {
    std::string name;
    bool hasChildren = false;
    bool hasText = false;
  };

  void endStartTag();  // writes the '>' of a start tag still waiting for attributes
  void newlineIndent(std::size_t depth);

  std::string out_;
  std::vector<Open> stack_;
  bool startTagPending_ = false;
};

}  // namespace oxh::runner
