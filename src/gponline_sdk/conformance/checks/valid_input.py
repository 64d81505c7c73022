"""Checks that every write operation accepts the bodies at the edges of its contract (`robustness`).

A tool stricter than its contract turns real patients and clinicians away: a
240-minute session refused at 120, a one-letter name, a time written with
``+01:00`` or three fractional digits. `_valid_bodies.boundary_bodies` reads
each request schema and builds, from a valid body, bodies holding every edge it
allows (bounds, lengths, enum members, each spelling of an instant), spread over
few requests. Each must be accepted (2xx): refusing one breaks the operation's
MUST (`robustness.valid-input.*`).

Every answer, and the object read back where the contract has a read (the
practice's view of a request, a session, a contact-details update, a thread),
is held to the contract's response schema as published, patterns included
(`_response_schema`): the SDK's parser alone reads ``10:30Z`` or seven
fractional digits without a word.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

import orjson

from gponline_sdk.conformance.checks._invalid_bodies import WriteOperation
from gponline_sdk.conformance.checks._response_schema import response_problems
from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, target_of
from gponline_sdk.conformance.checks._valid_bodies import Boundary, boundary_bodies
from gponline_sdk.conformance.checks._write_ops import (
    DAY,
    JOIN,
    operation,
    operation_path,
    valid_body,
)
from gponline_sdk.conformance.contract import openapi_document
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import MessageDirection

__all__: list[str] = []

_SHOWN = 3
# Fields whose value means more than the schema says: the test practice, a category tied
# to follows_up, who writes a message, the message or request a body links to.
_KEEP = frozenset({"$.practice_code", "$.category", "$.direction", "$.in_reply_to", "$.follows_up"})
# Where the contract lets the practice read back what an operation made: (template, query).
_READS = {
    "/requests": "/practice/requests/{reference}",
    "/video/sessions": "/video/sessions/{reference}",
    "/contact-details": "/practice/contact-details/{reference}",
}


def _read_back(ctx: CheckContext, op: WriteOperation, data: Any, sent: Any = None) -> list[str]:
    """The schema problems of what the practice reads back of an accepted body, if it can.

    (2.11.0) A video session read back starts at the instant sent.
    """
    reference = data.get("reference") if isinstance(data, dict) else None
    if not isinstance(reference, str):
        return []
    target = target_of(ctx)
    if op.path == "/messages":
        template, path = "/messages", "/messages?" + urlencode({"thread": reference})
    elif op.path in _READS:
        template = _READS[op.path]
        path = template.replace("{reference}", quote(reference, safe=""))
    else:
        return []
    reply = target.send_raw("GET", path)
    if reply.status != 200:
        return [
            (
                f"GET {template}: expected HTTP 200 for what was just accepted, "
                f"received HTTP {reply.status}"
            )
        ]
    try:
        seen = orjson.loads(reply.text) if reply.text else None
    except orjson.JSONDecodeError:
        seen = None
    shown = f"GET {template}"
    return response_problems("GET", template, 200, reply.text) + _instants_differ(
        op, sent, seen, shown
    )


def _send(ctx: CheckContext, op: WriteOperation, boundary: Boundary, path: str) -> list[str]:
    """What went wrong with one valid body: refused, or answered off the contract's schema."""
    reply = target_of(ctx).send_raw(op.method, path, orjson.dumps(boundary.body))
    held = ", ".join(boundary.edges)
    if not 200 <= reply.status < 300:
        where = ""
        if reply.error is not None and reply.error.problems:
            where = " at " + ", ".join(p.location for p in reply.error.problems[:3])
        return [
            (
                f"a body with {held}: expected a 2xx (the contract allows it), "
                f"received HTTP {reply.status}{where}"
            )
        ]
    # The acknowledgement of a request is OC-ACK-01's (response.acknowledgement checks it).
    found = (
        []
        if op.path == "/requests"
        else response_problems(op.method, op.path, reply.status, reply.text)
    )
    try:
        data = orjson.loads(reply.text) if reply.text else None
    except orjson.JSONDecodeError:
        data = None
    found += _instants_differ(op, boundary.body, data, "the 201 answer")
    return [f"a body with {held}: {p}" for p in found + _read_back(ctx, op, data, boundary.body)]


def _instant(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        # Python 3.10's fromisoformat reads no 'Z'; every offset, '-00:00' included, it reads.
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def _instants_differ(op: WriteOperation, sent: Any, got: Any, where: str) -> list[str]:
    """(2.11.0) A video session's scheduled_start, as answered or read, is the instant sent.

    Any spelling the schema allows names one instant (Z, +00:00, -00:00, another offset,
    1 to 6 fractional digits): a tool reading one of them as another instant books the
    session at the wrong time, though it answers 201.
    """
    if op.path != "/video/sessions" or not isinstance(got, dict) or not isinstance(sent, dict):
        return []
    want, have = _instant(sent.get("scheduled_start")), _instant(got.get("scheduled_start"))
    if want is None or have is None or want == have:
        return []
    shown = f"({sent['scheduled_start']}), received {got['scheduled_start']}"
    return [f"{where}: scheduled_start: expected the instant sent {shown}"]


def _accepts_edges(
    ctx: CheckContext, method: str, template: str, direction: MessageDirection, label: str
) -> None:
    op = operation(method, template)
    canaries = Canaries(ctx, label)
    components: dict[str, Any] = openapi_document()["components"]["schemas"]
    with clock_at(ctx, london(DAY, 10)):
        path = operation_path(ctx, op, canaries)
        valid = valid_body(ctx, op, canaries, direction)
        photo = valid.get("attachments")  # one capabilities read is enough

        def base(k: int) -> dict[str, Any]:
            # Another patient, text and start each time: a repeat may rightly count as one.
            fresh = valid_body(ctx, op, canaries, direction, variant=k, photo=False)
            if "category" in valid:
                fresh["category"] = valid["category"]  # one the tool offers (`Offered`)
            return {**fresh, "attachments": photo} if photo is not None else fresh

        bodies = boundary_bodies(components[op.schema_name], valid, components, _KEEP, base)
        issued = [c for c in canaries.issued if len(c) > 5]
        for boundary in bodies:
            # Free text lengthened from a canary is as identifying as the canary: masked too.
            derived = _texts_over(boundary.body, 5)
            canaries.issue(*[t for t in derived if any(c in t or t in c for c in issued)])
        reads = 1 if method == "POST" and (template in _READS or template == "/messages") else 0
        ctx.note(
            f"{op.label}: {len(bodies)} bodies at the edges the contract's {op.schema_name} "
            f"allows, each with {1 + reads} request(s) (budget {len(bodies) * (1 + reads) + 6})"
        )
        found = [p for b in bodies for p in _send(ctx, op, b, path)]
    if found:
        more = f"; and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
        raise CheckFailed(f"{op.label}: {'; '.join(found[:_SHOWN])}{more}")


def _texts_over(value: Any, least: int) -> list[str]:
    if isinstance(value, str):
        return [value] if len(value) > least else []
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts_over(v, least)]
    if isinstance(value, list):
        return [t for v in value for t in _texts_over(v, least)]
    return []


def _register(
    name: str, method: str, path: str, requirements: list[str], direction: MessageDirection
) -> None:
    check_id = f"robustness.valid-input.{name}"
    who = f" ({direction.value.replace('_', ' ')})" if path == "/messages" else ""

    @check(
        check_id,
        title=f"{method} {path}{who} accepts every edge value the contract allows",
        requirements=requirements,
        group="robustness",
    )
    def run(ctx: CheckContext) -> None:
        _accepts_edges(ctx, method, path, direction, check_id)

    run.__doc__ = (
        f"Send {method} {path} bodies at the edges its schema allows: each must be accepted, "
        "and the answers must match the contract's response schema."
    )


_IN, _OUT = MessageDirection.PATIENT_TO_PRACTICE, MessageDirection.PRACTICE_TO_PATIENT
_register("requests", "POST", "/requests", ["OC-ACCESS-01"], _IN)
_register("video-schedule", "POST", "/video/sessions", ["VC-SCHED-01"], _IN)
_register("video-join", "POST", JOIN, ["VC-SCHED-01"], _IN)
_register("messages-in", "POST", "/messages", ["MSG-IN-01"], _IN)
_register("messages-out", "POST", "/messages", ["MSG-OUT-01"], _OUT)
_register("contact-details", "POST", "/contact-details", ["CD-UPD-01"], _IN)
