r"""Weekly submissions as CSV (RFC 4180: UTF-8, `\r\n`, a column row), one file per data type.

Columns: the submission header's leaves first (`supplier_id`, `data_type`,
`period_start`, `period_end`, `generated_at`, `schema_version`), repeated
on every row, then the data type's fields, all named from
`gponline_sdk.serde.WIRE_NAMES` in its order. Why per row: a row copied out
of the file, or a bulk (historical) file, still says whose it is and which
week; a file whose rows name different weeks is visibly "more than one
period"; and MESH gzips each chunk, so the repeated values cost next to
nothing on the wire. A file with no data rows therefore has no header:
`write_csv` refuses to write one (use JSON or XML for an empty week).

Cells: empty means null (only optional fields); booleans `true`/`false`.

Formula injection (OWASP): a cell that starts with `=`, `+`, `-`, `@`, tab
or carriage return is written with a `'` in front, so a spreadsheet shows
it as text instead of running it. So that reading back is exact, a cell that
already starts with `'` followed by one of those characters or by another
`'` gets one more `'`. The reader removes one leading `'` exactly when the
cell starts with `'` followed by one of `= + - @ \t \r '`. Every cell is
treated alike; the SDK's own values (dates, counts, codes) never start with
those characters, so in practice this touches free text and record IDs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models.usage import DataType, NationalRecord, SubmissionHeader
from gponline_sdk.reporting.formats._atomic import WriteSummary, atomic_output
from gponline_sdk.reporting.formats._common import (
    FieldKind,
    Format,
    RawRecord,
    SubmissionReader,
    check_encoding_start,
    check_record_type,
    decode_line,
    field_kinds,
    file_error,
    header_fields,
    text_to_value,
    value_to_text,
)
from gponline_sdk.serde import unstructure, wire_name

__all__ = [
    "CsvReader",
    "csv_escape",
    "csv_head",
    "csv_row_start",
    "csv_unescape",
    "header_columns",
    "open_csv",
    "write_csv",
]

_TRIGGERS = frozenset("=+-@\t\r")
_AFTER_QUOTE = _TRIGGERS | {"'"}
_ESCAPE_FIRST = _AFTER_QUOTE
MAX_LINE_BYTES = 1 << 20


def csv_escape(cell: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula (and to ambiguous `'` cells).

    >>> csv_escape("=SUM(A1)"), csv_escape("-5 days"), csv_escape("'=x"), csv_escape("'ok")
    ("'=SUM(A1)", "'-5 days", "''=x", "'ok")
    """
    if cell and (
        cell[0] in _TRIGGERS or (cell[0] == "'" and len(cell) > 1 and cell[1] in _AFTER_QUOTE)
    ):
        return "'" + cell
    return cell


def csv_unescape(cell: str) -> str:
    """Undo `csv_escape`: drop one `'` where the writer would have added it.

    >>> csv_unescape("'=SUM(A1)"), csv_unescape("''=x"), csv_unescape("'ok")
    ('=SUM(A1)', "'=x", "'ok")
    """
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _AFTER_QUOTE:
        return cell[1:]
    return cell


def _cell(value: Any) -> str:
    # The common cases first: most cells are plain strings that need no escape.
    if type(value) is str:
        return csv_escape(value) if value and value[0] in _ESCAPE_FIRST else value
    return csv_escape(value_to_text(value) or "")


def header_columns() -> tuple[str, ...]:
    """The header's column names: `supplier_id`, `data_type`, `period_start`, ..."""
    return tuple(f"{name}_{sub}" if sub else name for name, sub in header_fields())


def _header_cells(header: SubmissionHeader) -> list[str]:
    raw = unstructure(header)
    cells = []
    for name, sub in header_fields():
        value = raw[name][sub] if sub else raw[name]
        cells.append(csv_escape(value_to_text(value) or ""))
    return cells


def _csv_line(cells: Iterable[str], end: str) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator=end).writerow(cells)
    return text.getvalue()


def csv_head(header: SubmissionHeader) -> bytes:
    """The column row `write_csv` writes for this header's data type, line end included."""
    fields = tuple(field_kinds(header.data_type.record_class))
    return _csv_line(header_columns() + fields, "\r\n").encode("utf-8")


def csv_row_start(header: SubmissionHeader) -> bytes:
    """What every data row of `write_csv` starts with: the header's cells and a comma."""
    # csv.writer quotes each cell on its own, so the leading cells are the same text
    # whatever follows them.
    return (_csv_line(_header_cells(header), "") + ",").encode("utf-8")


def write_csv(
    path: Path, header: SubmissionHeader, records: Iterable[NationalRecord]
) -> WriteSummary:
    """Write a submission as CSV, atomically and in constant memory.

    Args:
        path: Destination file; replaced only once the whole file is written.
        header: The submission header, repeated on every row.
        records: Any iterable of the header's data type, consumed once.

    Returns:
        Path, record count, SHA-256 and size of what was written.

    Raises:
        ValidationError: a record of another data type, or no records at all
            (a CSV file carries its header on its rows); nothing is written.
    """
    path = Path(path)
    fields = tuple(field_kinds(header.data_type.record_class))
    head = _header_cells(header)
    count = 0
    with atomic_output(path) as out:
        sink = _Utf8Sink(out.stream)
        writer = csv.writer(sink, lineterminator="\r\n")
        out.stream.write(csv_head(header))
        for record in records:
            check_record_type(header, count, record)
            raw = unstructure(record)
            writer.writerow(head + [_cell(raw[f]) for f in fields])
            count += 1
        if not count:
            raise ValidationError(
                [Problem(location=path.name, message="a CSV submission needs at least one record")]
            )
    return WriteSummary(
        path=path, format=Format.CSV.value, records=count, sha256=out.sha256, bytes=out.size
    )


class _Utf8Sink:
    """The `write(str)` that `csv.writer` wants, encoding to the binary output."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._write = stream.write

    def write(self, text: str) -> int:
        return self._write(text.encode("utf-8"))


class CsvReader(SubmissionReader):
    """A CSV submission opened for reading; rows located as `file.csv:14:field`."""

    format = Format.CSV

    def __init__(self, path: Path, stream: IO[bytes]) -> None:
        super().__init__(path, stream)
        self._line_no = 0
        start = check_encoding_start(self.path, stream.read(4))
        stream.seek(start)
        self._rows = csv.reader(self._lines(), strict=True)
        column_row = self._next_row()
        if column_row is None:
            raise file_error(self.path, "1", "empty file: expected a row of column names")
        self._columns = [c.strip() for c in column_row[1]]
        seen: set[str] = set()
        for col in self._columns:
            if col in seen:
                raise file_error(self.path, "1", f"column {col!r} appears twice")
            seen.add(col)
        head = set(header_columns())
        self.declared_fields = tuple(c for c in self._columns if c not in head)
        self._head_cols = dict(zip(header_columns(), header_fields(), strict=True))
        self._first = self._next_row()
        self.header_raw = None if self._first is None else self._header_of(self._first[1])

    def _lines(self) -> Iterator[str]:
        # Binary lines split on b"\n" only, which never occurs inside a UTF-8
        # sequence, so each physical line is decoded on its own and an encoding
        # fault is reported at its line.
        while True:
            raw = self._stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            self._line_no += 1
            if len(raw) > MAX_LINE_BYTES:
                raise file_error(self.path, str(self._line_no), "line longer than 1 MiB")
            yield decode_line(self.path, self._line_no, raw)

    def _next_row(self) -> tuple[int, list[str]] | None:
        while True:
            start = self._line_no + 1
            try:
                row = next(self._rows, None)
            except csv.Error as exc:
                upto = f" (read to line {self._line_no})" if self._line_no > start else ""
                message = f"malformed CSV in the row starting here{upto}: {exc}"
                raise file_error(self.path, str(start), message) from None
            if row is None:
                return None
            if row:  # blank lines carry nothing and are skipped
                return start, row

    def _header_of(self, row: list[str]) -> dict[str, Any]:
        header: dict[str, Any] = {}
        for i, col in enumerate(self._columns[: len(row)]):
            if col in self._head_cols:
                name, sub = self._head_cols[col]
                text = csv_unescape(row[i])
                if sub:
                    header.setdefault(name, {})[sub] = text
                else:
                    header[name] = text
        return header

    def _record_plan(self, kinds: dict[str, FieldKind]) -> list[tuple[int, str, FieldKind | None]]:
        return [
            (i, col, kinds.get(col))
            for i, col in enumerate(self._columns)
            if col not in self._head_cols
        ]

    def _kinds(self) -> dict[str, FieldKind]:
        raw = self.header_raw if isinstance(self.header_raw, dict) else {}
        name = raw.get(wire_name(SubmissionHeader, "data_type"))
        for data_type in DataType:
            if data_type.wire_name == name:
                return field_kinds(data_type.record_class)
        return {}

    def raw_records(self) -> Iterator[RawRecord]:
        """Yield each data row as a raw record.

        `header` is set only on a row whose header columns differ from the
        first row's (that row's own header), so that validation can tell.
        """
        index, current = 0, self._first
        self._first = None
        plan = self._record_plan(self._kinds())
        head_idx = [i for i, col in enumerate(self._columns) if col in self._head_cols]
        first_head: list[str] | None = None
        width = len(self._columns)
        name = self.path.name
        while current is not None:
            line, row = current
            head = [row[i] for i in head_idx if i < len(row)]
            if first_head is None:
                first_head = head
            data: dict[str, Any] = {}
            for i, col, kind in plan:
                if i >= len(row):
                    continue
                cell = row[i]
                if cell[:1] == "'":
                    cell = csv_unescape(cell)
                data[col] = (
                    cell
                    if kind is None or (kind.base == "str" and cell)
                    else (text_to_value(cell, kind))
                )
            defect = None
            if len(row) != width:
                defect = f"{len(row)} cells where the column row has {width}"
            yield RawRecord.csv(
                name,
                line,
                index,
                data,
                header=None if head == first_head else self._header_of(row),
                defect=defect,
            )
            index += 1
            current = self._next_row()


def open_csv(path: Path) -> CsvReader:
    """Open a CSV submission; the column row and the first row's header are read at once.

    Raises:
        InputFileError: unreadable encoding, malformed CSV or no column row.
    """
    stream = Path(path).open("rb")  # noqa: SIM115 - the reader owns and closes it
    try:
        return CsvReader(Path(path), stream)
    except BaseException:
        stream.close()
        raise
