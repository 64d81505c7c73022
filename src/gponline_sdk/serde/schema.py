"""JSON Schemas generated from the models, never written by hand.

The schema of a model follows its attrs fields and type annotations, with wire
names from `wire_names`, so the published schema and the converter cannot
drift apart (a test checks that every golden file validates against it).

>>> from gponline_sdk.models import OcRecord
>>> json_schema(OcRecord)["properties"]["practice_code"]["pattern"]
'^[A-Z][0-9]{5}$'
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime, time
from typing import Any

import attrs

from gponline_sdk import models
from gponline_sdk.models.identifiers import NhsNumber, OdsCode, SupplierId
from gponline_sdk.serde.wire_names import wire_name

__all__ = ["SCHEMA_DIALECT", "json_schema", "schema_bundle", "schema_models"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID_BASE = "https://gponline-sdk.invalid/schema/"

_LEAVES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    datetime: {"type": "string", "format": "date-time", "pattern": r"(Z|[+-]\d{2}:\d{2})$"},
    date: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    # Seconds may carry a fraction: the converter writes one when the time has microseconds.
    time: {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"},
    OdsCode: {"type": "string", "pattern": "^[A-Z][0-9]{5}$"},
    NhsNumber: {"type": "string", "pattern": "^[0-9]{10}$"},
    SupplierId: {"type": "string", "pattern": "^[A-Z0-9][A-Z0-9_-]{1,39}$"},
}


def schema_models() -> dict[str, type[Any]]:
    """Every model with a published schema, by class name."""
    return {
        name: obj
        for name in models.__all__
        if attrs.has(obj := getattr(models, name)) and isinstance(obj, type)
    }


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp in _LEAVES:
        return dict(_LEAVES[tp])
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
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


def _object_schema(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        name = wire_name(cls, field.name)
        props[name] = _type_schema(hints[field.name], defs)
        if field.default is attrs.NOTHING:
            required.append(name)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return {
        "title": cls.__name__,
        "description": doc,
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


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
