"""The availability checks probe where they claim to, and catch the hours and caps faults.

What a run draws is inspected directly (the plans are pure functions of a seed):
the stratified instants spread evenly over the day and week, the sweep never
leaves more than 15 minutes between probes, every category is sent, and the
SDK's bank-holiday calendar agrees with the `holidays` package.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import holidays
import pytest

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks._hours import (
    GRID,
    POST_GAP,
    SWEEP_DAYS,
    CategoryRotation,
    Probe,
    stratified_instants,
    sweep_plan,
)
from gponline_sdk.conformance.checks._support import Canaries
from gponline_sdk.conformance.checks.availability import (
    CAPS_DAY,
    HOLIDAY_YEARS,
    _bank_holiday_instants,
)
from gponline_sdk.conformance.checks.caps import CAP_ROUNDS, cap_plan
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import CORE_HOURS, RequestCategory, england_bank_holidays
from gponline_sdk.reference.tool.app import ReferenceTool

SEEDS = range(40)
_EXPECTED = json.loads(
    (Path(__file__).parents[2] / "conformance" / "selftest-expected.json").read_text("utf-8")
)
_ZONE = CORE_HOURS.zone


def _local(instant: datetime) -> datetime:
    return instant.astimezone(_ZONE)


def _into_day(t: time) -> timedelta:
    """Exact time since midnight (floats would blur the 15-minute bound)."""
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


# -- the stratified draw -------------------------------------------------------------------


def test_each_draw_puts_one_instant_in_every_weekday_hour_stratum() -> None:
    for seed in SEEDS:
        drawn = [_local(i) for i in stratified_instants(random.Random(seed))]
        strata = Counter((i.weekday(), i.hour) for i in drawn)
        assert strata == Counter({(d, h): 1 for d in range(5) for h in range(8, 19)})
        assert all(CORE_HOURS.is_open_at(i) for i in drawn)


def test_drawn_instants_are_uniform_within_their_hour_not_stuck_at_its_start() -> None:
    drawn = [_local(i) for s in SEEDS for i in stratified_instants(random.Random(s))]
    # 18:00-18:30 is half an hour wide; measure position as a fraction of the stratum.
    fractions = [
        (i.minute + i.second / 60 + i.microsecond / 60e6) / (30 if i.hour == 18 else 60)
        for i in drawn
    ]
    deciles = Counter(min(int(f * 10), 9) for f in fractions)
    expected = len(fractions) / 10
    chi2 = sum((deciles[d] - expected) ** 2 / expected for d in range(10))
    assert chi2 < 27.9  # chi-square, 9 degrees of freedom, p = 0.001
    first_minute = sum(1 for i in drawn if i.time() < time(8, 1))
    assert first_minute < 0.01 * len(drawn)  # the old draw put almost all of them here


def test_drawn_days_cover_both_years_and_avoid_the_excluded_days() -> None:
    excluded = {*SWEEP_DAYS, CAPS_DAY}
    drawn = [
        _local(i) for s in SEEDS for i in stratified_instants(random.Random(s), exclude=excluded)
    ]
    assert {i.date() for i in drawn}.isdisjoint(excluded)
    months = Counter((i.year, i.month) for i in drawn)
    assert len(months) == 24
    assert max(months.values()) < 3 * min(months.values())


def test_the_draw_is_reproducible_from_the_seed() -> None:
    assert stratified_instants(random.Random(7)) == stratified_instants(random.Random(7))
    assert sweep_plan(random.Random(7)) == sweep_plan(random.Random(7))
    assert sweep_plan(random.Random(7)) != sweep_plan(random.Random(8))


# -- the sweep -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 20251001])
def test_sweep_never_leaves_more_than_fifteen_minutes_between_probes(seed: int) -> None:
    plan = sweep_plan(random.Random(seed))
    by_day: dict[date, list[datetime]] = {}
    for probe in plan:
        assert CORE_HOURS.is_open_at(probe.instant)
        by_day.setdefault(_local(probe.instant).date(), []).append(_local(probe.instant))
    assert sorted(by_day) == sorted(SWEEP_DAYS)
    for day, instants in by_day.items():
        times = sorted(i.time() for i in instants)
        assert times[0] == time(8, 0)
        assert times[-1] == time(18, 29, 59, 999_999)
        gaps = [_into_day(b) - _into_day(a) for a, b in itertools.pairwise(times)]
        assert max(gaps) <= GRID, day


@pytest.mark.parametrize("seed", [0, 1, 20251001])
def test_sweep_posts_at_every_grid_time_of_each_weekday_and_few_a_day(seed: int) -> None:
    plan = sweep_plan(random.Random(seed))
    posted: dict[int, set[time]] = {}
    per_day: Counter[date] = Counter()
    for probe in plan:
        local = _local(probe.instant)
        if probe.submit:
            posted.setdefault(local.weekday(), set()).add(local.time())
            per_day[local.date()] += 1
    assert sorted(posted) == [0, 1, 2, 3, 4]
    for times in posted.values():
        ordered = sorted(_into_day(t) for t in times)
        assert max(b - a for a, b in itertools.pairwise(ordered)) <= POST_GAP
    assert max(per_day.values()) <= 16  # under the 20-a-day cap fault: caps fail only no-cap


def test_sweep_covers_a_representative_week_and_both_2026_clock_change_weeks() -> None:
    assert Counter(d.weekday() for d in SWEEP_DAYS) == Counter(dict.fromkeys(range(5), 3))
    assert date(2026, 3, 30) in SWEEP_DAYS  # first weekday of BST
    assert date(2026, 10, 26) in SWEEP_DAYS  # first weekday of GMT


def test_every_fifteen_minute_closure_on_every_weekday_is_probed() -> None:
    plan = sweep_plan(random.Random(3))
    for weekday in range(5):
        probed = [
            _into_day(_local(p.instant).time())
            for p in plan
            if _local(p.instant).weekday() == weekday
        ]
        for minute in range(8 * 60, 18 * 60 + 16):  # every closure [start, start + 15 min)
            start = timedelta(minutes=minute)
            assert any(start <= m < start + GRID for m in probed), (weekday, start)


def _probed(plan: list[Probe], weekday: int | None = None) -> list[timedelta]:
    return [
        _into_day(_local(p.instant).time())
        for p in plan
        if weekday is None or _local(p.instant).weekday() == weekday
    ]


_CORE_MINUTES = range(8 * 60, 18 * 60 + 30)


@pytest.mark.parametrize("seed", [0, 1, 7, 20251001, 20270329])
def test_a_one_minute_closure_every_working_day_is_probed_whatever_its_minute(seed: int) -> None:
    # Round 7 (b7-rollover-1300-one-minute): 13:00:00 to 13:00:59, missed by a grid whose
    # weekdays' phases fell elsewhere. Now every minute of core hours, on one day or another.
    probed = _probed(sweep_plan(random.Random(seed)))
    for minute in _CORE_MINUTES:
        start = timedelta(minutes=minute)
        assert any(start <= m < start + timedelta(minutes=1) for m in probed), start


@pytest.mark.parametrize("seed", [0, 1, 7, 20251001])
def test_half_a_minute_on_the_hour_on_any_one_weekday_is_probed(seed: int) -> None:
    plan = sweep_plan(random.Random(seed))
    for weekday in range(5):
        probed = _probed(plan, weekday)
        for hour in range(9, 19):
            start = timedelta(hours=hour)
            assert any(start <= m < start + timedelta(seconds=30) for m in probed), (weekday, hour)


def test_a_one_minute_closure_on_one_weekday_is_found_in_about_one_run_in_five() -> None:
    # Each weekday's three days probe three minutes of each quarter hour: a closure of one
    # minute on one weekday only is found in 3 runs of 15 (the stratified draw adds a little).
    found, tried = 0, 0
    for seed in SEEDS:
        plan = sweep_plan(random.Random(seed))
        for weekday in range(5):
            probed = _probed(plan, weekday)
            for minute in random.Random(seed * 10 + weekday).sample(list(_CORE_MINUTES), 20):
                if minute % 60 == 0:
                    continue  # on the hour: probed every run
                start = timedelta(minutes=minute)
                found += any(start <= m < start + timedelta(minutes=1) for m in probed)
                tried += 1
    assert 0.15 < found / tried < 0.3


@pytest.mark.parametrize(
    ("closes", "reopens"),
    [(time(13, 0), time(13, 1)), (time(8, 1), time(8, 2)), (time(17, 59), time(18, 0))],
)
def test_the_core_hours_check_fails_a_tool_closed_for_one_minute_at_any_time(
    closes: time, reopens: time, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A closure time of the test's choosing, through the reference tool's own closure table.
    from gponline_sdk.reference.tool import faults, hours

    name = "closed-one-minute-under-test"
    monkeypatch.setitem(faults.FAULTS, name, "closed for one minute of every working day")
    monkeypatch.setitem(hours._CLOSURES, name, (frozenset(range(5)), closes, reopens))
    check = CHECKS["availability.open-in-core-hours"]
    for seed in (3, 20251001):
        result = run_checks(
            [check],
            target=InProcessTarget(ReferenceTool(name)),
            catalogue=load_catalogue(),
            target_description="t",
            seed=seed,
        )
        (only,) = result.results
        assert only.status is Status.FAIL
        assert f"{closes:%H:%M}:" in (only.message or "")


# -- categories, holidays, caps --------------------------------------------------------------


class _Ctx:
    """Just enough of a check context for `Canaries`."""

    seed = 5
    target = InProcessTarget(ReferenceTool())


def test_rotation_sends_every_category_and_follow_ups_name_the_patients_last_request() -> None:
    rotation = CategoryRotation(Canaries(_Ctx(), "t"))  # type: ignore[arg-type]
    seen: list[RequestCategory] = []
    last = None
    for n in range(3 * len(RequestCategory)):
        sub = rotation.next()
        if sub.category is RequestCategory.FOLLOW_UP:
            assert last is not None
            assert sub.follows_up == f"OC-{n - 1}"
            assert sub.patient == last.patient
        rotation.accepted(f"OC-{n}")
        seen.append(sub.category)
        last = sub
    assert Counter(seen) == Counter(dict.fromkeys(RequestCategory, 3))


def test_sdk_calendar_agrees_with_the_holidays_package() -> None:
    for year in HOLIDAY_YEARS:
        theirs = {
            d for d in holidays.country_holidays("GB", subdiv="ENG", years=year) if d.weekday() < 5
        }
        assert england_bank_holidays(year) == theirs


def test_bank_holiday_plan_probes_every_holiday_and_the_evening_before() -> None:
    plan = _bank_holiday_instants(random.Random(1))
    days = {_local(at).date() for at, _ in plan}
    every = {day for year in HOLIDAY_YEARS for day in england_bank_holidays(year)}
    assert every <= days
    assert date(2028, 1, 3) in days  # the New Year substitute Monday (1 January 2028 a Saturday)
    assert date(2026, 4, 2) in days  # Maundy Thursday evening, before Good Friday
    assert all(not CORE_HOURS.is_open_at(at) for at, _ in plan)


def test_cap_plan_exceeds_any_plausible_fixed_cap() -> None:
    plan = cap_plan(list(RequestCategory))
    assert len(plan) >= 150
    assert min(Counter(c for c, _ in plan).values()) >= 30
    assert Counter(w for _, w in plan)[-1] == CAP_ROUNDS >= 30
    assert {c for c, w in plan if w == -1} == set(RequestCategory)


# -- the faults, caught by the checks the self-test expects, with two seeds --------------------

_CAUGHT_BY = {
    "closed-15-to-16-daily": ("availability.open-in-core-hours", "15:"),
    "closed-1643-one-minute": ("availability.open-in-core-hours", "16:43:"),
    "closed-1700-30-seconds": ("availability.open-in-core-hours", "17:00:"),
    "closed-thursday-afternoons": ("availability.open-in-core-hours", "Thu"),
    "weekly-maintenance-window": ("availability.open-in-core-hours", "Wed"),
    "closed-at-lunch": ("availability.open-in-core-hours", "12:"),
    "easter-monday-open": ("availability.bank-holidays", "Apr 2026"),
    "bank-holidays-2026-only": ("availability.bank-holidays", "2027"),
    "next-opening-ignores-bank-holidays": ("availability.bank-holidays", "next_opening"),
    "next-opening-tomorrow": ("availability.out-of-hours", "Sat 28 Nov"),
    "open-on-bank-holidays": ("availability.bank-holidays", "bank holiday"),
    "caps-requests-at-20": ("availability.no-cap", "number 21 of"),
    "caps-requests-at-50": ("availability.no-cap", "number 51 of"),
    "caps-per-category": ("availability.no-cap", "25 of that category"),
    "caps-per-patient": ("availability.no-cap", "6 from the same patient"),
    # Round 8
    "closed-tuesday-1137-6-minutes": ("availability.open-in-core-hours", "Tue"),
    "closed-first-working-day-of-year": ("availability.open-in-core-hours", "Jan"),
    "caps-first-half-hour-100": ("availability.no-cap", "100 since 08:00"),
    "caps-phone-preferred-100": ("availability.no-cap", "100 with the same contact preference"),
    "closed-0810-after-busy-day": ("availability.no-cap", "the working day after"),
}


@pytest.mark.parametrize("fault", sorted(_CAUGHT_BY))
@pytest.mark.parametrize("seed", [1, 20251001])
def test_each_hours_or_caps_fault_fails_its_check_only(fault: str, seed: int) -> None:
    check_id, says = _CAUGHT_BY[fault]
    mine = [c for c in CHECKS.values() if c.group == "availability"]
    target = InProcessTarget(ReferenceTool(fault))
    result = run_checks(
        mine, target=target, catalogue=load_catalogue(), target_description="t", seed=seed
    )
    failed = {r.check_id: r.message for r in result.results if r.status is not Status.PASS}
    listed = _EXPECTED["faults"][fault]["failing_checks"]
    # never-turned-away judges every check's requests: a run of one group sees fewer. A
    # fixed daily cap counts every check's requests too: in the whole run, other checks' fill
    # the core-hours sweep's days (the 111 scripts' on 30 March 2026), in a group run not.
    whole_run = {"availability.never-turned-away"}
    if fault.startswith("caps-requests-at-"):
        whole_run.add("availability.open-in-core-hours")
    mine_listed = [c for c in listed if CHECKS[c].group == "availability" and c not in whole_run]
    assert sorted(set(failed) - whole_run) == sorted(mine_listed)
    assert says in failed[check_id]
