"""The reference tool's round-8 (part A) fault modes: hours, caps, NHS 111, outcomes, status.

Each function answers, for a tool with fault `fault`, what the clean tool never does: a
short closure on one weekday, a year's first working day closed, a cap limited to a time
of day or to a contact preference, a late opening after a busy day, a patient turned away
to NHS 111 for what they said before, a reference misquoted, an outcome cut short or
written on another request, a status that goes after a month. The six-minute Tuesday
closure is `hours`' (`_CLOSURES`), and the year's first working day its calendar's
(`_WORKING`). The clean tool gets False (or None, or its input unchanged) from each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import attrs

from gponline_sdk.conformance.contract import OutcomeSubmission, RequestSubmission
from gponline_sdk.models import (
    CORE_HOURS,
    ConsultationRequest,
    ContactMethod,
    OutcomeKind,
    RequesterRole,
    RequestType,
    is_working_day,
)

__all__ = [
    "ROUND8A_FAULTS",
    "ack_message",
    "capped",
    "closed_after_busy",
    "outcome_message",
    "overwritten",
    "sent_to_111",
    "status_expired",
]

ROUND8A_FAULTS = frozenset(
    {
        "closed-tuesday-1137-6-minutes",
        "closed-first-working-day-of-year",
        "ack-reference-spaced",
        "outcome-message-cut-1600",
        "outcome-proxy-overwrites-patient",
        "status-404-after-30-days",
        "same-day-words-to-111",
        "refuses-after-pharmacy-outcome",
        "caps-first-half-hour-100",
        "caps-phone-preferred-100",
        "closed-0810-after-busy-day",
    }
)
"""The fault modes this module implements (the closures through `hours`)."""

_CAP = 100  # caps-first-half-hour-100, caps-phone-preferred-100: a day's (or window's) limit
_FIRST_HALF_HOUR = (time(8, 0), time(8, 30))  # reception's "morning rush" throttle
_BUSY = 800  # closed-0810-after-busy-day: requests in a day that make the backup overrun
_BACKUP = (time(8, 10), time(8, 25))  # ... and when the form is shut the next working day
_CUT = 1_600  # outcome-message-cut-1600: a VARCHAR(1600) column
_KEPT = timedelta(days=30)  # status-404-after-30-days: a month's retention


def ack_message(fault: str | None, message: str, reference: str) -> str:
    """The acknowledgement's words: with the fault, its reference quoted with spaces."""
    if fault != "ack-reference-spaced":
        return message
    # A template that formats the reference for reading aloud on the phone.
    return f"{message} Your reference is {reference.replace('-', ' ')}."


def outcome_message(fault: str | None, sub: OutcomeSubmission) -> OutcomeSubmission:
    """The outcome as stored: with the fault, its message cut to a column's width."""
    if fault != "outcome-message-cut-1600" or len(sub.message) <= _CUT:
        return sub
    return attrs.evolve(sub, message=sub.message[:_CUT])


def overwritten(
    fault: str | None,
    reference: str,
    requests: dict[str, ConsultationRequest],
    triaged: set[str],
) -> list[str]:
    """The other requests a proxy's outcome is also written on (the patient's triaged ones)."""
    request = requests.get(reference)
    if (
        fault != "outcome-proxy-overwrites-patient"
        or request is None
        or request.requester.role is not RequesterRole.PROXY
    ):
        return []
    who = (request.patient.family_name, request.patient.date_of_birth)
    return [
        ref
        for ref, other in requests.items()
        if ref != reference
        and ref in triaged
        and (other.patient.family_name, other.patient.date_of_birth) == who
    ]


def status_expired(fault: str | None, request: ConsultationRequest | None, now: datetime) -> bool:
    """Whether the patient's status of `request` is gone (404) at `now`: a month's retention."""
    return (
        fault == "status-404-after-30-days"
        and request is not None
        and now - request.submitted_at > _KEPT
    )


# A keyword triage that takes a patient's wish to be seen soon for an emergency.
_SAME_DAY = re.compile(r"\b(same day|this morning|straight away)\b", re.IGNORECASE)


def sent_to_111(
    fault: str | None,
    sub: RequestSubmission,
    now: datetime,
    requests: dict[str, ConsultationRequest],
    outcome_of: Callable[[str], OutcomeKind | None],
) -> str | None:
    """The 409 message turning a core-hours clinical request away to NHS 111, if the fault does.

    same-day-words-to-111: its words ask for the same day; refuses-after-pharmacy-outcome:
    the practice signposted one of the patient's requests today to a pharmacy.
    """
    if sub.category.request_type is not RequestType.CLINICAL:
        return None
    if fault == "same-day-words-to-111" and _SAME_DAY.search(sub.description):
        return "You need help quickly: please use NHS 111 online (https://111.nhs.uk/)."
    if fault != "refuses-after-pharmacy-outcome":
        return None
    today = now.astimezone(CORE_HOURS.zone).date()
    who = (sub.patient.family_name, sub.patient.date_of_birth)
    for ref, r in requests.items():
        if (
            (r.patient.family_name, r.patient.date_of_birth) == who
            and r.submitted_at.astimezone(CORE_HOURS.zone).date() == today
            and outcome_of(ref) is OutcomeKind.SIGNPOSTED_PHARMACY
        ):
            return "Your pharmacist can help today: please see them, or use NHS 111 online."
    return None


def capped(
    fault: str | None,
    sub: RequestSubmission,
    now: datetime,
    requests: dict[str, ConsultationRequest],
) -> bool:
    """Whether a round-8 cap refuses `sub` at `now`: one in a time window, or on a preference."""
    if fault not in ("caps-first-half-hour-100", "caps-phone-preferred-100"):
        return False  # before the scan: it reads every request, on every request
    local = now.astimezone(CORE_HOURS.zone)
    today = [
        r
        for r in requests.values()
        if r.submitted_at.astimezone(CORE_HOURS.zone).date() == local.date()
    ]
    if fault == "caps-first-half-hour-100":
        start, end = _FIRST_HALF_HOUR
        if not start <= local.time() < end:
            return False
        inside = [
            r for r in today if start <= r.submitted_at.astimezone(CORE_HOURS.zone).time() < end
        ]
        return len(inside) >= _CAP
    if fault == "caps-phone-preferred-100" and sub.contact.preferred is ContactMethod.PHONE:
        return sum(r.contact.preferred is ContactMethod.PHONE for r in today) >= _CAP
    return False


def closed_after_busy(fault: str | None, local: datetime, per_day: dict[date, int]) -> bool:
    """Whether the form is shut at `local`: the backup after a busy working day still runs."""
    if fault != "closed-0810-after-busy-day" or not _BACKUP[0] <= local.time() < _BACKUP[1]:
        return False
    before = local.date() - timedelta(days=1)
    while not is_working_day(before):
        before -= timedelta(days=1)
    return per_day.get(before, 0) >= _BUSY
