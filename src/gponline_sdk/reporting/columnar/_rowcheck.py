"""The row reader's own code over the part of a file the columns cannot judge alone.

The column checks (`_columns`) say only that a batch holds *something* the
row path would read differently or refuse; they never say what, nor where. So
a batch that fails them, or a block Arrow refuses, is read again here by the
row reader's functions (`csv_rows`, `type_csv_rows`) from the block's first
row, on its physical line: every problem is logged with the file, line and
column the row path gives it, in the same words and order, into the same
`ProblemLog`, which stops the read at the same count. Where the guard refused
the bytes (`RowsFrom`), the rest of the file is read this way from the first
row not yet read.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from gponline_sdk.reporting._textfile import ProblemLog, csv_rows, open_input
from gponline_sdk.reporting.columnar._batches import Block, RowsFrom
from gponline_sdk.reporting.event_io import type_csv_rows

__all__ = ["block_problems", "rest_problems"]


def block_problems(kind: type[Any], block: Block, names: list[str], log: ProblemLog) -> int:
    """Log the problems of one block's rows as the row reader would; return how many.

    Raises:
        InputFileError: the log reached its cap, or a problem that stops the read.
    """
    before = len(log.problems)
    # The guard has read these bytes once already: they are not counted again.
    stream = io.BytesIO(block.data)
    rows = csv_rows(stream, log, width=len(names), first_line=block.line, counted=False)
    for _ in type_csv_rows(kind, names, rows, log, skip_identifiers=True):
        pass
    return len(log.problems) - before


def rest_problems(
    kind: type[Any], path: Path, where: RowsFrom, names: list[str], log: ProblemLog
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
        rows = csv_rows(stream, log, width=len(names), first_line=where.line)
        for _ in type_csv_rows(kind, names, rows, log, skip_identifiers=True):
            if not log.problems and stream.tell() >= where.checked_to:
                return
