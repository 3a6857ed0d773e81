"""A tiny recording HTTP server standing in for the OX http-notify endpoint.

Only used to prove that the RealDovecot fixture works (Dovecot's push_notification
"ox" driver PUTs JSON to it).  The real fake endpoint lives in the C++ fakes.

Each request is recorded *before* the response is sent, so once Dovecot's LMTP
reports "250 ... Saved" (which it only does after the notification completed),
the request is already visible here.
"""
from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: list[tuple[str, str]]  # in the order received, names as sent
    body: bytes
    client: tuple[str, int]
    received_at: float = field(default_factory=time.monotonic)

    def header(self, name: str) -> str | None:
        """First value of header `name` (case-insensitive), or None."""
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_names(self) -> list[str]:
        return [k for k, _ in self.headers]

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def basic_auth(self) -> tuple[str, str] | None:
        """(user, password) from an Authorization: Basic header, or None."""
        value = self.header("Authorization")
        if not value or not value.startswith("Basic "):
            return None
        user, _, password = base64.b64decode(value[6:]).decode("utf-8").partition(":")
        return user, password


class NotifySink:
    """Threaded HTTP/1.1 server on 127.0.0.1:0 that records every request.

    Attributes you may change while it runs: `status` (int, default 200),
    `response_body` (bytes, default b"").
    """

    def __init__(self, host: str = "127.0.0.1", status: int = 200, response_body: bytes = b""):
        self.status = status
        self.response_body = response_body
        self._requests: list[RecordedRequest] = []
        self._cond = threading.Condition()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Dovecot's lib-http expects

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                rec = RecordedRequest(
                    method=self.command,
                    path=self.path,
                    headers=list(self.headers.items()),
                    body=body,
                    client=self.client_address[:2],
                )
                with sink._cond:
                    sink._requests.append(rec)
                    sink._cond.notify_all()
                status, payload = sink.status, sink.response_body
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if payload:
                    self.wfile.write(payload)

            do_PUT = do_POST = do_GET = do_DELETE = do_PATCH = _handle

            def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
                pass

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return self._server.server_address[0]

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def start(self) -> "NotifySink":
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"notify-sink:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> "NotifySink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._cond:
            return list(self._requests)

    def clear(self) -> None:
        with self._cond:
            self._requests.clear()

    def wait_for(self, count: int, timeout: float) -> list[RecordedRequest]:
        """Wait until at least `count` requests arrived; raise TimeoutError after `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._requests) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"notify sink: {len(self._requests)} request(s) after {timeout}s, wanted {count}")
                self._cond.wait(remaining)
            return list(self._requests)
