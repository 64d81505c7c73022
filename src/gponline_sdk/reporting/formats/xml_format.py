"""Weekly submissions as XML, written with `XMLGenerator` and read safely with expat.

Layout (element names are the wire names; a record's element is its data type)::

    <?xml version="1.0" encoding="utf-8"?>
    <submission>
      <header>
        <supplier_id>ACME-OC</supplier_id><data_type>oc_record</data_type>
        <period><start>2026-11-16</start><end>2026-11-22</end></period>
        <generated_at>2026-11-23T06:00:00Z</generated_at><schema_version>1.0</schema_version>
      </header>
      <records>
        <oc_record><record_id>...</record_id><practice_code>A81001</practice_code>...</oc_record>
      </records>
    </submission>

A null field is an absent element; booleans are `true`/`false`; a carriage
return in text is written `&#13;` so that it survives XML's line-end
normalisation. Text with a control character XML 1.0 cannot carry is refused.

Reading is stdlib expat driven directly, in chunks, with elements dropped as
soon as their record is handed out (constant memory). Safety: any DOCTYPE is
refused as soon as it starts, so no entity can be declared at all (no entity
bomb, no external entity, no external DTD); the entity and external-entity
handlers refuse as well, belt and braces. That is what
`defusedxml`'s expat parser does (`forbid_dtd`, `forbid_entities`,
`forbid_external`); doing it here keeps defusedxml a test-only dependency and
gives us expat's line numbers for every record, which ElementTree's iterparse
does not expose. Only UTF-8 is accepted.
"""

from __future__ import annotations

import io
import re
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, NoReturn
from xml.parsers import expat
from xml.sax.saxutils import XMLGenerator, escape
from xml.sax.xmlreader import AttributesImpl

from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models.usage import DataType, NationalRecord, SubmissionHeader
from gponline_sdk.reporting.formats._atomic import WriteSummary, atomic_output
from gponline_sdk.reporting.formats._common import (
    HEADER_KEY,
    RECORDS_KEY,
    ROOT_ELEMENT,
    FieldKind,
    Format,
    RawRecord,
    SubmissionReader,
    check_encoding_start,
    check_record_type,
    field_kinds,
    file_error,
    text_to_value,
    value_to_text,
)
from gponline_sdk.serde import unstructure, wire_name

__all__ = ["XmlReader", "open_xml", "write_xml", "xml_head", "xml_tail"]

_CHUNK = 1 << 16
MAX_TEXT_CHARS = 1 << 16
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PERIOD = wire_name(SubmissionHeader, "period")
_NO_ATTRS = AttributesImpl({})
_CR = {"\r": "&#13;"}


def _text(gen: XMLGenerator, location: str, text: str) -> None:
    if _NOT_XML_CHAR.search(text):
        raise ValidationError(
            [Problem(location=location, message="holds a control character XML 1.0 cannot carry")]
        )
    # Pre-escaped and written raw: XMLGenerator.characters would not protect "\r".
    gen.ignorableWhitespace(escape(text, _CR))


def _leaf(gen: XMLGenerator, name: str, value: Any, location: str) -> None:
    text = value_to_text(value)
    if text is None:
        return
    gen.startElement(name, _NO_ATTRS)
    _text(gen, location, text)
    gen.endElement(name)


def _record_xml(tag: str, raw: dict[str, Any], index: int) -> str:
    # One string per record, written raw: five times faster than an
    # XMLGenerator call per element, with the same escaping (names are wire
    # names, known to be XML names; text is checked and escaped as in `_text`).
    parts = [f"\n    <{tag}>"]
    for name, value in raw.items():
        text = value_to_text(value)
        if text is None:
            continue
        if _NOT_XML_CHAR.search(text):
            location = f"$.{RECORDS_KEY}[{index}].{name}"
            message = "holds a control character XML 1.0 cannot carry"
            raise ValidationError([Problem(location=location, message=message)])
        parts.append(f"<{name}>{escape(text, _CR)}</{name}>")
    parts.append(f"</{tag}>")
    return "".join(parts)


def first_record_line(header: SubmissionHeader) -> int:
    """The line `write_xml` starts the first record on.

    Before it: the declaration and root element, `<header>`, a line per header
    field, `</header>`, `<records>`.
    """
    return 6 + len(unstructure(header))


def _write_header(gen: XMLGenerator, header: SubmissionHeader) -> None:
    gen.ignorableWhitespace("\n  ")
    gen.startElement(HEADER_KEY, _NO_ATTRS)
    for name, value in unstructure(header).items():
        gen.ignorableWhitespace("\n    ")
        if isinstance(value, dict):
            gen.startElement(name, _NO_ATTRS)
            for sub, sub_value in value.items():
                _leaf(gen, sub, sub_value, f"$.{HEADER_KEY}.{name}.{sub}")
            gen.endElement(name)
        else:
            _leaf(gen, name, value, f"$.{HEADER_KEY}.{name}")
    gen.ignorableWhitespace("\n  ")
    gen.endElement(HEADER_KEY)


def xml_head(header: SubmissionHeader) -> bytes:
    """The document up to and including `<records>`: declaration, root and header."""
    buffer = io.BytesIO()
    gen = XMLGenerator(buffer, encoding="utf-8", short_empty_elements=False)
    gen.startDocument()
    gen.startElement(ROOT_ELEMENT, _NO_ATTRS)
    _write_header(gen, header)
    gen.ignorableWhitespace("\n  ")
    gen.startElement(RECORDS_KEY, _NO_ATTRS)
    return buffer.getvalue()


def xml_tail() -> bytes:
    """The document after the last record: `</records>`, `</submission>` and a line end."""
    return f"\n  </{RECORDS_KEY}>\n</{ROOT_ELEMENT}>\n".encode()


def write_xml(
    path: Path, header: SubmissionHeader, records: Iterable[NationalRecord]
) -> WriteSummary:
    """Write a submission as XML, atomically and in constant memory.

    Args:
        path: Destination file; replaced only once the whole file is written.
        header: The submission header; every record must be of its data type.
        records: Any iterable, consumed once.

    Returns:
        Path, record count, SHA-256 and size of what was written.

    Raises:
        ValidationError: a record of another data type, or text XML cannot
            carry (the message names the field, never the value); nothing is written.
    """
    path = Path(path)
    tag = header.data_type.wire_name
    count = 0
    with atomic_output(path) as out:
        write = out.stream.write
        write(xml_head(header))
        for record in records:
            check_record_type(header, count, record)
            # UTF-8 as XMLGenerator's own encoder: the text holds no surrogate (refused above).
            write(_record_xml(tag, unstructure(record), count).encode("utf-8"))
            count += 1
        write(xml_tail())
    return WriteSummary(
        path=path, format=Format.XML.value, records=count, sha256=out.sha256, bytes=out.size
    )


class XmlReader(SubmissionReader):
    """An XML submission opened for reading; records located as `f.xml:line 9: records/x[4]`."""

    format = Format.XML

    def __init__(self, path: Path, stream: IO[bytes]) -> None:
        super().__init__(path, stream)
        check_encoding_start(self.path, stream.read(4))
        stream.seek(0)
        p = expat.ParserCreate(encoding="utf-8")
        p.buffer_text = True
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        p.StartDoctypeDeclHandler = self._refuse_doctype
        p.EntityDeclHandler = self._refuse_entity
        p.UnparsedEntityDeclHandler = self._refuse_entity
        p.ExternalEntityRefHandler = self._refuse_external
        p.XmlDeclHandler = self._xml_decl
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._chars
        self._parser = p
        self._stack: list[str] = []
        self._text: list[str] = []
        self._text_len = 0
        self._ready: deque[RawRecord] = deque()
        self._record: dict[str, Any] = {}
        self._record_line = 0
        self._defect: str | None = None
        self._index = 0
        self._kinds: dict[str, FieldKind] = {}
        self._header: dict[str, Any] | None = None
        self._header_done = False
        self._records_seen = False
        self._eof = False
        self.header_raw = None
        while not self._header_done and not self._eof:
            self._feed()
        self.header_raw = self._header

    # -- safety ---------------------------------------------------------------------------

    def _fail(self, message: str) -> NoReturn:
        raise file_error(self.path, f"line {self._parser.CurrentLineNumber}", message)

    def _refuse_doctype(self, *_: object) -> None:
        self._fail(
            "DOCTYPE declarations are refused: they can declare entities "
            "(entity expansion bombs, external entities)"
        )

    def _refuse_entity(self, *_: object) -> None:
        self._fail("entity declarations and external entities are refused")

    def _refuse_external(
        self, _context: str, _base: str | None, _system_id: str | None, _public_id: str | None
    ) -> int:
        self._fail("external entities are refused")

    def _xml_decl(self, _version: str, encoding: str | None, _standalone: int) -> None:
        if encoding is not None and encoding.lower().replace("-", "") != "utf8":
            self._fail(f"declares encoding {encoding[:20]!r}; only UTF-8 is accepted")

    # -- parsing --------------------------------------------------------------------------

    def _feed(self) -> None:
        chunk = self._stream.read(_CHUNK)
        try:
            self._parser.Parse(chunk, not chunk)
        except expat.ExpatError as exc:
            message = expat.errors.messages[exc.code]
            hint = " (or not UTF-8)" if "invalid token" in message else ""
            raise file_error(
                self.path, f"line {exc.lineno}", f"not well-formed XML: {message}{hint}"
            ) from None
        if not chunk:
            self._eof = True
            self._header_done = True

    def _stray_text(self) -> bool:
        return any(t.strip() for t in self._text)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        depth = len(self._stack)
        if self._stray_text() and depth < 3:
            self._fail("text where elements are expected")
        if attributes:
            self._fail(f"<{name[:40]}> has attributes; this format uses none")
        if depth == 0 and name != ROOT_ELEMENT:
            self._fail(f"the root element must be <{ROOT_ELEMENT}>")
        if depth == 1:
            if name == HEADER_KEY and self._header is None and not self._records_seen:
                self._header = {}
            elif name == RECORDS_KEY and not self._records_seen:
                self._records_seen = self._header_done = True
                self._kinds = self._record_kinds()
            else:
                self._fail(f"expected one <{HEADER_KEY}> then one <{RECORDS_KEY}>")
        elif depth >= 2 and self._stack[1] == HEADER_KEY:
            self._start_in_header(name, depth)
        elif depth == 2:
            self._record, self._defect = {}, None
            self._record_line = self._parser.CurrentLineNumber
        elif depth == 3 and name in self._record:
            self._defect = f"field {name[:40]} appears twice"
        elif depth > 3:
            self._defect = f"field {self._stack[3][:40]} holds elements; expected text"
        self._stack.append(name)
        self._text, self._text_len = [], 0

    def _start_in_header(self, name: str, depth: int) -> None:
        assert self._header is not None
        if depth == 2 and name == _PERIOD:
            self._header[name] = {}
        elif depth > 3 or (depth == 3 and self._stack[2] != _PERIOD):
            self._fail(f"unexpected element <{name[:40]}> in the header")

    def _record_kinds(self) -> dict[str, FieldKind]:
        name = (self._header or {}).get(wire_name(SubmissionHeader, "data_type"))
        for data_type in DataType:
            if data_type.wire_name == name:
                return field_kinds(data_type.record_class)
        return {}

    def _chars(self, data: str) -> None:
        self._text_len += len(data)
        if self._text_len > MAX_TEXT_CHARS:
            self._fail(f"text longer than {MAX_TEXT_CHARS} characters")
        self._text.append(data)

    def _end(self, name: str) -> None:
        self._stack.pop()
        depth = len(self._stack)
        leaf = depth == 3 or (depth == 2 and self._stack[1] == HEADER_KEY and name != _PERIOD)
        if not leaf and self._stray_text():
            if depth >= 2 and self._stack[1] == RECORDS_KEY:
                self._defect = self._defect or "text outside the fields of the record"
            else:
                self._fail("text where elements are expected")
        text = "".join(self._text)
        self._text, self._text_len = [], 0
        if depth == 1 and name == HEADER_KEY:
            self._header_done = True
        elif depth >= 2 and self._stack[1] == HEADER_KEY:
            assert self._header is not None
            if depth == 3:
                self._header[self._stack[2]][name] = text
            elif name != _PERIOD:
                self._header[name] = text
        elif depth == 3 and self._stack[1] == RECORDS_KEY:
            self._record[name] = text_to_value(text, self._kinds.get(name))
        elif depth == 2 and self._stack[1] == RECORDS_KEY:
            self._ready.append(
                RawRecord.xml(
                    self.path.name,
                    self._record_line,
                    name,
                    self._index,
                    self._record,
                    defect=self._defect,
                )
            )
            self._index += 1

    def raw_records(self) -> Iterator[RawRecord]:
        """Yield each record as read; `tag` is its element name (the data type it claims)."""
        while True:
            while self._ready:
                yield self._ready.popleft()
            if self._eof:
                return
            self._feed()


def open_xml(path: Path) -> XmlReader:
    """Open an XML submission; parsing runs until the header has been read.

    Raises:
        InputFileError: not well-formed, not UTF-8, a DOCTYPE or entity, or not this layout.
    """
    stream = Path(path).open("rb")  # noqa: SIM115 - the reader owns and closes it
    try:
        return XmlReader(Path(path), stream)
    except BaseException:
        stream.close()
        raise
