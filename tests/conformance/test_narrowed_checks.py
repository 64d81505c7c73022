"""Checks narrowed to what each verifies: SHOULD categories, refused photos, dates of birth.

A tool without the SHOULD categories gets their warnings and nothing more.
The symptoms, question and follow-up categories (OC-CAT-02/03/04) are NHS England
guidance, not regulation: a check that sent one to a tool that does not offer it
would turn a warning into MUST failures. `Offered` (what a check may send) is
read from the tool's capabilities; the whole suite against the reference tool's
`offers-only-must-categories` fault is in the self-test. Here: the pieces, the
usage checks' counting where categories repeat or photos are refused, and the
test-clock dates split into a request check and a contact-details check.
"""

from __future__ import annotations

import re

import pytest
from _inprocess import failure_of, requests_and_budget, run_check

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.checks._support import MUST_CATEGORIES, offered_by
from gponline_sdk.conformance.checks.usage.shapes import Shape, diagnose
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import RequestCategory, ToolCapabilities
from gponline_sdk.reference.tool.app import ReferenceTool

_MUST_ONLY = "offers-only-must-categories"
_SHOULD = set(RequestCategory) - MUST_CATEGORIES


def _caps(fault: str | None) -> ToolCapabilities:
    reply = InProcessTarget(ReferenceTool(fault)).capabilities()
    assert reply.value is not None
    return reply.value


def test_a_tool_listing_every_category_is_sent_every_category() -> None:
    sendable = offered_by(_caps(None))
    assert sendable.only() == list(RequestCategory)
    assert sendable.follow_ups
    assert sendable.of(RequestCategory.ASK_QUESTION) is RequestCategory.ASK_QUESTION


def test_a_tool_listing_only_the_must_categories_is_sent_those_alone() -> None:
    sendable = offered_by(_caps(_MUST_ONLY))
    assert set(sendable.only()) == MUST_CATEGORIES
    assert not sendable.follow_ups
    for category in _SHOULD:
        assert sendable.of(category) is RequestCategory.SEEK_HEALTH_ADVICE
    # A MUST category is sent whether or not it is listed: leaving one out is a failure.
    assert offered_by(None).only() == list(RequestCategory)


def _shape(category: RequestCategory, photos: int = 0) -> Shape:
    return Shape(photos, "email", proxy=False, nhs_number=True, follow_up=False, category=category)


def test_shapes_alike_are_counted_together() -> None:
    """Two requests of one category in the same minute make two equal rows: both must come."""
    row = (("category", "seek_health_advice"), ("submitted_at", "2027-02-01T10:01:00Z"))
    other = (("category", "clinical_request"), ("submitted_at", "2027-02-01T10:01:00Z"))
    advice = _shape(RequestCategory.SEEK_HEALTH_ADVICE)
    sent = [(advice, row), (_shape(RequestCategory.SEEK_HEALTH_ADVICE, 1), row)]
    sent.append((_shape(RequestCategory.CLINICAL_REQUEST), other))
    assert diagnose(sent, [row, row, other]) is None
    lost = diagnose(sent, [row, other])
    assert lost is not None
    assert "expected 2 records with the fields sent (its and 1 alike), got 1" in lost
    doubled = diagnose(sent, [row, row, other, other])
    assert doubled is not None
    assert "clinical_request: expected 1 record with the fields sent, got 2" in doubled


@pytest.mark.parametrize("check_id", ["usage-data.oc-full-week", "usage-data.oc-whatever-next"])
def test_photos_refused_outside_symptoms_do_not_fail_the_usage_checks(check_id: str) -> None:
    """Requests refused for their photos are sent again without: counted, and noted."""
    ctx = run_check(check_id, "photos-with-symptoms-only")  # raises CheckFailed on a failure
    resent = re.compile(r"\b[1-9]\d* (sent again without|refused with photos, sent again)")
    assert any(resent.search(note) for note in ctx.notes), ctx.notes


@pytest.mark.parametrize(
    "check_id",
    ["requests.dates-by-test-clock", "channels.contact-details-dates-by-test-clock"],
)
def test_dates_by_the_test_clock_each_check_its_own_requirement(check_id: str) -> None:
    """Split so a tool judging both by the real date fails both requirements, each alone."""
    sent, budget = requests_and_budget(check_id)
    assert sent == budget
    message = failure_of(check_id, "dob-judged-by-real-clock")
    what = "contact details update" if check_id.startswith("channels") else "request about"
    assert what in message
    assert "expected HTTP 201" in message
