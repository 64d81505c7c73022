"""Weekly submission files as JSON, CSV and XML: streamed, atomic, read back safely.

Each format has a writer (`write_json`, `write_csv`, `write_xml`) that takes a
`SubmissionHeader` and an iterable of records and writes in constant memory
to a temp file that replaces the destination only when complete, and a reader
(`open_json`, `open_csv`, `open_xml`, or `open_submission` for any) that
gives the header and streams the records, raw for validation or typed.

>>> from gponline_sdk.reporting.formats import open_submission
>>> # with open_submission(path) as reader:
>>> #     header = reader.header()
>>> #     for record in reader.records(): ...

The layouts, the CSV escaping rule and the safety rules are described in
each module and in `docs/wire-format.md`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from gponline_sdk.models.usage import NationalRecord, SubmissionHeader
from gponline_sdk.reporting.formats._atomic import WriteSummary, atomic_output
from gponline_sdk.reporting.formats._common import (
    Format,
    RawRecord,
    SubmissionReader,
    file_error,
    header_fields,
    record_fields,
)
from gponline_sdk.reporting.formats.csv_format import (
    CsvReader,
    csv_escape,
    csv_unescape,
    header_columns,
    open_csv,
    write_csv,
)
from gponline_sdk.reporting.formats.json_format import JsonReader, open_json, write_json
from gponline_sdk.reporting.formats.xml_format import (
    XmlReader,
    first_record_line,
    open_xml,
    write_xml,
)

__all__ = [
    "CsvReader",
    "Format",
    "JsonReader",
    "RawRecord",
    "SubmissionReader",
    "WriteSummary",
    "XmlReader",
    "atomic_output",
    "csv_escape",
    "csv_unescape",
    "detect_format",
    "header_columns",
    "header_fields",
    "open_csv",
    "open_json",
    "open_submission",
    "open_xml",
    "record_fields",
    "record_locator",
    "write_csv",
    "write_json",
    "write_submission",
    "write_xml",
]


def detect_format(path: Path) -> Format:
    """The format of a file: by extension, else by its first non-blank byte (`{`, `<`, other).

    Raises:
        InputFileError: when the file cannot be opened.
    """
    path = Path(path)
    try:
        return Format.of_path(path)
    except ValueError:
        pass
    try:
        with path.open("rb") as stream:
            head = stream.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise file_error(path, "", f"cannot be read ({exc.strerror})") from None
    if head.startswith(b"{"):
        return Format.JSON
    return Format.XML if head.startswith(b"<") else Format.CSV


def open_submission(path: Path, format: Format | None = None) -> SubmissionReader:  # noqa: A002
    """Open a submission file of any format (detected when `format` is None).

    Args:
        path: The file.
        format: The format, or None to detect it from the name or content.

    Returns:
        A reader; use it as a context manager.

    Raises:
        InputFileError: when the file cannot be read as that format.
    """
    path = Path(path)
    fmt = format or detect_format(path)
    try:
        if fmt is Format.JSON:
            return open_json(path)
        if fmt is Format.CSV:
            return open_csv(path)
        return open_xml(path)
    except OSError as exc:
        raise file_error(path, "", f"cannot be read ({exc.strerror})") from None


def write_submission(
    path: Path,
    header: SubmissionHeader,
    records: Iterable[NationalRecord],
    format: Format | None = None,  # noqa: A002
) -> WriteSummary:
    """Write a submission in `format` (from the extension when None); see the writers.

    Raises:
        ValidationError: a record of another data type, or a value the format cannot carry.
    """
    fmt = format or Format.of_path(Path(path))
    writer = {Format.JSON: write_json, Format.CSV: write_csv, Format.XML: write_xml}[fmt]
    return writer(Path(path), header, records)


def record_locator(
    fmt: Format, file_name: str, header: SubmissionHeader
) -> Callable[[int, Any], RawRecord]:
    """Where this package's reader will find record `index` of a file its writer writes.

    Lets a check run on records as they are written and still name each one
    as `open_submission` would (`$.records[3]`, `w.csv:5`,
    `w.xml:line 14: records/oc_record[4]`), without reading the file back.
    """
    if fmt is Format.JSON:
        return RawRecord.json
    if fmt is Format.CSV:
        # One row of column names, then one line per record: national
        # records hold no text that could need a quoted line break.
        return lambda index, data: RawRecord.csv(file_name, index + 2, index, data)
    first, tag = first_record_line(header), header.data_type.wire_name
    return lambda index, data: RawRecord.xml(file_name, first + index, tag, index, data)
