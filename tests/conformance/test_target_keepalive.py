"""HttpTarget against servers that close keep-alive connections: retried where safe, once.

Real servers on loopback (threads, free ports). Every behaviour here is
decided by the order of events, not by how fast the machine is: the proxy's
idle limit is far below the pauses the tests take.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
from _hostile_proxy import Behaviour, hostile_proxy

from gponline_sdk.conformance.core import Exchange
from gponline_sdk.conformance.target import HttpTarget
from gponline_sdk.conformance.target._wire import WireFailure, may_retry
from gponline_sdk.errors import TargetUnreachable
from gponline_sdk.reference.sandbox import free_port
from gponline_sdk.reference.tool import serve_in_thread

TOKEN = "s3cret-t0ken-value"
NOW = datetime(2026, 11, 24, 10, tzinfo=timezone.utc)


def _every_operation(target: HttpTarget, pause: float = 0.0) -> list[int]:
    """GET, PUT, POST and DELETE, each on the connection the one before used."""
    statuses = []
    for call in (
        lambda: target.set_clock(NOW),
        target.capabilities,
        lambda: target.send_raw("POST", "/messages", b"{}"),
        target.availability,
        target.release_clock,
    ):
        time.sleep(pause)
        statuses.append(call().status)
    return statuses


@pytest.mark.parametrize(
    ("mode", "pause"),
    [("idle-close", 0.12), ("idle-timer", 0.12), ("close-after", 0.0)],
)
def test_a_connection_closed_by_the_far_end_is_not_an_unreachable_target(
    mode: str, pause: float
) -> None:
    evidence: list[Exchange] = []
    with (
        serve_in_thread() as upstream,
        hostile_proxy(upstream, Behaviour(mode=mode, idle_s=0.05)) as (url, _),
        HttpTarget(url, on_exchange=evidence.append) as target,
    ):
        for _ in range(2):
            assert _every_operation(target, pause) == [200, 200, 400, 200, 200]
    retried = [e for e in evidence if e.error is not None]
    assert all("sent again on a fresh connection" in (e.error or "") for e in retried)
    if mode == "idle-close":
        # Every request after the first met a dead connection, and was sent again once.
        assert len(retried) == 9
        assert all("reused connection" in (e.error or "") for e in retried)


def test_a_post_the_far_end_closed_on_a_reused_connection_is_filed_once() -> None:
    with (
        serve_in_thread() as upstream,
        hostile_proxy(upstream, Behaviour(mode="idle-close", idle_s=0.05)) as (url, _),
        HttpTarget(url) as target,
    ):
        target.set_clock(NOW)
        environment = target.environment().value
        assert environment is not None
        time.sleep(0.2)
        # The proxy dropped the first try unread, so the tool sees the message once.
        sent = target.send_raw("POST", "/messages", b"{}")
        assert sent.status == 400


class _ResetServer(socketserver.ThreadingTCPServer):
    """Reads each request, then resets the connection: no answer, ever."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.requests = 0
        super().__init__(("127.0.0.1", 0), _ResetHandler)


class _ResetHandler(socketserver.BaseRequestHandler):
    server: _ResetServer

    def handle(self) -> None:
        sock: socket.socket = self.request
        data = b""
        while b"\r\n\r\n" not in data:
            more = sock.recv(65_536)
            if not more:
                return
            data += more
        self.server.requests += 1
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()


@contextmanager
def _resetting() -> Iterator[tuple[str, _ResetServer]]:
    server = _ResetServer()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()


def test_a_post_reset_on_a_fresh_connection_is_never_sent_twice() -> None:
    with _resetting() as (url, server), HttpTarget(url, token=TOKEN) as target:
        with pytest.raises(TargetUnreachable) as info:
            target.send_raw("POST", "/requests", b"{}")
    assert server.requests == 1
    message = str(info.value)
    assert "attempt 1 on a fresh connection: closed by the far end" in message
    assert "attempt 2" not in message
    assert "connect timeout 5s, read timeout 10s" in message
    assert TOKEN not in message


def test_a_get_reset_is_sent_again_once_then_reported_with_both_attempts() -> None:
    with _resetting() as (url, server), HttpTarget(url) as target:
        with pytest.raises(TargetUnreachable) as info:
            target.capabilities()
    assert server.requests == 2
    assert "attempt 2 on a fresh connection" in str(info.value)


@pytest.mark.parametrize(
    ("method", "kind", "stage", "reused", "again"),
    [
        ("GET", "closed", "body", False, True),
        ("PUT", "closed", "request", False, True),
        ("DELETE", "closed", "request", True, True),
        ("POST", "closed", "request", True, True),  # the idle-close race
        ("POST", "closed", "request", False, False),  # fresh: the tool may have filed it
        ("POST", "closed", "body", True, False),  # part of an answer came: it was processed
        ("GET", "timeout", "request", True, False),  # a hang is not retried
        ("GET", "connect", "connect", False, False),
    ],
)
def test_the_retry_rule(method: str, kind: str, stage: str, reused: bool, again: bool) -> None:
    failure = WireFailure(kind, stage, reused=reused, detail="x")
    assert may_retry(method, failure) is again


def test_probe_says_alive_on_a_live_target_and_what_was_tried_on_a_dead_one() -> None:
    with serve_in_thread() as url, HttpTarget(url) as target:
        alive, tried = target.probe()
    assert alive
    assert "answered HTTP 200" in tried
    port = free_port()
    with HttpTarget(f"http://127.0.0.1:{port}/api", connect_timeout=0.5, token=TOKEN) as dead:
        alive, tried = dead.probe()
    assert not alive
    assert f"GET http://127.0.0.1:{port}/api/test/environment on a fresh connection" in tried
    assert "2 attempts" in tried
    assert "connect timeout 0.5s" in tried
    assert TOKEN not in tried
