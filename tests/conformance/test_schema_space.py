"""The schema space the robustness checks draw from: edges allowed, misspellings refused.

What is drawn is looked at here: every valid edge body must meet the contract's
schema, every misspelt instant must break its pattern, a stand-in for an absent
optional field must be valid, and a rule across fields written as if/then/else
or as the SDK's conditions must yield the "given where it must be null" case.
"""

from __future__ import annotations

import copy
import functools
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks._invalid_bodies import (
    body_cases,
    instant_breakers,
    write_operations,
)
from gponline_sdk.conformance.checks._response_schema import response_problems
from gponline_sdk.conformance.checks._schema_rules import cross_field_cases, matches
from gponline_sdk.conformance.checks._support import Canaries
from gponline_sdk.conformance.checks._valid_bodies import (
    _from_pattern,
    boundary_bodies,
    example,
    instant_spellings,
)
from gponline_sdk.conformance.checks._write_ops import valid_body
from gponline_sdk.conformance.checks.valid_input import _KEEP
from gponline_sdk.conformance.contract import openapi_document
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import ConsultationRequest, MessageDirection
from gponline_sdk.reference.tool import ReferenceTool
from gponline_sdk.serde.schema import json_schema

COMPONENTS: dict[str, Any] = openapi_document()["components"]["schemas"]
INSTANT = COMPONENTS["VideoSessionRequest"]["properties"]["scheduled_start"]["pattern"]


@attrs.define
class _Ctx:
    """Just enough of a check context to make canaries and valid bodies."""

    target: Any
    seed: int = 11

    def sensitive(self, *values: str) -> None:
        """Nothing to mask here."""

    def note(self, text: str) -> None:
        """Notes are not under test here."""


def _valid_bodies() -> list[tuple[Any, dict[str, Any]]]:
    ctx = _Ctx(target=InProcessTarget(ReferenceTool()))
    canaries = Canaries(ctx, "space")  # type: ignore[arg-type]
    return [
        (op, valid_body(ctx, op, canaries, MessageDirection.PATIENT_TO_PRACTICE))  # type: ignore[arg-type]
        for op in write_operations()
    ]


_instants = st.datetimes(
    min_value=datetime(2026, 1, 1),
    max_value=datetime(2028, 12, 31),
    timezones=st.just(timezone.utc),
).map(lambda d: d.isoformat())


@settings(deadline=None, max_examples=60)
@given(_instants)
def test_every_spelling_of_an_instant_meets_the_pattern_and_keeps_the_instant(text: str) -> None:
    moment = datetime.fromisoformat(text)
    spellings = instant_spellings(text)
    assert spellings
    for spelled in spellings:
        assert re.search(INSTANT, spelled), spelled
        assert datetime.fromisoformat(spelled.replace("Z", "+00:00")) == moment


def test_the_spellings_cover_z_offsets_and_every_fraction_length() -> None:
    spellings = instant_spellings("2026-12-02T15:00:00+00:00")
    fractions = {len(m[1]) for s in spellings if (m := re.search(r"\.(\d+)", s))}
    assert fractions == {1, 2, 3, 4, 5, 6}
    assert any(s.endswith("Z") for s in spellings)
    assert {s[-6:] for s in spellings} >= {"+00:00", "+01:00", "-05:00"}


@settings(deadline=None, max_examples=60)
@given(_instants)
def test_every_misspelt_instant_breaks_the_contracts_pattern(text: str) -> None:
    breakers = instant_breakers(text)
    kinds = {how for _, how in breakers}
    assert {"without seconds", "with 7 fractional digits", "with a space for the T"} <= kinds
    for spelled, how in breakers:
        assert re.search(INSTANT, spelled) is None, (how, spelled)


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_a_stand_in_meets_its_schema(name: str) -> None:
    for prop in COMPONENTS[name].get("properties", {}).values():
        value = example(prop, COMPONENTS)
        assert value is None or matches(prop, value, COMPONENTS)


def test_patterns_of_the_contract_give_matching_strings() -> None:
    patterns = set(re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', orjson.dumps(COMPONENTS).decode()))
    for pattern in {orjson.loads(f'"{p}"') for p in patterns}:
        text = _from_pattern(pattern)
        assert text is None or re.search(pattern, text), pattern


def test_edge_bodies_are_valid_and_hold_the_bounds() -> None:
    seen: set[str] = set()
    for op, valid in _valid_bodies():
        schema = COMPONENTS[op.schema_name]
        for boundary in boundary_bodies(schema, valid, COMPONENTS, _KEEP):
            assert matches(schema, boundary.body, COMPONENTS), boundary.edges
            seen.update(boundary.edges)
    assert "$.duration_minutes 240" in seen
    assert "$.duration_minutes 1" in seen
    assert "$.description of 10000 characters" in seen
    assert "$.participant 'professional'" in seen
    assert any(e.startswith("$.attachments[0].size_bytes 20971520") for e in seen)


def test_an_absent_optional_field_is_broken_inside_a_stand_in() -> None:
    op = next(o for o in write_operations() if o.path == "/requests")
    valid = dict(next(v for o, v in _valid_bodies() if o.path == "/requests"))
    valid.pop("attachments", None)
    cases = body_cases(op, valid)
    over = [c for c in cases if c.field == "$.attachments[0].size_bytes" and "maximum" in c.kind]
    assert over
    assert orjson.loads(over[0].body)["attachments"][0]["size_bytes"] == 20971521


def _with_follow_up_rule(form: str) -> dict[str, Any]:
    schema = copy.deepcopy(COMPONENTS["RequestSubmission"])
    if form == "sdk":  # the SDK's own conditions, as ConsultationRequest states them
        rule = [b for b in json_schema(ConsultationRequest)["allOf"] if "follows_up" in str(b)]
        schema["allOf"] = rule
    else:
        schema["if"] = {"properties": {"category": {"const": "follow_up"}}}
        schema["then"] = {
            "properties": {"follows_up": {"type": "string"}},
            "required": ["follows_up"],
        }
        schema["else"] = {"properties": {"follows_up": {"type": "null"}}}
    return schema


@pytest.mark.parametrize("form", ["sdk", "if-then-else"])
def test_a_conditional_field_given_on_another_branch_is_a_case(form: str) -> None:
    body = next(v for o, v in _valid_bodies() if o.path == "/requests")
    body = {**body, "follows_up": None}
    fill = functools.partial(example, components=COMPONENTS)
    cases = [c for c, _ in cross_field_cases(_with_follow_up_rule(form), body, COMPONENTS, fill)]
    assert any(c["category"] != "follow_up" and c.get("follows_up") for c in cases)
    assert any(c["category"] == "follow_up" and not c.get("follows_up") for c in cases)


def test_matches_knows_dependent_required_unique_items_and_not() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {}, "b": {}, "c": {"type": "array", "uniqueItems": True}},
        "dependentRequired": {"a": ["b"]},
        "not": {"required": ["zz"]},
    }
    assert matches(schema, {"a": 1, "b": 2, "c": [1, 2]}, {})
    assert not matches(schema, {"a": 1}, {})
    assert not matches(schema, {"c": [1, 1]}, {})
    assert not matches(schema, {"zz": 1}, {})


def _ack(**changes: str) -> str:
    now = datetime(2026, 11, 24, 10, 30, 17, 250_000, tzinfo=timezone.utc)
    ack = {
        "reference": "OC-1",
        "received_at": now.isoformat(),
        "respond_by": (now + timedelta(hours=8)).isoformat(),
        "message": "We will tell you by 18:30 today.",
    }
    return orjson.dumps({**ack, **changes}).decode()


def test_response_instants_are_held_to_the_pattern() -> None:
    assert response_problems("POST", "/requests", 201, _ack()) == []
    short = response_problems("POST", "/requests", 201, _ack(respond_by="2026-11-24T18:30Z"))
    assert len(short) == 1
    assert "$.respond_by" in short[0]
    assert "99:99A" in short[0]
    long = _ack(received_at="2026-11-24T10:30:17.2500000Z")
    assert "$.received_at" in response_problems("POST", "/requests", 201, long)[0]
