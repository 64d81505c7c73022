"""Reading text input files safely: UTF-8 lines with file:line errors, and CSV rows.

Shared by the event readers and the participation list. Everything streams: one
line (or CSV record) at a time, and at most `max_problems` problems are kept.
Messages name the file, line and column, never a cell's value.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Any

from gponline_sdk._toml import open_regular
from gponline_sdk.errors import InputFileError, Problem

__all__ = [
    "DEFAULT_MAX_PROBLEMS",
    "MAX_LINE_BYTES",
    "ProblemLog",
    "csv_table",
    "decoded_lines",
    "duplicate_key_location",
    "open_input",
    "open_regular",
]

DEFAULT_MAX_PROBLEMS = 100
MAX_LINE_BYTES = 1 << 20
"""The longest line a reader accepts (1 MiB; free text is capped far below that)."""

# The csv module's default cell limit (128 KiB) is below the line limit: a long cell
# in a column the build never reads (free text) would stop the whole week. Lines are
# capped at 1 MiB already, so a cell may be as long as a line. The limit is process
# wide, so it is only ever raised, never lowered.
if csv.field_size_limit() < MAX_LINE_BYTES:
    csv.field_size_limit(MAX_LINE_BYTES)

_MAX_LISTED = 20
"""How many column positions a header message lists before summing up the rest."""


class ProblemLog:
    """Problems found while reading one file, capped so a broken file cannot eat memory.

    Args:
        path: The file being read (the error's subject).
        max_problems: Stop after this many problems (at least 1).
    """

    def __init__(self, path: Path, max_problems: int = DEFAULT_MAX_PROBLEMS) -> None:
        self.path = path
        self.name = path.name
        self.max_problems = max(1, max_problems)
        self.problems: list[Problem] = []

    def add(self, location: str, message: str) -> None:
        """Record one problem; raise `InputFileError` once the cap is reached."""
        self.problems.append(Problem(location=location, message=message))
        if len(self.problems) >= self.max_problems:
            if self.max_problems > 1:
                self.problems.append(
                    Problem(
                        location=self.name,
                        message=f"stopped reading after {self.max_problems} problems",
                    )
                )
            raise InputFileError(str(self.path), self.problems)

    def fatal(self, location: str, message: str) -> InputFileError:
        """Return the error for a problem that stops the read (with those found before it)."""
        return InputFileError(
            str(self.path), [*self.problems, Problem(location=location, message=message)]
        )

    def raise_if_any(self) -> None:
        """Raise `InputFileError` if any problem was recorded."""
        if self.problems:
            raise InputFileError(str(self.path), self.problems)


def open_input(path: Path, log: ProblemLog) -> IO[bytes]:
    """Open `path` for binary reading; an OS error or a non-regular file is an `InputFileError`."""
    try:
        return open_regular(path)
    except OSError as exc:
        raise log.fatal(log.name, f"cannot open the file: {exc.strerror or 'error'}") from None


READ_PROGRESS: ContextVar[Callable[[int], None] | None] = ContextVar(
    "gponline_read_progress", default=None
)
"""Set (by the CLI's progress display) to a function told the bytes of each line read."""


def decoded_lines(stream: IO[bytes], log: ProblemLog) -> Iterator[str]:
    """Yield each line of `stream` decoded as UTF-8 (a leading BOM dropped).

    Decoding line by line, rather than through a text wrapper, is what lets a
    bad byte be reported with its line number. UTF-16 (by its BOM or by NUL
    bytes), invalid UTF-8 and a line longer than `MAX_LINE_BYTES` (a binary
    file, or one without line breaks, that would otherwise be read into
    memory whole) stop the read with `InputFileError`.
    """
    number = 0
    progress = READ_PROGRESS.get()
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if progress is not None:
            progress(len(line))
        if len(line) > MAX_LINE_BYTES:
            raise log.fatal(f"{log.name}:{number}", f"line is longer than {MAX_LINE_BYTES} bytes")
        if number == 1:
            if line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise log.fatal(f"{log.name}:1", "the file is UTF-16; save it as UTF-8")
            line = line.removeprefix(codecs.BOM_UTF8)
        if b"\x00" in line:
            raise log.fatal(
                f"{log.name}:{number}", "holds NUL bytes (UTF-16 or binary?); save it as UTF-8"
            )
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise log.fatal(
                f"{log.name}:{number}",
                f"not UTF-8 (byte 0x{line[exc.start]:02X} at byte {exc.start + 1} of the line);"
                " save the file as UTF-8",
            ) from None
        yield text


def _header_key(cell: str, *, loose: bool) -> str:
    key = cell.strip()
    return key.lower().replace(" ", "_") if loose else key


def csv_table(
    stream: IO[bytes],
    log: ProblemLog,
    *,
    known: Collection[str],
    required: Collection[str],
    loose_header: bool = False,
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Read the header of a UTF-8 CSV stream; return its column names and the data rows.

    The rows are yielded as `(line, cells)`, `line` being the physical line the
    row starts on (the header is line 1). Blank lines are skipped; a row with
    the wrong number of cells is logged and skipped. With `loose_header`,
    header names are matched ignoring case and spaces and unknown columns are
    ignored; otherwise an unknown column is an error (it is usually a typo).
    Header problems stop the read at once.
    """
    reader = csv.reader(decoded_lines(stream, log), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise log.fatal(f"{log.name}:1", f"malformed CSV header: {exc}") from None
    if not header:
        raise log.fatal(f"{log.name}:1", "the file is empty: expected a header row")
    names = [_header_key(cell, loose=loose_header) for cell in header]
    _check_header(names, log, known=known, required=required, strict=not loose_header)
    return names, _rows(reader, len(names), log)


def _rows(reader: Any, width: int, log: ProblemLog) -> Iterator[tuple[int, list[str]]]:
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            raise log.fatal(f"{log.name}:{start}", f"malformed CSV: {exc}") from None
        if cells is None:
            return
        if len(cells) == width:
            yield start, cells
        elif cells:
            log.add(f"{log.name}:{start}", f"row has {len(cells)} fields, the header has {width}")


def _check_header(
    names: list[str],
    log: ProblemLog,
    *,
    known: Collection[str],
    required: Collection[str],
    strict: bool,
) -> None:
    where = f"{log.name}:1"
    problems: list[str] = []
    # Unknown names are reported by position, never quoted: a file exported
    # without its header has patient data in the first row.
    unknown = [str(i + 1) for i, n in enumerate(names) if n not in known]
    if strict and unknown:
        # A header of 100k columns must not give a message of 100k positions.
        listed = ", ".join(unknown[:_MAX_LISTED])
        if len(unknown) > _MAX_LISTED:
            listed += f" and {len(unknown) - _MAX_LISTED} more"
        problems.append(
            f"unknown column(s) at position {listed}; expected columns: {', '.join(known)}"
        )
    known_set = set(known)
    counts: dict[str, int] = {}
    for n in names:
        if n in known_set:
            counts[n] = counts.get(n, 0) + 1
    dupes = sorted(n for n, c in counts.items() if c > 1)
    if dupes:
        problems.append(f"column(s) given more than once: {', '.join(dupes)}")
    missing = [n for n in required if n not in names]
    if missing:
        hint = " (is the header row missing?)" if not set(names) & set(known) else ""
        problems.append(f"missing required column(s): {', '.join(missing)}{hint}")
    if problems:
        raise InputFileError(str(log.path), [Problem(location=where, message=m) for m in problems])


# A JSON string token. In a document already parsed as valid JSON, `"` occurs only
# inside strings, so scanning string tokens left to right tokenises it exactly;
# a string followed by `:` is an object key.
_KEY_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?')  # unrolled: no backtracking


def _count_keys(value: object) -> int:
    # Records are flat: only containers are descended into, scalars cost one type check.
    n = 0
    items: Iterable[object]
    if type(value) is dict:
        n = len(value)
        items = value.values()
    elif type(value) is list:
        items = value
    else:
        return 0
    for item in items:
        if type(item) is dict or type(item) is list:
            n += _count_keys(item)
    return n


def duplicate_key_location(text: str, parsed: object, prefix: str = "$") -> str | None:
    """Where a JSON text gives one object key twice (`$.records[3]`, key #2), or None.

    Fast JSON parsers keep the last of duplicate keys silently; the national
    pipeline may keep the first. The cheap check compares the key tokens in
    `text` with the keys `parsed` kept; only when they differ is the text parsed
    again to find where. The location names the object and the key's position,
    never the key: an unknown key may be a patient's name.
    """
    if "{" not in text:
        return None
    tokens = _KEY_TOKEN.findall(text)  # one group: ":" (with spaces) after a key, else ""
    if len(tokens) - tokens.count("") == _count_keys(parsed):
        return None
    import json  # noqa: PLC0415 - the slow path runs only for a broken document

    def hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [k for k, _ in pairs]
        if len(set(keys)) == len(keys):
            return dict(pairs)
        return _Duplicated(
            pairs, position=next(i for i, k in enumerate(keys, 1) if k in keys[: i - 1])
        )

    try:
        doc = json.loads(text, object_pairs_hook=hook)
    except ValueError:
        return prefix
    return _find_duplicated(doc, prefix) or prefix


class _Duplicated(dict):  # type: ignore[type-arg]
    """An object read with a key given twice; `position` is that key's position."""

    def __init__(self, pairs: list[tuple[str, object]], *, position: int) -> None:
        super().__init__(pairs)
        self.position = position


def _find_duplicated(value: object, path: str) -> str | None:
    if isinstance(value, _Duplicated):
        return f"{path} (key #{value.position})"
    if isinstance(value, dict):
        for position, item in enumerate(value.values(), 1):
            # Keys are given by position: an unknown key may be a patient's name.
            found = _find_duplicated(item, f"{path}.<key #{position}>")
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_duplicated(item, f"{path}[{index}]")
            if found:
                return found
    return None
