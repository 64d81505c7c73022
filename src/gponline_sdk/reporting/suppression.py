"""NHS small-number suppression for counts shared beyond NHS England.

The NHS standard for published sub-national counts:

- 0 stays 0;
- 1 to 7 are suppressed (shown as `*`, here the `SUPPRESSED` marker);
- every other count is rounded to the nearest 5. Counts are whole numbers, so
  there is never a tie: a remainder of 1 or 2 rounds down, 3 or 4 rounds up
  (8 -> 10, 12 -> 10, 13 -> 15).

National totals are not suppressed: compute them from the unsuppressed rows,
never by adding up suppressed ones.

The weekly submission to NHS England is never suppressed; this is for the
outputs a supplier shares further (reports to practices, ICBs, the public).
Suppressed rows have their own types (`PublishedOcAggregate`,
`PublishedVcAggregate`) because a national `OcAggregate` can only hold exact
counts: a suppressed count can never be mistaken for a real one.

`total_minutes` of video consultations is not a count of people, but a small
number of sessions can be read back from it, so it is suppressed whenever
`completed` is, and otherwise rounded to the nearest 5 like the counts.
Secondary suppression (hiding a second cell so that a suppressed one cannot
be worked out from a total) is not done here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Literal, TypeAlias

import attrs

from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models.consultation import RequestType
from gponline_sdk.models.identifiers import OdsCode
from gponline_sdk.models.usage import OcAggregate, VcAggregate

__all__ = [
    "SUPPRESSED",
    "SUPPRESSION_THRESHOLD",
    "PublishedCount",
    "PublishedOcAggregate",
    "PublishedVcAggregate",
    "Suppressed",
    "suppress_count",
    "suppress_oc",
    "suppress_vc",
]

SUPPRESSION_THRESHOLD = 7
"""Counts from 1 up to and including this are suppressed."""


class Suppressed(enum.Enum):
    """The marker for a suppressed count; its value is how published tables show it."""

    SUPPRESSED = "*"

    def __str__(self) -> str:
        return self.value


SUPPRESSED = Suppressed.SUPPRESSED
"""A count from 1 to 7 that must not be shown."""

PublishedCount: TypeAlias = int | Literal[Suppressed.SUPPRESSED]
"""A count after suppression: 0, a multiple of 5 from 10 up, or `SUPPRESSED`."""


def suppress_count(count: int) -> PublishedCount:
    """Apply the NHS small-number rule to one count.

    >>> [suppress_count(n) for n in (0, 1, 7, 8, 12, 13, 102)]
    [0, <Suppressed.SUPPRESSED: '*'>, <Suppressed.SUPPRESSED: '*'>, 10, 10, 15, 100]

    Raises:
        ValidationError: if `count` is not a whole number of 0 or more.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValidationError([Problem(location="count", message="expected a whole number >= 0")])
    if count == 0:
        return 0
    if count <= SUPPRESSION_THRESHOLD:
        return SUPPRESSED
    return 5 * ((count + 2) // 5)


@attrs.frozen(kw_only=True)
class PublishedOcAggregate:
    """An `OcAggregate` row after small-number suppression."""

    practice_code: OdsCode
    date: date
    request_type: RequestType
    submissions: PublishedCount
    submissions_out_of_core_hours: PublishedCount


@attrs.frozen(kw_only=True)
class PublishedVcAggregate:
    """A `VcAggregate` row after small-number suppression."""

    practice_code: OdsCode
    date: date
    scheduled: PublishedCount
    completed: PublishedCount
    total_minutes: PublishedCount


def suppress_oc(rows: Iterable[OcAggregate]) -> Iterator[PublishedOcAggregate]:
    """Suppress each count of each online consultation row."""
    for row in rows:
        yield PublishedOcAggregate(
            practice_code=row.practice_code,
            date=row.date,
            request_type=row.request_type,
            submissions=suppress_count(row.submissions),
            submissions_out_of_core_hours=suppress_count(row.submissions_out_of_core_hours),
        )


def suppress_vc(rows: Iterable[VcAggregate]) -> Iterator[PublishedVcAggregate]:
    """Suppress each count of each video consultation row (minutes follow `completed`)."""
    for row in rows:
        completed = suppress_count(row.completed)
        minutes: PublishedCount = (
            SUPPRESSED if completed is SUPPRESSED else _round_to_five(row.total_minutes)
        )
        yield PublishedVcAggregate(
            practice_code=row.practice_code,
            date=row.date,
            scheduled=suppress_count(row.scheduled),
            completed=completed,
            total_minutes=minutes,
        )


def _round_to_five(value: int) -> int:
    return 5 * ((value + 2) // 5)
