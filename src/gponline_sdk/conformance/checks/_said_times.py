"""The times of day a message names, as a patient would read them (round 11, contract 2.6.0).

A closed message tells the patient when the form opens again. One that says "We open again at
07:00" for an 08:00 opening (the time formatted in UTC, in summer) sends them back at the wrong
hour, whatever `next_opening` says. The words are free, so the rule is narrow: where the
message names any time of day, the opening's Europe/London time is among them. Read as times:
``08:00``, ``8:00``, ``08.00``, ``8am``, ``8.00 a.m.``, ``8:00pm``; a bare number ("at 8") and
the parts of a date ("30.11.2026") are not.
"""

from __future__ import annotations

import re
from datetime import time

__all__ = ["times_named"]

_TIME = re.compile(
    r"(?<![\d.:/])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::\d{2})?)?(?![\d])(?![.:/]\d)"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)


def times_named(message: str) -> list[tuple[str, time]]:
    """Each time of day `message` names: (the words, the time they mean).

    >>> [t for _, t in times_named("Open 8am to 6.30pm; from 08:00 on Monday 30.11.2026")]
    [datetime.time(8, 0), datetime.time(18, 30), datetime.time(8, 0)]
    """
    out = []
    for found in _TIME.finditer(message):
        hour, minute, half = int(found["h"]), found["m"], found["ap"]
        if minute is None and half is None:
            continue  # a bare number: a count, a day, not a time
        minutes = int(minute or 0)
        if minutes > 59:
            continue
        if half is not None:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if half.lower() == "p" else 0)
        elif hour > 23:
            continue
        out.append((found.group(0).strip(), time(hour, minutes)))
    return out
