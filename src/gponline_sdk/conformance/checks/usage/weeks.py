"""Video sessions count in the week they are held, cut at midnight London time.

A practice can schedule a session at any hour, so the week's edges can be
probed with video sessions whatever the tool's opening hours: just before and
at Monday 00:00 London in a BST week (Sunday 23:00 UTC), in the weeks the
clocks change, and in a GMT week.
"""

from __future__ import annotations

from datetime import date, datetime

from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, require, target_of
from gponline_sdk.conformance.checks.usage._common import (
    Row,
    compare_rows,
    expect_rows,
    new_records,
    read_vc,
    shown,
    vc_row,
)
from gponline_sdk.conformance.contract import VcUsageReport, VideoSessionRequest
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import ReportingPeriod, VcRecord

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
