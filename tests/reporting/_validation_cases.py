"""Shared cases for the validation tests: a week, its header, records and a runner."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from gponline_sdk.models.consultation import RequesterRole, RequestType
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import (
    DataType,
    OcRecord,
    SubmissionHeader,
)
from gponline_sdk.reporting.validate import (
    ReasonCode,
    ValidationReport,
    validate_stream,
)
from gponline_sdk.serde import unstructure

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
