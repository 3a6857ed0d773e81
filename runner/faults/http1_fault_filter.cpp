#include "runner/faults/http1_fault_filter.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include "runner/faults/app_fault_spec.hpp"

namespace oxh::faults {

namespace {

constexpr std::size_t kMaxHead = 65536;
constexpr std::size_t kMaxChunkLine = 4096;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) {
    return "";
  }
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Fault";
  }
}

bool pathMatches(const FaultSpec& spec, const std::string& target) {
  return spec.path.empty() || spec.path == "*" || target.rfind(spec.path, 0) == 0;
}

}  // namespace

Http1Head parseHttp1Head(const std::string& head, bool request) {
  Http1Head out;
  std::istringstream lines(head);
  std::string line;
  if (!std::getline(lines, line)) {
    return out;
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  std::istringstream words(line);
  std::string first;
  std::string second;
  std::string third;
  words >> first >> second >> third;
  if (request) {
    if (first.empty() || second.empty() || third.rfind("HTTP/1.", 0) != 0) {
      return out;
    }
    out.method = first;
    out.target = second;
  } else {
    int status = 0;
    const auto [ptr, ec] = std::from_chars(second.data(), second.data() + second.size(), status);
    if (first.rfind("HTTP/1.", 0) != 0 || second.size() != 3 || ec != std::errc() || ptr != second.data() + 3) {
      return out;
    }
    out.status = status;
  }
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty()) {
      break;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      return out;  // not HTTP: the caller passes the bytes through
    }
    const auto name = lower(line.substr(0, colon));
    const auto value = trim(line.substr(colon + 1));
    if (name == "transfer-encoding" && lower(value).find("chunked") != std::string::npos) {
      out.chunked = true;
    } else if (name == "content-length") {
      std::uint64_t length = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (ec != std::errc() || ptr != value.data() + value.size()) {
        return out;
      }
      out.contentLength = length;
    }
  }
  out.valid = true;
  return out;
}

std::string Http1FaultFilter::statusResponse(const FaultSpec& spec) {
  std::string response = "HTTP/1.1 " + std::to_string(spec.status) + " " + reason(spec.status) + "\r\n";
  if (!spec.retryAfter.empty()) {
    response += "Retry-After: " + spec.retryAfter + "\r\n";
  }
  response += "Content-Type: text/plain\r\nContent-Length: " + std::to_string(spec.body.size()) + "\r\n\r\n" + spec.body;
  return response;
}

std::string Http1FaultFilter::malformedResponse() {
  return "HTTP/1.1 5O3 Malformed by oxharness\r\nthis header line has no colon\r\n\r\n";
}

FilterOutput Http1FaultFilter::onData(Direction flow, std::string_view bytes, const std::vector<ArmedFault>& faults,
                                      FaultBoard& board) {
  FilterOutput out;
  auto& side = flow == Direction::kClientToServer ? requests_ : responses_;
  side.pending.append(bytes);
  process(flow, side, out, faults, board);
  return out;
}

void Http1FaultFilter::emit(Side& side, std::size_t bytes, FilterOutput& out, bool body) {
  std::size_t forwarded = bytes;
  if (side.disposition == Disposition::kSwallow) {
    forwarded = 0;
  } else if (side.disposition == Disposition::kCut && body) {
    forwarded = static_cast<std::size_t>(std::min<std::uint64_t>(bytes, side.cutLeft));
    side.cutLeft -= forwarded;
  }
  out.forward.append(side.pending, 0, forwarded);
  side.pending.erase(0, bytes);
  if (side.disposition == Disposition::kCut && forwarded < bytes) {
    out.closeAfter = true;  // the rest of the body never reaches the client
    side.mode = Mode::kDrop;
    side.pending.clear();
  }
}

void Http1FaultFilter::process(Direction flow, Side& side, FilterOutput& out, const std::vector<ArmedFault>& faults,
                               FaultBoard& board) {
  const bool request = flow == Direction::kClientToServer;
  auto endOfMessage = [&side] {
    side.mode = Mode::kHead;
    side.disposition = Disposition::kForward;
  };
  while (!side.pending.empty()) {
    switch (side.mode) {
      case Mode::kPass:
        out.forward += side.pending;
        side.pending.clear();
        return;
      case Mode::kDrop:
        side.pending.clear();
        return;
      case Mode::kUntilClose:
        emit(side, side.pending.size(), out, true);
        return;
      case Mode::kHead: {
        const auto end = side.pending.find("\r\n\r\n");
        if (end == std::string::npos) {
          if (side.pending.size() > kMaxHead) {
            side.mode = Mode::kPass;
            continue;
          }
          return;
        }
        const auto head = side.pending.substr(0, end + 4);
        if (!(request ? onRequestHead(head, side, out, faults, board) : onResponseHead(head, side, out))) {
          side.mode = Mode::kPass;  // not HTTP/1 as far as we can tell: hands off
        }
        break;
      }
      case Mode::kLength:
      case Mode::kChunkData: {
        const auto bytes = static_cast<std::size_t>(std::min<std::uint64_t>(side.remaining, side.pending.size()));
        side.remaining -= bytes;
        emit(side, bytes, out, true);
        if (side.mode == Mode::kDrop) {
          return;
        }
        if (side.remaining == 0) {
          if (side.mode == Mode::kLength) {
            endOfMessage();
          } else {
            side.mode = Mode::kChunkSize;
          }
        }
        break;
      }
      case Mode::kChunkSize:
      case Mode::kTrailers: {
        const auto end = side.pending.find("\r\n");
        if (end == std::string::npos) {
          if (side.pending.size() > kMaxChunkLine) {
            side.mode = Mode::kPass;
            continue;
          }
          return;
        }
        if (side.mode == Mode::kTrailers) {
          emit(side, end + 2, out, true);
          if (side.mode == Mode::kDrop) {
            return;
          }
          if (end == 0) {
            endOfMessage();
          }
          break;
        }
        std::uint64_t size = 0;
        const auto line = side.pending.substr(0, end);
        const auto digits = line.substr(0, line.find_first_of("; \t"));
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
        if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
          side.mode = Mode::kPass;
          continue;
        }
        emit(side, end + 2, out, true);
        if (side.mode == Mode::kDrop) {
          return;
        }
        side.mode = size == 0 ? Mode::kTrailers : Mode::kChunkData;
        side.remaining = size + 2;  // the data and its CRLF
        break;
      }
    }
  }
}

bool Http1FaultFilter::onRequestHead(const std::string& head, Side& side, FilterOutput& out,
                                     const std::vector<ArmedFault>& faults, FaultBoard& board) {
  const auto parsed = parseHttp1Head(head, true);
  if (!parsed.valid) {
    return false;
  }
  std::optional<ArmedFault> chosen;
  for (const auto& fault : faults) {
    if (isHttp1Fault(fault.spec.kind) && pathMatches(fault.spec, parsed.target) && board.take(fault.id)) {
      chosen = fault;
      break;
    }
  }
  side.disposition = Disposition::kForward;
  const auto what = parsed.method + " " + parsed.target;
  if (chosen && chosen->spec.kind == FaultKind::kHttpStatus) {
    side.disposition = Disposition::kSwallow;  // its body too
    side.pending.erase(0, head.size());
    out.reply += statusResponse(chosen->spec);
    out.applied.push_back({chosen->id, "http_status", what + " answered " + std::to_string(chosen->spec.status)});
  } else {
    emit(side, head.size(), out, false);
    actions_.push_back({parsed.method == "HEAD", chosen});
  }
  if (parsed.chunked) {
    side.mode = Mode::kChunkSize;
  } else if (parsed.contentLength.value_or(0) > 0) {
    side.mode = Mode::kLength;
    side.remaining = *parsed.contentLength;
  } else {
    side.mode = Mode::kHead;
    side.disposition = Disposition::kForward;
  }
  return true;
}

bool Http1FaultFilter::onResponseHead(const std::string& head, Side& side, FilterOutput& out) {
  const auto parsed = parseHttp1Head(head, false);
  if (!parsed.valid) {
    return false;
  }
  side.disposition = Disposition::kForward;
  if (parsed.status == 101 || (parsed.status >= 100 && parsed.status < 200)) {
    emit(side, head.size(), out, false);
    if (parsed.status == 101) {
      side.mode = Mode::kPass;  // another protocol from here on
    }
    return true;
  }
  ResponseAction action;
  if (!actions_.empty()) {
    action = actions_.front();
    actions_.pop_front();
  }
  const bool noBody = action.head || parsed.status == 204 || parsed.status == 304;
  if (noBody || (!parsed.chunked && parsed.contentLength && *parsed.contentLength == 0)) {
    side.mode = Mode::kHead;
  } else if (parsed.chunked) {
    side.mode = Mode::kChunkSize;
  } else if (parsed.contentLength) {
    side.mode = Mode::kLength;
    side.remaining = *parsed.contentLength;
  } else {
    side.mode = Mode::kUntilClose;
  }
  const auto status = std::to_string(parsed.status);
  if (action.fault && action.fault->spec.kind == FaultKind::kHttpMalformed) {
    out.forward += malformedResponse();
    out.closeAfter = true;
    side.mode = Mode::kDrop;
    side.pending.clear();
    out.applied.push_back({action.fault->id, "http_malformed", "response " + status + " replaced by garbage"});
    return true;
  }
  if (action.fault && action.fault->spec.kind == FaultKind::kHttpDelay) {
    out.holdBefore = std::max(out.holdBefore, action.fault->spec.delay);
    out.applied.push_back({action.fault->id, "http_delay",
                           "response " + status + " held " + std::to_string(action.fault->spec.delay.count()) + "ms"});
  } else if (action.fault && action.fault->spec.kind == FaultKind::kHttpCloseMidBody) {
    side.disposition = Disposition::kCut;
    side.cutLeft = action.fault->spec.afterBytes;
    out.applied.push_back({action.fault->id, "http_close_mid_body",
                           "response " + status + " cut after " + std::to_string(action.fault->spec.afterBytes) + "B of body"});
  }
  emit(side, head.size(), out, false);
  if (side.mode == Mode::kHead) {
    side.disposition = Disposition::kForward;
  }
  return true;
}

}  // namespace oxh::faults
