// Test-only: prints the fake Dovecot's THREAD and SORT answers for a directory of messages, so
// tests/peers/test_thread_conformance.py can compare them with real Dovecot on the same files.
//
//   oxh_thread_tool DIR ["SORT PROGRAM" ...]
//
// Files in DIR sorted by name are sequence numbers 1..N. Each name must end in
// "_<INTERNALDATE as Unix seconds>.eml" (the test APPENDs with that INTERNALDATE); the file
// size is RFC822.SIZE, so files must use CRLF line ends. Output (one line of JSON):
//   {"REFERENCES": "...", "REFS": "...", "ORDEREDSUBJECT": "...",
//    "sort": {"REVERSE DATE": [3, 1, 2], ...}}
// Header extraction is this tool's own (first occurrence, unfolded), independent of the MIME
// module.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "mock_dovecot/thread/sent_date.hpp"
#include "mock_dovecot/thread/threading.hpp"

namespace fs = std::filesystem;
namespace th = oxh::dovecot::thread;

namespace {

std::string lower(std::string s) {
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

// First occurrence of each header of the header block, unfolded (CRLF removed, the folding
// whitespace kept), leading whitespace of the value dropped.
std::vector<std::pair<std::string, std::string>> readHeaders(const std::string& raw) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t eol = raw.find('\n', pos);
    if (eol == std::string::npos) {
      eol = raw.size();
    }
    std::string line = raw.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    pos = eol + 1;
    if (line.empty()) {
      break;  // end of the header block
    }
    if ((line[0] == ' ' || line[0] == '\t') && !out.empty()) {
      out.back().second += line;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    std::string name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) {
      name.pop_back();
    }
    out.emplace_back(lower(name), value);
  }
  return out;
}

std::string firstHeader(const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& name) {
  for (const auto& [n, v] : headers) {
    if (n == name) {
      return v;
    }
  }
  return {};
}

th::MessageKeys readMessage(const fs::path& path, std::uint32_t seq) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string raw = buf.str();
  const auto headers = readHeaders(raw);
  th::MessageKeys m;
  m.id = seq;
  m.subject = firstHeader(headers, "subject");
  m.messageId = firstHeader(headers, "message-id");
  m.inReplyTo = firstHeader(headers, "in-reply-to");
  m.references = firstHeader(headers, "references");
  m.from = firstHeader(headers, "from");
  m.to = firstHeader(headers, "to");
  m.cc = firstHeader(headers, "cc");
  const std::string date = firstHeader(headers, "date");
  if (auto sent = th::parseSentDate(date); sent && !date.empty()) {
    m.sentDate = *sent;
    m.hasSentDate = true;
  }
  const std::string stem = path.stem().string();
  const std::size_t underscore = stem.rfind('_');
  if (underscore == std::string::npos) {
    throw std::runtime_error("file name without _<internaldate>: " + path.string());
  }
  m.internalDate = std::stoll(stem.substr(underscore + 1));
  m.size = raw.size();
  return m;
}

std::vector<std::string> splitWords(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) {
    out.push_back(w);
  }
  return out;
}

std::string jsonString(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: oxh_thread_tool DIR [\"SORT PROGRAM\" ...]\n";
    return 2;
  }
  try {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(argv[1])) {
      if (entry.is_regular_file()) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    std::vector<th::MessageKeys> messages;
    for (std::size_t i = 0; i < files.size(); ++i) {
      messages.push_back(readMessage(files[i], static_cast<std::uint32_t>(i + 1)));
    }
    std::string out = "{\"REFERENCES\": " +
                      jsonString(th::thread(th::Algorithm::References, messages)) +
                      ", \"REFS\": " + jsonString(th::thread(th::Algorithm::Refs, messages)) +
                      ", \"ORDEREDSUBJECT\": " +
                      jsonString(th::thread(th::Algorithm::OrderedSubject, messages)) +
                      ", \"sort\": {";
    for (int i = 2; i < argc; ++i) {
      const auto ids = th::sort(splitWords(argv[i]), messages);
      out += (i > 2 ? ", " : "") + jsonString(argv[i]) + ": [";
      for (std::size_t k = 0; k < ids.size(); ++k) {
        out += (k > 0 ? ", " : "") + std::to_string(ids[k]);
      }
      out += "]";
    }
    std::cout << out << "}}\n";
  } catch (const std::exception& e) {
    std::cerr << "oxh_thread_tool: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
