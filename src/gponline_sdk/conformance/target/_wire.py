"""One keep-alive HTTP/1.1 connection to the tool, and when a request may be sent again.

Why `http.client` and not `requests`: the retry rule below needs two facts that
urllib3's pool hides: whether a request went out on a REUSED connection, and
whether any byte of the answer came back. The suite sends one request at a
time, so holding the one connection ourselves is simple and exact.

The retry rule (Chromium's ``HttpNetworkTransaction::ShouldResendRequest``,
Go's ``persistConn.shouldRetryRequest``): a server, proxy or load balancer may
close an idle keep-alive connection at any moment, and that close can cross our
next request on the wire. Such a request was never processed, and sending it
again on a fresh connection is what every browser does. So a request whose
connection is closed or reset under it is sent once more, on a fresh
connection, when:

- its method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS; RFC 9110 9.2.2):
  sending it twice has the effect of sending it once, at any stage;
- it is a POST (or PATCH), it went out on a REUSED connection and no byte of
  the answer arrived: the signature of the idle-close race. On a fresh
  connection, or after part of an answer, the tool may have acted on it, and a
  second POST could file a second request, skewing the checks that count
  (caps, usage data).

Timeouts are never retried: the tool may still be working, and waiting twice
doubles a hang. The runner then asks whether the target answers at all.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time

import attrs

from gponline_sdk.conformance.target.protocol import BadResponse

__all__ = ["IDEMPOTENT", "Answer", "Wire", "WireFailure", "may_retry"]

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
_CLOSED = (
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
    http.client.IncompleteRead,
)


@attrs.frozen(kw_only=True)
class Answer:
    """A complete answer: status, headers and the body read within the limits."""

    status: int
    headers: dict[str, str]
    data: bytes


class WireFailure(Exception):
    """A request that got no complete answer, and at which stage it failed.

    `kind` is ``closed`` (the far end closed or reset the connection),
    ``timeout`` or ``connect`` (no connection could be made); `stage` is
    ``connect``, ``request`` (sent, before any byte of the answer) or ``body``
    (part of the answer had arrived); `reused` says whether the connection had
    already carried an earlier exchange.
    """

    def __init__(self, kind: str, stage: str, *, reused: bool, detail: str) -> None:
        self.kind, self.stage, self.reused, self.detail = kind, stage, reused, detail
        super().__init__(self.describe())

    def describe(self) -> str:
        """What happened, in words, e.g. ``reused connection: closed by the tool before ...``."""
        conn = "reused connection" if self.reused else "fresh connection"
        where = {
            "connect": "while connecting",
            "request": "before any byte of the answer",
            "body": "part-way through the answer",
        }[self.stage]
        what = {"closed": "closed by the far end", "timeout": "timed out"}.get(self.kind, "failed")
        return f"{conn}: {what} {where} ({self.detail})"


def may_retry(method: str, failure: WireFailure) -> bool:
    """True when the request may be sent once more on a fresh connection (see module docs)."""
    if failure.kind != "closed":
        return False
    if method.upper() in IDEMPOTENT:
        return True
    return failure.reused and failure.stage == "request"


class Wire:
    """The suite's one connection to the tool; opened on demand, reopened after any failure.

    Args:
        scheme: ``http`` or ``https``.
        host: Host name or address (IPv6 without brackets).
        port: TCP port, or None for the scheme's default.
        timeouts: (connect, read) seconds; read applies to every read of the answer.
        context: TLS settings for https.
    """

    def __init__(
        self,
        scheme: str,
        host: str,
        port: int | None,
        timeouts: tuple[float, float],
        context: ssl.SSLContext | None,
    ) -> None:
        self._scheme, self._host, self._port = scheme, host, port
        self._timeouts = timeouts
        self._context = context
        self._conn: http.client.HTTPConnection | None = None
        self._used = False  # the open connection has carried a complete exchange
        self._watchdog = _Watchdog()

    @property
    def reused(self) -> bool:
        """True when the next request would go out on a connection that already carried one."""
        return self._conn is not None and self._used

    def close(self) -> None:
        """Close the connection, if one is open."""
        if self._conn is not None:
            self._conn.close()
        self._conn, self._used = None, False

    def stop(self) -> None:
        """Close the connection and end the watchdog's thread."""
        self.close()
        self._watchdog.stop()

    def _connect(self) -> http.client.HTTPConnection:
        connect_timeout, read_timeout = self._timeouts
        conn: http.client.HTTPConnection
        if self._scheme == "https":
            conn = http.client.HTTPSConnection(
                self._host, self._port, timeout=connect_timeout, context=self._context
            )
        else:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=connect_timeout)
        try:
            conn.connect()
        except TimeoutError:
            conn.close()
            raise WireFailure(
                "timeout", "connect", reused=False, detail="connect timeout"
            ) from None
        except OSError as exc:
            conn.close()
            detail = type(exc).__name__
            raise WireFailure("connect", "connect", reused=False, detail=detail) from None
        assert conn.sock is not None
        conn.sock.settimeout(read_timeout)
        # http.client writes headers and body separately; Nagle would hold the body for
        # the peer's delayed ACK (~40 ms a request).
        with contextlib.suppress(OSError):
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def request(
        self,
        method: str,
        target: str,
        body: bytes | None,
        headers: dict[str, str],
        *,
        started: float,
        total: float,
        max_bytes: int,
    ) -> Answer:
        """Send one request and read its whole answer within the limits.

        Raises:
            WireFailure: no complete answer (the connection is closed).
            BadResponse: an answer over `max_bytes`, slower than `total` seconds
                since `started`, or that is not HTTP (the connection is closed).
        """
        reused = self.reused
        if self._conn is None:
            self._conn = self._connect()
        conn = self._conn
        assert conn.sock is not None
        # The read timeout bounds each read, not the whole answer: a server that drips
        # its status line or headers a byte at a time would hold us for ever. The
        # watchdog shuts the socket down at the overall deadline, wherever we are.
        self._watchdog.arm(conn.sock, started + total)
        late = BadResponse(f"response took longer than {total:g}s in all")
        try:
            answer = self._exchange(
                conn, method, target, body, headers=headers, reused=reused, max_bytes=max_bytes
            )
        except (WireFailure, BadResponse):
            if self._watchdog.disarm():
                self.close()  # cut off at the deadline: the socket is no use any more
                raise late from None
            raise
        finally:
            if self._watchdog.disarm():
                self.close()
                # The shutdown can read as a normal end: http.client takes EOF for the end
                # of the headers (or of a body without a length), so an answer cut short at
                # the deadline may come back whole-looking, e.g. a 200 with an empty body.
                # It is no answer: raise (this replaces any return below).
                raise late from None
        return answer

    def _exchange(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        target: str,
        body: bytes | None,
        *,
        headers: dict[str, str],
        reused: bool,
        max_bytes: int,
    ) -> Answer:
        try:
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
        except TimeoutError:
            self.close()
            raise WireFailure("timeout", "request", reused=reused, detail="read timeout") from None
        except http.client.RemoteDisconnected:
            self.close()
            raise WireFailure(
                "closed", "request", reused=reused, detail="no answer at all"
            ) from None
        except http.client.HTTPException as exc:
            self.close()
            raise BadResponse(f"the answer is not HTTP/1.1 ({type(exc).__name__})") from None
        except (*_CLOSED, OSError) as exc:
            self.close()
            raise WireFailure(
                "closed", "request", reused=reused, detail=type(exc).__name__
            ) from None
        got = dict(response.getheaders())
        try:
            data = _read_capped(response, max_bytes)
        except BadResponse:
            self.close()
            raise
        except TimeoutError:
            self.close()
            raise WireFailure("timeout", "body", reused=reused, detail="read timeout") from None
        except (*_CLOSED, OSError, http.client.HTTPException) as exc:
            self.close()
            raise WireFailure("closed", "body", reused=reused, detail=type(exc).__name__) from None
        response.close()  # read to the end: frees the connection for the next request
        if response.will_close:
            self.close()  # `Connection: close` or HTTP/1.0: the next request needs a new one
        else:
            self._used = True
        return Answer(status=response.status, headers=got, data=data)


def _read_capped(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BadResponse(f"response of {declared} bytes is over the {max_bytes} cap")
    chunks: list[bytes] = []
    size = 0
    while True:
        # read1 returns what has arrived (not a full buffer): the cap is checked as it comes.
        chunk = response.read1(65_536)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise BadResponse(f"response is over the {max_bytes}-byte cap")
        chunks.append(chunk)
    if declared.isdigit() and size < int(declared):
        # http.client's read1 ends quietly at a premature close; a short body is a cut one.
        raise http.client.IncompleteRead(b"", int(declared) - size)
    return b"".join(chunks)


class _Watchdog:
    """One thread that shuts a socket down when its deadline passes (see `Wire.request`).

    Arming and disarming are a lock and a notify, so a request costs no thread
    of its own; the thread starts on first use and ends with `stop()`.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._sock: socket.socket | None = None
        self._deadline: float | None = None
        self._fired = False
        self._stopped = False
        self._thread: threading.Thread | None = None

    def arm(self, sock: socket.socket, deadline: float) -> None:
        """Shut `sock` down at `deadline` (a `time.monotonic()` value) unless disarmed first."""
        with self._cond:
            if self._thread is None:
                self._stopped = False
                self._thread = threading.Thread(
                    target=self._run, name="conformance-deadline", daemon=True
                )
                self._thread.start()
            self._sock, self._deadline, self._fired = sock, deadline, False
            self._cond.notify()

    def disarm(self) -> bool:
        """Stop watching; True when the deadline had passed and the socket was shut down."""
        with self._cond:
            self._sock, self._deadline = None, None
            return self._fired

    def stop(self) -> None:
        """End the thread."""
        with self._cond:
            self._stopped, self._thread = True, None
            self._cond.notify()

    def _run(self) -> None:
        me = threading.current_thread()
        with self._cond:
            while not self._stopped and self._thread is me:
                if self._deadline is None or self._sock is None:
                    self._cond.wait()
                    continue
                remaining = self._deadline - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                with contextlib.suppress(OSError):
                    self._sock.shutdown(socket.SHUT_RDWR)
                self._fired, self._sock, self._deadline = True, None, None
