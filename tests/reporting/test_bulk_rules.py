"""The bulk rules: a multi-week CSV is taken, a row that is not one Monday-to-Sunday week is not.

Weekly behaviour is unchanged (the same file fails the weekly rules); the
rules NHS England has not published say "SDK pre-flight rule".
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from _bulk_data import FIRST, LAST, build

from gponline_sdk.models import DataType, PracticeStatus, ReportingPeriod
from gponline_sdk.models.usage import SubmissionHeader, VcPractice
from gponline_sdk.reporting.bulk import BulkRange, bulk_range_of, validate_bulk_file
from gponline_sdk.reporting.formats import Format, open_submission, write_submission
from gponline_sdk.reporting.validate import ReasonCode, validate_file

Row = dict[str, str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[DataType, Path]:
    return {f.data_type: f.path for f in build(tmp_path_factory.mktemp("bulk")).files}


def _edited(src: Path, dest: Path, edit: Callable[[int, Row], None]) -> Path:
    with src.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        columns, rows = list(reader.fieldnames or []), list(reader)
    for n, row in enumerate(rows):
        edit(n, row)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return dest


def _reasons(report_path: Path, weeks: BulkRange | None = None) -> set[ReasonCode]:
    report = validate_bulk_file(report_path, participating=None, weeks=weeks)
    return {r.reason for r in report.file_rejections}


def test_a_multi_week_file_passes_the_bulk_rules_and_fails_the_weekly_ones(
    built: dict[DataType, Path],
) -> None:
    path = built[DataType.OC_RECORD]
    report = validate_bulk_file(path, participating={"A81001", "B82002"})
    assert not report.rejected
    assert report.records_accepted == 24
    assert report.period is None
    weekly = validate_file(path, participating=None)
    assert {r.reason for r in weekly.file_rejections} == {ReasonCode.MULTIPLE_PERIODS}


def test_a_row_week_not_monday_to_sunday_rejects_the_file(
    built: dict[DataType, Path], tmp_path: Path
) -> None:
    def tuesday(n: int, row: Row) -> None:
        if n == 10:
            row["period_start"], row["period_end"] = "2026-11-10", "2026-11-16"

    path = _edited(built[DataType.OC_RECORD], tmp_path / built[DataType.OC_RECORD].name, tuesday)
    report = validate_bulk_file(path, participating=None)
    assert report.rejected
    assert report.records_accepted == 0
    (rejection,) = report.file_rejections
    assert rejection.reason is ReasonCode.PERIOD_NOT_MONDAY_TO_SUNDAY
    assert "SDK pre-flight rule" in rejection.message
    assert rejection.location.endswith(":12")  # line 12: the column row, then row 10 from 0


def test_a_row_period_longer_than_seven_days_rejects_the_file(
    built: dict[DataType, Path], tmp_path: Path
) -> None:
    def long(n: int, row: Row) -> None:
        if n == 3:
            row["period_end"] = "2026-11-09"  # Monday 2 to Monday 9: eight days

    path = _edited(built[DataType.OC_RECORD], tmp_path / built[DataType.OC_RECORD].name, long)
    report = validate_bulk_file(path, participating=None)
    (rejection,) = report.file_rejections
    assert rejection.reason is ReasonCode.PERIOD_TOO_LONG
    assert "rule of NHS England" in rejection.message


def test_a_week_outside_the_declared_range_rejects_its_records(
    built: dict[DataType, Path], tmp_path: Path
) -> None:
    narrow = BulkRange(first=FIRST, last=ReportingPeriod.from_iso_week("2026-W46"))
    report = validate_bulk_file(built[DataType.OC_RECORD], participating=None, weeks=narrow)
    assert not report.rejected
    assert report.records_rejected == 8  # the third week's rows
    detail = report.record_rejections[0]
    assert detail.reason is ReasonCode.DATE_OUTSIDE_PERIOD
    assert "SDK pre-flight rule" in detail.message
    assert "2026-W47" in detail.message


def test_a_record_dated_outside_its_rows_week_is_rejected(
    built: dict[DataType, Path], tmp_path: Path
) -> None:
    def shifted(n: int, row: Row) -> None:
        if n == 0:
            row["period_start"], row["period_end"] = "2026-11-09", "2026-11-15"

    path = _edited(built[DataType.OC_RECORD], tmp_path / built[DataType.OC_RECORD].name, shifted)
    report = validate_bulk_file(path, participating=None)
    assert not report.rejected
    assert report.records_rejected == 1
    assert report.record_rejections[0].reason is ReasonCode.DATE_OUTSIDE_PERIOD


def test_only_the_period_may_change_from_row_to_row(
    built: dict[DataType, Path], tmp_path: Path
) -> None:
    def other_supplier(n: int, row: Row) -> None:
        if n == 20:
            row["supplier_id"] = "OTHER-SUPPLIER"

    path = _edited(
        built[DataType.OC_RECORD], tmp_path / built[DataType.OC_RECORD].name, other_supplier
    )
    report = validate_bulk_file(path, participating=None)
    (rejection,) = report.file_rejections
    assert rejection.reason is ReasonCode.HEADER_INVALID
    assert "SDK pre-flight rule" in rejection.message


def test_a_practice_row_is_unique_per_week_not_per_file(
    built: dict[DataType, Path], tmp_path: Path
) -> None:
    src = built[DataType.OC_PRACTICE]
    assert not validate_bulk_file(src, participating=None).records_rejected  # A81001 each week
    with src.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines(keepends=True)
    doubled = tmp_path / src.name
    doubled.write_text("".join([*lines[:2], lines[1], *lines[2:]]), encoding="utf-8")
    report = validate_bulk_file(doubled, participating=None)
    assert report.records_rejected == 1
    assert report.record_rejections[0].reason is ReasonCode.DUPLICATE_KEY


def test_a_vc_practice_bulk_file_is_refused(built: dict[DataType, Path], tmp_path: Path) -> None:
    src = built[DataType.OC_PRACTICE]
    with open_submission(src) as reader:
        header = reader.header()
    vc_header = SubmissionHeader(
        supplier_id=header.supplier_id,
        data_type=DataType.VC_PRACTICE,
        period=header.period,
        generated_at=header.generated_at,
    )
    record = VcPractice(
        practice_code="A81001",
        product_name="Acme Video",
        installation_date=date(2025, 4, 1),
        status=PracticeStatus.LIVE,
    )
    path = tmp_path / "ACME-OC_vc_practice_bulk_2026-W45_2026-W47.csv"
    write_submission(path, vc_header, [record], Format.CSV)
    assert _reasons(path) == {ReasonCode.DATA_TYPE_MISMATCH}
    assert (
        "does not take vc_practice"
        in validate_bulk_file(path, participating=None).file_rejections[0].message
    )


def test_a_bulk_file_must_be_csv(built: dict[DataType, Path], tmp_path: Path) -> None:
    with open_submission(built[DataType.OC_RECORD]) as reader:
        header, records = reader.header(), list(reader.records())
    path = tmp_path / "ACME-OC_oc_record_bulk_2026-W45_2026-W47.json"
    write_submission(path, header, records[:3], Format.JSON)
    assert _reasons(path) == {ReasonCode.UNPARSEABLE}


def test_the_declared_weeks_come_from_the_profiles_file_name_pattern() -> None:
    weeks = bulk_range_of("ACME-OC_oc_record_bulk_2025-W02_2026-W47.csv")
    assert (weeks.first, weeks.last) == (
        ReportingPeriod.from_iso_week("2025-W02"),
        ReportingPeriod.from_iso_week("2026-W47"),
    )
    assert bulk_range_of("something_else.csv") == BulkRange()
    assert bulk_range_of("ACME_oc_record_bulk_2025-W99_2026-W47.csv") == BulkRange()
    assert BulkRange(first=FIRST, last=LAST).contains(ReportingPeriod.from_iso_week("2026-W46"))
