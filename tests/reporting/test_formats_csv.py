"""CSV: formula-injection escaping that reads back exactly, bad files with file and line."""

from __future__ import annotations

import csv
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from gponline_sdk.reporting.formats import csv_escape, csv_unescape, open_csv, write_csv

UTC = timezone.utc
PERIOD = ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 22))


def header(data_type: DataType = DataType.INCIDENT) -> SubmissionHeader:
    return SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=data_type,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )


def incident(summary: str, incident_id: str = "inc-0000001") -> Incident:
    return Incident(
        incident_id=incident_id,
        product=Product.ONLINE_CONSULTATION,
        started_at=datetime(2026, 11, 17, 9, tzinfo=UTC),
        impact=IncidentImpact.DEGRADED,
        summary=summary,
    )


def oc(i: int) -> OcRecord:
    return OcRecord(
        record_id=f"rec{i:08d}",
        practice_code="A81001",
        submitted_at=datetime(2026, 11, 17, 9, tzinfo=UTC),
        request_type=RequestType.CLINICAL,
        requester_role=RequesterRole.PATIENT,
    )


DANGEROUS = [
    '=HYPERLINK("http://x","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    "'=already quoted",
    "''",
    "'@",
]


@pytest.mark.parametrize("summary", DANGEROUS)
def test_formula_cells_are_neutralised_and_read_back_exactly(summary: str, tmp_path: Path) -> None:
    path = tmp_path / "incident.csv"
    write_csv(path, header(), [incident(summary)])
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    cell = rows[1][-1]
    # What a spreadsheet sees: never a cell starting with a formula character.
    assert cell[0] not in "=+-@\t\r"
    assert cell == "'" + summary
    with open_csv(path) as reader:
        assert [r.summary for r in reader.records()] == [summary]  # type: ignore[union-attr]


def test_record_id_starting_with_minus_is_escaped_and_restored(tmp_path: Path) -> None:
    path = tmp_path / "incident.csv"
    write_csv(path, header(), [incident("fine", incident_id="-abc12345")])
    assert b",'-abc12345," in path.read_bytes()
    with open_csv(path) as reader:
        assert [r.incident_id for r in reader.records()] == ["-abc12345"]  # type: ignore[union-attr]


@pytest.mark.parametrize("plain", ["'hello", "'", "it's", "2026-11-16T09:00:00-05:00", "a=b"])
def test_harmless_cells_are_left_alone(plain: str) -> None:
    assert csv_escape(plain) == plain
    assert csv_unescape(plain) == plain


@given(st.text())
def test_escape_then_unescape_is_identity(text: str) -> None:
    escaped = csv_escape(text)
    assert csv_unescape(escaped) == text
    assert not escaped or escaped[0] not in "=+-@\t\r"


def test_rows_end_with_crlf_and_embedded_newlines_survive(tmp_path: Path) -> None:
    path = tmp_path / "incident.csv"
    write_csv(path, header(), [incident('line one\nline two, with comma "quoted"')])
    data = path.read_bytes()
    assert data.endswith(b"\r\n")
    assert data.count(b"\r\n") == 2
    with open_csv(path) as reader:
        assert next(reader.records()).summary == 'line one\nline two, with comma "quoted"'  # type: ignore[union-attr]


def test_empty_csv_is_refused_and_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "incident.csv"
    with pytest.raises(ValidationError, match="at least one record"):
        write_csv(path, header(), [])
    assert list(tmp_path.iterdir()) == []


def test_record_of_other_type_is_refused_before_anything_lands(tmp_path: Path) -> None:
    path = tmp_path / "incident.csv"
    with pytest.raises(ValidationError, match=r"\$\.records\[1\]"):
        write_csv(path, header(), [incident("a"), oc(1)])  # type: ignore[list-item]
    assert list(tmp_path.iterdir()) == []


def _valid_csv(tmp_path: Path) -> Path:
    path = tmp_path / "oc_record.csv"
    write_csv(path, header(DataType.OC_RECORD), [oc(1), oc(2), oc(3)])
    return path


def test_latin1_bytes_are_refused_with_file_and_line(tmp_path: Path) -> None:
    path = _valid_csv(tmp_path)
    lines = path.read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace(b"A81001", b"A81001\xe9")
    path.write_bytes(b"\r\n".join(lines))
    with open_csv(path) as reader, pytest.raises(InputFileError) as err:
        list(reader.raw_records())
    assert err.value.problems[0].location == "oc_record.csv:4"
    assert "UTF-8" in err.value.problems[0].message
    assert str(path) in str(err.value)


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_is_refused(bom: bytes, tmp_path: Path) -> None:
    path = tmp_path / "oc_record.csv"
    path.write_bytes(bom + "supplier_id\r\n".encode("utf-16-le"))
    with pytest.raises(InputFileError, match="UTF-16") as err:
        open_csv(path)
    assert err.value.problems[0].location == "oc_record.csv:1"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = _valid_csv(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with open_csv(path) as reader:
        assert len(list(reader.records())) == 3


@pytest.mark.parametrize(
    ("bad", "line"), [(b'"A81001"x', "oc_record.csv:3"), (b'"A81001', "oc_record.csv:3")]
)
def test_malformed_quoting_names_the_line(bad: bytes, line: str, tmp_path: Path) -> None:
    path = _valid_csv(tmp_path)
    lines = path.read_bytes().split(b"\r\n")
    lines[2] = lines[2].replace(b"A81001", bad)
    path.write_bytes(b"\r\n".join(lines))
    with open_csv(path) as reader, pytest.raises(InputFileError, match="malformed CSV") as err:
        list(reader.raw_records())
    assert err.value.problems[0].location == line


def test_wrong_cell_count_is_a_defect_of_that_row(tmp_path: Path) -> None:
    path = _valid_csv(tmp_path)
    lines = path.read_bytes().split(b"\r\n")
    lines[2] += b",extra"
    path.write_bytes(b"\r\n".join(lines))
    with open_csv(path) as reader:
        raws = list(reader.raw_records())
    assert [r.defect is not None for r in raws] == [False, True, False]
    assert raws[1].location == "oc_record.csv:3"


def test_bad_value_is_reported_at_file_line_and_column(tmp_path: Path) -> None:
    path = _valid_csv(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"rec00000002,A81001", b"rec00000002,A8100"))
    with open_csv(path) as reader, pytest.raises(InputFileError) as err:
        list(reader.records())
    assert err.value.problems[0].location == "oc_record.csv:3:practice_code"


def test_empty_file_and_blank_lines(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputFileError, match="empty file"):
        open_csv(empty)
    path = _valid_csv(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\r\n\r\n", 2))
    with open_csv(path) as reader:
        assert len(list(reader.records())) == 3


def test_header_only_csv_has_no_header(tmp_path: Path) -> None:
    path = _valid_csv(tmp_path)
    path.write_bytes(path.read_bytes().split(b"\r\n")[0] + b"\r\n")
    with open_csv(path) as reader:
        assert reader.header_raw is None
        with pytest.raises(InputFileError, match="no submission header"):
            reader.header()
