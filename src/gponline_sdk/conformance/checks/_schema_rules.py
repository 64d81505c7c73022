"""Rules across fields in the contract's schemas, and a small validator to know a body breaks them.

Some rules bind several fields of one object: "at least one of email, phone or
address_lines" (`anyOf` of `required` lists), "a proxy gives a name and a
relationship" (`anyOf` of branches told apart by a `const` role). They are
written as `anyOf`/`oneOf` on the object, or inside its `allOf`. For each such
rule, `cross_field_cases` builds objects from a valid one that satisfy none of
its branches: each branch's discriminating values with its other required
fields left out, and every field any branch requires left out at once. A
candidate is kept only when `matches` says the object schema refuses it.

`matches` knows the keywords the contract uses (`type`, `const`, `enum`,
`required`, `properties`, `additionalProperties: false`, `items`, lengths,
`pattern`, bounds, `anyOf`/`oneOf`/`allOf`, `$ref`); any other keyword counts as
met, so it can only call a forbidden body allowed (no case), never the reverse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["cross_field_cases", "matches", "resolve"]

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}


def resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The schema a `$ref` points at (followed until there is none)."""
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _is_type(value: Any, kind: str | list[str]) -> bool:
    kinds = [kind] if isinstance(kind, str) else kind
    for name in kinds:
        if name == "integer" and isinstance(value, float) and value.is_integer():
            return True
        # JSON has no bool among its numbers: Python's True is not the integer 1 here.
        if isinstance(value, _TYPES.get(name, ())) and (
            name == "boolean" or not isinstance(value, bool)
        ):
            return True
    return False


def _scalar_ok(s: dict[str, Any], value: Any) -> bool:
    if isinstance(value, str):
        if len(value) < s.get("minLength", 0) or len(value) > s.get("maxLength", len(value)):
            return False
        return "pattern" not in s or re.search(s["pattern"], value) is not None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return not (
            ("minimum" in s and value < s["minimum"])
            or ("maximum" in s and value > s["maximum"])
            or ("exclusiveMinimum" in s and value <= s["exclusiveMinimum"])
            or ("exclusiveMaximum" in s and value >= s["exclusiveMaximum"])
        )
    return True


def _container_ok(s: dict[str, Any], value: Any, components: dict[str, Any]) -> bool:
    if isinstance(value, list):
        if len(value) < s.get("minItems", 0) or len(value) > s.get("maxItems", len(value)):
            return False
        items = s.get("items")
        return not isinstance(items, dict) or all(matches(items, v, components) for v in value)
    if isinstance(value, dict):
        props = s.get("properties", {})
        if any(name not in value for name in s.get("required", ())):
            return False
        if s.get("additionalProperties") is False and any(k not in props for k in value):
            return False
        return all(matches(props[k], v, components) for k, v in value.items() if k in props)
    return True


def matches(schema: dict[str, Any], value: Any, components: dict[str, Any]) -> bool:
    """True when `value` meets `schema` (see the module docs for the keywords it knows)."""
    s = resolve(schema, components)
    for key in ("anyOf", "oneOf"):
        if key in s and not any(matches(b, value, components) for b in s[key]):
            return False
    if "allOf" in s and not all(matches(b, value, components) for b in s["allOf"]):
        return False
    if "const" in s and (value != s["const"] or type(value) is not type(s["const"])):
        return False
    if "enum" in s and value not in s["enum"]:
        return False
    if "type" in s and not _is_type(value, s["type"]):
        return False
    return _scalar_ok(s, value) and _container_ok(s, value, components)


def _fixed(prop: dict[str, Any]) -> tuple[bool, Any]:
    """Whether a branch pins a property to one value (`const`, or a one-value `enum`)."""
    if "const" in prop:
        return True, prop["const"]
    if isinstance(prop.get("enum"), list) and len(prop["enum"]) == 1:
        return True, prop["enum"][0]
    return False, None


def _candidates(
    branches: list[dict[str, Any]], value: dict[str, Any], keep: set[str]
) -> Iterator[dict[str, Any]]:
    for branch in branches:
        out = dict(value)
        pinned: set[str] = set()
        for name, prop in branch.get("properties", {}).items():
            is_fixed, fixed = _fixed(prop)
            if is_fixed:
                out[name] = fixed  # take this branch's side (role: proxy) ...
                pinned.add(name)
        for name in branch.get("required", ()):  # ... without what it then requires
            if name not in pinned and name not in keep:
                out.pop(name, None)
        yield out
    # Every field some branch asks for, left out at once ("at least one of ...").
    wanted = {n for b in branches for n in b.get("required", ())} - keep
    yield {k: v for k, v in value.items() if k not in wanted}


def cross_field_cases(
    s: dict[str, Any], value: dict[str, Any], components: dict[str, Any]
) -> Iterator[tuple[dict[str, Any], str]]:
    """Objects breaking a rule across the fields of object schema `s`, with what it requires."""
    rules = [s, *(resolve(r, components) for r in s.get("allOf", ()))]
    keep = set(s.get("required", ()))  # leaving these out is the "missing" case already
    rule_text = f"the rule: {s.get('description') or 'as the contract states it'}"
    seen: list[dict[str, Any]] = []
    for rule in rules:
        for key in ("anyOf", "oneOf"):
            branches = [resolve(b, components) for b in rule.get(key, ())]
            if not branches or any(b.get("type", "object") != "object" for b in branches):
                continue
            for candidate in _candidates(branches, value, keep):
                if candidate in seen or matches(s, candidate, components):
                    continue
                seen.append(candidate)
                yield candidate, rule_text
