"""The participation list: which practices' data may be sent, and what was left out.

Each Monday (the next working day after a bank holiday) NHS England publishes
the practices approved on CQRS. Records for a practice not on the list are
rejected by the national pipeline, so a supplier filters by it first.

Approval is not a start date (confirmed, NHS England): once a practice is
approved, NHS England may have all of its OC/VC data, historic data included.
So a listed practice's records are all kept, whatever their date, and the only
reason a record is left out is that its practice is not on the list.

NHS England has not published the list's file format, so the SDK reads a UTF-8
CSV file with a header row (provisional). Columns (header names are matched
ignoring case, surrounding spaces, and spaces for underscores; other columns
are ignored):

- `practice_code` (required): the practice's ODS code, e.g. `A81001`;
- `practice_name` (optional): for people reading the file;
- `approved_from` or `approval_date` (optional, `YYYY-MM-DD` or `DD/MM/YYYY`):
  when the practice was approved. Information only, for reports: it never
  filters anything. A date that cannot be read is logged (file, line, column)
  and left blank rather than rejecting the list.

An empty file, a header without `practice_code`, a file listing no practice,
or any bad ODS code is an `InputFileError` naming file and line: a list that
silently dropped a broken row would silently drop that practice's data. A
practice listed twice keeps its earliest known approval date.
"""

from __future__ import annotations

import enum
import logging
import re
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
from gponline_sdk.serde.converter import parse_date

__all__ = [
    "ExclusionReason",
    "ExclusionReport",
    "ParticipatingPractice",
    "ParticipationList",
]

_logger = logging.getLogger(__name__)

R = TypeVar("R")
# `approval_date` is read as another name for `approved_from`: the list's real
# column names are not published.
_DATE_COLUMNS = ("approved_from", "approval_date")
_COLUMNS = ("practice_code", "practice_name", *_DATE_COLUMNS)
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class ExclusionReason(enum.Enum):
    """Why a record was left out.

    Only one reason exists: approval covers a practice's historic data, so a
    record's date never leaves it out (the former `BEFORE_APPROVAL` is gone).
    """

    NOT_LISTED = "practice not on the participation list"


@attrs.frozen(kw_only=True)
class ParticipatingPractice:
    """One row of the participation list.

    Attributes:
        practice_code: The practice's ODS code.
        practice_name: Its name, if the list gives one.
        approved_from: When it was approved on CQRS, if the list says;
            information only (approval covers historic data too).
    """

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


@attrs.frozen
class ParticipationList:
    """The practices approved to have their data sent, keyed by ODS code.

    Build one with `load` (from NHS England's CSV) or `of` (from codes).
    """

    practices: Mapping[OdsCode, ParticipatingPractice]
    source: str = "<memory>"

    @classmethod
    def of(cls, codes: Iterable[str], *, source: str = "<memory>") -> ParticipationList:
        """A list of the given ODS codes (no approval dates).

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
                ODS code, or a file that is not UTF-8. An unreadable approval
                date is not an error (it is information only): it is logged
                and left blank.
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

    def reason_to_exclude(self, practice: OdsCode) -> ExclusionReason | None:
        """Why a record of `practice` must be left out, or None to keep it.

        The record's date plays no part: approval covers historic data.
        """
        return None if practice in self.practices else ExclusionReason.NOT_LISTED

    def filter(self, records: Iterable[R]) -> tuple[Iterator[R], ExclusionReport]:
        """Keep the records of participating practices, streaming, and report the rest.

        Works for any record with a `practice_code`. A listed practice's
        records are all kept, whatever their date (approval is not a start
        date: NHS England may have the practice's historic data too). A record
        whose `practice_code` is None (an incident affecting every practice)
        is kept.

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
                reason = self.reason_to_exclude(practice)
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
    for column in _DATE_COLUMNS:
        text = row.get(column, "").strip()
        if not text:
            continue
        approved = _approval_date(text)
        if approved is None:
            # Information only: a date we cannot read must not stop the practice's data.
            _logger.warning(
                "%s:%s: not a date (YYYY-MM-DD or DD/MM/YYYY); ignored (information only)",
                where,
                column,
            )
        else:
            values["approved_from"] = approved
            break
    return ParticipatingPractice(**values)


def _approval_date(text: str) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        pass
    uk = _UK_DATE.fullmatch(text)
    try:
        return date(int(uk[3]), int(uk[2]), int(uk[1])) if uk else None
    except ValueError:
        return None


def _merge(a: ParticipatingPractice, b: ParticipatingPractice) -> ParticipatingPractice:
    dates = [d for d in (a.approved_from, b.approved_from) if d is not None]
    return attrs.evolve(
        a,
        approved_from=min(dates) if dates else None,
        practice_name=a.practice_name or b.practice_name,
    )
