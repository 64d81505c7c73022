"""Where and what the availability checks probe: plans of instants, and requests to send.

Pure functions of a `random.Random`, so the unit tests can inspect exactly what
a run will draw (spread over the day and week, largest gap of the sweep):

- `stratified_instants`: one instant per (weekday, hour of core hours) stratum,
  uniform within its stratum, on a random working day of 2026 or 2027. Drawn
  uniformly by `random.Random`, not by a hypothesis strategy: hypothesis biases
  integers towards their bounds, which put almost every instant at 08:00.
- `sweep_plan`: every swept day probed at 08:00:00, on a 15-minute grid with a
  seeded random phase, and at 18:29:59.999999; consecutive probes are never
  more than 15 minutes apart, so a closure of 15 minutes or more is found. The
  15 days' phases fall in 15 different minutes of the quarter hour (round 7), so
  between them they probe every minute of core hours: a closure of one minute
  on every working day is found in every run. Each weekday's three days have
  phases five minutes apart (round 8): a closure of 6 minutes or more on one
  weekday only is found in every run. One day probes the round quarter
  hours exactly, and one day of each other weekday every hour on the hour.
- `clock_change_plan`: the first and last hour of each working weekday in the weeks
  before and after every clock change of the years given (the zone's own dates).
- `CategoryRotation`: requests that cycle through every `RequestCategory`.
- `reread_earliest`: a high-volume check's earliest requests, read back at its end.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone

import attrs

from gponline_sdk.conformance.checks._support import Canaries, target_of
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CheckContext
from gponline_sdk.models import (
    CORE_HOURS,
    ContactMethod,
    RequestCategory,
    Requester,
    RequesterRole,
)

__all__ = [
    "GRID",
    "POST_GAP",
    "PREFERENCE_GAP",
    "PREFERENCE_GAP_UTC",
    "SWEEP_DAYS",
    "WEEKDAY_GAP",
    "CategoryRotation",
    "Probe",
    "clock_change_plan",
    "clock_changes",
    "local",
    "reread_earliest",
    "reread_plan",
    "stratified_instants",
    "sweep_plan",
]

GRID = timedelta(minutes=15)
"""The sweep's step: the shortest closure it is sure to find."""
WEEKDAY_GAP = GRID / 3 + timedelta(minutes=1)
"""The longest gap between the sweep's probes on one weekday, its three days together (their
phases five minutes apart, each within its minute; round 8): a closure this long (6 minutes)
on one weekday only is found in every run."""
POST_GAP = GRID + timedelta(minutes=6)
"""The longest gap between the sweep's requests on one weekday (its three days' phases five
minutes apart, each posting at every third grid time): a closure of the POST path alone
this long on any weekday is found."""

PREFERENCE_GAP = timedelta(minutes=30)
"""(Round 13) The longest gap, in London time of day over all the sweep's days together,
between its requests stating one contact preference (`CategoryRotation`): a daily closure
this long for one preference, set in London time, is found in every run."""
PREFERENCE_GAP_UTC = timedelta(minutes=45)
"""The same in UTC time of day (a second service's window set in UTC, an hour off London's
on the sweep's summer days): a daily closure this long for one preference is found."""
_PREFERENCES = tuple(ContactMethod)

_LAST_INSTANT = time(18, 29, 59, 999_999)
# A representative week (BST, no bank holiday near), and the weekdays after each 2026
# clock change. Good Friday (3 April) falls in the spring one, so the Friday before
# the change stands in: every weekday is swept on exactly three days, which lets
# the submissions be shared out (see `sweep_plan`).
SWEEP_DAYS: tuple[date, ...] = (
    *(date(2026, 6, 8) + timedelta(days=i) for i in range(5)),
    date(2026, 3, 27),
    *(date(2026, 3, 30) + timedelta(days=i) for i in range(4)),
    *(date(2026, 10, 26) + timedelta(days=i) for i in range(5)),
)
_SHARES = 3  # swept days per weekday


def local(d: date, t: time) -> datetime:
    """An aware instant at wall-clock time `t` on `d` in London."""
    return datetime.combine(d, t, tzinfo=CORE_HOURS.zone)


@attrs.frozen
class Probe:
    """One instant of the sweep, and whether a request is sent there too."""

    instant: datetime
    submit: bool


def _grid(phase: timedelta) -> list[time]:
    """Wall-clock times of one day's grid from opening + `phase` (08:00:00 itself for 0)."""
    opening = datetime.combine(date(2026, 1, 1), CORE_HOURS.start)
    closing = datetime.combine(date(2026, 1, 1), CORE_HOURS.end)
    times, at = [], opening + phase
    while at < closing:
        times.append(at.time())
        at += GRID
    return times


_MINUTE = timedelta(minutes=1)
_ON_THE_HOUR = tuple(time(h) for h in range(CORE_HOURS.start.hour + 1, CORE_HOURS.end.hour + 1))


def _phases(rng: random.Random, days: list[date]) -> dict[date, timedelta]:
    """Each day's grid phase: the days' whole minutes all differ, the rest is random.

    A weekday's days get minutes five apart (w+10, w+5, w for its turn w, the weekdays'
    turns shuffled; round 8): so on each weekday its three days together probe at most
    `WEEKDAY_GAP` apart (a closure of that length on one weekday only is found in every
    run), and their requests are at most `POST_GAP` apart. With 15 days, one of each
    minute of the quarter hour: together they probe every minute of core hours. The day
    of minute 0 probes the round quarter hours exactly (no seconds); every other day a
    uniform instant within its minute, to the microsecond.
    """
    weekdays = sorted({d.weekday() for d in days})
    rng.shuffle(weekdays)
    order = {w: turn for turn, w in enumerate(weekdays)}
    seen: dict[int, int] = {}
    phases: dict[date, timedelta] = {}
    per_minute = _MINUTE // timedelta(microseconds=1)
    for day in days:
        share = seen.get(day.weekday(), 0)
        seen[day.weekday()] = share + 1
        spread = GRID // _MINUTE // _SHARES  # 5: the weekday's days' minutes 5 apart
        minute = (order[day.weekday()] + spread * (_SHARES - 1 - share)) % (GRID // _MINUTE)
        micro = rng.randrange(per_minute) if minute else 0
        phases[day] = minute * _MINUTE + timedelta(microseconds=micro)
    return phases


def sweep_plan(rng: random.Random, days: Iterable[date] = SWEEP_DAYS) -> list[Probe]:
    """The sweep's probes, in time order.

    Each day gets its own phase (`_phases`: every minute of the quarter hour on
    one of the 15 days). Availability is read at every probe. Requests are sent
    at opening and at the last microsecond of every day, and at every third grid
    time, shifted by one on each of the weekday's three days: so every grid slot
    of every weekday gets a request on one of them (at most `POST_GAP` apart: the
    day of the highest phase at slots 0, 3, 6 ..., the lowest at 1, 4 ..., the middle
    at 2, 5 ...), and
    no day more than 16, well under any cap the caps faults set. The first swept
    day of each weekday that has no round phase is also read on the hour, 09:00
    to 18:00 (a daily job's lock at a round time), with no request there.
    """
    ordered = sorted(days)
    phases = _phases(rng, ordered)
    seen: dict[int, int] = {}
    round_days = {d.weekday() for d in ordered if phases[d] == timedelta(0)}
    probes: list[Probe] = []
    for day in ordered:
        share = seen.get(day.weekday(), 0)
        seen[day.weekday()] = share + 1
        grid = [
            (t, k % _SHARES == -share % _SHARES)
            for k, t in enumerate(_grid(phases[day]))
            if t != CORE_HOURS.start  # a zero phase: the opening probe is there already
        ]
        if share == 0 and day.weekday() not in round_days:
            marks = [(t, False) for t in _ON_THE_HOUR if t not in {g for g, _ in grid}]
            grid = sorted([*grid, *marks], key=lambda g: g[0])
        probes.append(Probe(local(day, CORE_HOURS.start), submit=True))
        probes += [Probe(local(day, t), submit=submit) for t, submit in grid]
        probes.append(Probe(local(day, _LAST_INSTANT), submit=True))
    return probes


def clock_changes(years: Iterable[int]) -> list[date]:
    """The Sundays London's clocks change in `years`, from the zone's own rules (not a table)."""
    out = []
    for year in years:
        day, last = date(year, 1, 1), local(date(year, 1, 1), time(12)).utcoffset()
        while day.year == year:
            offset = local(day, time(12)).utcoffset()
            if offset != last:
                out.append(day)
                last = offset
            day += timedelta(days=1)
    return out


def clock_change_plan(
    rng: random.Random, years: Iterable[int], skip: Iterable[date] = ()
) -> list[Probe]:
    """Two probes on each working weekday of the week before and after each clock change.

    One instant uniform in the first hour of core hours and one in the last: a tool
    whose summer time starts or ends on the wrong dates (another year's, or a fixed
    offset) is an hour out on some of these days and so closed in one of those hours.
    A request is sent at the first-hour probe. Days in `skip` (swept already) and bank
    holidays are left out.
    """
    skipped = set(skip)
    hour = timedelta(hours=1)
    opening = datetime.combine(date(2026, 1, 1), CORE_HOURS.start)
    last_hour = (datetime.combine(date(2026, 1, 1), CORE_HOURS.end) - hour).time()
    probes: list[Probe] = []
    for sunday in clock_changes(years):
        for k in (*range(-6, -1), *range(1, 6)):
            day = sunday + timedelta(days=k)
            if day in skipped or next(CORE_HOURS.core_hours_windows(day, day), None) is None:
                continue
            for start, submit in ((opening.time(), True), (last_hour, False)):
                offset = timedelta(microseconds=rng.randrange(hour // timedelta(microseconds=1)))
                probes.append(Probe(local(day, start) + offset, submit=submit))
    return probes


def _hour_strata() -> list[tuple[time, timedelta]]:
    """Core hours cut into hour-long strata (the last one, 18:00 to 18:30, shorter)."""
    strata, at = [], datetime.combine(date(2026, 1, 1), CORE_HOURS.start)
    end = datetime.combine(date(2026, 1, 1), CORE_HOURS.end)
    while at < end:
        width = min(timedelta(hours=1), end - at)
        strata.append((at.time(), width))
        at += width
    return strata


def stratified_instants(
    rng: random.Random,
    first: date = date(2026, 1, 1),
    last: date = date(2027, 12, 31),
    exclude: Iterable[date] = (),
) -> list[datetime]:
    """One instant in each (weekday, hour) stratum of core hours, in UTC.

    The day is a uniformly random working day with that weekday between
    `first` and `last` (clock-change weeks included as any other), not in
    `exclude`; the instant is uniform within the stratum, to the microsecond.
    """
    skip = set(exclude)
    by_weekday: dict[int, list[date]] = {}
    for opening, _ in CORE_HOURS.core_hours_windows(first, last):
        if opening.date() not in skip:
            by_weekday.setdefault(opening.weekday(), []).append(opening.date())
    out = []
    for weekday in range(5):
        for start, width in _hour_strata():
            day = rng.choice(by_weekday[weekday])
            offset = timedelta(microseconds=rng.randrange(width // timedelta(microseconds=1)))
            out.append((local(day, start) + offset).astimezone(timezone.utc))
    return out


class CategoryRotation:
    """Requests cycling through every `RequestCategory`, from a small pool of canary patients.

    Iterating the enum means a category added later is sent too. (Round 13) Each request
    also states the next `ContactMethod` in turn, the pool's contacts giving an email, a
    phone and an address so that each is one a patient could send: a request preferring
    text messages may take a second path (an SMS gateway) with its own closures. The
    preference turns with every request, independently of the category (see `_preferred`),
    and on the sweep each is posted at most `PREFERENCE_GAP` apart in London time of day
    over its days (`PREFERENCE_GAP_UTC` in UTC). A follow-up
    comes from the patient of the last accepted request and names it. The pool
    keeps the masking cheap; spread over it, no patient sends more than three
    requests on a day of the sweep. Descriptions are unique (a tool may drop
    exact duplicates) but hold no marker: these requests are not leak-scanned.

    Args:
        canaries: The check's canaries (patients are registered for masking).
        pool: How many patients to share the requests between.
        categories: The categories to cycle through (`categories_to_send`: a SHOULD
            category the tool does not offer is not sent).
    """

    def __init__(
        self,
        canaries: Canaries,
        pool: int = 12,
        categories: Sequence[RequestCategory] = tuple(RequestCategory),
    ) -> None:
        self._canaries = canaries
        self._patients = [(canaries.patient(), canaries.contact(full=True)) for _ in range(pool)]
        self._categories = list(categories)
        self._sent = 0
        self._turn = 0
        self._last: tuple[int, str] | None = None
        self._pending: int | None = None

    def next(self) -> RequestSubmission:
        """The next request; call `accepted` with its reference if the tool took it."""
        category = self._categories[self._sent % len(self._categories)]
        self._sent += 1
        follows_up = None
        if category is RequestCategory.FOLLOW_UP:
            if self._last is None:  # nothing accepted yet to follow up: send the next one
                return self.next()
            who, follows_up = self._last
        else:
            who = self._turn % len(self._patients)
            self._turn += 1
        self._pending = who
        patient, contact = self._patients[who]
        contact = attrs.evolve(contact, preferred=self._preferred(self._sent - 1))
        return RequestSubmission(
            practice_code=self._canaries.environment.practice_code,
            category=category,
            patient=patient,
            requester=Requester(role=RequesterRole.PATIENT),
            contact=contact,
            description=f"Conformance suite request {self._sent}: {category.value}.",
            follows_up=follows_up,
        )

    def _preferred(self, n: int) -> ContactMethod:
        """The contact preference of the `n`th request (0-based).

        Plain turns (n mod 5) spread each preference most evenly over the sweep's times;
        when the categories turn in a multiple of five, a shift each round of them keeps
        the two turns from locking together (every category meets every preference).
        """
        shift = n // len(_PREFERENCES) if len(self._categories) % len(_PREFERENCES) == 0 else 0
        return _PREFERENCES[(n + shift) % len(_PREFERENCES)]

    def accepted(self, reference: str) -> None:
        """Remember the last request's reference, for the next follow-up."""
        if self._pending is not None:
            self._last = (self._pending, reference)


def reread_plan(count: int, sample: int = 4) -> list[int]:
    """Which of `count` references `reread_earliest` reads: the first `sample`, then a spread."""
    step = max(1, count // sample)
    return sorted(set(range(min(sample, count))) | set(range(0, count, step)))


def reread_earliest(ctx: CheckContext, references: list[str], what: str, sample: int = 4) -> None:
    """The earliest `sample` accepted references, and a spread of the rest, read back again.

    After a high-volume check a tool that keeps only its newest requests (a ring
    buffer, a capped queue, a cache mistaken for the store) has silently lost the
    earliest: each must still be found by the practice, as it was when accepted.
    """
    target = target_of(ctx)
    for n in reread_plan(len(references), sample):
        reply = target.practice_request(references[n])
        ctx.expect(
            reply.status == 200 and reply.value is not None,
            f"GET /practice/requests/{{reference}}: {what} number {n + 1} of "
            f"{len(references)}, accepted (201) earlier in this check, read again after the "
            f"rest was answered HTTP {reply.status}; expected 200 (no accepted request may "
            "be dropped, however many follow it)",
        )
