"""`HttpTarget`: the tool contract over HTTP(S), with every safeguard on.

Connect and read timeouts on every call, an overall deadline per answer, a
size cap (the body is streamed and reading stops past it), redirects followed
only on the same origin, TLS verified, credentials masked in the evidence.
One keep-alive connection, and a request whose connection the far end closed
under it is sent again once where that is safe (see `target._wire`).
Import it from `gponline_sdk.conformance.target`.
"""

from __future__ import annotations

import ssl
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

from gponline_sdk import __version__
from gponline_sdk.conformance.core import Exchange
from gponline_sdk.conformance.target._wire import Answer, Wire, WireFailure, may_retry
from gponline_sdk.conformance.target.client import JSON_MEDIA, _ContractClient, _evidence_body
from gponline_sdk.conformance.target.protocol import (
    BadResponse,
    ExchangeRecorder,
    is_harness,
    mask_text,
)
from gponline_sdk.errors import ConfigError, TargetUnreachable

__all__ = ["PROBE_PATH", "HttpTarget"]

PROBE_PATH = "/test/environment"
"""What the liveness probe asks for: cheap, read-only, and every tool has it."""
_SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie"}
_PROBE_ATTEMPTS = 2
_PROBE_PAUSE_S = 0.5


def _masked_headers(headers: Any) -> dict[str, str]:
    return {k: ("***" if k.lower() in _SECRET_HEADERS else v) for k, v in dict(headers).items()}


class HttpTarget(_ContractClient):
    """The tool contract over HTTP(S), with every safeguard on.

    Args:
        base_url: The tool's test environment, e.g. ``https://tool.example/test-api``.
        token: Sent as ``Authorization: Bearer <token>``; never logged or shown.
        connect_timeout: Seconds to wait for a connection.
        read_timeout: Seconds to wait for each read of the answer.
        max_response_bytes: Larger answers are cut off and reported as `BadResponse`.
        verify_tls: Verify the server's certificate (leave on outside local tests).
        total_timeout: Overall seconds for one answer, so a server that drips
            bytes slower than the read timeout cannot hold a check forever.
        on_exchange: Called with each `Exchange` (evidence), secrets masked.

    Raises:
        ConfigError: when `base_url` is not an http(s) URL or a limit is not positive.

    Example::

        target = HttpTarget("http://127.0.0.1:8080", token="t0ken")
        caps = target.capabilities().value
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        connect_timeout: float = 5,
        read_timeout: float = 10,
        max_response_bytes: int = 1_000_000,
        verify_tls: bool = True,
        total_timeout: float = 30,
        on_exchange: ExchangeRecorder | None = None,
    ) -> None:
        super().__init__(on_exchange)
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError("target.base_url: expected an http:// or https:// URL with a host")
        try:
            port = parts.port
        except ValueError:
            raise ConfigError("target.base_url: the port is not a number from 0 to 65535") from None
        for name, value in (
            ("connect_timeout", connect_timeout),
            ("read_timeout", read_timeout),
            ("max_response_bytes", max_response_bytes),
            ("total_timeout", total_timeout),
        ):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ConfigError(f"target.{name}: must be a positive number")
        self.base_url = base_url.rstrip("/") + "/"
        self._origin = (parts.scheme, parts.hostname, port)
        self._token = token
        self._timeouts = (float(connect_timeout), float(read_timeout))
        self._max_bytes = int(max_response_bytes)
        self._total = float(total_timeout)
        self._tls: ssl.SSLContext | None = None
        if parts.scheme == "https":
            self._tls = ssl.create_default_context()
            if not verify_tls:
                self._tls.check_hostname = False
                self._tls.verify_mode = ssl.CERT_NONE
        self._headers = {
            "Accept": "application/json",
            "Accept-Encoding": "identity",  # evidence shows the bytes as sent
            "User-Agent": f"gponline-sdk-conformance/{__version__}",
        }
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._wire = self._new_wire()

    def _new_wire(self) -> Wire:
        scheme, host, port = self._origin
        # An explicit port: http.client would read "::1" as host ":" and port 1.
        port = port if port is not None else (443 if scheme == "https" else 80)
        return Wire(scheme, host, port, self._timeouts, self._tls)

    def close(self) -> None:
        """Close the connection."""
        self._wire.stop()

    def new_connection(self) -> None:
        """Close the keep-alive connection: the next request opens a fresh one."""
        self._wire.close()

    def __enter__(self) -> HttpTarget:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def _secrets(self) -> tuple[str, ...]:
        return (self._token,) if self._token else ()

    def _timeouts_text(self) -> str:
        return f"connect timeout {self._timeouts[0]:g}s, read timeout {self._timeouts[1]:g}s"

    def _same_origin(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme, parts.hostname, parts.port) == self._origin

    def _send(self, method: str, path: str, body: bytes | None) -> tuple[int, str]:
        return self._send_labelled(method, path, body, JSON_MEDIA)

    def _send_labelled(
        self, method: str, path: str, body: bytes | None, media_type: str
    ) -> tuple[int, str]:
        url = urljoin(self.base_url, path.lstrip("/"))
        harness = is_harness(path)
        for _hop in range(4):  # the first request and up to three same-origin redirects
            status, text, location = self._exchange(
                method, url, body, harness=harness, media_type=media_type
            )
            if location is None:
                return status, text
            target = urljoin(url, location)
            if not self._same_origin(target):
                raise BadResponse(
                    f"{method} {path} answered HTTP {status} redirecting to another host; "
                    "redirects are followed only on the target's own origin",
                    harness=harness,
                )
            url = target
        raise BadResponse(f"{method} {path}: more than 3 redirects", harness=harness)

    def _exchange(
        self, method: str, url: str, body: bytes | None, *, harness: bool, media_type: str
    ) -> tuple[int, str, str | None]:
        shown = mask_text(url, self._secrets)
        headers = dict(self._headers)
        if body is not None:
            headers["Content-Type"] = media_type
        parts = urlsplit(url)
        request_target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        tried: list[str] = []
        for attempt in (1, 2):
            started = time.monotonic()

            def record(started: float = started, **kw: Any) -> None:
                self._record(
                    Exchange(
                        method=method,
                        url=shown,
                        request_headers=_masked_headers(headers),
                        request_body=_evidence_body(body, self._secrets),
                        elapsed_ms=round((time.monotonic() - started) * 1000, 1),
                        **kw,
                    )
                )

            try:
                answer = self._wire.request(
                    method,
                    request_target,
                    body,
                    headers,
                    started=started,
                    total=self._total,
                    max_bytes=self._max_bytes,
                )
            except WireFailure as failure:
                tried.append(f"attempt {attempt} on a {failure.describe()}")
                if attempt == 1 and may_retry(method, failure):
                    record(error=f"{failure.describe()}; sent again on a fresh connection")
                    continue
                record(error=failure.describe())
                raise TargetUnreachable(
                    f"{method} {shown} got no answer: {'; '.join(tried)} ({self._timeouts_text()})",
                    harness=harness,
                ) from None
            except BadResponse as exc:
                record(error=str(exc))
                raise BadResponse(f"{method} {shown}: {exc}", harness=harness) from None
            return self._answered(answer, record)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _answered(self, answer: Answer, record: Any) -> tuple[int, str, str | None]:
        text = answer.data.decode("utf-8", "replace")
        record(
            status=answer.status,
            response_headers=_masked_headers(answer.headers),
            response_body=_evidence_body(text, self._secrets),
        )
        location = None
        if 300 <= answer.status < 400:
            location = next((v for k, v in answer.headers.items() if k.lower() == "location"), None)
        return answer.status, text, location

    def probe(self) -> tuple[bool, str]:
        """Ask, on a fresh connection, whether the target answers at all.

        Sends ``GET /test/environment`` up to twice (half a second apart), each
        on a new connection of its own; any HTTP answer counts as alive. Nothing
        is recorded as evidence: the runner notes the outcome.

        Returns:
            Whether the target answered, and what was tried (URL masked), in words.
        """
        url = mask_text(urljoin(self.base_url, PROBE_PATH.lstrip("/")), self._secrets)
        tried: list[str] = []
        target = urlsplit(urljoin(self.base_url, PROBE_PATH.lstrip("/"))).path
        for attempt in range(1, _PROBE_ATTEMPTS + 1):
            wire = self._new_wire()
            try:
                answer = wire.request(
                    "GET",
                    target,
                    None,
                    dict(self._headers),
                    started=time.monotonic(),
                    total=self._total,
                    max_bytes=self._max_bytes,
                )
            except (WireFailure, BadResponse) as exc:
                detail = exc.describe() if isinstance(exc, WireFailure) else str(exc)
                tried.append(f"attempt {attempt} on a {detail}")
                if attempt < _PROBE_ATTEMPTS:
                    time.sleep(_PROBE_PAUSE_S)
                continue
            finally:
                wire.stop()
            tried.append(f"attempt {attempt} answered HTTP {answer.status}")
            return True, f"GET {url} on a fresh connection: {'; '.join(tried)}"
        return False, (
            f"GET {url} on a fresh connection, {_PROBE_ATTEMPTS} attempts "
            f"{_PROBE_PAUSE_S:g}s apart: {'; '.join(tried)} ({self._timeouts_text()})"
        )
