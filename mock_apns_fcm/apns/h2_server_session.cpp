#include "mock_apns_fcm/apns/h2_server_session.hpp"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace oxh::push::apns {

namespace {

constexpr std::size_t kHpackEntryOverhead = 32;  // RFC 7541 §4.1

std::string_view view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

nghttp2_nv makeNv(const std::string& name, const std::string& value) {
  nghttp2_nv nv{};
  nv.name = reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data()));
  nv.namelen = name.size();
  nv.value = reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data()));
  nv.valuelen = value.size();
  nv.flags = NGHTTP2_NV_FLAG_NONE;
  return nv;
}

}  // namespace

// nghttp2's C callbacks, forwarding to the session object in user_data.
struct H2ServerSession::Callbacks {
  static H2ServerSession& self(void* user) { return *static_cast<H2ServerSession*>(user); }

  static int onBeginHeaders(nghttp2_session* /*s*/, const nghttp2_frame* frame, void* user) {
    if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
      auto& me = self(user);
      auto& stream = me.streams_[frame->hd.stream_id];
      stream.request.streamId = frame->hd.stream_id;
      stream.request.headers.reserve(8);  // one allocation for what clients send (APNs: ~5)
      me.lastStreamId_ = std::max(me.lastStreamId_, frame->hd.stream_id);
    }
    return 0;
  }

  static int onHeader(nghttp2_session* /*s*/, const nghttp2_frame* frame, const std::uint8_t* name,
                      std::size_t namelen, const std::uint8_t* value, std::size_t valuelen, std::uint8_t /*flags*/,
                      void* user) {
    auto* stream = self(user).stream(frame->hd.stream_id);
    if (stream == nullptr || stream->dispatched) {
      return 0;  // trailers or a stream we do not track
    }
    auto& request = stream->request;
    stream->headerBytes += namelen + valuelen + kHpackEntryOverhead;
    if (stream->headerBytes > self(user).options_.maxHeaderBytes) {
      request.headersTooLarge = true;
      return 0;  // keep decoding (HPACK state must stay in sync) but stop storing
    }
    const auto key = view(name, namelen);
    const auto text = view(value, valuelen);
    if (key == ":method") {
      request.method = text;
    } else if (key == ":path") {
      request.path = text;
    } else if (key == ":authority") {
      request.authority = text;
    } else if (key == ":scheme") {
      request.scheme = text;
    } else {
      if (key == "host" && request.authority.empty()) {
        request.authority = text;
      }
      const bool seen = std::any_of(request.headers.begin(), request.headers.end(),
                                    [&](const auto& header) { return header.first == key; });
      if (seen && !request.duplicateHeader) {
        request.duplicateHeader = std::string(key);
      }
      request.headers.emplace_back(std::string(key), std::string(text));
    }
    return 0;
  }

  static int onDataChunk(nghttp2_session* /*s*/, std::uint8_t /*flags*/, std::int32_t streamId,
                         const std::uint8_t* data, std::size_t len, void* user) {
    auto& me = self(user);
    auto* stream = me.stream(streamId);
    if (stream == nullptr) {
      return 0;
    }
    auto& request = stream->request;
    request.bodySize += len;
    const auto room = me.options_.bodyLimit + 1 > request.body.size() ? me.options_.bodyLimit + 1 - request.body.size() : 0;
    request.body.append(reinterpret_cast<const char*>(data), std::min(room, len));
    return 0;
  }

  static int onFrameRecv(nghttp2_session* /*s*/, const nghttp2_frame* frame, void* user) {
    auto& me = self(user);
    const bool endsStream = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    if ((frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) || !endsStream) {
      return 0;
    }
    auto* stream = me.stream(frame->hd.stream_id);
    if (stream == nullptr || stream->dispatched) {
      return 0;
    }
    stream->dispatched = true;
    if (me.options_.lenientHttpMessaging && (stream->request.method.empty() || stream->request.path.empty())) {
      // What nghttp2's own checks would do with a request lacking them (RFC 9113 §8.3.1).
      nghttp2_submit_rst_stream(me.session_, NGHTTP2_FLAG_NONE, frame->hd.stream_id, NGHTTP2_PROTOCOL_ERROR);
      return 0;
    }
    // Moved out: nothing reads a dispatched stream's request again (onHeader skips trailers).
    me.handler_(std::move(stream->request));
    return 0;
  }

  static int onStreamClose(nghttp2_session* /*s*/, std::int32_t streamId, std::uint32_t /*code*/, void* user) {
    self(user).streams_.erase(streamId);
    return 0;
  }

  static int onError(nghttp2_session* /*s*/, int /*code*/, const char* message, std::size_t len, void* user) {
    self(user).lastProtocolError_.assign(message, len);
    return 0;
  }

  static ssize_t readBody(nghttp2_session* /*s*/, std::int32_t streamId, std::uint8_t* buf, std::size_t length,
                          std::uint32_t* dataFlags, nghttp2_data_source* /*source*/, void* user) {
    auto* stream = self(user).stream(streamId);
    if (stream == nullptr) {
      return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    const auto remaining = stream->responseBody.size() - stream->responseOffset;
    const auto n = std::min(remaining, length);
    std::memcpy(buf, stream->responseBody.data() + stream->responseOffset, n);
    stream->responseOffset += n;
    if (stream->responseOffset == stream->responseBody.size()) {
      *dataFlags |= NGHTTP2_DATA_FLAG_EOF;
    }
    return static_cast<ssize_t>(n);
  }
};

H2ServerSession::H2ServerSession(H2SessionOptions options, RequestHandler handler)
    : options_(options), handler_(std::move(handler)) {
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &Callbacks::onBeginHeaders);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &Callbacks::onHeader);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Callbacks::onDataChunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Callbacks::onFrameRecv);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Callbacks::onStreamClose);
  nghttp2_session_callbacks_set_error_callback2(callbacks, &Callbacks::onError);
  nghttp2_option* option = nullptr;
  nghttp2_option_new(&option);
  if (options_.lenientHttpMessaging) {
    nghttp2_option_set_no_http_messaging(option, 1);
  }
  nghttp2_session_server_new3(&session_, callbacks, this, option, pool_.mem());
  nghttp2_option_del(option);
  nghttp2_session_callbacks_del(callbacks);
}

H2ServerSession::~H2ServerSession() { nghttp2_session_del(session_); }

H2ServerSession::Stream* H2ServerSession::stream(std::int32_t id) {
  const auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : &it->second;
}

void H2ServerSession::start() {
  const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, options_.maxConcurrentStreams}};
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1);
}

bool H2ServerSession::receive(std::string_view bytes) {
  if (fatal_) {
    return false;
  }
  const auto rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  if (rv < 0) {
    fatal_ = true;
    error_ = nghttp2_strerror(static_cast<int>(rv));
    // RFC 9113 §3.4: an invalid connection preface is a connection error PROTOCOL_ERROR.
    // nghttp2 gives up without queueing a GOAWAY for the fatal cases, so send one here.
    const auto code = rv == NGHTTP2_ERR_FLOODED ? NGHTTP2_ENHANCE_YOUR_CALM : NGHTTP2_PROTOCOL_ERROR;
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, lastStreamId_, code, nullptr, 0);
    return false;
  }
  return true;
}

std::string H2ServerSession::drain() {
  std::string out;
  drainInto(out);
  return out;
}

void H2ServerSession::drainInto(std::string& out) {
  for (;;) {
    const std::uint8_t* data = nullptr;
    const auto n = nghttp2_session_mem_send(session_, &data);
    if (n <= 0) {
      if (n < 0 && error_.empty()) {
        error_ = nghttp2_strerror(static_cast<int>(n));
        fatal_ = true;
      }
      return;
    }
    out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
  }
}

bool H2ServerSession::respond(std::int32_t streamId, H2Response response) {
  auto* s = stream(streamId);
  if (s == nullptr) {
    return false;
  }
  const std::string status = std::to_string(response.status);
  const std::string statusName = ":status";
  std::vector<nghttp2_nv> nva;
  nva.reserve(response.headers.size() + 1);
  nva.push_back(makeNv(statusName, status));
  for (const auto& [name, value] : response.headers) {
    nva.push_back(makeNv(name, value));
  }
  s->responseBody = std::move(response.body);
  s->responseOffset = 0;
  nghttp2_data_provider provider{};
  provider.read_callback = &Callbacks::readBody;
  const auto* dataProvider = s->responseBody.empty() ? nullptr : &provider;
  return nghttp2_submit_response(session_, streamId, nva.data(), nva.size(), dataProvider) == 0;
}

void H2ServerSession::resetStream(std::int32_t streamId, std::uint32_t errorCode) {
  nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, streamId, errorCode);
}

void H2ServerSession::goaway(std::int32_t lastStreamId, std::uint32_t errorCode, std::string_view debugData) {
  nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, lastStreamId, errorCode,
                        reinterpret_cast<const std::uint8_t*>(debugData.data()), debugData.size());
}

void H2ServerSession::setMaxConcurrentStreams(std::uint32_t streams) {
  const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, streams}};
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1);
}

bool H2ServerSession::alive() const {
  return !fatal_ && (nghttp2_session_want_read(session_) != 0 || nghttp2_session_want_write(session_) != 0);
}

}  // namespace oxh::push::apns
