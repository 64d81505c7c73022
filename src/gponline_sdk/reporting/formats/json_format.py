"""Weekly submissions as JSON: `{"header": {...}, "records": [...]}`, one record per line.

The writer lays the document out so that it can be read back a line at a time::

    {"header":{"supplier_id":"ACME-OC",...},
    "records":[
    {"record_id":"...","practice_code":"A81001",...},
    {"record_id":"...","practice_code":"A81002",...}
    ]}

It is ordinary JSON (any parser reads it), and the reader streams it in
constant memory: line 1 holds the header, line 2 opens the array, each
further line holds one record followed by a comma (except the last), and
`]}` closes it. Whitespace around those parts is tolerated. A document laid
out any other way (pretty-printed, all on one line) is parsed whole, up to
`max_whole_bytes` (64 MiB by default), and refused beyond that with a clear
error rather than loaded into memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from gponline_sdk.models.usage import NationalRecord, SubmissionHeader
from gponline_sdk.reporting._textfile import duplicate_key_location
from gponline_sdk.reporting.formats._atomic import WriteSummary, atomic_output
from gponline_sdk.reporting.formats._common import (
    HEADER_KEY,
    RECORDS_KEY,
    Format,
    RawRecord,
    SubmissionReader,
    check_encoding_start,
    check_record_type,
    decode_line,
    file_error,
)
from gponline_sdk.serde import unstructure

__all__ = ["RECORD_SEPARATOR", "JsonReader", "json_head", "json_tail", "open_json", "write_json"]

MAX_WHOLE_BYTES = 64 << 20
MAX_LINE_BYTES = 1 << 20

_HEADER_LINE = re.compile(rf'\s*\{{\s*"{HEADER_KEY}"\s*:\s*(\{{.*\}})\s*,\s*')
_RECORDS_LINE = re.compile(rf'\s*"{RECORDS_KEY}"\s*:\s*\[\s*')
_END_LINE = re.compile(r"\s*\]\s*\}\s*")


RECORD_SEPARATOR = b",\n"
"""What comes between two records in the streaming layout."""


def json_head(header: SubmissionHeader) -> bytes:
    """The layout's first two lines: the header, and the opening of the records array."""
    head = b'{"' + HEADER_KEY.encode() + b'":' + orjson.dumps(unstructure(header)) + b",\n"
    return head + b'"' + RECORDS_KEY.encode() + b'":[\n'


def json_tail(count: int) -> bytes:
    """The layout's closing text after `count` records."""
    return b"\n]}\n" if count else b"]}\n"


def write_json(
    path: Path, header: SubmissionHeader, records: Iterable[NationalRecord]
) -> WriteSummary:
    """Write a submission as JSON, one record per line, atomically and in constant memory.

    Args:
        path: Destination file; replaced only once the whole file is written.
        header: The submission header; every record must be of its data type.
        records: Any iterable, consumed once.

    Returns:
        Path, record count, SHA-256 and size of what was written.

    Raises:
        ValidationError: a record of another data type (nothing is written).
    """
    path = Path(path)
    count = 0
    with atomic_output(path) as out:
        write = out.stream.write
        write(json_head(header))
        for record in records:
            check_record_type(header, count, record)
            if count:
                write(RECORD_SEPARATOR)
            write(orjson.dumps(unstructure(record)))
            count += 1
        write(json_tail(count))
    return WriteSummary(
        path=path, format=Format.JSON.value, records=count, sha256=out.sha256, bytes=out.size
    )


class JsonReader(SubmissionReader):
    """A JSON submission opened for reading (see the module docstring for the layout)."""

    format = Format.JSON

    def __init__(
        self, path: Path, stream: IO[bytes], *, max_whole_bytes: int = MAX_WHOLE_BYTES
    ) -> None:
        super().__init__(path, stream)
        self._line_no = 0
        self._whole: list[Any] | None = None
        start = check_encoding_start(self.path, stream.read(4))
        stream.seek(start)
        first, second = self._line(), self._line()
        head = _HEADER_LINE.fullmatch(first)
        if head is not None and _RECORDS_LINE.fullmatch(second):
            self.header_raw = self._loads(head[1], 1)
            self._refuse_duplicates(head[1], self.header_raw, f"$.{HEADER_KEY}")
        else:
            stream.seek(start)
            self._load_whole(max_whole_bytes)

    def _line(self) -> str:
        raw = self._stream.readline(MAX_LINE_BYTES + 1)
        if raw:
            self._line_no += 1
        if len(raw) > MAX_LINE_BYTES:
            raise file_error(self.path, f"line {self._line_no}", "line longer than 1 MiB")
        return decode_line(self.path, self._line_no, raw)

    def _loads(self, text: str, line_no: int) -> Any:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise file_error(self.path, f"line {line_no}", f"invalid JSON: {exc.msg}") from None

    def _refuse_duplicates(self, text: str, parsed: Any, prefix: str) -> None:
        # orjson keeps the last of two equal keys silently; a reader that kept the
        # first would see another record. Refuse the file rather than guess.
        where = duplicate_key_location(text, parsed, prefix)
        if where is not None:
            raise file_error(self.path, where, "a key is given more than once")

    def _load_whole(self, max_bytes: int) -> None:
        data = self._stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise file_error(
                self.path,
                "",
                f"larger than {max_bytes} bytes and not in the streaming layout "
                "(header on line 1, one record per line)",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            message = "not UTF-8 text; save the file as UTF-8"
            raise file_error(self.path, str(line), message) from None
        try:
            doc = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            where = f"line {exc.lineno} column {exc.colno}"
            raise file_error(self.path, where, f"invalid JSON: {exc.msg}") from None
        self._refuse_duplicates(text, doc, "$")
        if not isinstance(doc, dict):
            raise file_error(self.path, "$", "expected an object with header and records")
        unknown = sorted(set(doc) - {HEADER_KEY, RECORDS_KEY})
        if unknown:
            # The key itself is not shown: it could be anything, a patient's name included.
            raise file_error(self.path, "$", "an unknown key (not shown)")
        records = doc.get(RECORDS_KEY)
        if not isinstance(records, list):
            raise file_error(self.path, f"$.{RECORDS_KEY}", "expected an array of records")
        self.header_raw = doc.get(HEADER_KEY)
        self._whole = records

    def raw_records(self) -> Iterator[RawRecord]:
        """Yield each record as read, located by JSON path (`$.records[3]`)."""
        if self._whole is not None:
            yield from (RawRecord.json(i, item) for i, item in enumerate(self._whole))
            return
        index, comma = 0, False
        readline, loads, json_error = self._stream.readline, orjson.loads, orjson.JSONDecodeError
        while True:
            raw = readline(MAX_LINE_BYTES + 1)
            if not raw:
                raise file_error(
                    self.path,
                    f"line {self._line_no}",
                    "file ends before the records array is closed (truncated?)",
                )
            self._line_no += 1
            if len(raw) > MAX_LINE_BYTES:
                raise file_error(self.path, f"line {self._line_no}", "line longer than 1 MiB")
            try:
                text = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                text = decode_line(self.path, self._line_no, raw)  # raises, naming the byte
            if not text:
                continue
            # Only a line starting with "]" can close the array: the regex runs on those alone.
            if text[0] == "]" and _END_LINE.fullmatch(text):
                if comma:
                    raise file_error(self.path, f"line {self._line_no}", "comma before ]")
                self._expect_end()
                return
            if index and not comma:
                raise file_error(self.path, f"line {self._line_no}", "missing comma before record")
            comma = text.endswith(",")
            try:
                data = loads(text[:-1] if comma else text)
            except json_error:
                data = self._loads(text[:-1] if comma else text, self._line_no)  # raises
            self._refuse_duplicates(text, data, f"$.{RECORDS_KEY}[{index}]")
            yield RawRecord.json(index, data)
            index += 1

    def _expect_end(self) -> None:
        while True:
            text = self._line()
            if not text:
                return
            if text.strip():
                raise file_error(self.path, f"line {self._line_no}", "data after the document")


def open_json(path: Path, *, max_whole_bytes: int = MAX_WHOLE_BYTES) -> JsonReader:
    """Open a JSON submission; the header is read at once, records on demand.

    Raises:
        InputFileError: unreadable encoding, invalid JSON, or too large for its layout.
    """
    stream = Path(path).open("rb")  # noqa: SIM115 - the reader owns and closes it
    try:
        return JsonReader(Path(path), stream, max_whole_bytes=max_whole_bytes)
    except BaseException:
        stream.close()
        raise
