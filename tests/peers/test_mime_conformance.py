"""The fake Dovecot's MIME renderings (mock_dovecot/mime, printed by oxh_mime_tool) must equal
real Dovecot 2.3's FETCH answers byte for byte: ENVELOPE, BODY, BODYSTRUCTURE, RFC822.SIZE,
BODY.PEEK[<section>] and PREVIEW, plus the push driver's "snippet" for LMTP deliveries.

Every corpus message (tests/support/mime_corpus.py) is APPENDed to alice's INBOX with imaplib;
each FETCH item is asked for alone so that the raw answer is easy to cut out.
"""
from __future__ import annotations

import imaplib
import json
import os
import re
import smtplib
import subprocess
from pathlib import Path

import pytest

from conftest import skip_or_fail
from support.mime_corpus import write_corpus
from support.real_dovecot import HTTP_NOTIFY_ENTRY

pytestmark = pytest.mark.dovecot

ALICE = "alice@example.org"
PASSWORD = "secret"
NET_TIMEOUT_S = 20.0
TOOL_NAME = "oxh_mime_tool"


@pytest.fixture
def oxh_tool(request) -> Path:
    """oxh_mime_tool: $OXH_TOOLS_DIR/oxh_mime_tool, else next to the oxharness build."""
    env = os.environ.get("OXH_TOOLS_DIR")
    if env:
        path = Path(env) / TOOL_NAME
    else:
        oxharness_bin = request.getfixturevalue("oxharness_bin")
        path = oxharness_bin.parent.parent / "mock_dovecot" / TOOL_NAME
    if not (path.is_file() and os.access(path, os.X_OK)):
        skip_or_fail(f"{TOOL_NAME} not found at {path} (build target {TOOL_NAME}, or set OXH_TOOLS_DIR)")
    return path


def run_tool(tool: Path, path: Path, specs: list[str]) -> dict:
    proc = subprocess.run([str(tool), str(path), *specs], capture_output=True, timeout=30, check=True)
    return json.loads(proc.stdout.decode("ascii"))


def tool_bytes(value: str | None) -> bytes | None:
    # The tool writes each byte as the code point of the same value.
    return None if value is None else value.encode("latin-1")


def append_raw(imap: imaplib.IMAP4, mailbox: str, message: bytes) -> None:
    """APPEND the bytes as they are: imaplib.append() would turn bare CR and LF into CRLF."""
    imap.literal = message
    typ, data = imap._simple_command("APPEND", mailbox)
    assert typ == "OK", data


def raw_fetch(imap: imaplib.IMAP4, seq: int, item: str) -> bytes:
    """The untagged FETCH answer for one item, literals re-joined as sent ("{n}\\r\\n" + bytes)."""
    typ, data = imap.fetch(str(seq), f"({item})")
    assert typ == "OK", (item, data)
    raw = b""
    for part in data:
        if isinstance(part, tuple):
            raw += part[0] + b"\r\n" + part[1]
        else:
            raw += part
    return raw


def fetch_value(imap: imaplib.IMAP4, seq: int, item: str, answer_name: bytes) -> bytes:
    raw = raw_fetch(imap, seq, item)
    prefix = f"{seq} (".encode() + answer_name + b" "
    assert raw.startswith(prefix) and raw.endswith(b")"), raw[:200]
    return raw[len(prefix):-1]


def parse_nstring(value: bytes) -> bytes | None:
    """NIL, "quoted" or {n}\\r\\nliteral -> bytes."""
    if value == b"NIL":
        return None
    m = re.match(rb"\{(\d+)\}\r\n", value)
    if m:
        body = value[m.end():]
        assert len(body) == int(m.group(1)), value[:100]
        return body
    assert value.startswith(b'"') and value.endswith(b'"'), value[:100]
    return re.sub(rb'\\(["\\])', rb"\1", value[1:-1])


def fetch_section(imap: imaplib.IMAP4, seq: int, spec: str) -> bytes | None:
    raw = raw_fetch(imap, seq, f"BODY.PEEK[{spec}]")
    m = re.match(rb"\d+ \(BODY\[[^\]]*\] ", raw)
    assert m and raw.endswith(b")"), raw[:200]
    return parse_nstring(raw[m.end():-1])


def has_preview(imap: imaplib.IMAP4) -> bool:
    typ, data = imap.capability()
    return "PREVIEW" in data[-1].decode().upper().split()


def test_fake_mime_renderings_equal_real_dovecot(real_dovecot_factory, oxh_tool, tmp_path):
    messages = write_corpus(tmp_path / "corpus")
    dc = real_dovecot_factory()
    mismatches: list[str] = []
    with imaplib.IMAP4(dc.host, dc.imap_port, timeout=NET_TIMEOUT_S) as imap:
        imap.login(ALICE, PASSWORD)
        for _name, path, _specs in messages:
            append_raw(imap, "INBOX", path.read_bytes())
        typ, data = imap.select("INBOX")
        assert typ == "OK" and int(data[0]) == len(messages), data
        preview = has_preview(imap)

        def check(name: str, what: str, real, fake) -> None:
            if real != fake:
                mismatches.append(f"{name} {what}:\n  real: {real!r}\n  fake: {fake!r}")

        for seq, (name, path, specs) in enumerate(messages, start=1):
            fake = run_tool(oxh_tool, path, specs)
            check(name, "ENVELOPE", fetch_value(imap, seq, "ENVELOPE", b"ENVELOPE"),
                  tool_bytes(fake["envelope"]))
            check(name, "BODY", fetch_value(imap, seq, "BODY", b"BODY"), tool_bytes(fake["body"]))
            check(name, "BODYSTRUCTURE", fetch_value(imap, seq, "BODYSTRUCTURE", b"BODYSTRUCTURE"),
                  tool_bytes(fake["bodystructure"]))
            check(name, "RFC822.SIZE", int(fetch_value(imap, seq, "RFC822.SIZE", b"RFC822.SIZE")),
                  fake["size"])
            for spec in specs:
                real = fetch_section(imap, seq, spec)
                # Dovecot answers a part that does not exist with an empty string; the fake's
                # API says nullopt and leaves the rendering to the IMAP layer.
                fake_value = tool_bytes(fake["sections"][spec])
                check(name, f"BODY[{spec}]", real, b"" if fake_value is None else fake_value)
            if preview:
                real = parse_nstring(fetch_value(imap, seq, "PREVIEW", b"PREVIEW"))
                check(name, "PREVIEW", real, tool_bytes(fake["snippet"]).decode("utf-8").encode("utf-8"))
        imap.logout()
    assert not mismatches, f"{len(mismatches)} differences:\n" + "\n".join(mismatches)


def test_push_driver_snippet_equals_fake_snippet(real_dovecot_factory, notify_sink, oxh_tool, tmp_path):
    messages = write_corpus(tmp_path / "corpus")
    dc = real_dovecot_factory(notify_port=notify_sink.port)
    with imaplib.IMAP4(dc.host, dc.imap_port, timeout=NET_TIMEOUT_S) as imap:
        imap.login(ALICE, PASSWORD)
        typ, data = imap.xatom("SETMETADATA", '""', f'({HTTP_NOTIFY_ENTRY} "user=3@1")')
        assert typ == "OK", data
        imap.logout()
    mismatches = []
    for index, (name, path, _specs) in enumerate(messages, start=1):
        with smtplib.LMTP(dc.host, dc.lmtp_port, timeout=NET_TIMEOUT_S) as lmtp:
            assert lmtp.sendmail("sender@example.net", [ALICE], path.read_bytes()) == {}
        req = notify_sink.wait_for(index, timeout=NET_TIMEOUT_S)[-1]
        real = req.json().get("snippet")
        fake = tool_bytes(run_tool(oxh_tool, path, [])["snippet"]).decode("utf-8")
        if real != fake:
            mismatches.append(f"{name}:\n  real: {real!r}\n  fake: {fake!r}")
    assert not mismatches, f"{len(mismatches)} differences:\n" + "\n".join(mismatches)
