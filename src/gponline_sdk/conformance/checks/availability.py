"""Checks of when the form is open and what it says when closed (group `availability`).

Open at *any* instant of core hours (AV-CORE-01) is checked two ways in one
check, so that its verdict does not depend on the seed:

- a sweep (`_hours.sweep_plan`) of a representative week and of the weekdays
  after each 2026 clock change: every day from 08:00:00 to 18:29:59.999999,
  never more than 15 minutes between probes, so any closure of 15 minutes or
  more on any weekday is found; the 15 days' grids start in 15 different
  minutes, so a one-minute closure on every working day is found too, and
  round hours are probed exactly (round 7); each weekday's three days start five
  minutes apart, so a closure of 6 minutes or more on one weekday only is found
  (round 8);
- a random instant in the first and in the last hour of core hours on every
  working weekday of the weeks before and after each clock change of 2026 to
  2028 (`_hours.clock_change_plan`): summer time on the wrong dates is found;
- one random instant in each (weekday, hour) stratum of core hours, on a
  random working day of 2026 or 2027 (`_hours.stratified_instants`), plus
  explicit edge instants (a leap day, New Year's Eve, the first working day of a
  year: round 8): a wider net for closures on other dates. Each is
  read on a new connection: the test clock holds on every connection.

Requests rotate through every request category. Closed must mean closed on
every bank holiday of 2026 to 2028 (AV-OOH-01), with the right next opening.
The request budget is stated in each check's notes.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from urllib.parse import quote

import attrs

from gponline_sdk.conformance.checks._came_back import came_back_after_closed, came_back_budget
from gponline_sdk.conformance.checks._closed_kinds import ClosedKinds, photo_for
from gponline_sdk.conformance.checks._hours import (
    SWEEP_DAYS,
    CategoryRotation,
    Probe,
    clock_change_plan,
    local,
    reread_earliest,
    reread_plan,
    stratified_instants,
    sweep_plan,
)
from gponline_sdk.conformance.checks._nhs111 import sends_to_111
from gponline_sdk.conformance.checks._said_times import times_named
from gponline_sdk.conformance.checks._support import (
    Canaries,
    capabilities_or_none,
    clock_at,
    london,
    offered,
    offered_by,
    require,
    target_of,
)
from gponline_sdk.conformance.checks._sweep_photos import SweepPhotos
from gponline_sdk.conformance.checks._weekdays import (
    dates_named,
    relative_days,
    weekday_mismatches,
)
from gponline_sdk.conformance.checks.outcomes import RECORD
from gponline_sdk.conformance.checks.safety import OMISSIONS, omissions_not_redirected
from gponline_sdk.conformance.contract import OutcomeSubmission, RequestSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.conformance.target import ToolTarget
from gponline_sdk.models import (
    CORE_HOURS,
    Acknowledgement,
    OutcomeKind,
    OutOfHoursBehaviour,
    RequestCategory,
    ToolCapabilities,
    england_bank_holidays,
    is_working_day,
)
from gponline_sdk.serde import to_json

__all__ = ["CAPS_DAY"]

CAPS_DAY = date(2026, 11, 26)
"""The day the caps check fills; the random draw avoids it (a capped tool would fail there)."""

_EXPLICIT = (
    london(date(2026, 12, 24), 17, 0),  # Christmas Eve is a working day
    london(date(2027, 3, 30), 8, 0),  # the day after Easter Monday, the clocks just changed
    london(date(2027, 11, 1), 8, 0),  # the Monday after the clocks go back in 2027
    london(date(2027, 12, 29), 18, 29, 59) + timedelta(microseconds=999_999),
    # Round 8, calendar edges: a leap day (a grid copied from a year without 29 February),
    # New Year's Eve (a year-end close), and the first working day of each year (after a
    # bank holiday, a weekend and, in 2028, a substitute day).
    london(date(2028, 2, 29), 13, 7, 41),
    london(date(2026, 12, 31), 15, 52, 3),
    london(date(2027, 1, 4), 8, 0),
    london(date(2028, 1, 4), 8, 0) + timedelta(microseconds=250_000),
)


def _shown(instant: datetime) -> str:
    return f"{instant.astimezone(CORE_HOURS.zone):%a %d %b %Y %H:%M:%S.%f} London time"


_FRESH = " (read on a new connection after PUT /test/clock: the clock holds on every one)"


def _expect_clock(seen: datetime, instant: datetime, what: str) -> None:
    """The tool's now, read on a new connection after PUT /test/clock, is the clock's instant."""
    if abs(seen - instant) >= timedelta(seconds=1):
        raise CheckFailed(
            f"{what} now, read on a new connection after PUT /test/clock set {_shown(instant)}, "
            f"is {_shown(seen)}; expected the test clock's instant (it holds for every later "
            "request, on any connection, until reset)"
        )


def _probe(
    target: ToolTarget,
    rotation: CategoryRotation,
    instant: datetime,
    submit: bool,
    *,
    fresh: bool = False,
    photos: SweepPhotos | None = None,
) -> str | None:
    """Set the clock, read availability, and send the next request if asked to: its reference.

    With `fresh`, the read and the request go out on a new connection: the test clock
    holds for every later request on any connection (contract 2.2.0). With `photos`, the
    request carries a photo (`SweepPhotos`: a request with a photo is open in core hours too).
    """
    require(target.set_clock(instant), "setting the test clock")
    if fresh:
        target.new_connection()
    avail = require(target.availability(), "reading availability")
    if fresh:
        _expect_clock(avail.now, instant, "availability")
    if not avail.open_now:
        raise CheckFailed(
            f"open_now is false at {_shown(instant)}, inside core hours; expected true"
            + (_FRESH if fresh else "")
        )
    if avail.next_opening is not None:
        # The contract: null while open. A next opening shown while open tells the patient
        # the form is closed until then (a tool that always fills it in, or a cached value).
        raise CheckFailed(
            f"next_opening at {_shown(instant)}, inside core hours, with open_now true: "
            f"expected null, received {_opening(avail.next_opening)}"
        )
    signposted = avail.redirect_url is not None
    if not submit and not signposted:
        return None
    # A redirect_url is allowed in core hours only as a signpost beside an open form: so
    # whenever one is shown, a request is sent at that instant and must be taken.
    sub = rotation.next()
    reply = target.submit_request(sub) if photos is None else photos.send(target, sub, instant)
    if reply.status != 201 or reply.value is None:
        shown = " with redirect_url set (patients are sent away)" if signposted else ""
        kind = f"{sub.category.value}{', with a photo' if photos is not None else ''}"
        if sub.contact.preferred is not None:
            kind += f", preferring {sub.contact.preferred.value}"
        raise CheckFailed(
            f"POST /requests ({kind}) at {_shown(instant)}, inside core hours"
            f"{shown}, was answered HTTP {reply.status}; expected 201"
        )
    rotation.accepted(reply.value.reference)
    return reply.value.reference


@check(
    "availability.open-in-core-hours",
    title="The form is open at any instant of core hours, clock-change weeks included",
    requirements=["AV-CORE-01"],
    group="availability",
)
def open_in_core_hours(ctx: CheckContext) -> None:
    """At every probed instant of core hours the tool says open and accepts a request.

    Open means `open_now` true and `next_opening` null (the contract's "null
    while open": a next opening shown then tells the patient the form is shut),
    at every probe, the first after opening and the last microsecond before
    closing included. A `redirect_url` is allowed only as a signpost: wherever
    one is shown, a request is sent at that instant too and must be taken.
    At the end, the earliest accepted requests (and a spread of the rest) are
    read back: none may have been dropped to make room for later ones.

    Deterministic sweep first (a closure of 15 minutes or more on any weekday, of 6 minutes
    on one weekday only, or of one minute on every working day), then the stratified random
    instants and the explicit edges, each read on a new connection, where the tool's `now`
    must be the clock's. Every request category the tool must take or offers is sent, in
    rotation, and (round 13) every contact preference in turn: a second service on one
    preference's path (an SMS gateway) with a daily window in core hours is a closure too.
    (2.5.0) To a tool that declares photo upload, each request of the sweep
    carries a photo: a pause of the upload path is a closure like any other; the
    stratified, clock-change and edge requests go without.
    """
    target = target_of(ctx)
    rng = random.Random(f"{ctx.seed}:core-hours")  # noqa: S311 - reproducible probes, not crypto
    caps = capabilities_or_none(ctx)
    canaries = Canaries(ctx, "core-hours")
    rotation = CategoryRotation(canaries, categories=offered_by(caps).only())
    photo = photo_for(caps, canaries)
    photos = None if photo is None else SweepPhotos(photo)
    sweep = sweep_plan(rng)
    drawn = stratified_instants(rng, exclude=(*SWEEP_DAYS, CAPS_DAY))
    # Every clock change of the years the suite's instants span, not only 2026's: a tool
    # with one year's change dates built in is an hour out in another year's weeks.
    changes = clock_change_plan(rng, HOLIDAY_YEARS, skip=(*SWEEP_DAYS, CAPS_DAY))
    extra = [*changes, *(Probe(i, submit=True) for i in (*drawn, *_EXPLICIT))]
    posts = sum(p.submit for p in (*sweep, *extra))
    ctx.note(
        f"request budget: {len(sweep)} sweep probes over {len(SWEEP_DAYS)} days, "
        f"{len(changes)} in the first and last hours around each clock change of "
        f"{HOLIDAY_YEARS[0]}-{HOLIDAY_YEARS[-1]}, and {len(extra) - len(changes)} stratified "
        f"and edge instants; {2 * (len(sweep) + len(extra)) + posts + 2} "
        f"requests ({posts} of them POST /requests, every category and contact preference in turn"
        f"{', the sweep' + chr(39) + 's with a photo' if photo is not None else ''}), then "
        f"{len(reread_plan(posts))} practice reads of the earliest and a spread of the rest"
    )
    accepted: list[str] = []
    try:
        for n, probe in enumerate((*sweep, *extra)):
            # The stratified and edge instants read on a fresh connection each.
            fresh = n >= len(sweep) + len(changes)
            with_photo = photos if n < len(sweep) else None
            reference = _probe(
                target, rotation, probe.instant, probe.submit, fresh=fresh, photos=with_photo
            )
            if reference is not None:
                accepted.append(reference)
    finally:
        target.release_clock()
    clocked = [] if photos is None else photos.refused_by_the_clock()
    ctx.expect(
        not clocked,
        "; ".join(clocked[:3]) + (f" (and {len(clocked) - 3} more)" if len(clocked) > 3 else ""),
    )
    reread_earliest(ctx, accepted, "a request of the core-hours probes")


def _expect_closed(
    ctx: CheckContext,
    *,
    target: ToolTarget,
    caps: ToolCapabilities,
    rotation: CategoryRotation,
    kinds: ClosedKinds,
    now: datetime,
    why: str,
) -> None:
    """Closed with the right next opening, or accepted for the next working day as declared.

    Every kind of request is sent at `now`: the rotation's first request, a follow-up, a
    proxy's request and a request with a photo (`ClosedKinds`); each must meet the
    declared behaviour. The instant's reads and requests go out on a new connection.
    """
    shown = f"{now.astimezone(CORE_HOURS.zone):%a %d %b %Y %H:%M} London time ({why})"
    expected = CORE_HOURS.next_opening(now)
    with clock_at(ctx, now):
        # The clock holds on every connection, not only the one that set it (contract
        # 2.2.0): the instant's reads and requests go out on a fresh one.
        target.new_connection()
        avail = require(target.availability(), "reading availability")
        first = rotation.next()
        sent = [(first, f"a {first.category.value} request"), *kinds.extras()]
        replies = [(target.submit_request(sub), what, bool(sub.attachments)) for sub, what in sent]
    ctx.expect(
        abs(avail.now - now) < timedelta(seconds=1),
        f"availability now at {shown}, read on a new connection after PUT /test/clock, is "
        f"{_shown(avail.now)}; expected the test clock's instant (it holds for every later "
        "request, on any connection, until reset)",
    )
    ctx.expect(not avail.open_now, f"open_now is true at {shown}; expected false")
    ctx.expect(
        avail.next_opening is None or avail.next_opening == expected,
        f"availability next_opening at {shown} is {_opening(avail.next_opening)}; "
        f"expected {_opening(expected)}",
    )
    for n, (reply, what, photo) in enumerate(replies):
        if reply.status == 409 and reply.closed is not None:
            ctx.expect(
                reply.closed.next_opening == expected,
                f"closed at {shown} ({what}), but next_opening is "
                f"{_opening(reply.closed.next_opening)}; expected {_opening(expected)}",
            )
            # Round 9 (2.4.0 [SDK]): a weekday named with a date is that date's weekday.
            wrong = weekday_mismatches(
                reply.closed.message, expected.astimezone(CORE_HOURS.zone).date()
            )
            ctx.expect(
                not wrong,
                f"closed at {shown} ({what}): the message names "
                + ", ".join(repr(w) for w in wrong)
                + f", a weekday that is not that date's (next_opening {_opening(expected)}); "
                "expected a weekday and date that agree",
            )
            # Round 11 (2.6.0 [SDK]): a time the message names is the opening's London time;
            # round 12 (2.7.0 [SDK]): a date it names, the opening's London date.
            local = expected.astimezone(CORE_HOURS.zone)
            opening = f"next_opening {_opening(expected)} opens (Europe/London)"
            for named, wanted, said in (
                (times_named(reply.closed.message), local.time(), f"{local:%H:%M}, the time"),
                (
                    dates_named(reply.closed.message, local.date()),
                    local.date(),
                    f"{local:%A %d %B %Y}, the date",
                ),
            ):
                ctx.expect(
                    not named or any(value == wanted for _, value in named),
                    f"closed at {shown} ({what}): the message names "
                    + ", ".join(repr(words) for words, _ in named)
                    + f" but not {said} {opening}; expected the {said.split()[-1]} it names "
                    "to be the opening's",
                )
            # Round 15 (2.11.0 [SDK]): "today" and "tomorrow" are days of the calendar in
            # London, not "within 24 (or 48) hours": a Saturday's "tomorrow" is Sunday.
            for word, days in relative_days(reply.closed.message):
                meant = now.astimezone(CORE_HOURS.zone).date() + timedelta(days=days)
                ctx.expect(
                    meant == local.date(),
                    f"closed at {shown} ({what}): the message says {word!r}, "
                    f"{meant:%A %d %B %Y}, but {opening} on {local:%A %d %B %Y}; expected "
                    "'today' or 'tomorrow' only for the London calendar day they name",
                )
            continue
        if n > 0 and photo and reply.status in (400, 422):
            # A request with a photo refused as invalid (the tool takes no photo in that
            # category, say) is OC-PHOTO-01's to judge; what it must not do is take it while
            # closed. A follow-up or a proxy's request must be refused as closed (409).
            ctx.note(f"POST /requests ({what}) at {shown} was refused (HTTP {reply.status})")
            continue
        ctx.expect(
            reply.status == 201 and reply.value is not None,
            f"POST /requests ({what}) at {shown} was answered HTTP {reply.status}; expected 409 "
            "(closed) or 201 (accepted for the next working day)",
        )
        ctx.expect(
            caps.out_of_hours is OutOfHoursBehaviour.ACCEPTS_FOR_NEXT_WORKING_DAY,
            f"capabilities.out_of_hours is {caps.out_of_hours.value}, but {what} sent at "
            f"{shown} was accepted (201); expected every kind of request (first requests, "
            "follow-ups, a proxy's, with photos) closed alike",
        )
        ack = require(reply, "the acknowledgement")
        if n == 0:
            rotation.accepted(ack.reference)
        promised = ack.respond_by.astimezone(CORE_HOURS.zone).date()
        ctx.expect(
            promised <= expected.date(),
            f"respond_by for {what} at {shown} is {promised}; expected by {expected.date()}",
        )


def _opening(at: datetime | None) -> str:
    return "absent" if at is None else f"{at.astimezone(CORE_HOURS.zone):%a %d %b %Y %H:%M}"


def _run_closed(ctx: CheckContext, label: str, instants: Iterable[tuple[datetime, str]]) -> None:
    target = target_of(ctx)
    caps = require(target.capabilities(), "reading the capabilities")
    canaries = Canaries(ctx, label)
    rotation = CategoryRotation(canaries, pool=6, categories=offered_by(caps).only())
    todo = list(instants)
    kinds = ClosedKinds(ctx, canaries, min(now for now, _ in todo), caps)
    each = 1 + kinds.per_instant
    ctx.note(
        f"request budget: {(3 + each) * len(todo) + 6} requests at {len(todo)} instants (at "
        f"each: clock, availability, {each} POST /requests of every kind, release; one request "
        "in core hours beforehand for the follow-ups to name)"
    )
    for now, why in todo:
        _expect_closed(
            ctx, target=target, caps=caps, rotation=rotation, kinds=kinds, now=now, why=why
        )


_OUT_OF_HOURS = (
    (london(date(2026, 11, 24), 7, 59, 59), "one second before opening"),
    (london(date(2026, 11, 24), 18, 30), "the moment core hours end"),
    (london(date(2026, 11, 28), 11, 0), "a Saturday"),
    (london(date(2026, 11, 29), 23, 59, 59), "Sunday night"),
    (london(date(2026, 10, 25), 1, 30), "the night the clocks go back"),
    # Round 11: summer time too, where London and UTC differ by an hour.
    (london(date(2026, 6, 17), 19, 45), "a summer evening"),
    (london(date(2026, 7, 4), 10, 0), "a summer Saturday"),
    (london(date(2026, 10, 23), 18, 30), "the Friday before the clocks go back"),
    (london(date(2027, 3, 28), 3, 30), "the night the clocks go forward"),
)


@check(
    "availability.out-of-hours",
    title="In the evening, at night and at weekends the tool is clear about the next working day",
    requirements=["AV-OOH-01"],
    group="availability",
)
def out_of_hours(ctx: CheckContext) -> None:
    """Closed with the right next opening, or accepted with an answer by the next working day."""
    _run_closed(ctx, "out-of-hours", _OUT_OF_HOURS)


def _bank_holiday_instants(rng: random.Random) -> list[tuple[datetime, str]]:
    """Each holiday at a random instant of core hours, and each closing time before one.

    The closing time of the working day before a holiday (or before a run of
    them, as at Easter) finds a next opening that forgets the holiday.
    """
    out: list[tuple[datetime, str]] = []
    evenings: set[date] = set()
    for day in sorted(day for year in HOLIDAY_YEARS for day in england_bank_holidays(year)):
        at = local(day, CORE_HOURS.start) + timedelta(seconds=rng.randrange(_CORE_SECONDS))
        out.append((at, f"bank holiday {day:%d %b %Y}"))
        before = day - timedelta(days=1)
        while not is_working_day(before):
            before -= timedelta(days=1)
        if before not in evenings:
            evenings.add(before)
            out.append((local(before, CORE_HOURS.end), f"closing time before {day:%d %b %Y}"))
    return out


HOLIDAY_YEARS = (2026, 2027, 2028)
"""The years whose every bank holiday is probed: 2028 adds a New Year substitute day
(1 January is a Saturday), which 2026 and 2027 lack."""

_CORE_SECONDS = (
    datetime.combine(date.min, CORE_HOURS.end) - datetime.combine(date.min, CORE_HOURS.start)
) // timedelta(seconds=1)


@check(
    "availability.bank-holidays",
    title="Every bank holiday of 2026 to 2028 is outside core hours, with the right next opening",
    requirements=["AV-OOH-01"],
    group="availability",
)
def bank_holidays(ctx: CheckContext) -> None:
    """Every England and Wales bank holiday of 2026 to 2028 is treated as closed.

    The holidays come from the SDK's own calendar (Easter, substitute days and
    proclaimed changes included), cross-checked against the `holidays` package
    in the unit tests. On each, at a random instant of core hours, the tool must
    be closed and name the next working day's opening (or accept the request
    for the next working day, as declared); so must it at the closing time of
    the working day before each holiday.
    """
    rng = random.Random(f"{ctx.seed}:bank-holidays")  # noqa: S311 - reproducible, not crypto
    _run_closed(ctx, "bank-holidays", _bank_holiday_instants(rng))


_CHILDHOOD = 18  # ages 0 to 17: a request for a child of each, at each instant
# Days no other check sends on (a Wednesday and a Friday in GMT), so a tool with a daily cap
# meets it in the checks of caps, not here.
_CHILDREN_AT = (london(date(2027, 1, 13), 11, 20), london(date(2027, 1, 15), 14, 40))
_CLINICAL = (
    RequestCategory.SEEK_HEALTH_ADVICE,
    RequestCategory.DESCRIBE_SYMPTOMS,
    RequestCategory.CLINICAL_REQUEST,
)
# Non-urgent needs a practice handles in core hours, in the everyday symptom words patients
# use: a tool that triages by keyword must not send these away to NHS 111.
_EVERYDAY = (
    (RequestCategory.DESCRIBE_SYMPTOMS, "I have had a cough for a week, no other problems"),
    (RequestCategory.DESCRIBE_SYMPTOMS, "A rash on my forearm that is not itchy or spreading"),
    (RequestCategory.DESCRIBE_SYMPTOMS, "Knee pain when I climb stairs, for about a month"),
    (RequestCategory.SEEK_HEALTH_ADVICE, "My son has had a mild fever for two days"),
    (RequestCategory.SEEK_HEALTH_ADVICE, "Temperature of 37.8 yesterday, eating and drinking well"),
    (RequestCategory.CLINICAL_REQUEST, "I need a medication review for my blood pressure tablets"),
    (RequestCategory.CLINICAL_REQUEST, "Bleeding gums when brushing; can I see the nurse?"),
    # Round 8: the urgency words patients write about ordinary needs (a tool that sends
    # 'urgent', 'asap' or 'today' to NHS 111 turns away what the practice handles).
    (RequestCategory.CLINICAL_REQUEST, "Please can a GP call me today about my blood pressure"),
    (RequestCategory.DESCRIBE_SYMPTOMS, "Sore throat for 3 days, I'd like to be seen asap"),
    (RequestCategory.CLINICAL_REQUEST, "I urgently need the nurse to change my wound dressing"),
    (
        RequestCategory.SEEK_HEALTH_ADVICE,
        (
            "Earache since Sunday: could someone ring me back as soon as possible, the same "
            "day, this morning if you can? It is not an emergency"
        ),
    ),
)
# Round 8: outcomes the practice gives that send a patient elsewhere this once; the same
# patient's later requests that day are the practice's to take as any other (201).
_SIGNPOSTS = (OutcomeKind.SIGNPOSTED_111, OutcomeKind.SIGNPOSTED_PHARMACY, OutcomeKind.REFERRED)


_RETURNING = (RequestCategory.DESCRIBE_SYMPTOMS, RequestCategory.ADMINISTRATIVE_REQUEST)
"""The categories of the patients who try while closed and come back at the opening."""


@check(
    "availability.no-111-redirect",
    title="In core hours, needs the practice should handle are not sent to NHS 111",
    requirements=["AV-111-01"],
    group="availability",
)
def no_111_redirect(ctx: CheckContext) -> None:
    """Every need is taken in core hours, and none is handed over to NHS 111.

    A request is handed over when its acknowledgement sends the patient to NHS 111
    (`sends_to_111`): 111 offered without a condition, or with "instead". Safety-net
    advice ("if you get worse before we call, ring 111") is allowed, and so is 111
    mentioned to every request alike (administrative ones too). A `redirect_url`
    shown beside the open form is a signpost, allowed while the requests are taken.
    Besides the suite's bland requests, everyday non-urgent needs in symptom words (a
    cough, a rash, knee pain, a mild fever, a medication review) are sent, shared
    between the two instants: none may be handed over either. Nor may a request of
    any category that leaves out optional fields (no NHS number, no email, ...; see
    `safety.OMISSIONS`), on four more days: each must be taken (201), never 409. Nor
    (round 12) children's requests, administrative and clinical, at every age to 17. Nor
    (2.12.0) a patient's request at the opening after they tried while closed
    (`_came_back`).
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "no-111")
    sendable = offered(ctx)
    clinical = sendable.only(_CLINICAL)
    omitted = len(OMISSIONS) * len(sendable.only())
    budget = 2 + 2 * (4 + len(clinical)) + len(_EVERYDAY) + 2 * len(clinical) + 2 * 4 + omitted
    budget += 2 * (3 + _CHILDHOOD) + (len(clinical) if sendable.follow_ups else 0)
    returning = sendable.only(_RETURNING)
    budget += came_back_budget(returning)
    ctx.note(
        f"request budget: {budget} "
        f"(environment, capabilities; at each of 2 instants: clock, availability, 1 admin and "
        f"{len(clinical)} clinical requests, clock release; at the first, an outcome for each "
        f"clinical request, another request from its patient and a follow-up of it; "
        f"{len(_EVERYDAY)} "
        "everyday needs "
        f"shared between them; on 4 more days, clock and release around {omitted} requests, "
        f"every category without each of {len(OMISSIONS)} sets of optional fields; on 2 more "
        f"days, clock, an adult's admin request, {_CHILDHOOD} children's (ages 0 to "
        f"{_CHILDHOOD - 1}) and release; clock, {len(returning)} requests while closed, "
        f"release, clock, a new patient's and the {len(returning)} patients' again at the "
        "opening, release)"
    )
    # Two days, the everyday needs shared between them: no more requests a day than a tool
    # with a (legitimate) daily cap of 20 takes, as other checks send on days near these.
    instants = (london(date(2026, 11, 25), 10, 0), london(date(2026, 11, 27), 16, 45))
    for turn, now in enumerate(instants):
        with clock_at(ctx, now):
            # Read as a patient would before the form; a redirect_url here is a signpost
            # unless the requests below are refused (each must be 201).
            require(target.availability(), "reading availability")
            admin = require(
                target.submit_request(canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST)),
                "submitting an administrative request",
                status=201,
            )
            admin_says_111 = sends_to_111(admin.message)
            sent = [(canaries.submission(c), f"a {c.value} request") for c in clinical]
            for wanted, words in _EVERYDAY[turn :: len(instants)]:
                category = sendable.of(wanted)  # symptoms as health advice, if not offered
                sub = canaries.submission(category)
                # The patient's words, plus the canary marker that the leak scans look for.
                sent.append(
                    (
                        attrs.evolve(sub, description=canaries.text(words)),
                        f"a {category.value} request naming an everyday, non-urgent symptom",
                    )
                )
            acks = []
            for sub, what in sent:
                ack = require(target.submit_request(sub), f"submitting {what}", status=201)
                acks.append(ack)
                ctx.expect(
                    admin_says_111 or not sends_to_111(ack.message),
                    f"message: {what}, sent in core hours, is sent to NHS 111 (not as advice "
                    "for if the patient gets worse); expected the practice to handle it, as it "
                    "does administrative requests",
                )
            if turn == 0:
                _after_signposting(
                    ctx,
                    canaries,
                    sent[: len(clinical)],
                    acks,
                    admin_says_111,
                    follow_ups=sendable.follow_ups,
                )
    omissions_not_redirected(
        ctx, canaries, safeguard=admin_says_111, says_111=sends_to_111, categories=sendable
    )
    for turn, now in enumerate(_CHILDREN_AT):
        _children_not_sent_away(ctx, canaries, now, turn)
    # (2.12.0) Patients turned away while closed, back at the opening.
    came_back_after_closed(ctx, canaries, returning)


def _children_not_sent_away(
    ctx: CheckContext, canaries: Canaries, now: datetime, turn: int
) -> None:
    """(Round 12) Children's requests are not sent to NHS 111 either: a rule keyed on age.

    At `now`, an adult's administrative request (what every request is told), then a
    request for a child of every age from 0 to 17, administrative and clinical in turn
    (swapped at the other instant): a rule on any band of ages meets both kinds. Each
    acknowledgement is read as the adults' are; a child's request refused is the request
    checks' to judge: noted. On days of their own, 19 requests each: under a cap of 20.
    """
    target = target_of(ctx)
    today = now.astimezone(CORE_HOURS.zone).date()
    kinds = (RequestCategory.ADMINISTRATIVE_REQUEST, RequestCategory.CLINICAL_REQUEST)
    with clock_at(ctx, now):
        adult = require(
            target.submit_request(canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST)),
            "submitting an adult's administrative request",
            status=201,
        )
        told_all = sends_to_111(adult.message)
        for age in range(_CHILDHOOD):
            category = kinds[(age + turn) % 2]
            # `age` years and 1 to 330 days before today: aged exactly `age` today.
            born = date(today.year - age, today.month, min(today.day, 28))
            born -= timedelta(days=canaries.rng.randrange(1, 331))
            child = attrs.evolve(canaries.patient(), date_of_birth=born)
            what = f"a {category.value} request for a child aged {age}"
            reply = target.submit_request(canaries.submission(category, patient=child))
            if reply.status != 201 or reply.value is None:
                ctx.note(f"{what} was answered HTTP {reply.status}; judged by other checks")
                continue
            ctx.expect(
                told_all or not sends_to_111(reply.value.message),
                f"message: {what}, sent in core hours, is sent to NHS 111 (not as advice for "
                "if the child gets worse); expected the practice to handle it, as it does an "
                "adult's administrative request",
            )


def _after_signposting(
    ctx: CheckContext,
    canaries: Canaries,
    sent: list[tuple[RequestSubmission, str]],
    acks: list[Acknowledgement],
    admin_says_111: bool,
    *,
    follow_ups: bool,
) -> None:
    """A patient the practice signposted earlier today may send another request (round 8).

    Each clinical request gets an outcome that sends the patient elsewhere (NHS 111, a
    pharmacy, a referral), then the same patient sends another request of that category:
    it must be taken (201) and not sent to NHS 111, as any request in core hours. An
    outcome the tool does not record is the outcome checks' to judge: noted, skipped.
    """
    target = target_of(ctx)
    for n, ((sub, what), ack) in enumerate(zip(sent, acks, strict=False)):
        kind = _SIGNPOSTS[n % len(_SIGNPOSTS)]
        outcome = OutcomeSubmission(kind=kind, message=f"Please see {kind.value} this time.")
        path = RECORD.replace("{reference}", quote(ack.reference, safe=""))
        recorded = target.send_raw("POST", path, to_json(outcome))
        if recorded.status != 201:
            ctx.note(f"outcome {kind.value} for {what}: HTTP {recorded.status}; skipped here")
            continue
        again = attrs.evolve(
            canaries.submission(sub.category, patient=sub.patient),
            description=canaries.text("A new problem since this morning: a rash on my arm"),
        )
        later = (
            f"a later {sub.category.value} request the same day from a patient whose earlier "
            f"one the practice gave the outcome {kind.value}"
        )
        reply = target.submit_request(again)
        if reply.status != 201 or reply.value is None:
            raise CheckFailed(
                f"POST /requests: {later}, in core hours, was answered HTTP {reply.status}; "
                "expected 201 (an outcome sends the patient elsewhere for that request only: "
                "in core hours every request is taken)"
            )
        ctx.expect(
            admin_says_111 or not sends_to_111(reply.value.message),
            f"message: {later}, in core hours, is sent to NHS 111; expected the practice to "
            "handle it, as any request in core hours",
        )
        if follow_ups:
            _follow_up_after(ctx, canaries, sub, ack, kind, admin_says_111=admin_says_111)


def _follow_up_after(
    ctx: CheckContext,
    canaries: Canaries,
    sub: RequestSubmission,
    ack: Acknowledgement,
    kind: OutcomeKind,
    *,
    admin_says_111: bool,
) -> None:
    """(2.11.0) A follow-up of the signposted request itself: not sent to NHS 111 either.

    The earlier outcome was the practice's answer to that request; a follow-up is a new
    message in core hours (an acknowledgement built from the conversation's last outcome
    repeats "use NHS 111 instead"). One refused is the follow-up checks' to judge: noted.
    """
    what = f"a follow-up of a {sub.category.value} request given the outcome {kind.value}"
    follow = canaries.submission(
        RequestCategory.FOLLOW_UP, patient=sub.patient, follows_up=ack.reference
    )
    reply = target_of(ctx).submit_request(follow)
    if reply.status != 201 or reply.value is None:
        ctx.note(f"{what} was answered HTTP {reply.status}; judged by the follow-up checks")
        return
    ctx.expect(
        admin_says_111 or not sends_to_111(reply.value.message),
        f"message: {what}, in core hours, is sent to NHS 111; expected the practice to "
        "handle it, as any request in core hours",
    )
