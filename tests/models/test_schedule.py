"""Core hours: open or closed, next opening, working-day answers (gponline_sdk.models.schedule)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest
from _schedule_helpers import LONDON, MICRO, UTC, london, package_holidays, utc
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import ValidationError
from gponline_sdk.models.schedule import (
    CORE_HOURS,
    CoreHours,
    ReportingPeriod,
    is_bank_holiday,
    is_working_day,
)

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


# --------------------------------------------------------------------------- properties

SUPPORTED_DATES = st.dates(min_value=date(1995, 1, 1), max_value=date(2100, 12, 20))


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
