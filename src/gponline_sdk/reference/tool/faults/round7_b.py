"""The reference tool's round-7 (part B) fault modes: video bookings, references, contacts.

Each function answers, for a tool with fault `fault`, what the clean tool never does: a
session that would run past 18:30 refused, a session at the tool's now refused, a
second booking of one start and length replacing the first, references read in
capitals, an update's ethnicity read from the last update written, an email cut to 128
characters. The clean tool gets its input back unchanged (or None) from each.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs

from gponline_sdk.errors import Problem
from gponline_sdk.models import CORE_HOURS, ContactDetailsUpdate, VideoSession

__all__ = [
    "EMAIL_CUT_AT",
    "ROUND7B_FAULTS",
    "booking_refusal",
    "contact_shown",
    "path_reference",
    "rebooked",
]

_OVERRUN = "video-refuses-overrunning-close"
_AT_NOW = "video-refuses-start-at-now"
_REBOOK = "video-rebook-replaces-earlier"
_UPPER = "path-references-uppercased"
_LAST_ETHNICITY = "contact-ethnicity-last-written"
_EMAIL_128 = "contact-email-cut-at-128"
ROUND7B_FAULTS = frozenset({_OVERRUN, _AT_NOW, _REBOOK, _UPPER, _LAST_ETHNICITY, _EMAIL_128})
"""The fault modes this module implements (usage ones are in `usage_export`)."""

EMAIL_CUT_AT = 128
"""Where fault contact-email-cut-at-128 cuts an email (a VARCHAR(128) column)."""


def booking_refusal(
    fault: str | None, start: datetime, minutes: int, now: datetime
) -> Problem | None:
    """The problem a tool with fault `fault` finds in a valid booking, if any."""
    if fault == _AT_NOW and start <= now:
        # "Not in the past" written as "after now": a session starting now is refused.
        return Problem(location="$.scheduled_start", message="must be after the current time")
    if fault == _OVERRUN and CORE_HOURS.is_open_at(start):
        end = (start + timedelta(minutes=minutes)).astimezone(CORE_HOURS.zone)
        close = datetime.combine(end.date(), CORE_HOURS.end, tzinfo=CORE_HOURS.zone)
        if end > close:
            return Problem(location="$.duration_minutes", message="the clinic closes at 18:30")
    return None


def rebooked(fault: str | None, session: VideoSession, held: dict[str, VideoSession]) -> None:
    """Drop from `held` what a new `session` replaces (fault: one session per start, length)."""
    if fault != _REBOOK:
        return
    for reference, earlier in list(held.items()):
        if (earlier.scheduled_start, earlier.duration_minutes) == (
            session.scheduled_start,
            session.duration_minutes,
        ):
            del held[reference]  # the slot holds the newest booking; the first answers 404


def path_reference(fault: str | None, reference: str) -> str:
    """A reference in the path as the tool looks it up (fault: upper-cased first)."""
    return reference.upper() if fault == _UPPER else reference


def contact_shown(
    fault: str | None, update: ContactDetailsUpdate, held: Mapping[str, ContactDetailsUpdate]
) -> ContactDetailsUpdate:
    """A contact details update as the practice sees it under fault `fault`."""
    if fault == _LAST_ETHNICITY and held:
        # The view joins a one-row cache of the last update written, whoever it was for.
        return attrs.evolve(update, ethnicity=list(held.values())[-1].ethnicity)
    if fault == _EMAIL_128 and update.contact.email and len(update.contact.email) > EMAIL_CUT_AT:
        with attrs.validators.disabled():
            contact = attrs.evolve(update.contact, email=update.contact.email[:EMAIL_CUT_AT])
        return attrs.evolve(update, contact=contact)
    return update
