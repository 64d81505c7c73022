"""The tool contract's OpenAPI document is generated from the models and committed as is."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from gponline_sdk.conformance import contract
from gponline_sdk.conformance.contract import (
    ErrorBody,
    ErrorProblem,
    RequestSubmission,
    contract_models,
    openapi_document,
    write_openapi,
)
from gponline_sdk.models import (
    ContactDetails,
    PatientDetails,
    RequestCategory,
    Requester,
    RequesterRole,
)
from gponline_sdk.serde import unstructure

COMMITTED = Path(__file__).parents[2] / "conformance" / "tool-contract.openapi.json"


def test_committed_openapi_document_matches_the_models() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == openapi_document(), (
        "conformance/tool-contract.openapi.json has drifted from the models; regenerate it "
        "with: python -c 'from gponline_sdk.conformance.contract import write_openapi; "
        "write_openapi()'"
    )


def test_document_description_is_the_contract_docstring_summary() -> None:
    # The builder lives in contract.openapi; the summary a reader sees is contract's docstring.
    summary = (contract.__doc__ or "").split("\n\n")[0]
    assert summary.startswith("The tool contract:")
    description = openapi_document()["info"]["description"]
    assert description.split("\n\n")[0] == summary
    # Then the conventions every operation shares: formats, defaults, core hours, status codes.
    for words in ("format", "Europe/London", "Core hours", "Never 5xx", "[NHSE]", "[SDK]"):
        assert words in description


def test_write_openapi_is_byte_stable(tmp_path: Path) -> None:
    out = write_openapi(tmp_path / "contract.json")
    assert out.read_bytes() == COMMITTED.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["contract.json"]  # no temp file left


def test_every_reference_resolves_and_every_model_is_a_component() -> None:
    doc = openapi_document()
    schemas = doc["components"]["schemas"]
    assert set(contract_models()) <= set(schemas)
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    assert refs
    prefix = "#/components/schemas/"
    assert all(r.startswith(prefix) and r[len(prefix) :] in schemas for r in refs)


def test_every_operation_documents_its_error_body() -> None:
    for path, item in openapi_document()["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            assert any(c.startswith("2") for c in codes), f"{method} {path}"
            if "requestBody" in op:
                assert {"400", "413"} <= codes, f"{method} {path} lacks its 4xx answers"


def _validator(name: str) -> jsonschema.protocols.Validator:
    doc = openapi_document()
    resource = Resource.from_contents(doc, default_specification=DRAFT202012)
    registry: Registry = Registry().with_resource("urn:contract", resource)
    return jsonschema.Draft202012Validator(
        {"$ref": f"urn:contract#/components/schemas/{name}"}, registry=registry
    )


def _submission() -> RequestSubmission:
    return RequestSubmission(
        practice_code="A81001",
        category=RequestCategory.FOLLOW_UP,
        patient=PatientDetails(
            given_name="Ada", family_name="Canary", date_of_birth=date(1970, 5, 1)
        ),
        requester=Requester(role=RequesterRole.PROXY, proxy_name="Bo Canary", relationship="son"),
        contact=ContactDetails(phone="07700 900123"),
        description="Follow-up on last week's request.",
        follows_up="OC-1",
    )


def test_schemas_accept_what_the_converter_writes() -> None:
    submission = unstructure(_submission())
    _validator("RequestSubmission").validate(submission)
    error = unstructure(
        ErrorBody(message="bad", problems=(ErrorProblem(location="$.x", message="y"),))
    )
    _validator("ErrorBody").validate(error)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"surprise": 1}, "unknown key"),
        ({"category": "chat"}, "unknown category"),
        ({"practice_code": "X1"}, "not an ODS code"),
    ],
)
def test_schemas_refuse_what_the_converter_refuses(change: dict[str, object], why: str) -> None:
    data = {**unstructure(_submission()), **change}
    with pytest.raises(jsonschema.ValidationError):
        _validator("RequestSubmission").validate(data)


def test_datetimes_in_the_schema_must_carry_an_offset() -> None:
    clock = {"now": datetime(2026, 11, 24, 10, tzinfo=timezone.utc).isoformat()}
    _validator("TestClock").validate(clock)
    with pytest.raises(jsonschema.ValidationError):
        _validator("TestClock").validate({"now": "2026-11-24T10:00:00"})
