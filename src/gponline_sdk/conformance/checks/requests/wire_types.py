"""Every field of every write operation refuses a value of the wrong JSON type (group `requests`).

Schema-driven, from a valid body of each operation: at each field the body holds,
a JSON number where the schema says string (`9991234567` for an NHS number, the
digits of the value as a form library that parsed it would send), a string where
it says number or boolean (`"15"`, `"true"`), true and false where it says number
(Python's bool is an int), and one of a list, an object or null
(where the field is not nullable) for each scalar or container. The contract's
types are the contract: a tool that coerces `9991234567` into `"9991234567"`
accepts data its schema forbids, which breaks the operation's MUST (catalogue).
Joining a video session is left to `robustness.invalid-input.video-join`: its one
field is an enum, which no number or string outside the enum can satisfy.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import orjson

from gponline_sdk.conformance.checks._fidelity import components
from gponline_sdk.conformance.checks._leaf_cases import types_of
from gponline_sdk.conformance.checks._schema_rules import resolve
from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, target_of
from gponline_sdk.conformance.checks._write_ops import (
    DAY,
    operation,
    operation_path,
    valid_body,
)
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import MessageDirection

__all__ = ["wrong_types"]

_SHOWN = 3


def _coerced(value: Any, allowed: set[str]) -> Any:
    """The value of another scalar type a lenient binder would read as `value`, or MISSING."""
    if "string" in allowed and isinstance(value, str) and not allowed & {"integer", "number"}:
        digits = re.sub(r"\D", "", value)
        return int(digits[:15]) if digits else 42
    if allowed & {"integer", "number"} and "string" not in allowed:
        return str(value) if isinstance(value, (int, float)) else "15"
    if "boolean" in allowed and "string" not in allowed:
        return "true" if value is not False else "false"
    return _MISSING


_MISSING = object()


def wrong_types(
    schema: dict[str, Any], value: Any, path: tuple[Any, ...], turn: list[int]
) -> Iterator[tuple[tuple[Any, ...], str, Any]]:
    """`(path, expected, wrong value)` for each field present in `value`, below `schema`."""
    schemas = components()
    s = resolve(schema, schemas)
    allowed = types_of(s, schemas)
    if path:
        expected = " or ".join(sorted(allowed))
        coerced = _coerced(value, allowed)
        if coerced is not _MISSING:
            yield path, expected, coerced
        if allowed & {"integer", "number"} and "boolean" not in allowed:
            # Python's bool is an int: a binder built on it reads true as 1, false as 0.
            yield path, expected, True
            yield path, expected, False
        # One of the other wrong shapes, in turn: a list, an object, null.
        others = [
            v
            for t, v in (("array", [value]), ("object", {"value": 1}), ("null", None))
            if t not in allowed
        ]
        if others:
            turn[0] += 1
            yield path, expected, others[turn[0] % len(others)]
    solid = [b for b in s.get("anyOf", ()) if resolve(b, schemas).get("type") != "null"]
    if len(solid) == 1:
        s = resolve(solid[0], schemas)
    if isinstance(value, dict):
        for name, prop in s.get("properties", {}).items():
            if name in value:
                yield from wrong_types(prop, value[name], (*path, name), turn)
    elif isinstance(value, list) and value and "items" in s:
        yield from wrong_types(s["items"], value[0], (*path, 0), turn)


def _put(body: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(body)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _shown(value: Any) -> str:
    """The JSON type sent, not the value: a number made of an identifier's digits is one."""
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string"}.get(
        type(value),
        "null"
        if value is None
        else f"a{'' if isinstance(value, list) else 'n'} "
        f"{'list' if isinstance(value, list) else 'object'}",
    )


def _refuses(ctx: CheckContext, method: str, path: str, direction: MessageDirection) -> None:
    op = operation(method, path)
    canaries = Canaries(ctx, f"wrong-types-{op.label}")
    with clock_at(ctx, london(DAY, 11)):
        where = operation_path(ctx, op, canaries)
        valid = valid_body(ctx, op, canaries, direction, photo=True)
        cases = list(wrong_types(components()[op.schema_name], valid, (), [0]))
        ctx.note(f"budget: {len(cases)} bodies for {op.label}, one per wrong JSON type sent")
        target = target_of(ctx)
        accepted = []
        for at, expected, value in cases:
            reply = target.send_raw(method, where, orjson.dumps(_put(valid, at, value)))
            if 200 <= reply.status < 300:
                field = "$." + ".".join(str(p) for p in at)
                accepted.append(
                    f"{field}: expected {expected}, sent {_shown(value)} (HTTP {reply.status})"
                )
    if accepted:
        more = f"; and {len(accepted) - _SHOWN} more" if len(accepted) > _SHOWN else ""
        raise CheckFailed(
            f"{op.label} accepted {len(accepted)} of {len(cases)} bodies with a field of the "
            f"wrong JSON type: {'; '.join(accepted[:_SHOWN])}{more}"
        )


def _register(name: str, method: str, path: str, requirement: str) -> None:
    @check(
        f"requests.wrong-json-types.{name}",
        title=f"{method} {path} refuses a field of the wrong JSON type, field by field",
        requirements=[requirement],
        group="requests",
    )
    def run(ctx: CheckContext) -> None:
        _refuses(ctx, method, path, MessageDirection.PATIENT_TO_PRACTICE)

    run.__doc__ = f"{method} {path}: each field sent as another JSON type must be refused."


_register("requests", "POST", "/requests", "OC-ACCESS-01")
_register("video-schedule", "POST", "/video/sessions", "VC-SCHED-01")
_register("messages-in", "POST", "/messages", "MSG-IN-01")
_register("contact-details", "POST", "/contact-details", "CD-UPD-01")
