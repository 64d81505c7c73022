"""Round 5: near misses of every pattern, JSON-path locations, every clock-change week.

- `_near_misses` builds, from the contract's own patterns, the values laxer parsers
  accept, and keeps only those the contract refuses;
- ROB-4XX-01's check wants a body field named by a JSON path starting with '$';
- `clock_change_plan` probes the weeks around each clock change of 2026-2028, so a
  tool with one year's summer-time dates built in is found in another year's weeks.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks._hours import SWEEP_DAYS, clock_change_plan, clock_changes
from gponline_sdk.conformance.checks._invalid_bodies import body_cases, write_operations
from gponline_sdk.conformance.checks._near_misses import near_misses, schema_refuses
from gponline_sdk.conformance.checks.robustness import BUDGET, _answer_problem
from gponline_sdk.conformance.contract import openapi_document
from gponline_sdk.conformance.target import Reply
from gponline_sdk.models import CORE_HOURS

_SCHEMAS: dict[str, Any] = openapi_document()["components"]["schemas"]
_DATE = _SCHEMAS["PatientDetails"]["properties"]["date_of_birth"]
_NHS = _SCHEMAS["PatientDetails"]["properties"]["nhs_number"]["anyOf"][0]
_EMAIL = _SCHEMAS["ContactDetails"]["properties"]["email"]["anyOf"][0]


def test_the_b5_near_misses_are_built_from_the_schema() -> None:
    dates = dict(near_misses(_DATE, "1990-05-12"))
    assert "1990-05-12T00:00:00" in dates
    assert "1990-05-12\n" not in dates  # Python's `$` would take it: left to the lead
    assert any("@" in v and v.count("@") == 2 for v, _ in near_misses(_EMAIL, "jo@example.org"))
    padded = {v for v, _ in near_misses(_NHS, "943 476 5919")}
    assert {" 943 476 5919", "943 476 5919 "} <= padded
    assert "943 476 5919".translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}) in padded


def test_no_near_miss_for_free_text_or_an_invalid_base() -> None:
    assert near_misses({"type": "string", "maxLength": 10}, "Sam") == []
    assert near_misses(_DATE, "not a date") == []


@settings(deadline=None, max_examples=60)
@given(st.dates(date(1900, 1, 1), date(2026, 12, 31)))
def test_every_near_miss_of_a_date_is_refused_by_the_ecma_pattern(day: date) -> None:
    valid = day.isoformat()
    assert not schema_refuses(_DATE, valid)
    for value, how in near_misses(_DATE, valid):
        assert schema_refuses(_DATE, value), how
        assert value != valid


def test_every_patterned_field_of_the_requests_body_gets_near_misses() -> None:
    op = next(o for o in write_operations() if o.label == "POST /requests")
    valid = {
        "practice_code": "A81001",
        "category": "ask_question",
        "patient": {
            "given_name": "Sam",
            "family_name": "Example",
            "date_of_birth": "1990-05-12",
            "nhs_number": "9434765919",
        },
        "requester": {"role": "patient"},
        "contact": {"email": "sam@example.org", "phone": "07700 900123", "postcode": "LS1 4AP"},
        "description": "A question.",
    }
    cases = body_cases(op, valid)
    near = {c.field for c in cases if c.kind.startswith("near miss")}
    for field in (
        "$.practice_code",
        "$.patient.date_of_birth",
        "$.patient.nhs_number",
        "$.contact.email",
        "$.contact.phone",
        "$.contact.postcode",
    ):
        assert field in near
    assert len(cases) <= BUDGET  # every case is sent, none sampled away


class _Problem:
    def __init__(self, location: str, message: str = "bad") -> None:
        self.location, self.message = location, message


class _Error:
    def __init__(self, *locations: str) -> None:
        self.problems = [_Problem(loc) for loc in locations]
        self.message = "the request body is not valid"  # as ErrorBody: the quote rule reads it


def _reply(*locations: str) -> Any:
    reply: Any = Reply.__new__(Reply)
    object.__setattr__(reply, "status", 400)
    object.__setattr__(reply, "error", _Error(*locations))
    return reply


@pytest.mark.parametrize(
    ("location", "warned"),
    [
        ("$.patient.nhs_number", False),
        ("/patient/nhs_number", False),
        ("patient.nhs_number", True),
        ("body.patient.nhs_number", True),
    ],
)
def test_a_body_field_is_named_by_a_dollar_path(location: str, warned: bool) -> None:
    op = next(o for o in write_operations() if o.label == "POST /requests")
    case = next(
        c
        for c in body_cases(op, {"patient": {"nhs_number": "9434765919"}})
        if c.field == "$.patient.nhs_number"
    )
    problem = _answer_problem(op, case, _reply(location))
    assert (problem is not None) is warned
    if warned:
        assert "starting with '$'" in problem  # type: ignore[operator]


def test_clock_changes_come_from_the_zone() -> None:
    assert clock_changes([2027, 2028]) == [
        date(2027, 3, 28),
        date(2027, 10, 31),
        date(2028, 3, 26),
        date(2028, 10, 29),
    ]


def _dst_2025_dates(instant: datetime) -> datetime:
    """London wall time as a tool with 2025's change dates built in for every year has it."""
    u = instant.astimezone(UTC)
    start, end = datetime(u.year, 3, 30, 1, tzinfo=UTC), datetime(u.year, 10, 26, 1, tzinfo=UTC)
    return (u + timedelta(hours=1 if start <= u < end else 0)).replace(tzinfo=None)


@pytest.mark.parametrize("seed", [0, 7, 20_270_329])
def test_the_plan_finds_summer_time_on_another_years_dates(seed: int) -> None:
    probes = clock_change_plan(random.Random(seed), (2026, 2027, 2028), skip=SWEEP_DAYS)
    opening, closing = CORE_HOURS.start, CORE_HOURS.end
    closed = [
        p.instant for p in probes if not opening <= _dst_2025_dates(p.instant).time() < closing
    ]
    assert {c.year for c in closed} >= {2027, 2028}
    for p in probes:  # every probe is inside core hours, in its first or last hour
        wall = p.instant.astimezone(CORE_HOURS.zone)
        assert CORE_HOURS.is_open_at(wall)
        assert wall.time() < time(9) or wall.time() >= time(17, 30)
    assert len(probes) <= 120
