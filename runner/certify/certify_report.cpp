#include "runner/certify/certify_report.hpp"

#include <openssl/sha.h>

#include <cstdio>
#include <ctime>
#include <fstream>

#include "common/error/error.hpp"

namespace oxh::runner::certify {
namespace {

std::string xmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 forbids most control characters; keep tab, newline, carriage return.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

void writeFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) {
    throw OxhException(Error("oxh.certify.write", "cannot write " + path));
  }
}

// One ustar member (POSIX.1-1988): a 512-byte header, then the content padded to 512 bytes.
void tarMember(std::string& archive, const std::string& name, const std::string& content, std::time_t mtime) {
  char header[512] = {};
  std::snprintf(header, 100, "%s", name.c_str());
  std::snprintf(header + 100, 8, "%07o", 0644);
  std::snprintf(header + 108, 8, "%07o", 0);
  std::snprintf(header + 116, 8, "%07o", 0);
  std::snprintf(header + 124, 12, "%011llo", static_cast<unsigned long long>(content.size()));
  std::snprintf(header + 136, 12, "%011llo", static_cast<unsigned long long>(mtime));
  header[156] = '0';
  std::snprintf(header + 257, 6, "ustar");
  header[263] = '0';
  header[264] = '0';
  for (int i = 148; i < 156; ++i) {
    header[i] = ' ';
  }
  unsigned sum = 0;
  for (unsigned char c : header) {
    sum += c;
  }
  std::snprintf(header + 148, 8, "%06o", sum);
  header[155] = ' ';
  archive.append(header, sizeof header);
  archive += content;
  archive.append((512 - content.size() % 512) % 512, '\0');
}

}  // namespace

std::string sha256Hex(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

nlohmann::json reportJson(const Deployment& deployment, const std::vector<CheckResult>& results) {
  auto checks = nlohmann::json::array();
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  for (const auto& result : results) {
    checks.push_back(result.toJson());
    passed += result.verdict == Verdict::Pass;
    failed += result.verdict == Verdict::Fail;
    skipped += result.verdict == Verdict::Skip;
  }
  char when[32];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {{"tool", "oxharness certify"},
          {"deployment", deployment.name},
          {"deployment_file", deployment.file},
          {"generated_at", when},
          {"summary", {{"passed", passed}, {"failed", failed}, {"skipped", skipped}, {"total", results.size()}}},
          {"checks", checks}};
}

void writeJson(const std::string& path, const nlohmann::json& report) { writeFile(path, report.dump(2) + "\n"); }

void writeJunit(const std::string& path, const Deployment& deployment, const std::vector<CheckResult>& results) {
  int failures = 0;
  int skipped = 0;
  double seconds = 0;
  for (const auto& result : results) {
    failures += result.verdict == Verdict::Fail;
    skipped += result.verdict == Verdict::Skip;
    seconds += result.seconds;
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites><testsuite name=\"certify " + xmlEscape(deployment.name) + "\" tests=\"" +
         std::to_string(results.size()) + "\" failures=\"" + std::to_string(failures) + "\" skipped=\"" +
         std::to_string(skipped) + "\" time=\"" + std::to_string(seconds) + "\">\n";
  for (const auto& result : results) {
    xml += "  <testcase classname=\"" + xmlEscape(result.id) + "\" name=\"" + xmlEscape(result.title + ": " + result.subject) +
           "\" time=\"" + std::to_string(result.seconds) + "\">\n";
    xml += "    <properties><property name=\"severity\" value=\"" + xmlEscape(result.severity) +
           "\"/><property name=\"requirement\" value=\"" + xmlEscape(result.requirement) + "\"/></properties>\n";
    if (result.verdict == Verdict::Fail) {
      xml += "    <failure message=\"" + xmlEscape(result.message) + "\">" +
             xmlEscape("remedy: " + result.remedy + "\n\n" + result.evidence) + "</failure>\n";
    } else if (result.verdict == Verdict::Skip) {
      xml += "    <skipped message=\"" + xmlEscape(result.message) + "\"/>\n";
    }
    xml += "    <system-out>" + xmlEscape(result.evidence) + "</system-out>\n  </testcase>\n";
  }
  xml += "</testsuite></testsuites>\n";
  writeFile(path, xml);
}

void writeEvidenceBundle(const std::string& path, const nlohmann::json& report, const std::vector<CheckResult>& results) {
  std::vector<std::pair<std::string, std::string>> members;
  members.emplace_back("report.json", report.dump(2) + "\n");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& result = results[i];
    char number[24];
    std::snprintf(number, sizeof number, "%03zu", i + 1);
    std::string text = result.id + " " + toString(result.verdict) + ": " + result.title + "\nsubject: " + result.subject +
                       "\nseverity: " + result.severity + "\nrequirement: " + result.requirement + "\n";
    if (!result.message.empty()) {
      text += "message: " + result.message + "\n";
    }
    text += "remedy: " + result.remedy + "\n\n--- evidence ---\n" + result.evidence + "\n";
    members.emplace_back(std::string("evidence/") + number + "-" + result.id + ".txt", text);
  }
  std::string manifest;
  for (const auto& [name, content] : members) {
    manifest += sha256Hex(content) + "  " + name + "\n";
  }
  members.emplace_back("MANIFEST.sha256", manifest);
  std::string archive;
  const std::time_t now = std::time(nullptr);
  for (const auto& [name, content] : members) {
    tarMember(archive, name, content, now);
  }
  archive.append(1024, '\0');  // two zero blocks end the archive
  writeFile(path, archive);
}

}  // namespace oxh::runner::certify
