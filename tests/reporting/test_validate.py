"""Every validation rule trips on a case made for it, and stays quiet on a clean one."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from _validation_cases import (
    LIST,
    PERIOD,
    UTC,
    R,
    file_reasons,
    header,
    oc,
    raw_oc,
    record_reasons,
    run,
)

from gponline_sdk.models.consultation import RequestType, VideoSessionStatus
from gponline_sdk.models.usage import (
    DataType,
    Incident,
    IncidentImpact,
    OcAggregate,
    OcPractice,
    PracticeStatus,
    Product,
    SubmissionHeader,
    VcAggregate,
    VcRecord,
)
from gponline_sdk.reporting.formats import Format, write_submission
from gponline_sdk.reporting.validate import (
    ReasonCode,
    validate_file,
)
from gponline_sdk.serde import unstructure

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
        (header(extra=1), R.HEADER_INVALID, "$.header"),  # an unknown key is not shown, only where
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
        (
            {"surname": "Smith"},
            R.INVALID_VALUE,
            "$.records[0]",
        ),  # the key (a surname!) is not shown
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
