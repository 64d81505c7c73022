"""Bodies at the edges of what the contract's schemas allow, and values to stand in for absent ones.

A tool stricter than its contract turns real patients away: a 240-minute
session refused because the tool stops at 120, a one-letter name, a
10,000-character description, a time written ``+01:00`` or with three
fractional digits. `boundary_bodies` reads each request schema and builds, from
a valid body, every value its keywords allow at their edges:

- integers at `minimum` and `maximum` (and just inside exclusive bounds);
- free text (no `pattern`, `format` or `enum`) at `minLength` and `maxLength`;
- every `enum` member;
- an instant (`format: date-time`) in each spelling its `pattern` allows, the
  same instant each time: `Z`, `+00:00`, another offset, 1 to 6 fractional digits;
- arrays at `maxItems`.

They are spread over few bodies: body k takes the k-th edge of every field at
once, and a field's edge is left out of a body when the body would then break
the schema (a rule across fields). `keep` names fields whose value carries
meaning the schema cannot state (the practice, a category tied to another field).

`example` gives a valid value for a schema, so the invalid bodies can break an
optional field the valid body leaves out (an attachment's size).
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs

from gponline_sdk.conformance.checks._schema_rules import matches, resolve

if sys.version_info >= (3, 11):  # the regex parser moved (and its old name warns) in 3.11
    from re import _constants as sre_constants
    from re import _parser as sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

__all__ = ["Boundary", "boundary_bodies", "example", "instant_spellings"]


@attrs.frozen
class Boundary:
    """One valid body and the edges it holds (``$.duration_minutes = 240``, ...)."""

    body: dict[str, Any]
    edges: tuple[str, ...]


def instant_spellings(value: str) -> list[str]:
    """The same instant written each way RFC 3339 and the contract allow.

    UTC as ``Z``, as ``+00:00`` and as ``-00:00`` (RFC 3339's unknown local offset), an
    hour east and five hours west, and 1 to 6 fractional digits (trailing zeros: the
    instant does not move).
    """
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return []
    if moment.tzinfo is None:
        return []
    plain: list[str] = []
    fractions: list[str] = []
    offsets = (timedelta(0), timedelta(0), timedelta(hours=1), timedelta(hours=-5))
    for k, offset in enumerate(offsets):
        local = moment.astimezone(timezone(offset))
        text = local.strftime("%Y-%m-%dT%H:%M:%S")
        zone = "Z" if k == 0 else local.strftime("%z")
        zone = zone if zone == "Z" else f"{zone[:3]}:{zone[3:]}"
        digits = f"{local.microsecond:06d}"
        if not local.microsecond:
            plain.append(text + zone)
        # Each fraction length once, the offsets taking turns: few bodies hold them all.
        fractions += [
            f"{text}.{digits[:n]}{zone}"
            for n in range(1, 7)
            if n % len(offsets) == k and not digits[n:].strip("0")
        ]
    # (2.11.0) RFC 3339 section 4.3: "-00:00" is UTC with the local offset unknown; the
    # contract's pattern allows it, and the instant is the same.
    utc = moment.astimezone(timezone.utc)
    fraction = f".{utc.microsecond:06d}".rstrip("0") if utc.microsecond else ""
    unknown = f"{utc:%Y-%m-%dT%H:%M:%S}{fraction}-00:00"
    return list(dict.fromkeys([*plain, unknown, *fractions]))


def _from_pattern(pattern: str) -> str | None:
    """A short string matching `pattern` (its least repeats, first branches), or None."""
    try:
        tree: Any = sre_parse.parse(pattern)
    except (re.error, RecursionError):
        return None
    out = _emit(list(tree))
    if out is None or re.search(pattern, out) is None:
        return None
    return out


def _emit(items: Sequence[Any]) -> str | None:
    text = ""
    for op, arg in items:
        part: str | None
        if op is sre_constants.LITERAL:
            part = chr(arg)
        elif op is sre_constants.NOT_LITERAL:
            part = "a" if chr(arg) != "a" else "b"
        elif op is sre_constants.ANY:
            part = "a"
        elif op is sre_constants.IN:
            part = _in_class(arg)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, _, sub = arg
            once = _emit(list(sub))
            part = None if once is None else once * max(low, 1 if low == 0 else low)
            if part is not None and low == 0:
                part = ""  # optional: leave it out
        elif op is sre_constants.SUBPATTERN:
            part = _emit(list(arg[-1]))
        elif op is sre_constants.BRANCH:
            part = _emit(list(arg[1][0]))
        elif op is sre_constants.AT:
            part = ""
        else:
            return None
        if part is None:
            return None
        text += part
    return text


def _in_class(items: Sequence[Any]) -> str | None:
    for op, arg in items:
        if op is sre_constants.NEGATE:
            return None
        if op is sre_constants.LITERAL:
            return chr(arg)
        if op is sre_constants.RANGE:
            return chr(arg[0])
        if op is sre_constants.CATEGORY:
            return {"CATEGORY_DIGIT": "0", "CATEGORY_WORD": "a"}.get(str(arg))
    return None


def example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A value `schema` allows, built from its keywords; None when it cannot tell one."""
    s = resolve(schema, components)
    branches = s.get("anyOf") or s.get("oneOf")
    if branches and "type" not in s:
        for branch in branches:
            if resolve(branch, components).get("type") != "null":
                found = example(branch, components)
                if found is not None:
                    return found
        return None
    value = _example(s, components)
    return value if value is not None and matches(s, value, components) else None


def _example(s: dict[str, Any], components: dict[str, Any]) -> Any:  # noqa: PLR0911 - per type
    if "const" in s:
        return s["const"]
    if s.get("enum"):
        return s["enum"][0]
    kind = s.get("type")
    if kind == "object":
        props = s.get("properties", {})
        out = {n: example(props[n], components) for n in s.get("required", ()) if n in props}
        return None if any(v is None for v in out.values()) else out
    if kind == "array":
        item = example(s.get("items", {}), components) if isinstance(s.get("items"), dict) else 0
        return None if item is None else [item] * max(1, s.get("minItems", 1))
    if kind in ("integer", "number"):
        low = s.get("minimum", s.get("exclusiveMinimum", -1) + 1)
        return max(low, min(1, s.get("maximum", 1)))
    if kind == "boolean":
        return True
    if kind == "string":
        if s.get("format") == "date-time":
            return "2026-12-02T10:00:00Z"
        if s.get("format") == "date":
            return "2000-01-31"
        text = _from_pattern(s["pattern"]) if "pattern" in s else "x"
        if text is None:
            return None
        return text.ljust(s.get("minLength", 0), text[-1:] or "x")
    return None


Edge = tuple[Any, str]
"""A valid edge value and how a message shows it (a length for free text, never the text)."""


def _edges(s: dict[str, Any], value: Any) -> list[Edge]:
    """The valid edge values of one leaf, from its keywords (the valid value not repeated)."""
    kind = s.get("type")
    if s.get("enum") and kind in ("string", "integer"):
        return [(x, repr(x)) for x in s["enum"] if x != value]
    if kind == "integer":
        low = s.get("minimum", s.get("exclusiveMinimum"))
        low = low + 1 if low is not None and "minimum" not in s else low
        high = s.get("maximum", s.get("exclusiveMaximum"))
        high = high - 1 if high is not None and "maximum" not in s else high
        return [(x, str(x)) for x in (low, high) if x is not None and x != value]
    if kind != "string" or not isinstance(value, str):
        return []
    if s.get("format") == "date-time" and "const" not in s:
        return [(x, repr(x)) for x in instant_spellings(value) if x != value]
    if {"pattern", "format", "const"} & set(s) or not value:
        return []
    out = []
    if s.get("minLength", 0) > 0:
        out.append(value[: s["minLength"]])
    if isinstance(s.get("maxLength"), int):
        out.append((value * (s["maxLength"] // len(value) + 1))[: s["maxLength"]])
    return [(x, f"of {len(x)} character{'s' * (len(x) != 1)}") for x in out if x != value]


def _leaves(
    schema: dict[str, Any], value: Any, seg: tuple[str, ...], components: dict[str, Any]
) -> Iterator[tuple[tuple[str, ...], list[Edge]]]:
    s = resolve(schema, components)
    branches = s.get("anyOf") or s.get("oneOf")
    if branches and "type" not in s and value is not None:
        solid = [resolve(b, components) for b in branches]
        solid = [b for b in solid if b.get("type") != "null"]
        if len(solid) != 1:
            return
        s = solid[0]
    if s.get("type") == "object" and isinstance(value, dict):
        for name, prop in s.get("properties", {}).items():
            if name in value:
                yield from _leaves(prop, value[name], (*seg, name), components)
    elif s.get("type") == "array" and isinstance(value, list) and value:
        most = s.get("maxItems")
        if isinstance(most, int) and len(value) < most:
            yield seg, [((value * most)[:most], f"{most} items")]
        if isinstance(s.get("items"), dict):
            for i, item in enumerate(value):
                yield from _leaves(s["items"], item, (*seg, str(i)), components)
    else:
        edges = _edges(s, value)
        if edges:
            yield seg, edges


def _put(body: Any, segments: Sequence[str], value: Any) -> Any:
    out = copy.deepcopy(body)
    node = out
    for part in segments[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = segments[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return out


def _json_path(segments: Sequence[str]) -> str:
    return "$" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in segments)


def boundary_bodies(
    schema: dict[str, Any],
    valid: dict[str, Any],
    components: dict[str, Any],
    keep: frozenset[str] = frozenset(),
    base: Callable[[int], dict[str, Any]] | None = None,
) -> list[Boundary]:
    """Valid bodies holding every edge the schema allows (see the module docs).

    `base(k)`, when given, is the valid body round k starts from (k >= 1), so no two
    bodies are the same request (a tool may rightly treat a repeat as one).
    """
    s = resolve(schema, components)

    def leaves(body: dict[str, Any]) -> list[tuple[tuple[str, ...], list[Edge]]]:
        return [
            (seg, edges)
            for seg, edges in _leaves(s, body, (), components)
            if not any(_json_path(seg[:i]) in keep for i in range(1, len(seg) + 1))
        ]

    rounds = max((len(edges) for _, edges in leaves(valid)), default=0)
    out: list[Boundary] = []
    for k in range(rounds):
        body = valid if base is None or k == 0 else base(k)
        held = []
        for seg, edges in leaves(body):
            if k >= len(edges):
                continue
            value, shown = edges[k]
            candidate = _put(body, seg, value)
            if matches(s, candidate, components):
                body = candidate
                held.append(f"{_json_path(seg)} {shown}")
        if held:
            out.append(Boundary(body=body, edges=tuple(held)))
    return out
