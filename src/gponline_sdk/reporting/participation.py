"""The participation list: which practices' data may be sent, and what was left out.

Each Monday (the next working day after a bank holiday) NHS England publishes
the practices approved on CQRS. Records for a practice not on the list are
rejected by the national pipeline, so a supplier filters by it first.

The list is a UTF-8 CSV file with a header row. Columns (header names are
matched ignoring case, surrounding spaces, and spaces for underscores; other
columns are ignored):

- `practice_code` (required): the practice's ODS code, e.g. `A81001`;
- `practice_name` (optional): for people reading the file;
- `approved_from` (optional, `YYYY-MM-DD`): the first day the practice's data
  may be sent. Records dated before it are left out too.

An empty file, a header without `practice_code`, a file listing no practice,
or any bad ODS code or date is an `InputFileError` naming file and line: a
list that silently dropped a broken row would silently drop that practice's
data. A practice listed twice keeps its earliest `approved_from`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import attrs

from gponline_sdk.errors import InputFileError, Problem, ValidationError
from gponline_sdk.models.identifiers import OdsCode
from gponline_sdk.reporting._textfile import (
    DEFAULT_MAX_PROBLEMS,
    ProblemLog,
    csv_table,
    open_input,
)
from gponline_sdk.reporting.aggregate import local_date
from gponline_sdk.serde.converter import parse_date

__all__ = [
    "ExclusionReason",
    "ExclusionReport",
    "ParticipatingPractice",
    "ParticipationList",
]

R = TypeVar("R")
_COLUMNS = ("practice_code", "practice_name", "approved_from")


class ExclusionReason(enum.Enum):
    """Why a record was left out."""

    NOT_LISTED = "practice not on the participation list"
    BEFORE_APPROVAL = "dated before the practice's approved_from date"


@attrs.frozen(kw_only=True)
class ParticipatingPractice:
    """One row of the participation list."""

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    practice_name: str | None = None
    approved_from: date | None = None


@attrs.define
class ExclusionReport:
    """What `ParticipationList.filter` kept and left out, counted per practice and reason.

    It fills in as the kept records are consumed; `complete` turns True once
    the input has been read to the end.
    """

    kept: int = 0
    excluded: dict[tuple[OdsCode, ExclusionReason], int] = attrs.field(factory=dict)
    complete: bool = False

    @property
    def total_excluded(self) -> int:
        """How many records were left out in all."""
        return sum(self.excluded.values())

    def by_practice(self) -> dict[OdsCode, int]:
        """Records left out per practice, whatever the reason, sorted by practice."""
        out: dict[OdsCode, int] = {}
        for (practice, _), count in sorted(self.excluded.items()):
            out[practice] = out.get(practice, 0) + count
        return out

    def lines(self) -> list[str]:
        """One plain line per practice and reason, for a person to read."""
        return [
            f"{practice}: {count} record{'s' if count != 1 else ''} left out ({reason.value})"
            for (practice, reason), count in sorted(
                self.excluded.items(), key=lambda item: (item[0][0], item[0][1].name)
            )
        ]

    def add(self, practice: OdsCode, reason: ExclusionReason) -> None:
        """Count one record left out."""
        key = (practice, reason)
        self.excluded[key] = self.excluded.get(key, 0) + 1


def _record_day(record: object) -> date | None:
    for name in ("submitted_at", "scheduled_start", "started_at"):
        instant = getattr(record, name, None)
        if instant is not None:
            return local_date(instant)
    day = getattr(record, "date", None)
    return day if isinstance(day, date) else None


@attrs.frozen
class ParticipationList:
    """The practices approved to have their data sent, keyed by ODS code.

    Build one with `load` (from NHS England's CSV) or `of` (from codes).
    """

    practices: Mapping[OdsCode, ParticipatingPractice]
    source: str = "<memory>"

    @classmethod
    def of(cls, codes: Iterable[str], *, source: str = "<memory>") -> ParticipationList:
        """A list of the given ODS codes, approved with no start date.

        Raises:
            ValidationError: if a code is not an ODS code.
        """
        practices = {OdsCode(c): ParticipatingPractice(practice_code=c) for c in codes}
        return cls(practices, source)

    @classmethod
    def load(
        cls, path: str | Path, *, max_problems: int = DEFAULT_MAX_PROBLEMS
    ) -> ParticipationList:
        """Load the participation list from CSV.

        Raises:
            InputFileError: naming file and line, for an empty file, a missing
                `practice_code` column, a file listing no practice, a bad
                ODS code or date, or a file that is not UTF-8.
        """
        target = Path(path)
        log = ProblemLog(target, max_problems)
        practices: dict[OdsCode, ParticipatingPractice] = {}
        with open_input(target, log) as stream:
            names, rows = csv_table(
                stream, log, known=_COLUMNS, required=("practice_code",), loose_header=True
            )
            for line, cells in rows:
                row = dict(zip(names, cells, strict=True))
                entry = _entry(row, f"{log.name}:{line}", log)
                if entry is None:
                    continue
                earlier = practices.get(entry.practice_code)
                if earlier is not None:
                    entry = _merge(earlier, entry)
                practices[entry.practice_code] = entry
        log.raise_if_any()
        if not practices:
            raise InputFileError(
                str(target),
                [Problem(location=f"{log.name}:2", message="the list names no practice")],
            )
        return cls(practices, str(target))

    def __len__(self) -> int:
        return len(self.practices)

    def __contains__(self, code: object) -> bool:
        return code in self.practices

    def reason_to_exclude(self, practice: OdsCode, day: date | None) -> ExclusionReason | None:
        """Why a record of `practice` dated `day` must be left out, or None to keep it."""
        entry = self.practices.get(practice)
        if entry is None:
            return ExclusionReason.NOT_LISTED
        if entry.approved_from is not None and day is not None and day < entry.approved_from:
            return ExclusionReason.BEFORE_APPROVAL
        return None

    def filter(self, records: Iterable[R]) -> tuple[Iterator[R], ExclusionReport]:
        """Keep the records of participating practices, streaming, and report the rest.

        Works for any record with a `practice_code`; its day (London date of
        `submitted_at`, `scheduled_start` or `started_at`, or its `date`) is
        checked against `approved_from`. A record whose `practice_code` is None
        (an incident affecting every practice) is kept.

        Returns:
            The kept records (a generator) and the report, which is complete
            once the generator is exhausted.
        """
        report = ExclusionReport()
        return self._filtered(records, report), report

    def _filtered(self, records: Iterable[R], report: ExclusionReport) -> Iterator[R]:
        for record in records:
            practice = getattr(record, "practice_code", None)
            if practice is not None:
                reason = self.reason_to_exclude(practice, _record_day(record))
                if reason is not None:
                    report.add(practice, reason)
                    continue
            report.kept += 1
            yield record
        report.complete = True


def _entry(row: dict[str, str], where: str, log: ProblemLog) -> ParticipatingPractice | None:
    values: dict[str, Any] = {}
    code = row.get("practice_code", "").strip().upper()
    try:
        values["practice_code"] = OdsCode(code)
    except ValidationError:
        log.add(f"{where}:practice_code", "not a GP practice ODS code (a letter and 5 digits)")
        return None
    name = row.get("practice_name", "").strip()
    if name:
        values["practice_name"] = name
    approved = row.get("approved_from", "").strip()
    if approved:
        try:
            values["approved_from"] = parse_date(approved)
        except ValueError as exc:
            log.add(f"{where}:approved_from", str(exc))
            return None
    return ParticipatingPractice(**values)


def _merge(a: ParticipatingPractice, b: ParticipatingPractice) -> ParticipatingPractice:
    dates = [d for d in (a.approved_from, b.approved_from) if d is not None]
    # "No date" means approved outright, which beats any start date.
    earliest = None if a.approved_from is None or b.approved_from is None else min(dates)
    return attrs.evolve(a, approved_from=earliest, practice_name=a.practice_name or b.practice_name)
