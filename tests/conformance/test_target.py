"""HttpTarget and InProcessTarget: timeouts, size cap, redirects, auth, evidence, errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gponline_sdk.conformance.core import Exchange
from gponline_sdk.conformance.target import BadResponse, HttpTarget, InProcessTarget, mask_text
from gponline_sdk.errors import ConfigError, TargetUnreachable
from gponline_sdk.reference.sandbox import free_port
from gponline_sdk.reference.tool import ReferenceTool, serve_in_thread

Behaviour = Callable[[BaseHTTPRequestHandler], None]
TOKEN = "s3cret-t0ken-value"


class _Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    behaviour: Behaviour
    seen_headers: list[dict[str, str]]

    def do_GET(self) -> None:
        type(self).seen_headers.append(dict(self.headers))
        type(self).behaviour(self)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[Callable[[Behaviour], tuple[str, list[dict[str, str]]]]]:
    servers: list[ThreadingHTTPServer] = []

    def start(behaviour: Behaviour) -> tuple[str, list[dict[str, str]]]:
        seen: list[dict[str, str]] = []
        handler = type(
            "H", (_Hostile,), {"behaviour": staticmethod(behaviour), "seen_headers": seen}
        )
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    handler.send_response(status)
    for name, value in {"Content-Length": str(len(body)), **headers}.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def test_bearer_token_is_sent_and_masked_in_evidence(hostile) -> None:
    url, seen = hostile(lambda h: _send(h, 200, b'{"now": "2026-11-24T10:00:00Z"}'))
    evidence: list[Exchange] = []
    with HttpTarget(url, token=TOKEN, on_exchange=evidence.append) as target:
        reply = target.send_raw("GET", "/availability")
    assert reply.status == 200
    assert seen[0]["Authorization"] == f"Bearer {TOKEN}"
    assert len(evidence) == 1
    assert evidence[0].request_headers["Authorization"] == "***"
    assert TOKEN not in repr(evidence)


def test_response_over_the_cap_is_an_error_not_a_hang(hostile) -> None:
    def endless(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"x" * 65_536
        try:
            for _ in range(1_000):  # 64 MB if nobody stops reading
                h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            return

    url, _ = hostile(endless)
    evidence: list[Exchange] = []
    with HttpTarget(url, max_response_bytes=100_000, on_exchange=evidence.append) as target:
        with pytest.raises(BadResponse, match="100000-byte cap"):
            target.capabilities()
    assert evidence[0].error is not None


def test_declared_oversize_is_refused_before_reading(hostile) -> None:
    url, _ = hostile(lambda h: _send(h, 200, b"y" * 5_000))
    with HttpTarget(url, max_response_bytes=1_000) as target, pytest.raises(BadResponse):
        target.capabilities()


def test_redirect_to_another_host_is_refused(hostile) -> None:
    url, _ = hostile(lambda h: _send(h, 302, b"", Location="http://127.0.0.2:9/capabilities"))
    with HttpTarget(url, token=TOKEN) as target, pytest.raises(BadResponse, match="another host"):
        target.capabilities()


def test_redirect_on_the_same_origin_is_followed(hostile) -> None:
    def maybe_redirect(h: BaseHTTPRequestHandler) -> None:
        if h.path == "/old":
            _send(h, 307, b"", Location="/new")
        else:
            _send(h, 200, b'{"ok": true}')

    url, seen = hostile(maybe_redirect)
    with HttpTarget(url) as target:
        reply = target.send_raw("GET", "/old")
    assert (reply.status, reply.value, len(seen)) == (200, {"ok": True}, 2)


def test_wrong_shape_is_a_bad_response_naming_the_path(hostile) -> None:
    url, _ = hostile(lambda h: _send(h, 200, b'{"tool_name": 3}'))
    with HttpTarget(url) as target, pytest.raises(BadResponse, match=r"\$\.tool_name"):
        target.capabilities()


def test_read_timeout_means_unreachable(hostile) -> None:
    release = threading.Event()
    url, _ = hostile(lambda h: release.wait(5))
    with HttpTarget(url, read_timeout=0.2) as target, pytest.raises(TargetUnreachable) as info:
        target.availability()
    release.set()
    assert "GET" in str(info.value)
    assert "read timeout" in str(info.value)


def test_slow_drip_stops_at_the_overall_deadline(hostile) -> None:
    def drip(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "1000")
        h.end_headers()
        try:
            for _ in range(1_000):
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(0.05)
        except OSError:
            return

    url, _ = hostile(drip)
    with HttpTarget(url, read_timeout=1, total_timeout=0.3) as target:
        with pytest.raises(BadResponse, match="longer than"):
            target.availability()


@pytest.mark.parametrize("deadline", [0.3, 1.2, 2.5])
def test_a_deadline_falling_in_the_headers_is_too_slow_not_a_bad_body(
    hostile, deadline: float
) -> None:
    # The whole answer, status line and headers included, comes a byte every 0.05 s (a
    # proxy buffering badly): ~10 s in all, far past every deadline tried, on any machine.
    # Cut off in the headers, http.client reads the shutdown as their end, and once took
    # the answer for a 200 with an empty body ("not JSON"): it is an answer too slow.
    body = b'{"open_now": true}'
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"

    def drip(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        try:
            for byte in head.encode() + b"\r\nX-Pad: " + b"p" * 120 + b"\r\n\r\n" + body:
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
                time.sleep(0.05)
        except OSError:
            return

    url, _ = hostile(drip)
    with HttpTarget(url, read_timeout=1, total_timeout=deadline) as target:
        with pytest.raises(BadResponse, match=f"longer than {deadline:g}s"):
            target.availability()


def test_nothing_listening_raises_unreachable_naming_what_was_tried() -> None:
    port = free_port()
    with HttpTarget(f"http://127.0.0.1:{port}", connect_timeout=0.5, token=TOKEN) as target:
        with pytest.raises(TargetUnreachable) as info:
            target.capabilities()
    message = str(info.value)
    assert f"GET http://127.0.0.1:{port}/capabilities" in message
    assert TOKEN not in message


@pytest.mark.parametrize(
    ("url", "kwargs"),
    [
        ("ftp://example.org", {}),
        ("not a url", {}),
        ("http://127.0.0.1:1", {"read_timeout": 0}),
        ("http://127.0.0.1:1", {"max_response_bytes": -5}),
    ],
)
def test_bad_settings_are_config_errors(url: str, kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError, match="target\\."):
        HttpTarget(url, **kwargs)


def test_http_and_in_process_targets_agree_on_the_reference_tool() -> None:
    now = datetime(2026, 11, 24, 10, tzinfo=timezone.utc)
    in_process_evidence: list[Exchange] = []
    local = InProcessTarget(ReferenceTool(), on_exchange=in_process_evidence.append)
    with serve_in_thread() as url, HttpTarget(url) as remote:
        for target in (local, remote):
            assert target.set_clock(now).value is not None
            caps = target.capabilities().value
            avail = target.availability().value
            assert caps is not None
            assert avail is not None
            assert avail.open_now is True
            assert target.practice_request("OC-NOPE").status == 404
            assert target.release_clock().value is not None
    assert [e.url for e in in_process_evidence][:2] == [
        "inprocess:/test/clock",
        "inprocess:/capabilities",
    ]


def test_mask_text_blanks_valid_nhs_numbers_and_secrets_only() -> None:
    text = "nhs 943 476 5919, not 1234567890, token abc"
    assert mask_text(text, ("abc",)) == "nhs **********, not 1234567890, token ***"
