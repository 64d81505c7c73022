"""The check that core hours have no fixed cap on requests (group `availability`, AV-CAP-01).

How many is enough: the 2026/27 contract forbids any cap in core hours, and a
cap a vendor might ship is a round daily total (20, 50, 100, 150 for a large
practice), a per-category limit (often on clinical requests, 10 to 30 a day)
or a per-patient limit (1 to 5 a day). 32 rounds of one request of every
category make 192 requests in one core-hours morning: more than 150 in all,
32 of each category, and 32 from the same patient (one a round, in every
category in turn, follow-ups naming that patient's earlier request); the
rest come from a pool of twelve patients (kept small so masking stays cheap). All
must be accepted; a refusal names the request number, its category, how many
of that category, from that patient and sharing each of its values had gone before.

The morning goes on to DAY_VOLUME requests in all (every category, follow-ups
too, from the same pool): a tool may keep a day's count or reference
sequence in a small integer, and one that overflows at 256 (a byte), 1,000
(three digits) or 1,024 (ten bits) answers 500 where it must answer 201. The
pool shares households, a proxy, a postcode, common words and the lack of an
NHS number, each value on far more requests than a plausible cap (see
`_burst`). Every 201 must carry a reference of its own, a respond_by the same
London day (AV-RESP-01) and a message that says when (OC-ACK-01).

Round 8 (contract 2.3.0): the day's requests are spread over core hours (`BLOCKS`): the
rounds in the first half hour, EVENING requests from 18:00, the rest in the late morning and
early afternoon, so a cap limited to a time of day is reached too; each request carries the
next contact preference in turn (a texts budget is a cap on a second code path); and the
next working day's first half hour is read every 2 minutes (`NEXT_MORNING`): a nightly job
that grows with the day's requests must not shut the form the next morning.

After the burst, `/availability` must still say open, and a `redirect_url` that
appears with the load is only allowed beside a form that still takes requests: a
tool that sends patients to NHS 111 once it is "busy" caps requests too. And a
patient who sends the same request again (unsure the first went, or on another
device), three times minutes apart or three times back to back at one instant,
and three patients who write the same words, must have each accepted as a request
of its own: 201 with a new reference, each
readable by the practice. The earliest requests of the morning, and a spread
of the rest, are read back after the burst: a tool that keeps only its newest
requests (a ring buffer) has lost them. The contract allows 409 only when the practice is
closed, so a duplicate guard is a per-patient cap of one; and an "idempotent"
tool that answers an identical body with the first acknowledgement loses the
request the patient meant to send.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta

import attrs

from gponline_sdk.conformance.checks import holiday_caps as _holiday_caps  # noqa: F401
from gponline_sdk.conformance.checks import nhs111_scripts as _nhs111_scripts  # noqa: F401
from gponline_sdk.conformance.checks import outcome_state as _outcome_state  # noqa: F401
from gponline_sdk.conformance.checks import size_caps as _size_caps  # noqa: F401 - registers it
from gponline_sdk.conformance.checks._burst import (
    COMMON_WORDS,
    POOL,
    acknowledged_well,
    count_shared,
    senders,
    shared,
    words_for,
)
from gponline_sdk.conformance.checks._hours import reread_earliest, reread_plan
from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    clock_at,
    failures_of,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.availability import CAPS_DAY
from gponline_sdk.conformance.contract import Availability, RequestSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import CORE_HOURS, ContactMethod, RequestCategory

__all__ = [
    "BLOCKS",
    "CAP_ROUNDS",
    "DAY_VOLUME",
    "EVENING",
    "NEXT_MORNING",
    "Block",
    "burst_instants",
    "cap_plan",
]

CAP_ROUNDS = 32
"""Rounds of one request per category: 192 requests with today's six categories."""
DAY_VOLUME = 1_030
"""Requests sent on CAPS_DAY in all: past a per-day counter of 256, 1,000 or 1,024."""
_IDENTICAL = 9  # three series of three identical requests (see `_identical_bodies`)
_REREAD = 8  # the earliest requests read back after the burst (plus a spread of the rest)
EVENING = 170
"""Requests sent in the last half hour of core hours (18:00 to 18:29:30): past an evening cap."""


@attrs.frozen
class Block:
    """A stretch of CAPS_DAY the burst's requests go out in, the clock moved `steps` times."""

    start: time
    end: time
    steps: int


# Round 8: the day's requests are spread over core hours, so a cap limited to a time of day
# is reached too: the rounds in the first half hour, the rest in the late morning and the
# early afternoon, and EVENING in the last half hour. The blocks keep clear of lunchtime and
# of 15:00 to 18:00 (the reference tool's closures there are the sweep's to find).
BLOCKS = (
    Block(time(8, 0), time(8, 26), 12),
    Block(time(9, 0), time(12, 24), 12),
    Block(time(13, 36), time(14, 56), 6),
    Block(time(18, 0), time(18, 29, 30), 10),
)
NEXT_MORNING = tuple(time(8, 2 * n) for n in range(16))
"""The next working day's instants read after the burst (08:00 to 08:30, every 2 minutes): the
day after the busiest must open on time (a backup or batch job sized by the day before)."""


def burst_instants(rounds: int, total: int) -> list[tuple[int, datetime]]:
    """The block and London instant of each of the day's `total` requests, in order.

    The first `rounds` (at least EVENING) fill the first block, EVENING the last, and the
    rest the blocks between, in proportion to their length; in each block the clock moves
    `steps` times, evenly, with as many requests at each step (see BLOCKS).
    """
    first = max(rounds, EVENING)  # a tool with fewer categories: plain ones fill it up
    middle = total - first - EVENING
    lengths = [_minutes(b) for b in BLOCKS[1:-1]]
    shares = [middle * n // sum(lengths) for n in lengths]
    shares[0] += middle - sum(shares)
    out: list[tuple[int, datetime]] = []
    for b, (block, count) in enumerate(zip(BLOCKS, (first, *shares, EVENING), strict=True)):
        span = _since_midnight(block.end) - _since_midnight(block.start)
        for n in range(count):
            step = n * block.steps // count
            at = _since_midnight(block.start) + span * step / (block.steps - 1)
            out.append((b, london(CAPS_DAY, 0) + at))
    return out


def _minutes(block: Block) -> int:
    return (_since_midnight(block.end) - _since_midnight(block.start)) // timedelta(minutes=1)


def _since_midnight(t: time) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second)


def cap_plan(categories: list[RequestCategory]) -> list[tuple[RequestCategory, int]]:
    """Who sends what, in order: (category, patient), patient -1 being the frequent one.

    Each round sends one request of every category; the frequent patient sends
    one of them, a different category each round. A follow-up comes from a
    patient who has sent before (the frequent one, or the pool patient who sent
    last); where nobody has yet, the request seeks health advice instead.
    """
    plan: list[tuple[RequestCategory, int]] = []
    turn = 0
    for rnd in range(CAP_ROUNDS):
        for i, category in enumerate(categories):
            senders = [w for _, w in plan]
            if i == rnd % len(categories):
                plan.append((category, -1))
            elif category is RequestCategory.FOLLOW_UP and any(w != -1 for w in senders):
                plan.append((category, next(w for w in reversed(senders) if w != -1)))
            else:
                who, turn = turn % POOL, turn + 1
                plan.append((category, who))
            if category is RequestCategory.FOLLOW_UP and plan[-1][1] not in senders:
                plan[-1] = (RequestCategory.SEEK_HEALTH_ADVICE, plan[-1][1])  # a MUST category
    return plan


@check(
    "availability.no-cap",
    title="No fixed cap on requests in core hours, in all, per category or per patient",
    requirements=["AV-CAP-01", "AV-RESP-01", "OC-ACK-01"],
    group="availability",
)
def no_cap(ctx: CheckContext) -> None:
    """Every one of DAY_VOLUME requests in one morning is accepted, and acknowledged in full.

    A refusal breaks AV-CAP-01; a 201 promising an answer after today breaks
    AV-RESP-01, one whose message does not say when breaks OC-ACK-01 (see `_burst`).
    """
    with failures_of("AV-CAP-01"):
        _no_cap(ctx)


def _no_cap(ctx: CheckContext) -> None:
    target = target_of(ctx)
    canaries = Canaries(ctx, "no-cap")
    frequent, pool = senders(canaries, CAPS_DAY)
    every = categories_to_send(ctx)  # a SHOULD category not offered is not sent
    plan = cap_plan(every)
    # Plain ones in every category, follow-ups too: each patient has sent by now.
    plan += [(every[n % len(every)], n % POOL) for n in range(DAY_VOLUME - len(plan) - _IDENTICAL)]
    total = len(plan)
    reads = len(reread_plan(total, _REREAD))
    instants = burst_instants(len(cap_plan(every)), total)
    _note_budget(ctx, total, reads, instants)
    seen: dict[str, int] = {}  # reference -> the request number that got it first
    per_category: Counter[RequestCategory] = Counter()
    per_patient: Counter[int] = Counter()
    per_value: Counter[str] = Counter()  # requests sharing a household, proxy, words...
    said: Counter[tuple[int, RequestCategory]] = Counter()
    # Each patient's last accepted request other than a follow-up, for follow-ups to name.
    last_of: dict[int, str] = {}
    now = instants[0][1]
    per_block: Counter[int] = Counter()
    with clock_at(ctx, now):
        before, usable = _openings(ctx)
        current: datetime | None = None
        for sent, ((category, who), (b, at)) in enumerate(
            zip(plan, instants, strict=True), start=1
        ):
            if b in usable and at != current:
                require(target.set_clock(at), "setting the test clock")
                current = now = at
            block_no = b if b in usable else max(u for u in usable if u < b)
            sender = frequent if who == -1 else pool[who]
            phrase = words_for(said, who, category)
            sub = _preferring(
                sender.submission(
                    canaries.environment.practice_code,
                    category,
                    COMMON_WORDS[phrase]
                    if phrase >= 0
                    else f"Conformance suite request {sent} of {total}: {category.value}.",
                    last_of[who] if category is RequestCategory.FOLLOW_UP else None,
                ),
                sent,
            )
            reply = target.submit_request(sub)
            what = f"POST /requests number {sent} of {total} in core hours ({category.value})"
            if reply.status != 201 or reply.value is None:
                raise CheckFailed(
                    f"POST /requests number {sent} of {total} in core hours, at {now:%H:%M:%S} "
                    f"London time ({category.value}; {per_category[category]} of that "
                    f"category, {per_patient[who]} from the same patient, "
                    f"{per_block[block_no]} since {BLOCKS[block_no].start:%H:%M}, "
                    f"{shared(per_value, sender, sub)} accepted before it) was "
                    f"answered HTTP {reply.status}; expected 201 (no cap, at any time of day "
                    "or on any value, and never 5xx: no per-day counter may overflow)"
                )
            first = seen.setdefault(reply.value.reference, sent)
            if first != sent:
                raise CheckFailed(
                    f"reference: {what} was answered with the reference of number {first} "
                    f"({reply.value.reference}); expected its own"
                )
            acknowledged_well(ctx, reply.value, now, what)
            per_category[category] += 1
            per_patient[who] += 1
            per_block[block_no] += 1
            count_shared(per_value, sender, sub)
            if category is not RequestCategory.FOLLOW_UP:
                last_of[who] = reply.value.reference
        last = max(usable)
        require(target.set_clock(_block_start(last)), "setting the test clock")
        after = require(target.availability(), "GET /availability after the requests")
        _unchanged_by_load(ctx, canaries, before[last], after, _block_start(last))
    _identical_bodies(ctx, canaries)
    # Read last, after all DAY_VOLUME requests: past any ring buffer or capped queue of
    # 1,024 or fewer requests a tool might keep.
    reread_earliest(ctx, list(seen), "the morning's request", sample=_REREAD)
    _next_morning(ctx, canaries, len(seen))


def _note_budget(
    ctx: CheckContext, total: int, reads: int, instants: list[tuple[int, datetime]]
) -> None:
    moves = len({at for _, at in instants})
    morning = 2 * len(NEXT_MORNING) + 3
    budget = total + 4 * _IDENTICAL + 6 + reads + moves + 2 * len(BLOCKS) + morning
    ctx.note(
        f"request budget: {budget} (environment; capabilities; clock; the opening instant of "
        f"each of {len(BLOCKS)} stretches of the day read (clock, availability) before any "
        f"request; {total} POST /requests over the day, the clock moved {moves} times, "
        f"{CAP_ROUNDS} rounds of one request of each category in the first half hour, one a "
        f"round from the same patient, then requests of every category to {DAY_VOLUME} on "
        f"the day (the last {EVENING} from 18:00) from {POOL} patients sharing households, a "
        "proxy, a postcode and words, some without an NHS number, every contact preference in "
        "turn; clock and GET /availability after them; clock release; "
        f"{_IDENTICAL} identical requests (three series of three), each with clock, release "
        f"and the practice reading it); {reads} practice reads of the earliest requests and a "
        f"spread of the rest, after the burst; the next working day, {len(NEXT_MORNING)} "
        f"instants from 08:00 to 08:30 (clock, availability), 2 POST /requests, release: "
        f"{morning}"
    )


def _preferring(sub: RequestSubmission, sent: int) -> RequestSubmission:
    """The request with the next contact preference in turn (round 8).

    Each preference is on about 200 requests of the day: a second code path (texts, say)
    may keep a budget of its own.
    """
    preferred = _PREFERENCES[sent % len(_PREFERENCES)]
    return attrs.evolve(sub, contact=attrs.evolve(sub.contact, preferred=preferred))


def _block_start(b: int) -> datetime:
    return london(CAPS_DAY, 0) + _since_midnight(BLOCKS[b].start)


def _openings(ctx: CheckContext) -> tuple[dict[int, Availability], list[int]]:
    """Each block's opening instant read before any request; the blocks open then.

    A block the tool closes before the load (a closure is the sweep's to judge, not a cap)
    sends its requests at the last instant of the block before it.
    """
    target = target_of(ctx)
    before: dict[int, Availability] = {}
    for b in range(len(BLOCKS)):
        require(target.set_clock(_block_start(b)), "setting the test clock")
        before[b] = require(target.availability(), "GET /availability before the requests")
    usable = [b for b in before if b == 0 or before[b].open_now]
    closed = [f"{BLOCKS[b].start:%H:%M}" for b in before if b not in usable]
    if closed:
        ctx.note(f"closed before any request at {', '.join(closed)}: sent earlier instead")
    return before, usable


def _next_morning(ctx: CheckContext, canaries: Canaries, busy: int) -> None:
    """The working day after the busiest opens on time: open at every NEXT_MORNING instant.

    Round 8: a tool whose nightly job (a backup, a batch) grows with the day's requests
    still runs into the next morning, and the form is shut then: what one day's load does
    to the next is a cap too. A request is sent at opening and at the last instant.
    """
    target = target_of(ctx)
    day = CORE_HOURS.next_working_day(CAPS_DAY)
    try:
        for n, t in enumerate(NEXT_MORNING):
            at = london(day, t.hour, t.minute) + timedelta(seconds=n and 17 * n % 60)
            require(target.set_clock(at), "setting the test clock")
            avail = require(target.availability(), "reading availability the next morning")
            shown = f"{at:%a %d %b %H:%M:%S} London time, the working day after {busy} requests"
            if not avail.open_now:
                raise CheckFailed(
                    f"open_now is false at {shown}, inside core hours; expected true (no "
                    "number of requests may close the form, that day or the next)"
                )
            if n in (0, len(NEXT_MORNING) - 1):
                sub = canaries.submission(RequestCategory.CLINICAL_REQUEST)
                reply = target.submit_request(sub)
                if reply.status != 201:
                    raise CheckFailed(
                        f"POST /requests at {shown} was answered HTTP {reply.status}; "
                        "expected 201 (no number of requests may close the form, that day or "
                        "the next)"
                    )
    finally:
        target.release_clock()


def _unchanged_by_load(
    ctx: CheckContext, canaries: Canaries, before: Availability, after: Availability, now: datetime
) -> None:
    """After the burst, /availability still says open, and a new redirect is only a signpost.

    Compared with the answer before the burst, at the same instant, so only what
    the load changed fails here. A `redirect_url` that appears with the load is
    allowed as a signpost beside the open form: one more request is sent then, and
    it must be taken (a tool that sends patients to NHS 111 once "busy" caps them).
    """
    what = f"GET /availability in core hours after the {CAP_ROUNDS} rounds of requests"
    ctx.expect(
        after.open_now or not before.open_now,
        f"{what}: open_now: expected true as before the requests, received false",
    )
    if after.redirect_url is None or before.redirect_url is not None:
        return
    sub = canaries.submission(RequestCategory.CLINICAL_REQUEST)
    reply = target_of(ctx).submit_request(sub)
    ctx.expect(
        reply.status == 201 and reply.value is not None,
        f"{what}: redirect_url appeared with the load, and the next request was answered "
        f"HTTP {reply.status}; expected 201 (a signpost is allowed, a hand-over when busy is not)",
    )
    if reply.value is not None:
        acknowledged_well(ctx, reply.value, now, "the request sent beside the signpost")


def _identical_bodies(ctx: CheckContext, canaries: Canaries) -> None:
    """Three series of three identical requests: each is a request of its own.

    One body is sent three times minutes apart, another three times at one
    instant, and three patients send requests in the same words back to back.
    Each must be accepted (201) with a reference of its own that the practice
    can read: a resend is a request, never a duplicate to merge or replay.
    """
    target = target_of(ctx)
    # Seconds apart from a round minute and a few minutes between: a resend, not a retry.
    spaced = london(CAPS_DAY, 11, 2, 13)
    at_once = [london(CAPS_DAY, 11, 31, 47)] * 3
    resent = canaries.submission(RequestCategory.CLINICAL_REQUEST)
    again = canaries.submission(RequestCategory.CLINICAL_REQUEST)
    words = "Please can I have a repeat prescription of my usual inhaler?"
    alike = [
        attrs.evolve(canaries.submission(RequestCategory.CLINICAL_REQUEST), description=words)
        for _ in range(3)
    ]
    series: list[tuple[str, list[datetime], list[RequestSubmission]]] = [
        (
            "minutes apart",
            [spaced + n * timedelta(minutes=4, seconds=28) for n in range(3)],
            [resent] * 3,
        ),
        ("back to back", at_once, [again] * 3),
        ("by three patients in the same words", [t + timedelta(minutes=9) for t in at_once], alike),
    ]
    for how, instants, subs in series:
        references: list[str] = []
        for n, (now, sub) in enumerate(zip(instants, subs, strict=True)):
            what = f"the {_NTH[n]} of three identical requests sent {how}"
            with clock_at(ctx, now):
                reply = target.submit_request(sub)
            if reply.status != 201 or reply.value is None:
                raise CheckFailed(
                    f"POST /requests: {what}, at {now:%H:%M:%S} London time in core hours, was "
                    f"answered HTTP {reply.status}; expected 201"
                )
            acknowledged_well(ctx, reply.value, now, what)
            reference = reply.value.reference
            if reference in references:
                raise CheckFailed(
                    f"reference: {what} was answered with the {_NTH[references.index(reference)]}"
                    f" one's reference ({reference}); expected a request of its own (each was "
                    "sent on purpose: it must not be merged or replayed)"
                )
            references.append(reference)
        for n, reference in enumerate(references):
            what = f"the {_NTH[n]} of three identical requests sent {how}"
            view = require(target.practice_request(reference), f"the practice reading {what}")
            ctx.expect(
                view.reference == reference,
                f"reference: the practice reading {reference} ({what}) received {view.reference}",
            )


_NTH = ("first", "second", "third")
_PREFERENCES = tuple(ContactMethod)
