"""The reference tool's round-10 fault modes: photos paused in core hours, video at clock changes.

The ninth outside set left three defects uncaught: an upload service that refuses photos for
a quarter of an hour every working day, a video diary that makes the autumn change's repeated
hour one hour, and a join window that compares a date in UTC with a date in London. These
faults break the same requirements in other ways (another window, one weekday only, the
repeated hour resolved the other way, the dates compared the other way round), so that the
checks are proved on more than the variants they were written after. The clean tool gets
None (or its input) from each function.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime, time, timezone

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.errors import Problem
from gponline_sdk.models import CORE_HOURS, is_working_day

__all__ = ["ROUND10_FAULTS", "join_refusal", "photo_pause", "session_reference", "stored_start"]

_PHOTOS_DAILY = "photos-paused-1600-1615"
_PHOTOS_WEDNESDAY = "photos-paused-wednesday-1035-1100"
_FOLD_FIRST = "video-fold-kept-as-first"
_FOLD_SECOND = "video-fold-kept-as-second"
_JOIN_UTC_TODAY = "video-join-window-utc-today"
_JOIN_UTC_START = "video-join-window-utc-start-date"
_VIDEO_FOLDED = "video-lookup-lookalikes-folded"
ROUND10_FAULTS = frozenset(
    {
        _PHOTOS_DAILY,
        _PHOTOS_WEDNESDAY,
        _FOLD_FIRST,
        _FOLD_SECOND,
        _JOIN_UTC_TODAY,
        _JOIN_UTC_START,
        _VIDEO_FOLDED,
    }
)

# Fault -> (weekday or None for every working day, first minute, end): photos paused then.
_PAUSES = {
    _PHOTOS_DAILY: (None, time(16, 0), time(16, 15)),
    _PHOTOS_WEDNESDAY: (2, time(10, 35), time(11, 0)),
}


def photo_pause(fault: str | None, sub: RequestSubmission, now: datetime) -> str | None:
    """The 409 message refusing a request with a photo while the upload service is paused.

    The clean tool takes a request with a photo at any instant of core hours (AV-CORE-01).
    """
    pause = _PAUSES.get(fault or "")
    if pause is None or not sub.attachments:
        return None
    weekday, first, end = pause
    local = now.astimezone(CORE_HOURS.zone)
    if not is_working_day(local.date()) or weekday not in (None, local.weekday()):
        return None
    if not first <= local.time() < end:
        return None
    return "Photo uploads are paused for a few minutes: please try again shortly."


def stored_start(fault: str | None, start: datetime) -> datetime:
    """A video session's start as a diary keeping London wall-clock times stores it.

    In the autumn change's repeated hour one wall-clock time is two instants: the fault
    `video-fold-kept-as-first` keeps the first (an hour early for a start sent in GMT),
    `video-fold-kept-as-second` the second (an hour late for a start sent in BST).
    """
    if fault not in (_FOLD_FIRST, _FOLD_SECOND):
        return start
    wall = start.astimezone(CORE_HOURS.zone)
    if wall.replace(fold=0).utcoffset() == wall.replace(fold=1).utcoffset():
        return start  # not in the repeated hour: one instant only
    return wall.replace(fold=0 if fault == _FOLD_FIRST else 1).astimezone(timezone.utc)


def join_refusal(fault: str | None, start: datetime, now: datetime) -> Problem | None:
    """A join refused as "not today" by a window that mixes UTC and London dates.

    `video-join-window-utc-today` compares today's date in UTC with the session's London
    date; `video-join-window-utc-start-date` today's London date with the start's UTC
    date. Either refuses a session starting between 00:00 and 01:00 BST at its start.
    """
    if fault == _JOIN_UTC_TODAY:
        today, day = now.astimezone(timezone.utc).date(), start.astimezone(CORE_HOURS.zone).date()
    elif fault == _JOIN_UTC_START:
        today, day = now.astimezone(CORE_HOURS.zone).date(), start.astimezone(timezone.utc).date()
    else:
        return None
    if today == day:
        return None
    return Problem(location="$.participant", message="this consultation is not today")


# Crockford-style reading of a reference typed from a letter: case folded, O read as 0,
# I and L read as 1.
_CROCKFORD = str.maketrans("OIL", "011")


def session_reference(fault: str | None, reference: str, known: Container[str]) -> str:
    """The session reference a lookup folding look-alikes finds for `reference`.

    The fault `video-lookup-lookalikes-folded` reads a reference as Crockford's base 32
    does (case folded, O as 0, I and L as 1), so a look-alike of a session's reference
    finds that session; references are exact (contract 2.4.0 [SDK]).
    """
    if fault != _VIDEO_FOLDED or reference in known:
        return reference
    folded = reference.upper().translate(_CROCKFORD)
    return folded if folded in known else reference
