"""The row reader's own code over the part of a file the columns cannot judge alone.

The column checks (`_columns`) say only that a batch holds *something* the
row path would read differently or refuse; they never say what, nor where. So
a batch that fails them, or a block Arrow refuses, is read again here by the
row reader's functions (`csv_rows` and `type_csv_rows` for CSV,
`type_jsonl_lines` for JSON Lines) from the block's first row, on its
physical line: every problem is logged with the file, line and column the row
path gives it, in the same words and order, into the same `ProblemLog`, which
stops the read at the same count. Where the guard refused the bytes
(`RowsFrom`), the rest of the file is read this way from the first row not
yet read.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from gponline_sdk.reporting._textfile import ProblemLog, csv_rows, decoded_lines, open_input
from gponline_sdk.reporting.columnar._batches import Block, RowsFrom
from gponline_sdk.reporting.event_io import type_csv_rows, type_jsonl_lines

__all__ = ["block_problems", "rest_problems"]


def _rows(
    kind: type[Any], stream: IO[bytes], names: list[str] | None, log: ProblemLog, **at: Any
) -> Iterator[Any]:
    """The events of `stream` as the row reader types them (names None: JSON Lines)."""
    if names is None:
        lines = enumerate(decoded_lines(stream, log, **at), at["first_line"])
        return type_jsonl_lines(kind, lines, log, skip_identifiers=True)
    rows = csv_rows(stream, log, width=len(names), **at)
    return type_csv_rows(kind, names, rows, log, skip_identifiers=True)


def block_problems(
    kind: type[Any], block: Block, names: list[str] | None, log: ProblemLog
) -> tuple[int, int]:
    """Log the problems of one block's rows as the row reader would.

    Returns how many problems, and how many events the row reader typed: a caller
    compares the latter with Arrow's rows (a line one reader skips and the other
    does not must not drop or add a record without a word).

    Args:
        kind: The event class.
        block: The block.
        names: The CSV header's column names; None for JSON Lines.
        log: The file's problems so far.

    Raises:
        InputFileError: the log reached its cap, or a problem that stops the read.
    """
    before = len(log.problems)
    # The guard has read these bytes once already: they are not counted again.
    stream = io.BytesIO(block.data)
    events = sum(1 for _ in _rows(kind, stream, names, log, first_line=block.line, counted=False))
    return len(log.problems) - before, events


def rest_problems(
    kind: type[Any], path: Path, where: RowsFrom, names: list[str] | None, log: ProblemLog
) -> None:
    """Log the problems of the rest of the file, from `where`, as the row reader would.

    With no problem logged before, the read stops once it has passed the bytes
    the guard refused (`where.checked_to`) without finding one: the file may
    then be good, and the row path builds it. Otherwise it goes to the end:
    the file is refused, and every problem counts.

    Raises:
        InputFileError: the log reached its cap, or a problem that stops the read.
    """
    with open_input(path, log) as stream:
        stream.seek(where.offset)
        for _ in _rows(kind, stream, names, log, first_line=where.line):
            if not log.problems and stream.tell() >= where.checked_to:
                return
