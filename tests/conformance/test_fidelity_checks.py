"""The fidelity corpus and the bodies generated from the schemas are valid, and compared raw.

Every value the "exactly as sent" checks send must be one the contract allows (a
check must never fail a tool for refusing what the contract forbids), every
minimal body must be valid, and the raw comparison must tell a typed NHS number
from its digits and a field left out from one given a value.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks import _fidelity as corpus
from gponline_sdk.conformance.contract import openapi_document
from gponline_sdk.models import ContactMethod

_DOC = openapi_document()


def _validator(name: str) -> jsonschema.Draft202012Validator:
    root = {"$ref": f"#/components/schemas/{name}", "components": _DOC["components"]}
    return jsonschema.Draft202012Validator(root)


_REQUEST = _validator("RequestSubmission")
_UPDATE = _validator("ContactDetailsSubmission")


def _body(*, nhs: str | None = "943 476 5919", born: str = "2024-02-29") -> dict[str, Any]:
    patient: dict[str, Any] = {"given_name": "Zoë", "family_name": "O'Brien", "date_of_birth": born}
    if nhs is not None:
        patient["nhs_number"] = nhs
    return {
        "practice_code": "A81001",
        "category": "clinical_request",
        "patient": patient,
        "requester": {"role": "patient"},
        "contact": {
            "email": "jo+gp@example.org",
            "phone": "+44 7700 900123",
            "address_lines": ["Flat 1", "Leeds"],
            "postcode": "LS1 4AP",
            "preferred": "text_message",
        },
        "description": "x",
        "attachments": [],
    }


def test_the_description_holds_every_piece_and_meets_the_schema_at_every_length() -> None:
    rng = random.Random(3)
    text = corpus.description(rng, "canary-abc")
    assert all(piece in text for _, piece in corpus.TEXT_PIECES)
    assert text[0] == " "
    assert text.endswith("  \n")
    for length in (40, 999, 10_000):
        long = corpus.description(rng, "canary-abc", length)
        assert len(long) == length
        _REQUEST.validate({**_body(), "description": long})


@pytest.mark.parametrize("length", [1, 2, 35, 36, 50, 99, 100])
def test_names_and_address_lines_have_the_length_asked(length: int) -> None:
    rng = random.Random(length)
    name = corpus.name_of_length(rng, "Qzkvbrh", length)
    assert len(name) == length
    assert name[-1].isalpha()
    line = corpus.long_line(rng, "Qzkvbrh", max(length, 2))
    assert len(line) == max(length, 2)
    body = _body()
    body["patient"]["given_name"] = body["patient"]["family_name"] = name
    body["contact"]["address_lines"] = [line]
    _REQUEST.validate(body)


def test_every_nhs_number_layout_is_one_the_schema_pattern_allows_and_all_are_sent() -> None:
    prop = _DOC["components"]["schemas"]["PatientDetails"]["properties"]["nhs_number"]
    pattern = next(b["pattern"] for b in prop["anyOf"] if "pattern" in b)
    layouts = corpus.nhs_layouts("9434765919")
    assert all(re.fullmatch(pattern, layout) for layout in layouts)
    assert len(set(layouts)) == pattern.count("|") + 1  # one per alternative


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
@settings(deadline=None, max_examples=50)
def test_birth_dates_are_real_past_dates_with_a_29_february(today: date) -> None:
    births = corpus.birth_dates(today)
    assert all(b < today for b in births)
    assert any((b.month, b.day) == (2, 29) for b in births)
    assert today - timedelta(days=1) in births


def test_every_contact_method_of_the_schema_is_sent() -> None:
    assert set(corpus.contact_methods()) == {m.value for m in ContactMethod}


@pytest.mark.parametrize(("schema", "validator"), [("RequestSubmission", _REQUEST)])
def test_minimal_bodies_keep_each_contact_alone_and_nothing_optional(
    schema: str, validator: jsonschema.Draft202012Validator
) -> None:
    bodies = dict(corpus.minimal_bodies(_body(), schema))
    assert set(bodies) == {
        "only contact.email",
        "only contact.phone",
        "only contact.address_lines",
    }
    for what, body in bodies.items():
        validator.validate(body)
        assert "nhs_number" not in body["patient"]
        assert list(body["contact"]) == [what.rsplit(".", 1)[1]]
        assert "attachments" not in body


def test_minimal_contact_details_updates_have_no_nhs_number_and_are_valid() -> None:
    full = {k: v for k, v in _body().items() if k in ("practice_code", "patient", "contact")}
    bodies = corpus.minimal_bodies(full, "ContactDetailsSubmission")
    assert len(bodies) == 3
    for _, body in bodies:
        _UPDATE.validate(body)
        assert "nhs_number" not in body["patient"]


def test_each_absence_leaves_one_optional_field_out_and_stays_valid() -> None:
    cases = corpus.absences(_body(), "RequestSubmission")
    assert {path for path, _ in cases} >= {"patient.nhs_number", "contact.preferred"}
    for _, body in cases:
        _REQUEST.validate(body)


def test_the_raw_comparison_tells_a_layout_a_default_and_a_merge() -> None:
    sent = _body()
    assert corpus.raw_differences(sent, sent, "RequestSubmission") == []
    # The same NHS number as its ten digits is the same number (the models keep digits);
    # another number is a difference.
    digits = _body(nhs="9434765919")
    assert corpus.raw_differences(digits, sent, "RequestSubmission") == []
    other = _body(nhs="999 000 0018")
    assert [d[0] for d in corpus.raw_differences(other, sent, "RequestSubmission")] == [
        "patient.nhs_number"
    ]
    # Left out reads as null (or an empty list); a value where nothing was sent differs.
    only_phone = {**sent, "contact": {"phone": "+44 7700 900123"}}
    nulls = {**sent, "contact": {"phone": "+44 7700 900123", "email": None, "address_lines": []}}
    assert corpus.raw_differences(nulls, only_phone, "RequestSubmission") == []
    merged = {**sent, "contact": {**sent["contact"], "phone": "+44 7700 900123"}}
    found = {d[0] for d in corpus.raw_differences(merged, only_phone, "RequestSubmission")}
    assert found == {
        "contact.email",
        "contact.address_lines",
        "contact.postcode",
        "contact.preferred",
    }
    assert corpus.raw_differences(other, sent, "RequestSubmission", ignore=("patient",)) == []


@given(st.lists(st.sampled_from([t for _, t in corpus.TEXT_PIECES]), min_size=1, max_size=8))
@settings(deadline=None, max_examples=50)
def test_any_mix_of_the_corpus_is_valid_and_equal_to_itself(pieces: list[str]) -> None:
    body = {**_body(), "description": "".join(pieces)}
    _REQUEST.validate(body)
    assert corpus.raw_differences(body, body, "RequestSubmission") == []
    tabs = {**body, "description": body["description"].expandtabs(4)}
    assert (corpus.raw_differences(tabs, body, "RequestSubmission") == []) == (
        "\t" not in body["description"]
    )
