#include "mock_dovecot/imap/command_parser.hpp"

#include <limits>

namespace oxh::dovecot::imap {

namespace {

bool isTagOrNameSpecial(unsigned char c, bool tag) {
  // Dovecot's imap_parser_read_next_atom: atom-specials, list-wildcards, quoted-specials,
  // resp-specials, CTLs and 8-bit end a tag/command name with an error; "+" only in tags.
  switch (c) {
    case '(':
    case ')':
    case '{':
    case '%':
    case '*':
    case '"':
    case '\\':
    case ']':
      return true;
    case '+':
      return tag;
    default:
      return c < ' ' || c >= 0x80;
  }
}

// Dovecot's IS_ATOM_PARSER_INPUT: characters an argument atom may not contain.
const char* atomError(unsigned char c) {
  if (c == '(' || c == ')' || c == '{' || c == '"' || c <= 32 || c == 0x7f) {
    return "Invalid characters in atom";
  }
  if ((c & 0x80U) != 0) {
    return "8bit data in atom";
  }
  return nullptr;
}

}  // namespace

CommandParser::CommandParser(std::size_t maxLine) : maxLine_(maxLine) {}

void CommandParser::reset() {
  haveTag_ = false;
  haveName_ = false;
  tag_.clear();
  name_.clear();
  open_.assign(1, ImapArgs{});
  lineBytes_ = 0;
}

bool CommandParser::idle() const { return phase_ == Phase::kLine && !haveTag_ && buffer_.empty(); }

void CommandParser::discardBuffered() {
  buffer_.clear();
  phase_ = Phase::kLine;
  reset();
}

ParseOutcome CommandParser::error(std::string message) {
  ParseOutcome out;
  out.kind = haveTag_ ? ParseOutcome::Kind::kError : ParseOutcome::Kind::kTagError;
  out.tag = tag_;
  out.name = name_;
  out.message = std::move(message);
  reset();
  return out;
}

std::optional<std::string> CommandParser::takeLine() {
  const auto lf = buffer_.find('\n');
  if (lf == std::string::npos) {
    return std::nullopt;
  }
  std::string line = buffer_.substr(0, lf);
  buffer_.erase(0, lf + 1);
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return line;
}

ImapArgs CommandParser::closedCopy() const {
  std::vector<ImapArgs> stack = open_;
  while (stack.size() > 1) {
    ImapArg list;
    list.type = ImapArg::Type::kList;
    list.list = std::move(stack.back());
    stack.pop_back();
    stack.back().push_back(std::move(list));
  }
  return stack.front();
}

ParseOutcome CommandParser::poll(const LiteralPolicy& policy) {
  for (;;) {
    switch (phase_) {
      case Phase::kSkipLiteral: {
        const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(literalRemaining_, buffer_.size()));
        buffer_.erase(0, take);
        literalRemaining_ -= take;
        if (literalRemaining_ > 0) {
          return {};
        }
        phase_ = Phase::kSkipLine;
        continue;
      }
      case Phase::kSkipLine: {
        const auto lf = buffer_.find('\n');
        if (lf == std::string::npos) {
          buffer_.clear();  // never buffer what we are throwing away
          return {};
        }
        buffer_.erase(0, lf + 1);
        phase_ = Phase::kLine;
        reset();
        continue;
      }
      case Phase::kLiteral: {
        if (buffer_.size() < literalRemaining_) {
          return {};
        }
        ImapArg arg;
        arg.type = ImapArg::Type::kLiteral;
        arg.literal8 = literal8_;
        arg.value = buffer_.substr(0, static_cast<std::size_t>(literalRemaining_));
        buffer_.erase(0, static_cast<std::size_t>(literalRemaining_));
        lineBytes_ += static_cast<std::size_t>(literalRemaining_);
        open_.back().push_back(std::move(arg));
        literalRemaining_ = 0;
        phase_ = Phase::kLine;
        continue;
      }
      case Phase::kLine:
        break;
    }
    const auto lf = buffer_.find('\n');
    if (lf == std::string::npos) {
      if (lineBytes_ + buffer_.size() > maxLine_) {
        // Dovecot answers an over-long line without buffering it and skips to its end
        // (imap-client.c client_input: "Too long argument.").
        if (!haveTag_) {
          const auto space = buffer_.find(' ');
          tag_ = buffer_.substr(0, std::min(space, std::size_t{64}));
          haveTag_ = !tag_.empty();
          if (space != std::string::npos) {
            const auto end = buffer_.find(' ', space + 1);
            name_ = buffer_.substr(space + 1, std::min(end - space - 1, std::size_t{64}));
          }
        }
        buffer_.clear();
        phase_ = Phase::kSkipLine;
        ParseOutcome out = error("Too long argument.");
        phase_ = Phase::kSkipLine;
        return out;
      }
      return {};
    }
    std::string segment = buffer_.substr(0, lf);
    buffer_.erase(0, lf + 1);
    lineBytes_ += segment.size() + 1;
    if (!segment.empty() && segment.back() == '\r') {
      segment.pop_back();
    }
    ParseOutcome out = tokenizeSegment(segment, policy);
    if (out.kind == ParseOutcome::Kind::kNeedMore) {
      continue;  // a non-synchronizing literal follows
    }
    return out;
  }
}

ParseOutcome CommandParser::tokenizeSegment(std::string_view s, const LiteralPolicy& policy) {
  std::size_t pos = 0;
  if (!haveTag_) {
    while (pos < s.size() && s[pos] != ' ') {
      if (isTagOrNameSpecial(static_cast<unsigned char>(s[pos]), true)) {
        return error("Invalid tag.");
      }
      ++pos;
    }
    if (pos == 0) {
      return error("Invalid tag.");
    }
    tag_ = std::string(s.substr(0, pos));
    haveTag_ = true;
    if (pos < s.size()) {
      ++pos;
    }
  }
  if (!haveName_) {
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] != ' ') {
      if (isTagOrNameSpecial(static_cast<unsigned char>(s[pos]), false)) {
        return error("Invalid command name.");
      }
      ++pos;
    }
    name_ = std::string(s.substr(start, pos - start));
    haveName_ = true;
    // "UID FETCH" is one command (Dovecot's client_command_input does the same).
    if (iequals(name_, "UID") && pos < s.size()) {
      const std::size_t sub = pos + 1;
      std::size_t end = sub;
      while (end < s.size() && s[end] != ' ') {
        ++end;
      }
      name_ += " " + std::string(s.substr(sub, end - sub));
      pos = end;
    }
  }
  while (pos < s.size()) {
    const char c = s[pos];
    if (c == ' ') {
      ++pos;
      continue;
    }
    if (c == '(') {
      open_.emplace_back();
      ++pos;
      continue;
    }
    if (c == ')') {
      if (open_.size() == 1) {
        return error("Unexpected ')'");
      }
      ImapArg list;
      list.type = ImapArg::Type::kList;
      list.list = std::move(open_.back());
      open_.pop_back();
      open_.back().push_back(std::move(list));
      ++pos;
      continue;
    }
    if (c == '"') {
      ImapArg arg;
      arg.type = ImapArg::Type::kQuoted;
      ++pos;
      bool closed = false;
      while (pos < s.size()) {
        if (s[pos] == '"') {
          closed = true;
          ++pos;
          break;
        }
        if (s[pos] == '\0') {
          return error("NULs not allowed in strings");
        }
        if (s[pos] == '\\' && pos + 1 < s.size()) {
          ++pos;
        }
        arg.value += s[pos++];
      }
      if (!closed) {
        return error("Missing '\"'");
      }
      open_.back().push_back(std::move(arg));
      continue;
    }
    if (c == '{' || (c == '~' && pos + 1 < s.size() && s[pos + 1] == '{')) {
      const bool literal8 = c == '~';
      pos += literal8 ? 2 : 1;
      std::uint64_t size = 0;
      bool nonSync = false;
      bool digits = false;
      for (;; ++pos) {
        if (pos >= s.size()) {
          return error("Invalid literal size");
        }
        const char d = s[pos];
        if (d == '}') {
          break;
        }
        if (nonSync) {
          return error("Expecting '}' after '+'");
        }
        if (d == '+' && digits) {
          nonSync = true;
          continue;
        }
        if (d < '0' || d > '9') {
          return error("Invalid literal size");
        }
        if (size > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) {
          ParseOutcome out;
          out.kind = ParseOutcome::Kind::kFatal;
          out.message = "Literal size too large";
          reset();
          phase_ = Phase::kSkipLine;
          return out;
        }
        size = size * 10 + static_cast<std::uint64_t>(d - '0');
        digits = true;
      }
      if (pos + 1 != s.size()) {
        return error("Missing LF after literal size");
      }
      const ImapArgs soFar = closedCopy();
      const LiteralRequest request{tag_, name_, soFar, size, nonSync, literal8, lineBytes_};
      const LiteralVerdict verdict = policy ? policy(request) : LiteralVerdict{};
      ParseOutcome out;
      switch (verdict.kind) {
        case LiteralVerdict::Kind::kAccept:
          literalRemaining_ = size;
          literal8_ = literal8;
          phase_ = Phase::kLiteral;
          if (nonSync) {
            return out;  // kNeedMore: poll() carries on with the literal bytes
          }
          out.kind = ParseOutcome::Kind::kContinue;
          return out;
        case LiteralVerdict::Kind::kRejected:
          out.kind = ParseOutcome::Kind::kRejected;
          out.tag = tag_;
          out.name = name_;
          reset();
          // A client that sent {n+} sends the bytes anyway: skip them and the line's rest.
          // After a refused {n} it sends nothing more of this command.
          if (nonSync) {
            literalRemaining_ = size;
            phase_ = Phase::kSkipLiteral;
          }
          return out;
        case LiteralVerdict::Kind::kFatal:
          out.kind = ParseOutcome::Kind::kFatal;
          out.message = verdict.message;
          reset();
          phase_ = Phase::kSkipLine;
          return out;
      }
    }
    // Atom: up to a space, or a ')' closing an open list.
    ImapArg arg;
    while (pos < s.size() && s[pos] != ' ') {
      const auto uc = static_cast<unsigned char>(s[pos]);
      if (s[pos] == ')') {
        if (open_.size() == 1) {
          return error("Unexpected ')'");
        }
        break;
      }
      // '(' , '{' and '"' inside an atom are errors; at an atom's start they began a token.
      if (const char* problem = atomError(uc)) {
        return error(problem);
      }
      arg.value += s[pos++];
    }
    open_.back().push_back(std::move(arg));
  }
  if (open_.size() > 1) {
    return error("Missing ')'");
  }
  ParseOutcome out;
  out.kind = ParseOutcome::Kind::kCommand;
  out.tag = tag_;
  out.name = name_;
  out.args = std::move(open_.front());
  reset();
  return out;
}

}  // namespace oxh::dovecot::imap
