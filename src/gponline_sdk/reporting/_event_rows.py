"""Typing one CSV row or one JSON line into an event, as the readers do: their shared core.

Private to `gponline_sdk.reporting`: `event_io`'s readers run every row
through these functions, and the columnar build (`reporting.columnar`) runs
the rows it cannot judge over whole columns through the same ones, so that a
bad row is reported in the same words, at the same file, line and column.
Messages never quote a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import orjson

from gponline_sdk.errors import ValidationError
from gponline_sdk.reporting._event_columns import CSV, JSON, BadCell, Column, Parser, columns_of
from gponline_sdk.reporting._textfile import ProblemLog, duplicate_key_location
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent

__all__ = ["csv_columns", "from_row", "jsonl_lines", "kept", "type_csv_rows", "type_jsonl_lines"]

E = TypeVar("E", OcEvent, VcEvent, PracticeInstallation)


def csv_columns(kind: type[E]) -> tuple[str, ...]:
    """The CSV header columns (and JSON Lines keys) for an event type, in order."""
    return tuple(c.name for c in columns_of(kind))


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


def from_row(kind: type[E], plan: _Plan, cells: list[str], line: int, log: ProblemLog) -> E | None:
    """One CSV row's event, or None with its problems logged (file, line, column)."""
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


def kept(spec: tuple[Column, ...], skip_identifiers: bool) -> tuple[Column, ...]:
    """The columns read: all, or all but the identifier and free-text ones."""
    return tuple(c for c in spec if not (skip_identifiers and c.identifier))


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
    spec = kept(columns_of(kind), skip_identifiers)
    plan = [(names.index(c.name), c.name, c.parse, c.required) for c in spec if c.name in names]
    for line, cells in rows:
        event = from_row(kind, plan, cells, line, log)
        if event is not None:
            yield event


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
    return jsonl_lines(kind, kept(columns_of(kind), skip_identifiers), lines, log)


def jsonl_lines(
    kind: type[E], spec: tuple[Column, ...], lines: Iterable[tuple[int, str]], log: ProblemLog
) -> Iterator[E]:
    """Each JSON line's event; a bad line's problems are logged (file, line, key)."""
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
