"""SHOULD-only rules (round 9): they warn, and never fail a MUST.

A capabilities body broken only in a SHOULD field fails that SHOULD, never a MUST.

The ninth outside set's control sent `symptom_checker_url` as a relative path: every check
that read the capabilities refused the whole body, and eleven MUSTs failed. The two
SHOULD-only fields are now read as absent when malformed, and judged from the raw body by
their own checks; a body broken anywhere else is still refused whole.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from _inprocess import failure_of

from gponline_sdk.conformance.checks._invalid_bodies import Case
from gponline_sdk.conformance.checks.robustness import _quotes_personal_value
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.conformance.target.client import SHOULD_ONLY_CAPABILITIES
from gponline_sdk.conformance.target.protocol import BadResponse
from gponline_sdk.reference.tool import ReferenceTool

_CLEAN: dict[str, Any] = orjson.loads(InProcessTarget(ReferenceTool(None)).capabilities().text)


class _Answers:
    """A tool that answers GET /capabilities with a fixed body."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = orjson.dumps(body)

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        return 200, self.body


def _read(**changes: Any) -> Any:
    return InProcessTarget(_Answers({**_CLEAN, **changes})).capabilities()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("symptom_checker_url", "/symptom-checker"),
        ("symptom_checker_url", "http://111.nhs.uk/"),
        ("symptom_checker_url", 111),
        ("symptom_checker_url", "https://" + "a" * 2_000),
        ("urgent_use_safeguard", "Urgent?"),
        ("urgent_use_safeguard", ["Call 999 in an emergency"]),
        ("urgent_use_safeguard", "x" * 2_001),
    ],
)
def test_a_broken_should_field_is_read_as_absent_and_kept_raw(field: str, value: Any) -> None:
    reply = _read(**{field: value})
    assert reply.value is not None
    assert getattr(reply.value, field) is None
    assert orjson.loads(reply.text)[field] == value
    other = "urgent_use_safeguard" if field == "symptom_checker_url" else "symptom_checker_url"
    assert getattr(reply.value, other) == _CLEAN[other]


@pytest.mark.parametrize(
    "changes",
    [
        {"photo_upload": "yes"},
        {"request_categories": ["walk_in"]},
        {"symptom_checker_url": "/symptom-checker", "out_of_hours": "sometimes"},
        {"tool_name": None, "urgent_use_safeguard": "Urgent?"},
    ],
)
def test_a_body_broken_elsewhere_is_still_refused_whole(changes: dict[str, Any]) -> None:
    with pytest.raises(BadResponse, match="ToolCapabilities"):
        _read(**changes)


def test_the_should_only_fields_are_the_optional_should_fields_of_the_schema() -> None:
    assert {f.removeprefix("$.") for f in SHOULD_ONLY_CAPABILITIES} == {
        "symptom_checker_url",
        "urgent_use_safeguard",
    }
    assert all(f.removeprefix("$.") in _CLEAN for f in SHOULD_ONLY_CAPABILITIES)


@pytest.mark.parametrize(
    ("fault", "check_id", "says"),
    [
        (
            "capabilities-symptom-checker-not-https",
            "signposting.symptom-checker",
            "capabilities.symptom_checker_url",
        ),
        (
            "capabilities-safeguard-too-short",
            "safety.urgent-use-safeguard",
            "capabilities.urgent_use_safeguard",
        ),
    ],
)
def test_its_own_check_names_the_broken_field(fault: str, check_id: str, says: str) -> None:
    assert says in failure_of(check_id, fault)


def _case(field: str, sent: Any) -> Case:
    segments = tuple(field.removeprefix("$.").split("."))
    return Case(
        field=field, segments=segments, kind="breaks pattern", expected="", body=b"{}", sent=sent
    )


@pytest.mark.parametrize(
    ("field", "sent", "message", "quoted"),
    [
        ("$.patient.nhs_number", "943 476 591", "not an NHS number: '943 476 591'", True),
        ("$.patient.nhs_number", "943 476 591", "expected 10 digits", False),
        ("$.contact.postcode", "ZZ9 9ZZ!", "ZZ9 9ZZ! is not a UK postcode", True),
        ("$.contact.postcode", " LS1 4AP", "not a UK postcode (e.g. 'LS1 4AP')", False),
        ("$.contact.postcode", " LS1 4AP", "not a UK postcode: ' LS1 4AP'", True),
        ("$.contact.email", "ann.lee@@example.org", "bad email ann.lee@@example.org", True),
        (
            "$.description",
            "My knee hurts when I climb the stairs " * 300,
            "(you sent 'My knee hurts when I c')",
            True,
        ),
        (
            "$.description",
            "at most 10000 characters " * 500,
            "expected at most 10000 characters",
            True,
        ),
        (
            "$.description",
            "we expect at most the doctor " * 400,
            "expected at most 10000 characters",
            False,
        ),
        ("$.description", "x" * 10_001, "you sent 'xxxxxxxxxxxxxxxxxxxxxxxx'", False),
        ("$.practice_code", "Z99999-BAD", "Z99999-BAD is not an ODS code", False),
        ("$.patient.given_name", "Ann", "Ann is too short", False),
    ],
)
def test_an_error_quoting_a_patients_value_is_found(
    field: str, sent: str, message: str, quoted: bool
) -> None:
    assert _quotes_personal_value(_case(field, sent), [message]) is quoted


def test_the_reference_tool_quoting_values_warns_only_malformed_input() -> None:
    message = failure_of("robustness.malformed-input", "errors-quote-the-value")
    assert "quotes the value sent" in message
