"""The offline proof with a real offline client nobody here wrote: mbsync (Debian's isync 1.4)
syncs a Maildir against an IMAP server through the fault proxy (`oxharness proxy`). While the
proxy is offline, the Maildir changes (flags, a deletion, a new message) and so does the server
(another MUA over imaplib, straight to the server); mbsync cannot reach the server then. Back
online, one mbsync run converges both sides as mbsync defines it (Sync All, Expunge Both): every
change on either side reaches the other, and nothing is lost or duplicated.

Run against the fake Dovecot (`oxharness serve`) and against real Dovecot 2.3.19."""
from __future__ import annotations

import email
import imaplib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import skip_or_fail
from support.fake_stack import FakeStack
from support.fault_proxy import FaultProxy

pytestmark = [pytest.mark.oxharness]

USER, PASSWORD = "alice@example.org", "secret"
# Maildir info letters (https://cr.yp.to/proto/maildir.html) and the IMAP flags mbsync maps them to.
MAILDIR_FLAGS = {"D": "\\Draft", "F": "\\Flagged", "R": "\\Answered", "S": "\\Seen", "T": "\\Deleted"}


def message(number: int) -> bytes:
    return (f"From: Bob <bob@example.org>\r\nTo: {USER}\r\nSubject: message {number}\r\n"
            f"Message-ID: <m{number}@oxharness.test>\r\nDate: Sun, 29 Nov 2026 04:00:0{number % 10} +0000\r\n\r\n"
            f"body {number}\r\n").encode()


class Server:
    """The IMAP server straight (not through the proxy): another MUA, and the judge of the truth."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port

    def session(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        imap.login(USER, PASSWORD)
        imap.select("INBOX")
        return imap

    def append(self, number: int) -> None:
        imap = self.session()
        typ, data = imap.append("INBOX", None, None, message(number))
        assert typ == "OK", data
        imap.logout()

    def store(self, message_id: str, change: str, flags: str) -> None:
        imap = self.session()
        typ, data = imap.uid("SEARCH", None, "HEADER", "Message-ID", message_id)
        assert typ == "OK" and data[0].split(), (message_id, data)
        typ, data = imap.uid("STORE", data[0].split()[0], change, flags)
        assert typ == "OK", data
        imap.logout()

    def view(self) -> dict[str, set[str]]:
        """Message-ID -> flags (without \\Recent) of every message in INBOX."""
        imap = self.session()
        typ, data = imap.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        assert typ == "OK", data
        out: dict[str, set[str]] = {}
        for item in data:
            if not isinstance(item, tuple):
                continue
            flags = set(imaplib.ParseFlags(item[0])) if b"FLAGS" in item[0] else set()
            header = email.message_from_bytes(item[1])
            message_id = header["Message-ID"]
            assert message_id not in out, f"{message_id} twice on the server"
            out[message_id] = {flag.decode() for flag in flags} - {"\\Recent"}
        imap.logout()
        return out


class Maildir:
    def __init__(self, root: Path):
        self.inbox = root / "INBOX"

    def files(self) -> dict[str, Path]:
        out: dict[str, Path] = {}
        for sub in ("cur", "new"):
            for path in (self.inbox / sub).glob("*"):
                message_id = email.message_from_bytes(path.read_bytes())["Message-ID"]
                assert message_id not in out, f"{message_id} twice in the Maildir"
                out[message_id] = path
        return out

    @staticmethod
    def flags_of(path: Path) -> set[str]:
        info = path.name.partition(":2,")[2]
        return {MAILDIR_FLAGS[letter] for letter in info if letter in MAILDIR_FLAGS}

    def view(self) -> dict[str, set[str]]:
        return {message_id: self.flags_of(path) for message_id, path in self.files().items()}

    def set_flags(self, message_id: str, add: str) -> None:
        """As a mail client does: the file moves to cur/ with the flag letters in its info."""
        path = self.files()[message_id]
        base, _, info = path.name.partition(":2,")
        letters = "".join(sorted(set(info) | set(add)))
        path.rename(self.inbox / "cur" / f"{base}:2,{letters}")

    def delete(self, message_id: str) -> None:
        self.files()[message_id].unlink()

    def add_new(self, number: int) -> None:
        (self.inbox / "new" / f"local{number}.oxharness").write_bytes(message(number))


def mbsync_config(root: Path, port: int) -> Path:
    (root / "mail").mkdir(exist_ok=True)
    config = root / "mbsyncrc"
    config.write_text(f"""IMAPAccount acct
Host 127.0.0.1
Port {port}
User {USER}
Pass {PASSWORD}
SSLType None
AuthMechs LOGIN
Timeout 10

IMAPStore remote
Account acct

MaildirStore local
Path {root}/mail/
Inbox {root}/mail/INBOX

Channel inbox
Far :remote:INBOX
Near :local:INBOX
Sync All
Create Near
Expunge Both
SyncState *
""")
    return config


def mbsync(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["mbsync", "-c", str(config), "inbox"], capture_output=True, text=True, timeout=60)


def offline_round_trip(oxharness_bin: Path, server: Server, root: Path) -> None:
    for number in (1, 2, 3, 4):
        server.append(number)
    with FaultProxy(oxharness_bin, (server.host, server.port), name="imap", seed=7) as proxy:
        config = mbsync_config(root, proxy.address[1])
        first = mbsync(config)
        assert first.returncode == 0, first.stdout + first.stderr
        local = Maildir(root / "mail")
        assert local.view() == server.view() == {f"<m{n}@oxharness.test>": set() for n in (1, 2, 3, 4)}

        proxy.offline()
        # Offline, the client works locally: a flag, a read mark, a deletion, a new message.
        local.set_flags("<m1@oxharness.test>", "F")
        local.set_flags("<m2@oxharness.test>", "S")
        local.delete("<m3@oxharness.test>")
        local.add_new(6)
        # The server changes meanwhile (another MUA, straight to the server).
        server.append(5)
        server.store("<m4@oxharness.test>", "+FLAGS", "(\\Answered)")
        unreachable = mbsync(config)
        assert unreachable.returncode != 0, "mbsync reached the server through an offline proxy"
        assert "<m6@oxharness.test>" not in server.view()
        proxy.control.wait_for(kind="network.offline", component="fault")

        proxy.online()
        synced = mbsync(config)
        assert synced.returncode == 0, synced.stdout + synced.stderr
        expected = {
            "<m1@oxharness.test>": {"\\Flagged"},
            "<m2@oxharness.test>": {"\\Seen"},
            "<m4@oxharness.test>": {"\\Answered"},
            "<m5@oxharness.test>": set(),
            "<m6@oxharness.test>": set(),
        }
        assert server.view() == expected
        assert local.view() == expected
        # Converged: another run changes nothing on either side.
        again = mbsync(config)
        assert again.returncode == 0, again.stdout + again.stderr
        assert server.view() == local.view() == expected
        # The refused attempt is in the proxy's journal: mbsync's connection while offline never got through.
        opened = proxy.control.journal(kind="proxy.open", component="fault")
        assert len(opened) >= 3


@pytest.fixture
def mbsync_binary():
    if shutil.which("mbsync") is None:
        skip_or_fail("mbsync is not installed (apt: isync; `bash ci/run.sh deps` installs it)")


def test_mbsync_offline_changes_converge_with_the_fake_dovecot(oxharness_bin, mbsync_binary, tmp_path):
    with FakeStack(oxharness_bin, {"users": [{"login": USER, "password": PASSWORD}]}) as fake:
        offline_round_trip(oxharness_bin, Server(*fake.endpoint("dovecot", "imap")), tmp_path)


@pytest.mark.dovecot
def test_mbsync_offline_changes_converge_with_real_dovecot(oxharness_bin, mbsync_binary, real_dovecot_factory,
                                                          tmp_path):
    real = real_dovecot_factory(users={USER: PASSWORD})
    offline_round_trip(oxharness_bin, Server("127.0.0.1", real.imap_port), tmp_path)
