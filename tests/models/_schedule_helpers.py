"""Shared helpers of the schedule tests: aware datetimes and an independent holiday list."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays

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
