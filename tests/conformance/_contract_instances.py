"""Instances of the tool contract's bodies, drawn from their JSON Schemas alone.

Reads only the keywords the SDK's schema generator emits (`KEYWORDS`). Choices
(optional fields present or not, which `anyOf` branch, lengths, numbers, list
sizes) come from a `random.Random` seeded by one hypothesis draw: hypothesis'
own choices favour the first option and the low end, so in a body of thirty
fields most drawn texts were short and most requests follow-ups. Contents
(characters, pattern-matching strings, instants) are hypothesis draws.

`repair=True` meets the few rules the schemas state only in words ("Must be ..."
in a field's description), so what is drawn should be accepted whole.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from gponline_sdk.conformance.contract import openapi_document
from gponline_sdk.models.identifiers import nhs_number_check_digit

__all__ = ["KEYWORDS", "NULL", "REPAIRS", "SCHEMAS", "bodies", "length", "non_null", "target"]

SCHEMAS: dict[str, Any] = openapi_document()["components"]["schemas"]
KEYWORDS = {
    "$ref", "additionalProperties", "allOf", "anyOf", "const", "description", "enum", "format",
    "items", "maxLength", "maximum", "minItems", "minLength", "minimum", "pattern",
    "properties", "required", "title", "type", "uniqueItems",
}  # fmt: skip
NULL = {"type": "null"}
T = TypeVar("T")


def target(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema a `$ref` points at."""
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def non_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A field's schema without its `null` option."""
    options = schema.get("anyOf")
    if options and NULL in options:
        return target(next(o for o in options if o != NULL))
    return target(schema)


def length(rnd: random.Random, lo: int, hi: int) -> int:
    """Anywhere in [lo, hi], evenly; a bound one time in ten."""
    return rnd.choice((lo, hi)) if rnd.random() < 0.1 else rnd.randint(lo, hi)


_ZONES = st.one_of(
    st.just(timezone.utc),
    st.just(ZoneInfo("Europe/London")),
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m))),
)
_INSTANTS = st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1), timezones=_ZONES).map(
    lambda d: d.isoformat().replace("+00:00", "Z")
)


def _nhs_number(rnd: random.Random) -> str:
    while (check := nhs_number_check_digit(first := f"{rnd.randrange(10**9):09d}")) is None:
        pass
    digits = first + str(check)
    sep = rnd.choice(("", " ", "-"))
    return f"{digits[:3]}{sep}{digits[3:6]}{sep}{digits[6:]}"


def _content(draw: st.DrawFn, rnd: random.Random, strategy: st.SearchStrategy[T]) -> T:
    """Draw with hypothesis, and let what was drawn steer the choices that follow.

    Hypothesis makes new examples by changing parts of earlier ones, so most examples
    share their first draw (the seed) with another; without this, they would share every
    choice too (35 distinct choice streams in 221 examples, measured).
    """
    value = draw(strategy)
    rnd.seed(f"{rnd.random()}|{value!r}")
    return value


def _string(draw: st.DrawFn, rnd: random.Random, schema: dict[str, Any]) -> str:
    lo, hi = schema.get("minLength", 0), schema.get("maxLength", 300)
    fmt = schema.get("format")
    if fmt == "date-time":
        return _content(draw, rnd, _INSTANTS)
    if fmt == "date":
        return _content(draw, rnd, st.dates(date(1900, 1, 1), date(2200, 1, 1))).isoformat()
    if fmt == "nhs-number":
        return _nhs_number(rnd)
    patterns = [schema["pattern"]] if "pattern" in schema else []
    patterns += [p["pattern"] for p in schema.get("allOf", [])]
    if patterns:
        first = patterns[0]
        # ECMA's `$` ends the string; Python's also allows a newline before it: draw whole.
        whole = first.startswith("^") and first.endswith("$")
        drawn = st.from_regex(first[1:-1] if whole else first, fullmatch=whole)
        rest = patterns[1:]
        return _content(
            draw,
            rnd,
            drawn.filter(lambda s: lo <= len(s) <= hi and all(re.search(p, s) for p in rest)),
        )
    # Long texts are built from a short drawn unit, so every length costs the same to draw.
    n, unit = length(rnd, lo, hi), _content(draw, rnd, st.text(min_size=1, max_size=20))
    return (unit * (n // len(unit) + 1))[:n]


def _value(draw: st.DrawFn, rnd: random.Random, schema: dict[str, Any], repair: bool) -> Any:
    if "$ref" in schema:
        return _object(draw, rnd, target(schema), repair)
    if "anyOf" in schema:
        return _value(draw, rnd, rnd.choice(schema["anyOf"]), repair)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return rnd.choice(schema["enum"])
    kind = schema["type"]
    if kind == "string":
        return _string(draw, rnd, schema)
    if kind == "integer":
        lo = schema.get("minimum", -(10**6))
        return length(rnd, lo, schema.get("maximum", lo + 10**6))
    if kind == "boolean":
        return rnd.random() < 0.5
    if kind == "null":
        return None
    assert kind == "array", schema
    least = schema.get("minItems", 0)
    items = [
        _value(draw, rnd, schema["items"], repair) for _ in range(rnd.randint(least, least + 3))
    ]
    if schema.get("uniqueItems"):
        items = list({repr(i): i for i in items}.values()) or items[:1]
    return items


def _object(draw: st.DrawFn, rnd: random.Random, schema: dict[str, Any], repair: bool) -> Any:
    required = set(schema["required"])
    out = {}
    for name, prop in schema["properties"].items():
        if name in required or rnd.random() < 0.5:
            out[name] = _value(draw, rnd, prop, repair)
    for rule in schema.get("allOf", []):  # cross-field rules: one branch of each holds
        branch = rnd.choice(rule["anyOf"])
        for name, prop in branch["properties"].items():
            if prop == NULL and name not in required and rnd.random() < 0.5:
                out.pop(name, None)
            else:
                out[name] = _value(draw, rnd, prop, repair)
    return REPAIRS.get(schema["title"], lambda o: o)(out) if repair else out


@st.composite
def bodies(draw: st.DrawFn, name: str, *, repair: bool) -> Any:
    """An instance of the contract's body `name`, valid against its schema."""
    rnd = random.Random(draw(st.integers(0, 2**64), label="seed"))
    return _object(draw, rnd, SCHEMAS[name], repair)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _not_before(later: str, earlier: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def fix(obj: dict[str, Any]) -> dict[str, Any]:
        if obj.get(later) and obj.get(earlier) and _instant(obj[later]) < _instant(obj[earlier]):
            obj[later] = obj[earlier]
        return obj

    return fix


def _week(obj: dict[str, Any]) -> dict[str, Any]:
    start = date.fromisoformat(obj["start"])
    start -= timedelta(days=start.weekday())
    return {"start": start.isoformat(), "end": (start + timedelta(days=6)).isoformat()}


def _not_itself(obj: dict[str, Any]) -> dict[str, Any]:
    if obj.get("follows_up") == obj["reference"]:
        obj["follows_up"] = ("Y" if obj["reference"][0] == "Z" else "Z") + obj["reference"][1:]
    return obj


REPAIRS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "Acknowledgement": _not_before("respond_by", "received_at"),
    "VideoSession": _not_before("ended_at", "started_at"),
    "ConsultationRequest": _not_itself,
    "ReportingPeriod": _week,
}
"""What each model's description states in words ("Must be ..."), met after the draw."""
