"""Daily aggregates per practice, built in one pass over a stream of records.

Memory grows with practices x days (x request types), never with records: a
week of a million submissions across 7,000 practices keeps at most about
150,000 small counters. Days are Europe/London local dates, as in the
national statistics, so a submission at 23:30 UTC in summer counts on the
next day.

- Online consultation (`OcAggregator`): per practice, day and request type,
  the submissions and how many of them came outside core hours
  (`CoreHours.is_open_at`: 08:00 to 18:30 Monday to Friday, bank holidays
  excepted).
- Video consultation (`VcAggregator`): per practice and day of the scheduled
  start, `scheduled` counts every session booked for that day whatever its
  status (a cancelled session was still scheduled), `completed` those with
  status completed, and `total_minutes` the minutes of the completed ones
  (a completed session without a duration adds 0).

Only days and types that have records get a row; nothing is invented for the
empty ones. Rows come out sorted by practice, date and request type, so the
same records always give the same rows in the same order.

An aggregator can count while records flow on to a writer (`observe`), so
records and aggregates come from one pass over the input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

from gponline_sdk.models.consultation import RequestType, VideoSessionStatus
from gponline_sdk.models.identifiers import OdsCode
from gponline_sdk.models.schedule import CORE_HOURS, UK_TIMEZONE, CoreHours
from gponline_sdk.models.usage import OcAggregate, OcRecord, VcAggregate, VcRecord

__all__ = ["OcAggregator", "VcAggregator", "aggregate_oc", "aggregate_vc", "local_date"]

_LONDON = ZoneInfo(UK_TIMEZONE)
_TYPE_ORDER = {t: i for i, t in enumerate(RequestType)}


# The weekly build asks for the London date of the same instant up to four times
# (week filter, participation, aggregate, validation); a datetime caches its own
# hash, so every ask after the first is a dict hit instead of a zone conversion.
# Bounded: cleared whole when full (a week at one-second resolution is 604,800
# instants; the build walks events in any order, so no smarter eviction pays).
_LONDON_DATES: dict[datetime, date] = {}
_LONDON_DATES_MAX = 1 << 16


def local_date(instant: datetime) -> date:
    """The Europe/London calendar date of an aware instant."""
    day = _LONDON_DATES.get(instant)
    if day is None:
        day = instant.astimezone(_LONDON).date()
        if len(_LONDON_DATES) >= _LONDON_DATES_MAX:
            _LONDON_DATES.clear()
        _LONDON_DATES[instant] = day
    return day


class OcAggregator:
    """Counts online consultation records per practice, London date and request type.

    Args:
        core_hours: The hours outside which a submission counts as out of core hours.
    """

    def __init__(self, core_hours: CoreHours = CORE_HOURS) -> None:
        self.core_hours = core_hours
        self.records = 0
        # [submissions, out of core hours] per key: two ints, not a record list.
        self._counts: dict[tuple[OdsCode, date, RequestType], list[int]] = {}
        # Each local day's core-hours window as UTC timestamps (None when closed
        # all day), looked up once per day rather than once per record; the
        # same answer as `core_hours.is_open_at` (a property test holds them
        # together). Timestamps make the comparison exact across clock changes.
        self._windows: dict[date, tuple[float, float] | None] = {}
        self._zone = core_hours.zone
        self._london = core_hours.tz == UK_TIMEZONE

    def _window(self, day: date) -> tuple[float, float] | None:
        if day in self._windows:
            return self._windows[day]
        found = next(iter(self.core_hours.core_hours_windows(day, day)), None)
        window = None if found is None else (found[0].timestamp(), found[1].timestamp())
        self._windows[day] = window
        return window

    def is_open_at(self, instant: datetime) -> bool:
        """`core_hours.is_open_at(instant)`, from the per-day cache of windows."""
        window = self._window(instant.astimezone(self._zone).date())
        return window is not None and window[0] <= instant.timestamp() < window[1]

    def add(self, record: OcRecord) -> None:
        """Count one record."""
        instant = record.submitted_at
        day = local_date(instant)
        key = (record.practice_code, day, record.request_type)
        counts = self._counts.get(key)
        if counts is None:
            counts = self._counts[key] = [0, 0]
        counts[0] += 1
        if self._london:  # the usual case: the day is already known
            window = self._window(day)
            is_open = window is not None and window[0] <= instant.timestamp() < window[1]
        else:
            is_open = self.is_open_at(instant)
        if not is_open:
            counts[1] += 1
        self.records += 1

    def observe(self, records: Iterable[OcRecord]) -> Iterator[OcRecord]:
        """Pass records through unchanged, counting each as it goes by."""
        for record in records:
            self.add(record)
            yield record

    def rows(self) -> list[OcAggregate]:
        """The aggregate rows so far, sorted by practice, date and request type."""
        keys = sorted(self._counts, key=lambda k: (k[0], k[1], _TYPE_ORDER[k[2]]))
        return [
            OcAggregate(
                practice_code=practice,
                date=day,
                request_type=request_type,
                submissions=self._counts[(practice, day, request_type)][0],
                submissions_out_of_core_hours=self._counts[(practice, day, request_type)][1],
            )
            for practice, day, request_type in keys
        ]


class VcAggregator:
    """Counts video consultation records per practice and London date of the scheduled start."""

    def __init__(self) -> None:
        self.records = 0
        # [scheduled, completed, total minutes] per key.
        self._counts: dict[tuple[OdsCode, date], list[int]] = {}

    def add(self, record: VcRecord) -> None:
        """Count one record."""
        key = (record.practice_code, local_date(record.scheduled_start))
        counts = self._counts.get(key)
        if counts is None:
            counts = self._counts[key] = [0, 0, 0]
        counts[0] += 1
        if record.status is VideoSessionStatus.COMPLETED:
            counts[1] += 1
            counts[2] += record.duration_minutes or 0
        self.records += 1

    def observe(self, records: Iterable[VcRecord]) -> Iterator[VcRecord]:
        """Pass records through unchanged, counting each as it goes by."""
        for record in records:
            self.add(record)
            yield record

    def rows(self) -> list[VcAggregate]:
        """The aggregate rows so far, sorted by practice and date."""
        return [
            VcAggregate(
                practice_code=practice,
                date=day,
                scheduled=counts[0],
                completed=counts[1],
                total_minutes=counts[2],
            )
            for (practice, day), counts in sorted(self._counts.items())
        ]


def aggregate_oc(
    records: Iterable[OcRecord], core_hours: CoreHours = CORE_HOURS
) -> list[OcAggregate]:
    """Aggregate online consultation records per practice, day and request type (one pass).

    >>> from datetime import datetime, timezone
    >>> from gponline_sdk.models import OcRecord, RequestType, RequesterRole
    >>> evening = datetime(2026, 11, 16, 19, 0, tzinfo=timezone.utc)
    >>> rows = aggregate_oc([OcRecord(record_id="0" * 32, practice_code="A81001",
    ...     submitted_at=evening, request_type=RequestType.CLINICAL,
    ...     requester_role=RequesterRole.PATIENT)])
    >>> rows[0].submissions, rows[0].submissions_out_of_core_hours
    (1, 1)
    """
    aggregator = OcAggregator(core_hours)
    for record in records:
        aggregator.add(record)
    return aggregator.rows()


def aggregate_vc(records: Iterable[VcRecord]) -> list[VcAggregate]:
    """Aggregate video consultation records per practice and day (one pass)."""
    aggregator = VcAggregator()
    for record in records:
        aggregator.add(record)
    return aggregator.rows()
