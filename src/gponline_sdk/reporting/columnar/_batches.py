"""The event file's rows in Arrow record batches, read a block at a time by this process.

Arrow's own streaming CSV reader reads up to 32 blocks ahead on a background
thread, so its memory is 32 times the block size. Here each block is read
(through `GuardedFile`, so every byte is checked), cut after its last line
feed outside a quoted field (the parity of the quotes before it), and parsed
whole with `pyarrow.csv.read_csv`; the rest of the block starts the next one.
Memory is one or two blocks and their batch, whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gponline_sdk.reporting.columnar._source import GuardedFile, NotColumnar

__all__ = ["batches"]

_MAX_CARRY = 8 << 20  # a quoted field longer than this takes the row path
_MAX_TRIES = 64  # line feeds inside a quoted field looked past when cutting a block


def _row_end(buffer: bytes) -> int:
    """The last line feed outside a quoted field (the buffer starts outside one), or -1."""
    at = buffer.rfind(b"\n")
    for _ in range(_MAX_TRIES):
        if at < 0 or buffer.count(b'"', 0, at) % 2 == 0:
            return at
        at = buffer.rfind(b"\n", 0, at)
    raise NotColumnar("a quoted field with many line feeds: the row reader reads it")


def batches(
    pa: Any, pa_csv: Any, guard: GuardedFile, *, names: list[str], used: list[str], block: int
) -> Iterator[Any]:
    """Record batches of the used columns, all strings, in file order.

    Raises:
        NotColumnar: from the guard, or for a quoted field longer than 8 MiB.
        pyarrow.ArrowException: a block Arrow cannot parse (a row of the wrong width...).
    """
    read_options = pa_csv.ReadOptions(column_names=names, use_threads=False)
    parse_options = pa_csv.ParseOptions(newlines_in_values=True)
    convert_options = pa_csv.ConvertOptions(
        include_columns=used,
        column_types=dict.fromkeys(used, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )

    def parse(data: memoryview) -> Iterator[Any]:
        read_options.block_size = len(data) + 1  # one batch per block
        table = pa_csv.read_csv(
            pa.py_buffer(data),
            read_options=read_options,
            parse_options=parse_options,
            convert_options=convert_options,
        )
        yield from (b for b in table.to_batches() if b.num_rows)

    carry = b""
    while True:
        chunk = guard.read(block)
        if guard.problem is not None:
            raise NotColumnar(guard.problem)
        if not chunk:
            if carry.strip(b"\r\n"):
                yield from parse(memoryview(carry))
            return
        buffer = carry + chunk if carry else chunk
        cut = _row_end(buffer)
        if cut < 0:
            if len(buffer) > _MAX_CARRY:
                raise NotColumnar("a quoted field over 8 MiB: the row reader reads it")
            carry = buffer
            continue
        yield from parse(memoryview(buffer)[: cut + 1])
        carry = buffer[cut + 1 :]
