"""The OC record file's text in JSON, CSV or XML, made from whole columns.

Every value the columnar build writes is ASCII from a closed set, a pseudonym,
an ODS code, an ISO date-time (year 1900 to 2099) or `true`/`false`. None
needs escaping in any format: no quote, backslash or control character
(JSON); no comma, quote or line break, and no first character a spreadsheet
would run (`csv_escape`); no `&`, `<`, `>` or carriage return (XML). So each
record is fixed text around its values, joined by one Arrow kernel per batch,
and the file's head and tail come from the row path's writers themselves
(`json_head`, `csv_head`, `xml_head`...): the bytes are the row path's.
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs

from gponline_sdk.models.usage import OcRecord, SubmissionHeader
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.formats.csv_format import csv_head, csv_row_start
from gponline_sdk.reporting.formats.json_format import RECORD_SEPARATOR, json_head, json_tail
from gponline_sdk.reporting.formats.xml_format import xml_head, xml_tail
from gponline_sdk.serde import wire_name

__all__ = ["FIELDS", "Layout", "layout"]

FIELDS = (
    "record_id",
    "practice_code",
    "submitted_at",
    "request_type",
    "category",
    "requester_role",
    "has_attachments",
)
"""The record's columns in the order every writer writes them (`unstructure`'s)."""


@attrs.frozen(kw_only=True)
class Layout:
    """One format's record file: its head, the text around each record's values, its tail."""

    format: Format
    head: bytes
    parts: tuple[str, ...]
    """The text before each value, then the text after the last one."""
    skip_first: int
    """Bytes left out before the first record (JSON's separator belongs between records)."""

    def records(self, pc: Any, columns: dict[str, Any]) -> Any:
        """Each record's text, separator included, as a string array."""
        args: list[Any] = []
        for text, field in zip(self.parts, FIELDS, strict=False):
            args += [text, columns[field]]
        return pc.binary_join_element_wise(*args, self.parts[-1], "")

    def tail(self, count: int) -> bytes:
        """The file's text after `count` records."""
        if self.format is Format.JSON:
            return json_tail(count)
        return xml_tail() if self.format is Format.XML else b""


def layout(fmt: Format, header: SubmissionHeader) -> Layout:
    """The layout `write_submission(path, header, records, fmt)` gives OC records."""
    names = [wire_name(OcRecord, n) for n in FIELDS]
    if fmt is Format.JSON:
        # has_attachments, the last, is a JSON boolean: no quotes around it.
        parts = [RECORD_SEPARATOR.decode() + f'{{"{names[0]}":"']
        parts += [f'","{name}":"' for name in names[1:-1]]
        parts += [f'","{names[-1]}":', "}"]
        head, skip = json_head(header), len(RECORD_SEPARATOR)
    elif fmt is Format.CSV:
        parts = [csv_row_start(header).decode(), *[","] * (len(names) - 1), "\r\n"]
        head, skip = csv_head(header), 0
    else:
        tag = header.data_type.wire_name
        parts = [f"\n    <{tag}><{names[0]}>"]
        parts += [f"</{before}><{name}>" for before, name in itertools.pairwise(names)]
        parts += [f"</{names[-1]}></{tag}>"]
        head, skip = xml_head(header), 0
    return Layout(format=fmt, head=head, parts=tuple(parts), skip_first=skip)
