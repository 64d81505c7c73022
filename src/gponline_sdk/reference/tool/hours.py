"""The reference tool's hours and caps fault modes, kept apart from `app`.

Each is a defect a real tool has shipped with: a daily or weekly closure inside
core hours, a bank-holiday calendar that is wrong or forgotten, a fixed cap.
`ReferenceTool` asks `closure`, `working_day` and `next_opening` about its
fault; with no fault (or another one) they answer as the SDK's calendar does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.errors import Problem
from gponline_sdk.models import (
    CORE_HOURS,
    Channel,
    RequestCategory,
    is_bank_holiday,
    is_working_day,
)
from gponline_sdk.models._bank_holidays import easter_sunday

__all__ = [
    "Caps",
    "Replays",
    "closure",
    "declared_categories",
    "declared_channels",
    "evict",
    "next_opening",
    "redirects",
    "working_day",
]

# Fault -> (weekdays it applies to, closes at, reopens at), London wall-clock times.
_CLOSURES: dict[str, tuple[frozenset[int], time, time]] = {
    "closed-15-to-16-daily": (frozenset(range(5)), time(15, 0), time(16, 0)),
    "closed-thursday-afternoons": (frozenset({3}), time(13, 0), CORE_HOURS.end),
    "weekly-maintenance-window": (frozenset({2}), time(17, 45), time(18, 0)),
    # Round 7: a one-minute closure (a daily job's lock) and half a minute at a round hour.
    "closed-1643-one-minute": (frozenset(range(5)), time(16, 43), time(16, 44)),
    "closed-1700-30-seconds": (frozenset(range(5)), time(17, 0), time(17, 0, 30)),
    # Round 8: six minutes on Tuesdays only (a weekly index rebuild).
    "closed-tuesday-1137-6-minutes": (frozenset({1}), time(11, 37), time(11, 43)),
}
_DAILY_CAP = 50
_CATEGORY_CAP = 25
_PATIENT_CAP = 6  # the usage checks send five from one patient on one day
# Per-day counters too small for a busy day: one byte, and a reference's three digits.
_OVERFLOWS = {"day-counter-overflows-at-256": 256, "day-sequence-overflows-at-1000": 1_000}
_REPLAY_WINDOW = timedelta(minutes=5)


def _at(d: date, t: time) -> datetime:
    return datetime.combine(d, t, tzinfo=CORE_HOURS.zone)


def closure(fault: str | None, local: datetime) -> datetime | None:
    """When the form reopens, if the fault closes it at `local` (a working day's core hours)."""
    if fault not in _CLOSURES or not CORE_HOURS.is_open_at(local):
        return None
    days, start, end = _CLOSURES[fault]
    if local.weekday() in days and start <= local.time() < end:
        return CORE_HOURS.next_opening(_at(local.date(), end))
    return None


def _easter_monday_works(d: date) -> bool:
    return is_working_day(d) or d == easter_sunday(d.year) + timedelta(days=1)


def _only_2026_holidays(d: date) -> bool:
    # A holiday table typed in for one year and never extended.
    return d.weekday() < 5 and not (d.year == 2026 and is_bank_holiday(d))


def _closed_first_working_day(d: date) -> bool:
    # A year-start close (the new year's tables loaded on its first working day).
    first = date(d.year, 1, 1)
    while not is_working_day(first):
        first += timedelta(days=1)
    return is_working_day(d) and d != first


def _weekdays(d: date) -> bool:
    return d.weekday() < 5


def _every_day(_: date) -> bool:
    return True


_WORKING: dict[str, Callable[[date], bool]] = {
    "easter-monday-open": _easter_monday_works,
    "bank-holidays-2026-only": _only_2026_holidays,
    "closed-first-working-day-of-year": _closed_first_working_day,  # round 8
}
# Faults whose next opening is reckoned with another calendar than their opening hours.
_NEXT: dict[str, Callable[[date], bool]] = {
    **_WORKING,
    "next-opening-ignores-bank-holidays": _weekdays,
    "next-opening-tomorrow": _every_day,
}


def working_day(fault: str | None, d: date) -> bool | None:
    """Whether the fault's calendar opens on `d`, or None where it keeps the SDK's calendar."""
    rule = _WORKING.get(fault or "")
    return None if rule is None else rule(d)


def next_opening(fault: str | None, local: datetime) -> datetime | None:
    """The next opening the fault names at a closed instant, or None for the right one."""
    rule = _NEXT.get(fault or "")
    if rule is None:
        return None
    day = local.date()
    if rule(day) and local.time() < CORE_HOURS.start:
        return _at(day, CORE_HOURS.start)
    day += timedelta(days=1)
    while not rule(day):
        day += timedelta(days=1)
    return _at(day, CORE_HOURS.start)


class Caps:
    """Counts of accepted requests, per day, per day and category, per day and patient."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[object, ...]] = Counter()

    @staticmethod
    def _keys(sub: RequestSubmission, day: date) -> dict[str, tuple[object, ...]]:
        category: RequestCategory = sub.category
        return {
            "caps-requests-at-50": (day,),
            "caps-per-category": (day, category),
            "caps-per-patient": (day, sub.patient.family_name, sub.patient.date_of_birth),
        }

    def refuses(self, fault: str | None, sub: RequestSubmission, day: date) -> bool:
        """Whether the fault's cap is reached for this request on `day`."""
        limits = {
            "caps-requests-at-50": _DAILY_CAP,
            "caps-per-category": _CATEGORY_CAP,
            "caps-per-patient": _PATIENT_CAP,
        }
        if fault not in limits:
            return False
        key: tuple[object, ...] = (fault, *self._keys(sub, day)[fault])
        return self._counts[key] >= limits[fault]

    def overflows(self, fault: str | None, day: date) -> bool:
        """Whether the fault's per-day counter overflows on the day's next request (a 500)."""
        limit = _OVERFLOWS.get(fault or "")
        return limit is not None and self._counts[("caps-requests-at-50", day)] + 1 >= limit

    def count(self, sub: RequestSubmission, day: date) -> None:
        """Count an accepted request."""
        for fault, key in self._keys(sub, day).items():
            counted: tuple[object, ...] = (fault, *key)
            self._counts[counted] += 1


class Replays:
    """Faults that answer a request with an earlier one's acknowledgement (201, same reference).

    replays-identical-requests: an "idempotent" POST keyed by its body;
    replays-same-words: a "spam filter" that takes another patient's request
    in the same words for a copy. Both look back five minutes; either way the
    request sent on purpose is lost.
    """

    _FAULTS: ClassVar[frozenset[str]] = frozenset(
        {"replays-identical-requests", "replays-same-words"}
    )

    def __init__(self) -> None:
        self._seen: dict[bytes, tuple[datetime, bytes, str]] = {}

    @staticmethod
    def _key(fault: str | None, body: bytes, sub: RequestSubmission) -> bytes:
        return sub.description.encode() if fault == "replays-same-words" else body

    @staticmethod
    def _sender(sub: RequestSubmission) -> str:
        return f"{sub.patient.family_name}|{sub.patient.date_of_birth}"

    def replayed(
        self, fault: str | None, body: bytes, now: datetime, sub: RequestSubmission
    ) -> bytes | None:
        """The earlier answer to this request, if the fault replays it at `now`."""
        if fault not in self._FAULTS:
            return None
        earlier = self._seen.get(self._key(fault, body, sub))
        if earlier is None or not timedelta(0) <= now - earlier[0] <= _REPLAY_WINDOW:
            return None
        if fault == "replays-same-words" and earlier[2] == self._sender(sub):
            return None  # the filter lets a patient's own repeat through
        return earlier[1]

    def remember(
        self, fault: str | None, body: bytes, now: datetime, answer: bytes, sub: RequestSubmission
    ) -> None:
        """Keep the answer to an accepted request (only the faults keep any)."""
        if fault in self._FAULTS:
            self._seen[self._key(fault, body, sub)] = (now, answer, self._sender(sub))


# -- issue 8 round 4: capabilities, redirects and retention faults (kept here, out of `app`) --

# One fault per required value, e.g. capabilities-omit-follow-up; contact_details_update's
# fault (capabilities-omit-contact-channel) is `views.channels`'.
_UNDECLARED_CATEGORIES = {
    f"capabilities-omit-{c.value.replace('_', '-')}": c.value for c in RequestCategory
}
_UNDECLARED_CHANNELS = {
    f"capabilities-omit-{c.value.replace('_', '-')}": c.value
    for c in Channel
    if c is not Channel.CONTACT_DETAILS_UPDATE
}
# Fault -> London wall-clock window in which /availability names NHS 111 while open.
_REDIRECT_WINDOWS = {"redirect-url-at-lunch": (time(12, 30), time(12, 45))}
_KEPT = {"inbox-keeps-newest-1024": 1_024}


# A tool that offers only what the regulations require (OC-CAT-01/05/06), not NHS England's
# three further categories (SHOULDs): it neither lists nor takes them.
_MUST_ONLY = "offers-only-must-categories"
_SHOULD_CATEGORIES = frozenset(
    {RequestCategory.DESCRIBE_SYMPTOMS, RequestCategory.ASK_QUESTION, RequestCategory.FOLLOW_UP}
)


def declared_categories(fault: str | None) -> frozenset[RequestCategory]:
    """The request categories the tool declares: all, but those a capabilities fault omits."""
    if fault == _MUST_ONLY:
        return frozenset(RequestCategory) - _SHOULD_CATEGORIES
    left_out = _UNDECLARED_CATEGORIES.get(fault or "")
    return frozenset(c for c in RequestCategory if c.value != left_out)


def category_refusal(fault: str | None, sub: RequestSubmission) -> Problem | None:
    """A 400's problem for a category the tool does not offer (`offers-only-must-categories`)."""
    if fault == _MUST_ONLY and sub.category in _SHOULD_CATEGORIES:
        return Problem(location="$.category", message=f"{sub.category.value} is not offered")
    return None


def declared_channels(fault: str | None, channels: frozenset[Channel]) -> frozenset[Channel]:
    """`channels` less the one a capabilities fault leaves out (a tool that 'has no video')."""
    left_out = _UNDECLARED_CHANNELS.get(fault or "")
    return frozenset(c for c in channels if c.value != left_out)


def redirects(fault: str | None, local: datetime) -> bool:
    """Whether the fault sets redirect_url at `local` (London time) while the form is open."""
    window = _REDIRECT_WINDOWS.get(fault or "")
    return window is not None and window[0] <= local.time() < window[1]


def evict(fault: str | None, requests: dict[str, Any]) -> None:
    """A ring-buffer inbox: past its size, the oldest accepted request is silently lost."""
    size = _KEPT.get(fault or "")
    while size is not None and len(requests) > size:
        del requests[next(iter(requests))]  # dicts keep insertion order: the oldest first
