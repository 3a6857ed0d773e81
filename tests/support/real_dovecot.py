"""Runs Debian's real Dovecot 2.3 on loopback as a reference peer for tests.

Each RealDovecot gets a fresh temp directory with its own generated config (no
/etc/dovecot/conf.d), passwd-file, Maildir homes, base_dir, state_dir, log file
and instance_name, and its own free ephemeral ports, so several instances can
run side by side.  Dovecot runs in the foreground (`dovecot -F`) as our child,
so stop() ends exactly the process we started.

Requirements: root (Dovecot's master must drop privileges), Debian packages
dovecot-core, dovecot-imapd, dovecot-lmtpd (ci/install-deps.sh installs them),
and the Debian system users `dovecot` and `dovenull`.  Mail files belong to
uid/gid 65534 (nobody/nogroup): Dovecot refuses mail uids below
first_valid_uid (500).

Facts the config relies on (checked live against 2.3.19.1):
- METADATA is advertised after login only when imap_metadata=yes and
  mail_attribute_dict is set.  We enable imap_metadata only inside
  `remote <metadata_remote> { protocol imap { ... } }`, so a client connecting
  from another loopback address (e.g. 127.0.0.2) gets no METADATA.  Do not
  also set `imap_metadata = no` at top level: doveconf rejects that as a
  filter conflict.
- The push_notification "ox" driver needs both plugins `notify
  push_notification`; it reads the INBOX server attribute
  /private/vendor/vendor.dovecot/http-notify through mail_attribute_dict,
  and notifies only on LMTP/LDA delivery into INBOX.  LMTP answers "250 ...
  Saved" only after the notification request completed.
- Options of the driver are split on spaces, so no part of the URL may
  contain a space.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Mapping
from pathlib import Path

from support import real_dovecot_config
from support.ports import free_port

DEFAULT_PASSWORD = "secret"
DEFAULT_USERS: Mapping[str, str] = {
    "alice@example.org": DEFAULT_PASSWORD,
    "bob@example.org": DEFAULT_PASSWORD,
    "carol@example.org": DEFAULT_PASSWORD,
}
NOTIFY_PATH = "/preliminary/http-notify/v1/notify"
HTTP_NOTIFY_ENTRY = "/private/vendor/vendor.dovecot/http-notify"
MAIL_UID = 65534  # nobody; must be >= Dovecot's first_valid_uid (500)
MAIL_GID = 65534  # nogroup

START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0
_POLL_S = 0.05  # pause between readiness probes, doubles as an early-exit check
_PORT_RETRIES = 3  # attempts with fresh ports when a port was taken meanwhile
_LOG_TAIL_LINES = 40


class DovecotNotInstalled(RuntimeError):
    pass


class DovecotStartError(RuntimeError):
    pass


def dovecot_binary() -> str | None:
    """Path of the dovecot master binary, or None when it is not installed."""
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot",) if os.access(p, os.X_OK)), None)


def _tail(text: str, lines: int = _LOG_TAIL_LINES) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _check_value(what: str, value: str) -> None:
    # passwd-file fields are ':'-separated; config and driver options are
    # line/space-separated.
    if any(c in value for c in ":\n\r\t ") or not value:
        raise ValueError(f"{what} {value!r} must be non-empty without ':', spaces or newlines")


class RealDovecot:
    """A real Dovecot instance on 127.0.0.1 (IMAP without TLS and LMTP).

    Parameters
    ----------
    users: {login: password}; default alice/bob/carol@example.org with "secret".
    notify_port: port of the OX http-notify endpoint; None = no ox driver.
    notify_user, notify_password: Basic auth put in the URL userinfo
        (None = no Authorization header).
    notify_host, notify_path: rest of the notify URL
        (default 127.0.0.1, /preliminary/http-notify/v1/notify).
    notify_user_from_metadata: add the `user_from_metadata` flag (JSON "user" is
        then the `user=` value of the METADATA entry, else the login name).
    notify_max_retries, notify_timeout_msecs: the driver's max_retries / timeout_msecs.
    metadata_remote: client IP/CIDR for which imap_metadata=yes (default
        127.0.0.1); None disables IMAP METADATA for everyone.
    mail_debug: mail_debug/auth_debug in the log (push driver decisions are
        Debug lines).
    extra_config: text appended verbatim to dovecot.conf.
    start_timeout: seconds start() waits for both greetings.
    keep_dir: leave the temp dir after stop() (also env OXH_KEEP_DOVECOT=1).

    Attributes after start(): host, imap_port, lmtp_port, dir, config_path,
    log_path, notify_url, instance_name, users, pid.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        users: Mapping[str, str] | None = None,
        notify_port: int | None = None,
        notify_user: str | None = None,
        notify_password: str | None = None,
        *,
        notify_host: str = "127.0.0.1",
        notify_path: str = NOTIFY_PATH,
        notify_user_from_metadata: bool = True,
        notify_max_retries: int = 1,
        notify_timeout_msecs: int = 2000,
        metadata_remote: str | None = "127.0.0.1",
        mail_debug: bool = True,
        extra_config: str = "",
        tls: bool = False,
        ssl_min_protocol: str = "TLSv1.2",
        start_timeout: float = START_TIMEOUT_S,
        keep_dir: bool = False,
    ):
        self.ssl_min_protocol = ssl_min_protocol
        self.users: dict[str, str] = dict(DEFAULT_USERS if users is None else users)
        for login, password in self.users.items():
            _check_value("user", login)
            _check_value("password", password)
        if (notify_user is None) != (notify_password is None):
            raise ValueError("give both notify_user and notify_password, or neither")
        self.notify_url: str | None = None
        if notify_port is not None:
            userinfo = ""
            if notify_user is not None:
                userinfo = (urllib.parse.quote(notify_user, safe="") + ":"
                            + urllib.parse.quote(notify_password, safe="") + "@")
            netloc = f"[{notify_host}]" if ":" in notify_host else notify_host
            self.notify_url = f"http://{userinfo}{netloc}:{int(notify_port)}{notify_path}"
            if any(c.isspace() for c in self.notify_url):
                # Dovecot splits the driver options on spaces.
                raise ValueError(f"notify URL {self.notify_url!r} must not contain whitespace")
        self.notify_user_from_metadata = notify_user_from_metadata
        self.notify_max_retries = int(notify_max_retries)
        self.notify_timeout_msecs = int(notify_timeout_msecs)
        self.metadata_remote = metadata_remote
        self.mail_debug = mail_debug
        self.extra_config = extra_config
        self.tls = tls
        self.imaps_port: int | None = None
        self.start_timeout = start_timeout
        self.keep_dir = keep_dir or os.environ.get("OXH_KEEP_DOVECOT") == "1"

        self.instance_name = f"oxh-dovecot-{uuid.uuid4().hex[:10]}"
        self.dir: Path | None = None
        self.imap_port: int | None = None
        self.lmtp_port: int | None = None
        self._proc: subprocess.Popen | None = None

    # ------------------------------------------------------------------ paths
    @property
    def config_path(self) -> Path:
        return self._require_dir() / "dovecot.conf"

    @property
    def log_path(self) -> Path:
        return self._require_dir() / "log" / "dovecot.log"

    @property
    def stderr_path(self) -> Path:
        return self._require_dir() / "log" / "stderr.log"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def home(self, user: str) -> Path:
        return self._require_dir() / "home" / user

    def _require_dir(self) -> Path:
        if self.dir is None:
            raise RuntimeError("RealDovecot not started")
        return self.dir

    # ----------------------------------------------------------------- config
    def config_text(self) -> str:
        return real_dovecot_config.config_text(self)

    def _write_certificate(self) -> None:
        real_dovecot_config.write_certificate(self)

    def _write_files(self) -> None:
        d = self._require_dir()
        os.chmod(d, 0o755)  # Dovecot's unprivileged processes must traverse it
        for sub in ("log", "home", "state"):
            (d / sub).mkdir(exist_ok=True)
        lines = []
        for login, password in self.users.items():
            home = self.home(login)
            home.mkdir(parents=True, exist_ok=True)
            os.chown(home, MAIL_UID, MAIL_GID)
            lines.append(f"{login}:{{PLAIN}}{password}:{MAIL_UID}:{MAIL_GID}::{home}::\n")
        passwd = d / "passwd"
        passwd.write_text("".join(lines))
        os.chmod(passwd, 0o644)
        self.config_path.write_text(self.config_text())

    # -------------------------------------------------------------- lifecycle
    def start(self) -> "RealDovecot":
        if self._proc is not None:
            raise RuntimeError("RealDovecot already started")
        binary = dovecot_binary()
        if binary is None:
            raise DovecotNotInstalled(
                "dovecot is not installed (Debian: dovecot-core dovecot-imapd dovecot-lmtpd; "
                "run `bash ci/run.sh deps`)")
        if os.geteuid() != 0:
            raise DovecotStartError("RealDovecot must run as root: Dovecot's master drops privileges")
        # Short path: base_dir holds unix sockets (sun_path is limited to 108 bytes).
        self.dir = Path(tempfile.mkdtemp(prefix="oxh-dc-"))
        last_error = ""
        for _attempt in range(_PORT_RETRIES):
            self.imap_port, self.lmtp_port = free_port(self.host), free_port(self.host)
            if self.tls:
                self.imaps_port = free_port(self.host)
                self._write_certificate()
            self._write_files()
            self.log_path.write_text("")  # one log per attempt
            with open(self.stderr_path, "wb") as err:
                self._proc = subprocess.Popen(
                    [binary, "-F", "-c", str(self.config_path)],
                    stdin=subprocess.DEVNULL, stdout=err, stderr=subprocess.STDOUT)
            error = self._wait_ready()
            if error is None:
                return self
            last_error = error
            self._terminate()
            if "Address already in use" not in error:
                break
        self._cleanup_dir(force_keep=True)
        raise DovecotStartError(last_error)

    def _wait_ready(self) -> str | None:
        """None when both listeners greet within start_timeout, else an error text."""
        deadline = time.monotonic() + self.start_timeout
        pending = {"IMAP": (self.imap_port, b"* OK"), "LMTP": (self.lmtp_port, b"220 ")}
        while pending:
            for name, (port, greeting) in list(pending.items()):
                if _greets(self.host, port, greeting, deadline):
                    del pending[name]
            if not pending:
                return None
            try:
                rc = self._proc.wait(timeout=_POLL_S)
                return self._failure(f"dovecot exited with status {rc} during start-up")
            except subprocess.TimeoutExpired:
                pass
            if time.monotonic() >= deadline:
                return self._failure(
                    f"dovecot did not greet on {', '.join(pending)} within {self.start_timeout}s")
        return None

    def _failure(self, what: str) -> str:
        stderr = self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""
        return (f"{what} (imap {self.host}:{self.imap_port}, lmtp {self.host}:{self.lmtp_port}, "
                f"dir {self.dir})\n--- dovecot stderr ---\n{_tail(stderr)}\n"
                f"--- tail of {self.log_path} ---\n{_tail(self.log_text())}")

    def _terminate(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)  # master stops its children (shutdown_clients=yes)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=STOP_TIMEOUT_S)

    def stop(self) -> None:
        self._terminate()
        self._cleanup_dir()

    def _cleanup_dir(self, force_keep: bool = False) -> None:
        if self.dir is not None and not (self.keep_dir or force_keep):
            shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> "RealDovecot":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ tools
    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except (FileNotFoundError, RuntimeError):
            return ""

    def log_tail(self, lines: int = _LOG_TAIL_LINES) -> str:
        return _tail(self.log_text(), lines)

    def doveadm(self, *args: str, timeout: float = 30.0) -> subprocess.CompletedProcess:
        """Run `doveadm -c <our config> args...` and return the completed process."""
        return subprocess.run(["doveadm", "-c", str(self.config_path), *args],
                              capture_output=True, text=True, timeout=timeout, check=False)

    def __repr__(self) -> str:
        return (f"RealDovecot(imap={self.host}:{self.imap_port}, lmtp={self.host}:{self.lmtp_port}, "
                f"notify={self.notify_url!r}, dir={self.dir})")


def _greets(host: str, port: int, greeting: bytes, deadline: float) -> bool:
    """True when a TCP connect to host:port succeeds and the first bytes start with greeting."""
    timeout = max(0.05, min(2.0, deadline - time.monotonic()))
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            return s.recv(256).startswith(greeting)
    except OSError:
        return False
