"""What the three formats share: raw records with locations, field kinds, text cells, readers.

Readers hand out *raw* values (JSON-shaped: dicts of wire names to str, int,
bool or None) so that the strict converter stays the one judge of what is
valid, and so that validation can reject a single bad record without giving
up on the file. CSV and XML carry text only: `text_to_value` turns a cell
back into the JSON type the field expects, leaving anything that does not
fit as a string for the converter to refuse with a precise message.
"""

from __future__ import annotations

import abc
import enum
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from gponline_sdk.errors import InputFileError, Problem, ValidationError
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType, NationalRecord, SubmissionHeader
from gponline_sdk.serde import WIRE_NAMES, structure, wire_name

# The container names live with every other wire name.
from gponline_sdk.serde.wire_names import HEADER_KEY, RECORDS_KEY, ROOT_ELEMENT

__all__ = [
    "HEADER_KEY",
    "RECORDS_KEY",
    "ROOT_ELEMENT",
    "FieldKind",
    "Format",
    "RawRecord",
    "SubmissionReader",
    "check_encoding_start",
    "check_record_type",
    "decode_line",
    "field_kinds",
    "field_of",
    "file_error",
    "header_fields",
    "record_fields",
    "text_to_value",
    "value_to_text",
]


_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"


class Format(enum.Enum):
    """The three weekly file formats."""

    JSON = "json"
    CSV = "csv"
    XML = "xml"

    @classmethod
    def of_path(cls, path: Path) -> Format:
        """The format a file name's extension names.

        Raises:
            ValidationError: when the extension is not .json, .csv or .xml.
        """
        suffix = Path(path).suffix.lower().lstrip(".")
        for fmt in cls:
            if fmt.value == suffix:
                return fmt
        raise ValidationError(
            [Problem(location=Path(path).name, message="extension must be .json, .csv or .xml")]
        )


class _Style(enum.Enum):
    JSON = "."
    CSV = ":"
    XML = "/"


@attrs.frozen(kw_only=True)
class RawRecord:
    """One record as read, before structuring, with where it came from.

    Attributes:
        index: Position in the file, from 0.
        data: The JSON-shaped value read (normally a dict keyed by wire names).
        location: Where the record starts (`$.records[3]`, `w.csv:14`,
            `w.xml:line 9: records/oc_record[4]`).
        tag: The XML element name of the record, else None.
        header: CSV only: this row's own header, when it differs from the first row's.
        defect: A problem the reader found with this record alone (wrong cell count...).
    """

    index: int
    data: Any
    location: str
    style: _Style = _Style.JSON
    tag: str | None = None
    header: Any = None
    defect: str | None = None

    def at(self, field: str | None) -> str:
        """The location of one field of this record (`$.records[3].practice_code`)."""
        return self.location if not field else f"{self.location}{self.style.value}{field}"

    @classmethod
    def json(cls, index: int, data: Any) -> RawRecord:
        """A record at `$.records[index]` (JSON, or any in-memory source)."""
        return cls(index=index, data=data, location=f"$.{RECORDS_KEY}[{index}]")

    @classmethod
    def csv(cls, file_name: str, line: int, index: int, data: Any, **more: Any) -> RawRecord:
        """A record on `line` of a CSV file (`w.csv:14`)."""
        return cls(index=index, data=data, location=f"{file_name}:{line}", style=_Style.CSV, **more)

    @classmethod
    def xml(
        cls, file_name: str, line: int, tag: str, index: int, data: Any, **more: Any
    ) -> RawRecord:
        """A record element starting on `line` of an XML file (`w.xml:line 9: records/x[4]`)."""
        location = f"{file_name}:line {line}: {RECORDS_KEY}/{tag}[{index + 1}]"
        return cls(index=index, data=data, location=location, style=_Style.XML, tag=tag, **more)


@attrs.frozen
class FieldKind:
    """The JSON type a field takes: `str`, `int` or `bool`, and whether null is allowed."""

    base: str
    optional: bool


_KINDS: dict[type[Any], dict[str, FieldKind]] = {}


def field_kinds(cls: type[Any]) -> dict[str, FieldKind]:
    """Map each wire name of an attrs model to its `FieldKind`, in WIRE_NAMES order."""
    cached = _KINDS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls)
    names = list(WIRE_NAMES.get(cls, {})) or [f.name for f in attrs.fields(cls)]
    kinds: dict[str, FieldKind] = {}
    for name in names:
        hint = hints[name]
        args = typing.get_args(hint)
        union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        optional = union and type(None) in args
        inner = next(a for a in args if a is not type(None)) if optional else hint
        base = "bool" if inner is bool else "int" if inner is int else "str"
        kinds[wire_name(cls, name)] = FieldKind(base, optional)
    _KINDS[cls] = kinds
    return kinds


def record_fields(data_type: DataType) -> tuple[str, ...]:
    """The wire names of a data type's fields, in WIRE_NAMES order."""
    return tuple(field_kinds(data_type.record_class))


def header_fields() -> tuple[tuple[str, str | None], ...]:
    """The header's leaves as `(field, subfield)`; `period` has `start` and `end`."""
    out: list[tuple[str, str | None]] = []
    for name in WIRE_NAMES[SubmissionHeader].values():
        if name == wire_name(SubmissionHeader, "period"):
            out += [(name, wire_name(ReportingPeriod, s)) for s in ("start", "end")]
        else:
            out.append((name, None))
    return tuple(out)


def value_to_text(value: Any) -> str | None:
    """A JSON-shaped scalar as text for CSV/XML; None stays None (an empty cell, no element)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value)
    raise TypeError(f"cannot write a {type(value).__name__} as text")


def text_to_value(text: str, kind: FieldKind | None) -> Any:
    """Text from CSV/XML back to the JSON type `kind` expects; left as text if it does not fit.

    An empty text is null for optional fields (no optional field can hold "").
    """
    if kind is None:
        return text
    if text == "" and kind.optional:
        return None
    if kind.base == "int" and text.isascii() and text.isdigit():
        return int(text)
    if kind.base == "bool" and text in ("true", "false"):
        return text == "true"
    return text


def file_error(path: Path, where: str, message: str) -> InputFileError:
    """An `InputFileError` for `path` at `where` (appended to the file name)."""
    location = f"{path.name}:{where}" if where else path.name
    return InputFileError(str(path), [Problem(location=location, message=message)])


def check_encoding_start(path: Path, head: bytes) -> int:
    """Refuse UTF-16/32 by their byte order mark; return how many bytes of UTF-8 BOM to skip."""
    if head.startswith(_UTF16_32_BOMS):
        raise file_error(
            path, "1", "file is UTF-16/UTF-32 (byte order mark found); save it as UTF-8"
        )
    return len(UTF8_BOM) if head.startswith(UTF8_BOM) else 0


def decode_line(path: Path, line_no: int, raw: bytes) -> str:
    """Decode one physical line as UTF-8, or name the file and line that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise file_error(
            path,
            str(line_no),
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
            "save the file as UTF-8",
        ) from None


def check_record_type(header: SubmissionHeader, index: int, record: object) -> None:
    """Refuse a record of another data type than the header's, before it is written."""
    expected = header.data_type.record_class
    if type(record) is not expected:
        raise ValidationError(
            [
                Problem(
                    location=f"$.{RECORDS_KEY}[{index}]",
                    message=(
                        f"a {type(record).__name__} in a {header.data_type.wire_name} submission"
                    ),
                )
            ]
        )


def field_of(json_path: str) -> str:
    """The field a record-relative JSON path names (`$.practice_code` -> `practice_code`)."""
    return json_path.removeprefix("$").lstrip(".")


class SubmissionReader(abc.ABC):
    """A weekly file opened for reading; use as a context manager.

    `header_raw` is the header as read (None if the file has none);
    `raw_records()` streams the records unstructured, for validation;
    `header()` and `records()` give typed values and raise `InputFileError`
    at the first problem, naming where.
    """

    format: Format
    path: Path
    header_raw: Any
    declared_fields: tuple[str, ...] | None = None
    """The record columns a CSV file declares; None for JSON and XML."""

    def __init__(self, path: Path, stream: IO[bytes]) -> None:
        self.path = Path(path)
        self._stream = stream

    def __enter__(self) -> SubmissionReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying file."""
        self._stream.close()

    @abc.abstractmethod
    def raw_records(self) -> Iterator[RawRecord]:
        """Yield every record unstructured, with its location; read once."""

    def header(self) -> SubmissionHeader:
        """The typed header.

        Raises:
            InputFileError: when the header is missing or invalid.
        """
        if self.header_raw is None:
            raise file_error(self.path, "", "the file has no submission header")
        try:
            return structure(self.header_raw, SubmissionHeader, path=f"$.{HEADER_KEY}")
        except ValidationError as exc:
            raise InputFileError(str(self.path), exc.problems) from None

    def records(self) -> Iterator[NationalRecord]:
        """Yield typed records of the header's data type.

        Raises:
            InputFileError: at the first record that is not valid, naming where.
        """
        cls = self.header().data_type.record_class
        for raw in self.raw_records():
            if raw.defect is not None:
                raise InputFileError(
                    str(self.path), [Problem(location=raw.location, message=raw.defect)]
                )
            try:
                yield structure(raw.data, cls)
            except ValidationError as exc:
                moved = [
                    Problem(location=raw.at(field_of(p.location)), message=p.message)
                    for p in exc.problems
                ]
                raise InputFileError(str(self.path), moved) from None
