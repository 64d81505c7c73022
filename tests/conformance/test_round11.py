"""Round 11: the tenth outside set's misses, tested beyond the variants they came from.

- Refusals in checks that count only what was taken: `availability.never-turned-away` judges
  every POST /requests answered 409, 429 or 503 at every quarter hour of a week, on every bank
  holiday of two years and at the clock changes: exactly those in core hours fail, whatever
  the category, and refusals for what a request carries (400, 413, 422) never do.
- The closed message's time of day: every hour and minute, in each written form, inside
  other words, read back as that time; dates and bare numbers are not times.
- A record ID carrying the end of a reference: found at either end and between separators,
  for references and keyed IDs of many shapes; keyed IDs alone are never flagged.
- Digit counts: a pattern counting digits gets one past the most and one short of the least.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
from datetime import date, datetime, time, timedelta
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks._near_misses import near_misses
from gponline_sdk.conformance.checks._said_times import times_named
from gponline_sdk.conformance.checks.usage.tails import TAIL, reference_tail
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import CORE_HOURS, RequestCategory, england_bank_holidays
from gponline_sdk.reference.tool.faults import FAULTS, round11
from gponline_sdk.serde import from_json

_NEVER = "availability.never-turned-away"


def test_every_round11_fault_is_listed() -> None:
    assert set(FAULTS) >= round11.ROUND11_FAULTS


# -- availability.never-turned-away ------------------------------------------------------


class _Refusing:
    """A tool that takes the test clock and answers every POST /requests with `status`."""

    def __init__(self) -> None:
        self.status = 409

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        if target == "/test/clock":
            now = orjson.loads(body or b"{}").get("now", "2026-01-01T00:00:00Z")
            return 200, orjson.dumps({"now": now, "frozen": True})
        if target == "/requests" and self.status == 409:
            closed = {"message": "We are closed.", "next_opening": "2026-01-05T08:00:00Z"}
            return 409, orjson.dumps(closed)
        if target == "/requests":
            return self.status, orjson.dumps({"message": "no", "problems": []})
        return 404, orjson.dumps({"message": "no such operation"})


def _request(category: RequestCategory) -> RequestSubmission:
    body: dict[str, Any] = {
        "practice_code": "A12345",
        "category": category.value,
        "patient": {"given_name": "Ann", "family_name": "Lee", "date_of_birth": "1980-01-02"},
        "requester": {"role": "patient"},
        "contact": {"email": "ann@example.org"},
        "description": "A fit note, please.",
    }
    if category is RequestCategory.FOLLOW_UP:
        body["follows_up"] = "OC-000001"
    return from_json(orjson.dumps(body), RequestSubmission)


def _instants() -> list[datetime]:
    """Every quarter hour of a week (and its last microsecond), every bank holiday of 2026
    and 2027 at 10:00, and the hours around both clock changes of 2026."""
    monday = date(2026, 11, 23)
    out = []
    for day in range(7):
        for quarter in range(96):
            start = datetime.combine(
                monday + timedelta(days=day), time(quarter // 4, 15 * (quarter % 4)),
                tzinfo=CORE_HOURS.zone,
            )  # fmt: skip
            out += [start, start - timedelta(microseconds=1)]
    for year in (2026, 2027):
        for holiday in england_bank_holidays(year):
            out.append(datetime.combine(holiday, time(10), tzinfo=CORE_HOURS.zone))
    for day in (date(2026, 3, 30), date(2026, 10, 26)):  # the Mondays after each change
        for hour in range(7, 10):
            out.append(datetime.combine(day, time(hour, 59), tzinfo=CORE_HOURS.zone))
    return out


def _in_core_hours(at: datetime) -> bool:
    local = at.astimezone(CORE_HOURS.zone)
    working = local.weekday() < 5 and local.date() not in england_bank_holidays(local.year)
    return working and CORE_HOURS.start <= local.time() < CORE_HOURS.end


def _judge(target: InProcessTarget) -> Any:
    result = run_checks(
        [CHECKS[_NEVER]], target=target, catalogue=load_catalogue(), target_description="fake"
    )
    return result.results[0]


@pytest.mark.parametrize("status", [409, 429, 503])
def test_each_refusal_in_core_hours_fails_and_none_outside(status: int) -> None:
    tool = _Refusing()
    tool.status = status
    target = InProcessTarget(tool)
    instants = _instants()
    categories = list(RequestCategory)
    for n, at in enumerate(instants):
        target.running_check = f"check-{n % 3}"
        target.set_clock(at)
        target.submit_request(_request(categories[n % len(categories)]))
    target.release_clock()
    inside = sum(_in_core_hours(at) for at in instants)
    assert 0 < inside < len(instants)  # both sides of every edge were sent
    judged = _judge(target)
    assert judged.status is Status.FAIL
    assert judged.message.startswith(f"{inside} request(s) sent in core hours were turned away")
    assert f"HTTP {status}" in judged.message
    assert "check-0:" in judged.message
    assert judged.notes[0].endswith(f"a category the tool must take or declares: {inside}")


@pytest.mark.parametrize("status", [400, 413, 422])
def test_a_refusal_for_what_a_request_carries_is_not_counted(status: int) -> None:
    tool = _Refusing()
    tool.status = status
    target = InProcessTarget(tool)
    target.set_clock(datetime(2026, 11, 24, 10, 0, tzinfo=CORE_HOURS.zone))
    target.submit_request(_request(RequestCategory.CLINICAL_REQUEST))
    assert _judge(target).status is Status.PASS


def test_a_request_sent_without_the_test_clock_is_not_judged() -> None:
    target = InProcessTarget(_Refusing())
    target.set_clock(datetime(2026, 11, 24, 10, 0, tzinfo=CORE_HOURS.zone))
    target.release_clock()
    target.submit_request(_request(RequestCategory.CLINICAL_REQUEST))
    judged = _judge(target)
    assert judged.status is Status.SKIP  # nothing was sent with the clock set


def test_the_check_runs_after_every_other() -> None:
    last = max(CHECKS.values(), key=lambda c: c.position)
    assert last.id == _NEVER


# -- the closed message's time of day ----------------------------------------------------


def _written(at: time, form: int) -> str:
    twelve = at.hour % 12 or 12
    half = "am" if at.hour < 12 else "pm"
    return [
        f"{at:%H:%M}",
        f"{at.hour}:{at:%M}",
        f"{at:%H.%M}",
        f"{twelve}:{at:%M}{half}",
        f"{twelve}.{at:%M} {half[0]}.m.",
        f"{twelve}{half}" if at.minute == 0 else f"{twelve}:{at:%M} {half.upper()}",
    ][form]


def test_every_time_of_day_in_every_form_is_read() -> None:
    """Each hour and minute, in each written form, inside other words: read as that time.

    What the property drew is looked at afterwards: every hour, most minutes, every form.
    """
    drawn: list[tuple[int, int, int]] = []

    @settings(max_examples=400, database=None)
    @given(
        hour=st.integers(0, 23),
        minute=st.integers(0, 59),
        form=st.integers(0, 5),
        before=st.sampled_from(["We open again at ", "Back ", "(", "Open from\n"]),
        after=st.sampled_from([" on Monday 30 November.", "", ").", ", or call 111."]),
    )
    def read_back(hour: int, minute: int, form: int, before: str, after: str) -> None:
        drawn.append((hour, minute, form))
        at = time(hour, minute)
        named = times_named(f"{before}{_written(at, form)}{after}")
        assert [t for _, t in named] == [at]

    read_back()
    assert {h for h, _, _ in drawn} == set(range(24))
    assert len({m for _, m, _ in drawn}) >= 40
    assert {f for _, _, f in drawn} == set(range(6))


@pytest.mark.parametrize(
    "text",
    [
        "Open Monday 30.11.2026",
        "On 2026-11-30 we open",
        "24/11 and 1/12",
        "Call 0300 123 4567 or 111",
        "We open at 8 on Monday",
        "Room 12.5",
        "at 24:00 or 13:75",
    ],
)
def test_dates_and_bare_numbers_are_not_times(text: str) -> None:
    assert times_named(text) == []


# -- a record ID carrying a reference's end ----------------------------------------------

_REFERENCE_SHAPES = [
    lambda r: f"OC-{r.randrange(2026, 2030)}-{r.randrange(10**6):06d}",
    lambda r: "OC-" + "".join(r.choice("ABCDEFGHJKMNPQRSTVWXYZ0123456789") for _ in range(10)),
    lambda r: f"REQ{r.randrange(10**9)}",
    lambda r: "VC_" + "".join(r.choice("abcdef0123456789") for _ in range(12)),
]


@settings(max_examples=200)
@given(
    seed=st.integers(0, 2**32),
    shape=st.integers(0, len(_REFERENCE_SHAPES) - 1),
    extra=st.integers(0, 4),
    layout=st.sampled_from(["append", "prepend", "append-sep", "prepend-sep", "upper"]),
)
def test_a_reference_tail_is_found_at_either_end(
    seed: int, shape: int, extra: int, layout: str
) -> None:
    rng = random.Random(seed)
    reference = _REFERENCE_SHAPES[shape](rng)
    bare = re.sub(r"[-_]", "", reference)
    tail = bare[-(TAIL + extra) :]
    keyed = hmac.new(rng.randbytes(32), reference.encode(), hashlib.sha256).hexdigest()[:24]
    record_id = {
        "append": keyed + tail,
        "prepend": tail.lower() + keyed,
        "append-sep": f"{keyed}-{tail}",
        "prepend-sep": f"{tail}_{keyed}",
        "upper": (keyed + tail).upper(),
    }[layout]
    others = [_REFERENCE_SHAPES[shape](rng) for _ in range(5)]
    assert reference_tail(record_id, [*others, reference]) is not None


@settings(max_examples=300)
@given(seed=st.integers(0, 2**32), shape=st.integers(0, len(_REFERENCE_SHAPES) - 1))
def test_keyed_ids_alone_are_never_flagged(seed: int, shape: int) -> None:
    rng = random.Random(seed)
    references = [_REFERENCE_SHAPES[shape](rng) for _ in range(6)]
    key = rng.randbytes(32)
    for reference in references:
        keyed = hmac.new(key, reference.encode(), hashlib.sha256).hexdigest()[:32]
        assert reference_tail(keyed, references) is None


# -- digit counts --------------------------------------------------------------------------

_PHONE = {"type": "string", "pattern": "^[ ()+-]*([0-9][ ()+-]*){10,13}$"}


@pytest.mark.parametrize(
    ("valid", "longer", "shorter"),
    [
        ("07700 900123", 14, 9),
        ("+44 7700 900123", 14, 9),
        ("0113 496 0000", 14, 9),
        ("(020) 7946 0958", 14, 9),
    ],
)
def test_a_phone_gets_one_digit_past_the_most_and_one_short_of_the_least(
    valid: str, longer: int, shorter: int
) -> None:
    counts = {
        sum(c.isdigit() for c in value)
        for value, how in near_misses(_PHONE, valid)
        if how.endswith(("past the most allowed", "short of the least"))
    }
    assert counts == {longer, shorter}


def test_the_suite_sends_them_and_a_tool_cutting_to_13_is_caught() -> None:
    body = {"contact": {"phone": "07700 90012333"}}
    cut = orjson.loads(
        round11.read("phone-cut-to-13-digits", orjson.dumps(body), "RequestSubmission")
    )
    assert sum(c.isdigit() for c in cut["contact"]["phone"]) == 13
