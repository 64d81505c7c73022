"""A small HTTP/1.1 proxy on loopback that misbehaves the way real middle boxes do.

It forwards each request to an upstream (the reference tool) and answers the
client, with one behaviour on top:

- ``idle-close``: a keep-alive connection idle for longer than `idle_s` is
  dead; the proxy notices only when the next request arrives, and closes it
  without an answer (the race between a keep-alive timeout and the client's
  next request, made to happen every time);
- ``idle-timer``: closes a connection after `idle_s` of idleness (a real timer);
- ``close-after``: answers, then closes the connection without sending
  ``Connection: close`` (a small server, or an HTTP/1.0-minded proxy);
- ``random-reset``: on a reused connection, resets it (RST) before answering,
  at random (`rate`), from a generator seeded with `seed`;
- ``hang``: requests whose ``METHOD /path`` starts with `match` get no answer
  until the proxy stops;
- ``drip``: answers to `match` come one byte every `drip_s` seconds.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import attrs


@attrs.define
class Behaviour:
    """What the proxy does on top of forwarding (see module docs)."""

    mode: str = "plain"
    idle_s: float = 0.05
    rate: float = 0.3
    seed: int = 0
    match: str = ""
    drip_s: float = 0.05


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, upstream: str, behaviour: Behaviour) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.behaviour = behaviour
        self.rng = random.Random(behaviour.seed)
        self.rng_lock = threading.Lock()
        self.stopping = threading.Event()
        self.resets = 0
        super().__init__(("127.0.0.1", 0), _Handler)


def _reset(sock: socket.socket) -> None:
    """Close with RST, not FIN (SO_LINGER 0), as a load balancer dropping state does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        b = self.server.behaviour
        upstream = http.client.HTTPConnection(*self.server.upstream, timeout=30)
        buf = b""
        served = 0
        last = time.monotonic()
        try:
            while not self.server.stopping.is_set():
                if b.mode == "idle-timer":
                    sock.settimeout(b.idle_s)
                try:
                    head, buf = _read_head(sock, buf)
                except (TimeoutError, OSError):
                    return
                if head is None:
                    return
                request_line, headers = head
                length = int(headers.get("content-length", "0") or 0)
                while len(buf) < length:
                    more = sock.recv(65_536)
                    if not more:
                        return
                    buf += more
                body, buf = buf[:length], buf[length:]
                if b.mode == "idle-close" and served and time.monotonic() - last > b.idle_s:
                    return  # closed (FIN) with the request unread and unanswered
                if b.mode == "random-reset" and served:
                    with self.server.rng_lock:
                        unlucky = self.server.rng.random() < b.rate
                    if unlucky:
                        self.server.resets += 1
                        _reset(sock)
                        return
                method, target = request_line.split(" ")[:2]
                if b.mode == "hang" and f"{method} {target}".startswith(b.match):
                    self.server.stopping.wait()
                    return
                upstream.request(method, target, body=body or None, headers=_forwarded(headers))
                answer = upstream.getresponse()
                data = answer.read()
                out = (
                    f"HTTP/1.1 {answer.status} {answer.reason}\r\n"
                    f"Content-Type: {answer.getheader('Content-Type', 'application/json')}\r\n"
                    f"Content-Length: {len(data)}\r\n\r\n"
                ).encode() + data
                if b.mode == "drip" and f"{method} {target}".startswith(b.match):
                    for i in range(len(out)):
                        if self.server.stopping.wait(b.drip_s):
                            return
                        sock.sendall(out[i : i + 1])
                else:
                    sock.sendall(out)
                served += 1
                last = time.monotonic()
                if b.mode == "close-after":
                    return
        except OSError:
            return
        finally:
            upstream.close()
            with contextlib.suppress(OSError):
                sock.close()


def _forwarded(headers: dict[str, str]) -> dict[str, str]:
    keep = ("content-type", "authorization", "accept")
    return {k: v for k, v in headers.items() if k in keep}


def _read_head(sock: socket.socket, buf: bytes) -> tuple[tuple[str, dict[str, str]] | None, bytes]:
    while b"\r\n\r\n" not in buf:
        more = sock.recv(65_536)
        if not more:
            return None, buf
        buf += more
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return (lines[0], headers), rest


@contextmanager
def hostile_proxy(upstream: str, behaviour: Behaviour) -> Iterator[tuple[str, _Server]]:
    """Run the proxy in a thread in front of `upstream`; yield its URL and the server."""
    server = _Server(upstream, behaviour)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
