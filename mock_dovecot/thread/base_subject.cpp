#include "mock_dovecot/thread/base_subject.hpp"

#include "mock_dovecot/thread/header_decode.hpp"
#include "mock_dovecot/thread/threading.hpp"

namespace oxh::dovecot::thread {
namespace {

// Step (1): tabs, CR, LF and runs of whitespace become a single space.
std::string packWhitespace(std::string_view in) {
  std::string out;
  bool lastSpace = false;
  for (const char c : in) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (!lastSpace) {
        out += ' ';
      }
      lastSpace = true;
    } else {
      out += c;
      lastSpace = false;
    }
  }
  return out;
}

// subj-blob = "[" *BLOBCHAR "]" *WSP. After packing there is at most one space to skip.
bool skipBlob(std::string_view s, std::size_t& pos) {
  if (pos >= s.size() || s[pos] != '[') {
    return false;
  }
  std::size_t p = pos + 1;
  while (p < s.size() && s[p] != '[' && s[p] != ']') {
    ++p;
  }
  if (p >= s.size() || s[p] != ']') {
    return false;
  }
  ++p;
  if (p < s.size() && s[p] == ' ') {
    ++p;
  }
  pos = p;
  return true;
}

// Step (2): subj-trailer = "(fwd)" / WSP, repeatedly. Dovecot never strips into text already
// removed as a leader (it stops at `start`).
void removeTrailers(std::string& s, std::size_t start, bool& replyOrForward) {
  std::size_t size = s.size();
  while (size > start) {
    if (s[size - 1] == ' ') {
      --size;
    } else if (size >= 5 && s.compare(size - 5, 5, "(FWD)") == 0) {
      replyOrForward = true;
      size -= 5;
    } else {
      break;
    }
  }
  s.resize(size);
}

// Step (3): subj-leader = (*subj-blob subj-refwd) / WSP. A leading space is removed even when
// no refwd follows.
bool removeLeader(const std::string& s, std::size_t& start, bool& replyOrForward) {
  bool removed = false;
  if (start < s.size() && s[start] == ' ') {
    ++start;
    removed = true;
  }
  std::size_t p = start;
  while (p < s.size() && s[p] == '[') {
    if (!skipBlob(s, p)) {
      return removed;
    }
  }
  const std::string_view rest = std::string_view(s).substr(p);
  if (rest.starts_with("RE")) {
    p += 2;
  } else if (rest.starts_with("FWD")) {
    p += 3;
  } else if (rest.starts_with("FW")) {
    p += 2;
  } else {
    return removed;
  }
  if (p < s.size() && s[p] == ' ') {
    ++p;
  }
  if (p < s.size() && s[p] == '[' && !skipBlob(s, p)) {
    return removed;
  }
  if (p >= s.size() || s[p] != ':') {
    return removed;
  }
  start = p + 1;
  replyOrForward = true;
  return true;
}

// Step (4): a leading subj-blob goes when something is left after it.
bool removeBlobWhenNonEmpty(const std::string& s, std::size_t& start) {
  std::size_t p = start;
  if (skipBlob(s, p) && p < s.size()) {
    start = p;
    return true;
  }
  return false;
}

// Step (6): "[fwd:" subject "]". Dovecot checks only that the whole text ends with ']'.
bool removeFwdWrapper(std::string& s, std::size_t& start, bool& replyOrForward) {
  if (std::string_view(s).substr(start).starts_with("[FWD:") && !s.empty() && s.back() == ']') {
    replyOrForward = true;
    s.pop_back();
    start += 5;
    return true;
  }
  return false;
}

}  // namespace

BaseSubject extractBaseSubject(std::string_view rawSubject) {
  BaseSubject result;
  std::string s = packWhitespace(decodeHeaderUtf8(rawSubject, true));
  std::size_t start = 0;
  do {
    removeTrailers(s, start, result.isReplyOrForward);
    bool found = false;
    do {
      found = removeLeader(s, start, result.isReplyOrForward);
      found = removeBlobWhenNonEmpty(s, start) || found;
    } while (found);
  } while (removeFwdWrapper(s, start, result.isReplyOrForward));
  result.text = start < s.size() ? s.substr(start) : std::string();
  return result;
}

std::string baseSubject(std::string_view rawSubject) {
  return extractBaseSubject(rawSubject).text;
}

}  // namespace oxh::dovecot::thread
