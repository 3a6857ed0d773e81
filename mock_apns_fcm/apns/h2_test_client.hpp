#pragma once
// Test support: a socket-free nghttp2 *client* session, so tests can speak real HTTP/2 to
// H2ServerSession (bytes in memory) or to FakeApns (bytes over TLS). Header-only, tests only.
// Thread: one test thread.
#include <nghttp2/nghttp2.h>

#include <cstring>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oxh::push::apns::testing {

struct H2TestResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool closed = false;
  std::optional<std::uint32_t> resetCode;  // RST_STREAM error code, when reset

  [[nodiscard]] std::string header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) {
        return value;
      }
    }
    return {};
  }
};

class H2TestClient {
 public:
  H2TestClient() {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(
        callbacks, [](nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                      const std::uint8_t* value, std::size_t valuelen, std::uint8_t, void* user) {
          auto& response = self(user).responses[frame->hd.stream_id];
          std::string key(reinterpret_cast<const char*>(name), namelen);
          std::string text(reinterpret_cast<const char*>(value), valuelen);
          if (key == ":status") {
            response.status = std::stoi(text);
          } else {
            response.headers.emplace_back(std::move(key), std::move(text));
          }
          return 0;
        });
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
        callbacks, [](nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data, std::size_t len, void* user) {
          self(user).responses[id].body.append(reinterpret_cast<const char*>(data), len);
          return 0;
        });
    nghttp2_session_callbacks_set_on_stream_close_callback(
        callbacks, [](nghttp2_session*, std::int32_t id, std::uint32_t code, void* user) {
          auto& response = self(user).responses[id];
          response.closed = true;
          if (code != NGHTTP2_NO_ERROR) {
            response.resetCode = code;
          }
          return 0;
        });
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, [](nghttp2_session*, const nghttp2_frame* frame, void* user) {
      auto& me = self(user);
      if (frame->hd.type == NGHTTP2_GOAWAY) {
        me.goawayCode = frame->goaway.error_code;
        me.goawayLastStream = frame->goaway.last_stream_id;
        me.goawayData.assign(reinterpret_cast<const char*>(frame->goaway.opaque_data), frame->goaway.opaque_data_len);
      } else if (frame->hd.type == NGHTTP2_SETTINGS && (frame->hd.flags & NGHTTP2_FLAG_ACK) == 0) {
        for (std::size_t i = 0; i < frame->settings.niv; ++i) {
          me.serverSettings[frame->settings.iv[i].settings_id] = frame->settings.iv[i].value;
        }
      }
      return 0;
    });
    nghttp2_session_client_new(&session_, callbacks, this);
    nghttp2_session_callbacks_del(callbacks);
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
  }
  ~H2TestClient() { nghttp2_session_del(session_); }
  H2TestClient(const H2TestClient&) = delete;
  H2TestClient& operator=(const H2TestClient&) = delete;

  // Submits a request; returns the stream id. `headers` are regular headers after the pseudo ones.
  std::int32_t request(const std::string& method, const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& headers, std::string body,
                       const std::string& authority = "localhost", const std::string& scheme = "https") {
    std::vector<std::pair<std::string, std::string>> all{
        {":method", method}, {":scheme", scheme}, {":authority", authority}, {":path", path}};
    all.insert(all.end(), headers.begin(), headers.end());
    std::vector<nghttp2_nv> nva;
    for (auto& [name, value] : all) {
      nva.push_back({reinterpret_cast<std::uint8_t*>(name.data()), reinterpret_cast<std::uint8_t*>(value.data()),
                     name.size(), value.size(), NGHTTP2_NV_FLAG_NONE});
    }
    bodies_.push_back({std::move(body), 0});
    nghttp2_data_provider provider{};
    provider.source.ptr = &bodies_.back();
    provider.read_callback = [](nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t length,
                                std::uint32_t* flags, nghttp2_data_source* source, void*) -> ssize_t {
      auto* pending = static_cast<Pending*>(source->ptr);
      const auto n = std::min(length, pending->body.size() - pending->offset);
      std::memcpy(buf, pending->body.data() + pending->offset, n);
      pending->offset += n;
      if (pending->offset == pending->body.size()) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
      }
      return static_cast<ssize_t>(n);
    };
    const bool hasBody = !bodies_.back().body.empty();
    return nghttp2_submit_request(session_, nullptr, nva.data(), nva.size(), hasBody ? &provider : nullptr, nullptr);
  }

  std::string drain() {
    std::string out;
    const std::uint8_t* data = nullptr;
    for (ssize_t n; (n = nghttp2_session_mem_send(session_, &data)) > 0;) {
      out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
    }
    return out;
  }
  bool feed(const std::string& bytes) {
    return nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) >= 0;
  }

  std::map<std::int32_t, H2TestResponse> responses;
  std::map<std::int32_t, std::uint32_t> serverSettings;
  std::optional<std::uint32_t> goawayCode;
  std::int32_t goawayLastStream = -1;
  std::string goawayData;

 private:
  struct Pending {
    std::string body;
    std::size_t offset;
  };
  static H2TestClient& self(void* user) { return *static_cast<H2TestClient*>(user); }
  nghttp2_session* session_ = nullptr;
  std::list<Pending> bodies_;
};

}  // namespace oxh::push::apns::testing
