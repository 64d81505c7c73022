"""The reference tool's round-12 fault modes, after the eleventh outside set's misses.

Each comes in a pair, the set's defect and another way to break the same rule:

- the closed message names a date that is not the next opening's (`next_opening` itself
  right): tomorrow's, in words; or today's, as a number;
- an acknowledgement offers NHS 111 to children's requests only, without a condition:
  every request for a patient under 16; or clinical requests for babies under 2;
- a thread shows messages of other threads about the same request: joined on any
  message's about_request; or every whole thread whose first message is about it.

The clean tool gets its input back (or nothing added) from each function.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.models import CORE_HOURS, RequestType, SecureMessage

__all__ = ["ROUND12_FAULTS", "child_111_line", "opening_date_words", "thread_joined"]

_DATE_TOMORROW = "closed-message-date-of-tomorrow"
_DATE_TODAY_NUMERIC = "closed-message-date-of-today-numeric"
_CHILD_111 = "ack-111-line-for-children"
_BABY_111 = "ack-111-for-babies-clinical"
_JOIN_ANY = "thread-joined-on-about-request"
_JOIN_FIRST = "thread-joined-on-first-about-request"
ROUND12_FAULTS = frozenset(
    {_DATE_TOMORROW, _DATE_TODAY_NUMERIC, _CHILD_111, _BABY_111, _JOIN_ANY, _JOIN_FIRST}
)


def opening_date_words(fault: str | None, opening: datetime, weekday: date, now: datetime) -> str:
    """The date the closed message names for `opening` (`weekday`: the day whose name it uses).

    `closed-message-date-of-tomorrow` fills it from a second computation, now + 1 day
    ("Saturday 28 November" on a Friday evening); `closed-message-date-of-today-numeric`
    writes today's date as numbers ("27/11/2026").
    """
    today = now.astimezone(CORE_HOURS.zone).date()
    if fault == _DATE_TOMORROW:
        tomorrow = today + timedelta(days=1)
        return f"{tomorrow:%A} {tomorrow:%d %B}"
    if fault == _DATE_TODAY_NUMERIC:
        return f"{today:%d/%m/%Y}"
    return f"{weekday:%A} {opening:%d %B}"


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def child_111_line(fault: str | None, sub: RequestSubmission, now: datetime) -> str:
    """A sentence the acknowledgement ends with for a child's request, if the fault adds one."""
    on = now.astimezone(CORE_HOURS.zone).date()
    age = _age(sub.patient.date_of_birth, on)
    if fault == _CHILD_111 and age < 16:
        return " For children, please call NHS 111 for advice."
    clinical = sub.category.request_type is RequestType.CLINICAL
    if fault == _BABY_111 and age < 2 and clinical:
        return " Babies under 2 should be seen through NHS 111: please call 111."
    return ""


def thread_joined(
    fault: str | None,
    messages: tuple[SecureMessage, ...],
    every: Mapping[str, SecureMessage],
    root_of: Mapping[str, str],
) -> tuple[SecureMessage, ...]:
    """The thread `messages` as a faulty tool shows it (`every`: all messages, in order)."""
    if fault == _JOIN_ANY:
        # A view joined on the thread OR on the request any of its messages is about.
        abouts = {m.about_request for m in messages} - {None}
        held = {m.reference for m in messages}
        return tuple(m for m in every.values() if m.reference in held or m.about_request in abouts)
    if fault == _JOIN_FIRST and messages:
        # The conversation is keyed on the request its first message names: every thread
        # started about that request is shown whole.
        about = messages[0].about_request
        if about is not None:
            roots = {r for r, m in every.items() if root_of[r] == r and m.about_request == about}
            return tuple(m for r, m in every.items() if root_of[r] in roots)
    return messages
