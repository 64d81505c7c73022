"""The validation report: its JSON shape, its caps, no identifiers; the validator API; an oracle."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import orjson
import pytest
from _validation_cases import (
    LIST,
    PERIOD,
    UTC,
    R,
    header,
    oc,
    raw_oc,
    record_reasons,
    run,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import ValidationError
from gponline_sdk.models.usage import (
    DataType,
    NationalRecord,
    OcRecord,
    SubmissionHeader,
)
from gponline_sdk.reporting.validate import (
    SubmissionValidator,
    ValidationReport,
    validate_stream,
)
from gponline_sdk.reporting.validation._duplicates import DuplicateFinder
from gponline_sdk.serde import unstructure
from gponline_sdk.testing import strategies as gs

# -- the report -------------------------------------------------------------------------------


def test_report_round_trips_through_json_with_a_stable_shape() -> None:
    report = run(header(), [raw_oc(1), raw_oc(1), raw_oc(2, practice_code="Z1")])
    data = report.to_json()
    assert ValidationReport.from_json(data) == report
    shape = orjson.loads(data)
    assert list(shape) == [
        "source",
        "supplier_id",
        "data_type",
        "period",
        "rejected",
        "file_rejections",
        "records_total",
        "records_accepted",
        "records_rejected",
        "rejection_counts",
        "record_rejections",
    ]
    assert shape["rejection_counts"] == [
        {"reason": "duplicate_record_id", "count": 1},
        {"reason": "invalid_ods_code", "count": 1},
    ]


def test_inconsistent_report_is_refused() -> None:
    shape = orjson.loads(run(header(), [raw_oc(1)]).to_json())
    shape["records_accepted"] = 5
    with pytest.raises(ValidationError, match="records_accepted"):
        ValidationReport.from_json(orjson.dumps(shape))


def test_details_are_capped_but_everything_is_counted() -> None:
    records = [raw_oc(i, practice_code="B82001") for i in range(50)]
    report = validate_stream(header(), records, participating=LIST, max_details=10)
    assert len(report.record_rejections) == 10
    assert report.records_rejected == 50
    assert report.details_omitted == 40
    text = report.to_text()
    assert "practice_not_participating (NHS England rule): 50" in text
    assert "more rejected records" in text


def test_identifiers_never_reach_the_report() -> None:
    nhs_number = "9434765919"
    records = [
        raw_oc(1, practice_code=nhs_number),
        raw_oc(2, request_type="Jane Smith"),
        raw_oc(3, record_id=nhs_number),
        raw_oc(3, record_id=nhs_number),
    ]
    report = run(header(), records)
    out = report.to_json().decode() + report.to_text()
    assert nhs_number not in out
    assert "Jane" not in out
    assert "(value withheld)" in out
    assert "'clinical'" in out  # allowed enum values are still shown


def test_validator_hands_back_accepted_records_for_a_collector() -> None:
    validator = SubmissionValidator(participating=LIST, source="in-memory")
    assert validator.check_header(header()) is not None
    from gponline_sdk.reporting.formats import RawRecord

    kept: list[NationalRecord] = []
    for i, raw in enumerate([raw_oc(1), raw_oc(2, practice_code="B82001"), raw_oc(3)]):
        accepted = validator.check_record(RawRecord.json(i, raw))
        if accepted is not None:
            kept.append(accepted)
    assert kept == [oc(1), oc(3)]
    assert validator.report().records_accepted == 2


def test_typed_records_and_header_are_accepted_too() -> None:
    head = SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=DataType.OC_RECORD,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )
    report = validate_stream(head, [oc(1), oc(1)], participating=LIST)
    assert record_reasons(report) == [R.DUPLICATE_RECORD_ID]


def test_key_digests_are_exact_for_many_keys() -> None:
    seen = DuplicateFinder(None)
    keys = [f"rec{i:010d}" for i in range(200_000)]
    assert all(seen.add(k, i, True) for i, k in enumerate(keys))
    assert not any(seen.add(k, 0, True) for k in keys[::997])
    assert not seen.spilled


# -- property: an oracle for the record rules ---------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(gs.oc_records(), st.integers(0, 7 * 86_400 - 1), st.booleans()), max_size=30)
)
def test_generated_weeks_are_judged_as_an_oracle_would(
    drawn: list[tuple[OcRecord, int, bool]],
) -> None:
    london = ZoneInfo("Europe/London")
    start = datetime(2026, 11, 16, tzinfo=london)
    records, expected = [], []
    seen: set[str] = set()
    for record, offset, listed in drawn:
        code = "A81001" if listed else "B82001"
        moved = attrs.evolve(
            record, practice_code=code, submitted_at=start + timedelta(seconds=offset)
        )
        records.append(unstructure(moved))
        if not listed:
            expected.append(R.PRACTICE_NOT_PARTICIPATING)
        elif moved.record_id in seen:
            expected.append(R.DUPLICATE_RECORD_ID)
        seen.add(moved.record_id)
    report = run(header(), records)
    assert not report.rejected
    assert record_reasons(report) == expected
    assert report.records_accepted == len(records) - len(expected)
