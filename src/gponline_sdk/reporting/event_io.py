"""Read a supplier's events from Python iterables, CSV and JSON Lines, as a stream.

Each reader is a generator: it holds one row at a time, so memory stays flat
however long the file is. Files must be UTF-8 (a leading byte order mark is
allowed); anything else stops the read with an error naming file and line.

Columns (CSV header, or keys of each JSON Lines object) are the event's field
names; required ones are marked *, the others may be left empty (CSV) or
null/absent (JSON):

- `OcEvent`: event_id*, practice_code*, submitted_at*, category*,
  requester_role, nhs_number, patient_name, description, contact_email,
  contact_phone, attachment_count, coded_request_type
- `VcEvent`: session_id*, practice_code*, scheduled_start*, status*,
  duration_minutes, nhs_number, patient_name
- `PracticeInstallation`: practice_code*, product*, product_name*,
  installation_date*, status, status_date, photo_upload_enabled

Instants are ISO 8601 with a UTC offset (`2026-11-16T09:30:00Z`); a naive
time is refused, since guessing its zone shifts it by an hour half the year.
Dates are `YYYY-MM-DD`; enums take their wire values (`describe_symptoms`);
booleans are `true`/`false` (CSV also `1`/`0`, `yes`/`no`).

Bad rows are skipped and collected; when the stream ends (or after
`max_problems` problems) the reader raises one `InputFileError` listing each
problem as `events.csv:14:practice_code: not a GP practice ODS code`. Pass
`max_problems=1` to stop at the first. With `skip_identifiers=True` the
identifier and free-text columns are not read at all (data minimisation: the
anonymiser never uses them). A consumer that writes output must
therefore write it atomically and discard it on error. Messages name the
column and what was expected, never the value: a bad cell may be an NHS
number or a name typed into the wrong column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from gponline_sdk.errors import InputFileError, Problem, ValidationError
from gponline_sdk.reporting._event_columns import Column, columns_of
from gponline_sdk.reporting._event_rows import (
    csv_columns,
    jsonl_lines,
    kept,
    type_csv_rows,
    type_jsonl_lines,
)
from gponline_sdk.reporting._textfile import (
    DEFAULT_MAX_PROBLEMS,
    ProblemLog,
    csv_table,
    decoded_lines,
    open_input,
)
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent

__all__ = [
    "DEFAULT_MAX_PROBLEMS",
    "csv_columns",
    "iter_events",
    "read_events",
    "read_events_csv",
    "read_events_jsonl",
    "type_csv_rows",
    "type_jsonl_lines",
]

E = TypeVar("E", OcEvent, VcEvent, PracticeInstallation)


def iter_events(items: Iterable[Any], kind: type[E]) -> Iterator[E]:
    """Pass events through from Python objects, checking each is a `kind`.

    Raises:
        ValidationError: at `$[i]` for the first item of another type.
    """
    columns_of(kind)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise ValidationError(
                [
                    Problem(
                        location=f"$[{index}]",
                        message=f"expected {kind.__name__}, got {type(item).__name__}",
                    )
                ]
            )
        yield item


def read_events_csv(
    path: str | Path,
    kind: type[E],
    *,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
    skip_identifiers: bool = False,
) -> Iterator[E]:
    """Stream events of type `kind` from a UTF-8 CSV file with a header row.

    Args:
        path: The CSV file.
        kind: `OcEvent`, `VcEvent` or `PracticeInstallation`.
        max_problems: Stop after this many bad cells or rows (1: stop at the first).
        skip_identifiers: Leave the identifier and free-text columns (NHS
            number, name, description, email, phone) unread: the events get
            None (or "") there. Anonymising never needs them, so the weekly
            job can keep them out of memory altogether, and it is faster.

    Returns:
        A generator of events; it raises `InputFileError` (file, line, column)
        once the file is read if any row was bad, or at once for a bad header,
        a wrong encoding or broken CSV quoting.
    """
    columns_of(kind)  # an unknown kind is refused now, not at the first row
    return _csv_events(Path(path), kind, skip_identifiers, max_problems)


def _csv_events(
    path: Path, kind: type[E], skip_identifiers: bool, max_problems: int
) -> Iterator[E]:
    log = ProblemLog(path, max_problems)
    spec = kept(columns_of(kind), skip_identifiers)
    required = [c.name for c in spec if c.required]
    with open_input(path, log) as stream:
        names, rows = csv_table(stream, log, known=list(csv_columns(kind)), required=required)
        yield from type_csv_rows(kind, names, rows, log, skip_identifiers=skip_identifiers)
    log.raise_if_any()


def read_events_jsonl(
    path: str | Path,
    kind: type[E],
    *,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
    skip_identifiers: bool = False,
) -> Iterator[E]:
    """Stream events of type `kind` from a JSON Lines file (one JSON object per line).

    Blank lines are skipped; unknown keys, and keys given twice, are refused. Errors as
    for `read_events_csv`.
    """
    columns_of(kind)
    spec = kept(columns_of(kind), skip_identifiers)
    return _jsonl_events(Path(path), kind, spec, max_problems)


def _jsonl_events(
    path: Path, kind: type[E], spec: tuple[Column, ...], max_problems: int
) -> Iterator[E]:
    log = ProblemLog(path, max_problems)
    with open_input(path, log) as stream:
        yield from jsonl_lines(kind, spec, enumerate(decoded_lines(stream, log), 1), log)
    log.raise_if_any()


def read_events(
    path: str | Path,
    kind: type[E],
    *,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
    skip_identifiers: bool = False,
) -> Iterator[E]:
    """Stream events from a `.csv` or `.jsonl` (`.ndjson`) file, chosen by its suffix.

    Raises:
        InputFileError: for any other suffix.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        return read_events_csv(
            target, kind, max_problems=max_problems, skip_identifiers=skip_identifiers
        )
    if suffix in {".jsonl", ".ndjson"}:
        return read_events_jsonl(
            target, kind, max_problems=max_problems, skip_identifiers=skip_identifiers
        )
    raise InputFileError(
        str(target),
        [Problem(location=target.name, message="unknown file type: expected .csv or .jsonl")],
    )
