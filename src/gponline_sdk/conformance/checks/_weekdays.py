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

__all__ = ["dates_named", "relative_days", "weekday_mismatches"]

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


# Round 12 (2.7.0 [SDK]): the dates a message names, with or without a weekday or a year:
# "30 November", "Monday 30th Nov 2026", "November 30", and numbers with a year, day first as
# written in England: "30/11/2026", "30/11/26", "30.11.2026", and ISO "2026-11-30". A day and
# month as bare numbers ("30/11") are left out: "24/7" is not 24 July.
_DAY_MONTH = re.compile(rf"\b{_NUMBER}(?:\s+of)?\s+{_MONTH_WORD}{_YEAR}", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b{_MONTH_WORD}\s+{_NUMBER}\b{_YEAR}", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def dates_named(message: str, near: date) -> list[tuple[str, date]]:
    """Each calendar date `message` names, as written and as read (a year left out: nearest).

    Words that are not a real date ("31 February") are left out.
    """
    out: list[tuple[str, date]] = []
    for named in (_DAY_MONTH, _MONTH_DAY):
        for found in named.finditer(message):
            month = _index(found["mo"], _MONTHS)
            if month is None:
                continue
            year = int(found["y"]) if found["y"] else None
            meant = _dated(int(found["d"]), month + 1, year, near)
            if meant is not None:
                out.append((found.group(0), meant))
    for found in _NUMERIC.finditer(message):
        day, month, year = int(found[1]), int(found[3]), int(found[4])
        meant = _dated(day, month, year + 2000 if year < 100 else year, near)
        if meant is not None:
            out.append((found.group(0), meant))
    for found in _ISO.finditer(message):
        meant = _dated(int(found[3]), int(found[2]), int(found[1]), near)
        if meant is not None:
            out.append((found.group(0), meant))
    return out


# Round 15 (2.11.0 [SDK]): words naming the opening's day by its distance from today, where
# the message ties them to the opening: "open again tomorrow", "opens today at 18:30",
# "tomorrow at 08:00", "from 08:00 tomorrow". "Closed for today" or "a pharmacist can help
# tomorrow" name no opening and are not read ("the pharmacy is open tomorrow" is: keep such
# advice to a weekday's name).
_WORD = r"(today|tomorrow|the day after tomorrow)"
_RELATIVE = re.compile(
    rf"\bopen(?:s|ing)?(?:\s+again)?(?:\s+(?:at|from)\s+[\w.:]+)?\s+{_WORD}\b"
    rf"|\b{_WORD}\s+(?:at|from)\s+\d"
    rf"|\b(?:at|from)\s+\d[\w.:]*\s+{_WORD}\b",
    re.IGNORECASE,
)
_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "the day after tomorrow": 2}


def relative_days(message: str) -> list[tuple[str, int]]:
    """Each word naming the opening's day by its distance from today, and its days ahead.

    >>> relative_days("Closed for today. You can send a request from 08:00 tomorrow.")
    [('tomorrow', 1)]
    >>> relative_days("We open again at 8am the day after tomorrow; or today from 18:00")
    [('the day after tomorrow', 2), ('today', 0)]
    >>> relative_days("We open on Monday. A pharmacist can help you tomorrow (Saturday).")
    []
    """
    out = []
    for m in _RELATIVE.finditer(message):
        word = next(w for w in m.groups() if w)
        out.append((word, _RELATIVE_DAYS[word.lower()]))
    return out
