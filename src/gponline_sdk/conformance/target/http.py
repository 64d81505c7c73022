"""`HttpTarget`: the tool contract over HTTP(S), with every safeguard on.

Connect and read timeouts on every call, an overall deadline per answer, a
size cap (the body is streamed and reading stops past it), redirects followed
only on the same origin, TLS verified, credentials masked in the evidence.
Import it from `gponline_sdk.conformance.target`.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from gponline_sdk.conformance.core import Exchange
from gponline_sdk.conformance.target.client import _ContractClient, _evidence_body
from gponline_sdk.conformance.target.protocol import BadResponse, ExchangeRecorder, mask_text
from gponline_sdk.errors import ConfigError, TargetUnreachable

__all__ = ["HttpTarget"]

_SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie"}


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
        for name, value in (
            ("connect_timeout", connect_timeout),
            ("read_timeout", read_timeout),
            ("max_response_bytes", max_response_bytes),
            ("total_timeout", total_timeout),
        ):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ConfigError(f"target.{name}: must be a positive number")
        self.base_url = base_url.rstrip("/") + "/"
        self._origin = (parts.scheme, parts.hostname, parts.port)
        self._token = token
        self._timeouts = (float(connect_timeout), float(read_timeout))
        self._max_bytes = int(max_response_bytes)
        self._total = float(total_timeout)
        self._session = requests.Session()
        self._session.verify = verify_tls
        self._session.trust_env = False  # no proxies or netrc credentials picked up silently
        self._session.headers["Accept"] = "application/json"
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def __enter__(self) -> HttpTarget:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _same_origin(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme, parts.hostname, parts.port) == self._origin

    def _send(self, method: str, path: str, body: bytes | None) -> tuple[int, str]:
        url = urljoin(self.base_url, path.lstrip("/"))
        for _hop in range(4):  # the first request and up to three same-origin redirects
            status, text, location = self._exchange(method, url, body)
            if location is None:
                return status, text
            target = urljoin(url, location)
            if not self._same_origin(target):
                raise BadResponse(
                    f"{method} {path} answered HTTP {status} redirecting to another host; "
                    "redirects are followed only on the target's own origin"
                )
            url = target
        raise BadResponse(f"{method} {path}: more than 3 redirects")

    def _exchange(self, method: str, url: str, body: bytes | None) -> tuple[int, str, str | None]:
        secrets = (self._token,) if self._token else ()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        sent = _masked_headers({**self._session.headers, **headers})
        started = time.monotonic()

        def record(**kw: Any) -> None:
            elapsed = (time.monotonic() - started) * 1000
            self._record(
                Exchange(
                    method=method,
                    url=mask_text(url, secrets),
                    request_headers=sent,
                    request_body=_evidence_body(body, secrets),
                    elapsed_ms=round(elapsed, 1),
                    **kw,
                )
            )

        try:
            response = self._session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=self._timeouts,
                allow_redirects=False,
                stream=True,
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            kind = "read timeout" if isinstance(exc, requests.ReadTimeout) else type(exc).__name__
            record(error=kind)
            raise TargetUnreachable(
                f"{method} {mask_text(url, secrets)} got no answer ({kind}; connect timeout "
                f"{self._timeouts[0]:g}s, read timeout {self._timeouts[1]:g}s)"
            ) from None
        except requests.RequestException as exc:
            record(error=type(exc).__name__)
            raise BadResponse(f"{method} {mask_text(url, secrets)}: {type(exc).__name__}") from None
        with response:
            status = response.status_code
            got = _masked_headers(response.headers)
            try:
                data = self._read_capped(response, started)
            except BadResponse as exc:
                record(status=status, response_headers=got, error=str(exc))
                raise BadResponse(f"{method} {mask_text(url, secrets)}: {exc}") from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                record(status=status, response_headers=got, error=type(exc).__name__)
                raise TargetUnreachable(
                    f"{method} {mask_text(url, secrets)} stopped answering mid-response "
                    f"({type(exc).__name__})"
                ) from None
        text = data.decode("utf-8", "replace")
        record(status=status, response_headers=got, response_body=_evidence_body(text, secrets))
        location = response.headers.get("Location") if 300 <= status < 400 else None
        return status, text, location

    def _read_capped(self, response: requests.Response, started: float) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise BadResponse(f"response of {declared} bytes is over the {self._max_bytes} cap")
        chunks: list[bytes] = []
        size = 0
        while True:
            # read1 returns what has arrived (not a full buffer), so the deadline is
            # checked while a server drips bytes slower than the read timeout.
            try:
                chunk = response.raw.read1(65_536, decode_content=True)
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                raise requests.ConnectionError(type(exc).__name__) from None
            if not chunk:
                break
            size += len(chunk)
            if size > self._max_bytes:
                raise BadResponse(f"response is over the {self._max_bytes}-byte cap")
            if time.monotonic() - started > self._total:
                raise BadResponse(f"response took longer than {self._total:g}s in all")
            chunks.append(chunk)
        return b"".join(chunks)
