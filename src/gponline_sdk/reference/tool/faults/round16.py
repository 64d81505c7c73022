"""The reference tool's round-16 fault modes, after the fifteenth outside set's misses.

Each breaks a rule the suite did not look at, or on an input it never sent, in a way of its
own (not the outside variant's): the tests break the same rules a third way.

- Acknowledgements: a proxy's request promised an answer by the next working day (identity
  checks first); the reference lower-cased for patients who prefer texts (an SMS template);
  `{nhs_number}` left in the message of a patient who gave none; a patient who tried while
  the practice was closed told at their next request that NHS 111 can help instead.
- Caps: on the first working day after a bank holiday, 50 requests a category (a backlog
  rule); a day's photos past 600 answered 503 (an object store's daily write quota).
- The practice's view: health advice asked as a question ("Can I", "Is it", "Should I",
  "How do I") re-filed as a question (an intent classifier); address lines past the ninth
  lost (a form of nine boxes); a practice reply about a request read in the last 30
  minutes refused 428 (an ETag read that wants `If-Match`).
- References: one a character short completed to the newest that starts with it (a search
  box's autocomplete); one with an extension ('.json', '.xml', any) found by its stem.
- Outcomes: '{{' and '}}' stripped from the patient's status message (a template-injection
  filter).
- Messages: a body of digits only refused (taken for a one-time code); Markdown
  blockquote markers ('>' at a line's start) removed from what is stored.
- Video: a participant joining again taken as a reconnect to a live session (in progress).
- Usage: record IDs version-4 UUIDs from `random.Random(0)`; sessions under 10 minutes
  exported as 10 (a billing minimum).

The clean tool gets its input back (or None, or False) from each function.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from gponline_sdk.conformance.contract import MessageSubmission, Participant, RequestSubmission
from gponline_sdk.errors import Problem
from gponline_sdk.models import (
    CORE_HOURS,
    ConsultationRequest,
    ContactMethod,
    MessageDirection,
    RequestCategory,
    RequesterRole,
)
from gponline_sdk.models._bank_holidays import england_bank_holidays

__all__ = [
    "ROUND16_FAULTS",
    "SeededIds",
    "ack_message",
    "address_lines",
    "came_back_line",
    "day_refusal",
    "lookup",
    "message_refusal",
    "practice_category",
    "record_id",
    "rejoin_starts",
    "remember_closed",
    "reply_refusal",
    "respond_by",
    "status_message",
    "stored_body",
    "vc_duration",
]

_PROXY_LATE = "respond-by-next-day-for-proxies"
_REF_LOWER = "ack-reference-lowercased-for-texts"
_NHS_PLACEHOLDER = "ack-placeholder-without-nhs-number"
_CAME_BACK = "ack-111-after-closed-attempt"
_BACKLOG = "holiday-backlog-cap-per-category"
_PHOTO_DAY = "photos-per-day-at-600"
_ADVICE_Q = "advice-questions-filed-as-questions"
_NINE_LINES = "address-lines-capped-at-9"
_IF_MATCH = "practice-reply-needs-if-match-after-read"
_CHECK_DIGIT = "reference-autocompleted"
_EXTENSION = "reference-extension-stripped"
_BRACES = "outcome-message-braces-stripped"
_NUMERIC = "message-body-numeric-refused"
_BLOCKQUOTE = "message-blockquote-markers-removed"
_REJOIN = "video-rejoin-marks-in-progress"
_SEEDED = "usage-ids-seeded-uuid4"
_VC_MINIMUM = "usage-vc-minimum-10-minutes"
ROUND16_FAULTS = frozenset(
    {
        _PROXY_LATE,
        _REF_LOWER,
        _NHS_PLACEHOLDER,
        _CAME_BACK,
        _BACKLOG,
        _PHOTO_DAY,
        _ADVICE_Q,
        _NINE_LINES,
        _IF_MATCH,
        _CHECK_DIGIT,
        _EXTENSION,
        _BRACES,
        _NUMERIC,
        _BLOCKQUOTE,
        _REJOIN,
        _SEEDED,
        _VC_MINIMUM,
    }
)
_BACKLOG_PER_CATEGORY = 50
_PHOTOS_A_DAY = 600
_CAME_BACK_WITHIN = timedelta(hours=24)
_LOCK = timedelta(minutes=30)
_ADVICE_QUESTION = re.compile(r"\s*(?:can i|is it|should i|how do i)\b", re.IGNORECASE)
_QUOTE_MARKERS = re.compile(r"(?m)^[ \t]*>+ ?")
_VC_MINUTES = 10


def respond_by(fault: str | None, sub: RequestSubmission, now: datetime, due: datetime) -> datetime:
    """With the fault, a proxy's request is answered by the next working day's close."""
    if fault != _PROXY_LATE or sub.requester.role is not RequesterRole.PROXY:
        return due
    day = CORE_HOURS.next_working_day(now.astimezone(CORE_HOURS.zone).date())
    return datetime.combine(day, CORE_HOURS.end, tzinfo=CORE_HOURS.zone)


def ack_message(fault: str | None, message: str, sub: RequestSubmission, reference: str) -> str:
    """The acknowledgement's words as this round's template faults leave them."""
    if fault == _REF_LOWER and sub.contact.preferred is ContactMethod.TEXT_MESSAGE:
        return f"{message} Your reference: {reference.lower()}."
    if fault == _NHS_PLACEHOLDER and sub.patient.nhs_number is None:
        return f"{message} We will match your request to NHS number {{nhs_number}}."
    return message


def _who(sub: RequestSubmission) -> str:
    patient = sub.patient
    return (
        f"{patient.given_name.casefold()}|{patient.family_name.casefold()}|{patient.date_of_birth}"
    )


def remember_closed(
    fault: str | None, tries: dict[str, datetime], sub: RequestSubmission, now: datetime
) -> None:
    """With the fault, note who was turned away while closed (a draft kept for them)."""
    if fault == _CAME_BACK:
        tries[_who(sub)] = now


def came_back_line(
    fault: str | None, tries: Mapping[str, datetime], sub: RequestSubmission, now: datetime
) -> str:
    """With the fault, the line a patient turned away in the last day is told."""
    tried = tries.get(_who(sub)) if fault == _CAME_BACK else None
    if tried is None or not timedelta(0) < now - tried <= _CAME_BACK_WITHIN:
        return ""
    return " We could not take your request while we were closed: NHS 111 online can help instead."


def _after_holiday(day: date) -> bool:
    before = day - timedelta(days=1)
    return before in england_bank_holidays(before.year)


def day_refusal(
    fault: str | None, sub: RequestSubmission, day: date, requests: Iterable[ConsultationRequest]
) -> int | None:
    """The status a day's caps of this round answer `sub` with (409, 503), if any."""
    if fault not in (_BACKLOG, _PHOTO_DAY):
        return None
    today = [r for r in requests if r.submitted_at.astimezone(CORE_HOURS.zone).date() == day]
    if fault == _BACKLOG and _after_holiday(day):
        same = sum(r.category is sub.category for r in today)
        return 409 if same >= _BACKLOG_PER_CATEGORY else None
    photos = sum(len(r.attachments) for r in today)
    if fault == _PHOTO_DAY and sub.attachments and photos + len(sub.attachments) > _PHOTOS_A_DAY:
        return 503
    return None


def practice_category(fault: str | None, request: ConsultationRequest) -> str | None:
    """With the fault, the category an intent classifier files advice asked as a question."""
    if (
        fault == _ADVICE_Q
        and request.category is RequestCategory.SEEK_HEALTH_ADVICE
        and _ADVICE_QUESTION.match(request.description)
    ):
        return RequestCategory.ASK_QUESTION.value
    return None


def address_lines(fault: str | None, lines: list[Any]) -> list[Any]:
    """The address lines as shown; with the fault, the first nine (a form of nine boxes)."""
    return lines[:9] if fault == _NINE_LINES else lines


def reply_refusal(
    fault: str | None, sub: MessageSubmission, first_read: Mapping[str, datetime], now: datetime
) -> bool:
    """With the fault, whether a practice reply is refused for want of `If-Match` (428)."""
    if fault != _IF_MATCH or sub.direction is not MessageDirection.PRACTICE_TO_PATIENT:
        return False
    read = first_read.get(sub.about_request or "")
    return read is not None and timedelta(0) <= now - read < _LOCK


def lookup(fault: str | None, reference: str, table: Mapping[str, Any]) -> str:
    """The key `reference` finds: with the faults, completed (autocomplete) or its extension cut."""
    if reference in table:
        return reference
    if fault == _CHECK_DIGIT and reference:
        # A search box's autocomplete: the newest record one character longer that starts so.
        found = [key for key in table if key[:-1] == reference]
        return found[-1] if found else reference
    if fault == _EXTENSION and "." in reference:
        stem = reference.rsplit(".", 1)[0]
        return stem if stem in table else reference
    return reference


def status_message(fault: str | None, message: str | None) -> str | None:
    """The outcome message on the patient's status; with the fault, braces stripped."""
    if fault != _BRACES or message is None:
        return message
    return message.replace("{{", "").replace("}}", "")


def message_refusal(fault: str | None, sub: MessageSubmission) -> Problem | None:
    """With the fault, a body of digits only refused as a one-time code."""
    if fault == _NUMERIC and sub.body.strip().isdigit():
        return Problem(location="$.body", message="this looks like a code, not a message")
    return None


def stored_body(fault: str | None, text: str) -> str:
    """The body as stored; with the fault, Markdown blockquote markers removed."""
    return _QUOTE_MARKERS.sub("", text) if fault == _BLOCKQUOTE else text


def rejoin_starts(fault: str | None, participant: Participant, already_joined: bool) -> bool:
    """With the fault, whether a participant's second join marks the session in progress.

    The fault's rule holds for either side; `participant` lets a test's break take one only.
    """
    del participant  # the fault's reconnect path does not look at who reconnects
    return fault == _REJOIN and already_joined


def vc_duration(fault: str | None, minutes: int | None) -> int | None:
    """A session's length in the usage data; with the fault, at least 10 minutes."""
    if fault != _VC_MINIMUM or minutes is None:
        return minutes
    return max(minutes, _VC_MINUTES)


@attrs.define
class SeededIds:
    """The seeded-UUID fault's table: record IDs drawn in turn from `random.Random(0)`."""

    rng: random.Random = attrs.field(factory=lambda: random.Random(0))  # noqa: S311 - the fault
    ids: dict[str, str] = attrs.field(factory=dict)


def record_id(fault: str | None, table: SeededIds, reference: str) -> str | None:
    """With the fault, a version-4 UUID drawn from `random.Random(0)`, kept in `table`."""
    if fault != _SEEDED:
        return None
    if reference not in table.ids:
        table.ids[reference] = str(uuid.UUID(int=table.rng.getrandbits(128), version=4))
    return table.ids[reference]
