"""The contract's operations over an abstract transport, and the in-process transport.

`_ContractClient` turns each `ToolTarget` method into one request and parses the
answer into a `Reply`; `HttpTarget` (in `target.http`) and `InProcessTarget`
(here) supply `_send`. Import the public names from `gponline_sdk.conformance.target`.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any, Protocol, TypeVar
from urllib.parse import quote, urlencode

import orjson

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
from gponline_sdk.conformance.target._acknowledged import Acknowledged, features_of
from gponline_sdk.conformance.target._received import describe_problem
from gponline_sdk.conformance.target._turned_away import NOT_NOW, TurnedAway
from gponline_sdk.conformance.target.protocol import (
    BadResponse,
    ExchangeRecorder,
    Reply,
    is_harness,
    mask_text,
)
from gponline_sdk.errors import ValidationError
from gponline_sdk.models import (
    Acknowledgement,
    ConsultationRequest,
    ContactDetailsUpdate,
    DataType,
    SecureMessage,
    ToolCapabilities,
    VideoSession,
)
from gponline_sdk.serde import from_json, to_json

__all__ = ["InProcessTarget", "ToolApplication"]

T = TypeVar("T")
_EVIDENCE_BODY_LIMIT = 8_000
JSON_MEDIA = "application/json"
"""The Content-Type of every body the contract's operations send."""
SHOULD_ONLY_CAPABILITIES = ("$.symptom_checker_url", "$.urgent_use_safeguard")
"""Capabilities fields that serve a SHOULD only: broken, they are read as absent."""


class _ContractClient:
    """The contract's operations over an abstract `_send`; subclasses supply the transport."""

    def __init__(self, on_exchange: ExchangeRecorder | None) -> None:
        self.on_exchange = on_exchange
        self.running_check = ""
        """The check now sending (the runner sets it), to say who was turned away."""
        self.turned_away: list[TurnedAway] = []
        """Each POST /requests answered 409, 429 or 503 while the test clock was set."""
        self.clocked_posts = 0
        """How many POST /requests were sent while the test clock was set."""
        self.acknowledged: list[Acknowledged] = []
        """(Round 14) Each POST /requests answered 201 while the test clock was set."""
        self._clock_at: datetime | None = None

    def _send(self, method: str, path: str, body: bytes | None) -> tuple[int, str]:
        raise NotImplementedError

    def _send_labelled(
        self, method: str, path: str, body: bytes | None, media_type: str
    ) -> tuple[int, str]:
        """`_send` with the body labelled `media_type`; a transport without headers ignores it."""
        del media_type  # an in-process tool gets the bytes only
        return self._send(method, path, body)

    def new_connection(self) -> None:
        """Send the next request on a fresh connection; a transport without one does nothing.

        The test clock set by PUT holds for every later request on any connection until
        reset (contract 2.2.0): the checks read its effect over a fresh one too.
        """

    def _call(self, method: str, path: str, body: bytes | None, ok: int, cls: type[T]) -> Reply[T]:
        status, text = self._send(method, path, body)
        if status == ok:
            value = self._parse(method, path, status, text, cls)
            return Reply(status=status, value=value, text=text, harness=is_harness(path))
        return self._reply(method, path, status, text)

    def _reply(self, method: str, path: str, status: int, text: str) -> Reply[Any]:
        """The reply to an operation that did not succeed: its error or closed body."""
        harness = is_harness(path)
        closed = None
        if status == 409 and path == "/requests":
            closed = self._parse(method, path, status, text, ClosedResponse)
        error = None
        if 400 <= status < 500 and status != 409:
            try:
                error = from_json(text, ErrorBody)
            except ValidationError:
                error = None  # a 4xx without a proper body: the checks judge that
        return Reply(status=status, error=error, closed=closed, text=text, harness=harness)

    @staticmethod
    def _parse(method: str, path: str, status: int, text: str, cls: type[T]) -> T:
        try:
            return from_json(text, cls)
        except ValidationError as exc:
            raise _ContractClient._bad(method, path, status, text, cls, exc=exc) from None

    @staticmethod
    def _bad(
        method: str, path: str, status: int, text: str, cls: type[Any], *, exc: ValidationError
    ) -> BadResponse:
        where = "; ".join(describe_problem(p, text) for p in exc.problems[:10])
        more = len(exc.problems) - 10
        return BadResponse(
            f"{method} {path} answered HTTP {status} with a body that breaks the contract's "
            f"{cls.__name__}: {where}" + (f"; and {more} more" if more > 0 else ""),
            harness=is_harness(path),
        )

    def environment(self) -> Reply[TestEnvironment]:
        """``GET /test/environment``."""
        return self._call("GET", "/test/environment", None, 200, TestEnvironment)

    def capabilities(self) -> Reply[ToolCapabilities]:
        """``GET /capabilities``; a SHOULD-only field that breaks its schema is read as absent.

        `symptom_checker_url` and `urgent_use_safeguard` serve SHOULD requirements only
        (SIGN-111-01, SAFE-URG-01): a malformed one (a relative link, a two-word safeguard)
        is those checks' to judge from the raw body (`Reply.text`), and must not fail every
        check that reads the capabilities (contract 2.4.0). Any other problem still fails.
        """
        path = "/capabilities"
        status, text = self._send("GET", path, None)
        if status != 200:
            return self._reply("GET", path, status, text)
        try:
            value = from_json(text, ToolCapabilities)
        except ValidationError as exc:
            if not exc.problems or not all(
                p.location in SHOULD_ONLY_CAPABILITIES for p in exc.problems
            ):
                raise self._bad("GET", path, status, text, ToolCapabilities, exc=exc) from None
            data = orjson.loads(text)
            for problem in exc.problems:  # only the broken ones: the other is read as sent
                data.pop(problem.location.removeprefix("$."), None)
            value = self._parse("GET", path, status, orjson.dumps(data).decode(), ToolCapabilities)
        return Reply(status=status, value=value, text=text, harness=False)

    def set_clock(self, now: datetime) -> Reply[TestClock]:
        """``PUT /test/clock``: freeze the tool's now at `now`."""
        self._clock_at = None  # unknown until the tool says it took it
        reply = self._call("PUT", "/test/clock", to_json(TestClock(now=now)), 200, TestClock)
        if reply.status == 200:
            self._clock_at = now
        return reply

    def release_clock(self) -> Reply[TestClock]:
        """``DELETE /test/clock``."""
        self._clock_at = None
        return self._call("DELETE", "/test/clock", None, 200, TestClock)

    def availability(self) -> Reply[Availability]:
        """``GET /availability``."""
        return self._call("GET", "/availability", None, 200, Availability)

    def submit_request(self, submission: RequestSubmission) -> Reply[Acknowledgement]:
        """``POST /requests`` (201 `value`, or 409 `closed`)."""
        reply = self._call("POST", "/requests", to_json(submission), 201, Acknowledgement)
        self.clocked_posts += self._clock_at is not None
        if reply.status == 201 and reply.value is not None and self._clock_at is not None:
            self.acknowledged.append(
                Acknowledged(
                    at=self._clock_at,
                    category=submission.category.value,
                    features=features_of(submission),
                    message=reply.value.message,
                    check=self.running_check,
                    reference=reply.value.reference,
                    received_at=reply.value.received_at,
                    respond_by=reply.value.respond_by,
                )
            )
        if reply.status in NOT_NOW and self._clock_at is not None:
            self.turned_away.append(
                TurnedAway(
                    at=self._clock_at,
                    category=submission.category.value,
                    status=reply.status,
                    check=self.running_check,
                )
            )
        return reply

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

    def send_raw(
        self, method: str, path: str, body: bytes | None = None, *, media_type: str = JSON_MEDIA
    ) -> Reply[Any]:
        """Send any bytes (for malformed-input checks); `value` is the parsed JSON, if any.

        `media_type` is the body's Content-Type over HTTP; an in-process tool gets no
        headers, so there it changes nothing.
        """
        status, text = self._send_labelled(method, path, body, media_type)
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

    def new_connection(self) -> None:
        """Tell the tool a new connection opens, if it models connections (`connection_opened`)."""
        opened = getattr(self.tool, "connection_opened", None)
        if callable(opened):
            opened()

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
