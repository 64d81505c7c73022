"""Time rules of the GP contract and the national collection.

- Bank holidays in England and Wales (`england_bank_holidays`, `is_bank_holiday`).
- Core hours: 08:00 to 18:30 (18:30 excluded), Monday to Friday, Europe/London
  local time, bank holidays excepted (`CoreHours`, `CORE_HOURS`).
- The weekly reporting period: Monday to Sunday in UK local dates, sent on the
  Monday after, or the next working day when that Monday is a bank holiday
  (`ReportingPeriod`).

Every instant taken or returned is timezone-aware; a naive datetime is refused
with a `ValidationError`, because guessing its zone would shift it by an hour
for half the year.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from gponline_sdk.models import _validators as _v
from gponline_sdk.models._bank_holidays import (
    FIRST_YEAR,
    LAST_YEAR,
    england_bank_holidays,
    is_bank_holiday,
)
from gponline_sdk.models.period import (
    _ONE_DAY,
    UK_TIMEZONE,
    ReportingPeriod,
    _fail,
    _next_working_day,
    _require_aware,
    _require_date,
    is_working_day,
)

__all__ = [
    "CORE_HOURS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "UK_TIMEZONE",
    "CoreHours",
    "ReportingPeriod",
    "england_bank_holidays",
    "is_bank_holiday",
    "is_working_day",
]


@_v.states(format="iana-time-zone")
def _zone(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise _fail(attribute.name, f"expected an IANA zone name, got {type(value).__name__}")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(attribute.name, "not a known IANA time zone name") from None


@_v.states()  # the time's pattern has no offset
def _naive_time(_: object, attribute: attrs.Attribute[time], value: object) -> None:
    if not isinstance(value, time):
        raise _fail(attribute.name, f"expected a time, got {type(value).__name__}")
    if value.tzinfo is not None:
        raise _fail(attribute.name, "must be a local wall-clock time, without a tzinfo")


@_v.schema_rules(_v.SchemaRules(described={"end": "later than start"}))
@attrs.frozen(kw_only=True)
class CoreHours:
    """Core hours of a GP practice: when the online consultation tool must stay open.

    The contract sets 08:00 to 18:30, Monday to Friday, bank holidays excepted;
    `start` is included and `end` excluded, both in `tz` wall-clock time, so the
    hours follow the clocks through British Summer Time.

    Attributes:
        start: Opening wall-clock time (included).
        end: Closing wall-clock time (excluded).
        tz: IANA name of the zone the times are read in.
    """

    start: time = attrs.field(default=time(8, 0), validator=_naive_time)
    end: time = attrs.field(default=time(18, 30), validator=_naive_time)
    tz: str = attrs.field(default=UK_TIMEZONE, validator=_zone)

    def __attrs_post_init__(self) -> None:
        if self.start >= self.end:
            raise _fail("end", "must be later than start")

    @property
    def zone(self) -> ZoneInfo:
        """The zone `start` and `end` are read in."""
        return ZoneInfo(self.tz)

    def _local(self, instant: datetime, location: str = "instant") -> datetime:
        return _require_aware(instant, location).astimezone(self.zone)

    def _at(self, d: date, t: time) -> datetime:
        # The round trip through UTC settles a wall time that a clock change skips.
        return (
            datetime.combine(d, t, tzinfo=self.zone).astimezone(timezone.utc).astimezone(self.zone)
        )

    def is_open_at(self, instant: datetime) -> bool:
        """Say whether an instant falls inside core hours.

        Args:
            instant: A timezone-aware datetime, in any zone or offset.

        Returns:
            True if the local time is on a working day, at or after `start` and before `end`.

        Raises:
            ValidationError: if `instant` is naive (a timezone is required).
        """
        local = self._local(instant)
        return is_working_day(local.date()) and self.start <= local.time() < self.end

    def next_opening(self, instant: datetime) -> datetime:
        """Return the next instant core hours are open, at or after `instant`.

        Args:
            instant: A timezone-aware datetime.

        Returns:
            `instant` itself (expressed in `tz`) if core hours are open then; otherwise
            the opening time of the next working day (today, if before `start`), aware,
            in `tz`.

        Raises:
            ValidationError: if `instant` is naive.
        """
        local = self._local(instant)
        today = local.date()
        if is_working_day(today):
            if local.time() < self.start:
                return self._at(today, self.start)
            if local.time() < self.end:
                return local
        return self._at(self.next_working_day(today), self.start)

    def next_working_day(self, d: date) -> date:
        """Return the first working day strictly after `d`.

        Args:
            d: A calendar date.

        Returns:
            The next Monday to Friday after `d` that is not a bank holiday.

        Raises:
            ValidationError: if `d` is not a date or the answer leaves the known years.
        """
        return _next_working_day(d)

    def working_day_for_response(self, instant: datetime) -> date:
        """Return the day by which the patient should know how a request will be handled.

        The contract asks for the same day for a request sent in core hours, and the
        next working day for one sent outside them; a request sent on a working day
        before opening is answered that same day.

        Args:
            instant: When the request was submitted (timezone-aware).

        Returns:
            The local date by which the patient should hear how it will be handled.

        Raises:
            ValidationError: if `instant` is naive.
        """
        return self.next_opening(instant).date()

    def core_hours_windows(self, start: date, end: date) -> Iterator[tuple[datetime, datetime]]:
        """Iterate the core-hours windows of each working day from `start` to `end`.

        Args:
            start: First date (included).
            end: Last date (included).

        Returns:
            An iterator of `(open, close)` pairs, aware in `tz`: `open` included,
            `close` excluded. Weekends and bank holidays have no window.

        Raises:
            ValidationError: if either bound is not a date or `end` is before `start`.
        """
        first = _require_date(start, "start")
        last = _require_date(end, "end")
        if last < first:
            raise _fail("end", "must be on or after start")
        return self._windows(first, last)

    def _windows(self, first: date, last: date) -> Iterator[tuple[datetime, datetime]]:
        day = first
        while day <= last:
            if is_working_day(day):
                yield self._at(day, self.start), self._at(day, self.end)
            day += _ONE_DAY


CORE_HOURS = CoreHours()
"""Core hours as the GP contract sets them: 08:00 to 18:30, Monday to Friday, England."""
