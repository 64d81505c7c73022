"""England and Wales bank holidays, computed from the rules, no third-party calendar.

The regular holidays follow the Banking and Financial Dealings Act 1971 and the
substitution custom published on gov.uk/bank-holidays; the one-off changes made
by royal proclamation are listed in `_MOVED` and `_EXTRA`, each with its cause.

Only the days off are returned, as gov.uk lists them: when Christmas falls on a
Saturday the set holds Monday 27 and Tuesday 28 December, not Saturday 25.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

from gponline_sdk.errors import Problem, ValidationError

__all__ = ["FIRST_YEAR", "LAST_YEAR", "england_bank_holidays", "is_bank_holiday"]

FIRST_YEAR = 1995
"""First year whose bank holidays are known (one-off changes are listed from here)."""

LAST_YEAR = 2100
"""Last year computed; one-off changes not yet proclaimed cannot be known in advance."""

_MONDAY, _TUESDAY, _FRIDAY, _SATURDAY, _SUNDAY = 0, 1, 4, 5, 6

# A regular holiday moved by proclamation: regular date -> the day actually taken.
_MOVED: dict[date, date] = {
    # Early May moved to VE Day, 50th anniversary (proclamation of 1994).
    date(1995, 5, 1): date(1995, 5, 8),
    # Spring moved for the Golden Jubilee of Elizabeth II (gov.uk, 2002 list).
    date(2002, 5, 27): date(2002, 6, 4),
    # Spring moved for the Diamond Jubilee of Elizabeth II (proclamation of 2010).
    date(2012, 5, 28): date(2012, 6, 4),
    # Early May moved to VE Day, 75th anniversary (proclamation of 2019).
    date(2020, 5, 4): date(2020, 5, 8),
    # Spring moved for the Platinum Jubilee of Elizabeth II (proclamation of 2021).
    date(2022, 5, 30): date(2022, 6, 2),
}

# One-off additional holidays, each granted by royal proclamation.
_EXTRA: frozenset[date] = frozenset(
    {
        date(1999, 12, 31),  # Millennium celebrations.
        date(2002, 6, 3),  # Golden Jubilee of Elizabeth II.
        date(2011, 4, 29),  # Wedding of Prince William and Catherine Middleton.
        date(2012, 6, 5),  # Diamond Jubilee of Elizabeth II.
        date(2022, 6, 3),  # Platinum Jubilee of Elizabeth II.
        date(2022, 9, 19),  # State Funeral of Queen Elizabeth II.
        date(2023, 5, 8),  # Coronation of King Charles III.
    }
)


def easter_sunday(year: int) -> date:
    """Return Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm).

    Args:
        year: A Gregorian year.

    Returns:
        The date of Easter Sunday.
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(_MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    # The last Monday of a month is the first Monday of the next month minus a week.
    if month == 12:
        return _first_monday(year + 1, 1) - timedelta(days=7)
    return _first_monday(year, month + 1) - timedelta(days=7)


def _next_weekday(d: date) -> date:
    while d.weekday() in (_SATURDAY, _SUNDAY):
        d += timedelta(days=1)
    return d


def _christmas_days(year: int) -> set[date]:
    christmas = date(year, 12, 25)
    weekday = christmas.weekday()
    if weekday == _SATURDAY:
        # Both days fall on the weekend: Monday and Tuesday are taken instead.
        return {date(year, 12, 27), date(year, 12, 28)}
    if weekday == _SUNDAY:
        # Boxing Day is Monday 26; Christmas's substitute follows on Tuesday 27.
        return {date(year, 12, 26), date(year, 12, 27)}
    if weekday == _FRIDAY:
        # Boxing Day is Saturday 26: its substitute is Monday 28.
        return {christmas, date(year, 12, 28)}
    return {christmas, date(year, 12, 26)}


@functools.cache
def _compute(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    regular = {
        _next_weekday(date(year, 1, 1)),
        easter - timedelta(days=2),  # Good Friday
        easter + timedelta(days=1),  # Easter Monday
        _first_monday(year, 5),  # early May
        _last_monday(year, 5),  # spring
        _last_monday(year, 8),  # summer
        *_christmas_days(year),
    }
    days = {_MOVED.get(d, d) for d in regular}
    days.update(d for d in _EXTRA if d.year == year)
    return frozenset(days)


def england_bank_holidays(year: int) -> frozenset[date]:
    """Return the bank holidays (days off, substitutes included) in England and Wales.

    Args:
        year: A year from `FIRST_YEAR` (1995) to `LAST_YEAR` (2100).

    Returns:
        The weekday dates that are bank holidays in that year.

    Raises:
        ValidationError: (a `ValueError`) if the year is outside the supported range.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError(
            [Problem(location="year", message=f"expected an int, got {type(year).__name__}")]
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            [
                Problem(
                    location="year",
                    message=f"bank holidays are known for {FIRST_YEAR} to {LAST_YEAR}, got {year}",
                )
            ]
        )
    return _compute(year)


def is_bank_holiday(d: date) -> bool:
    """Say whether a date is a bank holiday (day off) in England and Wales.

    Args:
        d: A calendar date (a `datetime` is refused: use its local date).

    Returns:
        True if `d` is a bank holiday or a substitute day for one.

    Raises:
        ValidationError: (a `ValueError`) if `d` is not a date or its year is unsupported.
    """
    if not isinstance(d, date) or isinstance(d, datetime):
        raise ValidationError(
            [Problem(location="date", message=f"expected a date, got {type(d).__name__}")]
        )
    return d in england_bank_holidays(d.year)
