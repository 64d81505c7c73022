"""The reference tool's round-17 fault modes, after the sixteenth outside set's misses.

Each breaks a rule the suite did not look at, or on an input it never sent, in a way of its
own (not the outside variant's): the tests break the same rules a third way.

- Acknowledgements: a description written mostly in Chinese characters gets its
  acknowledgement in Chinese, the time in full-width digits (a locale picked from the
  text): no English says when.
- Outcomes: a practice message about a request with no outcome yet records the outcome
  `closed_no_action` (a help-desk's "resolve on reply" setting).
- Usage: record IDs an HMAC-SHA1 of 'oc_record:' and the reference, keyed with the
  reference lower-cased (a per-record key meant to be looked up, the lookup never written).
- Input: `"attachments": null` on a request taken as no photos (a binder's null-as-default).

The clean tool gets its input back (or None, or False) from each function.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from datetime import datetime

import orjson

from gponline_sdk.conformance.contract import MessageSubmission, RequestSubmission
from gponline_sdk.models import CORE_HOURS, MessageDirection, OutcomeKind

__all__ = [
    "ROUND17_FAULTS",
    "ack_message",
    "outcome_on_reply",
    "read",
    "record_id",
]

_CHINESE = "ack-chinese-fullwidth-time"
_RESOLVE = "practice-reply-resolves-request"
_OWN_KEY = "usage-ids-hmac-keyed-with-reference"
_NULL_PHOTOS = "attachments-null-taken"

ROUND17_FAULTS = frozenset({_CHINESE, _RESOLVE, _OWN_KEY, _NULL_PHOTOS})
# Full-width forms (U+FF10 to U+FF1A): digits and the colon a CJK locale writes times with.
_FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789:"}


def _mostly_han(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    han = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("CJK"))
    return bool(letters) and han * 2 > len(letters)


def ack_message(
    fault: str | None, message: str, sub: RequestSubmission, reference: str, due: datetime
) -> str:
    """With the fault, a mostly-Chinese description's acknowledgement in Chinese only."""
    if fault != _CHINESE or not _mostly_han(sub.description):
        return message
    local = due.astimezone(CORE_HOURS.zone)
    when = f"{local:%H:%M}".translate(_FULL_WIDTH)
    return f"谢谢。我们已收到您的请求\uff0c编号 {reference}。我们会在 {when} 之前告诉您如何处理。"


def outcome_on_reply(fault: str | None, sub: MessageSubmission) -> OutcomeKind | None:
    """With the fault, the outcome a practice message about a request records (if it has none)."""
    if fault != _RESOLVE or sub.direction is not MessageDirection.PRACTICE_TO_PATIENT:
        return None
    return OutcomeKind.CLOSED_NO_ACTION if sub.about_request else None


def record_id(fault: str | None, reference: str) -> str | None:
    """With the fault, HMAC-SHA1('oc_record:' + reference) keyed with the reference."""
    if fault != _OWN_KEY:
        return None
    message = f"oc_record:{reference}".encode()
    return hmac.new(reference.lower().encode(), message, hashlib.sha1).hexdigest()


def read(fault: str | None, body: bytes, cls_name: str) -> bytes:
    """With the fault, a request's `"attachments": null` read as no attachments."""
    if fault != _NULL_PHOTOS or cls_name != "RequestSubmission":
        return body
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if isinstance(data, dict) and "attachments" in data and data["attachments"] is None:
        data["attachments"] = []
        return orjson.dumps(data)
    return body
