"""XML: safe reading (no DTD, no entities), encodings, layout faults, exact text."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

from gponline_sdk.errors import InputFileError, ValidationError
from gponline_sdk.models.consultation import RequesterRole, RequestType
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import (
    DataType,
    Incident,
    IncidentImpact,
    OcRecord,
    Product,
    SubmissionHeader,
)
from gponline_sdk.reporting.formats import open_xml, write_xml

UTC = timezone.utc
PERIOD = ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 22))


def header(data_type: DataType = DataType.OC_RECORD) -> SubmissionHeader:
    return SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=data_type,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )


def oc(i: int) -> OcRecord:
    return OcRecord(
        record_id=f"rec{i:08d}",
        practice_code="A81001",
        submitted_at=datetime(2026, 11, 17, 9, tzinfo=UTC),
        request_type=RequestType.CLINICAL,
        requester_role=RequesterRole.PATIENT,
    )


def incident(summary: str) -> Incident:
    return Incident(
        incident_id="inc-0000001",
        product=Product.VIDEO_CONSULTATION,
        started_at=datetime(2026, 11, 17, 9, tzinfo=UTC),
        impact=IncidentImpact.UNAVAILABLE,
        summary=summary,
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<submission><header><supplier_id>&lol9;</supplier_id></header><records/></submission>
"""


def _xxe(secret: Path) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE submission [<!ENTITY xxe SYSTEM "file://{secret}">]>
<submission><header><supplier_id>&xxe;</supplier_id></header><records/></submission>
""".encode()


def test_entity_bomb_is_refused_not_expanded(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_bytes(BILLION_LAUGHS)
    with pytest.raises(InputFileError, match="DOCTYPE declarations are refused") as err:
        open_xml(path)
    assert err.value.problems[0].location == "bomb.xml:line 2"
    # The same file is one defusedxml refuses: our rule is at least as strict.
    with pytest.raises(DefusedXmlException):
        DefusedET.parse(io.BytesIO(BILLION_LAUGHS))


def test_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    path = tmp_path / "xxe.xml"
    path.write_bytes(_xxe(secret))
    with pytest.raises(InputFileError, match="DOCTYPE") as err:
        open_xml(path)
    assert "TOP-SECRET-VALUE" not in str(err.value)
    with pytest.raises(DefusedXmlException):
        DefusedET.parse(io.BytesIO(_xxe(secret)))


def test_external_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dtd.xml"
    path.write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE submission SYSTEM "http://127.0.0.1:9/x.dtd">\n<submission/>'
    )
    with pytest.raises(InputFileError, match="DOCTYPE"):
        open_xml(path)


def test_undeclared_entity_is_not_well_formed(tmp_path: Path) -> None:
    path = tmp_path / "ent.xml"
    path.write_bytes(b"<submission>\n<header><supplier_id>&x;</supplier_id></header></submission>")
    with pytest.raises(InputFileError, match="undefined entity") as err:
        open_xml(path)
    assert err.value.problems[0].location == "ent.xml:line 2"


def test_text_with_markup_and_carriage_returns_is_exact(tmp_path: Path) -> None:
    summary = "a < b & c > d\r\nnext\rline ]]> 'quoted' \"double\"\ttab  "
    path = tmp_path / "incident.xml"
    write_xml(path, header(DataType.INCIDENT), [incident(summary)])
    with open_xml(path) as reader:
        assert [r.summary for r in reader.records()] == [summary]  # type: ignore[union-attr]


def test_control_character_is_refused_naming_field_not_value(tmp_path: Path) -> None:
    path = tmp_path / "incident.xml"
    with pytest.raises(ValidationError, match=r"\$\.records\[0\]\.summary") as err:
        write_xml(path, header(DataType.INCIDENT), [incident("secret\x01value")])
    assert "secret" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


def _written(tmp_path: Path) -> Path:
    path = tmp_path / "oc_record.xml"
    write_xml(path, header(), [oc(1), oc(2), oc(3)])
    return path


def test_record_locations_name_line_and_position(tmp_path: Path) -> None:
    path = _written(tmp_path)
    path.write_bytes(
        path.read_bytes().replace(
            b"rec00000002</record_id><practice_code>A81001",
            b"rec00000002</record_id><practice_code>Z1",
        )
    )
    with open_xml(path) as reader, pytest.raises(InputFileError) as err:
        list(reader.records())
    assert (
        err.value.problems[0].location
        == "oc_record.xml:line 12: records/oc_record[2]/practice_code"
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            lambda d: d.replace(b"<submission>", b"<other>").replace(b"</submission>", b"</other>"),
            "root element",
        ),
        (lambda d: d.replace(b"<records>", b'<records kind="x">'), "attributes"),
        (lambda d: d.replace(b"<records>", b"<records>stray text"), "text where elements"),
        (lambda d: d[:-30], "not well-formed"),
        (lambda d: d.replace(b'encoding="utf-8"', b'encoding="ISO-8859-1"'), "only UTF-8"),
        (lambda d: d.replace(b"rec00000002", b"rec0000000\xe9"), "not UTF-8"),
    ],
)
def test_faulty_files_are_refused_with_line(bad, message: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _written(tmp_path)
    path.write_bytes(bad(path.read_bytes()))
    with pytest.raises(InputFileError, match=message) as err:
        with open_xml(path) as reader:
            list(reader.raw_records())
    assert "line" in err.value.problems[0].location


def test_utf16_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "u16.xml"
    path.write_bytes(b"\xff\xfe" + "<submission/>".encode("utf-16-le"))
    with pytest.raises(InputFileError, match="UTF-16"):
        open_xml(path)


def test_duplicate_and_nested_fields_are_defects_of_their_record(tmp_path: Path) -> None:
    path = _written(tmp_path)
    data = path.read_bytes()
    data = data.replace(
        b"<record_id>rec00000001</record_id>",
        b"<record_id>rec00000001</record_id><record_id>x</record_id>",
    )
    data = data.replace(
        b"rec00000002</record_id><practice_code>A81001</practice_code>",
        b"rec00000002</record_id><practice_code><b>A81001</b></practice_code>",
    )
    path.write_bytes(data)
    with open_xml(path) as reader:
        raws = list(reader.raw_records())
    assert [r.defect is not None for r in raws] == [True, True, False]
    assert "appears twice" in (raws[0].defect or "")
    assert "holds elements" in (raws[1].defect or "")
    assert [r.tag for r in raws] == ["oc_record"] * 3
