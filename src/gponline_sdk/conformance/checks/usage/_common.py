"""What the usage-data checks share: reading weeks, and failure messages that name fields.

Records are compared as rows of wire-named fields (`category`, `submitted_at`,
...) with shown values, so a failure can say which field of which record
differs, what was expected and what came back, and by how many records the
count is off. Record IDs never reach a message unmasked: they could be
identifiers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

import attrs

from gponline_sdk.conformance.checks._support import Canaries, require, target_of
from gponline_sdk.conformance.contract import OcUsageReport, RequestSubmission, VcUsageReport
from gponline_sdk.conformance.core import CheckContext
from gponline_sdk.conformance.masking import MASK
from gponline_sdk.conformance.target import Reply, ToolTarget
from gponline_sdk.models import (
    CORE_HOURS,
    Acknowledgement,
    DataType,
    OcRecord,
    ReportingPeriod,
    VcRecord,
)
from gponline_sdk.reporting.validate import validate_stream
from gponline_sdk.serde import unstructure

__all__ = [
    "Row",
    "compare_rows",
    "expect_header",
    "expect_rows",
    "expect_valid",
    "new_records",
    "oc_row",
    "read_oc",
    "read_vc",
    "shown",
    "submit_counted",
    "vc_row",
]

Row = tuple[tuple[str, str], ...]
"""One record as `(field, shown value)` pairs, in a fixed field order."""


def submit_counted(
    target: ToolTarget, sub: RequestSubmission
) -> tuple[RequestSubmission, Reply[Acknowledgement], bool]:
    """Submit `sub`; refused (4xx but 409) with photos, once more without them.

    A tool that refuses photos in some category fails the photo checks
    (OC-PHOTO-01), not the usage checks, which count what was taken. Returns the
    request last sent, its reply, and whether the photos were dropped to send it.
    """
    reply = target.submit_request(sub)
    if not sub.attachments or not 400 <= reply.status < 500 or reply.status == 409:
        return sub, reply, False
    sub = attrs.evolve(sub, attachments=())
    return sub, target.submit_request(sub), True


_DETAILS = 3  # differences spelled out per message; the rest are counted


def shown(value: object) -> str:
    """A value as a message shows it: enums by wire value, instants in London time."""
    if isinstance(value, datetime):
        return value.astimezone(CORE_HOURS.zone).isoformat()
    wire = getattr(value, "value", value)
    return str(wire).lower() if isinstance(wire, bool) else str(wire)


def oc_row(record: OcRecord) -> Row:
    """The fields of an OC record the suite can predict from what it sent."""
    return (
        ("practice_code", shown(record.practice_code)),
        ("submitted_at", shown(record.submitted_at)),
        ("category", shown(record.category)),
        ("request_type", shown(record.request_type)),
        ("requester_role", shown(record.requester_role)),
        ("has_attachments", shown(record.has_attachments)),
    )


def vc_row(record: VcRecord) -> Row:
    """The fields of a VC record the suite can predict from what it scheduled."""
    return (
        ("practice_code", shown(record.practice_code)),
        ("scheduled_start", shown(record.scheduled_start)),
        ("status", shown(record.status)),
        ("duration_minutes", shown(record.duration_minutes)),
    )


def read_oc(ctx: CheckContext, period: ReportingPeriod) -> OcUsageReport:
    """The tool's OC records for a week, or `CheckFailed`."""
    week = period.iso_week
    return require(target_of(ctx).oc_usage(week), f"reading usage for {week}")


def read_vc(ctx: CheckContext, period: ReportingPeriod) -> VcUsageReport:
    """The tool's VC records for a week, or `CheckFailed`."""
    week = period.iso_week
    return require(target_of(ctx).vc_usage(week), f"reading video usage for {week}")


def new_records(
    before: OcUsageReport | VcUsageReport, after: OcUsageReport | VcUsageReport
) -> list[OcRecord | VcRecord]:
    """Records in `after` whose IDs `before` lacks (record IDs are stable for a resend)."""
    old = {r.record_id for r in before.records}
    return [r for r in after.records if r.record_id not in old]


def _describe(row: Row, masked: frozenset[str]) -> str:
    return ", ".join(f"{k}={MASK if k in masked else v}" for k, v in row)


def compare_rows(
    what: str,
    expected: Iterable[Row],
    got: Iterable[Row],
    *,
    masked: frozenset[str] = frozenset(),
) -> str | None:
    """None if the two multisets of rows are equal, else a message naming the fields.

    Each missing row is paired with the unexpected row that agrees with it on
    the most fields, and the fields where they differ are named, e.g.
    ``records[?].category expected clinical_request, got administrative_request``.
    """
    want, have = Counter(expected), Counter(got)
    if want == have:
        return None
    n_want, n_have = sum(want.values()), sum(have.values())
    head = f"{what}: expected {n_want} new record(s), got {n_have}"
    if n_have != n_want:
        head += f" ({n_have - n_want:+d})"
    missing, extra = list((want - have).elements()), list((have - want).elements())
    details: list[str] = []
    for row in missing:
        if not extra:
            details.append(f"no record with {_describe(row, masked)}")
            continue
        mine = dict(row)
        best = max(extra, key=lambda e: sum(mine.get(k) == v for k, v in e))
        if 2 * sum(mine.get(k) != v for k, v in best) >= len(best):
            # Too unlike to be the same record gone wrong: say it is missing instead.
            details.append(f"no record with {_describe(row, masked)}")
            continue
        extra.remove(best)
        diffs = [
            f"records[?].{k} expected {MASK if k in masked else mine.get(k)}, "
            f"got {MASK if k in masked else v}"
            for k, v in best
            if mine.get(k) != v
        ]
        details.append("; ".join(diffs))
    details += [f"an unexpected record with {_describe(row, masked)}" for row in extra]
    more = f"; and {len(details) - _DETAILS} more" if len(details) > _DETAILS else ""
    return f"{head}: {'; '.join(details[:_DETAILS])}{more}"


def expect_header(
    ctx: CheckContext,
    report: OcUsageReport | VcUsageReport,
    canaries: Canaries,
    data_type: DataType,
    period: ReportingPeriod,
    *,
    now: datetime | None = None,
) -> None:
    """The submission header names the data type, the week asked for and the supplier.

    With `now` (the test clock's instant while the report was read), generated_at must be
    the tool's now: the test clock, never the server's real time (2.3.0).
    """
    header = report.header
    if now is not None:
        ctx.expect(
            timedelta(seconds=-1) <= header.generated_at - now <= timedelta(seconds=60),
            f"header.generated_at expected the tool's now (the test clock, {shown(now)}), got "
            f"{shown(header.generated_at)}: the test clock holds for every time the tool gives",
        )
    ctx.expect(
        header.data_type is data_type,
        f"header.data_type expected {data_type.value}, got {shown(header.data_type)}",
    )
    ctx.expect(
        header.period == period,
        f"header.period expected {period.iso_week}, got {header.period.iso_week}",
    )
    ctx.expect(
        header.supplier_id == canaries.environment.supplier_id,
        f"header.supplier_id expected {canaries.environment.supplier_id} (the test "
        f"environment's), got {header.supplier_id}",
    )


def expect_valid(ctx: CheckContext, report: OcUsageReport | VcUsageReport) -> None:
    """The submission passes the national pipeline's file and record rules (SDK's validator)."""
    checked = validate_stream(unstructure(report.header), report.records, participating=None)
    reasons = sorted({r.reason.value for r in checked.file_rejections})
    ctx.expect(
        not checked.rejected, f"the usage file would be rejected whole: {', '.join(reasons)}"
    )
    why = ", ".join(f"{c.reason.value}: {c.count}" for c in checked.rejection_counts)
    ctx.expect(
        checked.records_rejected == 0,
        f"records[]: expected every record to pass the national data checks, got "
        f"{checked.records_rejected} rejected ({why})",
    )


def expect_rows(ctx: CheckContext, messages: Mapping[str, str | None]) -> None:
    """Fail with every week's differences at once (None means that week matched)."""
    found = [m for m in messages.values() if m is not None]
    ctx.expect(not found, " | ".join(found))
