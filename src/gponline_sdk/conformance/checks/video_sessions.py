"""Video sessions read back as booked (group `channels`): any length, any instant, one at a time.

`channels.video-sessions-as-booked` books sessions as a practice's diary does: lengths
that are not multiples of 5 or 15 (1 to 240 minutes), starts with seconds and fractions
of a second (the contract's date-time allows up to 6 digits), one starting at the tool's
now exactly (a test clock set with seconds and a fraction), sessions on a working day that
run past 18:30, and four sessions sharing one start (four clinicians), two of them of the
same length. Each session read back (GET) must equal its 201 answer, field for field, and
each booking is a session of its own (its own reference); both sides joining ONE of the
four changes that one only. A tool that rounds a length to its slot table, stores the
start to the second or the minute, compares "not in the past" with a rounded now, cuts
a session at the end of core hours, takes a second booking of one start and length for
the first, or keys joins by the start instant shows.

(2.5.0) Then the clock changes: sessions at both instants of the autumn change's repeated
hour (01:30 London on 25 October 2026, once in BST and once in GMT), at the last instant
before the spring change's gap and the first after it (28 March 2027), each read back as
the instant sent; and a session starting 00:20 BST, the day before in UTC, joined at its
start by both sides. A diary that keeps London wall-clock times (the repeated hour's two
instants made one) or a join window that compares dates in UTC with dates in London shows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, target_of
from gponline_sdk.conformance.checks.video import _join, _read_back, _schedule, _value
from gponline_sdk.conformance.contract import Participant
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import OdsCode, VideoSession, VideoSessionStatus

__all__: list[str] = []

_DAY = date(2026, 12, 8)  # a Tuesday, GMT


def _at(hour: int, minute: int, second: int, micro: int) -> datetime:
    return london(_DAY, hour, minute) + timedelta(seconds=second, microseconds=micro)


# The test clock while booking: seconds and a fraction, so that a session starting at the
# tool's now exactly (the first booking) is not on the minute: "not in the past" allows it.
_NOW = _at(8, 0, 17, 250_000)
# (start, minutes): lengths that are not multiples of 5, 10 or 15, and the contract's ends;
# starts off the minute, with fractions of every size (a tenth, a millisecond, a microsecond);
# sessions on this working day that run past 18:30, the end of core hours (evening clinics).
_BOOKINGS = (
    (_NOW, 3),
    (_at(18, 10, 0, 0), 45),
    (_at(17, 52, 30, 500_000), 97),
    (_at(18, 29, 59, 999_000), 2),
    (_at(9, 0, 0, 0), 1),
    (_at(9, 3, 7, 0), 7),
    (_at(9, 11, 59, 500_000), 13),
    (_at(9, 27, 30, 1_000), 23),
    (_at(10, 4, 1, 1), 44),
    (_at(11, 0, 45, 999_999), 59),
    (_at(11, 58, 0, 123_456), 61),
    (_at(13, 1, 13, 250_000), 97),
    (_at(14, 2, 2, 20_000), 239),
    (_at(9, 30, 0, 0), 240),
)
# Four clinicians' sessions at one instant (with a fraction): two of one length, which are
# two sessions all the same (two clinicians' clinics, not one booking sent twice).
_SHARED = _at(15, 17, 41, 600_000)
_SHARED_LENGTHS = (11, 17, 29, 17)
# (2.5.0) Around the clock changes, sent in UTC (Z): the autumn change's repeated hour twice
# (01:30 BST, then 01:30 GMT an hour later), and both sides of the spring change's gap.
_UTC = timezone.utc
_AUTUMN_BOOKED_AT = london(date(2026, 10, 23), 11, 0)  # the Friday before, BST
_AUTUMN = (
    (datetime(2026, 10, 25, 0, 30, tzinfo=_UTC), 20, "01:30 BST, the repeated hour's first time"),
    (datetime(2026, 10, 25, 1, 0, tzinfo=_UTC), 25, "01:00 GMT, the repeated hour again"),
    (datetime(2026, 10, 25, 1, 30, tzinfo=_UTC), 20, "01:30 GMT, the repeated hour's second time"),
)
_SPRING_BOOKED_AT = london(date(2027, 3, 26), 11, 0)  # the Friday before, GMT
_SPRING = (
    (datetime(2027, 3, 28, 0, 59, 59, tzinfo=_UTC), 30, "00:59:59 GMT, the last second before"),
    (datetime(2027, 3, 28, 1, 0, tzinfo=_UTC), 30, "02:00 BST, the first instant after the gap"),
)
# A session starting 00:20 BST on a Wednesday: 23:20 UTC on the Tuesday. Joined at its start.
_PAST_MIDNIGHT = datetime(2027, 4, 13, 23, 20, tzinfo=_UTC)
_PAST_MIDNIGHT_BOOKED_AT = london(date(2027, 4, 13), 10, 0)
_CHANGES = len(_AUTUMN) + len(_SPRING) + 1
_BUDGET = (
    f"request budget: {2 * (len(_BOOKINGS) + len(_SHARED_LENGTHS)) * 2 + 12 + 2 * _CHANGES + 9} "
    f"(environment; clock; {len(_BOOKINGS) + len(_SHARED_LENGTHS)} sessions booked and read "
    "back, then all read again; clock; two joins of one shared-start session, the patient's "
    "join again and a read back, the four read back; clock releases; "
    f"(2.5.0) {_CHANGES} sessions around the clock changes booked and read back, under three "
    "clock settings; two joins at the last one's start and a read back; releases)"
)


@check(
    "channels.video-sessions-as-booked",
    title="Video sessions read back exactly as booked, and a join changes that session only",
    requirements=["VC-SCHED-01"],
    group="channels",
)
def video_sessions_as_booked(ctx: CheckContext) -> None:
    """Sessions of uneven lengths and starts, three at one instant: each GET equals the 201.

    Read back at once and again after every booking; then the patient and the
    professional join the second of the three sharing a start: it is in progress (and
    stays so when the patient joins again, a dropped call), and the other two are still
    exactly as booked.
    """
    canaries = Canaries(ctx, "video-as-booked")
    ctx.note(_BUDGET)
    code = canaries.environment.practice_code
    booked: list[tuple[str, VideoSession]] = []
    with clock_at(ctx, _NOW):
        for start, minutes in _BOOKINGS:
            what = f"a {minutes}-minute session starting {_shown(start)}"
            booked.append((what, _schedule(ctx, code, start, minutes, what)))
            _read_back(ctx, booked[-1][1], what)
        shared = []
        for n, minutes in enumerate(_SHARED_LENGTHS):
            what = f"clinician {n + 1}'s {minutes}-minute session at the shared start"
            shared.append((what, _schedule(ctx, code, _SHARED, minutes, what)))
            _read_back(ctx, shared[-1][1], what)
        for what, session in (*booked, *shared):
            _read_back(ctx, session, f"{what}, after every booking,")
    references = [session.reference for _, session in (*booked, *shared)]
    twice = len(references) - len(set(references))
    ctx.expect(
        not twice,
        f"{len(references)} bookings answered with {len(set(references))} distinct references: "
        "expected each booking to be a session of its own (two clinicians' sessions at one "
        "start, of one length, are two sessions)",
    )
    joined_what, joined = shared[1]
    with clock_at(ctx, _SHARED + timedelta(seconds=30)):
        for who in (Participant.PATIENT, Participant.PROFESSIONAL):
            _join(ctx, joined, who)
        seen = _read_back_status(ctx, joined, joined_what)
        ctx.expect(
            seen is VideoSessionStatus.IN_PROGRESS,
            f"{joined_what}, read back once both sides joined: status: expected in_progress, "
            f"received {seen.value}",
        )
        # (2.10.0) A dropped call: the patient joins again; the session stays in progress.
        again = _join(ctx, joined, Participant.PATIENT, f"{joined_what} again (a dropped call)")
        seen = _read_back_status(ctx, joined, f"{joined_what}, joined again by the patient,")
        ctx.expect(
            again is VideoSessionStatus.IN_PROGRESS and seen is VideoSessionStatus.IN_PROGRESS,
            f"{joined_what}, joined again by the patient after both sides had joined (a dropped "
            f"call): status: expected in_progress in the join answer and read back, received "
            f"{again.value} and {seen.value}",
        )
        for what, session in (shared[0], *shared[2:]):
            _read_back(ctx, session, f"{what} (nobody joined it; another session at its start was)")
    _around_clock_changes(ctx, code)


def _around_clock_changes(ctx: CheckContext, code: OdsCode) -> None:
    """(2.5.0) Sessions at the clock changes read back as sent; one past midnight BST joined.

    Each start is an instant: the autumn change's 01:30 comes twice, an hour apart, and a
    diary keyed by London wall-clock time makes them one (or moves one by an hour). A
    session at 00:20 BST starts on the day before in UTC: a join window that compares the
    UTC date of one with the London date of the other refuses both sides at its start.
    """
    for booked_at, sessions in ((_AUTUMN_BOOKED_AT, _AUTUMN), (_SPRING_BOOKED_AT, _SPRING)):
        with clock_at(ctx, booked_at):
            for start, minutes, shown in sessions:
                what = f"a {minutes}-minute session starting {_shown(start)} ({shown})"
                _read_back(ctx, _schedule(ctx, code, start, minutes, what), what)
    what = f"a 30-minute session starting {_shown(_PAST_MIDNIGHT)} (00:20 BST, the next day)"
    with clock_at(ctx, _PAST_MIDNIGHT_BOOKED_AT):
        session = _schedule(ctx, code, _PAST_MIDNIGHT, 30, what)
        _read_back(ctx, session, what)
    with clock_at(ctx, _PAST_MIDNIGHT):
        for who in (Participant.PATIENT, Participant.PROFESSIONAL):
            _join(ctx, session, who, f"{what} at its start")
        seen = _read_back_status(ctx, session, f"{what}, joined by both at its start,")
    ctx.expect(
        seen is VideoSessionStatus.IN_PROGRESS,
        f"{what}, read back once both sides joined at its start: status: expected in_progress, "
        f"received {seen.value}",
    )


def _read_back_status(ctx: CheckContext, session: VideoSession, what: str) -> VideoSessionStatus:
    """The joined session's status read back; its other fields must be as booked."""
    seen = _value(lambda: target_of(ctx).video_session(session.reference), f"reading {what}", 200)
    for name in ("reference", "practice_code", "scheduled_start", "duration_minutes"):
        ctx.expect(
            getattr(seen, name) == getattr(session, name),
            f"{what} read back once both sides joined: {name}: expected "
            f"{getattr(session, name)}, received {getattr(seen, name)}",
        )
    return seen.status


def _shown(start: datetime) -> str:
    return start.isoformat()
