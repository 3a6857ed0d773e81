#pragma once
// The cipher suites this OpenSSL can offer (at security level 0, so weak ones too) and how the
// prober grades them: weak (NULL, export, anonymous, RC4, DES/3DES, MD5, under 128 bits) and
// whether the key exchange gives forward secrecy (ECDHE, DHE, or any TLS 1.3 suite).
// Thread: free functions; the catalogue is built per call.
#include <string>
#include <vector>

namespace oxh::tlsprobe {

struct CipherInfo {
  std::string name;         // OpenSSL's name ("ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256")
  std::string standardName; // IANA name
  int minVersion = 0;       // lowest protocol version the suite works with
  int bits = 0;
  bool forwardSecrecy = false;
  bool weak = false;
  std::string why;  // why it is weak, empty otherwise
};

// Every TLS <= 1.2 cipher OpenSSL knows at level 0 (the TLS 1.3 suites are separate).
std::vector<CipherInfo> legacyCiphers();
// The TLS 1.3 suites OpenSSL implements.
std::vector<CipherInfo> tls13Suites();
// The catalogue entry for an OpenSSL name; a "weak: unknown" entry when not found.
CipherInfo describeCipher(const std::string& name);

}  // namespace oxh::tlsprobe
