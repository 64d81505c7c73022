"""Checks of the weekly usage data the tool would send to NHS England (group `usage-data`).

Counts are checked as a difference: the week's records are read before and
after the check submits its own requests, and the new records must match them
one for one. That stays exact in a shared test environment that already holds
data for the week (pseudonymous record IDs must be stable, as a weekly resend
needs them to be).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, require, target_of
from gponline_sdk.conformance.contract import (
    OcUsageReport,
    RequestSubmission,
    VcUsageReport,
    VideoSessionRequest,
)
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import (
    DataType,
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
    SubmissionHeader,
)
from gponline_sdk.reporting.validate import validate_stream
from gponline_sdk.serde import unstructure

__all__: list[str] = []

_COUNT_WEEK = ReportingPeriod.containing(date(2026, 12, 8))
_PRIVACY_WEEK = ReportingPeriod.containing(date(2026, 12, 15))


def _expect_header(
    ctx: CheckContext,
    header: SubmissionHeader,
    canaries: Canaries,
    data_type: DataType,
    period: ReportingPeriod,
) -> None:
    ctx.expect(header.data_type is data_type, f"the header's data type is not {data_type.value}")
    ctx.expect(header.period == period, f"the header's period is not {period.iso_week}")
    ctx.expect(
        header.supplier_id == canaries.environment.supplier_id,
        "the header's supplier ID is not the test environment's",
    )


def _expect_valid(ctx: CheckContext, report: OcUsageReport | VcUsageReport) -> None:
    """The submission passes the national pipeline's file and record rules (SDK's validator)."""
    checked = validate_stream(unstructure(report.header), report.records, participating=None)
    reasons = sorted({r.reason.value for r in checked.file_rejections})
    ctx.expect(
        not checked.rejected, f"the usage file would be rejected whole: {', '.join(reasons)}"
    )
    ctx.expect(
        checked.records_rejected == 0,
        f"{checked.records_rejected} usage records would be rejected by the data checks",
    )


def _oc_submissions(canaries: Canaries) -> list[RequestSubmission]:
    patient = canaries.patient()
    subs = [
        canaries.submission(c, patient=patient) for c in RequestCategory if c.value != "follow_up"
    ]
    proxy = Requester(role=RequesterRole.PROXY, proxy_name=canaries.word(), relationship="son")
    subs.append(canaries.submission(RequestCategory.ASK_QUESTION, requester=proxy))
    return subs


@check(
    "usage-data.oc-records-count",
    title="The weekly usage data counts every request the suite made, in the right category",
    requirements=["REP-OC-01"],
    group="usage-data",
)
def oc_records_count(ctx: CheckContext) -> None:
    """The week's new OC records match the suite's requests in category, type, role and time."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "oc-usage")
    week = _COUNT_WEEK.iso_week
    with clock_at(ctx, london(date(2026, 12, 8), 10, 0)):
        before = require(target.oc_usage(week), f"reading usage for {week}")
        expected: Counter[tuple[object, ...]] = Counter()
        subs = _oc_submissions(canaries)
        acks = []
        for sub in subs:
            acks.append(require(target.submit_request(sub), "submitting", status=201))
        follow = canaries.submission(RequestCategory.FOLLOW_UP, follows_up=acks[0].reference)
        subs.append(follow)
        acks.append(require(target.submit_request(follow), "submitting a follow-up", status=201))
        after = require(target.oc_usage(week), f"reading usage for {week}")
    for sub, ack in zip(subs, acks, strict=True):
        expected[
            (sub.category, sub.category.request_type, sub.requester.role, False, ack.received_at)
        ] += 1
    _expect_header(ctx, after.header, canaries, DataType.OC_RECORD, _COUNT_WEEK)
    _expect_valid(ctx, after)
    ids = [r.record_id for r in after.records]
    ctx.expect(len(ids) == len(set(ids)), "two usage records share a record ID")
    old = {r.record_id for r in before.records}
    new = [r for r in after.records if r.record_id not in old]
    got = Counter(
        (r.category, r.request_type, r.requester_role, r.has_attachments, r.submitted_at)
        for r in new
    )
    ctx.note(f"{len(subs)} requests submitted in {week}; {len(new)} new usage records")
    ctx.expect(
        got == expected,
        f"the usage data for {week} holds {len(new)} new records for the suite's {len(subs)} "
        "requests, or not in the categories, request types and roles sent",
    )
    ctx.expect(
        all(r.practice_code == canaries.environment.practice_code for r in new),
        "a usage record names another practice",
    )


@check(
    "usage-data.vc-records-count",
    title="The weekly usage data counts the video consultations the suite scheduled",
    requirements=["REP-VC-01"],
    group="usage-data",
)
def vc_records_count(ctx: CheckContext) -> None:
    """The week's new VC records match the sessions scheduled: start, status and duration."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "vc-usage")
    week = _COUNT_WEEK.iso_week
    starts = (london(date(2026, 12, 9), 14, 0), london(date(2026, 12, 10), 9, 30))
    with clock_at(ctx, london(date(2026, 12, 8), 11, 0)):
        before = require(target.vc_usage(week), f"reading video usage for {week}")
        for minutes, start in enumerate(starts, start=10):
            require(
                target.schedule_video(
                    VideoSessionRequest(
                        practice_code=canaries.environment.practice_code,
                        scheduled_start=start,
                        duration_minutes=minutes,
                    )
                ),
                "scheduling a video consultation",
                status=201,
            )
        after = require(target.vc_usage(week), f"reading video usage for {week}")
    _expect_header(ctx, after.header, canaries, DataType.VC_RECORD, _COUNT_WEEK)
    _expect_valid(ctx, after)
    old = {r.record_id for r in before.records}
    got = sorted(
        (r.scheduled_start, r.duration_minutes, r.status.value)
        for r in after.records
        if r.record_id not in old
    )
    expected = sorted((s, m, "scheduled") for m, s in enumerate(starts, start=10))
    ctx.expect(
        got == expected,
        f"the video usage data for {week} holds {len(got)} new records for the suite's "
        f"{len(starts)} sessions, or not as scheduled",
    )


@check(
    "usage-data.no-identifiers",
    title="The weekly usage data holds none of the identifiers the suite sent",
    requirements=["REP-OC-02"],
    group="usage-data",
)
def no_identifiers(ctx: CheckContext) -> None:
    """Scan the raw usage answer for every canary: names, NHS numbers, contact, text, references."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "privacy")
    week = _PRIVACY_WEEK.iso_week
    references: list[str] = []
    with clock_at(ctx, london(date(2026, 12, 15), 10, 0)):
        for sub in _oc_submissions(canaries)[:3]:
            full = canaries.submission(sub.category, patient=sub.patient, full_contact=True)
            ack = require(target.submit_request(full), "submitting", status=201)
            references.append(ack.reference)
            canaries.issue(full.patient.date_of_birth.isoformat())
        reply = target.oc_usage(week)
    require(reply, f"reading usage for {week}")
    text = reply.text.casefold()
    leaked = 0
    for value in canaries.issued:
        forms = {value.casefold()}
        if value.isdigit() and len(value) == 10:
            forms |= {
                f"{value[:3]} {value[3:6]} {value[6:]}",
                f"{value[:3]}-{value[3:6]}-{value[6:]}",
            }
        leaked += any(form in text for form in forms)
    ctx.expect(leaked == 0, f"{leaked} of the suite's identifiers appear in the usage data")
    ctx.expect(
        not any(ref.casefold() in text for ref in references),
        "the usage data uses the tool's own request references as record IDs",
    )
