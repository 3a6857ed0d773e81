"""A client for a fake's control plane (/_oxh/control/<action>), standard library only."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable

# The control plane caps one long poll (net::kMaxLongPoll); longer waits are several polls.
_MAX_POLL_MS = 10_000


class JournalTimeout(AssertionError):
    """No journal entry matched within the deadline. The message lists what was seen."""


def _subset(expected: Any, actual: Any) -> bool:
    """True when every key of `expected` is in `actual` with a matching value (recursively)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _subset(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            _subset(e, a) for e, a in zip(expected, actual))
    return expected == actual


class ControlClient:
    """Talks to one control plane, e.g. ControlClient("http://127.0.0.1:4711/_oxh/control/")."""

    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout

    def _call(self, method: str, action: str, query: dict | None = None, body: Any = None,
              timeout: float | None = None) -> tuple[int, Any]:
        url = self.base_url + action
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"Content-Type": "application/json"} if data else {})
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw.decode(errors="replace")

    def get(self, action: str, **query) -> Any:
        status, body = self._call("GET", action, query)
        if status != 200:
            raise RuntimeError(f"GET {action}: HTTP {status}: {body}")
        return body

    def post(self, action: str, body: Any = None, **query) -> Any:
        status, answer = self._call("POST", action, query, body if body is not None else {})
        if status != 200:
            raise RuntimeError(f"POST {action}: HTTP {status}: {answer}")
        return answer

    def ready(self) -> bool:
        status, _ = self._call("GET", "ready")
        return status == 200

    def state(self) -> dict:
        return self.get("state")

    def reset(self) -> None:
        self.post("reset")

    def journal(self, kind: str | None = None, component: str | None = None, after: int = 0) -> list[dict]:
        """Every entry so far (after sequence `after`), optionally of one kind/component."""
        return self.get("journal", kind=kind, component=component, after=after)["entries"]

    def wait_for(self, kind: str | None = None, component: str | None = None,
                 match: dict | Callable[[dict], bool] | None = None, within: float = 5.0,
                 after: int = 0) -> dict:
        """The first entry after `after` of this kind/component whose data matches `match`
        (a subset dict or a predicate on the entry's data), waiting up to `within` seconds
        with the control plane's long poll (never a sleep). Raises JournalTimeout."""
        predicate = match if callable(match) else (lambda data: match is None or _subset(match, data))
        deadline = time.monotonic() + within
        last = after
        seen: list[dict] = []
        while True:
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0:
                break
            wait_ms = min(remaining_ms, _MAX_POLL_MS)
            status, body = self._call("GET", "journal", {"kind": kind, "component": component, "after": last,
                                                         "wait": wait_ms}, timeout=wait_ms / 1000 + 10)
            if status != 200:
                raise RuntimeError(f"GET journal: HTTP {status}: {body}")
            for entry in body["entries"]:
                if predicate(entry.get("data", {})):
                    return entry
                seen.append(entry)
            last = max(last, body.get("last", last))
        shown = "\n".join(json.dumps(e.get("data"))[:300] for e in seen[-10:]) or "(none)"
        raise JournalTimeout(f"no journal entry kind={kind!r} component={component!r} matching {match!r} "
                             f"within {within}s; last entries of that kind:\n{shown}")

    def never(self, kind: str | None = None, component: str | None = None,
              match: dict | Callable[[dict], bool] | None = None, during: float = 1.0, after: int = 0) -> None:
        """Asserts that no matching entry arrives during `during` seconds."""
        try:
            entry = self.wait_for(kind, component, match, within=during, after=after)
        except JournalTimeout:
            return
        raise AssertionError(f"unexpected journal entry: {json.dumps(entry)[:500]}")
