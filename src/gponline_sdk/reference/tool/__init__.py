"""A reference online consultation tool that implements the tool contract, served over HTTP.

Stdlib only (`http.server.ThreadingHTTPServer`), bound to 127.0.0.1, state in
memory per server. With a fault mode from `FAULTS` it breaks exactly one
requirement, so the conformance suite can prove each of its checks can fail.

Example::

    with serve_in_thread() as base_url:
        target = HttpTarget(base_url)
        ...

From the shell: ``gponline reference-tool serve --port 8080 [--fault NAME]``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from gponline_sdk.conformance.contract import ErrorBody, ErrorProblem
from gponline_sdk.reference.tool.app import PRACTICE_CODE, ReferenceTool
from gponline_sdk.reference.tool.channels import SUPPLIER_ID
from gponline_sdk.reference.tool.faults import FAULTS
from gponline_sdk.reference.tool.faults.framing import (
    media_type_of,
    refusal_status,
    refused_body_read,
)
from gponline_sdk.serde import to_json

__all__ = [
    "FAULTS",
    "MAX_BODY_BYTES",
    "PRACTICE_CODE",
    "SUPPLIER_ID",
    "ReferenceTool",
    "ReferenceToolServer",
    "make_server",
    "serve_in_thread",
    "serving",
]

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000


class ReferenceToolServer(ThreadingHTTPServer):
    """A threading HTTP server holding one `ReferenceTool`."""

    daemon_threads = True
    block_on_close = False  # keep-alive connections must not hold up shutdown

    def __init__(self, port: int, tool: ReferenceTool) -> None:
        self.tool = tool
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def base_url(self) -> str:
        """The server's URL, e.g. ``http://127.0.0.1:8080``."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the suite reuses one connection
    timeout = 30  # an idle or stalled client frees its thread
    # Headers and body leave in one write: two small writes would meet delayed ACKs (~40 ms).
    wbufsize = 65_536
    disable_nagle_algorithm = True
    server: ReferenceToolServer

    def setup(self) -> None:
        super().setup()
        self.server.tool.connection_opened()  # one call per connection, before its requests

    def _serve(self) -> None:
        length_text = self.headers.get("Content-Length", "0")
        if not length_text.isdigit():
            self._answer(400, to_json(ErrorBody(message="Content-Length must be a number")))
            self.close_connection = True
            return
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            self._answer(413, to_json(ErrorBody(message=f"bodies over {MAX_BODY_BYTES} bytes")))
            self.close_connection = True
            return
        header = self.headers.get("Content-Type")
        media = None if header is None else media_type_of(self.server.tool.fault, header)
        if length and media is not None and not _is_json(media):
            self._refuse_media(length)
            return
        body = self.rfile.read(length) if length else None
        if body is None and self.command in ("POST", "PUT"):
            body = b""
        status, data = self.server.tool.handle(self.command, self.path, body)
        self._answer(status, data)

    def _refuse_media(self, length: int) -> None:
        # The whole body is read before the answer: left on the wire, it would be read as
        # the start of the next request on this connection (a proxy's: another patient's).
        fault = self.server.tool.fault
        self.rfile.read(refused_body_read(fault, length))
        problem = ErrorProblem(location="Content-Type", message="expected application/json")
        error = ErrorBody(message="the body must be JSON", problems=(problem,))
        self._answer(refusal_status(fault), to_json(error))

    def _answer(self, status: int, data: bytes) -> None:
        self.send_response(status)
        is_json = data[:1] in (b"{", b"[")
        self.send_header("Content-Type", "application/json" if is_json else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve  # noqa: N815 - stdlib names

    def __getattr__(self, name: str) -> Any:
        # Any other method (TRACE, OPTIONS, ...) gets the tool's JSON 405, not stdlib's HTML 501.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        # Paths carry references, never identifiers; log at debug, never to stderr.
        log.debug("%s %s", self.address_string(), format % args)


def _is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")


def make_server(fault: str | None = None, port: int = 0) -> ReferenceToolServer:
    """Create (not start) a reference tool server on 127.0.0.1.

    Args:
        fault: A fault mode from `FAULTS`, or None for the conformant tool.
        port: The TCP port; 0 picks a free one.

    Raises:
        ValueError: for an unknown fault mode.
        OSError: when the port cannot be bound.
    """
    return ReferenceToolServer(port, ReferenceTool(fault))


@contextlib.contextmanager
def serve_in_thread(fault: str | None = None, port: int = 0) -> Iterator[str]:
    """Run a reference tool in a background thread; yield its base URL; stop it on exit.

    Args:
        fault: A fault mode from `FAULTS`, or None for the conformant tool.
        port: The TCP port; 0 picks a free one.
    """
    with serving(make_server(fault, port)) as base_url:
        yield base_url


@contextlib.contextmanager
def serving(server: ReferenceToolServer) -> Iterator[str]:
    """Serve `server` (from `make_server`) in a background thread; yield its URL; stop it."""
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll interval
        name="reference-tool",
        daemon=True,
    )
    thread.start()
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
