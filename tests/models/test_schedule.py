"""Bank holidays, core hours and the weekly reporting period (gponline_sdk.models.schedule)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import ValidationError
from gponline_sdk.models.schedule import (
    CORE_HOURS,
    CoreHours,
    ReportingPeriod,
    england_bank_holidays,
    is_bank_holiday,
    is_working_day,
)

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
MICRO = timedelta(microseconds=1)


def london(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0, us: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, us, tzinfo=LONDON)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0, us: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, us, tzinfo=UTC)


def package_holidays(year: int) -> set[date]:
    """Weekday bank holidays for England from the `holidays` package (it also lists weekends)."""
    return {d for d in holidays.country_holidays("GB", subdiv="ENG", years=year) if d.weekday() < 5}


# --------------------------------------------------------------------------- bank holidays


@pytest.mark.parametrize("year", range(2000, 2041))
def test_bank_holidays_match_the_holidays_package(year: int) -> None:
    assert set(england_bank_holidays(year)) == package_holidays(year)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2025, {date(2025, 4, 18), date(2025, 4, 21), date(2025, 12, 25), date(2025, 12, 26)}),
        (2026, {date(2026, 4, 3), date(2026, 4, 6), date(2026, 12, 25), date(2026, 12, 28)}),
        (2027, {date(2027, 3, 26), date(2027, 3, 29), date(2027, 12, 27), date(2027, 12, 28)}),
    ],
)
def test_easter_and_christmas_pinned(year: int, expected: set[date]) -> None:
    days = england_bank_holidays(year)
    easter_and_christmas = {d for d in days if d.month in (3, 4, 12)}
    assert easter_and_christmas == expected


@pytest.mark.parametrize(
    ("year", "good_friday"),
    # Years where the algorithm's rare correction applies (Easter would otherwise be 25/26 Apr).
    [(2049, date(2049, 4, 16)), (2076, date(2076, 4, 17))],
)
def test_easter_correction_years(year: int, good_friday: date) -> None:
    days = england_bank_holidays(year)
    assert good_friday in days
    assert good_friday + timedelta(days=3) in days
    assert {d for d in days if d.month == 4} == {good_friday, good_friday + timedelta(days=3)}


def test_full_2026_list() -> None:
    assert sorted(england_bank_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    ]


@pytest.mark.parametrize(
    ("year", "weekday_of_25th", "december_days"),
    [
        (2028, 0, {25, 26}),  # Monday
        (2029, 1, {25, 26}),  # Tuesday
        (2030, 2, {25, 26}),  # Wednesday
        (2025, 3, {25, 26}),  # Thursday
        (2026, 4, {25, 28}),  # Friday: Boxing Day Saturday -> Monday 28
        (2027, 5, {27, 28}),  # Saturday: Monday 27 and Tuesday 28
        (2022, 6, {26, 27}),  # Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27
    ],
)
def test_christmas_substitutes(year: int, weekday_of_25th: int, december_days: set[int]) -> None:
    assert date(year, 12, 25).weekday() == weekday_of_25th
    got = {d.day for d in england_bank_holidays(year) if d.month == 12}
    assert got == december_days


@pytest.mark.parametrize(
    ("year", "observed"),
    [(2026, date(2026, 1, 1)), (2022, date(2022, 1, 3)), (2023, date(2023, 1, 2))],
)
def test_new_year_substitute(year: int, observed: date) -> None:
    january = {d for d in england_bank_holidays(year) if d.month == 1}
    assert january == {observed}


@pytest.mark.parametrize(
    ("present", "absent"),
    [
        ([date(1995, 5, 8)], [date(1995, 5, 1)]),  # VE Day 50
        ([date(1999, 12, 31)], []),  # Millennium
        ([date(2002, 6, 3), date(2002, 6, 4)], [date(2002, 5, 27)]),  # Golden Jubilee
        ([date(2011, 4, 29)], []),  # Royal Wedding
        ([date(2012, 6, 4), date(2012, 6, 5)], [date(2012, 5, 28)]),  # Diamond Jubilee
        ([date(2020, 5, 8)], [date(2020, 5, 4)]),  # VE Day 75
        ([date(2022, 6, 2), date(2022, 6, 3)], [date(2022, 5, 30)]),  # Platinum Jubilee
        ([date(2022, 9, 19)], []),  # State Funeral
        ([date(2023, 5, 8), date(2023, 5, 1)], []),  # Coronation, early May kept
    ],
)
def test_one_off_changes(present: list[date], absent: list[date]) -> None:
    for d in present:
        assert is_bank_holiday(d), d
    for d in absent:
        assert not is_bank_holiday(d), d


@pytest.mark.parametrize("year", range(1995, 2101))
def test_only_weekdays_and_eight_or_more(year: int) -> None:
    days = england_bank_holidays(year)
    assert all(d.weekday() < 5 and d.year == year for d in days)
    assert len(days) >= 8


@pytest.mark.parametrize("year", [1994, 2101, 0, -5])
def test_unsupported_year_raises(year: int) -> None:
    with pytest.raises(ValueError, match="1995 to 2100") as info:
        england_bank_holidays(year)
    assert isinstance(info.value, ValidationError)
    assert info.value.problems[0].location == "year"


def test_bool_year_and_datetime_refused() -> None:
    with pytest.raises(ValidationError, match="expected an int"):
        england_bank_holidays(True)
    with pytest.raises(ValidationError, match="expected a date"):
        is_bank_holiday(datetime(2026, 12, 25))
    with pytest.raises(ValidationError, match="expected a date"):
        is_working_day(london(2026, 12, 25))


def test_is_working_day() -> None:
    assert is_working_day(date(2026, 11, 23))  # Monday
    assert not is_working_day(date(2026, 11, 22))  # Sunday
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute


# --------------------------------------------------------------------------- core hours


@pytest.mark.parametrize(
    ("instant", "is_open"),
    [
        # Winter, London = UTC.
        (london(2026, 11, 23, 7, 59, 59, 999999), False),
        (london(2026, 11, 23, 8, 0), True),
        (london(2026, 11, 23, 12, 0), True),
        (london(2026, 11, 23, 18, 29, 59, 999999), True),
        (london(2026, 11, 23, 18, 30), False),
        (utc(2026, 11, 23, 8, 0), True),
        (utc(2026, 11, 23, 18, 30), False),
        # Summer, London = UTC+1.
        (london(2026, 6, 15, 8, 0), True),
        (utc(2026, 6, 15, 7, 0), True),
        (utc(2026, 6, 15, 6, 59, 59, 999999), False),
        (utc(2026, 6, 15, 17, 29, 59, 999999), True),
        (utc(2026, 6, 15, 17, 30), False),
        # Another offset: 13:00 in New York in June is 18:00 in London.
        (datetime(2026, 6, 15, 13, 0, tzinfo=ZoneInfo("America/New_York")), True),
        (datetime(2026, 6, 15, 13, 30, tzinfo=ZoneInfo("America/New_York")), False),
        # Weekends.
        (london(2026, 11, 21, 12, 0), False),
        (london(2026, 11, 22, 12, 0), False),
        # Friday 18:29 open, Saturday 08:00 closed.
        (london(2026, 11, 27, 18, 29), True),
        (london(2026, 11, 28, 8, 0), False),
    ],
)
def test_is_open_at(instant: datetime, is_open: bool) -> None:
    assert CORE_HOURS.is_open_at(instant) is is_open


@pytest.mark.parametrize(
    "call",
    [
        CORE_HOURS.is_open_at,
        CORE_HOURS.next_opening,
        CORE_HOURS.working_day_for_response,
        ReportingPeriod.containing_instant,
    ],
)
def test_naive_datetime_refused(call: Callable[[datetime], object]) -> None:
    with pytest.raises(ValidationError, match="timezone is required") as info:
        call(datetime(2026, 11, 23, 12, 0))
    assert info.value.problems[0].location == "instant"


# (Sunday the clocks change, hours they move, first working day after it)
CLOCK_CHANGE_SUNDAYS = [
    (date(2025, 3, 30), 1, date(2025, 3, 31)),
    (date(2025, 10, 26), -1, date(2025, 10, 27)),
    (date(2026, 3, 29), 1, date(2026, 3, 30)),
    (date(2026, 10, 25), -1, date(2026, 10, 26)),
    (date(2027, 3, 28), 1, date(2027, 3, 30)),  # Monday 29 March 2027 is Easter Monday
    (date(2027, 10, 31), -1, date(2027, 11, 1)),
]


@pytest.mark.parametrize(("sunday", "shift", "working_day"), CLOCK_CHANGE_SUNDAYS)
def test_clock_change_sunday_closed_all_day(sunday: date, shift: int, working_day: date) -> None:
    assert sunday.weekday() == 6
    before = utc(sunday.year, sunday.month, sunday.day, 0, 30).astimezone(LONDON).utcoffset()
    after = utc(sunday.year, sunday.month, sunday.day, 2, 30).astimezone(LONDON).utcoffset()
    assert before is not None
    assert after is not None
    assert after - before == timedelta(hours=shift)  # the clocks really change that day
    for quarter in range(24 * 4):
        instant = utc(sunday.year, sunday.month, sunday.day) + timedelta(minutes=15 * quarter)
        assert not CORE_HOURS.is_open_at(instant), instant


@pytest.mark.parametrize(("sunday", "shift", "working_day"), CLOCK_CHANGE_SUNDAYS)
def test_working_day_after_clock_change(sunday: date, shift: int, working_day: date) -> None:
    assert CORE_HOURS.next_working_day(sunday) == working_day
    day = working_day
    # After the spring change London is UTC+1, so 08:00 local is 07:00 UTC; after autumn, 08:00.
    open_utc = utc(day.year, day.month, day.day, 8) - timedelta(hours=max(shift, 0))
    close_utc = open_utc + timedelta(hours=10, minutes=30)
    assert not CORE_HOURS.is_open_at(open_utc - MICRO)
    assert CORE_HOURS.is_open_at(open_utc)
    assert CORE_HOURS.is_open_at(close_utc - MICRO)
    assert not CORE_HOURS.is_open_at(close_utc)
    sunday_noon = utc(sunday.year, sunday.month, sunday.day, 12)
    assert CORE_HOURS.next_opening(sunday_noon) == open_utc
    if working_day != sunday + timedelta(days=1):  # a bank holiday Monday stays shut
        assert not CORE_HOURS.is_open_at(open_utc - timedelta(days=1, hours=-2))


def test_brief_examples_around_clock_changes() -> None:
    assert CORE_HOURS.is_open_at(utc(2026, 3, 30, 7, 30))  # 08:30 BST
    assert CORE_HOURS.is_open_at(utc(2026, 10, 26, 8, 0))  # 08:00 GMT
    assert not CORE_HOURS.is_open_at(utc(2026, 10, 26, 7, 59))


@pytest.mark.parametrize(
    "holiday",
    [
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 12, 25),
        date(2026, 12, 28),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 12, 27),
        date(2027, 12, 28),
    ],
)
def test_easter_and_christmas_closed_all_day(holiday: date) -> None:
    assert holiday.weekday() < 5  # a weekday, so only the holiday rule can close it
    start = datetime.combine(holiday, time(0), tzinfo=LONDON)
    for quarter in range(24 * 4):
        assert not CORE_HOURS.is_open_at(start + timedelta(minutes=15 * quarter))
    # The same weekday a week earlier (never a holiday in this list) is open at noon.
    assert CORE_HOURS.is_open_at(datetime.combine(holiday - timedelta(days=7), time(12), LONDON))


def test_next_opening() -> None:
    inside = utc(2026, 11, 23, 12, 34, 56)
    assert CORE_HOURS.next_opening(inside) == inside
    assert CORE_HOURS.next_opening(inside).tzinfo is LONDON
    assert CORE_HOURS.next_opening(london(2026, 11, 23, 6, 0)) == london(2026, 11, 23, 8, 0)
    # Friday evening -> Monday.
    assert CORE_HOURS.next_opening(london(2026, 11, 27, 18, 30)) == london(2026, 11, 30, 8, 0)
    # Christmas Eve 2026 evening: 25 and 28 Dec are holidays, 26-27 the weekend.
    assert CORE_HOURS.next_opening(london(2026, 12, 24, 19, 0)) == london(2026, 12, 29, 8, 0)
    # Easter 2026 from Maundy Thursday evening: Tuesday 7 April 08:00 BST = 07:00 UTC.
    got = CORE_HOURS.next_opening(london(2026, 4, 2, 18, 30))
    assert got == utc(2026, 4, 7, 7, 0)
    assert got.utcoffset() == timedelta(hours=1)
    # Over the autumn change: Friday BST evening -> Monday 08:00 GMT.
    got = CORE_HOURS.next_opening(london(2026, 10, 23, 20, 0))
    assert got == utc(2026, 10, 26, 8, 0)
    assert got.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 27), date(2026, 11, 30)),  # Friday -> Monday
        (date(2026, 11, 22), date(2026, 11, 23)),  # Sunday -> Monday
        (date(2026, 11, 23), date(2026, 11, 24)),  # Monday -> Tuesday (strictly after)
        (date(2026, 12, 24), date(2026, 12, 29)),
        (date(2027, 12, 24), date(2027, 12, 29)),
        (date(2026, 4, 2), date(2026, 4, 7)),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert CORE_HOURS.next_working_day(day) == expected


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (london(2026, 11, 23, 12, 0), date(2026, 11, 23)),  # in core hours
        (london(2026, 11, 23, 7, 0), date(2026, 11, 23)),  # working day, before 08:00
        (london(2026, 11, 23, 0, 0), date(2026, 11, 23)),
        (london(2026, 11, 23, 18, 30), date(2026, 11, 24)),  # after close
        (london(2026, 11, 28, 10, 0), date(2026, 11, 30)),  # Saturday
        (london(2026, 12, 24, 18, 30), date(2026, 12, 29)),  # Christmas
        (london(2026, 12, 25, 10, 0), date(2026, 12, 29)),
        # Sunday 23:30 UTC in summer is Monday 00:30 in London: answered that Monday.
        (utc(2026, 6, 14, 23, 30), date(2026, 6, 15)),
        # Monday 17:45 UTC in summer is 18:45 in London: closed, so Tuesday.
        (utc(2026, 6, 15, 17, 45), date(2026, 6, 16)),
    ],
)
def test_working_day_for_response(instant: datetime, expected: date) -> None:
    assert CORE_HOURS.working_day_for_response(instant) == expected


def test_core_hours_windows_christmas_week() -> None:
    windows = list(CORE_HOURS.core_hours_windows(date(2026, 12, 21), date(2026, 12, 31)))
    assert [w[0].date() for w in windows] == [
        date(2026, 12, 21),
        date(2026, 12, 22),
        date(2026, 12, 23),
        date(2026, 12, 24),
        date(2026, 12, 29),
        date(2026, 12, 30),
        date(2026, 12, 31),
    ]
    for opening, closing in windows:
        assert (opening.time(), closing.time()) == (time(8), time(18, 30))
        assert closing - opening == timedelta(hours=10, minutes=30)
        assert CORE_HOURS.is_open_at(opening)
        assert not CORE_HOURS.is_open_at(closing)


def test_core_hours_windows_across_clock_change() -> None:
    windows = list(CORE_HOURS.core_hours_windows(date(2026, 10, 23), date(2026, 10, 26)))
    assert [w[0].astimezone(UTC) for w in windows] == [utc(2026, 10, 23, 7), utc(2026, 10, 26, 8)]
    assert list(CORE_HOURS.core_hours_windows(date(2026, 11, 21), date(2026, 11, 22))) == []
    with pytest.raises(ValidationError, match="on or after start"):
        CORE_HOURS.core_hours_windows(date(2026, 11, 23), date(2026, 11, 22))


def test_core_hours_settings_validated() -> None:
    custom = CoreHours(start=time(9), end=time(17))
    assert custom.is_open_at(london(2026, 11, 23, 16, 59))
    assert not custom.is_open_at(london(2026, 11, 23, 8, 30))
    assert CoreHours(start=time(8), end=time(18, 30), tz="Europe/London") == CORE_HOURS
    with pytest.raises(ValidationError, match="later than start"):
        CoreHours(start=time(18, 30), end=time(8))
    with pytest.raises(ValidationError, match="IANA"):
        CoreHours(tz="Mars/Olympus")
    with pytest.raises(ValidationError, match="without a tzinfo"):
        CoreHours(start=time(8, tzinfo=UTC))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CORE_HOURS.start = time(7)  # type: ignore[misc]


# --------------------------------------------------------------------------- reporting period


def test_reporting_period_validation() -> None:
    period = ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 22))
    assert (period.start, period.end) == (date(2026, 11, 16), date(2026, 11, 22))
    with pytest.raises(ValidationError) as info:
        ReportingPeriod(start=date(2026, 11, 17), end=date(2026, 11, 23))
    assert [p.location for p in info.value.problems] == ["start"]
    with pytest.raises(ValidationError) as info:
        ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 23))
    assert [p.location for p in info.value.problems] == ["end"]
    with pytest.raises(ValidationError) as info:
        ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 21))
    assert [p.location for p in info.value.problems] == ["end"]
    with pytest.raises(ValidationError) as info:
        ReportingPeriod(start=date(2026, 11, 17), end=date(2026, 11, 30))
    assert [p.location for p in info.value.problems] == ["start", "end"]
    with pytest.raises(ValidationError) as info:
        ReportingPeriod(start=datetime(2026, 11, 16), end=date(2026, 11, 22))
    assert [p.location for p in info.value.problems] == ["start"]


def test_iso_week_and_str() -> None:
    period = ReportingPeriod.from_iso_week("2026-W47")
    assert period == ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 22))
    assert period.iso_week == "2026-W47"
    assert str(period) == "2026-W47 (2026-11-16 to 2026-11-22)"


def test_weeks_spanning_a_year_end() -> None:
    w53 = ReportingPeriod.containing(date(2027, 1, 3))
    assert (w53.start, w53.end) == (date(2026, 12, 28), date(2027, 1, 3))
    assert w53.iso_week == "2026-W53"
    assert ReportingPeriod.from_iso_week("2026-W53") == w53
    assert w53.contains(date(2026, 12, 31))
    assert w53.contains(date(2027, 1, 1))
    assert w53.next().iso_week == "2027-W01"
    w01 = ReportingPeriod.containing(date(2025, 12, 31))
    assert (w01.start, w01.end) == (date(2025, 12, 29), date(2026, 1, 4))
    assert w01.iso_week == "2026-W01"
    assert w01.previous().iso_week == "2025-W52"


@pytest.mark.parametrize(
    "text",
    ["2025-W53", "2026-W54", "2026-W00", "2026-W99", "0000-W01"],
)
def test_from_iso_week_nonexistent(text: str) -> None:
    with pytest.raises(ValidationError, match="does not exist") as info:
        ReportingPeriod.from_iso_week(text)
    assert info.value.problems[0].location == "iso_week"


@pytest.mark.parametrize(
    "text",
    ["", "garbage", "2026-w47", "2026W47", " 2026-W47", "2026-W47\n", "2026-W7", "26-W47",
     "\u0662\u0660\u0662\u0666-W47", "9434765919", 202647, None],
)  # fmt: skip
def test_from_iso_week_malformed(text: object) -> None:
    with pytest.raises(ValidationError, match="expected an ISO week") as info:
        ReportingPeriod.from_iso_week(text)  # type: ignore[arg-type]
    assert "9434765919" not in str(info.value)  # input is never echoed


def test_send_and_due_dates() -> None:
    ordinary = ReportingPeriod.from_iso_week("2026-W47")
    assert ordinary.send_date == date(2026, 11, 23)
    assert ordinary.due_date == date(2026, 11, 23)
    easter = ReportingPeriod.containing(date(2026, 4, 5))
    assert (easter.send_date, easter.due_date) == (date(2026, 4, 6), date(2026, 4, 7))
    spring = ReportingPeriod.containing(date(2026, 5, 24))
    assert (spring.send_date, spring.due_date) == (date(2026, 5, 25), date(2026, 5, 26))
    christmas = ReportingPeriod.containing(date(2027, 12, 26))
    assert (christmas.send_date, christmas.due_date) == (date(2027, 12, 27), date(2027, 12, 29))


@pytest.mark.parametrize(
    ("monday", "hours", "start_utc", "end_utc"),
    [
        (date(2026, 11, 16), 168, utc(2026, 11, 16), utc(2026, 11, 23)),
        (date(2026, 6, 15), 168, utc(2026, 6, 14, 23), utc(2026, 6, 21, 23)),
        (date(2026, 3, 23), 167, utc(2026, 3, 23), utc(2026, 3, 29, 23)),
        (date(2026, 10, 19), 169, utc(2026, 10, 18, 23), utc(2026, 10, 26)),
    ],
)
def test_utc_bounds(monday: date, hours: int, start_utc: datetime, end_utc: datetime) -> None:
    lo, hi = ReportingPeriod.containing(monday).utc_bounds()
    assert (lo, hi) == (start_utc, end_utc)
    assert lo.utcoffset() == timedelta(0)
    assert hi.utcoffset() == timedelta(0)
    assert hi - lo == timedelta(hours=hours)


def test_contains_instant() -> None:
    week = ReportingPeriod.containing(date(2026, 3, 29))  # 23-29 March, clocks go forward
    assert week.contains_instant(utc(2026, 3, 23, 0, 0))
    assert not week.contains_instant(utc(2026, 3, 22, 23, 59, 59, 999999))
    assert week.contains_instant(utc(2026, 3, 29, 22, 59, 59, 999999))
    # 23:30 UTC on Sunday 29 March is 00:30 BST on Monday 30: next week.
    assert not week.contains_instant(utc(2026, 3, 29, 23, 30))
    assert ReportingPeriod.containing_instant(utc(2026, 3, 29, 23, 30)) == week.next()
    with pytest.raises(ValidationError, match="timezone is required"):
        week.contains_instant(datetime(2026, 3, 25, 12))
    with pytest.raises(ValidationError, match="expected a date"):
        week.contains(datetime(2026, 3, 25, 12, tzinfo=UTC))


def test_calendar_edges() -> None:
    first = ReportingPeriod.containing(date.min)
    assert first.start == date.min
    with pytest.raises(ValidationError, match="outside the supported calendar"):
        first.previous()
    with pytest.raises(ValidationError, match="outside the supported calendar"):
        ReportingPeriod.containing(date.max)
    with pytest.raises(ValidationError):
        ReportingPeriod.from_iso_week("9999-W52")


# --------------------------------------------------------------------------- properties

SAFE_DATES = st.dates(max_value=date(9999, 12, 26))  # the week of 9999-12-31 runs past date.max
SUPPORTED_DATES = st.dates(min_value=date(1995, 1, 1), max_value=date(2100, 12, 20))


@given(SAFE_DATES)
def test_containing_contains(d: date) -> None:
    period = ReportingPeriod.containing(d)
    assert period.contains(d)
    assert period.start.weekday() == 0
    assert period.end.weekday() == 6
    assert 0 <= (d - period.start).days <= 6


@given(SAFE_DATES)
def test_iso_week_round_trip(d: date) -> None:
    period = ReportingPeriod.containing(d)
    assert ReportingPeriod.from_iso_week(period.iso_week) == period


@given(st.dates(min_value=date(1995, 1, 2), max_value=date(2100, 12, 20)))
def test_utc_bounds_property(d: date) -> None:
    period = ReportingPeriod.containing(d)
    lo, hi = period.utc_bounds()
    assert hi - lo in {timedelta(hours=h) for h in (167, 168, 169)}
    assert period.contains_instant(lo)
    assert period.contains_instant(hi - MICRO)
    assert not period.contains_instant(lo - MICRO)
    assert not period.contains_instant(hi)
    assert period.next().utc_bounds()[0] == hi


@given(SUPPORTED_DATES)
def test_next_working_day_property(d: date) -> None:
    nxt = CORE_HOURS.next_working_day(d)
    assert nxt > d
    assert nxt.weekday() < 5
    assert not is_bank_holiday(nxt)
    between = d + timedelta(days=1)
    while between < nxt:
        assert between.weekday() >= 5 or is_bank_holiday(between), between
        between += timedelta(days=1)


# An oracle written independently of zoneinfo and of our bank holiday rules:
# British Summer Time runs from 01:00 UTC on the last Sunday in March to 01:00 UTC
# on the last Sunday in October (the rule since 1996), holidays from the package.
ORACLE_HOLIDAYS = {d for year in range(1999, 2042) for d in package_holidays(year)}


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def oracle_is_open(instant: datetime) -> bool:
    naive_utc = instant.astimezone(UTC).replace(tzinfo=None)
    y = naive_utc.year
    bst = (
        datetime.combine(_last_sunday(y, 3), time(1))
        <= naive_utc
        < datetime.combine(_last_sunday(y, 10), time(1))
    )
    local = naive_utc + timedelta(hours=1 if bst else 0)
    return (
        local.weekday() < 5
        and local.date() not in ORACLE_HOLIDAYS
        and time(8) <= local.time() < time(18, 30)
    )


_DAY_LESS_A_MINUTE = timedelta(hours=23, minutes=59)
OFFSETS = st.builds(
    timezone, st.timedeltas(min_value=-_DAY_LESS_A_MINUTE, max_value=_DAY_LESS_A_MINUTE)
)
ZONES = st.one_of(OFFSETS, st.timezones(), st.just(LONDON))
ANY_INSTANT = st.datetimes(
    min_value=datetime(2000, 1, 2), max_value=datetime(2040, 12, 30), timezones=ZONES
)
BOUNDARY_TIMES = st.sampled_from(
    [time(7, 59, 59, 999999), time(8), time(8, 0, 0, 1), time(18, 29, 59, 999999), time(18, 30)]
)
# London wall times near opening and closing, then seen from another offset.
BOUNDARY_INSTANTS = st.builds(
    lambda d, t, tz: datetime.combine(d, t, tzinfo=LONDON).astimezone(tz),
    st.dates(min_value=date(2000, 1, 2), max_value=date(2040, 12, 30)),
    BOUNDARY_TIMES,
    ZONES,
)


@settings(max_examples=500)
@given(st.one_of(ANY_INSTANT, BOUNDARY_INSTANTS))
def test_is_open_at_matches_oracle(instant: datetime) -> None:
    assert CORE_HOURS.is_open_at(instant) is oracle_is_open(instant)


@given(st.one_of(ANY_INSTANT, BOUNDARY_INSTANTS))
def test_next_opening_property(instant: datetime) -> None:
    opening = CORE_HOURS.next_opening(instant)
    assert opening >= instant
    assert CORE_HOURS.is_open_at(opening)
    assert opening.tzinfo is LONDON
    if CORE_HOURS.is_open_at(instant):
        assert opening == instant
    else:
        assert not CORE_HOURS.is_open_at(opening - MICRO)  # it is an opening, not mid-window
    response_day = CORE_HOURS.working_day_for_response(instant)
    assert response_day == opening.date()
    assert is_working_day(response_day)
    assert response_day >= instant.astimezone(LONDON).date()
