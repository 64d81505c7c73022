"""The client side of the tool contract: how checks talk to the tool under test.

`ToolTarget` is the protocol checks use, one typed method per contract
operation (see `gponline_sdk.conformance.contract`). Two implementations:

- `HttpTarget`: the contract over HTTP(S) with `requests`: connect and read
  timeouts on every call, an overall deadline per response, a response size
  cap (the body is streamed and reading stops past the cap), redirects
  followed only on the same origin, `Authorization: Bearer`, TLS verified.
- `InProcessTarget`: for Python tools, calls an object's `handle()` directly,
  with no network, through the same parsing and evidence code.

Every exchange is recorded as `core.Exchange` evidence through `on_exchange`
(the runner points it at the running check), with credentials masked and
NHS-number-shaped values blanked. A target that cannot be reached raises
`TargetUnreachable` naming what was tried; an answer that breaks the contract
(wrong shape, too big, too slow, redirect to another host) raises `BadResponse`,
which the runner reports as an ERROR result with the evidence.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import quote, urlencode, urljoin, urlsplit

import attrs
import orjson
import requests
import urllib3

from gponline_sdk.conformance.contract import (
    Availability,
    ClosedResponse,
    ContactDetailsSubmission,
    ErrorBody,
    MessageSubmission,
    MessageThread,
    OcUsageReport,
    RequestSubmission,
    TestClock,
    TestEnvironment,
    VcUsageReport,
    VideoJoin,
    VideoJoinRequest,
    VideoSessionRequest,
)
from gponline_sdk.conformance.core import Exchange
from gponline_sdk.errors import ConfigError, GponlineError, TargetUnreachable, ValidationError
from gponline_sdk.models import (
    Acknowledgement,
    ConsultationRequest,
    ContactDetailsUpdate,
    DataType,
    SecureMessage,
    ToolCapabilities,
    VideoSession,
    is_valid_nhs_number,
)
from gponline_sdk.serde import from_json, to_json

__all__ = [
    "BadResponse",
    "ExchangeRecorder",
    "HttpTarget",
    "InProcessTarget",
    "Reply",
    "ToolApplication",
    "ToolTarget",
    "mask_text",
]

T = TypeVar("T")
ExchangeRecorder = Callable[[Exchange], None]
_EVIDENCE_BODY_LIMIT = 8_000
_NHS_LIKE = re.compile(r"(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9])")
_SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie"}


class BadResponse(GponlineError):
    """The target answered, but not as the contract says (shape, size, time or redirect)."""


@attrs.frozen(kw_only=True)
class Reply(Generic[T]):
    """The target's answer to one operation.

    `value` is set when the status is the operation's success status and the body
    matched its schema; `error` when a 4xx carried an `ErrorBody`; `closed` when
    `POST /requests` was answered 409 with a `ClosedResponse`. `text` is the raw body.
    """

    status: int
    value: T | None = None
    error: ErrorBody | None = None
    closed: ClosedResponse | None = None
    text: str = ""

    @property
    def ok(self) -> bool:
        """True when the operation succeeded and `value` holds the parsed answer."""
        return self.value is not None


def mask_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Blank every NHS-number-shaped value that passes the check digit, and the given secrets."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _NHS_LIKE.sub(lambda m: "**********" if is_valid_nhs_number(m[0]) else m[0], text)


class ToolTarget(Protocol):
    """The tool under test, one method per contract operation."""

    on_exchange: ExchangeRecorder | None

    def environment(self) -> Reply[TestEnvironment]:
        """``GET /test/environment``."""

    def capabilities(self) -> Reply[ToolCapabilities]:
        """``GET /capabilities``."""

    def set_clock(self, now: datetime) -> Reply[TestClock]:
        """``PUT /test/clock``: freeze the tool's now at `now`."""

    def release_clock(self) -> Reply[TestClock]:
        """``DELETE /test/clock``."""

    def availability(self) -> Reply[Availability]:
        """``GET /availability``."""

    def submit_request(self, submission: RequestSubmission) -> Reply[Acknowledgement]:
        """``POST /requests`` (201 `value`, or 409 `closed`)."""

    def practice_request(self, reference: str) -> Reply[ConsultationRequest]:
        """``GET /practice/requests/{reference}``."""

    def schedule_video(self, request: VideoSessionRequest) -> Reply[VideoSession]:
        """``POST /video/sessions``."""

    def video_session(self, reference: str) -> Reply[VideoSession]:
        """``GET /video/sessions/{reference}``."""

    def join_video(self, reference: str, join: VideoJoinRequest) -> Reply[VideoJoin]:
        """``POST /video/sessions/{reference}/join``."""

    def send_message(self, message: MessageSubmission) -> Reply[SecureMessage]:
        """``POST /messages``."""

    def message_thread(self, thread: str) -> Reply[MessageThread]:
        """``GET /messages?thread=...``."""

    def update_contact_details(
        self, update: ContactDetailsSubmission
    ) -> Reply[ContactDetailsUpdate]:
        """``POST /contact-details``."""

    def practice_contact_details(self, reference: str) -> Reply[ContactDetailsUpdate]:
        """``GET /practice/contact-details/{reference}``."""

    def oc_usage(self, week: str) -> Reply[OcUsageReport]:
        """``GET /usage?week=...&data_type=oc_record``."""

    def vc_usage(self, week: str) -> Reply[VcUsageReport]:
        """``GET /usage?week=...&data_type=vc_record``."""

    def send_raw(self, method: str, path: str, body: bytes | None = None) -> Reply[Any]:
        """Send any bytes (for malformed-input checks); `value` is the parsed JSON, if any."""


class _ContractClient:
    """The contract's operations over an abstract `_send`; subclasses supply the transport."""

    def __init__(self, on_exchange: ExchangeRecorder | None) -> None:
        self.on_exchange = on_exchange

    def _send(self, method: str, path: str, body: bytes | None) -> tuple[int, str]:
        raise NotImplementedError

    def _call(self, method: str, path: str, body: bytes | None, ok: int, cls: type[T]) -> Reply[T]:
        status, text = self._send(method, path, body)
        if status == ok:
            value = self._parse(method, path, status, text, cls)
            return Reply(status=status, value=value, text=text)
        closed = None
        if status == 409 and path == "/requests":
            closed = self._parse(method, path, status, text, ClosedResponse)
        error = None
        if 400 <= status < 500 and status != 409:
            try:
                error = from_json(text, ErrorBody)
            except ValidationError:
                error = None  # a 4xx without a proper body: the checks judge that
        return Reply(status=status, error=error, closed=closed, text=text)

    @staticmethod
    def _parse(method: str, path: str, status: int, text: str, cls: type[T]) -> T:
        try:
            return from_json(text, cls)
        except ValidationError as exc:
            where = "; ".join(f"{p.location}: {mask_text(p.message)}" for p in exc.problems[:10])
            raise BadResponse(
                f"{method} {path} answered HTTP {status} with a body that is not a "
                f"{cls.__name__}: {where}"
            ) from None

    def environment(self) -> Reply[TestEnvironment]:
        """``GET /test/environment``."""
        return self._call("GET", "/test/environment", None, 200, TestEnvironment)

    def capabilities(self) -> Reply[ToolCapabilities]:
        """``GET /capabilities``."""
        return self._call("GET", "/capabilities", None, 200, ToolCapabilities)

    def set_clock(self, now: datetime) -> Reply[TestClock]:
        """``PUT /test/clock``: freeze the tool's now at `now`."""
        return self._call("PUT", "/test/clock", to_json(TestClock(now=now)), 200, TestClock)

    def release_clock(self) -> Reply[TestClock]:
        """``DELETE /test/clock``."""
        return self._call("DELETE", "/test/clock", None, 200, TestClock)

    def availability(self) -> Reply[Availability]:
        """``GET /availability``."""
        return self._call("GET", "/availability", None, 200, Availability)

    def submit_request(self, submission: RequestSubmission) -> Reply[Acknowledgement]:
        """``POST /requests`` (201 `value`, or 409 `closed`)."""
        return self._call("POST", "/requests", to_json(submission), 201, Acknowledgement)

    def practice_request(self, reference: str) -> Reply[ConsultationRequest]:
        """``GET /practice/requests/{reference}``."""
        path = f"/practice/requests/{quote(reference, safe='')}"
        return self._call("GET", path, None, 200, ConsultationRequest)

    def schedule_video(self, request: VideoSessionRequest) -> Reply[VideoSession]:
        """``POST /video/sessions``."""
        return self._call("POST", "/video/sessions", to_json(request), 201, VideoSession)

    def video_session(self, reference: str) -> Reply[VideoSession]:
        """``GET /video/sessions/{reference}``."""
        path = f"/video/sessions/{quote(reference, safe='')}"
        return self._call("GET", path, None, 200, VideoSession)

    def join_video(self, reference: str, join: VideoJoinRequest) -> Reply[VideoJoin]:
        """``POST /video/sessions/{reference}/join``."""
        path = f"/video/sessions/{quote(reference, safe='')}/join"
        return self._call("POST", path, to_json(join), 200, VideoJoin)

    def send_message(self, message: MessageSubmission) -> Reply[SecureMessage]:
        """``POST /messages``."""
        return self._call("POST", "/messages", to_json(message), 201, SecureMessage)

    def message_thread(self, thread: str) -> Reply[MessageThread]:
        """``GET /messages?thread=...``."""
        path = "/messages?" + urlencode({"thread": thread})
        return self._call("GET", path, None, 200, MessageThread)

    def update_contact_details(
        self, update: ContactDetailsSubmission
    ) -> Reply[ContactDetailsUpdate]:
        """``POST /contact-details``."""
        return self._call("POST", "/contact-details", to_json(update), 201, ContactDetailsUpdate)

    def practice_contact_details(self, reference: str) -> Reply[ContactDetailsUpdate]:
        """``GET /practice/contact-details/{reference}``."""
        path = f"/practice/contact-details/{quote(reference, safe='')}"
        return self._call("GET", path, None, 200, ContactDetailsUpdate)

    def oc_usage(self, week: str) -> Reply[OcUsageReport]:
        """``GET /usage?week=...&data_type=oc_record``."""
        query = urlencode({"week": week, "data_type": DataType.OC_RECORD.value})
        return self._call("GET", f"/usage?{query}", None, 200, OcUsageReport)

    def vc_usage(self, week: str) -> Reply[VcUsageReport]:
        """``GET /usage?week=...&data_type=vc_record``."""
        query = urlencode({"week": week, "data_type": DataType.VC_RECORD.value})
        return self._call("GET", f"/usage?{query}", None, 200, VcUsageReport)

    def send_raw(self, method: str, path: str, body: bytes | None = None) -> Reply[Any]:
        """Send any bytes (for malformed-input checks); `value` is the parsed JSON, if any."""
        status, text = self._send(method, path, body)
        error = None
        if 400 <= status < 500:
            try:
                error = from_json(text, ErrorBody)
            except ValidationError:
                error = None
        try:
            value = orjson.loads(text) if text else None
        except orjson.JSONDecodeError:
            value = None
        return Reply(status=status, value=value, error=error, text=text)

    def _record(self, exchange: Exchange) -> None:
        if self.on_exchange is not None:
            self.on_exchange(exchange)


def _evidence_body(data: bytes | str | None, secrets: tuple[str, ...]) -> str | None:
    if data is None:
        return None
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    if len(text) > _EVIDENCE_BODY_LIMIT:
        text = text[:_EVIDENCE_BODY_LIMIT] + f"... [{len(text) - _EVIDENCE_BODY_LIMIT} more]"
    return mask_text(text, secrets)


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


class ToolApplication(Protocol):
    """A Python tool served in process: one call per HTTP-shaped request.

    `target` is the path with its query string (``/usage?week=2026-W47&...``);
    the answer is the status code and the JSON body bytes.
    """

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        """Answer one request of the tool contract."""


class InProcessTarget(_ContractClient):
    """The tool contract against a Python object, with no network.

    Args:
        tool: Any object with ``handle(method, target, body) -> (status, body)``,
            such as `gponline_sdk.reference.tool.ReferenceTool`.
        on_exchange: Called with each `Exchange`, as for `HttpTarget`.
    """

    def __init__(self, tool: ToolApplication, *, on_exchange: ExchangeRecorder | None = None):
        super().__init__(on_exchange)
        self.tool = tool

    def _send(self, method: str, path: str, body: bytes | None) -> tuple[int, str]:
        started = time.monotonic()
        status, data = self.tool.handle(method, path, body)
        text = data.decode("utf-8", "replace")
        self._record(
            Exchange(
                method=method,
                url=f"inprocess:{path}",
                request_body=_evidence_body(body, ()),
                status=status,
                response_body=_evidence_body(text, ()),
                elapsed_ms=round((time.monotonic() - started) * 1000, 1),
            )
        )
        return status, text
