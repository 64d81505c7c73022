"""The reference tool's input-validation fault modes: bodies let through or refused wrongly.

`loosen` rewrites a request body the way a tool with one of these defects reads
it (an unknown field ignored, a naive time taken as London time, a bad postcode
dropped), so the clean parser then accepts what the contract says to refuse.
`refusal` is the opposite defect: a check stricter than the contract, which
turns away real patients' valid data (an NHS number typed with spaces, a +44
phone, a plus-addressed email). The clean tool never calls either with a fault
of this module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs
import orjson

from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    MessageSubmission,
    RequestSubmission,
    VideoJoinRequest,
    VideoSessionRequest,
)
from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models import CORE_HOURS, ContactDetails

__all__ = ["LOOSE_READS", "REFUSALS", "loosen", "refusal"]


def _as_london(value: Any) -> Any:
    """A naive ISO date-time taken as Europe/London wall-clock time (the defect)."""
    if not isinstance(value, str):
        return value
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    return parsed.replace(tzinfo=CORE_HOURS.zone).isoformat() if parsed.tzinfo is None else value


def _readable_postcode(value: Any) -> bool:
    try:
        ContactDetails(email="someone@example.invalid", postcode=value)
    except (ValidationError, TypeError):
        return False
    return True


def _no_unknown(data: dict[str, Any], _: str) -> None:
    for name in set(data) - {f.name for f in attrs.fields(RequestSubmission)}:
        del data[name]


def _no_contact(data: dict[str, Any], _: str) -> None:
    contact = data.get("contact")
    if isinstance(contact, dict) and not (
        contact.get("email") or contact.get("phone") or contact.get("address_lines")
    ):
        contact["address_lines"] = ["(not given)"]  # stored so; nobody can answer it


def _any_practice(data: dict[str, Any], practice_code: str) -> None:
    if "practice_code" in data:
        data["practice_code"] = practice_code  # never read: one practice per environment


def _naive_start(data: dict[str, Any], _: str) -> None:
    data["scheduled_start"] = _as_london(data.get("scheduled_start"))


def _any_participant(data: dict[str, Any], _: str) -> None:
    if data.get("participant") not in ("patient", "professional"):
        data["participant"] = "patient"  # anyone who is not staff


def _empty_body(data: dict[str, Any], _: str) -> None:
    if data.get("body") == "":
        data["body"] = "(no text)"


def _bad_postcode(data: dict[str, Any], _: str) -> None:
    contact = data.get("contact")
    if isinstance(contact, dict) and not _readable_postcode(contact.get("postcode")):
        contact["postcode"] = None  # dropped without a word to the patient


_LOOSENERS: dict[str, tuple[type[Any], Callable[[dict[str, Any], str], None]]] = {
    "requests-accept-unknown-fields": (RequestSubmission, _no_unknown),
    "requests-accept-no-contact": (RequestSubmission, _no_contact),
    "video-accepts-bad-practice-code": (VideoSessionRequest, _any_practice),
    "video-accepts-naive-datetime": (VideoSessionRequest, _naive_start),
    "video-join-accepts-any-participant": (VideoJoinRequest, _any_participant),
    "messages-accept-empty-body": (MessageSubmission, _empty_body),
    "contact-accepts-bad-postcode": (ContactDetailsSubmission, _bad_postcode),
}
LOOSE_READS = frozenset(_LOOSENERS)
"""The fault modes `loosen` implements."""


def loosen(fault: str, body: bytes, cls: type[Any], practice_code: str) -> bytes:
    """`body` as a tool with input-validation fault `fault` reads it, for a `cls` body."""
    kind, rewrite = _LOOSENERS[fault]
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if cls is not kind or not isinstance(data, dict):
        return body
    rewrite(data, practice_code)
    return orjson.dumps(data)


# fault -> (object, field, what the faulty check refuses, what it says): each a rule
# stricter than the contract's pattern, as tools written against one habit have them.
_REFUSERS: dict[str, tuple[str, str, Callable[[str], bool], str]] = {
    "refuses-spaced-nhs-number": (
        "patient",
        "nhs_number",
        lambda value: not value.isdigit(),
        "must be 10 digits, no spaces or hyphens",
    ),
    "refuses-plus44-phone": (
        "contact",
        "phone",
        lambda value: value.startswith("+"),
        "must be a UK number starting 0",
    ),
    "refuses-plus-addressed-email": (
        "contact",
        "email",
        lambda value: "+" in value,
        "must not contain '+'",
    ),
}
REFUSALS = frozenset(_REFUSERS)
"""The fault modes `refusal` implements."""


def refusal(fault: str | None, body: bytes) -> Problem | None:
    """The problem a tool with refusal fault `fault` finds in a valid request `body`, if any."""
    if fault not in _REFUSERS:
        return None
    part, field, refuses, message = _REFUSERS[fault]
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    inner = data.get(part) if isinstance(data, dict) else None
    value = inner.get(field) if isinstance(inner, dict) else None
    if isinstance(value, str) and refuses(value):
        return Problem(location=f"$.{part}.{field}", message=message)
    return None
