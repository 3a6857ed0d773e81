// Test-only: prints the fake Dovecot's renderings of one message file as JSON, so that
// tests/peers/test_mime_conformance.py can compare them with real Dovecot's FETCH answers.
//
//   oxh_mime_tool MESSAGE_FILE [SECTION_SPEC...]
//
// Output: {"envelope", "body", "bodystructure", "size", "snippet", "sections": {spec: value|null}}.
// Strings are arbitrary bytes, so each byte is written as the code point of the same value
// (Latin-1 view); Python gets the bytes back with .encode("latin-1").
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "mock_dovecot/mime/parsed_message.hpp"

namespace {

void appendJsonString(std::string& out, std::string_view bytes) {
  out += '"';
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: oxh_mime_tool MESSAGE_FILE [SECTION_SPEC...]\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 1;
  }
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  oxh::dovecot::mime::ParsedMessage msg(std::move(raw));
  std::string out = "{\"envelope\":";
  appendJsonString(out, msg.envelope());
  out += ",\"body\":";
  appendJsonString(out, msg.bodyStructure(false));
  out += ",\"bodystructure\":";
  appendJsonString(out, msg.bodyStructure(true));
  out += ",\"size\":" + std::to_string(msg.size());
  out += ",\"snippet\":";
  appendJsonString(out, msg.snippet());
  out += ",\"sections\":{";
  for (int i = 2; i < argc; ++i) {
    if (i > 2) out += ',';
    appendJsonString(out, argv[i]);
    out += ':';
    auto value = msg.section(argv[i]);
    if (value) {
      appendJsonString(out, *value);
    } else {
      out += "null";
    }
  }
  out += "}}\n";
  std::cout << out;
  return 0;
}
