"""The reference tool's round-11 fault modes, after the tenth outside set's misses.

The tenth set turned a patient's second medication query of the week away (409, "too early
for your repeat") 218 times in core hours, all in checks that count only the requests taken.
Five faults here turn core-hours requests away by rules of the tool's own (a repeat within
days, an NHS number under a new family name (409 or 422), a patient's weekly allowance
answered 429, a busy hour answered 503), for `availability.never-turned-away` to find
wherever it happens. The rest come in pairs, each the set's defect and another way to break
the same rule:

- the closed message's opening time worded wrongly while `next_opening` is right;
- a request's status with the received_at of another request of its conversation;
- the reference's last characters in a keyed record ID, at its end or its start;
- the blank lines between a patient's paragraphs tidied away;
- 500 for a number past what its column holds (32 and 64 bits), instead of a refusal;
- a phone number of a digit too many (cut to 13, as an input's maxlength does) or too few;
- every patient-side message of a thread shown with one writer's requester;
- a usage record dated by when the practice first read the request.

The clean tool gets None (or its input) from each function.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs

from gponline_sdk.conformance.contract import RequestStatus, RequestSubmission
from gponline_sdk.models import CORE_HOURS, ConsultationRequest, MessageDirection, SecureMessage

__all__ = [
    "ROUND11_FAULTS",
    "ROUND11_TURNED_AWAY",
    "conversation_received_at",
    "opening_shown",
    "overflows",
    "paragraphs_shown",
    "read",
    "thread_requesters",
    "turned_away",
    "usage_submitted_at",
    "with_reference_tail",
]

_REPEAT_TOO_EARLY = "medication-repeat-within-7-days"
_WEEKLY_429 = "patient-weekly-allowance-429"
_BUSY_503 = "busy-hour-503"
_NAME_MISMATCH_409 = "nhs-number-new-family-name-409"
_NAME_MISMATCH_422 = "nhs-number-new-family-name-422"
ROUND11_TURNED_AWAY = frozenset(
    {_REPEAT_TOO_EARLY, _WEEKLY_429, _BUSY_503, _NAME_MISMATCH_409, _NAME_MISMATCH_422}
)
_OPENING_UTC = "closed-message-time-in-utc"
_OPENING_RECEPTION = "closed-message-says-reception-opens"
_LATEST_FOLLOW_UP = "status-received-at-of-latest-follow-up"
_CONVERSATION_START = "status-received-at-of-conversation-start"
_ID_TAIL_LAST = "usage-id-keyed-plus-reference-tail"
_ID_TAIL_FIRST = "usage-id-reference-tail-then-keyed"
_BLANK_LINES_DROPPED = "collapses-blank-lines"
_BLANK_LINES_TO_ONE = "blank-line-runs-to-one"
_DURATION_32 = "video-duration-beyond-32-bits-500"
_SIZE_64 = "photo-size-beyond-64-bits-500"
_PHONE_CUT = "phone-cut-to-13-digits"
_PHONE_SHORT = "phone-9-digits-taken"
_THREAD_FIRST_WRITER = "thread-requester-of-first-writer"
_THREAD_LATEST_WRITER = "thread-requester-of-latest-writer"
_SUBMITTED_FIRST_READ = "usage-submitted-at-first-practice-read"
_SUBMITTED_FIRST_READ_DAY = "usage-dated-by-first-practice-read"
ROUND11_FAULTS = ROUND11_TURNED_AWAY | {
    _SUBMITTED_FIRST_READ,
    _SUBMITTED_FIRST_READ_DAY,
    _THREAD_FIRST_WRITER,
    _THREAD_LATEST_WRITER,
    _PHONE_CUT,
    _PHONE_SHORT,
    _DURATION_32,
    _SIZE_64,
    _BLANK_LINES_DROPPED,
    _BLANK_LINES_TO_ONE,
    _ID_TAIL_LAST,
    _ID_TAIL_FIRST,
    _OPENING_UTC,
    _OPENING_RECEPTION,
    _LATEST_FOLLOW_UP,
    _CONVERSATION_START,
}

# Words a repeat-prescription rule looks for (not the reference tool's own medication words).
_MEDICINE = re.compile(r"repeat|prescription|medic|inhaler|tablet|\d\s?mg\b", re.IGNORECASE)
_WEEK = timedelta(days=7)
_WEEKLY_ALLOWANCE = 15  # a patient's requests in any 7 days, past which 429
_BUSY_HOUR = 60  # requests taken in one London clock hour, past which 503


def _who(r: RequestSubmission | ConsultationRequest) -> tuple[str, object]:
    return r.patient.family_name.casefold(), r.patient.date_of_birth


def turned_away(
    fault: str | None,
    sub: RequestSubmission,
    now: datetime,
    taken: Iterable[ConsultationRequest],
) -> tuple[int, str] | None:
    """(status, message) turning a core-hours request away, if the fault does; else None.

    `taken` is every request the tool holds. `medication-repeat-within-7-days`: a medication
    query from a patient who sent one in the 7 days before (409);
    `nhs-number-new-family-name-409` (and `-422`): an NHS number seen before under another
    family name (an identity match rule, 409 or 422); `patient-weekly-allowance-429`:
    a patient's requests past 15 in any 7 days (429); `busy-hour-503`: past 60 requests taken
    in the same London clock hour (503, "busy").
    """
    if fault not in ROUND11_TURNED_AWAY:
        return None
    recent = [r for r in taken if timedelta(0) <= now - r.submitted_at < _WEEK]
    if fault in (_NAME_MISMATCH_409, _NAME_MISMATCH_422):
        return _identity_refusal(fault, sub, taken)
    who = _who(sub)
    refused: tuple[int, str] | None = None
    if fault == _REPEAT_TOO_EARLY and _MEDICINE.search(sub.description):
        if any(_who(r) == who and _MEDICINE.search(r.description) for r in recent):
            refused = 409, "It is too early to request your repeat: please try again next week."
    elif fault == _WEEKLY_429:
        if sum(_who(r) == who for r in recent) >= _WEEKLY_ALLOWANCE:
            refused = 429, "You have sent a lot of requests this week: please call the practice."
    elif fault == _BUSY_503:
        hour = _hour(now)
        if sum(_hour(r.submitted_at) == hour for r in recent) >= _BUSY_HOUR:
            refused = 503, "We are busy: please try again in a few minutes."
    return refused


def _hour(instant: datetime) -> datetime:
    return instant.astimezone(CORE_HOURS.zone).replace(minute=0, second=0, microsecond=0)


def _identity_refusal(
    fault: str, sub: RequestSubmission, taken: Iterable[ConsultationRequest]
) -> tuple[int, str] | None:
    """An NHS number seen before under another family name, refused (409 or 422)."""
    number = sub.patient.nhs_number
    family = sub.patient.family_name.casefold()
    if number is None or not any(
        r.patient.nhs_number == number and r.patient.family_name.casefold() != family for r in taken
    ):
        return None
    status = 409 if fault == _NAME_MISMATCH_409 else 422
    return status, "Your details do not match our records: please call the practice."


def opening_shown(fault: str | None, opening: datetime) -> datetime:
    """The opening as the closed message words it (`next_opening` itself stays right).

    `closed-message-time-in-utc` formats it in UTC (07:00 for 08:00 in summer);
    `closed-message-says-reception-opens` says when reception opens, 08:30.
    """
    if fault == _OPENING_UTC:
        return opening.astimezone(timezone.utc)
    if fault == _OPENING_RECEPTION:
        return opening.replace(minute=30)
    return opening


def conversation_received_at(
    fault: str | None,
    status: RequestStatus,
    requests: Mapping[str, ConsultationRequest],
    status_of: Callable[[str], RequestStatus],
) -> RequestStatus:
    """A request's status with another received_at from its conversation, if the fault does.

    `status-received-at-of-latest-follow-up`: the latest follow-up's (a view built per
    conversation); `status-received-at-of-conversation-start`: a follow-up shows the
    received_at of the request it follows.
    """
    if fault == _LATEST_FOLLOW_UP:
        later = [ref for ref, r in requests.items() if r.follows_up == status.reference]
        if later:
            latest = max(later, key=lambda ref: requests[ref].submitted_at)
            return attrs.evolve(status, received_at=status_of(latest).received_at)
    if fault == _CONVERSATION_START:
        request = requests.get(status.reference)
        parent = None if request is None else request.follows_up
        if parent is not None and parent in requests:
            return attrs.evolve(status, received_at=status_of(parent).received_at)
    return status


def with_reference_tail(fault: str | None, keyed: str, reference: str) -> str:
    """A keyed record ID with the reference's end stuck on ("so support can find it").

    `usage-id-keyed-plus-reference-tail`: 24 characters of the keyed ID then the reference's
    last 6; `usage-id-reference-tail-then-keyed`: the last 7 letters and digits of the
    reference, lower-cased, a hyphen, then 20 of the keyed ID.
    """
    if fault == _ID_TAIL_LAST:
        return keyed[:24] + reference[-6:]
    if fault == _ID_TAIL_FIRST:
        bare = "".join(c for c in reference if c.isalnum()).lower()
        return f"{bare[-7:]}-{keyed[:20]}"
    return keyed


def paragraphs_shown(fault: str | None, seen: dict[str, Any]) -> None:
    """The practice's view with blank lines tidied, as a paragraph normaliser does.

    `collapses-blank-lines`: any run of line feeds becomes one (the blank line between two
    paragraphs is lost); `blank-line-runs-to-one`: two or more blank lines in a row become
    one (as Markdown renders them).
    """
    if fault == _BLANK_LINES_DROPPED:
        seen["description"] = re.sub(r"\n{2,}", "\n", seen["description"])
    elif fault == _BLANK_LINES_TO_ONE:
        seen["description"] = re.sub(r"\n{3,}", "\n\n", seen["description"])


def overflows(fault: str | None, path: str, body: bytes | None) -> bool:
    """Whether the body holds a number past the column the fault stores it in (a 500).

    `video-duration-beyond-32-bits-500`: POST /video/sessions with duration_minutes of
    2**31 or more; `photo-size-beyond-64-bits-500`: POST /requests with an attachment's
    size_bytes of 2**63 or more. The clean tool refuses either (400): above maximum.
    """
    if fault not in (_DURATION_32, _SIZE_64) or not body:
        return False
    try:  # the standard parser: it reads an integer past 64 bits as one (orjson: a float)
        data = json.loads(body)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    if fault == _DURATION_32 and path == "/video/sessions":
        value = data.get("duration_minutes")
        return isinstance(value, int) and value >= 2**31
    if fault == _SIZE_64 and path == "/requests":
        photos = data.get("attachments")
        return isinstance(photos, list) and any(
            isinstance(p, dict)
            and isinstance(p.get("size_bytes"), int)
            and p["size_bytes"] >= 2**63
            for p in photos
        )
    return False


def read(fault: str | None, body: bytes, schema: str) -> bytes:
    """A request body as a faulty reader hands it on: its phone number made to pass.

    `phone-cut-to-13-digits`: a request's phone of more than 13 digits loses the rest (an
    input box's maxlength, silently); `phone-9-digits-taken`: a phone of 9 digits is padded
    to 10 with a trailing 0 and taken.
    """
    if fault not in (_PHONE_CUT, _PHONE_SHORT) or schema != "RequestSubmission":
        return body
    try:
        data = json.loads(body)
    except ValueError:
        return body
    contact = data.get("contact") if isinstance(data, dict) else None
    if not isinstance(contact, dict) or not isinstance(contact.get("phone"), str):
        return body
    phone: str = contact["phone"]
    digits = sum(c.isdigit() for c in phone)
    if fault == _PHONE_CUT and digits > 13:
        kept, out = 0, []
        for c in phone:
            kept += c.isdigit()
            if not c.isdigit() or kept <= 13:
                out.append(c)
        contact["phone"] = "".join(out)
    elif fault == _PHONE_SHORT and digits == 9:
        contact["phone"] = phone + "0"
    else:
        return body
    return json.dumps(data).encode()


def thread_requesters(
    fault: str | None, thread: tuple[SecureMessage, ...]
) -> tuple[SecureMessage, ...]:
    """A thread whose patient-side messages all show one writer's requester (a thread column).

    `thread-requester-of-first-writer`: the first patient-side message's;
    `thread-requester-of-latest-writer`: the latest's.
    """
    if fault not in (_THREAD_FIRST_WRITER, _THREAD_LATEST_WRITER):
        return thread
    inbound = [m for m in thread if m.direction is MessageDirection.PATIENT_TO_PRACTICE]
    if not inbound:
        return thread
    writer = (inbound[0] if fault == _THREAD_FIRST_WRITER else inbound[-1]).requester
    return tuple(
        attrs.evolve(m, requester=writer)
        if m.direction is MessageDirection.PATIENT_TO_PRACTICE
        else m
        for m in thread
    )


def usage_submitted_at(fault: str | None, sent: datetime, first_read: datetime | None) -> datetime:
    """An OC record's submitted_at as an export from the practice's worklist dates it.

    `usage-submitted-at-first-practice-read`: when the practice first opened the request;
    `usage-dated-by-first-practice-read`: the time sent, on the day it was first opened.
    """
    if first_read is None:
        return sent
    if fault == _SUBMITTED_FIRST_READ:
        return first_read
    if fault == _SUBMITTED_FIRST_READ_DAY:
        day = first_read.astimezone(CORE_HOURS.zone).date()
        local = sent.astimezone(CORE_HOURS.zone)
        return local.replace(year=day.year, month=day.month, day=day.day).astimezone(timezone.utc)
    return sent
