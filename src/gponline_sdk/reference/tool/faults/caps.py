"""The reference tool's fault modes for caps keyed on an attribute, and acknowledgements under load.

Each function answers, for a tool with fault `fault`, what the clean tool never
does: refuse a request because too many today share its household, its
proxy, its words or the lack of an NHS number; promise a queue estimate that
drifts past the day; promise a follow-up the next working day; or drop the
time from an acknowledgement once the day is busy. The clean tool gets None
(or its own answer back) from each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.models import CORE_HOURS, ConsultationRequest, RequestCategory, RequesterRole

__all__ = ["CAP_FAULTS", "ack_message", "refuses", "respond_by"]

_Key = Callable[[RequestSubmission | ConsultationRequest], object]


def _household(r: RequestSubmission | ConsultationRequest) -> object:
    lines = r.contact.address_lines
    return (lines[0], r.contact.postcode) if lines and r.contact.postcode else None


def _no_number(r: RequestSubmission | ConsultationRequest) -> object:
    return True if r.patient.nhs_number is None else None


def _words(r: RequestSubmission | ConsultationRequest) -> object:
    return r.description


def _proxy(r: RequestSubmission | ConsultationRequest) -> object:
    return r.requester.proxy_name if r.requester.role is RequesterRole.PROXY else None


# fault -> (what the cap counts, how many a day it takes). None: the request is not counted.
CAP_FAULTS: dict[str, tuple[_Key, int]] = {
    "caps-per-household": (_household, 10),
    "caps-without-nhs-number": (_no_number, 30),
    "caps-same-words": (_words, 8),
    "caps-per-proxy": (_proxy, 12),
}
_QUEUE_MINUTES = 2  # fault respond-by-queue-drift: the minutes each waiting request adds
_BUSY_DAY = 100  # fault ack-degrades-under-load: requests in a day before the template times out
_EVERY = 25  # ... and then every 25th acknowledgement loses its time


def refuses(
    fault: str | None, sub: RequestSubmission, day: date, held: Iterable[ConsultationRequest]
) -> bool:
    """Whether the fault's cap on requests sharing `sub`'s value is reached on `day`."""
    if fault not in CAP_FAULTS:
        return False
    key, limit = CAP_FAULTS[fault]
    value = key(sub)
    if value is None:
        return False
    same = sum(
        1
        for r in held
        if r.submitted_at.astimezone(CORE_HOURS.zone).date() == day and key(r) == value
    )
    return same >= limit


def respond_by(
    fault: str | None, sub: RequestSubmission, now: datetime, due: datetime, waiting: int
) -> datetime:
    """The respond_by a faulty tool promises instead of `due` (`waiting`: accepted before today)."""
    if fault == "respond-by-queue-drift":
        # A queue estimate: minutes per request already waiting, never capped at closing.
        return now + timedelta(minutes=_QUEUE_MINUTES * waiting)
    if fault == "follow-up-respond-by-later" and sub.category is RequestCategory.FOLLOW_UP:
        # "Follow-ups go to the back of the queue": the next working day's closing time.
        next_day = CORE_HOURS.next_opening(due + timedelta(minutes=1))
        return datetime.combine(next_day.date(), CORE_HOURS.end, tzinfo=CORE_HOURS.zone)
    return due


def ack_message(fault: str | None, message: str, today: int) -> str:
    """The acknowledgement's words; fault ack-degrades-under-load drops the time when busy.

    `today` counts the day's accepted requests, this one included.
    """
    if fault == "ack-degrades-under-load" and today > _BUSY_DAY and today % _EVERY == 0:
        # A template service that times out under load: the fallback says thanks only.
        return "Thank you for your request."
    return message
