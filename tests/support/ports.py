"""Free loopback ports for peers that must be told their port in advance.

Real Dovecot cannot listen on port 0 and report the port back, so we ask the
kernel for a free ephemeral port (bind to port 0), close the socket and hand
the number to Dovecot.  Another process could take the port in between; to at
least never hand out the same port twice within this test session we remember
every port we gave out.  RealDovecot.start() retries with fresh ports when
Dovecot reports "Address already in use".
"""
from __future__ import annotations

import socket
import threading

_lock = threading.Lock()
_handed_out: set[tuple[str, int]] = set()
_MAX_ATTEMPTS = 64


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on `host` that is free now and unique in this session."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _ in range(_MAX_ATTEMPTS):
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
        with _lock:
            if (host, port) not in _handed_out:
                _handed_out.add((host, port))
                return port
    raise RuntimeError(f"no unused free port on {host} after {_MAX_ATTEMPTS} attempts")


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """Return `count` distinct free ports (see free_port)."""
    return [free_port(host) for _ in range(count)]
