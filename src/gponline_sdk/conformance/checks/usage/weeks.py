"""Video sessions count in the week they are held, cut at midnight London time.

A practice can schedule a session at any hour, so the week's edges can be
probed with video sessions whatever the tool's opening hours: just before and
at Monday 00:00 London in a BST week (Sunday 23:00 UTC), in the weeks the
clocks change, and in a GMT week. Weeks are ISO weeks: the days at a year's
edge belong to the week (and week-year) ISO gives them, and some years have 53.
"""

from __future__ import annotations

from datetime import date, datetime

from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    clock_at,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.usage._common import (
    Row,
    compare_rows,
    expect_rows,
    new_records,
    oc_row,
    read_oc,
    read_vc,
    shown,
    vc_row,
)
from gponline_sdk.conformance.checks.usage.counts import expected_oc_row
from gponline_sdk.conformance.contract import VcUsageReport, VideoSessionRequest
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import OcRecord, ReportingPeriod, RequestCategory, VcRecord

__all__ = ["EDGES"]

_MONDAYS = (
    date(2026, 6, 22),  # BST: the week starts on Sunday at 23:00 UTC
    date(2026, 3, 30),  # the first Monday of BST (the clocks went forward on Sunday)
    date(2026, 10, 26),  # the first Monday of GMT (the clocks went back on Sunday)
    date(2026, 11, 2),  # GMT
)
EDGES: tuple[datetime, ...] = tuple(
    instant
    for monday in _MONDAYS
    for instant in (
        london(date.fromordinal(monday.toordinal() - 1), 23, 59),  # the old week's last minute
        london(monday, 0, 0),  # the new week's first instant
    )
)
"""Session starts either side of a week's London-time edge."""
_MINUTES = 20


def _expected(start: datetime, practice_code: str) -> Row:
    return (
        ("practice_code", practice_code),
        ("scheduled_start", shown(start)),
        ("status", "scheduled"),
        ("duration_minutes", str(_MINUTES)),
    )


def _new_rows(before: VcUsageReport, after: VcUsageReport) -> list[Row]:
    return [vc_row(r) for r in new_records(before, after) if isinstance(r, VcRecord)]


@check(
    "usage-data.vc-week-boundaries",
    title="Video sessions either side of midnight on Sunday (London time) fall in the right week",
    requirements=["REP-VC-01"],
    group="usage-data",
)
def vc_week_boundaries(ctx: CheckContext) -> None:
    """Sessions at Sunday 23:59 and Monday 00:00 London, in BST, GMT and clock-change weeks.

    Each session is booked with the tool's clock at its own start, so this
    check sees only where the week is cut, not which date the tool counts by.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "vc-week-edges")
    code = canaries.environment.practice_code
    periods = sorted({ReportingPeriod.containing_instant(t) for t in EDGES}, key=lambda p: p.start)
    before = {p: read_vc(ctx, p) for p in periods}
    expected: dict[ReportingPeriod, list[Row]] = {p: [] for p in periods}
    try:
        for start in EDGES:
            require(target.set_clock(start), "setting the test clock")
            session = VideoSessionRequest(
                practice_code=code, scheduled_start=start, duration_minutes=_MINUTES
            )
            require(target.schedule_video(session), "scheduling a video consultation", status=201)
            expected[ReportingPeriod.containing_instant(start)].append(_expected(start, str(code)))
    finally:
        target.release_clock()
    ctx.note(
        f"budget: {2 + len(EDGES) * 2 + len(periods) * 2} requests (environment, "
        f"{len(EDGES)} clock settings and sessions, clock release, {len(periods) * 2} usage reads)"
    )
    expect_rows(
        ctx,
        {
            p.iso_week: compare_rows(
                f"video usage data for {p.iso_week} (weeks run Monday 00:00 to Sunday 24:00 "
                "London time)",
                expected[p],
                _new_rows(before[p], read_vc(ctx, p)),
            )
            for p in periods
        },
    )


_BOOKED_IN = ReportingPeriod.containing(date(2026, 11, 10))
_HELD_IN = ReportingPeriod.containing(date(2026, 11, 17))


@check(
    "usage-data.vc-session-date",
    title="A video session booked one week and held the next counts in the week it is held",
    requirements=["REP-VC-01"],
    group="usage-data",
)
def vc_session_date(ctx: CheckContext) -> None:
    """Book in week W a session in W+1 (and one in W): each counts by its scheduled start."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "vc-session-date")
    code = canaries.environment.practice_code
    starts = {
        _BOOKED_IN: london(date(2026, 11, 12), 14, 0),
        _HELD_IN: london(date(2026, 11, 18), 10, 0),
    }
    with clock_at(ctx, london(date(2026, 11, 10), 11, 0)):
        before = {p: read_vc(ctx, p) for p in starts}
        for start in starts.values():
            session = VideoSessionRequest(
                practice_code=code, scheduled_start=start, duration_minutes=_MINUTES
            )
            require(target.schedule_video(session), "scheduling a video consultation", status=201)
        after = {p: read_vc(ctx, p) for p in starts}
    ctx.note("budget: 9 requests (environment, 2 clock, 2 sessions, 4 usage reads)")
    expect_rows(
        ctx,
        {
            p.iso_week: compare_rows(
                f"video usage data for {p.iso_week} (a session counts in the week of its "
                f"scheduled_start, not the week it was booked, {_BOOKED_IN.iso_week})",
                [_expected(start, str(code))],
                _new_rows(before[p], after[p]),
            )
            for p, start in starts.items()
        },
    )


# Days whose ISO week-year is not their calendar year: Monday 29 to Wednesday 31 December
# 2025 are working days of 2026-W01, and Friday 1 (a bank holiday) to Sunday 3 January 2027
# are in 2026-W53 (2026 starts on a Thursday, so it has 53 ISO weeks). Thursday 31 December
# 2026 is a working day of 2026-W53 in its own calendar year: week 53 must be readable at all.
_ISO_OC_DAYS = (date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31), date(2026, 12, 31))
_ISO_VC_STARTS = (  # all after 09:00 on their week's Monday, when each week's are booked
    london(date(2025, 12, 29), 15, 0),
    london(date(2027, 1, 1), 10, 0),
    london(date(2027, 1, 3), 16, 30),
)


def _when(row: Row) -> Row:
    """The fields of an OC row that say which week it is in (the rest: `oc-records-count`)."""
    return tuple((k, v) for k, v in row if k in ("practice_code", "submitted_at"))


def _why(period: ReportingPeriod) -> str:
    return f"{period.iso_week} runs {period.start:%a %d %b %Y} to {period.end:%a %d %b %Y}"


@check(
    "usage-data.oc-iso-week-year",
    title="Requests in an ISO week of another calendar year count in that week's usage data",
    requirements=["REP-OC-01"],
    group="usage-data",
)
def oc_iso_week_year(ctx: CheckContext) -> None:
    """Requests on Mon 29 - Wed 31 Dec 2025 count in 2026-W01; on Thu 31 Dec 2026 in 2026-W53.

    A tool that matches records by (calendar year, week number), or assumes 52
    weeks, loses them. Requests are sent on working days only: a tool may
    close on bank holidays and weekends.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "oc-iso-week-year")
    categories = categories_to_send(
        ctx, [c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP]
    )
    periods = sorted({ReportingPeriod.containing(d) for d in _ISO_OC_DAYS}, key=lambda p: p.start)
    before = {p: read_oc(ctx, p) for p in periods}
    want: dict[ReportingPeriod, list[Row]] = {p: [] for p in periods}
    try:
        for n, day in enumerate(_ISO_OC_DAYS):
            require(target.set_clock(london(day, 10, n)), "setting the test clock")
            sub = canaries.submission(categories[n % len(categories)])
            ack = require(target.submit_request(sub), "submitting a request", status=201)
            want[ReportingPeriod.containing(day)].append(
                _when(expected_oc_row(sub, ack.received_at))
            )
    finally:
        target.release_clock()
    after = {p: read_oc(ctx, p) for p in periods}
    ctx.note(
        f"budget: {3 + 2 * len(_ISO_OC_DAYS) + 2 * len(periods)} requests (environment, "
        "capabilities, "
        f"{len(_ISO_OC_DAYS)} clock settings and requests, clock release, "
        f"{2 * len(periods)} usage reads)"
    )
    messages: dict[str, str | None] = {}
    for p in periods:
        got = [
            _when(oc_row(r)) for r in new_records(before[p], after[p]) if isinstance(r, OcRecord)
        ]
        messages[p.iso_week] = compare_rows(
            f"usage data for {p.iso_week} ({_why(p)})", want[p], got
        )
    expect_rows(ctx, messages)


@check(
    "usage-data.vc-iso-week-year",
    title="Video sessions in an ISO week of another calendar year count in that week's data",
    requirements=["REP-VC-01"],
    group="usage-data",
)
def vc_iso_week_year(ctx: CheckContext) -> None:
    """Sessions on Mon 29 Dec 2025 count in 2026-W01; on Fri 1 and Sun 3 Jan 2027 in 2026-W53.

    Each session is booked in the week it is held (so this sees only which week
    a day is in, not which date the tool counts by).
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "vc-iso-week-year")
    code = canaries.environment.practice_code
    periods = sorted(
        {ReportingPeriod.containing_instant(t) for t in _ISO_VC_STARTS}, key=lambda p: p.start
    )
    before = {p: read_vc(ctx, p) for p in periods}
    want: dict[ReportingPeriod, list[Row]] = {p: [] for p in periods}
    try:
        for p in periods:
            require(target.set_clock(london(p.start, 9, 0)), "setting the test clock")
            for start in _ISO_VC_STARTS:
                if ReportingPeriod.containing_instant(start) == p:
                    session = VideoSessionRequest(
                        practice_code=code, scheduled_start=start, duration_minutes=_MINUTES
                    )
                    reply = target.schedule_video(session)
                    require(reply, "scheduling a video session", status=201)
                    want[p].append(_expected(start, str(code)))
    finally:
        target.release_clock()
    after = {p: read_vc(ctx, p) for p in periods}
    ctx.note(
        f"budget: {2 + len(periods) + len(_ISO_VC_STARTS) + 2 * len(periods)} requests "
        f"(environment, {len(periods)} clock settings, {len(_ISO_VC_STARTS)} sessions, clock "
        f"release, {2 * len(periods)} usage reads)"
    )
    expect_rows(
        ctx,
        {
            p.iso_week: compare_rows(
                f"video usage data for {p.iso_week} ({_why(p)})",
                want[p],
                _new_rows(before[p], after[p]),
            )
            for p in periods
        },
    )
