"""Rules across fields in the contract's schemas, and a small validator to know a body breaks them.

Some rules bind several fields of one object: "at least one of email, phone or
address_lines" (`anyOf` of `required` lists), "a proxy gives a name and a
relationship" (`anyOf` of branches told apart by a `const` role). They are
written as `anyOf`/`oneOf` on the object, or inside its `allOf`. For each such
rule, `cross_field_cases` builds objects from a valid one that satisfy none of
its branches: each branch's discriminating values with its other required
fields (filled in when the valid object leaves them out) left out one at a
time and all at once, a field a branch wants null given, and every field any
branch requires left out at once. A
candidate is kept only when `matches` says the object schema refuses it.

`matches` knows the keywords the contract uses (`type`, `const`, `enum`,
`required`, `properties`, `additionalProperties: false`, `items`, lengths,
`uniqueItems`, `pattern`, the contract's `format`s, bounds, `anyOf`/`oneOf`/`allOf`,
`if`/`then`/`else`, `dependentRequired`, `not`, `$ref`; an integer is never written
as a float); any other keyword counts as met, so it can only call a forbidden body
allowed (no case), never the reverse. A conditional (`if`/`then`/`else`) is taken as
two branches, its `if` with its `then`, and its `else`, like an `anyOf` rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

__all__ = ["cross_field_cases", "format_ok", "matches", "resolve"]

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
        # No float is an integer here: the contract says integers are written without a
        # fraction (15, not 15.0 or 15e0), and the SDK's parser refuses those spellings.
        if name == "integer" and isinstance(value, float):
            continue
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
        if "pattern" in s and re.search(s["pattern"], value) is None:
            return False
        return format_ok(s.get("format"), value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return not (
            ("minimum" in s and value < s["minimum"])
            or ("maximum" in s and value > s["maximum"])
            or ("exclusiveMinimum" in s and value <= s["exclusiveMinimum"])
            or ("exclusiveMaximum" in s and value >= s["exclusiveMaximum"])
        )
    return True


def format_ok(fmt: Any, value: str) -> bool:
    """Whether `value` meets the contract's `format` (the formats it names; others count as met).

    The contract asserts its formats: date and date-time as RFC 3339 (a real
    calendar day), nhs-number as ten digits whose last is the modulus 11 check digit.
    """
    if fmt == "nhs-number":
        digits = [int(c) for c in value if c.isdigit()]
        if len(digits) != 10:
            return False
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits[:9])) % 11
        return check != 10 and digits[9] == check % 11
    try:
        if fmt == "date":
            date.fromisoformat(value)
        elif fmt == "date-time":
            # Python 3.10's fromisoformat reads no 'Z': the same instant as +00:00.
            datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _container_ok(  # noqa: PLR0911 - one early answer per keyword
    s: dict[str, Any], value: Any, components: dict[str, Any]
) -> bool:
    if isinstance(value, list):
        if len(value) < s.get("minItems", 0) or len(value) > s.get("maxItems", len(value)):
            return False
        if s.get("uniqueItems") and any(v in value[:i] for i, v in enumerate(value)):
            return False
        items = s.get("items")
        return not isinstance(items, dict) or all(matches(items, v, components) for v in value)
    if isinstance(value, dict):
        props = s.get("properties", {})
        if any(name not in value for name in s.get("required", ())):
            return False
        if s.get("additionalProperties") is False and any(k not in props for k in value):
            return False
        for name, needs in s.get("dependentRequired", {}).items():
            if name in value and any(n not in value for n in needs):
                return False
        return all(matches(props[k], v, components) for k, v in value.items() if k in props)
    return True


def matches(  # noqa: PLR0911 - one early answer per keyword
    schema: dict[str, Any], value: Any, components: dict[str, Any]
) -> bool:
    """True when `value` meets `schema` (see the module docs for the keywords it knows)."""
    s = resolve(schema, components)
    for key in ("anyOf", "oneOf"):
        if key in s and not any(matches(b, value, components) for b in s[key]):
            return False
    if "allOf" in s and not all(matches(b, value, components) for b in s["allOf"]):
        return False
    if "not" in s and matches(s["not"], value, components):
        return False
    if "if" in s:
        branch = s.get("then" if matches(s["if"], value, components) else "else", {})
        if not matches(branch, value, components):
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


def _filler(prop: dict[str, Any]) -> Any:
    """A plain value for a free-text property (None when it states more than lengths)."""
    if prop.get("type") != "string" or {"pattern", "format", "enum", "const"} & set(prop):
        return None
    return "Sam Example"[: prop.get("maxLength", 11)].ljust(prop.get("minLength", 0), "x")


Fill = Callable[[dict[str, Any]], Any]
"""Gives a valid value for a property schema (None when it cannot), e.g. `_valid_bodies.example`."""


def _candidates(
    branches: list[dict[str, Any]], value: dict[str, Any], keep: set[str], fill: Fill | None
) -> Iterator[dict[str, Any]]:
    for branch in branches:
        side = dict(value)
        pinned: set[str] = set()
        for name, prop in branch.get("properties", {}).items():
            is_fixed, fixed = _fixed(prop)
            if is_fixed:
                side[name] = fixed  # take this branch's side (role: proxy) ...
                pinned.add(name)
            elif side.get(name) is None and _filler(prop) is not None:
                side[name] = _filler(prop)  # ... with what it asks for filled in ...
        asked = [n for n in branch.get("required", ()) if n not in pinned and n not in keep]
        for name in asked:  # ... then without one of them (a proxy with no relationship)
            yield {k: v for k, v in side.items() if k != name}
        yield {k: v for k, v in side.items() if k not in asked}  # ... and without them all
        # The side's other fields given where a branch wants them null (a patient
        # naming a proxy): each filled from the branch that asks for it.
        for name, prop in branch.get("properties", {}).items():
            if prop.get("type") == "null" and name not in pinned:
                fills = [
                    _filler(b.get("properties", {}).get(name, {}))
                    if fill is None or _filler(b.get("properties", {}).get(name, {})) is not None
                    else fill(b.get("properties", {}).get(name, {}))
                    for b in branches
                    if name in b.get("properties", {})
                ]
                given = next((f for f in fills if f is not None), None)
                if given is not None:
                    yield {**side, name: given}
    # Every field some branch asks for, left out at once ("at least one of ...").
    wanted = {n for b in branches for n in b.get("required", ())} - keep
    yield {k: v for k, v in value.items() if k not in wanted}


def _merged(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """One object branch holding both branches' properties and required fields."""
    props = {**first.get("properties", {}), **second.get("properties", {})}
    required = [*first.get("required", ()), *second.get("required", ())]
    return {"type": "object", "properties": props, "required": list(dict.fromkeys(required))}


def _branch_sets(
    rule: dict[str, Any], components: dict[str, Any]
) -> Iterator[list[dict[str, Any]]]:
    """Each rule's branches: an `anyOf`/`oneOf`, an `if`/`then`/`else`, a `dependentRequired`."""
    for key in ("anyOf", "oneOf"):
        yield [resolve(b, components) for b in rule.get(key, ())]
    if "if" in rule:
        cond = resolve(rule["if"], components)
        yield [
            _merged(cond, resolve(rule.get("then", {}), components)),
            resolve(rule.get("else", {}), components),
        ]
    for name, needs in rule.get("dependentRequired", {}).items():
        # "name needs these": name given with each of them left out (the anyOf form).
        yield [{"type": "object", "properties": {}, "required": [name, *needs]}]


def cross_field_cases(
    s: dict[str, Any],
    value: dict[str, Any],
    components: dict[str, Any],
    fill: Fill | None = None,
) -> Iterator[tuple[dict[str, Any], str]]:
    """Objects breaking a rule across the fields of object schema `s`, with what it requires.

    `fill` gives a value for a field a branch wants given and another wants null, when
    the field states more than lengths (a reference's pattern): without it, no case.
    """
    rules = [s, *(resolve(r, components) for r in s.get("allOf", ()))]
    keep = set(s.get("required", ()))  # leaving these out is the "missing" case already
    rule_text = f"the rule: {s.get('description') or 'as the contract states it'}"
    seen: list[dict[str, Any]] = []
    for rule in rules:
        for branches in _branch_sets(rule, components):
            if not branches or any(b.get("type", "object") != "object" for b in branches):
                continue
            for candidate in _candidates(branches, value, keep, fill):
                if candidate in seen or matches(s, candidate, components):
                    continue
                seen.append(candidate)
                yield candidate, rule_text
