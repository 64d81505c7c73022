"""Reading text input files safely: UTF-8 lines with file:line errors, and CSV rows.

Shared by the event readers and the participation list. Everything streams: one
line (or CSV record) at a time, and at most `max_problems` problems are kept.
Messages name the file, line and column, never a cell's value.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Collection, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Any

from gponline_sdk._toml import open_regular
from gponline_sdk.errors import InputFileError, Problem
from gponline_sdk.reporting._jsonkeys import duplicate_key_location

__all__ = [
    "DEFAULT_MAX_PROBLEMS",
    "MAX_LINE_BYTES",
    "ProblemLog",
    "csv_rows",
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


def decoded_lines(
    stream: IO[bytes], log: ProblemLog, *, first_line: int = 1, counted: bool = True
) -> Iterator[str]:
    """Yield each line of `stream` decoded as UTF-8 (a leading BOM dropped).

    Decoding line by line, rather than through a text wrapper, is what lets a
    bad byte be reported with its line number. UTF-16 (by its BOM or by NUL
    bytes), invalid UTF-8 and a line longer than `MAX_LINE_BYTES` (a binary
    file, or one without line breaks, that would otherwise be read into
    memory whole) stop the read with `InputFileError`. A stream that starts
    further into the file (`first_line` > 1) is numbered from there; with
    `counted=False` its bytes are not told to `READ_PROGRESS` (read once already).
    """
    number = first_line - 1
    progress = READ_PROGRESS.get() if counted else None
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
    return names, _rows(reader, len(names), log, 0)


def csv_rows(
    stream: IO[bytes], log: ProblemLog, *, width: int, first_line: int, counted: bool = True
) -> Iterator[tuple[int, list[str]]]:
    """The data rows of a stream that starts at a row's start, on physical line `first_line`.

    The rows, and the problems logged, are those `csv_table` gives for the same
    lines of the whole file: a reader that has read up to a row's start by other
    means (`reporting.columnar`) goes on from there as the row reader would.
    """
    lines = decoded_lines(stream, log, first_line=first_line, counted=counted)
    return _rows(csv.reader(lines, strict=True), width, log, first_line - 1)


def _rows(
    reader: Any, width: int, log: ProblemLog, lines_before: int
) -> Iterator[tuple[int, list[str]]]:
    while True:
        start = lines_before + reader.line_num + 1
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
