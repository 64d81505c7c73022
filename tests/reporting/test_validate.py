"""Every validation rule trips on a case made for it, and stays quiet on a clean one."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import ValidationError
from gponline_sdk.models.consultation import RequesterRole, RequestType, VideoSessionStatus
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import (
    DataType,
    Incident,
    IncidentImpact,
    NationalRecord,
    OcAggregate,
    OcPractice,
    OcRecord,
    PracticeStatus,
    Product,
    SubmissionHeader,
    VcAggregate,
    VcRecord,
)
from gponline_sdk.reporting._duplicates import DuplicateFinder
from gponline_sdk.reporting.formats import Format, write_submission
from gponline_sdk.reporting.validate import (
    ReasonCode,
    SubmissionValidator,
    ValidationReport,
    validate_file,
    validate_stream,
)
from gponline_sdk.serde import unstructure
from gponline_sdk.testing import strategies as gs

UTC = timezone.utc
PERIOD = ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 22))
LIST = {"A81001", "A81002"}
R = ReasonCode


def header(kind: DataType = DataType.OC_RECORD, /, **changes: Any) -> dict[str, Any]:
    raw = unstructure(
        SubmissionHeader(
            supplier_id="ACME-OC",
            data_type=kind,
            period=PERIOD,
            generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
        )
    )
    raw.update(changes)
    return {k: v for k, v in raw.items() if v is not ...}


def oc(i: int, *, code: str = "A81001", when: datetime | None = None) -> OcRecord:
    return OcRecord(
        record_id=f"rec{i:08d}",
        practice_code=code,
        submitted_at=when or datetime(2026, 11, 17, 9, tzinfo=UTC),
        request_type=RequestType.CLINICAL,
        requester_role=RequesterRole.PATIENT,
    )


def raw_oc(i: int, **changes: Any) -> dict[str, Any]:
    return {**unstructure(oc(i)), **changes}


def run(head: Any, records: list[Any], participating: Any = LIST) -> ValidationReport:
    return validate_stream(head, records, participating=participating)


def file_reasons(report: ValidationReport) -> set[ReasonCode]:
    return {r.reason for r in report.file_rejections}


def record_reasons(report: ValidationReport) -> list[ReasonCode]:
    return [r.reason for r in report.record_rejections]


# -- clean ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
def test_clean_file_is_accepted_in_every_format(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / f"acme_oc_record_2026-W47.{fmt.value}"
    head = SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=DataType.OC_RECORD,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )
    # Late Sunday in New York is already Monday in London: inside the week.
    edge = datetime(2026, 11, 15, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    write_submission(path, head, [oc(1), oc(2, code="A81002"), oc(3, when=edge)])
    report = validate_file(path, participating=LIST)
    assert not report.rejected, report.to_text()
    assert (report.records_total, report.records_accepted, report.records_rejected) == (3, 3, 0)
    assert report.record_rejections == ()
    assert (report.data_type, report.period, report.supplier_id) == (
        DataType.OC_RECORD,
        PERIOD,
        "ACME-OC",
    )


# -- file rejections --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "reason", "where"),
    [
        (None, R.HEADER_MISSING, "$.header"),
        ([1, 2], R.HEADER_INVALID, "$.header"),
        (header(supplier_id=...), R.SUPPLIER_MISSING, "$.header.supplier_id"),
        (header(supplier_id=""), R.SUPPLIER_MISSING, "$.header.supplier_id"),
        (header(supplier_id="acme oc"), R.HEADER_INVALID, "$.header.supplier_id"),
        (header(data_type="oc_records"), R.HEADER_INVALID, "$.header.data_type"),
        (header(generated_at="2026-11-23T06:00:00"), R.HEADER_INVALID, "$.header.generated_at"),
        (header(extra=1), R.HEADER_INVALID, "$.header.extra"),
        (
            header(period={"start": "2026-11-17", "end": "2026-11-23"}),
            R.PERIOD_NOT_MONDAY_TO_SUNDAY,
            "$.header.period",
        ),
        (
            header(period={"start": "2026-11-16", "end": "2026-11-21"}),
            R.PERIOD_NOT_MONDAY_TO_SUNDAY,
            "$.header.period",
        ),
        (
            header(period={"start": "2026-11-16", "end": "2026-11-10"}),
            R.PERIOD_NOT_MONDAY_TO_SUNDAY,
            "$.header.period",
        ),
        (
            header(period={"start": "2026-11-16", "end": "2026-11-23"}),
            R.PERIOD_TOO_LONG,
            "$.header.period",
        ),
        (
            header(period={"start": "2026-11-16", "end": "2026-11-29"}),
            R.PERIOD_TOO_LONG,
            "$.header.period",
        ),
        (
            header(period={"start": "16/11/2026", "end": "2026-11-22"}),
            R.HEADER_INVALID,
            "$.header.period.start",
        ),
    ],
)
def test_header_faults_reject_the_file(head: Any, reason: ReasonCode, where: str) -> None:
    report = run(head, [raw_oc(1)])
    assert report.rejected
    assert [(r.reason, r.location) for r in report.file_rejections] == [(reason, where)]
    assert report.records_accepted == 0
    assert report.records_total == 1


def test_records_of_another_type_reject_the_file() -> None:
    vc = unstructure(
        VcRecord(
            record_id="vc-0000001",
            practice_code="A81001",
            scheduled_start=datetime(2026, 11, 17, 9, tzinfo=UTC),
            status=VideoSessionStatus.COMPLETED,
        )
    )
    report = run(header(DataType.OC_RECORD), [vc])
    assert file_reasons(report) == {R.DATA_TYPE_MISMATCH}
    assert "vc_record" in report.file_rejections[0].message


def test_xml_record_element_of_another_type_rejects_the_file(tmp_path: Path) -> None:
    path = tmp_path / "week.xml"
    head = SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=DataType.OC_RECORD,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )
    write_submission(path, head, [oc(1)])
    path.write_bytes(
        path.read_bytes()
        .replace(b"oc_record>", b"vc_record>")
        .replace(b"<data_type>vc_record", b"<data_type>oc_record")
    )
    report = validate_file(path, participating=LIST)
    assert file_reasons(report) == {R.DATA_TYPE_MISMATCH}


def test_csv_columns_of_another_type_reject_the_file(tmp_path: Path) -> None:
    path = tmp_path / "week.csv"
    head = SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=DataType.OC_RECORD,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )
    write_submission(path, head, [oc(1)])
    path.write_bytes(path.read_bytes().replace(b",oc_record,", b",vc_record,"))
    report = validate_file(path, participating=LIST)
    assert file_reasons(report) == {R.DATA_TYPE_MISMATCH}
    assert report.file_rejections[0].location == "columns"


def test_file_name_naming_another_type_rejects_the_file(tmp_path: Path) -> None:
    path = tmp_path / "acme_vc_record_2026-W47.json"
    head = SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=DataType.OC_RECORD,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )
    write_submission(path, head, [oc(1)])
    assert file_reasons(validate_file(path, participating=LIST)) == {R.DATA_TYPE_MISMATCH}


def test_records_in_two_weeks_reject_the_file() -> None:
    earlier = datetime(2026, 11, 10, 9, tzinfo=UTC)
    report = run(header(), [unstructure(oc(1)), unstructure(oc(2, when=earlier))])
    assert file_reasons(report) == {R.MULTIPLE_PERIODS}
    assert record_reasons(report) == [R.DATE_OUTSIDE_PERIOD]
    assert report.records_accepted == 0


def test_csv_rows_naming_two_periods_reject_the_file(tmp_path: Path) -> None:
    path = tmp_path / "week.csv"
    head = SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=DataType.OC_RECORD,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )
    write_submission(path, head, [oc(1), oc(2)])
    lines = path.read_bytes().split(b"\r\n")
    lines[2] = lines[2].replace(b"2026-11-16,2026-11-22", b"2026-11-09,2026-11-15")
    path.write_bytes(b"\r\n".join(lines))
    report = validate_file(path, participating=LIST)
    assert file_reasons(report) == {R.MULTIPLE_PERIODS}
    assert report.file_rejections[0].location == "week.csv:3"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cut.json", b'{"header":{},\n"records":[\n{"a":1},\n'),
        ("bomb.xml", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><submission/>'),
        ("latin1.csv", b"supplier_id,data_type\r\nACM\xc9,oc_record\r\n"),
        ("broken.json", b'{"header": {'),
    ],
)
def test_unparseable_files_are_rejected_with_where(
    name: str, content: bytes, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = validate_file(path, participating=LIST)
    assert report.rejected
    unparseable = [r for r in report.file_rejections if r.reason is R.UNPARSEABLE]
    assert len(unparseable) == 1
    assert unparseable[0].location.startswith(name)


# -- record rejections ------------------------------------------------------------------------


def test_practice_not_on_the_list_is_rejected() -> None:
    records = [raw_oc(1), raw_oc(2, practice_code="B82001")]
    for participating in (LIST, frozenset(LIST), lambda code: code in LIST):
        report = run(header(), records, participating)
        assert not report.rejected
        assert record_reasons(report) == [R.PRACTICE_NOT_PARTICIPATING]
        assert report.record_rejections[0].location == "$.records[1].practice_code"
        assert report.records_accepted == 1
    assert run(header(), records, None).records_accepted == 2


def test_date_outside_the_period_is_rejected() -> None:
    later = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # Monday after: next week
    report = run(header(), [unstructure(oc(1, when=later))])
    assert not report.rejected
    assert record_reasons(report) == [R.DATE_OUTSIDE_PERIOD]
    assert report.record_rejections[0].location == "$.records[0].submitted_at"


@pytest.mark.parametrize(
    ("changes", "reason", "where"),
    [
        ({"practice_code": "A8100"}, R.INVALID_ODS_CODE, "$.records[0].practice_code"),
        ({"request_type": "urgent"}, R.INVALID_VALUE, "$.records[0].request_type"),
        ({"submitted_at": "2026-11-17T09:00:00"}, R.INVALID_VALUE, "$.records[0].submitted_at"),
        ({"has_attachments": "yes"}, R.INVALID_VALUE, "$.records[0].has_attachments"),
        ({"record_id": "short"}, R.INVALID_VALUE, "$.records[0].record_id"),
        ({"surname": "Smith"}, R.INVALID_VALUE, "$.records[0].surname"),
    ],
)
def test_invalid_values_are_rejected(
    changes: dict[str, Any], reason: ReasonCode, where: str
) -> None:
    report = run(header(), [raw_oc(1, **changes)])
    assert not report.rejected
    assert [(r.reason, r.location) for r in report.record_rejections] == [(reason, where)]


def test_duplicate_record_ids_are_rejected() -> None:
    report = run(header(), [raw_oc(1), raw_oc(2), raw_oc(1)])
    assert record_reasons(report) == [R.DUPLICATE_RECORD_ID]
    assert report.record_rejections[0].index == 2
    assert report.record_rejections[0].record_id == "rec00000001"


def test_duplicate_incident_ids_are_rejected() -> None:
    inc = unstructure(
        Incident(
            incident_id="inc-0000001",
            product=Product.ONLINE_CONSULTATION,
            started_at=datetime(2026, 11, 17, 9, tzinfo=UTC),
            impact=IncidentImpact.DEGRADED,
            summary="outage",
        )
    )
    report = run(header(DataType.INCIDENT), [inc, inc])
    assert record_reasons(report) == [R.DUPLICATE_RECORD_ID]


def _ocagg(request_type: RequestType, day: int = 17) -> dict[str, Any]:
    return unstructure(
        OcAggregate(
            practice_code="A81001",
            date=date(2026, 11, day),
            request_type=request_type,
            submissions=5,
            submissions_out_of_core_hours=1,
        )
    )


def test_duplicate_aggregate_keys_are_rejected() -> None:
    oc_rows = [
        _ocagg(RequestType.CLINICAL),
        _ocagg(RequestType.ADMINISTRATIVE),
        _ocagg(RequestType.CLINICAL, 18),
        _ocagg(RequestType.CLINICAL),
    ]
    report = run(header(DataType.OC_AGGREGATE), oc_rows)
    assert [(r.index, r.reason) for r in report.record_rejections] == [(3, R.DUPLICATE_KEY)]
    vc = unstructure(
        VcAggregate(
            practice_code="A81001",
            date=date(2026, 11, 17),
            scheduled=2,
            completed=1,
            total_minutes=20,
        )
    )
    assert record_reasons(run(header(DataType.VC_AGGREGATE), [vc, vc])) == [R.DUPLICATE_KEY]


def test_practice_rows_have_no_date_and_one_row_per_practice() -> None:
    row = unstructure(
        OcPractice(
            practice_code="A81001",
            product_name="Tool",
            installation_date=date(2019, 1, 7),
            status=PracticeStatus.LIVE,
        )
    )
    report = run(header(DataType.OC_PRACTICE), [row, {**row, "practice_code": "A81002"}, row])
    assert not report.rejected
    assert record_reasons(report) == [R.DUPLICATE_KEY]


def test_csv_row_with_wrong_cell_count_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "week.csv"
    head = SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=DataType.OC_RECORD,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )
    write_submission(path, head, [oc(1), oc(2)])
    path.write_bytes(path.read_bytes().rstrip(b"\r\n") + b",extra\r\n")
    report = validate_file(path, participating=LIST)
    assert not report.rejected
    assert [(r.reason, r.location) for r in report.record_rejections] == [
        (R.INVALID_VALUE, "week.csv:3")
    ]


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
    assert "practice_not_participating: 50" in text
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
