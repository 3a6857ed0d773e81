"""Plays one transcript over several IMAP sessions of one user, for conformance tests that
compare real Dovecot with the fake (tests/peers/test_fake_dovecot_qresync.py,
tests/peers/test_fake_dovecot_notify_catenate.py).

A step is "command" (session 1) or "N:command" (session N, logged in on first use);
"N:RAW text" sends a line and reads one line back (IDLE, DONE);
"N:IDLE-READ n" collects what an idling session was sent so far (polling with a deadline, never a
fixed sleep: it waits until `expect` lines arrived or the deadline passed). In a command,
"{UIDV}" and "{HMS}" stand for the last [UIDVALIDITY n] / [HIGHESTMODSEQ n] this server sent,
so QRESYNC parameters can name real values; answers are normalised (imap_transcript.normalise).
"""
from __future__ import annotations

import re
import time

from support.imap_transcript import ImapTranscript, normalise, normalised

HOST = "127.0.0.1"
USER = "alice@example.org"
PASSWORD = "secret"


def play_sessions(port: int, steps, *, unordered: tuple[str, ...] = ()) -> list[tuple[str, list[str]]]:
    sessions: dict[str, ImapTranscript] = {}
    values: dict[str, str] = {}
    out: list[tuple[str, list[str]]] = []

    def session(name: str) -> ImapTranscript:
        if name not in sessions:
            imap = ImapTranscript(HOST, port)
            imap.command(f"a000 LOGIN {USER} {PASSWORD}")
            sessions[name] = imap
        return sessions[name]

    try:
        for step in steps:
            name, command = ("1", step)
            if re.match(r"^\d:", step):
                name, command = step[0], step[2:]
            imap = session(name)
            if command.startswith("IDLE-READ"):
                expect = int(command.split()[1]) if " " in command else 1
                lines = []
                deadline = time.monotonic() + 5
                while len(lines) < expect and time.monotonic() < deadline:
                    if imap.has_pending(0.2):
                        lines.append(imap.read_response_line())
                out.append((step, [normalise(line) for line in lines]))
                continue
            if command.startswith("RAW "):
                imap.send_raw(command[4:] + "\r\n")
                out.append((step, [normalise(imap.read_response_line())]))
                continue
            for key, value in values.items():
                command = command.replace("{" + key + "}", value)
            exchange = imap.command(command)
            for line in exchange.lines:
                if found := re.search(r"\[UIDVALIDITY (\d+)\]", line):
                    values["UIDV"] = found.group(1)
                if found := re.search(r"\[HIGHESTMODSEQ (\d+)\]", line):
                    values["HMS"] = found.group(1)
            tag = command.split(" ", 1)[0]
            lines = [re.sub(r"\[COPYUID \d+ ", "[COPYUID <v> ", line) for line in normalised(exchange)]
            if tag in unordered and lines:
                lines = sorted(lines[:-1]) + lines[-1:]
            out.append((step, lines))
    finally:
        for imap in sessions.values():
            imap.sock.close()
    return out


def assert_same_sessions(real_port: int, fake_port: int, steps, **kwargs) -> list[tuple[str, list[str]]]:
    real = play_sessions(real_port, steps, **kwargs)
    fake = play_sessions(fake_port, steps, **kwargs)
    for (step, real_lines), (_, fake_lines) in zip(real, fake):
        assert fake_lines == real_lines, f"{step!r}:\n real: {real_lines}\n fake: {fake_lines}"
    assert len(real) == len(fake)
    return real
