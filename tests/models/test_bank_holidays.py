"""Bank holidays in England and Wales, and working days (gponline_sdk.models.schedule)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from _schedule_helpers import london, package_holidays

from gponline_sdk.errors import ValidationError
from gponline_sdk.models.schedule import england_bank_holidays, is_bank_holiday, is_working_day


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
