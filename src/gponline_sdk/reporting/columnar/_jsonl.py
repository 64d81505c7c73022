"""JSON Lines event files in Arrow record batches, read a block at a time by this process.

As for CSV (`_batches`): each block is read through `GuardedFile` (NUL bytes,
UTF-8, line lengths), cut after its last line feed (a JSON line holds no raw
line break), and parsed whole, with `pyarrow.json.read_json`. The batch is
then made to look like a CSV one (every used column a string, "" for a
missing optional value), so the same typer checks it.

Where Arrow and the row reader (orjson, line by line) could read a line
differently, the block goes to the row reader's code (`_rowcheck`). Arrow is
as strict as orjson on what was tried (a key given twice, a control character
in a string, a lone surrogate, a number where a string is due, `NaN`, a
comment, a trailing comma: Arrow refuses the block); it is laxer in two ways,
both caught here: two objects on one line (more rows than lines: the block is
*doubtful*), and a leading byte order mark (skipped before reading, as the row
reader drops it). A value JSON gives but CSV cannot (`null` for a required
field, `""` for an optional enum or count, a key the event has not) refuses
the batch, and the row reader's code says what is wrong.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import Any

from gponline_sdk.reporting.columnar._batches import Block, RowsFrom
from gponline_sdk.reporting.columnar._source import GuardedFile
from gponline_sdk.reporting.event_io import csv_columns

__all__ = ["BOM", "jsonl_batches"]

BOM = codecs.BOM_UTF8


def jsonl_batches(
    pa: Any, pc: Any, pa_json: Any, guard: GuardedFile, *, kind: Any, block: int
) -> Iterator[Block]:
    """The file's blocks in order, from `guard`'s start (line 1).

    Raises:
        RowsFrom: the guard refused a byte (see `_source`).
    """
    known = set(csv_columns(kind.event))
    schema = pa.schema(
        [pa.field(c, pa.int64() if c in kind.counts else pa.string()) for c in kind.used]
    )
    read_options = pa_json.ReadOptions(use_threads=False)
    # Keys other than the used ones (the identifier columns, never read) are inferred,
    # so that an unknown key shows in the schema.
    parse_options = pa_json.ParseOptions(
        explicit_schema=schema, unexpected_field_behavior="infer", newlines_in_values=False
    )

    def parse(data: memoryview, line: int) -> Block | None:
        read_options.block_size = len(data) + 1  # one batch per block
        try:
            table = pa_json.read_json(
                pa.py_buffer(data), read_options=read_options, parse_options=parse_options
            )
        except pa.ArrowInvalid:
            # Arrow's message may quote a value: the row reader says what is wrong instead.
            return Block(data=data, line=line, batch=None)
        text = bytes(data)
        if not table.num_rows and not text.strip():
            return None  # blank lines only: both readers skip them
        # Rows against the lines that are not blank (both readers skip blank lines), so
        # that a blank line cannot hide two objects on another line. More rows: two
        # objects on a line; fewer: a line Arrow skipped that orjson would not.
        doubtful = table.num_rows != sum(1 for seg in text.split(b"\n") if seg.strip())
        batch = _as_csv(pa, pc, kind, table, known)
        return Block(data=data, line=line, batch=batch, doubtful=doubtful)

    line, carry = 1, b""
    offset = guard.position
    while True:
        chunk = guard.read(block)
        if guard.problem is not None:
            raise RowsFrom(guard.problem, offset=offset, line=line, checked_to=guard.position)
        if not chunk:
            # The last line, without a line feed.
            found = parse(memoryview(carry), line) if carry else None
            if found is not None:
                yield found
            return
        buffer = carry + chunk if carry else chunk
        cut = buffer.rfind(b"\n")
        if cut < 0:
            carry = buffer  # the guard refuses a line over 1 MiB before this grows past it
            continue
        newlines = buffer.count(b"\n", 0, cut + 1)
        found = parse(memoryview(buffer)[: cut + 1], line)
        if found is not None:
            yield found
        offset += cut + 1
        line += newlines
        carry = buffer[cut + 1 :]


def _as_csv(pa: Any, pc: Any, kind: Any, table: Any, known: set[str]) -> Any:
    """The used columns as the CSV reader gives them, or None when JSON says more."""
    if not set(table.schema.names) <= known:
        return None  # an unknown key
    columns = {}
    for name in kind.used:
        column = table.column(name).combine_chunks()
        if name in kind.required:
            if column.null_count:
                return None  # null or missing: the row reader says so
        elif name in kind.counts:
            column = column.cast(pa.string())  # a negative count fails the typer's check
        elif pc.any(pc.equal(column, "")).as_py():
            return None  # "" is not a member of any enum in JSON (in CSV it is blank)
        columns[name] = pc.fill_null(column, "")
    return pa.RecordBatch.from_pydict(columns)
