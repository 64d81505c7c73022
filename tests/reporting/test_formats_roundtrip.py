"""Every data type through every format: what is written reads back as equal objects."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.models.usage import DataType, SubmissionHeader
from gponline_sdk.reporting.formats import (
    Format,
    header_columns,
    open_submission,
    record_fields,
    write_submission,
)
from gponline_sdk.serde import WIRE_NAMES
from gponline_sdk.testing import strategies as gs

_STRATEGIES = {
    DataType.OC_RECORD: gs.oc_records,
    DataType.OC_AGGREGATE: gs.oc_aggregates,
    DataType.OC_PRACTICE: gs.oc_practices,
    DataType.VC_RECORD: gs.vc_records,
    DataType.VC_AGGREGATE: gs.vc_aggregates,
    DataType.VC_PRACTICE: gs.vc_practices,
    DataType.INCIDENT: gs.incidents,
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(obj: Any) -> Any:
    """Replace the characters XML 1.0 cannot carry (the writer refuses them, tested elsewhere)."""
    changes = {
        f.name: _NOT_XML.sub("?", getattr(obj, f.name))
        for f in attrs.fields(type(obj))
        if isinstance(getattr(obj, f.name), str) and type(getattr(obj, f.name)) is str
    }
    return attrs.evolve(obj, **changes)


@st.composite
def _submissions(draw: st.DrawFn, data_type: DataType) -> tuple[SubmissionHeader, list[Any]]:
    header = attrs.evolve(draw(gs.submission_headers()), data_type=data_type)
    records = draw(st.lists(_STRATEGIES[data_type](), max_size=6))
    return header, records


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
@pytest.mark.parametrize("data_type", list(DataType), ids=lambda d: d.value)
def test_round_trip_every_type_every_format(
    data_type: DataType, fmt: Format, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("rt")

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_submissions(data_type))
    def check(submission: tuple[SubmissionHeader, list[Any]]) -> None:
        header, records = submission
        if fmt is Format.XML:
            header, records = _xml_safe(header), [_xml_safe(r) for r in records]
        if fmt is Format.CSV and not records:
            return  # a CSV file carries its header on its rows; refusal tested in test_formats_csv
        path = folder / f"sub.{fmt.value}"
        summary = write_submission(path, header, iter(records))
        data = path.read_bytes()
        assert summary.records == len(records)
        assert summary.bytes == len(data)
        assert summary.sha256 == hashlib.sha256(data).hexdigest()
        with open_submission(path) as reader:
            assert reader.format is fmt
            assert reader.header() == header
            assert list(reader.records()) == records

    check()


@pytest.mark.parametrize("data_type", list(DataType), ids=lambda d: d.value)
def test_csv_columns_are_wire_names_in_table_order(data_type: DataType, tmp_path: Path) -> None:
    @settings(max_examples=1, deadline=None)
    @given(gs.submission_headers(), _STRATEGIES[data_type]())
    def draw(header: SubmissionHeader, record: Any) -> None:
        write_submission(tmp_path / "x.csv", attrs.evolve(header, data_type=data_type), [record])

    draw()
    path = tmp_path / "x.csv"
    first_line = path.read_bytes().split(b"\r\n", 1)[0].decode()
    expected = list(header_columns()) + list(WIRE_NAMES[data_type.record_class].values())
    assert first_line.split(",") == expected
    assert record_fields(data_type) == tuple(WIRE_NAMES[data_type.record_class].values())


def test_header_columns_follow_wire_names() -> None:
    assert header_columns() == (
        "supplier_id",
        "data_type",
        "period_start",
        "period_end",
        "generated_at",
        "schema_version",
    )
