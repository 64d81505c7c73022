"""The reference tool's lax-pattern fault modes: near misses read as valid, and bare locations.

Each `LAX_READS` fault rewrites, before the clean parser sees it, every string of
a request body at a field with a `pattern` or `format` the way a laxer parser
reads it (a date cut to its first 10 characters, whitespace stripped, an email
cut at its second '@', full-width digits read as digits, round 13: a date in ISO 8601's
basic or week form read as the date), so a near miss the
contract refuses is accepted. `bare_location_problem` is a 400 that names the
bad field without the JSON path's `$` (``patient.nhs_number``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import Any

from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.serde import from_json

__all__ = ["BARE_LOCATIONS", "LAX_READS", "bare_location_problem", "lax_read"]

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _date_prefix(value: str, schema: dict[str, Any]) -> str:
    # A date-time parser whose result is cut to its date: 1990-05-12T00:00:00 as 1990-05-12.
    return value[:10] if schema.get("format") == "date" and _DATE_PREFIX.match(value) else value


def _stripped(value: str, _: dict[str, Any]) -> str:
    return value.strip()  # str.strip also takes no-break spaces and line breaks


def _first_at(value: str, _: dict[str, Any]) -> str:
    # An email check that asks only for an '@': whatever follows a second one is ignored.
    parts = value.split("@")
    return "@".join(parts[:2]) if len(parts) > 2 else value


def _digits(value: str, _: dict[str, Any]) -> str:
    # Many regex digit classes and int() read any Unicode decimal digit (U+FF19 as 9).
    return "".join(str(unicodedata.digit(c)) if c.isdecimal() else c for c in value)


_BASIC_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WEEK_DATE = re.compile(r"^(\d{4})-?W(\d{2})-?([1-7])$")


def _basic_date(value: str, schema: dict[str, Any]) -> str:
    # Round 13: ISO 8601's basic form (19900512), which Python 3.11's date.fromisoformat takes.
    found = _BASIC_DATE.match(value) if schema.get("format") == "date" else None
    return "-".join(found.groups()) if found else value


def _week_date(value: str, schema: dict[str, Any]) -> str:
    # Round 13: an ISO week date (1990-W19-6), which date.fromisoformat also takes since 3.11.
    found = _WEEK_DATE.match(value) if schema.get("format") == "date" else None
    if found is None:
        return value
    try:
        read = datetime.strptime("-".join(found.groups()), "%G-%V-%u")  # noqa: DTZ007 - a date
        return read.date().isoformat()
    except ValueError:
        return value


LAX_READS: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "accepts-date-with-time": _date_prefix,
    "accepts-padded-patterned-values": _stripped,
    "accepts-email-with-two-ats": _first_at,
    "accepts-non-ascii-digits": _digits,
    "accepts-iso-basic-dates": _basic_date,
    "accepts-iso-week-dates": _week_date,
}
"""Fault -> how it reads a patterned string (see the module docs)."""
BARE_LOCATIONS = "error-location-without-dollar"


def _resolve(schema: Any, components: dict[str, Any]) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _walk(
    schema: Any, value: Any, components: dict[str, Any], read: Callable[[str, dict[str, Any]], str]
) -> Any:
    """`value` with each patterned string below `schema` as `read` takes it."""
    s = _resolve(schema, components)
    if not isinstance(s, dict):
        return value
    if isinstance(value, str):
        for branch in [s, *(_resolve(b, components) for b in s.get("anyOf", ()))]:
            if isinstance(branch, dict) and {"pattern", "format"} & set(branch):
                return read(value, branch)
        return value
    if isinstance(value, dict):
        props = s.get("properties", {})
        return {k: _walk(props.get(k), v, components, read) for k, v in value.items()}
    if isinstance(value, list) and isinstance(s.get("items"), dict):
        return [_walk(s["items"], v, components, read) for v in value]
    return value


def lax_read(
    fault: str, data: dict[str, Any], schema: dict[str, Any], components: dict[str, Any]
) -> dict[str, Any]:
    """The body `data` (of `schema`) as a tool with lax-pattern `fault` reads it."""
    out: dict[str, Any] = _walk(schema, data, components, LAX_READS[fault])
    return out


def bare_location_problem(body: bytes, cls: type[Any]) -> Problem | None:
    """The first problem the clean parser finds in `body`, its location without ``$.``."""
    try:
        from_json(body, cls, subject="request body")
    except ValidationError as exc:
        first = exc.problems[0] if exc.problems else None
        if first is not None and first.location.startswith(("$.", "$[")):
            bare = first.location[1:].lstrip(".")
            return Problem(location=bare, message=first.message)
    return None
