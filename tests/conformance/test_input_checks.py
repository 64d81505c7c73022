"""Input validation on every write operation: the cases come from the contract, the verdicts hold.

The invalid bodies are checked against the contract with an independent JSON
Schema validator (every case is forbidden, every valid body allowed), so the
suite enforces nothing the contract does not state. The verdicts are checked
in process against the reference tool, clean, in each input fault mode and
behind wrappers that stand for other ways of reporting errors.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import random
import re
from collections.abc import Iterator
from typing import Any

import attrs
import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks import _invalid_bodies, robustness
from gponline_sdk.conformance.checks._invalid_bodies import (
    NULLED,
    Case,
    body_cases,
    sample,
    write_operations,
)
from gponline_sdk.conformance.checks._schema_rules import matches
from gponline_sdk.conformance.checks._support import Canaries
from gponline_sdk.conformance.checks._write_ops import valid_body
from gponline_sdk.conformance.checks.robustness import names_field
from gponline_sdk.conformance.contract import VideoSessionRequest, openapi_document
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.results import RunResult
from gponline_sdk.conformance.runner import DEFAULT_SEED, run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.errors import ValidationError
from gponline_sdk.models import MessageDirection
from gponline_sdk.reference.tool import ReferenceTool
from gponline_sdk.serde import from_json

_INPUT_CHECKS = [c for c in CHECKS.values() if c.id.startswith("robustness.")]
_FAILING = (Status.FAIL, Status.WARN, Status.ERROR)


@attrs.define
class _Ctx:
    """Just enough of a check context to make canaries."""

    target: Any
    seed: int = 7

    def sensitive(self, *values: str) -> None:
        """Nothing to mask here."""


def _valid_bodies() -> Iterator[tuple[Any, dict[str, Any]]]:
    ctx = _Ctx(target=InProcessTarget(ReferenceTool()))
    canaries = Canaries(ctx, "test")  # type: ignore[arg-type]
    for op in write_operations():
        for direction in MessageDirection:
            yield op, valid_body(ctx, op, canaries, direction)  # type: ignore[arg-type]
            if op.path != "/messages":
                break


def _contract_format(fmt: str) -> Any:
    """The contract's conventions for `format`, written from its words (not the suite's code)."""

    def check(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if fmt == "nhs-number":
            digits = [int(c) for c in value if c in "0123456789"]
            weighted = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False))
            check_digit = (11 - weighted % 11) % 11
            return len(digits) == 10 and check_digit != 10 and digits[9] == check_digit
        try:
            if fmt == "date":
                dt.date.fromisoformat(value)
            else:
                dt.datetime.fromisoformat(value)
        except ValueError:
            return False
        return True

    return check


def _validator(schema_name: str) -> jsonschema.Draft202012Validator:
    """JSON Schema 2020-12 with the contract's conventions: formats asserted, 15.0 no integer."""
    document = openapi_document()
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    formats = jsonschema.FormatChecker(formats=())
    for fmt in ("nhs-number", "date", "date-time"):
        formats.checks(fmt, raises=())(_contract_format(fmt))
    # "Integers are written without a fraction (15, not 15.0)": a float is no integer.
    types = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, v: isinstance(v, int) and not isinstance(v, bool)
    )
    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=types)
    return cls(root, format_checker=formats)  # type: ignore[no-any-return]


def test_every_write_operation_of_the_contract_is_covered() -> None:
    labels = {op.label for op in write_operations()}
    assert labels == {
        "PUT /test/clock",
        "POST /requests",
        "POST /practice/requests/{reference}/outcome",
        "POST /video/sessions",
        "POST /video/sessions/{reference}/join",
        "POST /messages",
        "POST /contact-details",
    }
    must = {c.id for c in _INPUT_CHECKS if c.id.startswith("robustness.invalid-input.")}
    # One per patient or practice route (messages: each way), the outcome route since
    # round 7; the test clock's is the suite's own (not a requirement).
    assert must == {
        "robustness.invalid-input.requests",
        "robustness.invalid-input.outcomes",
        "robustness.invalid-input.video-schedule",
        "robustness.invalid-input.video-join",
        "robustness.invalid-input.messages-in",
        "robustness.invalid-input.messages-out",
        "robustness.invalid-input.contact-details",
    }


@pytest.mark.parametrize(("op", "valid"), list(_valid_bodies()), ids=lambda x: str(x)[:40])
def test_each_case_is_forbidden_by_the_contract_and_the_valid_body_allowed(
    op: Any, valid: dict[str, Any]
) -> None:
    validator = _validator(op.schema_name)
    components = openapi_document()["components"]["schemas"]
    schema = components[op.schema_name]
    assert list(validator.iter_errors(valid)) == []
    assert matches(schema, valid, components)
    cases = body_cases(op, valid)
    assert len(cases) <= robustness.BUDGET  # no sampling needed today: every case is sent
    for case in cases:
        if case.kind in ("not JSON", "not UTF-8"):
            with pytest.raises(orjson.JSONDecodeError):
                orjson.loads(case.body)
            continue
        body = orjson.loads(case.body)
        assert list(validator.iter_errors(body)), f"{op.label}: {case.describe()} is allowed"
        assert not matches(schema, body, components)  # the suite's own validator agrees


def test_cases_break_each_kind_of_constraint_the_video_schema_states() -> None:
    op = next(o for o in write_operations() if o.path == "/video/sessions")
    valid = dict(next(v for o, v in _valid_bodies() if o == op))
    kinds = {(c.field, c.kind) for c in body_cases(op, valid)}
    assert ("$.practice_code", "breaks pattern") in kinds
    assert ("$.scheduled_start", "naive date-time") in kinds
    assert ("$.duration_minutes", "wrong type") in kinds
    assert ("$.zz_not_in_contract", "unknown field") in kinds
    assert {f for f, k in kinds if k == "missing"} == {
        "$.practice_code",
        "$.scheduled_start",
        "$.duration_minutes",
    }
    naive = next(c for c in body_cases(op, valid) if c.kind == "naive date-time")
    assert naive.sent == valid["scheduled_start"].removesuffix("Z")


def test_rules_across_fields_are_broken_too() -> None:
    """At least one way to reach the patient; a proxy's name and relationship."""
    op = next(o for o in write_operations() if o.path == "/requests")
    valid = next(v for o, v in _valid_bodies() if o == op)
    across: dict[str, list[Any]] = {}
    for c in body_cases(op, valid):
        if c.kind.startswith("breaks a rule"):
            across.setdefault(c.field, []).append(c.sent)
    # `$`: the follows_up rule sits on the request itself (contract 1.2.0).
    assert set(across) == {"$", "$.contact", "$.requester"}
    assert not {"email", "phone", "address_lines"} & set(across["$.contact"][0])
    # Each field of a proxy's pair left out on its own, then both; a patient naming a proxy.
    shapes = {
        tuple(sorted(k for k, v in sent.items() if v is not None)) for sent in across["$.requester"]
    }
    assert {
        ("proxy_name", "role"),
        ("relationship", "role"),
        ("role",),
    } <= shapes
    patients = [s for s in across["$.requester"] if s["role"] == "patient"]
    assert {k for s in patients for k, v in s.items() if v is not None} == {
        "role",
        "proxy_name",
        "relationship",
    }


@pytest.mark.parametrize(
    ("path", "field", "kind", "sent"),
    [
        ("/requests", "$.patient.nhs_number", "wrong check digit", None),
        ("/contact-details", "$.patient.nhs_number", "wrong check digit", None),
        ("/requests", "$.patient.date_of_birth", "impossible date", None),
        ("/video/sessions", "$.scheduled_start", "impossible date", None),
        ("/test/clock", "$.now", "impossible date", None),
        ("/video/sessions", "$.duration_minutes", "integer with fraction", "15.0"),
        ("/video/sessions", "$.duration_minutes", "integer with fraction", "15e0"),
        ("/test/clock", "$.frozen", "boolean spelled otherwise", 1),
        ("/test/clock", "$.frozen", "boolean spelled otherwise", "true"),
    ],
)
def test_values_of_the_right_shape_the_contract_still_refuses(
    path: str, field: str, kind: str, sent: Any
) -> None:
    """A wrong check digit, 30 February, 15.0 for an integer, 1 or "true" for a boolean."""
    op, valid = next((o, v) for o, v in _valid_bodies() if o.path == path)
    found = [c for c in body_cases(op, valid) if (c.field, c.kind) == (field, kind)]
    assert found, f"no {kind} case for {field}"
    for case in found:
        assert len(case.shown()) < 60  # says what was sent, briefly
        if kind == "wrong check digit":
            assert len(case.sent) == len(case.origin)
            assert case.sent[:-1] == case.origin[:-1]
        if kind == "impossible date":
            assert case.sent[4:10] == "-02-30"
            assert len(case.sent) == len(case.origin)
    if sent is not None:
        shown = {
            c.shown() if isinstance(sent, str) and kind.startswith("integer") else c.sent
            for c in found
        }
        assert sent in shown
    raw = found[0].body
    assert list(_validator(op.schema_name).iter_errors(orjson.loads(raw)))


def test_the_validators_conventions_are_the_contracts_and_the_sdk_parser_agrees() -> None:
    """The contract states the rules `_validator` adds; the SDK's parser refuses 15.0 too."""
    words = " ".join(openapi_document()["info"]["description"].split())
    assert "`format` asserted" in words
    assert "modulus 11 check digit" in words
    assert "Integers are written without a fraction (15, not 15.0)" in words
    plain = jsonschema.Draft202012Validator({"type": "integer"})
    assert plain.is_valid(15.0)  # JSON Schema alone would allow it: the convention decides
    body = b'{"practice_code":"A81001","scheduled_start":"2026-12-02T15:00:00Z"'
    for number in (b"15.0", b"15e0", b"1.5e1"):
        with pytest.raises(ValidationError):
            from_json(body + b',"duration_minutes":' + number + b"}", VideoSessionRequest)
    assert from_json(body + b',"duration_minutes":15}', VideoSessionRequest).duration_minutes == 15


def test_cases_follow_the_contract_not_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Add a maximum and drop a pattern in the contract: the cases change with it."""
    document = openapi_document()
    schema = document["components"]["schemas"]["VideoSessionRequest"]["properties"]
    schema["duration_minutes"]["maximum"] = 240
    del schema["practice_code"]["pattern"]
    monkeypatch.setattr(_invalid_bodies, "openapi_document", lambda: copy.deepcopy(document))
    op = next(o for o in write_operations() if o.path == "/video/sessions")
    valid = {"practice_code": "A81001", "scheduled_start": "2026-12-02T15:00:00Z"}
    cases = body_cases(op, {**valid, "duration_minutes": 15})
    above = [c for c in cases if c.kind == "above maximum"]
    assert [(c.field, c.sent) for c in above] == [("$.duration_minutes", 241)]
    assert not [c for c in cases if c.field == "$.practice_code" and c.kind == "breaks pattern"]


def _case(field: str, kind: str = "wrong type") -> Case:
    segments = tuple(field.removeprefix("$.").replace("[", ".").replace("]", "").split("."))
    return Case(field=field, segments=segments, kind=kind, expected="x", body=b"{}")


@pytest.mark.parametrize(
    ("location", "message", "named"),
    [
        ("$.contact.postcode", "bad", True),
        ("/contact/postcode", "bad", True),  # JSON Pointer
        ("body.contact.postcode", "bad", True),  # a framework's "body" prefix
        ("body -> contact -> postcode", "bad", True),
        ("$.contact.postcode.extra", "bad", True),  # inside the field
        ("$.contact", "postcode must match", False),  # the parent, for a wrong value
        ("$.contact.email", "bad", False),
        ("postcode", "bad", False),
    ],
)
def test_a_problem_names_the_field_by_its_path(location: str, message: str, named: bool) -> None:
    assert names_field(_case("$.contact.postcode"), location, message) is named


def test_a_missing_or_unknown_field_may_be_named_at_its_parent() -> None:
    missing = _case("$.patient.given_name", "missing")
    assert names_field(missing, "/patient", "must have required property 'given_name'")
    assert not names_field(missing, "/patient", "must have required property 'family_name'")
    unknown = _case("$.zz_not_in_contract", "unknown field")
    assert names_field(unknown, "", "must NOT have additional property zz_not_in_contract")


@functools.cache
def _request_cases() -> list[Case]:
    op = next(o for o in write_operations() if o.path == "/requests")
    return body_cases(op, next(v for o, v in _valid_bodies() if o == op))


@settings(deadline=None, max_examples=60)
@given(budget=st.integers(min_value=0, max_value=80), seed=st.integers(0, 2**32))
def test_sampling_is_bounded_keeps_whole_body_cases_and_spreads_over_fields(
    budget: int, seed: int
) -> None:
    cases = _request_cases()
    # Whole-body cases and (2.13.0) nulls for fields that are not nullable: always sent.
    whole = [c for c in cases if not c.segments or c.kind == NULLED]
    chosen = sample(cases, budget, random.Random(seed))
    assert len(chosen) == max(min(budget, len(cases)), len(whole))
    assert all(c in chosen for c in whole)
    fields = {c.field for c in cases if c.segments}
    if budget >= len(whole) + len(fields):
        assert {c.field for c in chosen if c.segments} == fields
    assert chosen == sample(cases, budget, random.Random(seed))


def _run(tool: Any, seed: int = DEFAULT_SEED) -> RunResult:
    return run_checks(
        _INPUT_CHECKS,
        target=InProcessTarget(tool),
        catalogue=load_catalogue(),
        target_description="in process",
        seed=seed,
    )


def _failing(result: RunResult) -> list[str]:
    return sorted(r.check_id for r in result.results if r.status in _FAILING)


def test_the_clean_tool_passes_within_the_stated_budget() -> None:
    result = _run(ReferenceTool())
    assert _failing(result) == []
    for r in result.results:
        if r.check_id.startswith("robustness.valid-input."):
            # The edge bodies state their own budget: "(budget N)" per operation.
            stated = [int(m) for n in r.notes for m in re.findall(r"\(budget (\d+)\)", n)]
            assert stated, f"{r.check_id} states no budget"
            assert r.requests <= sum(stated)
            continue
        whole = [int(m) for n in r.notes for m in re.findall(r"^request budget: (\d+)", n)]
        if whole:  # a check with one budget, not one per operation
            assert r.requests <= whole[0], f"{r.check_id}: {r.requests} requests"
            continue
        budget = [n for n in r.notes if f"budget {robustness.BUDGET} per operation" in n]
        assert budget, f"{r.check_id} states no budget"
        # Canaries, the clock and (to join) a session: at most 4 more per operation.
        assert r.requests <= len(budget) * (robustness.BUDGET + 4)


_EXPECTED = {
    "requests-accept-unknown-fields": ["robustness.invalid-input.requests"],
    "video-accepts-bad-practice-code": ["robustness.invalid-input.video-schedule"],
    "video-accepts-naive-datetime": ["robustness.invalid-input.video-schedule"],
    "video-join-accepts-any-participant": ["robustness.invalid-input.video-join"],
    "messages-accept-empty-body": [
        "robustness.invalid-input.messages-in",
        "robustness.invalid-input.messages-out",
    ],
    "contact-accepts-bad-postcode": ["robustness.invalid-input.contact-details"],
    "requests-accept-no-contact": ["robustness.invalid-input.requests"],
    "error-without-field": ["robustness.malformed-input"],
    "accepts-bad-nhs-check-digit": [
        "robustness.invalid-input.contact-details",
        "robustness.invalid-input.requests",
    ],
    "accepts-impossible-dates": [
        "robustness.invalid-input.contact-details",
        "robustness.invalid-input.requests",
        "robustness.invalid-input.video-schedule",
    ],
    "accepts-proxy-without-relationship": ["robustness.invalid-input.requests"],
    "accepts-float-integers": ["robustness.invalid-input.video-schedule"],
    "accepts-loose-booleans": ["robustness.malformed-input"],
    # In process a body has no label: the labelled bodies reach the tool as bodies that are
    # not JSON, answered 500 too.
    "500-on-malformed": ["robustness.body-read-to-end", "robustness.malformed-input"],
    "outcome-kind-read-loosely": ["robustness.invalid-input.outcomes"],
}


@pytest.mark.parametrize("seed", [DEFAULT_SEED, 99])  # other canaries, same verdict
@pytest.mark.parametrize("fault", list(_EXPECTED))
def test_each_input_fault_fails_only_its_check_naming_operation_and_field(
    fault: str, seed: int
) -> None:
    result = _run(ReferenceTool(fault), seed)
    assert _failing(result) == _EXPECTED[fault]
    for r in result.results:
        if r.status in _FAILING:
            assert " /" in r.message  # the operation
            if r.check_id == "robustness.body-read-to-end":  # a label, not a field, is wrong
                assert "expected" in r.message
                continue
            assert "$" in r.message  # the field, as a JSON path
            assert "expected" in r.message
            assert "sent" in r.message


def test_an_accepted_body_is_a_must_failure_that_says_what_was_sent() -> None:
    result = _run(ReferenceTool("video-accepts-naive-datetime"))
    (failed,) = [r for r in result.results if r.status is Status.FAIL]
    assert failed.requirements == ("VC-SCHED-01",)
    # The naive date-time, and the date alone (a naive midnight to this reader).
    assert "POST /video/sessions accepted 2 of" in failed.message
    assert "$.scheduled_start naive date-time" in failed.message
    assert "sent '2026-12-02T15:00:00'" in failed.message


def test_a_canary_derived_value_is_masked_in_the_failure_message() -> None:
    result = _run(ReferenceTool("contact-accepts-bad-postcode"))
    (failed,) = [r for r in result.results if r.status is Status.FAIL]
    assert "$.contact.postcode breaks pattern" in failed.message
    assert "ls1 4ap" not in failed.message.lower()


class _PointerErrors:
    """A tool that reports problems as JSON Pointers (``#/contact/postcode``), missing fields
    at their parent with the name in the message, as JSON Schema validators do."""

    def __init__(self) -> None:
        self.tool = ReferenceTool()

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        status, data = self.tool.handle(method, target, body)
        if status != 400:
            return status, data
        error = orjson.loads(data)
        for problem in error.get("problems", []):
            path = problem["location"].removeprefix("$").replace("[", ".").replace("]", "")
            parts = [p for p in path.split(".") if p]
            if problem["message"] == "required key is missing":
                problem["message"] = f"must have required property '{parts.pop()}'"
            problem["location"] = "#" + "".join(f"/{p}" for p in parts)  # URI fragment form
        return status, orjson.dumps(error)


class _CrashesOnPostcode:
    """A tool that answers 500 when the postcode is not a string."""

    def __init__(self) -> None:
        self.tool = ReferenceTool()

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        if target == "/contact-details" and body and b'"postcode":{' in body:
            return 500, b'{"message": "Internal Server Error"}'
        return self.tool.handle(method, target, body)


def test_errors_in_another_path_style_still_name_the_field() -> None:
    assert _failing(_run(_PointerErrors())) == []


def test_a_crash_on_one_field_is_a_should_failure_naming_operation_and_field() -> None:
    result = _run(_CrashesOnPostcode())
    (failed,) = [r for r in result.results if r.status in _FAILING]
    assert failed.check_id == "robustness.malformed-input"
    assert failed.status is Status.WARN  # ROB-4XX-01 is a SHOULD
    assert "POST /contact-details $.contact.postcode wrong type" in failed.message
    assert "HTTP 500, a server error" in failed.message
