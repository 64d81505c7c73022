"""JSON: the one-record-per-line layout, its fallback, and every way a file can be broken."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import orjson
import pytest

from gponline_sdk.errors import InputFileError
from gponline_sdk.models.consultation import RequesterRole, RequestType
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType, OcRecord, SubmissionHeader
from gponline_sdk.reporting.formats import open_json, open_submission, write_json
from gponline_sdk.serde import unstructure

UTC = timezone.utc
HEADER = SubmissionHeader(
    supplier_id="ACME-OC",
    data_type=DataType.OC_RECORD,
    period=ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 22)),
    generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
)


def oc(i: int, code: str = "A81001") -> OcRecord:
    return OcRecord(
        record_id=f"rec{i:08d}",
        practice_code=code,
        submitted_at=datetime(2026, 11, 17, 9, tzinfo=UTC),
        request_type=RequestType.CLINICAL,
        requester_role=RequesterRole.PATIENT,
    )


RECORDS = [oc(1), oc(2), oc(3)]


def _written(tmp_path: Path) -> Path:
    path = tmp_path / "oc_record.json"
    write_json(path, HEADER, RECORDS)
    return path


def _read_all(path: Path) -> list[OcRecord]:
    with open_json(path) as reader:
        assert reader.header() == HEADER
        return list(reader.records())  # type: ignore[arg-type]


def test_layout_is_valid_json_with_one_record_per_line(tmp_path: Path) -> None:
    path = _written(tmp_path)
    lines = path.read_bytes().split(b"\n")
    assert lines[0].startswith(b'{"header":{')
    assert lines[0].endswith(b",")
    assert lines[1] == b'"records":['
    assert [orjson.loads(x.rstrip(b",")) for x in lines[2:5]] == [unstructure(r) for r in RECORDS]
    assert lines[5:] == [b"]}", b""]
    whole = orjson.loads(path.read_bytes())
    assert whole == {"header": unstructure(HEADER), "records": [unstructure(r) for r in RECORDS]}


def test_empty_week_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "oc_record.json"
    write_json(path, HEADER, [])
    assert orjson.loads(path.read_bytes())["records"] == []
    assert _read_all(path) == []


def test_other_layouts_are_read_whole(tmp_path: Path) -> None:
    doc = {"records": [unstructure(r) for r in RECORDS], "header": unstructure(HEADER)}
    for option in (0, orjson.OPT_INDENT_2):
        path = tmp_path / f"pretty{option}.json"
        path.write_bytes(orjson.dumps(doc, option=option))
        assert _read_all(path) == RECORDS


def test_other_layouts_beyond_the_cap_are_refused_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    doc = {"header": unstructure(HEADER), "records": [unstructure(r) for r in RECORDS]}
    path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    with pytest.raises(InputFileError, match="streaming layout"):
        open_json(path, max_whole_bytes=100)


def test_truncated_file_is_refused_with_line(tmp_path: Path) -> None:
    path = _written(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"\n]}")])  # lost the end of the array
    with open_json(path) as reader, pytest.raises(InputFileError, match="truncated") as err:
        list(reader.raw_records())
    assert err.value.problems[0].location == "oc_record.json:line 5"


def test_truncated_mid_record_is_refused_with_line(tmp_path: Path) -> None:
    path = _written(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"rec00000002") + 5])
    with open_json(path) as reader, pytest.raises(InputFileError, match="invalid JSON") as err:
        list(reader.raw_records())
    assert err.value.problems[0].location == "oc_record.json:line 4"


def test_truncated_other_layout_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    doc = {"header": unstructure(HEADER), "records": [unstructure(r) for r in RECORDS]}
    path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2)[:-40])
    with pytest.raises(InputFileError, match="invalid JSON") as err:
        open_json(path)
    assert "line" in err.value.problems[0].location


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.replace(b"},\n{", b"}\n{", 1), "missing comma"),
        (lambda d: d.replace(b"}\n]}", b"},\n]}"), "comma before"),
        (lambda d: d + b"{}\n", "after the document"),
    ],
)
def test_layout_faults_are_refused(edit, message: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _written(tmp_path)
    path.write_bytes(edit(path.read_bytes()))
    with open_json(path) as reader, pytest.raises(InputFileError, match=message):
        list(reader.raw_records())


def test_bad_record_is_located_by_json_path(tmp_path: Path) -> None:
    path = _written(tmp_path)
    path.write_bytes(
        path.read_bytes().replace(
            b'"rec00000002","practice_code":"A81001"', b'"rec00000002","practice_code":"XYZ"'
        )
    )
    with open_json(path) as reader, pytest.raises(InputFileError) as err:
        list(reader.records())
    assert err.value.problems[0].location == "$.records[1].practice_code"


def test_latin1_bytes_are_refused_with_file_and_line(tmp_path: Path) -> None:
    path = _written(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"rec00000003", b"rec0000000\xe9"))
    with open_json(path) as reader, pytest.raises(InputFileError, match="UTF-8") as err:
        list(reader.raw_records())
    assert err.value.problems[0].location == "oc_record.json:5"
    assert err.value.path == str(path)


def test_utf16_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "oc_record.json"
    path.write_bytes(b"\xff\xfe" + '{"header":{}}'.encode("utf-16-le"))
    with pytest.raises(InputFileError, match="UTF-16"):
        open_submission(path)


def test_top_level_shape_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_bytes(b'{"header": {}, "records": [], "extra": 1}')
    with pytest.raises(InputFileError, match="unknown key"):
        open_json(path)
    path.write_bytes(b"[1, 2]")
    with pytest.raises(InputFileError, match="expected an object"):
        open_json(path)
