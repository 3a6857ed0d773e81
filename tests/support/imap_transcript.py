"""A raw-socket IMAP transcript player for conformance tests.

It sends commands exactly as written and collects every response line until the tagged
reply, so the same transcript can be played against real Dovecot and the fake and the
answers compared (after `normalise`, which hides values that legitimately differ between
two servers: UIDVALIDITY, timings, mod-sequences).

Literals:
- in commands, write them inline: 'a1 LOGIN {5}\\r\\nalice secret'. A synchronizing
  literal "{n}" waits for the server's "+" continuation (if the server answers with a
  tagged reply instead, the rest of the command is not sent); "{n+}" is sent at once.
- in responses, a line ending in "{n}" is joined with the next n bytes, so one logical
  response line may contain CRLFs.
"""
from __future__ import annotations

import re
import socket
import ssl
import time
from dataclasses import dataclass, field

_LITERAL_AT_END = re.compile(rb"\{(\d+)\}\r\n$")
_COMMAND_LITERAL = re.compile(r"(\{\d+\+?\}\r\n)")
_TIMING = re.compile(r" \(\d+\.\d{3}(?: \+ \d+\.\d{3}){1,2} secs\)\.$")


class TranscriptError(AssertionError):
    pass


@dataclass
class Exchange:
    command: str
    lines: list[str] = field(default_factory=list)

    @property
    def tagged(self) -> str:
        return self.lines[-1] if self.lines else ""


class ImapTranscript:
    """One IMAP connection. `source` binds the client address (e.g. "127.0.0.2")."""

    def __init__(self, host: str, port: int, *, source: str | None = None, timeout: float = 10.0,
                 tls: bool = False):
        self.sock = socket.create_connection((host, port), timeout=timeout,
                                             source_address=(source, 0) if source else None)
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            self.sock = context.wrap_socket(self.sock, server_hostname=None)
        self.timeout = timeout
        self.buffer = b""
        self.closed = False
        self.greeting = self.read_response_line()
        self.log: list[str] = [f"S: {self.greeting}"]

    # ----------------------------------------------------------------- reading
    def _fill(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TranscriptError(f"timed out; buffered: {self.buffer!r}\n" + "\n".join(self.log[-20:]))
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(65536)
        except socket.timeout as error:
            raise TranscriptError(f"timed out; buffered: {self.buffer!r}\n" + "\n".join(self.log[-20:])) from error
        except ConnectionError:
            data = b""
        if not data:
            self.closed = True
            raise EOFError(self.buffer)
        self.buffer += data

    def read_response_line(self, timeout: float | None = None) -> str:
        """One logical response line (literals joined in), without the final CRLF."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        out = b""
        while True:
            while b"\r\n" not in self.buffer:
                self._fill(deadline)
            line, self.buffer = self.buffer.split(b"\r\n", 1)
            out += line + b"\r\n"
            match = _LITERAL_AT_END.search(out)
            if not match:
                return out[:-2].decode("utf-8", errors="replace")
            size = int(match.group(1))
            while len(self.buffer) < size:
                self._fill(deadline)
            out += self.buffer[:size]
            self.buffer = self.buffer[size:]

    def has_pending(self, wait: float = 0.0) -> bool:
        if self.buffer:
            return True
        self.sock.settimeout(max(wait, 0.001))
        try:
            data = self.sock.recv(65536)
        except (socket.timeout, BlockingIOError):
            return False
        if not data:
            self.closed = True
            return False
        self.buffer += data
        return True

    # ----------------------------------------------------------------- writing
    def send_raw(self, data: str | bytes) -> None:
        if isinstance(data, str):
            data = data.encode()
        self.log.append(f"C: {data!r}")
        self.sock.sendall(data)

    def command(self, text: str, *, until_tag: str | None = None) -> Exchange:
        """Sends `text` + CRLF and collects lines until the tagged reply (or BYE + close)."""
        tag = until_tag or text.split(" ", 1)[0]
        exchange = Exchange(text)
        parts = _COMMAND_LITERAL.split(text)
        self.log.append(f"C: {text!r}")
        for part in parts:
            if not self._send(part.encode()):
                break
            if re.fullmatch(r"\{\d+\}\r\n", part):
                line = self._read_logged(exchange)
                if line is None or not line.startswith("+"):
                    return exchange  # refused before the literal (or the server closed)
                exchange.lines.pop()  # the continuation is not part of the answer
        else:
            self._send(b"\r\n")
        return self.collect(tag, exchange)

    def _send(self, data: bytes) -> bool:
        """False when the server has closed the connection (what it said is still read)."""
        try:
            self.sock.sendall(data)
            return True
        except (BrokenPipeError, ConnectionError):
            return False

    def collect(self, tag: str, exchange: Exchange | None = None) -> Exchange:
        exchange = exchange or Exchange("")
        while True:
            line = self._read_logged(exchange)
            if line is None or line.startswith(tag + " "):
                return exchange

    def _read_logged(self, exchange: Exchange) -> str | None:
        try:
            line = self.read_response_line()
        except EOFError:
            exchange.lines.append("<closed>")
            return None
        self.log.append(f"S: {line}")
        exchange.lines.append(line)
        return line

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self) -> "ImapTranscript":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --------------------------------------------------------------------- normalising
def _sort_metadata(line: str) -> str:
    """'* METADATA box (e1 v1 e2 v2)' with entry/value pairs sorted (Dovecot's dict order is
    its hash order, not a protocol property)."""
    head, sep, rest = line.partition(" (")
    if not sep or not rest.endswith(")"):
        return line
    body = rest[:-1]
    pairs = []
    pos = 0
    while pos < len(body):
        space = body.index(" ", pos)
        entry = body[pos:space]
        pos = space + 1
        if body.startswith("NIL", pos):
            value, pos = "NIL", pos + 3
        else:
            match = re.match(r"\{(\d+)\}\r\n", body[pos:])
            if not match:
                return line
            end = pos + match.end() + int(match.group(1))
            value, pos = body[pos:end], end
        pairs.append(f"{entry} {value}")
        pos += 1  # the separating space
    return f"{head} ({' '.join(sorted(pairs))})"


def normalise(line: str) -> str:
    line = _TIMING.sub(".", line)
    line = re.sub(r"UIDVALIDITY \d+", "UIDVALIDITY <v>", line)
    line = re.sub(r"\[APPENDUID \d+ ", "[APPENDUID <v> ", line)
    line = re.sub(r"HIGHESTMODSEQ \d+", "HIGHESTMODSEQ <m>", line)
    line = re.sub(r"MODSEQ \(\d+\)", "MODSEQ (<m>)", line)
    # Dovecot's "Internal error occurred. ... [2026-11-29 10:07:35]": the server's local time.
    line = re.sub(r"information\. \[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]", "information. [<time>]", line)
    if line.startswith("* METADATA "):
        line = _sort_metadata(line)
    return line


def normalised(exchange: Exchange, *, unordered: bool = False) -> list[str]:
    """Normalised lines; with `unordered`, untagged lines are sorted (LIST order is the
    file system's in Dovecot's Maildir++ layout)."""
    lines = [normalise(line) for line in exchange.lines]
    if unordered and lines:
        lines = sorted(lines[:-1]) + lines[-1:]
    return lines
