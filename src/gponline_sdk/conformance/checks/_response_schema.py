"""Where a response body breaks the contract's response schema, field by field.

The client parses each answer with the SDK's models, which read an instant
leniently (``10:30Z`` without seconds, seven fractional digits, a lowercase
``t``): a tool writing those would pass unseen. Here the raw JSON is held to the
schema the contract publishes for the operation and status, with every keyword
`_schema_rules.matches` knows, patterns and formats included. Each problem names
the JSON path, what the contract expects there, and the shape of what was
received (letters as ``a``, digits as ``9``: never a value, which may identify).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import orjson

from gponline_sdk.conformance.checks._schema_rules import format_ok, matches, resolve
from gponline_sdk.conformance.contract import openapi_document
from gponline_sdk.conformance.target._received import shape

__all__ = ["problems", "response_problems", "response_schema"]

_MAX_PROBLEMS = 5


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'a string shaped "{shape(value)}"'
    if value is None or isinstance(value, bool):
        return orjson.dumps(value).decode()
    if isinstance(value, (int, float)):
        return f"a number shaped {shape(str(value))}"
    return "a list" if isinstance(value, list) else "an object"


def _string_expected(s: dict[str, Any], value: str) -> str | None:
    lo, hi = s.get("minLength", 0), s.get("maxLength")
    if len(value) < lo or (hi is not None and len(value) > hi):
        return f"{lo} to {hi if hi is not None else 'any number of'} characters"
    if "pattern" in s and re.search(s["pattern"], value) is None:
        if s.get("format") == "date-time":
            return (
                "an RFC 3339 instant as the contract's pattern has it: seconds, at most 6 "
                "fractional digits, 'T', and 'Z' or a +hh:mm offset"
            )
        return f"a string matching {s['pattern']}"
    if not format_ok(s.get("format"), value):
        return f"a valid {s['format']}"
    return None


def _solid(s: dict[str, Any], value: Any, components: dict[str, Any]) -> dict[str, Any] | None:
    """For a nullable T (T or null) and a non-null value: T, to say what in it is wrong."""
    branches = s.get("anyOf") or s.get("oneOf")
    if not branches or value is None:
        return None
    solid = [resolve(b, components) for b in branches]
    solid = [b for b in solid if b.get("type") != "null"]
    return solid[0] if len(solid) == 1 else None


def problems(
    schema: dict[str, Any], value: Any, components: dict[str, Any], path: str = "$"
) -> list[str]:
    """`$.path: expected ...; received ...` for each place `value` breaks `schema`."""
    s = resolve(schema, components)
    if matches(s, value, components):
        return []
    inner = _solid(s, value, components)
    if inner is not None:
        return problems(inner, value, components, path)
    out: list[str] = []
    if isinstance(value, dict) and s.get("type") == "object":
        props = s.get("properties", {})
        out += [
            f"{path}.{n}: expected (required); received nothing"
            for n in s.get("required", ())
            if n not in value
        ]
        if s.get("additionalProperties") is False:
            out += [
                f"{path}: expected only the contract's fields; received one more"
                for k in value
                if k not in props
            ][:1]
        for name, prop in props.items():
            if name in value:
                out += problems(prop, value[name], components, f"{path}.{name}")
    elif isinstance(value, list) and isinstance(s.get("items"), dict):
        for i, item in enumerate(value):
            out += problems(s["items"], item, components, f"{path}[{i}]")
    elif isinstance(value, str) and s.get("type") == "string":
        expected = _string_expected(s, value)
        if expected is not None:
            out.append(f"{path}: expected {expected}; received {_shown(value)}")
    if not out:  # a type, an enum, a bound or a rule across fields
        what = s.get("description") or s.get("title") or "the contract's schema"
        out.append(f"{path}: expected {what[:120]}; received {_shown(value)}")
    return out


@functools.cache
def _document() -> dict[str, Any]:
    """The contract's OpenAPI document, built once per run (it is generated, not read)."""
    document: dict[str, Any] = openapi_document()
    return document


def response_schema(method: str, template: str, status: int) -> dict[str, Any] | None:
    """The contract's schema for `method template`'s answer with `status`, if it states one."""
    op = _document()["paths"].get(template, {}).get(method.lower(), {})
    answer = op.get("responses", {}).get(str(status), {})
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    return schema if isinstance(schema, dict) else None


def response_problems(method: str, template: str, status: int, text: str) -> list[str]:
    """What in a response body breaks the contract's schema for it (empty when nothing)."""
    schema = response_schema(method, template, status)
    if schema is None:
        return []
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return [f"the body is not JSON ({len(text)} characters received)"]
    components: dict[str, Any] = _document()["components"]["schemas"]
    found = problems(schema, data, components)
    label = f"{method} {template} (HTTP {status})"
    return [f"{label} {p}" for p in found[:_MAX_PROBLEMS]]
