"""Bad input is refused with a ValidationError naming every bad JSON path, never an NHS number.

The property test asserts the problems' locations EQUAL the expected paths,
not merely include them: `invalid_wire_data` only combines breaks the
converter reports independently, so any extra location would be a spurious
or duplicated problem a user would have to wade through, and any missing one
a problem the converter failed to report.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import ValidationError
from gponline_sdk.models import (
    ConsultationRequest,
    DataType,
    OcAggregate,
    OcRecord,
    PatientDetails,
    SubmissionHeader,
    ToolCapabilities,
)
from gponline_sdk.serde import from_json, structure, unstructure
from gponline_sdk.serde.schema import schema_models
from gponline_sdk.testing import invalid_wire_data

MODELS = schema_models()
TEN_DIGITS = re.compile(r"\d{9,}")


def _nhs_like_strings(value: Any) -> set[str]:
    """Every string in `value` with nine or more digits (an NHS number or near miss)."""
    if isinstance(value, dict):
        return set().union(*(_nhs_like_strings(v) for v in value.values()), set())
    if isinstance(value, list):
        return set().union(*(_nhs_like_strings(v) for v in value), set())
    if isinstance(value, str) and sum(c.isdigit() for c in value) >= 9:
        return {value, re.sub(r"\D", "", value)}
    return set()


def refused(data: Any, cls: type[Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        structure(data, cls)
    assert isinstance(caught.value, ValueError)
    return caught.value


def locations(err: ValidationError) -> list[str]:
    return [p.location for p in err.problems]


@pytest.mark.parametrize("name", sorted(MODELS))
@settings(
    max_examples=20, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.data())
def test_every_broken_field_is_named_by_its_json_path(name: str, data: st.DataObject) -> None:
    cls = MODELS[name]
    wire, expected = data.draw(invalid_wire_data(cls))
    err = refused(wire, cls)
    assert set(locations(err)) == expected
    assert len(err.problems) == len(expected), "one problem per break, no duplicates"
    message = str(err)
    for secret in _nhs_like_strings(wire):
        assert secret not in message


# --- Hand-written cases: the messages users will actually read ---------------------------------

RECORD = {
    "record_id": "rec-0001",
    "practice_code": "A81001",
    "submitted_at": "2026-11-16T09:30:00Z",
    "request_type": "clinical",
    "category": None,
    "requester_role": "patient",
    "has_attachments": False,
}

REQUEST: dict[str, Any] = {
    "reference": "OC-1",
    "practice_code": "A81001",
    "category": "describe_symptoms",
    "patient": {
        "given_name": "Sam",
        "family_name": "Jones",
        "date_of_birth": "1980-02-29",
        "nhs_number": "9434765919",
    },
    "requester": {"role": "patient", "proxy_name": None, "relationship": None},
    "contact": {"email": "sam@example.org"},
    "description": "Rash on arm for a week",
    "submitted_at": "2026-11-16T09:30:00+00:00",
    "attachments": [
        {"media_type": "image/jpeg", "size_bytes": 1024, "sha256": "A" * 64},
    ],
}


def test_nested_list_names_the_bad_record_and_says_what_is_wrong() -> None:
    records = [dict(RECORD, record_id=f"rec-000{i}") for i in range(5)]
    records[3]["practice_code"] = "A8100"
    err = refused(records, tuple[OcRecord, ...])
    assert [str(p) for p in err.problems] == [
        "$[3].practice_code: 'A8100' is not a GP practice ODS code (a letter and 5 digits)"
    ]


def test_every_bad_record_in_a_list_is_reported_not_just_the_first() -> None:
    records = [dict(RECORD) for _ in range(4)]
    records[0]["request_type"] = "urgent"
    records[2]["has_attachments"] = "yes"
    err = refused(records, tuple[OcRecord, ...])
    assert locations(err) == ["$[0].request_type", "$[2].has_attachments"]


def test_bad_attachment_digest_is_located_inside_the_request() -> None:
    err = refused(REQUEST, ConsultationRequest)
    assert [str(p) for p in err.problems] == [
        "$.attachments[0].sha256: not a SHA-256 hex digest (64 lower-case hex digits)"
    ]


def test_naive_datetime_is_refused() -> None:
    err = refused(dict(RECORD, submitted_at="2026-11-16T09:30:00"), OcRecord)
    assert locations(err) == ["$.submitted_at"]
    assert "UTC offset" in err.problems[0].message


def test_unknown_key_is_refused_by_name() -> None:
    err = refused(dict(RECORD, practiceCode="A81001"), OcRecord)
    assert [str(p) for p in err.problems] == [
        "$.practiceCode: unknown key (did you mean practice_code?)"
    ]


def test_missing_required_key_is_named() -> None:
    data = {k: v for k, v in RECORD.items() if k != "requester_role"}
    err = refused(data, OcRecord)
    assert [str(p) for p in err.problems] == ["$.requester_role: required key is missing"]


@pytest.mark.parametrize("text", ["yes", "true", "1"])
def test_a_string_is_never_taken_for_a_bool(text: str) -> None:
    err = refused(dict(RECORD, has_attachments=text), OcRecord)
    assert [str(p) for p in err.problems] == [
        "$.has_attachments: expected true or false, got string"
    ]


@pytest.mark.parametrize("number", [1, 0])
def test_a_number_is_never_taken_for_a_bool(number: int) -> None:
    assert locations(refused(dict(RECORD, has_attachments=number), OcRecord)) == [
        "$.has_attachments"
    ]


def test_a_string_is_never_taken_for_an_int() -> None:
    data = {
        "practice_code": "A81001",
        "date": "2026-11-16",
        "request_type": "clinical",
        "submissions": "12",
        "submissions_out_of_core_hours": True,
    }
    err = refused(data, OcAggregate)
    assert [str(p) for p in err.problems] == [
        "$.submissions: expected an integer, got string",
        "$.submissions_out_of_core_hours: expected an integer, got boolean",
    ]


def test_bad_enum_lists_the_allowed_values() -> None:
    err = refused(dict(RECORD, request_type="Clinical"), OcRecord)
    assert err.problems[0].message == (
        "'Clinical' is not one of 'clinical', 'administrative', 'other'"
    )


def test_cross_field_rule_is_located_in_the_nested_object() -> None:
    data = dict(REQUEST, requester={"role": "proxy", "proxy_name": "Alex", "relationship": None})
    data["attachments"] = []
    err = refused(data, ConsultationRequest)
    assert [str(p) for p in err.problems] == [
        "$.requester.proxy_name: a proxy must give proxy_name and relationship"
    ]


def test_nested_reporting_period_problem_has_its_full_path() -> None:
    data = {
        "supplier_id": "ACME-OC",
        "data_type": "oc_record",
        "period": {"start": "2026-11-17", "end": "2026-11-23"},
        "generated_at": "2026-11-24T07:00:00Z",
    }
    assert locations(refused(data, SubmissionHeader)) == ["$.period.start"]


def test_duplicate_set_items_are_accepted_and_written_once() -> None:
    # The schema says uniqueItems; the converter is lenient and the value is a set.
    data = {
        "tool_name": "Tool",
        "tool_version": "1.0",
        "request_categories": ["follow_up", "follow_up"],
        "channels": [],
        "photo_upload": False,
        "out_of_hours": "closed_with_next_opening",
        "urgent_use_safeguard": "If urgent, call 999 or NHS 111.",
        "symptom_checker_url": "https://111.nhs.uk/",
    }
    tool = structure(data, ToolCapabilities)
    assert unstructure(tool)["request_categories"] == ["follow_up"]


def test_json_syntax_error_names_line_and_column() -> None:
    err = refused_json(b'{\n  "record_id": "rec-0001",,\n}')
    assert len(err.problems) == 1
    assert err.problems[0].location == "line 2 column 27"
    assert err.problems[0].message.startswith("invalid JSON")


def refused_json(raw: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        from_json(raw, OcRecord, subject="records.json")
    assert "records.json" in str(caught.value)
    return caught.value


def test_json_of_the_wrong_shape_is_refused_at_the_root() -> None:
    assert [str(p) for p in refused_json(b"[1, 2]").problems] == [
        "$: expected an object, got array"
    ]


# --- Privacy: an NHS number in any field never reaches a message -------------------------------

NHS = "9434765919"


@pytest.mark.parametrize(
    ("cls", "data", "where"),
    [
        (OcRecord, dict(RECORD, practice_code=NHS), "$.practice_code"),
        (OcRecord, dict(RECORD, practice_code="943 476 5919"), "$.practice_code"),
        (OcRecord, dict(RECORD, request_type=NHS), "$.request_type"),
        (OcRecord, dict(RECORD, record_id=f"{NHS} x"), "$.record_id"),
        (
            PatientDetails,
            {
                "given_name": "A",
                "family_name": "B",
                "date_of_birth": "2000-01-01",
                "nhs_number": "9434765918",
            },
            "$.nhs_number",
        ),
        (
            SubmissionHeader,
            {
                "supplier_id": NHS + "x",
                "data_type": DataType.OC_RECORD.value,
                "period": {"start": "2026-11-16", "end": "2026-11-22"},
                "generated_at": "2026-11-23T07:00:00Z",
            },
            "$.supplier_id",
        ),
        (
            OcAggregate,
            {
                "practice_code": "A81001",
                "date": "2026-11-16",
                "request_type": "clinical",
                "submissions": -int(NHS),
                "submissions_out_of_core_hours": 0,
            },
            "$.submissions",
        ),
    ],
)
def test_a_misplaced_nhs_number_is_never_echoed(cls: type[Any], data: Any, where: str) -> None:
    err = refused(data, cls)
    assert locations(err) == [where]
    assert TEN_DIGITS.search(str(err)) is None
    assert "943 476" not in str(err)
