"""Usage data read again later: the same records under the same IDs, statuses as they are now.

A week's usage data is read more than once: NHS England takes a resend, which
replaces records by record_id, and a practice may read the week days later. So
these checks read a week with the test clock on the day of its first activity,
again on a later day after more activity, and once more from the next week:
every record read first must come back under the same record ID with the same
fields (an ID keyed with the date of the read, or a snapshot, shows), with the
later activity added. Video sessions are read when booked and again after both
sides joined: a record's status is the session's status as it stands when the
data is read ('in_progress', or 'completed' once over), never the status at booking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.usage._common import (
    Row,
    compare_rows,
    oc_row,
    read_oc,
    read_vc,
    shown,
    vc_row,
)
from gponline_sdk.conformance.contract import (
    OcUsageReport,
    Participant,
    VcUsageReport,
    VideoJoinRequest,
    VideoSessionRequest,
)
from gponline_sdk.conformance.core import CheckContext, CheckSkipped, check
from gponline_sdk.conformance.target import BadResponse, ToolTarget
from gponline_sdk.models import (
    CORE_HOURS,
    OcRecord,
    ReportingPeriod,
    RequestCategory,
    VcRecord,
)

__all__: list[str] = []

_OC_WEEK = ReportingPeriod.containing(date(2027, 3, 9))
# Monday morning, Thursday afternoon (more requests each), then the next week's Tuesday.
# Times clear of any lunch or afternoon closure (a closed tool's 409 only means fewer records).
_OC_CLOCKS = (london(date(2027, 3, 8), 10, 0), london(date(2027, 3, 11), 10, 50))
_NEXT_WEEK = london(date(2027, 3, 16), 9, 15)
_PER_DAY = 5
_VC_WEEK = ReportingPeriod.containing(date(2027, 3, 23))
_BOOKED = london(date(2027, 3, 22), 9, 0)  # Monday: every session is booked then
# (start, minutes, joined by both sides): two held on Tuesday and Wednesday, one not yet.
_SESSIONS = (
    (london(date(2027, 3, 23), 10, 0), 20, True),
    (london(date(2027, 3, 24), 11, 0), 15, True),
    (london(date(2027, 3, 26), 15, 0), 30, False),
)
_HELD = ("in_progress", "completed")  # a session both sides joined: in progress, or over
_STALE = (
    "expected each request or session to keep its record ID in every read of its week, "
    "whatever day it is read (a resend replaces records by record_id)"
)


def _when(at: datetime) -> str:
    return f"{at.astimezone(CORE_HOURS.zone):%a %d %b %Y %H:%M} UK time"


def _kept(first: Mapping[str, Row], later: Mapping[str, Row], read1: str, read2: str) -> list[str]:
    """How the records of an earlier read (ID -> row) differ in a later read of the week."""
    gone = [i for i in first if i not in later]
    problems: list[str] = []
    if gone:
        problems.append(
            f"records[].record_id: {len(gone)} of the {len(first)} records read on {read1} "
            f"are not under the same ID in the read on {read2} ([masked]); {_STALE}"
        )
    for record_id, row in first.items():
        now = dict(later.get(record_id, row))
        diffs = [f"{k} {v} then, {now[k]} now" for k, v in row if now.get(k) != v]
        if diffs:
            problems.append(
                f"records[?] (same record ID) read on {read1} and again on {read2}: "
                f"{'; '.join(diffs)}; expected the same fields"
            )
            break  # one record's drift is enough to show
    return problems


def _mine(report: OcUsageReport | VcUsageReport, before: set[str]) -> dict[str, Row]:
    """The records of `report` whose IDs the baseline read lacked, as ID -> row."""
    records: Sequence[OcRecord | VcRecord] = report.records
    return {
        r.record_id: oc_row(r) if isinstance(r, OcRecord) else vc_row(r)
        for r in records
        if r.record_id not in before
    }


@check(
    "usage-data.oc-read-again-later",
    title="A week's usage data read again on later days keeps each request's record and ID",
    requirements=["REP-OC-01"],
    group="usage-data",
)
def oc_read_again_later(ctx: CheckContext) -> None:
    """Requests on Monday and Thursday; the week read on both days and from the next week.

    The Monday requests keep their record IDs and fields in every read; each read
    adds one record per request accepted since (the fields' values are
    `usage-data.oc-records-count`'s business: here they must only stay the same).
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "oc-read-again")
    categories = categories_to_send(
        ctx, [c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP]
    )
    ctx.note(
        f"budget: {2 * _PER_DAY + 10} requests (environment, capabilities, 3 clock settings "
        "and a release, "
        f"{2 * _PER_DAY} submissions on 2 days, 4 usage reads on 3 days)"
    )
    accepted = 0
    reads: list[tuple[str, dict[str, Row]]] = []
    problems: list[str] = []
    try:
        require(target.set_clock(_OC_CLOCKS[0]), "setting the test clock")
        before = {r.record_id for r in read_oc(ctx, _OC_WEEK).records}
        for n, at in enumerate((*_OC_CLOCKS, _NEXT_WEEK)):
            if n:
                require(target.set_clock(at), "setting the test clock")
            for i in range(_PER_DAY if at in _OC_CLOCKS else 0):
                sub = canaries.submission(categories[(n + i) % len(categories)])
                reply = target.submit_request(sub)
                if reply.status != 409:  # a 409 (closed, a cap) is others' business: no record
                    require(reply, "submitting", status=201)
                    accepted += 1
            mine = _mine(read_oc(ctx, _OC_WEEK), before)
            if reads:
                problems += _kept(reads[-1][1], mine, reads[-1][0], _when(at))
            if len(mine) != accepted:
                problems.append(
                    f"usage data for {_OC_WEEK.iso_week} read on {_when(at)}: expected "
                    f"{accepted} new records (one per request accepted), got {len(mine)}"
                )
            reads.append((_when(at), mine))
            if problems:
                break  # the later reads would repeat it
    finally:
        target.release_clock()
    ctx.expect(not problems, " | ".join(problems))


def _expected_status(target: ToolTarget, reference: str, joined: str | None) -> set[str]:
    """The statuses a usage record may give for a session now: as the tool itself reads it.

    `joined` is the status the second join's answer gave (None: not joined). Read
    back, the session says its status now; if that read still says 'scheduled'
    once the join answer said otherwise, the usage record must still say where
    the session is now (in progress, or over).
    """
    try:
        now = target.video_session(reference).value
    except BadResponse:
        now = None
    status = now.status.value if now is not None else None
    if joined is not None and joined != "scheduled" and status in (None, "scheduled"):
        return set(_HELD)
    return {status} if status is not None else set(_HELD) | {"scheduled"}


def _status_problems(
    expected: Mapping[datetime, set[str]], read: Mapping[str, Row], at: datetime
) -> list[str]:
    """Each session's status in a read at `at` against the statuses it may have (by start)."""
    by_start = {dict(row)["scheduled_start"]: dict(row)["status"] for row in read.values()}
    problems: list[str] = []
    for start, allowed in expected.items():
        status = by_start.get(shown(start))
        if status is not None and status not in allowed:
            problems.append(
                f"records[?].status of the session at {_when(start)}, read on {_when(at)}: "
                f"expected {' or '.join(sorted(allowed))} (its status when the data is read, as "
                f"the tool reads the session back; 'scheduled' only until it is held), "
                f"got {status}"
            )
    return problems


def _join_both(target: ToolTarget, reference: str) -> str:
    """Both sides join; the second answer's status. A refusal is SKIP (video's business)."""
    status = "scheduled"
    for who in (Participant.PATIENT, Participant.PROFESSIONAL):
        try:
            reply = target.join_video(reference, VideoJoinRequest(participant=who))
        except BadResponse as exc:
            raise CheckSkipped(f"the {who.value} joining: {exc}") from None
        if reply.status != 200 or reply.value is None:
            raise CheckSkipped(f"the {who.value} joining: HTTP {reply.status}, expected 200")
        status = reply.value.status.value
    return status


@check(
    "usage-data.vc-read-again-later",
    title="Video usage read after sessions are held gives their status now, under the same IDs",
    requirements=["REP-VC-01"],
    group="usage-data",
)
def vc_read_again_later(ctx: CheckContext) -> None:
    """Three sessions booked on Monday; both sides join two of them, on Tuesday and Wednesday.

    The week is read on Monday (all 'scheduled'), and after each session is held:
    each record's status is the session's status as the tool reads it back at that
    instant (a held session 'in_progress' or 'completed', never the status at
    booking), and every record keeps its record ID.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "vc-read-again")
    held = sum(1 for *_, joined in _SESSIONS if joined)
    ctx.note(
        f"budget: {len(_SESSIONS) * (1 + held) + 4 * held + 5} requests (environment, "
        f"{held + 1} clock settings and a release, {len(_SESSIONS)} sessions, {2 * held} joins, "
        f"{held + 2} usage reads, {len(_SESSIONS) * held} sessions read back)"
    )
    problems: list[str] = []
    try:
        require(target.set_clock(_BOOKED), "setting the test clock")
        before = {r.record_id for r in read_vc(ctx, _VC_WEEK).records}
        refs: list[tuple[str, datetime, bool]] = []
        for start, minutes, joined in _SESSIONS:
            session = VideoSessionRequest(
                practice_code=canaries.environment.practice_code,
                scheduled_start=start,
                duration_minutes=minutes,
            )
            booked = require(target.schedule_video(session), "scheduling", status=201)
            refs.append((booked.reference, start, joined))
        first = _mine(read_vc(ctx, _VC_WEEK), before)
        expected = [
            (
                ("practice_code", shown(canaries.environment.practice_code)),
                ("scheduled_start", shown(start)),
                ("status", "scheduled"),
                ("duration_minutes", str(minutes)),
            )
            for start, minutes, _ in _SESSIONS
        ]
        found = compare_rows(
            f"video usage data for {_VC_WEEK.iso_week} read on {_when(_BOOKED)}",
            expected,
            first.values(),
        )
        problems += [found] if found else []
        last = (_when(_BOOKED), first)
        answers: dict[str, str] = {}
        for reference, start, joined in refs:
            if not joined or problems:
                continue
            require(target.set_clock(start), "setting the test clock")
            answers[reference] = _join_both(target, reference)
            allowed = {s: _expected_status(target, r, answers.get(r)) for r, s, _ in refs}
            read = _mine(read_vc(ctx, _VC_WEEK), before)
            # Statuses move on; the other fields and the IDs stay.
            problems += _kept(_no_status(last[1]), _no_status(read), last[0], _when(start))
            problems += _status_problems(allowed, read, start)
            last = (_when(start), read)
    finally:
        target.release_clock()
    ctx.expect(not problems, " | ".join(problems))


def _no_status(read: Mapping[str, Row]) -> dict[str, Row]:
    return {i: tuple(kv for kv in row if kv[0] != "status") for i, row in read.items()}
