"""What checks see of the tool under test: the `ToolTarget` protocol and its `Reply`.

Also `BadResponse` (an answer that breaks the contract) and `mask_text`, which
blanks secrets and NHS-number-shaped values before anything becomes evidence.
Import these from `gponline_sdk.conformance.target`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

import attrs

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
from gponline_sdk.errors import GponlineError
from gponline_sdk.models import (
    Acknowledgement,
    ConsultationRequest,
    ContactDetailsUpdate,
    SecureMessage,
    ToolCapabilities,
    VideoSession,
    is_valid_nhs_number,
)

__all__ = ["BadResponse", "ExchangeRecorder", "Reply", "ToolTarget", "is_harness", "mask_text"]

T = TypeVar("T")
ExchangeRecorder = Callable[[Exchange], None]
_NHS_LIKE = re.compile(r"(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9])")


class BadResponse(GponlineError):
    """The target answered, but not as the contract says (shape, size, time or redirect).

    The runner reports it as a FAIL (WARN for a check of SHOULDs only) of what
    the running check verifies, since the tool broke the contract; or as an
    ERROR when `harness` is True: the answer came from a test-harness operation
    (``/test/...``), so the suite itself could not proceed.
    """

    def __init__(self, message: str, *, harness: bool = False) -> None:
        self.harness = harness
        super().__init__(message)


def is_harness(path: str) -> bool:
    """True for the contract's test-harness operations (``/test/clock``, ``/test/environment``)."""
    return path.startswith("/test/")


@attrs.frozen(kw_only=True)
class Reply(Generic[T]):
    """The target's answer to one operation.

    `value` is set when the status is the operation's success status and the body
    matched its schema; `error` when a 4xx carried an `ErrorBody`; `closed` when
    `POST /requests` was answered 409 with a `ClosedResponse`. `text` is the raw body.
    `harness` is True for a test-harness operation (``/test/...``), whose refusal
    means the suite cannot proceed (`checks._support.require` makes it an ERROR).
    """

    status: int
    value: T | None = None
    error: ErrorBody | None = None
    closed: ClosedResponse | None = None
    text: str = ""
    harness: bool = False

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

    def send_raw(
        self, method: str, path: str, body: bytes | None = None, *, media_type: str = ...
    ) -> Reply[Any]:
        """Send any bytes (for malformed-input checks), labelled `media_type` over HTTP.

        `value` is the parsed JSON of the answer, if any. The default label is
        ``application/json``.
        """

    def new_connection(self) -> None:
        """Send the next request on a fresh connection (the test clock's scope is every one)."""
