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

import orjson

from gponline_sdk.errors import InputFileError, Problem, ValidationError
from gponline_sdk.reporting._event_columns import CSV, JSON, BadCell, Column, Parser, columns_of
from gponline_sdk.reporting._textfile import (
    DEFAULT_MAX_PROBLEMS,
    ProblemLog,
    csv_table,
    decoded_lines,
    duplicate_key_location,
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


def csv_columns(kind: type[E]) -> tuple[str, ...]:
    """The CSV header columns (and JSON Lines keys) for an event type, in order."""
    return tuple(c.name for c in columns_of(kind))


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


def _construct(kind: type[E], values: dict[str, Any], where: str, log: ProblemLog) -> E | None:
    try:
        return kind(**values)
    except ValidationError as exc:
        _log_invalid(exc, where, log)
        return None


def _log_invalid(exc: ValidationError, where: str, log: ProblemLog) -> None:
    # The models' validators name the field and never echo the value.
    for problem in exc.problems:
        log.add(f"{where}:{problem.location}", problem.message)


# A CSV plan: for each column present, its cell position, name, parser and
# whether it is required; resolved once per file so the per-row loop touches
# only plain tuples.
_Plan = list[tuple[int, str, Parser, bool]]


def _from_row(kind: type[E], plan: _Plan, cells: list[str], line: int, log: ProblemLog) -> E | None:
    values: dict[str, Any] = {}
    failed = False
    for index, name, parse, required in plan:
        raw = cells[index]
        if not raw:
            if required:
                log.add(f"{log.name}:{line}:{name}", "required, but empty")
                failed = True
            continue
        try:
            values[name] = parse(raw, CSV)
        except BadCell as bad:
            log.add(f"{log.name}:{line}:{name}", str(bad))
            failed = True
    if failed:
        return None
    try:
        return kind(**values)
    except ValidationError as exc:
        # The location is built only for a bad row, not for every row.
        _log_invalid(exc, f"{log.name}:{line}", log)
        return None


def _from_object(
    kind: type[E], spec: tuple[Column, ...], obj: dict[str, Any], where: str, log: ProblemLog
) -> E | None:
    values: dict[str, Any] = {}
    failed = False
    for column in spec:
        raw = obj.get(column.name)
        if raw is None:
            if column.required:
                log.add(f"{where}:{column.name}", "required, but missing or null")
                failed = True
            continue
        try:
            values[column.name] = column.parse(raw, JSON)
        except BadCell as bad:
            log.add(f"{where}:{column.name}", str(bad))
            failed = True
    return None if failed else _construct(kind, values, where, log)


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
    spec = columns_of(kind)
    return _csv_events(Path(path), kind, _kept(spec, skip_identifiers), max_problems)


def _kept(spec: tuple[Column, ...], skip_identifiers: bool) -> tuple[Column, ...]:
    return tuple(c for c in spec if not (skip_identifiers and c.identifier))


def _csv_events(
    path: Path, kind: type[E], spec: tuple[Column, ...], max_problems: int
) -> Iterator[E]:
    log = ProblemLog(path, max_problems)
    known = list(csv_columns(kind))
    required = [c.name for c in spec if c.required]
    with open_input(path, log) as stream:
        names, rows = csv_table(stream, log, known=known, required=required)
        # Resolve columns to cell positions once, not per row.
        plan = [(names.index(c.name), c.name, c.parse, c.required) for c in spec if c.name in names]
        for line, cells in rows:
            event = _from_row(kind, plan, cells, line, log)
            if event is not None:
                yield event
    log.raise_if_any()


def type_csv_rows(
    kind: type[E],
    names: list[str],
    rows: Iterable[tuple[int, list[str]]],
    log: ProblemLog,
    *,
    skip_identifiers: bool = False,
) -> Iterator[E]:
    """Type `(line, cells)` rows (`csv_rows`) of a file with columns `names` as the reader does.

    Each bad cell or row goes to `log` exactly as `read_events_csv` logs it;
    for a reader (`reporting.columnar`) that reads part of a file by other means.
    """
    spec = _kept(columns_of(kind), skip_identifiers)
    plan = [(names.index(c.name), c.name, c.parse, c.required) for c in spec if c.name in names]
    for line, cells in rows:
        event = _from_row(kind, plan, cells, line, log)
        if event is not None:
            yield event


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
    spec = _kept(columns_of(kind), skip_identifiers)
    return _jsonl_events(Path(path), kind, spec, max_problems)


def _jsonl_events(
    path: Path, kind: type[E], spec: tuple[Column, ...], max_problems: int
) -> Iterator[E]:
    log = ProblemLog(path, max_problems)
    with open_input(path, log) as stream:
        yield from _jsonl_lines(kind, spec, enumerate(decoded_lines(stream, log), 1), log)
    log.raise_if_any()


def type_jsonl_lines(
    kind: type[E],
    lines: Iterable[tuple[int, str]],
    log: ProblemLog,
    *,
    skip_identifiers: bool = False,
) -> Iterator[E]:
    """Type `(line number, text)` lines of a JSON Lines file as the reader does.

    Each bad line goes to `log` exactly as `read_events_jsonl` logs it; for a
    reader (`reporting.columnar`) that reads part of a file by other means.
    """
    return _jsonl_lines(kind, _kept(columns_of(kind), skip_identifiers), lines, log)


def _jsonl_lines(
    kind: type[E], spec: tuple[Column, ...], lines: Iterable[tuple[int, str]], log: ProblemLog
) -> Iterator[E]:
    columns = csv_columns(kind)
    known = set(columns)
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{log.name}:{number}"
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            # exc.msg is orjson's fixed description; exc.doc (the line) is never shown.
            log.add(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            log.add(where, "expected a JSON object")
            continue
        duplicated = duplicate_key_location(line, obj)
        if duplicated is not None:
            # orjson keeps the last of two equal keys: refuse rather than guess.
            log.add(f"{where}:{duplicated}", "a key is given more than once")
            continue
        extra = sorted(k for k in obj if k not in known)
        if extra:
            log.add(where, f"{len(extra)} unknown key(s); expected keys: {', '.join(columns)}")
            continue
        event = _from_object(kind, spec, obj, where, log)
        if event is not None:
            yield event


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
