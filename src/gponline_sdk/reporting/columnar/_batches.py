"""The event file's rows in Arrow record batches, read a block at a time by this process.

Arrow's own streaming CSV reader reads up to 32 blocks ahead on a background
thread, so its memory is 32 times the block size. Here each block is read
(through `GuardedFile`, so every byte is checked), cut after its last line
feed outside a quoted field (the parity of the quotes before it), and parsed
whole with `pyarrow.csv.read_csv`; the rest of the block starts the next one.
Memory is one or two blocks and their batch, whatever the file's size.

Each batch comes with its block's bytes and the physical line its first row
starts on, so that a block holding a bad row can be read again by the row
reader's own code (`_rows`), which names each problem's line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from gponline_sdk.reporting.columnar._source import GuardedFile, NotColumnar

__all__ = ["Block", "RowsFrom", "batches"]

_MAX_CARRY = 8 << 20  # a quoted field longer than this takes the row path
_MAX_TRIES = 64  # line feeds inside a quoted field looked past when cutting a block
_NO_ROWS = object()  # a block of blank lines: no batch, but its lines are counted


@attrs.frozen(kw_only=True)
class Block:
    """Whole rows of the file: their bytes, where they start, and Arrow's batch of them."""

    data: memoryview
    line: int
    """The physical line the first row starts on (the header's first line is 1)."""
    batch: Any
    """The used columns, all strings; None when Arrow refused the block (a row of the
    wrong width...): the row reader then says what is wrong with it."""
    doubtful: bool = False
    """Arrow read the block, but may have read it otherwise than the row reader (two
    JSON objects on one line): the batch stands only if the row reader finds no fault."""


class RowsFrom(NotColumnar):
    """The guard refused bytes from here on: the row reader must read the rest.

    Args:
        reason: What the guard found (never a value).
        offset: Where the first row not yet handed out starts, in the file.
        line: The physical line it starts on.
        checked_to: The end of the bytes the guard had read when it refused.
    """

    def __init__(self, reason: str, *, offset: int, line: int, checked_to: int) -> None:
        super().__init__(reason)
        self.offset, self.line, self.checked_to = offset, line, checked_to


def _row_end(buffer: bytes) -> int:
    """The last line feed outside a quoted field (the buffer starts outside one), or -1."""
    at = buffer.rfind(b"\n")
    for _ in range(_MAX_TRIES):
        if at < 0 or buffer.count(b'"', 0, at) % 2 == 0:
            return at
        at = buffer.rfind(b"\n", 0, at)
    raise NotColumnar("a quoted field with many line feeds: the row reader reads it")


def batches(
    pa: Any,
    pa_csv: Any,
    guard: GuardedFile,
    *,
    names: list[str],
    used: list[str],
    block: int,
    line: int,
) -> Iterator[Block]:
    """The file's blocks in order, from `guard`'s start (on physical line `line`).

    Raises:
        RowsFrom: the guard refused a byte (see `_source`).
        NotColumnar: a quoted field longer than 8 MiB, or with many line feeds.
    """
    read_options = pa_csv.ReadOptions(column_names=names, use_threads=False)
    parse_options = pa_csv.ParseOptions(newlines_in_values=True)
    convert_options = pa_csv.ConvertOptions(
        include_columns=used,
        column_types=dict.fromkeys(used, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )

    def parse(data: memoryview) -> Any:
        read_options.block_size = len(data) + 1  # one batch per block
        try:
            table = pa_csv.read_csv(
                pa.py_buffer(data),
                read_options=read_options,
                parse_options=parse_options,
                convert_options=convert_options,
            )
        except pa.ArrowInvalid:
            # Arrow's message may quote a row: the row reader says what is wrong instead.
            return None
        return table.combine_chunks().to_batches()[0] if table.num_rows else _NO_ROWS

    offset, carry = guard.position, b""
    while True:
        chunk = guard.read(block)
        if guard.problem is not None:
            raise RowsFrom(guard.problem, offset=offset, line=line, checked_to=guard.position)
        if not chunk:
            parsed = parse(memoryview(carry)) if carry.strip(b"\r\n") else _NO_ROWS
            if parsed is not _NO_ROWS:
                yield Block(data=memoryview(carry), line=line, batch=parsed)
            return
        buffer = carry + chunk if carry else chunk
        cut = _row_end(buffer)
        if cut < 0:
            if len(buffer) > _MAX_CARRY:
                raise NotColumnar("a quoted field over 8 MiB: the row reader reads it")
            carry = buffer
            continue
        data = memoryview(buffer)[: cut + 1]
        parsed = parse(data)
        if parsed is not _NO_ROWS:
            yield Block(data=data, line=line, batch=parsed)
        offset += cut + 1
        line += buffer.count(b"\n", 0, cut + 1)
        carry = buffer[cut + 1 :]
