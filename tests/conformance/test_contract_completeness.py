"""The contract says everything the suite's parser enforces, and the parser takes all it allows.

For every body of `conformance/tool-contract.openapi.json` (requests and responses):

- instances drawn from the body's JSON Schema alone are accepted by the SDK's parser
  (`from_json` into the contract model), once the few rules JSON Schema cannot state are
  met; undrawn, they are refused only for those rules, each of which the field's
  description states ("Must be ...");
- an instance broken in one place the schema forbids (a missing or unknown key, a wrong
  type, null, a value out of an enum, range, length, pattern or format) is refused by
  both;
- every validator and cross-field rule of every model carries its schema keywords.

Instances come from `_contract_instances`, which reads only the keywords the schema
generator emits (the first test fails if a new one appears that it would silently
ignore) and spreads its choices evenly (the second test looks at what it draws). Last,
a whole run of the suite against the reference tool: every answer is valid against the
contract's schema for its operation and status.
"""

from __future__ import annotations

import copy
import inspect
import re
import typing
from collections import Counter
from datetime import datetime
from typing import Any

import attrs
import jsonschema
import orjson
import pytest
from _contract_instances import KEYWORDS, NULL, REPAIRS, SCHEMAS, bodies, non_null
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.contract import contract_models, openapi_document
from gponline_sdk.conformance.core import CHECKS
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.errors import ValidationError
from gponline_sdk.models import RequestCategory
from gponline_sdk.models import _validators as v
from gponline_sdk.models.consultation import REQUEST_TYPE_RULE
from gponline_sdk.models.identifiers import (
    NhsNumber,
    OdsCode,
    SupplierId,
    is_valid_nhs_number,
)
from gponline_sdk.reference.tool import ReferenceTool
from gponline_sdk.serde import from_json
from gponline_sdk.serde.schema import field_descriptions, json_schema, schema_models, validators_of
from gponline_sdk.serde.wire_names import wire_name

DOC = openapi_document()
MODELS = contract_models()
SETTINGS = settings(
    max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
_DESCRIBED = {
    wire_name(cls, name)
    for cls in (*schema_models().values(), *MODELS.values())
    for name in getattr(cls, v.RULES_ATTRIBUTE, v.SchemaRules()).described
}

# --- the contract's schemas, with `format` asserted as its conventions say ----------------

FORMATS = jsonschema.FormatChecker(formats=["date"])


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if isinstance(value, str):
        datetime.fromisoformat(value.replace("Z", "+00:00"))  # ValueError: not a real instant
    return True


@FORMATS.checks("nhs-number", raises=())
def _nhs_number(value: object) -> bool:
    return not isinstance(value, str) or is_valid_nhs_number(value)


def validator(name: str) -> jsonschema.protocols.Validator:
    resource = Resource.from_contents(DOC, default_specification=DRAFT202012)
    return jsonschema.Draft202012Validator(
        {"$ref": f"urn:contract#/components/schemas/{name}"},
        registry=Registry().with_resource("urn:contract", resource),
        format_checker=FORMATS,
    )


VALIDATORS = {name: validator(name) for name in MODELS}


def parses(name: str, instance: Any) -> ValidationError | None:
    """None when the SDK's parser accepts `instance` as the body `name`, else its error."""
    try:
        from_json(orjson.dumps(instance), MODELS[name])
    except ValidationError as exc:
        return exc
    return None


# --- the tests ---------------------------------------------------------------------------------


def test_the_generator_reads_every_keyword_the_contract_uses() -> None:
    used: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                used.add(key)
                if key == "properties":
                    for prop in value.values():
                        walk(prop)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(SCHEMAS)
    assert used - set(SCHEMAS) <= KEYWORDS, "a keyword the generator above does not read"
    assert set(REPAIRS) == {
        cls.__name__
        for cls in _every_model()
        if cls.__name__ in SCHEMAS and getattr(cls, v.RULES_ATTRIBUTE, v.SchemaRules()).described
    }, "a model states a rule in words that this test does not meet"


@pytest.mark.parametrize("name", sorted(MODELS))
@SETTINGS
@given(data=st.data())
def test_what_the_schema_accepts_the_parser_accepts(name: str, data: st.DataObject) -> None:
    instance = data.draw(bodies(name, repair=True), label="instance")
    errors = [e.message[:200] for e in VALIDATORS[name].iter_errors(instance)]
    assert errors == [], "the generator drew an instance its schema refuses"
    refused = parses(name, instance)
    assert refused is None, f"the parser refuses a schema-valid {name}: {refused}"


@pytest.mark.parametrize("name", sorted(MODELS))
@SETTINGS
@given(data=st.data())
def test_the_parser_refuses_only_for_stated_rules(name: str, data: st.DataObject) -> None:
    instance = data.draw(bodies(name, repair=False), label="instance")
    refused = parses(name, instance)
    if refused is not None:
        fields = {p.location.rsplit(".", 1)[-1] for p in refused.problems}
        assert fields <= _DESCRIBED, f"refused for a rule the schema does not state: {refused}"


def _bad_values(prop: dict[str, Any]) -> list[Any]:
    """Values that break `prop` in exactly one keyword each."""
    out: list[Any] = [] if NULL in prop.get("anyOf", []) else [None]
    schema = non_null(prop)
    kind = schema.get("type", "object")
    out.append({"string": 42, "integer": "1", "boolean": "true", "array": {}}.get(kind, []))
    if "enum" in schema:
        out.append("not-one-of-them")
    if kind == "integer":
        out.append(1.5)
        out += [schema["minimum"] - 1] if "minimum" in schema else []
        out += [schema["maximum"] + 1] if "maximum" in schema else []
    if kind == "string":
        out += ["a" * (schema["maxLength"] + 1)] if "maxLength" in schema else []
        out += [""] if schema.get("minLength", 0) > 0 else []
        if "pattern" in schema:
            out.append(
                next(s for s in ("", "!", "A\n", "x" * 99) if not re.search(schema["pattern"], s))
            )
        out += {
            "date-time": ["2026-02-30T10:00:00Z", "2026-11-24T10:00:00"],
            "date": ["2026-02-30"],
            "nhs-number": ["9434765918"],
        }.get(schema.get("format", ""), [])
    if kind == "array" and schema.get("minItems"):
        out.append([])
    return out


def _sites(value: Any, schema: dict[str, Any], path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """(path, action, bad value) for every single-place break of `value`."""
    schema = non_null(schema)
    out: list[tuple[Any, ...]] = []
    if isinstance(value, dict) and "properties" in schema:
        out.append((path, "add", None))
        out += [((*path, k), "delete", None) for k in schema["required"] if k in value]
        for key, item in value.items():
            prop = schema["properties"][key]
            out += [((*path, key), "set", bad) for bad in _bad_values(prop)]
            out += _sites(item, prop, (*path, key))
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            out += _sites(item, schema["items"], (*path, i))
    return out


def _broken(instance: Any, site: tuple[Any, ...]) -> Any:
    path, action, bad = site
    out = copy.deepcopy(instance)
    node = out
    for step in path[:-1] if action != "add" else path:
        node = node[step]
    if action == "add":
        node["surprise"] = True
    elif action == "delete":
        del node[path[-1]]
    else:
        node[path[-1]] = bad
    return out


@pytest.mark.parametrize("name", sorted(MODELS))
@SETTINGS
@given(data=st.data())
def test_what_the_schema_refuses_the_parser_refuses(name: str, data: st.DataObject) -> None:
    instance = data.draw(bodies(name, repair=True), label="instance")
    site = data.draw(st.sampled_from(_sites(instance, SCHEMAS[name], ())), label="break")
    broken = _broken(instance, site)
    assert not VALIDATORS[name].is_valid(broken), f"not a break of the schema: {site[:2]}"
    assert parses(name, broken) is not None, f"the parser accepts {site[:2]}, which breaks it"


@pytest.mark.usefixtures("no_local_constants")
def test_what_is_drawn_covers_every_choice_evenly() -> None:
    """Look at what is drawn: lengths over the whole range, every branch, optional fields."""
    # The local modules' constants are left out: with them, under xdist the draw followed the
    # worker's earlier test files (one order gave 51 in the top eighth, alone 38).
    drawn: list[Any] = []

    # Derandomized: a fixed draw, so this look at the distribution never flakes.
    @settings(max_examples=200, deadline=None, database=None, derandomize=True)
    @given(body=bodies("ConsultationRequest", repair=True))
    def draw(body: Any) -> None:
        drawn.append(body)

    draw()
    eighths = Counter(min(7, len(b["description"]) * 8 // 10_000) for b in drawn)
    assert len(eighths) == 8, f"description lengths: {eighths}"
    # Even would be 25 an eighth; bunching at a bound would put most in one.
    assert max(eighths.values()) < 50, f"description lengths: {eighths}"
    seen: Counter[str] = Counter()
    for b in drawn:
        seen["follow_up" if b["category"] == "follow_up" else "other category"] += 1
        seen[b["requester"]["role"]] += 1
        seen["nhs_number" if b["patient"].get("nhs_number") else "no nhs_number"] += 1
        seen["attachments" if b.get("attachments") else "no attachments"] += 1
    assert min(seen.values()) >= 20, f"a choice is (nearly) never drawn: {seen}"


# --- every rule of every model has its keywords ------------------------------------------------

_CONVERTERS = {OdsCode, NhsNumber, SupplierId}


def _every_model() -> list[type[Any]]:
    """Every model with a schema, and every model nested in one."""
    seen: dict[str, type[Any]] = {**schema_models(), **MODELS}
    todo = list(seen.values())
    while todo:
        for hint in typing.get_type_hints(todo.pop()).values():
            for kind in (hint, *typing.get_args(hint)):
                if attrs.has(kind) and kind.__name__ not in seen:
                    seen[kind.__name__] = kind
                    todo.append(kind)
    return sorted(seen.values(), key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", _every_model(), ids=lambda c: c.__name__)
def test_every_validator_and_rule_states_its_keywords(cls: type[Any]) -> None:
    for field in attrs.fields(cls):
        for check in validators_of(field):
            assert getattr(check, v.SCHEMA_ATTRIBUTE, None) is not None, (
                f"{cls.__name__}.{field.name}: a validator without JSON Schema keywords"
            )
        conv = field.converter
        if conv is not None and conv not in _CONVERTERS:
            # attrs.converters.optional(X): X, allowing None (the type says `X | None`).
            inner = inspect.getclosurevars(conv).nonlocals.get("converter")
            assert inner in _CONVERTERS, f"{cls.__name__}.{field.name}: an unknown converter"
    if "__attrs_post_init__" in vars(cls):
        assert hasattr(cls, v.RULES_ATTRIBUTE), f"{cls.__name__}: cross-field rules unstated"
    rules = getattr(cls, v.RULES_ATTRIBUTE, v.SchemaRules())
    schema = json_schema(cls)
    names = {f.name for f in attrs.fields(cls)}
    assert set(rules.keywords) | set(rules.described) <= names
    for name, words in rules.described.items():
        assert f"Must be {words}." in schema["properties"][wire_name(cls, name)]["description"]
    for name, keywords in rules.keywords.items():
        text = orjson.dumps(schema["properties"][wire_name(cls, name)]).decode()
        assert all(f'"{k}":' in text for k in keywords)
    assert set(field_descriptions(cls)) <= names, f"{cls.__name__}: Attributes name no field"


def test_the_contract_states_the_category_to_request_type_table() -> None:
    # Written out in OcRecord's docstring; this keeps it equal to the mapping the code uses.
    record = SCHEMAS["OcRecord"]["properties"]["request_type"]["description"]
    assert REQUEST_TYPE_RULE in record
    for category in RequestCategory:
        assert f"{category.value}" in record


# --- a whole run of the suite: every answer of the clean reference tool is in the contract -----


class _Recording:
    """The reference tool, keeping every request and answer of the run."""

    def __init__(self) -> None:
        self.tool = ReferenceTool()
        self.calls: list[tuple[str, str, bytes | None, int, bytes]] = []

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        status, answer = self.tool.handle(method, target, body)
        self.calls.append((method, target, body, status, answer))
        return status, answer


def _operation(method: str, target: str) -> dict[str, Any]:
    path = target.split("?", 1)[0]
    for template, item in DOC["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return item[method.lower()]  # type: ignore[no-any-return]
    raise AssertionError(f"{method} {path} is no operation of the contract")


def _valid(schema: dict[str, Any], instance: Any) -> list[str]:
    resource = Resource.from_contents(DOC, default_specification=DRAFT202012)
    check = jsonschema.Draft202012Validator(
        {**schema, "$ref": "urn:contract" + schema["$ref"]}
        if "$ref" in schema
        else {"anyOf": [{"$ref": "urn:contract" + o["$ref"]} for o in schema["anyOf"]]},
        registry=Registry().with_resource("urn:contract", resource),
        format_checker=FORMATS,
    )
    return [f"{list(e.absolute_path)}: {e.message[:150]}" for e in check.iter_errors(instance)]


def test_every_answer_of_a_whole_run_is_valid_against_the_contract() -> None:
    tool = _Recording()
    result = run_checks(
        list(CHECKS.values()),
        target=InProcessTarget(tool),
        catalogue=load_catalogue(),
        target_description="the reference tool, in process",
    )
    assert {r.status.value for r in result.results} <= {"pass", "omit"}
    assert len(tool.calls) > 100
    for method, target, body, status, answer in tool.calls:
        op = _operation(method, target)
        where = f"{method} {target.split('?')[0]} -> {status}"
        assert str(status) in op["responses"], f"{where}: a status the contract does not list"
        schema = op["responses"][str(status)]["content"]["application/json"]["schema"]
        assert _valid(schema, orjson.loads(answer)) == [], where
        if status < 300 and "requestBody" in op:
            sent = op["requestBody"]["content"]["application/json"]["schema"]
            assert _valid(sent, orjson.loads(body or b"null")) == [], f"{where}: the suite's body"
