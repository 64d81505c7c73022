"""Video consultation check (group `channels`): schedule, read back, both sides join.

Two sessions are scheduled: one in winter (GMT) and one on another day in
summer (BST), where a tool that stores London wall-clock time as UTC, or hands
back the wrong session, shows; a third at the first's instant must be booked
too (two clinicians hold sessions at once). Three more are sent with other offsets (Z in
summer, -05:00, +05:30), where a tool that drops the offset and reads the
wall-clock time as London time shows: scheduled_start is compared as an instant.
Join links may carry a secret for the meeting room, so failure messages say what
is wrong with a link, never the link.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import TypeVar
from urllib.parse import urlsplit

import attrs

from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    london,
    require_harness,
    target_of,
)
from gponline_sdk.conformance.contract import Participant, VideoJoinRequest, VideoSessionRequest
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.conformance.target import BadResponse, Reply
from gponline_sdk.models import CORE_HOURS, OdsCode, VideoSession, VideoSessionStatus

__all__: list[str] = []

T = TypeVar("T")
_WINTER = date(2026, 12, 1)  # a Tuesday, GMT
_SUMMER = date(2027, 4, 13)  # a Tuesday, BST: London time and UTC differ by an hour
# Sessions sent with other UTC offsets than London's: the contract's date-time allows any
# offset and the instant is what must be kept. Each is 15:00 UTC, in a week the check
# already uses; read as London wall-clock time, each would move (by 1, 5 or 5.5 hours).
_OFFSET_STARTS = (
    (datetime(2027, 4, 14, 15, 0, tzinfo=timezone.utc), "a session sent in UTC (Z) in BST"),
    (
        datetime(2027, 4, 15, 10, 0, tzinfo=timezone(timedelta(hours=-5))),
        "a session sent with offset -05:00",
    ),
    (
        datetime(2026, 12, 2, 20, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        "a session sent with offset +05:30",
    ),
)
_SECOND_JOIN_AFTER = timedelta(minutes=2, seconds=30)
_REJOIN_AFTER = timedelta(seconds=40)  # the professional's reconnect to the other session
_SLACK = timedelta(seconds=1)  # a tool may keep started_at to the second
_BUDGET = (
    f"request budget: {32 + 2 * len(_OFFSET_STARTS) + 2 * 5 + 1} (environment; clock; three "
    f"sessions (two at one instant) scheduled and five read-backs; {len(_OFFSET_STARTS)} "
    "sessions with other UTC offsets, each scheduled and read back; clock release; 5 clock "
    "settings around the first session's start, each with a read-back, and a release; "
    "clock; two joins 2 min 30 s apart (a clock setting between them); a read-back; clock "
    "release; (2.3.0) a join alone and a read-back for "
    "each of two sessions; (2.12.0) each of them joined again by the same side, with a "
    "read-back (a clock setting before the professional's); 3 clock settings after the second "
    "session's end, each with a read-back, and a release)"
)


def _value(call: Callable[[], Reply[T]], what: str, status: int) -> T:
    """The reply's value; a refusal or an answer that breaks the contract is a FAIL."""
    try:
        reply = call()
    except BadResponse as exc:
        # The tool answered, wrongly (e.g. a join answer without `join_url`): a defect the
        # vendor must see as a failure of the requirement, not as a crash of the suite.
        raise CheckFailed(f"{what}: {exc}") from None
    if reply.status != status or reply.value is None:
        detail = f"HTTP {reply.status}"
        if reply.error is not None:
            detail += f" ({reply.error.message})"
        elif reply.value is None and 200 <= reply.status < 300:
            detail += " with a body the contract does not allow"
        raise CheckFailed(f"{what}: the tool answered {detail}, expected HTTP {status}")
    return reply.value


def _show(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, VideoSessionStatus):
        return value.value
    return "null" if value is None else str(value)


def _expect_fields(
    ctx: CheckContext, seen: VideoSession, expected: VideoSession, what: str
) -> None:
    """Fail naming each field of `seen` that differs from `expected`, expected vs received."""
    problems = [
        f"{f.name}: expected {_show(getattr(expected, f.name))}, "
        f"received {_show(getattr(seen, f.name))}"
        for f in attrs.fields(VideoSession)
        if getattr(seen, f.name) != getattr(expected, f.name)
    ]
    ctx.expect(not problems, f"{what}: {'; '.join(problems)}")


def _schedule(
    ctx: CheckContext, code: OdsCode, start: datetime, minutes: int, what: str
) -> VideoSession:
    """Schedule a session; its answer must be the session asked for, scheduled."""
    request = VideoSessionRequest(
        practice_code=code, scheduled_start=start, duration_minutes=minutes
    )
    session = _value(lambda: target_of(ctx).schedule_video(request), f"scheduling {what}", 201)
    expected = VideoSession(
        reference=session.reference,
        practice_code=code,
        scheduled_start=start,
        duration_minutes=minutes,
        status=VideoSessionStatus.SCHEDULED,
    )
    _expect_fields(ctx, session, expected, f"the 201 answer scheduling {what}")
    return session


def _read_back(ctx: CheckContext, session: VideoSession, what: str) -> VideoSession:
    """Read a session by its reference; it must equal `session`, field by field."""
    seen = _value(
        lambda: target_of(ctx).video_session(session.reference), f"reading {what} back", 200
    )
    _expect_fields(ctx, seen, session, f"{what} read back")
    return seen


def _join(
    ctx: CheckContext, session: VideoSession, who: Participant, which: str = ""
) -> VideoSessionStatus:
    """Join as `who`: the answer names the session and participant and gives an https link.

    `which`, when given, says which session, for the failure messages.
    """
    what = f"the {who.value} joining" + (f" {which}" if which else "")
    joined = _value(
        lambda: target_of(ctx).join_video(session.reference, VideoJoinRequest(participant=who)),
        what,
        200,
    )
    ctx.expect(
        joined.session_reference == session.reference,
        f"{what}: session_reference: expected {session.reference}, "
        f"received {joined.session_reference}",
    )
    ctx.expect(
        joined.participant is who,
        f"{what}: participant: expected {who.value}, received {joined.participant.value}",
    )
    # Only the scheme and whether there is a host are reported: the link may hold a secret.
    link = urlsplit(joined.join_url)
    ctx.expect(
        link.scheme == "https" and bool(link.hostname),
        f"{what}: join_url: expected an https:// URL with a host, received "
        + (f"a {link.scheme}:// URL" if link.scheme else "a value that is not an absolute URL")
        + ("" if link.hostname else " without a host"),
    )
    return joined.status


# Where the test clock goes before anyone joins, from the session's start: hours and a
# second before, the instant itself, into it, and its last second. Within the booked time
# status comes from joins only; after it, a tool may mark a no-show (did_not_attend).
_UNJOINED_AT = (
    timedelta(hours=-5, minutes=-59),
    timedelta(seconds=-1),
    timedelta(0),
    timedelta(minutes=7, seconds=31),
    timedelta(minutes=14, seconds=59),
)


def _unjoined_as_booked(ctx: CheckContext, session: VideoSession) -> None:
    """Read back as the clock moves through its booked time, unjoined: still the 201 answer.

    The contract has no call that starts a session but the joins: a status
    taken from the clock ('in_progress' from scheduled_start, nobody there)
    tells the practice a consultation is under way that is not.
    """
    try:
        for offset in _UNJOINED_AT:
            at = session.scheduled_start + offset
            require_harness(target_of(ctx).set_clock(at), "setting the test clock")
            shown = f"{at.astimezone(CORE_HOURS.zone):%a %d %b %Y %H:%M:%S} London time"
            _read_back(ctx, session, f"the first session, unjoined, at {shown},")
    finally:
        target_of(ctx).release_clock()


@check(
    "channels.video-consultation",
    title="A clinician can schedule a video consultation and both sides can join it",
    requirements=["VC-SCHED-01"],
    group="channels",
)
def video_consultation(ctx: CheckContext) -> None:
    """Schedule two sessions on different days and read each back; both sides join the first.

    Each read-back equals the session scheduled; the second session has its own
    reference and does not replace the first; each participant gets an https
    join link; with both joined the session is in progress, also when read back.
    Before the joins, read back with the clock before its start, at it and up to the
    last second of its booked 15 minutes, the first session is still exactly as
    scheduled: status comes from joins, not the clock. (2.3.0) One side alone (the
    professional on the session at the first's instant, the patient on the first) leaves a
    session scheduled, in the join answer and a read; the second session, read a second, a
    day and six weeks after its booked end, answers 200, as booked (its status the tool's).
    (2.11.0) The professional joins 2 min 30 s after the patient; started_at is null while
    one side alone has joined, and the second join's instant once both have. (2.12.0) The
    patient joins twice (a double tap) before the professional, and the professional twice
    (40 s apart) on the other session: one side, joining again, is still one side.
    """
    canaries = Canaries(ctx, "video")
    ctx.note(_BUDGET)
    code = canaries.environment.practice_code
    first_start = london(_WINTER, 15, 0)
    with clock_at(ctx, london(_WINTER, 9, 0)):
        first = _schedule(ctx, code, first_start, 15, "the first session")
        _read_back(ctx, first, "the first session")
        second = _schedule(ctx, code, london(_SUMMER, 15, 0), 20, "a second session another day")
        ctx.expect(
            second.reference != first.reference,
            "reference: expected the second session, on another day, to have its own "
            f"reference, received the first session's ({first.reference})",
        )
        _read_back(ctx, first, "the first session, after the second was scheduled,")
        _read_back(ctx, second, "the second session")
        # Two clinicians hold sessions at once: the same instant must not be refused.
        twin = _schedule(ctx, code, first_start, 10, "another clinician's session at that instant")
        ctx.expect(
            twin.reference != first.reference,
            "reference: expected a session at the same instant as the first to have its own "
            f"reference, received the first session's ({first.reference})",
        )
        _read_back(ctx, twin, "the session at the same instant as the first")
        _read_back(ctx, first, "the first session, after another at its instant,")
        for start, what in _OFFSET_STARTS:
            # Equality of aware datetimes is equality of instants: any offset may come back.
            _read_back(ctx, _schedule(ctx, code, start, 30, what), what)
    _unjoined_as_booked(ctx, first)
    with clock_at(ctx, first_start):
        # (2.3.0) One side's join alone, either side, leaves a session scheduled.
        _one_side_joined(ctx, twin, Participant.PROFESSIONAL, "the session at the first's instant")
        # (2.12.0) The same side joining again is still one side: the patient at once (a
        # double tap), the professional on the other session 40 s later (a reconnect). The
        # patient's second join is at the first's instant: it must not renew their presence.
        statuses = [_one_side_joined(ctx, first, Participant.PATIENT, "the first session")]
        statuses.append(
            _one_side_joined(
                ctx, first, Participant.PATIENT, "the first session (again, a double tap)"
            )
        )
        require_harness(
            target_of(ctx).set_clock(first_start + _REJOIN_AFTER), "setting the test clock"
        )
        _one_side_joined(
            ctx, twin, Participant.PROFESSIONAL, "the session at the first's instant (again)"
        )
        # (2.11.0) The professional joins 2 min 30 s later (a clinician finishing a call):
        # the patient who joined first is still there (the contract has no heartbeat).
        second_join = first_start + _SECOND_JOIN_AFTER
        require_harness(target_of(ctx).set_clock(second_join), "setting the test clock")
        statuses.append(_join(ctx, first, Participant.PROFESSIONAL))
        ctx.expect(
            statuses[-1] is VideoSessionStatus.IN_PROGRESS,
            "the join answer once both sides joined: status: expected in_progress, "
            f"received {statuses[-1].value}",
        )
        after = _value(
            lambda: target_of(ctx).video_session(first.reference),
            "reading the session back once both sides joined",
            200,
        )
    ctx.expect(
        after.status is VideoSessionStatus.IN_PROGRESS,
        "the session read back once both sides joined: status: expected in_progress, "
        f"received {after.status.value}",
    )
    # (2.11.0) It started when the second side joined: started_at is that instant.
    ctx.expect(
        after.started_at is not None and abs(after.started_at - second_join) <= _SLACK,
        "the session read back once both sides joined: started_at: expected "
        f"{_instant(second_join)}, when the second side joined (the session started), "
        f"received {_instant(after.started_at)}",
    )
    _after_booked_end(ctx, second)


def _one_side_joined(
    ctx: CheckContext, session: VideoSession, who: Participant, what: str
) -> VideoSessionStatus:
    """`who` alone joins `session`: the join answer and a read back say 'scheduled'."""
    status = _join(ctx, session, who)
    ctx.expect(
        status is VideoSessionStatus.SCHEDULED,
        f"the join answer once only the {who.value} joined {what}: status: expected "
        f"scheduled (in progress once both sides have joined), received {status.value}",
    )
    seen = _value(
        lambda: target_of(ctx).video_session(session.reference),
        f"reading {what} back once only the {who.value} joined",
        200,
    )
    ctx.expect(
        seen.status is VideoSessionStatus.SCHEDULED,
        f"{what} read back once only the {who.value} joined: status: expected scheduled "
        f"(in progress once both sides have joined), received {seen.status.value}",
    )
    # (2.11.0) Not started yet: started_at stays null until both sides have joined.
    ctx.expect(
        seen.started_at is None,
        f"{what} read back once only the {who.value} joined: started_at: expected null (the "
        f"session starts when both sides have joined), received {_instant(seen.started_at)}",
    )
    return status


def _instant(value: datetime | None) -> str:
    return "null" if value is None else value.isoformat()


# (2.3.0) Reads after a session's booked end: a second after, a day after, six weeks after.
_AFTER_END = (timedelta(seconds=1), timedelta(days=1), timedelta(days=42))


def _after_booked_end(ctx: CheckContext, session: VideoSession) -> None:
    """Read an unjoined session after its booked end: 200, the session as booked.

    Its status is the tool's own once the booked time is over (a no-show may be marked
    did_not_attend): the other fields are the 201 answer's.
    """
    end = session.scheduled_start + timedelta(minutes=session.duration_minutes)
    try:
        for offset in _AFTER_END:
            at = end + offset
            require_harness(target_of(ctx).set_clock(at), "setting the test clock")
            shown = f"{at.astimezone(CORE_HOURS.zone):%a %d %b %Y %H:%M:%S} London time"
            what = f"the second session, unjoined, at {shown}, after its booked end,"
            seen = _value(
                lambda: target_of(ctx).video_session(session.reference),
                f"reading {what} back",
                200,
            )
            booked = attrs.evolve(seen, status=session.status, started_at=None, ended_at=None)
            _expect_fields(ctx, booked, session, what)
    finally:
        target_of(ctx).release_clock()
