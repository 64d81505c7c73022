"""A weekday and a date named together in a message must agree (round 9, contract 2.4.0 [SDK]).

A closed message tells the patient when the form opens again; one that names "Sunday 30
November" for a Monday sends them back on the wrong day, whichever of the two they trust.
The message's words are free, so only what it says of itself is judged: each weekday written
next to a day and month (either order, "Monday 30 November", "Mon, 30th Nov", "Monday
November 30", with or without a year) must be that date's weekday. A date with no year is
taken in the year that puts it nearest to the instant the message is about.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["weekday_mismatches"]

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_DAY_WORD = r"(?P<wd>mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"
_MONTH_WORD = r"(?P<mo>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NUMBER = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<y>\d{4}))?"
_GAP = r",?\s+(?:the\s+)?"
_NAMED = (
    re.compile(rf"\b{_DAY_WORD}{_GAP}{_NUMBER}(?:\s+of)?\s+{_MONTH_WORD}{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_DAY_WORD}{_GAP}{_MONTH_WORD}\s+{_NUMBER}\b{_YEAR}", re.IGNORECASE),
)


def _index(word: str, names: tuple[str, ...]) -> int | None:
    """The position of the name `word` abbreviates (three letters or more), if any."""
    word = word.lower().rstrip(".")
    found = [
        n for n, name in enumerate(names) if name.startswith(word[:3]) and name.startswith(word)
    ]
    return found[0] if len(found) == 1 else None


def _dated(day: int, month: int, year: int | None, near: date) -> date | None:
    """The date meant: in `year`, else in the year putting it nearest to `near`."""
    years = [year] if year is not None else [near.year - 1, near.year, near.year + 1]
    options = []
    for y in years:
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - near).days), default=None)


def weekday_mismatches(message: str, near: date) -> list[str]:
    """The phrases of `message` whose weekday is not the weekday of the date they name."""
    out = []
    for named in _NAMED:
        for found in named.finditer(message):
            weekday = _index(found["wd"], _DAYS)
            month = _index(found["mo"], _MONTHS)
            if weekday is None or month is None:
                continue
            year = int(found["y"]) if found["y"] else None
            meant = _dated(int(found["d"]), month + 1, year, near)
            if meant is not None and meant.weekday() != weekday:
                out.append(found.group(0))
    return out
