"""Round 6: the schema-driven cases reach every rule of every write operation.

Booleans for every integer, every code just outside a code list, the proxy rule on
every operation that takes a requester; proxies in their own words, dates judged by
the test clock and doses as written, with the reference-tool faults that break them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks._invalid_bodies import body_cases, write_operations
from gponline_sdk.conformance.checks._leaf_cases import enum_outsiders
from gponline_sdk.conformance.checks._schema_rules import matches
from gponline_sdk.conformance.checks._support import Canaries
from gponline_sdk.conformance.checks._write_ops import valid_body
from gponline_sdk.conformance.checks.medication import QUERIES
from gponline_sdk.conformance.checks.requests.people import RELATIONSHIPS, far_day
from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    MessageSubmission,
    VideoSessionRequest,
    openapi_document,
)
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import MessageDirection
from gponline_sdk.reference.tool import ReferenceTool
from gponline_sdk.reference.tool.faults import round6_schema

COMPONENTS: dict[str, Any] = openapi_document()["components"]["schemas"]


@attrs.define
class _Ctx:
    """Just enough of a check context to make canaries and valid bodies."""

    target: Any
    seed: int = 11

    def sensitive(self, *values: str) -> None:
        """Nothing to mask here."""

    def note(self, text: str) -> None:
        """Notes are not under test here."""


def _cases(path: str) -> list[Any]:
    ctx = _Ctx(target=InProcessTarget(ReferenceTool()))
    canaries = Canaries(ctx, "round6")  # type: ignore[arg-type]
    op = next(o for o in write_operations() if (o.method, o.path) == ("POST", path))
    valid = valid_body(ctx, op, canaries, MessageDirection.PATIENT_TO_PRACTICE)  # type: ignore[arg-type]
    return body_cases(op, valid)


def test_every_code_outside_the_ethnicity_list_is_a_case() -> None:
    codes = COMPONENTS["ContactDetailsSubmission"]["properties"]["ethnicity"]["anyOf"][0]["enum"]
    cases = [c for c in _cases("/contact-details") if c.field == "$.ethnicity"]
    sent = {c.sent for c in cases if isinstance(c.sent, str)}
    missing = {chr(n) for n in range(ord("A"), ord("Z") + 1)} - set(codes)
    assert missing == {"I", "O", "Q", "T", "U", "V", "W", "X", "Y"}
    assert missing <= sent
    assert not sent & set(codes)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2), min_size=1))
def test_outsiders_of_a_code_list_are_never_members(members: list[str]) -> None:
    outside = enum_outsiders(members)
    assert not set(outside) & set(members)
    assert len(outside) > 1


@pytest.mark.parametrize("path", ["/video/sessions", "/requests"])
def test_every_integer_gets_true_and_false(path: str) -> None:
    cases = [c for c in _cases(path) if c.kind == "boolean for a number"]
    assert {c.sent for c in cases} == {True, False}
    if path == "/video/sessions":
        assert {c.field for c in cases} == {"$.duration_minutes"}


@pytest.mark.parametrize(
    ("path", "schema"),
    [("/messages", "MessageSubmission"), ("/contact-details", "ContactDetailsSubmission")],
)
def test_the_proxy_rule_is_broken_where_the_requester_is_optional(path: str, schema: str) -> None:
    rules = [c for c in _cases(path) if c.kind == "breaks a rule across fields"]
    proxies = [c.sent for c in rules if c.field == "$.requester"]
    assert {"role": "proxy", "relationship": "Sam Example"} in proxies  # no proxy_name
    assert {"role": "proxy", "proxy_name": "Sam Example"} in proxies  # no relationship
    for case in rules:
        assert not matches(COMPONENTS[schema], orjson.loads(case.body), COMPONENTS)


def test_far_day_is_a_june_wednesday_years_ahead() -> None:
    for today in (date(2026, 11, 28), date(2031, 7, 1), date(2040, 1, 1)):
        day = far_day(today)
        assert day.weekday() == 2
        assert day.month == 6
        assert day.year >= today.year + 3


def test_corpora_hold_what_real_people_write() -> None:
    words = " ".join(text for _, text in QUERIES)
    for written in ("mcg", "\u00b5g", "\u03bcg", "\u00bd", " bd", "prn"):
        assert written in words
    assert any("attorney" in r.lower() for r in RELATIONSHIPS)
    assert any("deputy" in r.lower() for r in RELATIONSHIPS)


def test_faults_read_bodies_as_the_defects_do() -> None:
    video = orjson.dumps({"duration_minutes": True})
    assert orjson.loads(round6_schema.read("duration-true-as-one", video, VideoSessionRequest)) == {
        "duration_minutes": 1
    }
    proxy = orjson.dumps({"requester": {"role": "proxy", "proxy_name": "Jo"}})
    read = orjson.loads(round6_schema.read("proxy-rule-on-requests-only", proxy, MessageSubmission))
    assert read["requester"]["relationship"]
    code = orjson.dumps({"ethnicity": "Q"})
    read = orjson.loads(
        round6_schema.read("ethnicity-any-capital-letter", code, ContactDetailsSubmission)
    )
    assert read == {"ethnicity": "Z"}
    assert round6_schema.read(None, video, VideoSessionRequest) == video
    seen = {"description": "Levothyroxine 75mcg and 25\u00b5g"}
    round6_schema.practice_view("mcg-spelt-out", seen)
    assert seen["description"] == "Levothyroxine 75 micrograms and 25 micrograms"
