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

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models._bank_holidays import (
    FIRST_YEAR,
    LAST_YEAR,
    england_bank_holidays,
    is_bank_holiday,
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

UK_TIMEZONE = "Europe/London"
_LONDON = ZoneInfo(UK_TIMEZONE)
_ONE_DAY = timedelta(days=1)
_ISO_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")


def _fail(location: str, message: str) -> ValidationError:
    return ValidationError([Problem(location=location, message=message)])


def _require_date(value: object, location: str) -> date:
    # A datetime is a date subclass but never equals a date, so it would slip
    # past the bank-holiday lookup: refuse it outright.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _fail(location, f"expected a date, got {type(value).__name__}")
    return value


def _require_aware(value: object, location: str) -> datetime:
    if not isinstance(value, datetime):
        raise _fail(location, f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise _fail(location, "a timezone is required: got a naive datetime (no UTC offset)")
    return value


def _add_days(d: date, days: int, location: str) -> date:
    try:
        return d + timedelta(days=days)
    except OverflowError:
        raise _fail(location, "date is outside the supported calendar") from None


def is_working_day(d: date) -> bool:
    """Say whether a date is a working day in England: Monday to Friday, not a bank holiday.

    Args:
        d: A calendar date.

    Returns:
        True for a weekday that is not a bank holiday.

    Raises:
        ValidationError: if `d` is not a date or its year has no known bank holidays.
    """
    _require_date(d, "date")
    return d.weekday() < 5 and not is_bank_holiday(d)


def _zone(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise _fail(attribute.name, f"expected an IANA zone name, got {type(value).__name__}")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(attribute.name, "not a known IANA time zone name") from None


def _naive_time(_: object, attribute: attrs.Attribute[time], value: object) -> None:
    if not isinstance(value, time):
        raise _fail(attribute.name, f"expected a time, got {type(value).__name__}")
    if value.tzinfo is not None:
        raise _fail(attribute.name, "must be a local wall-clock time, without a tzinfo")


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
        day = _add_days(_require_date(d, "date"), 1, "date")
        while not is_working_day(day):
            day += _ONE_DAY
        return day

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


def _period_fields(instance: ReportingPeriod) -> None:
    problems: list[Problem] = []
    start, end = instance.start, instance.end
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, date) or isinstance(value, datetime):
            problems.append(Problem(location=name, message="expected a date"))
    if not problems:
        if start.weekday() != 0:
            problems.append(Problem(location="start", message="must be a Monday"))
        if (end - start).days != 6:
            problems.append(
                Problem(location="end", message="must be the Sunday six days after start")
            )
    if problems:
        raise ValidationError(problems, subject="reporting period")


@attrs.frozen(kw_only=True, order=True)
class ReportingPeriod:
    """One week of the national collection: Monday to Sunday, in UK local dates.

    Attributes:
        start: The Monday the period begins (included).
        end: The Sunday the period ends (included), six days after `start`.
    """

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        _period_fields(self)

    @classmethod
    def containing(cls, d: date) -> ReportingPeriod:
        """Return the period holding a local date.

        Args:
            d: A UK local calendar date.

        Returns:
            The Monday-to-Sunday week that contains `d`.

        Raises:
            ValidationError: if `d` is not a date, or its week runs off the calendar.
        """
        day = _require_date(d, "date")
        start = _add_days(day, -day.weekday(), "date")
        return cls(start=start, end=_add_days(start, 6, "date"))

    @classmethod
    def containing_instant(cls, instant: datetime) -> ReportingPeriod:
        """Return the period holding an instant, by its Europe/London local date.

        Args:
            instant: A timezone-aware datetime.

        Returns:
            The week containing the instant's UK local date.

        Raises:
            ValidationError: if `instant` is naive.
        """
        return cls.containing(_require_aware(instant, "instant").astimezone(_LONDON).date())

    @classmethod
    def from_iso_week(cls, text: str) -> ReportingPeriod:
        """Parse an ISO 8601 week such as ``2026-W47``.

        Args:
            text: ``YYYY-Www``; week 53 only in the years that have one.

        Returns:
            The period for that ISO week.

        Raises:
            ValidationError: if `text` is not of that shape or names a week that does not exist.
        """
        # The input is echoed back only once it has the shape of a week, so that
        # a stray identifier pasted here never reaches a message or a log.
        match = _ISO_WEEK.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise _fail("iso_week", "expected an ISO week such as 2026-W47")
        year, week = int(match[1]), int(match[2])
        try:
            start = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise _fail("iso_week", f"{text} does not exist") from None
        return cls(start=start, end=_add_days(start, 6, "iso_week"))

    @property
    def iso_week(self) -> str:
        """The ISO 8601 week, for example ``2026-W47``."""
        year, week, _ = self.start.isocalendar()
        return f"{year:04d}-W{week:02d}"

    def contains(self, d: date) -> bool:
        """Say whether a local date falls in the period.

        Args:
            d: A UK local calendar date (use `contains_instant` for a datetime).

        Returns:
            True if `start <= d <= end`.

        Raises:
            ValidationError: if `d` is not a date.
        """
        return self.start <= _require_date(d, "date") <= self.end

    def contains_instant(self, instant: datetime) -> bool:
        """Say whether an instant falls in the period, by its Europe/London local date.

        Args:
            instant: A timezone-aware datetime.

        Returns:
            True if the instant's UK local date is in the period.

        Raises:
            ValidationError: if `instant` is naive.
        """
        return self.contains(_require_aware(instant, "instant").astimezone(_LONDON).date())

    @property
    def send_date(self) -> date:
        """The Monday after the period, when the file is due to be sent."""
        return _add_days(self.end, 1, "end")

    @property
    def due_date(self) -> date:
        """The first working day on or after `send_date` (a bank holiday Monday moves it)."""
        return CORE_HOURS.next_working_day(self.end)

    def previous(self) -> ReportingPeriod:
        """Return the week before this one."""
        start = _add_days(self.start, -7, "start")
        return ReportingPeriod(start=start, end=_add_days(start, 6, "start"))

    def next(self) -> ReportingPeriod:
        """Return the week after this one."""
        start = _add_days(self.start, 7, "start")
        return ReportingPeriod(start=start, end=_add_days(start, 6, "start"))

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """Return the period as UTC instants: local midnight at start, to local midnight after end.

        The first is included and the second excluded; a week with a clock change is
        167 or 169 hours long.

        Returns:
            `(start, end)` aware in UTC.
        """
        after = _add_days(self.end, 1, "end")
        return (
            datetime.combine(self.start, time(0), tzinfo=_LONDON).astimezone(timezone.utc),
            datetime.combine(after, time(0), tzinfo=_LONDON).astimezone(timezone.utc),
        )

    def __str__(self) -> str:
        return f"{self.iso_week} ({self.start.isoformat()} to {self.end.isoformat()})"
