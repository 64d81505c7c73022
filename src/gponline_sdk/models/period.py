"""Working days and the weekly reporting period of the national collection.

The week runs Monday to Sunday in UK local dates and is sent on the Monday
after, or the next working day when that Monday is a bank holiday. Import these
from `gponline_sdk.models.schedule` (or `gponline_sdk.models`), alongside core hours.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs

from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models import _validators as _v
from gponline_sdk.models._bank_holidays import is_bank_holiday

__all__ = ["UK_TIMEZONE", "ReportingPeriod", "is_working_day"]

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


def _next_working_day(d: date) -> date:
    # `CoreHours.next_working_day` (public) and `ReportingPeriod.due_date` share this.
    day = _add_days(_require_date(d, "date"), 1, "date")
    while not is_working_day(day):
        day += _ONE_DAY
    return day


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


@_v.schema_rules(
    _v.SchemaRules(described={"start": "a Monday", "end": "the Sunday six days after start"})
)
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
        return _next_working_day(self.end)

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
