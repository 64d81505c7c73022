"""The record file's text in JSON, CSV or XML, made from whole columns.

Every value the columnar build writes is ASCII from a closed set, a pseudonym,
an ODS code, an ISO date-time (year 1900 to 2099), `true`/`false` or a whole
number. None needs escaping in any format: no quote, backslash or control
character (JSON); no comma, quote or line break, and no first character a
spreadsheet would run (`csv_escape`); no `&`, `<`, `>` or carriage return
(XML). So each record is fixed text around its values, joined by one Arrow
kernel per batch, and the file's head and tail come from the row path's
writers themselves (`json_head`, `csv_head`, `xml_head`...): the bytes are the
row path's. A null (an optional field) is `null` in JSON, an empty cell in CSV
and no element at all in XML, as the writers write it.
"""

from __future__ import annotations

from typing import Any

import attrs

from gponline_sdk.models.usage import SubmissionHeader
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.formats.csv_format import csv_head, csv_row_start
from gponline_sdk.reporting.formats.json_format import RECORD_SEPARATOR, json_head, json_tail
from gponline_sdk.reporting.formats.xml_format import xml_head, xml_tail
from gponline_sdk.serde import wire_name

__all__ = ["Layout", "layout"]


@attrs.frozen(kw_only=True)
class Layout:
    """One format's record file: its head, the text around each record's values, its tail."""

    format: Format
    head: bytes
    fields: tuple[str, ...]
    parts: tuple[str, ...]
    """The text before each value, then the text after the last one."""
    nulls: tuple[tuple[str, str, str], ...]
    """For each optional field: its name, the text of a null, and (XML) its element name."""
    skip_first: int
    """Bytes left out before the first record (JSON's separator belongs between records)."""

    def records(self, pa: Any, pc: Any, columns: dict[str, Any]) -> Any:
        """Each record's text, separator included, as a string array."""
        values = dict(columns)
        for field, null, tag in self.nulls:
            text = values[field].cast(pa.string())
            if tag:  # XML: the element, or nothing at all
                text = pc.binary_join_element_wise(f"<{tag}>", text, f"</{tag}>", "")
            values[field] = pc.fill_null(text, null)
        args: list[Any] = []
        for text, field in zip(self.parts, self.fields, strict=False):
            args += [text, values[field]]
        return pc.binary_join_element_wise(*args, self.parts[-1], "")

    def tail(self, count: int) -> bytes:
        """The file's text after `count` records."""
        if self.format is Format.JSON:
            return json_tail(count)
        return xml_tail() if self.format is Format.XML else b""


def layout(
    fmt: Format,
    header: SubmissionHeader,
    fields: tuple[str, ...],
    *,
    bare: frozenset[str] = frozenset(),
    optional: frozenset[str] = frozenset(),
) -> Layout:
    """The layout `write_submission(path, header, records, fmt)` gives `header`'s records.

    Args:
        fmt: The output format.
        header: The file's header (its data type's record class names the fields).
        fields: The record's fields, in the writers' order.
        bare: Fields JSON writes unquoted (booleans, numbers).
        optional: Fields that may be null.
    """
    cls = header.data_type.record_class
    names = [wire_name(cls, n) for n in fields]
    quote = ["" if f in bare else '"' for f in fields]
    nulls: list[tuple[str, str, str]] = []
    if fmt is Format.JSON:
        parts = [RECORD_SEPARATOR.decode() + f'{{"{names[0]}":{quote[0]}']
        parts += [f'{quote[i - 1]},"{names[i]}":{quote[i]}' for i in range(1, len(names))]
        parts += [f"{quote[-1]}}}"]
        nulls = [(f, "null", "") for f in fields if f in optional]
        head, skip = json_head(header), len(RECORD_SEPARATOR)
    elif fmt is Format.CSV:
        parts = [csv_row_start(header).decode(), *[","] * (len(names) - 1), "\r\n"]
        nulls = [(f, "", "") for f in fields if f in optional]
        head, skip = csv_head(header), 0
    else:
        # An optional field's element is part of its value (no element for a null).
        opens = ["" if f in optional else f"<{n}>" for f, n in zip(fields, names, strict=True)]
        ends = ["" if f in optional else f"</{n}>" for f, n in zip(fields, names, strict=True)]
        tag = header.data_type.wire_name
        parts = [f"\n    <{tag}>{opens[0]}"]
        parts += [f"{ends[i - 1]}{opens[i]}" for i in range(1, len(names))]
        parts += [f"{ends[-1]}</{tag}>"]
        nulls = [(f, "", n) for f, n in zip(fields, names, strict=True) if f in optional]
        head, skip = xml_head(header), 0
    return Layout(
        format=fmt,
        head=head,
        fields=fields,
        parts=tuple(parts),
        nulls=tuple(nulls),
        skip_first=skip,
    )
