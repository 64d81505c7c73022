"""The reference tool's round-7 (part A) fault modes: the clock's scope, hours, outcomes, views.

Each function answers, for a tool with fault `fault`, what the clean tool never does: a
test clock dropped whenever a connection opens, photos let through a closed form, an
acknowledgement naming the wrong date, an outcome read loosely or shown on the wrong
request, a status the patient cannot read, and a request shown with a later contact
update's details. The one-minute and half-minute closures are `hours`' (`_CLOSURES`).
The clean tool gets False (or None, or its input unchanged) from each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import orjson

from gponline_sdk.conformance.contract import OutcomeSubmission, RequestSubmission
from gponline_sdk.models import ConsultationRequest, ContactDetailsUpdate, RequesterRole
from gponline_sdk.serde import unstructure

__all__ = [
    "ROUND7A_FAULTS",
    "ack_message",
    "bypasses_closed",
    "clears_clock",
    "contact_from_update",
    "read",
    "status_from_parent",
    "status_hidden",
]

ROUND7A_FAULTS = frozenset(
    {
        "closed-1643-one-minute",
        "closed-1700-30-seconds",
        "test-clock-cleared-on-new-connection",
        "photo-requests-taken-out-of-hours",
        "ack-message-date-next-day",
        "outcome-shown-on-follow-ups",
        "status-404-for-proxy-requests",
        "outcome-kind-read-loosely",
        "request-contact-from-contact-update",
    }
)
"""The fault modes this module implements (the two closures through `hours`)."""


def clears_clock(fault: str | None) -> bool:
    """Whether a new connection drops the test clock (a gateway that resets the session)."""
    return fault == "test-clock-cleared-on-new-connection"


def bypasses_closed(fault: str | None, sub: RequestSubmission) -> bool:
    """Whether a closed form takes `sub` for the next working day (photos by another service)."""
    return fault == "photo-requests-taken-out-of-hours" and bool(sub.attachments)


def ack_message(fault: str | None, message: str, respond_by: datetime) -> str:
    """The acknowledgement's words: with the fault, the day after respond_by's as its date."""
    if fault != "ack-message-date-next-day":
        return message
    # A template that adds a day for "the next triage list" whatever respond_by says.
    later = respond_by + timedelta(days=1)
    return f"Thank you. We will tell you by {respond_by:%H:%M} on {later:%d %B} how we will help."


def read(fault: str | None, body: bytes, cls: type[Any]) -> bytes:
    """The body as a lenient reader takes it: an outcome's kind in any case, spaces or hyphens."""
    if fault != "outcome-kind-read-loosely" or cls is not OutcomeSubmission:
        return body
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if isinstance(data, dict) and isinstance(data.get("kind"), str):
        data["kind"] = re.sub(r"[ -]", "_", data["kind"].strip().lower())
        return orjson.dumps(data)
    return body


def status_hidden(fault: str | None, request: ConsultationRequest | None) -> bool:
    """Whether the patient's status of `request` answers 404 (the proxy's portal has none)."""
    return (
        fault == "status-404-for-proxy-requests"
        and request is not None
        and request.requester.role is RequesterRole.PROXY
    )


def status_from_parent(fault: str | None, request: ConsultationRequest | None) -> str | None:
    """The earlier request whose outcome a follow-up shows (outcomes kept per conversation)."""
    if fault != "outcome-shown-on-follow-ups" or request is None:
        return None
    return request.follows_up


def _digits(value: object) -> str:
    return re.sub(r"[^0-9]", "", str(value or ""))


def contact_from_update(
    fault: str | None,
    request: ConsultationRequest,
    seen: dict[str, Any],
    updates: Iterable[ContactDetailsUpdate],
) -> None:
    """The practice view with the contact of the patient's latest contact details update."""
    if fault != "request-contact-from-contact-update" or request.patient.nhs_number is None:
        return
    number = _digits(request.patient.nhs_number)
    same = [
        u
        for u in updates
        if _digits(u.patient.nhs_number) == number
        and u.patient.date_of_birth == request.patient.date_of_birth
    ]
    if same:
        seen["contact"] = unstructure(same[-1].contact)  # the latest: updates keep their order
