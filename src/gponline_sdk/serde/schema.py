"""JSON Schemas generated from the models, never written by hand.

The schema of a model follows its attrs fields and type annotations, with wire
names from `wire_names`, so the published schema and the converter cannot
drift apart (a test checks that every golden file validates against it).

Every rule a model applies is stated: each field validator carries the JSON
Schema keywords that say what it checks (`_validators.states`), a model's
cross-field rules (`_validators.SchemaRules`) become `allOf`/`anyOf` branches,
and the few rules JSON Schema cannot state (one field compared with another, a
weekday) are written into the field's `description`. What each field means comes
from the `Attributes:` section of the model's docstring.

>>> from gponline_sdk.models import OcRecord
>>> json_schema(OcRecord)["properties"]["practice_code"]["pattern"]
'^[A-Z][0-9]{5}$'
"""

from __future__ import annotations

import enum
import inspect
import re
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import attrs

from gponline_sdk import models
from gponline_sdk.models._validators import (
    RULES_ATTRIBUTE,
    SCHEMA_ATTRIBUTE,
    Condition,
    SchemaRules,
)
from gponline_sdk.models.identifiers import NhsNumber, OdsCode, SupplierId
from gponline_sdk.models.usage import DataType
from gponline_sdk.serde.wire_names import wire_name

__all__ = [
    "CUSTOM_FORMATS",
    "SCHEMA_DIALECT",
    "field_descriptions",
    "json_schema",
    "schema_bundle",
    "schema_models",
]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID_BASE = "https://gponline-sdk.invalid/schema/"

_DATE = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
_OFFSET = r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"

CUSTOM_FORMATS = {
    "nhs-number": (
        "ten digits whose last is the modulus 11 check digit: 11 minus the remainder, on "
        "division by 11, of the first nine digits weighted 10 down to 2, with 11 written 0; "
        "where that gives 10, no NHS number starts with those nine digits"
    ),
    "iana-time-zone": "a zone name of the IANA time zone database, e.g. Europe/London",
}
"""Formats of the SDK's own, beyond JSON Schema's: each is a rule the converter applies."""

_LEAVES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    datetime: {
        "type": "string",
        "format": "date-time",
        "pattern": f"^{_DATE}T{_TIME}{_OFFSET}$",
        "description": "An instant: RFC 3339 with seconds and a UTC offset ('Z' or '+01:00').",
    },
    date: {"type": "string", "format": "date", "pattern": f"^{_DATE}$"},
    # Seconds may carry a fraction: the converter writes one when the time has microseconds.
    time: {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"},
    OdsCode: {"type": "string", "pattern": "^[A-Z][0-9]{5}$"},
    # The converter takes the 3-3-4 layouts too, and writes the ten digits.
    NhsNumber: {
        "type": "string",
        "format": "nhs-number",
        "pattern": "^([0-9]{10}|[0-9]{3} [0-9]{3} [0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4})$",
        "description": "An NHS number: " + CUSTOM_FORMATS["nhs-number"] + ".",
    },
    SupplierId: {"type": "string", "pattern": "^[A-Z0-9][A-Z0-9_-]{1,39}$"},
}


def schema_models() -> dict[str, type[Any]]:
    """Every model with a published schema, by class name."""
    return {
        name: obj
        for name in models.__all__
        if attrs.has(obj := getattr(models, name)) and isinstance(obj, type)
    }


_SECTION = re.compile(r"^(Attributes|Args|Raises|Returns|Examples?):|^>>>")


def _summary(obj: object) -> str:
    """The docstring's text before its first section (`Attributes:`, ...), one line a paragraph."""
    kept = []
    for para in inspect.cleandoc(obj.__doc__ or "").split("\n\n"):
        if _SECTION.match(para.strip()):
            break
        kept.append(para.replace("\n", " ").replace("``", "`"))
    return "\n\n".join(kept)


_ENTRY = re.compile(r"^    (\w+): (.*)$")


def field_descriptions(cls: type[Any]) -> dict[str, str]:
    """What each field means: the `Attributes:` section of the class docstring, by field."""
    lines = inspect.cleandoc(cls.__doc__ or "").splitlines()
    out: dict[str, str] = {}
    current = None
    inside = False
    for line in lines:
        if line.strip() == "Attributes:":
            inside = True
            continue
        if not inside:
            continue
        if line and not line.startswith(" "):
            break  # the next section
        if m := _ENTRY.match(line):
            current = m[1]
            out[current] = m[2].strip()
        elif current is not None and line.startswith("        "):
            out[current] += " " + line.strip()
    return out


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp in _LEAVES:
        return dict(_LEAVES[tp])
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        # A data type goes by the national profile's name on the wire.
        names = [m.wire_name for m in DataType] if tp is DataType else [m.value for m in tp]
        return {"type": "string", "enum": names}
    if isinstance(tp, type) and attrs.has(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder breaks recursion
            defs[tp.__name__] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin is frozenset:
        return {"type": "array", "items": _type_schema(args[0], defs), "uniqueItems": True}
    raise TypeError(f"no JSON Schema for {tp!r}")


def validators_of(field: attrs.Attribute[Any]) -> list[Any]:
    """The field's validators, one by one (attrs combines a list into one `and_`)."""
    found = field.validator
    if found is None:
        return []
    inner = getattr(found, "_validators", None)
    return list(inner) if inner is not None else [found]


def _non_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The part of a field's schema that is not `null` (where keywords about values belong)."""
    options = schema.get("anyOf")
    if options is not None and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        return rest[0] if len(rest) == 1 else {"anyOf": rest}
    return schema


def _with_keywords(schema: dict[str, Any], keywords: dict[str, Any]) -> dict[str, Any]:
    if not keywords:
        return schema
    options = schema.get("anyOf")
    if options is not None and {"type": "null"} in options:
        target = next(o for o in options if o != {"type": "null"})
        merged = _with_keywords(target, keywords)
        return {**schema, "anyOf": [merged if o is target else o for o in options]}
    if "$ref" in schema:
        return {"allOf": [schema], **keywords}
    if "pattern" in schema and "pattern" in keywords:
        # Two patterns: both must hold; a string schema carries one, so nest the second.
        return {**schema, "allOf": [{"pattern": keywords["pattern"]}]} | {
            k: val for k, val in keywords.items() if k != "pattern"
        }
    return {**schema, **keywords}


def _given(schema: dict[str, Any]) -> dict[str, Any]:
    """A field's schema when it must be given: not null, and an array not empty."""
    out = dict(_non_null(schema))
    if out.get("type") == "array":
        out["minItems"] = 1
    return out


def _other_values(schema: dict[str, Any], value: Any) -> dict[str, Any]:
    if schema.get("type") == "boolean":
        return {"const": not value}
    return {"enum": [x for x in schema["enum"] if x != value]}


def _rule_branches(
    cls: type[Any], rules: SchemaRules, props: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """`allOf` entries for the cross-field rules, and the words they add to each field."""

    def name(field: str) -> str:
        return wire_name(cls, field)

    out: list[dict[str, Any]] = []
    words: dict[str, list[str]] = {}
    if rules.at_least_one_of:
        wires = [name(f) for f in rules.at_least_one_of]
        out.append(
            {"anyOf": [{"properties": {w: _given(props[w])}, "required": [w]} for w in wires]}
        )
        for w in wires:
            others = ", ".join(x for x in wires if x != w)
            words.setdefault(w, []).append(f"At least one of {w}, {others} must be given.")
    for cond in rules.conditions:
        out.append(_condition(cond, props, name, words))
    return out, words


def _condition(
    cond: Condition,
    props: dict[str, Any],
    name: Callable[[str], str],
    words: dict[str, list[str]],
) -> dict[str, Any]:
    when, value = name(cond.when[0]), cond.when[1]
    fields = [name(f) for f in cond.fields]
    then = {
        "properties": {when: {"const": value}, **{f: _given(props[f]) for f in fields}},
        "required": [when, *fields],
    }
    otherwise: dict[str, Any] = {"properties": {when: _other_values(props[when], value)}}
    shown = repr(value) if isinstance(value, str) else str(value).lower()
    for f in fields:
        text = f"Required (not null, not empty) when {when} is {shown}"
        if cond.only_then:
            otherwise["properties"][f] = {"type": "null"}
            text += "; absent or null otherwise"
        words.setdefault(f, []).append(text + ".")
    return {"anyOf": [then, otherwise]}


def _object_schema(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    rules: SchemaRules = getattr(cls, RULES_ATTRIBUTE, None) or SchemaRules()
    meanings = field_descriptions(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        name = wire_name(cls, field.name)
        prop = _type_schema(hints[field.name], defs)
        for check in validators_of(field):
            prop = _with_keywords(prop, getattr(check, SCHEMA_ATTRIBUTE, None) or {})
        props[name] = _with_keywords(prop, rules.keywords.get(field.name, {}))
        if field.default is attrs.NOTHING:
            required.append(name)
    branches, words = _rule_branches(cls, rules, props)
    for field in attrs.fields(cls):
        name = wire_name(cls, field.name)
        text = [meanings[field.name]] if field.name in meanings else []
        if field.name in rules.described:
            text.append(f"Must be {rules.described[field.name]}.")
        text += words.get(name, [])
        if "description" in props[name]:
            text.append(props[name].pop("description"))  # the type's own (an instant, ...)
        if text:
            props[name] = {"description": " ".join(text), **props[name]}
    schema: dict[str, Any] = {
        "title": cls.__name__,
        "description": _summary(cls),
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }
    if branches:
        schema["allOf"] = branches
    return schema


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one model, with nested models under `$defs`."""
    defs: dict[str, Any] = {}
    root = _object_schema(cls, defs)
    defs.pop(cls.__name__, None)
    schema = {"$schema": SCHEMA_DIALECT, "$id": f"{_ID_BASE}{cls.__name__}.json", **root}
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def schema_bundle() -> dict[str, Any]:
    """One document holding every model's schema under `$defs`, by class name."""
    defs: dict[str, Any] = {}
    for cls in schema_models().values():
        _type_schema(cls, defs)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{_ID_BASE}gponline-sdk.json",
        "title": "gponline-sdk models",
        "$defs": dict(sorted(defs.items())),
    }
