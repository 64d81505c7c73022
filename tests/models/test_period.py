"""The weekly reporting period (gponline_sdk.models.period, re-exported by models.schedule)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from _schedule_helpers import MICRO, UTC, utc
from hypothesis import given
from hypothesis import strategies as st

from gponline_sdk.errors import ValidationError
from gponline_sdk.models.schedule import ReportingPeriod


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
