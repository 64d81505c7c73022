"""Invalid request bodies derived from the tool contract's own schemas.

The suite must enforce nothing the contract does not state, so the bodies are
not written by hand: for each write operation the request body schema is read
from `openapi_document()` and each constraint it states (required, JSON type,
`enum`, `pattern`, `maxLength`/`minLength`, `minimum`/`maximum`,
`minItems`/`maxItems`, `format`, `additionalProperties: false`, rules across
fields) is broken in a copy of a valid body, one field at a time. Values of the
right shape that the contract still refuses are tried too: an NHS number with a
wrong check digit, 30 February (`format: date`/`date-time`), an integer written
15.0 or 15e0, a boolean sent as 1 or "true", JSON true and false for every integer
and number (Python's bool is an int), every code just outside an enum (`enum_outsiders`:
for a code list, each other code of its length), an instant misspelt as clients and
libraries write it (no seconds, 7 fractional digits, a lowercase `t`, a space for
the `T`: each kept only when the contract's pattern refuses it). An optional field
the valid body leaves out, null or empty is broken inside a valid stand-in
(`_valid_bodies.example`), so nested keywords (an attachment's `size_bytes`
maximum) are tried even when the suite's usual bodies do not use them. A constraint the
schema does not state yields no case; a keyword this module does not know
yields none either (never a case the contract might allow).

Wrong types use values no common JSON binder coerces (an object for a string,
a non-numeric string for a number), so a lenient-but-correct tool is not
reported for a coercion the contract could be read to allow; true and false for a
number are cases of their own (JSON has no bool among its numbers). A rule across
fields of an optional object the valid body leaves null (a message's requester) is
broken inside a stand-in: a proxy without a name, without a relationship.
"""

from __future__ import annotations

import copy
import functools
import random
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import orjson

from gponline_sdk.conformance.checks._leaf_cases import (
    Mutation,
    instant_breakers,
    string_cases,
    types_of,
    wrong_type,
)
from gponline_sdk.conformance.checks._schema_rules import cross_field_cases, resolve
from gponline_sdk.conformance.checks._valid_bodies import example
from gponline_sdk.conformance.contract import openapi_document

__all__ = [
    "MISSING",
    "NULLED",
    "Case",
    "Mutation",
    "WriteOperation",
    "body_cases",
    "instant_breakers",
    "sample",
    "write_operations",
]

MISSING: Any = object()
"""Marks a case that leaves a required field out."""

NULLED = "null where not nullable"
"""The kind of a case sending null for a field whose schema does not allow it (always sent)."""
UNKNOWN_FIELD = "zz_not_in_contract"
# Inside the body, unknown fields are named as extensions are ("x-..." as OpenAPI's, "_..."
# as private): a validator that drops such keys before checking takes them (2.10.0).
_NESTED_UNKNOWN = ("x-debug", "_source")
_RAW = "\u2603raw-number\u2603"  # stands in for a RawNumber until the body is written


@attrs.frozen(kw_only=True)
class WriteOperation:
    """One operation of the contract that takes a JSON body, as the contract states it."""

    method: str
    path: str
    """The path template, e.g. ``/video/sessions/{reference}/join``."""
    schema_name: str
    """The request body's schema in ``components/schemas``."""

    @property
    def label(self) -> str:
        """``POST /requests``."""
        return f"{self.method} {self.path}"


@attrs.frozen(kw_only=True)
class Case:
    """One body the contract forbids, and what is wrong with it."""

    field: str
    """The JSON path of the bad field (``$`` for the whole body)."""
    segments: tuple[str, ...]
    kind: str
    """What was broken: `missing`, `wrong type`, `breaks pattern`, ..."""
    expected: str
    """What the contract says the field must be."""
    body: bytes
    sent: Any = None
    """The value sent at `field` (`MISSING` when left out); None for whole-body cases."""
    origin: Any = None
    """The valid value `sent` was derived from (to mask it like the original)."""

    def describe(self) -> str:
        """`$.practice_code breaks pattern (expected ..., sent ...)`, values short."""
        return f"{self.field} {self.kind}: expected {self.expected}, sent {self.shown()}"

    def shown(self) -> str:  # noqa: PLR0911 - one early answer per kind of value
        """The value sent, shortened; the runner's masker hides identifiers in it."""
        if self.field == "$" and self.kind in ("not JSON", "not UTF-8"):
            return f"{len(self.body)} bytes that are {self.kind}"
        if self.field == "$" and self.kind == "an array of bodies":
            return "a JSON array of two valid bodies"
        if self.kind == "renamed field":
            return "the field's value under that name"
        if self.sent is MISSING:
            return "a body without it"
        if self.kind == "breaks a rule across fields" and isinstance(self.sent, dict):
            fields = [_brief(k, v) for k, v in self.sent.items()]
            return f"an object with {', '.join(fields) or 'no field'}"
        if isinstance(self.sent, str):
            if len(self.sent) > 40 and self.origin is not None:
                # Derived from a valid value that may identify someone: a cut would escape
                # the masker (it masks whole values), so only the length is shown.
                return f"a value of {len(self.sent)} characters"
            if len(self.sent) > 40:
                return f"{self.sent[:16]!r}... ({len(self.sent)} characters)"
            return repr(self.sent)
        raw = isinstance(self.sent, RawNumber)
        text = self.sent.text if raw else orjson.dumps(self.sent).decode()
        return text if len(text) <= 40 else text[:37] + "..."


def _brief(name: str, value: Any) -> str:
    """`role="proxy"` for a short scalar, else just the field's name."""
    text = orjson.dumps(value).decode()
    return f"{name}={text}" if not isinstance(value, (dict, list)) and len(text) <= 24 else name


def write_operations() -> list[WriteOperation]:
    """Every operation of the contract with a JSON request body, in document order."""
    ops: list[WriteOperation] = []
    for path, item in openapi_document()["paths"].items():
        for method, op in item.items():
            ref = (
                op.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
                .get("$ref")
            )
            if isinstance(ref, str):
                ops.append(
                    WriteOperation(
                        method=method.upper(), path=path, schema_name=ref.rsplit("/", 1)[-1]
                    )
                )
    return ops


@attrs.frozen
class _Within:
    """A case inside a stand-in for an optional field the valid body leaves out.

    The stand-in (`whole`, valid) goes at the field with `sent` at `inner` below it.
    """

    whole: Any
    inner: tuple[str, ...]
    sent: Any


@attrs.frozen
class RawNumber:
    """A JSON number sent in the spelling given (`15.0`, `15e0`), which orjson would not write."""

    text: str


def _integer_spellings(value: Any, seg: tuple[str, ...]) -> Iterator[Mutation]:
    """The valid integer written with a fraction or an exponent: the contract says not."""
    if isinstance(value, int) and not isinstance(value, bool):
        for text in (f"{value}.0", f"{value}e0"):
            expected = "an integer written without a fraction or exponent"
            yield seg, "integer with fraction", expected, RawNumber(text), None


def _number_cases(s: dict[str, Any], seg: tuple[str, ...]) -> Iterator[Mutation]:
    if "minimum" in s:
        yield seg, "below minimum", f"{s['minimum']} or more", s["minimum"] - 1, None
    if "exclusiveMinimum" in s:
        bound = s["exclusiveMinimum"]
        yield seg, "below minimum", f"more than {bound}", bound, None
    if "maximum" in s:
        yield seg, "above maximum", f"{s['maximum']} or less", s["maximum"] + 1, None
        # Round 11: far beyond, past 32 and 64 bits, where a column or a cast overflows (500).
        # (2**64 is written as it is: orjson writes no integer past 64 bits.)
        for far in (10**12, 2**64):
            if far > s["maximum"]:
                sent = far if far < 2**63 else RawNumber(str(far))
                yield seg, "far above maximum", f"{s['maximum']} or less", sent, None
    if "exclusiveMaximum" in s:
        bound = s["exclusiveMaximum"]
        yield seg, "above maximum", f"less than {bound}", bound, None


def _object_cases(
    s: dict[str, Any], value: dict[str, Any], seg: tuple[str, ...], components: dict[str, Any]
) -> Iterator[Mutation]:
    required = set(s.get("required", ()))
    for name, prop in s.get("properties", {}).items():
        here = (*seg, name)
        if name in required and name in value:
            yield here, "missing", "present (it is required)", MISSING, None
        yield from _nulled(prop, here, components)
        if name in value:
            yield from _walk(prop, value[name], here, components)
            if value[name] not in (None, []):
                continue
        else:
            # An optional field the valid body leaves out can still be sent wrongly typed.
            absent = wrong_type(types_of(prop, components))
            if absent is not None:
                yield here, "wrong type", absent[1], absent[0], None
        # Left out, null or empty: a stand-in of the right type breaking its own keywords
        # inside (an attachment's size) shows whether the tool checks them at all.
        stand_in = example(prop, components)
        if stand_in is None:
            continue
        for inner, kind, expected, sent, origin in _walk(prop, stand_in, (), components):
            if inner:  # the stand-in broken inside
                within = _Within(whole=stand_in, inner=inner, sent=sent)
                yield here, kind, expected, within, origin
            elif kind != "wrong type" and (name not in value or isinstance(stand_in, dict)):
                # A scalar's own keywords (too long, off its pattern); its wrong type is above.
                # (Null in the valid body: its walk above already broke a scalar's non-null
                # branch, but not an object's rules across fields: a proxy with no name.)
                yield here, kind, expected, sent, origin
    if s.get("additionalProperties") is False:
        name = _NESTED_UNKNOWN[len(seg) % 2] if seg else UNKNOWN_FIELD
        named = (*seg, name)
        yield named, "unknown field", "only the fields the contract names", True, None
        yield from _renamed_cases(s, value, seg)
    fill = functools.partial(example, components=components)
    for candidate, rule in cross_field_cases(s, value, components, fill):
        yield seg, "breaks a rule across fields", rule, candidate, None


def _nulled(
    prop: dict[str, Any], here: tuple[str, ...], components: dict[str, Any]
) -> Iterator[Mutation]:
    """(2.13.0) Null for a field that is not nullable, required or not.

    A model shared with an endpoint where null means something (a contact update's
    `requester`: the patient) reads it as that; a binder that takes null as "left out"
    gives the field its default. The contract has neither.
    """
    if "null" not in types_of(prop, components):
        yield here, NULLED, "a value (the field is not nullable)", None, None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _renamed_cases(
    s: dict[str, Any], value: dict[str, Any], seg: tuple[str, ...]
) -> Iterator[Mutation]:
    """(2.11.0) A field sent under a name the contract does not give it, its value kept.

    Names are exact: a binder that matches them case-insensitively (.NET's
    PropertyNameCaseInsensitive) or through camelCase aliases (`populate_by_name`) takes
    a body the contract forbids. Of the fields the valid body gives, the first without an
    underscore (else the first) is sent with a capital first letter, and the first other
    one with an underscore in camelCase.
    """
    given = [n for n in s.get("properties", {}) if n in value]
    renames = {}
    capital = next((n for n in given if "_" not in n), given[0] if given else None)
    if capital is not None:
        renames[capital] = capital[:1].upper() + capital[1:]
    snake = next((n for n in given if "_" in n and n != capital), None)
    if snake is not None:
        renames[snake] = _camel(snake)
    for old, new in renames.items():
        body = {new if k == old else k: v for k, v in value.items()}
        expected = f"the field's name exactly {old!r}"
        yield (*seg, new), "renamed field", expected, _Renamed(body), None


def _array_cases(
    s: dict[str, Any], value: list[Any], seg: tuple[str, ...], components: dict[str, Any]
) -> Iterator[Mutation]:
    least, most = s.get("minItems"), s.get("maxItems")
    if isinstance(least, int) and least > 0:
        yield seg, "too few items", f"at least {least} items", value[: least - 1], None
    if isinstance(most, int) and value:
        many = (value * (most + 1))[: most + 1]
        yield seg, "too many items", f"at most {most} items", many, None
    if s.get("uniqueItems") and value:
        yield seg, "repeated items", "no item twice", [value[0], value[0]], None
    if value and isinstance(s.get("items"), dict):
        yield from _walk(s["items"], value[0], (*seg, "0"), components)


def _walk(
    schema: dict[str, Any], value: Any, seg: tuple[str, ...], components: dict[str, Any]
) -> Iterator[Mutation]:
    """Every way to break the schema at `seg` (and below), given the valid `value` there."""
    s = resolve(schema, components)
    wrong = wrong_type(types_of(s, components))
    if wrong is not None:
        yield seg, "wrong type", wrong[1], wrong[0], None
    branches = s.get("anyOf") or s.get("oneOf")
    if branches and "type" not in s and "properties" not in s:
        # A nullable field (T or null): break T's own constraints, as if it were T.
        # Other unions are left alone: which branch a value breaks is not clear-cut.
        solid = [b for b in branches if resolve(b, components).get("type") != "null"]
        if len(solid) != 1:
            return
        s = resolve(solid[0], components)
    kind = s.get("type")
    if kind == "object" and isinstance(value, dict):
        yield from _object_cases(s, value, seg, components)
    elif kind == "array" and isinstance(value, list):
        yield from _array_cases(s, value, seg, components)
    elif kind == "string":
        yield from string_cases(s, value, seg)
    elif kind in ("integer", "number"):
        if "enum" in s:
            yield seg, "not in enum", f"one of {s['enum']}", max(s["enum"]) + 1, None
        yield from _number_cases(s, seg)
        if kind == "integer":
            yield from _integer_spellings(value, seg)
        # JSON's true and false are no numbers, though Python's bool is an int (True == 1).
        for flag in (True, False):
            number = "an integer" if kind == "integer" else "a number"
            yield seg, "boolean for a number", f"{number} (JSON true/false is none)", flag, None
    elif kind == "boolean":
        # What forms and other languages send for a checkbox; JSON's are true and false.
        for other in (int(bool(value)), "true" if value else "false"):
            yield seg, "boolean spelled otherwise", "true or false", other, None


def _json_path(segments: Sequence[str]) -> str:
    return "$" + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in segments)


def _put(body: Any, segments: Sequence[str], value: Any) -> Any:
    """A deep copy of `body` with `value` at `segments` (removed for `MISSING`)."""
    out = copy.deepcopy(body)
    if not segments:
        return value
    node = out
    for part in segments[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = segments[-1]
    if value is MISSING:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return out


@attrs.frozen
class _Renamed:
    """An object with one key renamed: sent whole at its parent's path."""

    obj: dict[str, Any]


def _not_utf8(body: dict[str, Any]) -> bytes:
    """The valid body with the first string value's text replaced by bytes invalid in UTF-8."""
    marker = "\u2603marker\u2603"
    for name, val in body.items():
        if isinstance(val, str):
            raw = orjson.dumps({**body, name: marker})
            return raw.replace(marker.encode(), b"\xff\xfe\xfd")
    return b'{"\xff\xfe": 1}'


def body_cases(op: WriteOperation, valid: dict[str, Any]) -> list[Case]:
    """Every body the contract forbids for `op`, built from the `valid` body."""
    document = openapi_document()
    components: dict[str, Any] = document["components"]["schemas"]
    schema = components[op.schema_name]
    first = next(iter(valid), "x")
    cases = [
        Case(
            field="$",
            segments=(),
            kind="not JSON",
            expected="a JSON object",
            body=f'{{"{first}": '.encode(),
        ),
        Case(
            field="$",
            segments=(),
            kind="not UTF-8",
            expected="JSON in UTF-8",
            body=_not_utf8(valid),
        ),
        # (2.11.0) An array of valid bodies, as a bulk-import path takes: the body is one
        # object.
        Case(
            field="$",
            segments=(),
            kind="an array of bodies",
            expected="a JSON object",
            body=orjson.dumps([valid, valid]),
        ),
    ]
    for at, kind, expected, drawn, origin in _walk(schema, valid, (), components):
        seg, value, put, place = at, drawn, drawn, at
        if isinstance(drawn, _Renamed):
            # The whole object, one key renamed, at the parent's path; the case names the key.
            put, value, place = drawn.obj, True, at[:-1]
        elif isinstance(drawn, _Within) and isinstance(drawn.sent, _Renamed):
            put = _put(drawn.whole, drawn.inner[:-1], drawn.sent.obj)
            seg, value = (*at, *drawn.inner), True
        elif isinstance(drawn, _Within):
            # The whole stand-in is sent at the field; the case names the place inside it.
            inner = _RAW if isinstance(drawn.sent, RawNumber) else drawn.sent
            put = _put(drawn.whole, drawn.inner, inner)
            seg, value = (*at, *drawn.inner), drawn.sent
        elif isinstance(drawn, RawNumber):
            put = _RAW
        body = orjson.dumps(_put(valid, place, put))
        if isinstance(value, RawNumber):
            body = body.replace(orjson.dumps(_RAW), value.text.encode(), 1)
        cases.append(
            Case(
                field=_json_path(seg),
                segments=seg,
                kind=kind,
                expected=expected,
                body=body,
                sent=value,
                origin=origin,
            )
        )
    return cases


def sample(cases: list[Case], budget: int, rng: random.Random) -> list[Case]:
    """At most `budget` cases: whole-body ones and nulls, one per field, the rest at random.

    (2.13.0) Every null for a field that is not nullable is sent: a few per operation.
    """
    if len(cases) <= budget:
        return list(cases)
    chosen = [c for c in cases if not c.segments or c.kind == NULLED]
    by_field: dict[str, list[Case]] = {}
    for c in cases:
        if c.segments:
            by_field.setdefault(c.field, []).append(c)
    firsts = [rng.choice(group) for group in by_field.values()]
    rng.shuffle(firsts)
    chosen += firsts[: max(0, budget - len(chosen))]
    rest = [c for c in cases if c not in chosen]
    rng.shuffle(rest)
    chosen += rest[: max(0, budget - len(chosen))]
    order = {id(c): i for i, c in enumerate(cases)}
    return sorted(chosen, key=lambda c: order[id(c)])
