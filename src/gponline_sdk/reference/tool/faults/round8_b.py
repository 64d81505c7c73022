"""The reference tool's round-8 (part B) fault modes: text, messages, video, contacts, usage.

Each function answers, for a tool with fault `fault`, what the clean tool never does:
controls in a description shown as spaces, typed hex escapes decoded, a thread cut to its
latest 25 messages, a reply to a month-old message refused, an in_reply_to naming a request
taken, a session in progress once the professional joins alone, a session read a day
after its booked end answered 404, a requester naming the patient refused when its proxy
fields are null, a proxy's update taken without any contact, record IDs an affine map of
the reference's digits, has_attachments from an allow-list without PNG, requests the
practice replied to left out of usage, the VC header's generated_at from the real clock.
The clean tool gets its input back unchanged (or None, or False) from each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import orjson

from gponline_sdk.errors import Problem
from gponline_sdk.models import Attachment, SecureMessage

__all__ = [
    "ROUND8B_FAULTS",
    "affine_id",
    "description_shown",
    "gone_after_end",
    "has_attachments",
    "left_out_replied",
    "read",
    "reply_refusal",
    "reply_to_request_kept",
    "requester_refusal",
    "starts_on_join",
    "thread_shown",
    "vc_generated_at",
]

_CONTROLS = "description-controls-blanked"
_HEX = "description-hex-escapes-decoded"
_LATEST_25 = "thread-latest-25-only"
_OLD_REPLY = "reply-to-month-old-message-refused"
_REQUEST_AS_REPLY = "in-reply-to-request-kept"
_PROFESSIONAL = "video-in-progress-on-professional-join"
_GONE = "video-404-a-day-after-end"
_NULLS = "contact-requester-nulls-refused"
_PROXY_NO_CONTACT = "contact-rule-skipped-for-proxies"
_AFFINE = "usage-ids-affine-decimal"
_ALLOW_LIST = "usage-attachments-allow-list"
_REPLIED = "usage-omits-replied-requests"
_REAL_CLOCK = "usage-vc-generated-at-real-clock"
ROUND8B_FAULTS = frozenset(
    {
        _CONTROLS,
        _HEX,
        _LATEST_25,
        _OLD_REPLY,
        _REQUEST_AS_REPLY,
        _PROFESSIONAL,
        _GONE,
        _NULLS,
        _PROXY_NO_CONTACT,
        _AFFINE,
        _ALLOW_LIST,
        _REPLIED,
        _REAL_CLOCK,
    }
)
"""The fault modes this module implements."""

# C0 controls but tab, LF and CR; DEL; C1 controls: what a "sanitiser" blanks.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_HEX_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})")
_PAGE = 25
_CLOSED_AFTER = timedelta(days=30)
_GONE_AFTER = timedelta(days=1)
_ALLOWED = frozenset({"image/jpeg", "image/jpg", "image/heic"})  # PNG left out
_MULTIPLIER = 0x5DEECE66D  # a "secret" odd multiplier and offset, written in the code
_OFFSET = 0xB


def description_shown(fault: str | None, seen: dict[str, Any]) -> None:
    """Change the practice's view of a description as fault `fault` does."""
    if fault == _CONTROLS:
        seen["description"] = _CONTROL.sub(" ", seen["description"])
    elif fault == _HEX:
        # A second unescape, Python-literal style: a typed '\x41' becomes 'A'.
        seen["description"] = _HEX_ESCAPE.sub(
            lambda m: chr(int(m.group(1), 16)), seen["description"]
        )


def thread_shown(
    fault: str | None, messages: tuple[SecureMessage, ...]
) -> tuple[SecureMessage, ...]:
    """A thread as fault `fault` shows it: a chat window of the latest 25 messages."""
    return messages[-_PAGE:] if fault == _LATEST_25 else messages


def reply_refusal(fault: str | None, answered: SecureMessage | None, now: datetime) -> bool:
    """Whether a reply to `answered` is refused (fault: conversations close after 30 days)."""
    return fault == _OLD_REPLY and answered is not None and now - answered.sent_at > _CLOSED_AFTER


def reply_to_request_kept(
    fault: str | None, in_reply_to: str | None, requests: Mapping[str, object]
) -> bool:
    """Whether an in_reply_to naming a request, no message, is taken (a thread of its own)."""
    return fault == _REQUEST_AS_REPLY and in_reply_to is not None and in_reply_to in requests


def starts_on_join(fault: str | None, professional: bool) -> bool:
    """Whether one join alone starts a session (fault: the professional's does)."""
    return fault == _PROFESSIONAL and professional


def gone_after_end(fault: str | None, start: datetime, minutes: int, now: datetime) -> bool:
    """Whether a session read now answers 404 (fault: archived a day after its booked end)."""
    return fault == _GONE and now > start + timedelta(minutes=minutes) + _GONE_AFTER


def requester_refusal(fault: str | None, body: bytes | None) -> Problem | None:
    """The problem found in a requester naming the patient with null proxy fields, if any."""
    if fault != _NULLS or not body:
        return None
    try:
        requester = orjson.loads(body).get("requester")
    except (orjson.JSONDecodeError, AttributeError):
        return None
    if (
        isinstance(requester, dict)
        and requester.get("role") == "patient"
        and any(k in requester and requester[k] is None for k in ("proxy_name", "relationship"))
    ):
        return Problem(location="$.requester", message="leave out what you do not fill in")
    return None


def read(fault: str | None, body: bytes, is_contact_update: bool) -> bytes:
    """A body as fault `fault` reads it: a proxy's update without contact gets a blank line."""
    if fault != _PROXY_NO_CONTACT or not is_contact_update:
        return body
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if not isinstance(data, dict) or not isinstance(data.get("requester"), dict):
        return body
    contact = data.get("contact")
    if data["requester"].get("role") != "proxy" or not isinstance(contact, dict):
        return body
    if not any(contact.get(k) for k in ("email", "phone", "address_lines")):
        # The proxy form skips the contact step: the record gets a placeholder line.
        data["contact"] = {**contact, "address_lines": ["(not given)"]}
        return orjson.dumps(data)
    return body


def affine_id(fault: str | None, reference: str) -> str | None:
    """The record ID of fault usage-ids-affine-decimal: digits times a number plus one."""
    if fault != _AFFINE:
        return None
    digits = int(re.sub("[^0-9]", "", reference) or "0")
    return str((digits * _MULTIPLIER + _OFFSET) % 2**48)


def has_attachments(fault: str | None, attachments: Iterable[Attachment], clean: bool) -> bool:
    """has_attachments as fault `fault` reports it (an allow-list of types without PNG)."""
    if fault != _ALLOW_LIST:
        return clean
    return clean and any(a.media_type in _ALLOWED for a in attachments)


def left_out_replied(fault: str | None, reference: str, messages: Iterable[SecureMessage]) -> bool:
    """Whether a request is left out of usage (fault: the practice replied by message)."""
    return fault == _REPLIED and any(m.about_request == reference for m in messages)


def vc_generated_at(fault: str | None, now: datetime, real: datetime) -> datetime:
    """The VC header's generated_at (fault: the server's real time, not the test clock)."""
    return real if fault == _REAL_CLOCK else now
