"""Checks that bad input gets a clear 4xx, never a 5xx (group `robustness`)."""

from __future__ import annotations

import orjson

from gponline_sdk.conformance.checks._support import Canaries, target_of
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import RequestCategory
from gponline_sdk.serde import unstructure

__all__: list[str] = []


@check(
    "robustness.malformed-input",
    title="Malformed requests get a 4xx with an error naming the field, never a 5xx",
    requirements=["ROB-4XX-01"],
    group="robustness",
)
def malformed_input(ctx: CheckContext) -> None:
    """Send broken bodies to each write operation: 4xx, naming the field where one is wrong."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "malformed")
    good = unstructure(canaries.submission(RequestCategory.ASK_QUESTION))
    missing = {k: v for k, v in good.items() if k != "description"}
    cases: list[tuple[str, str, bytes, str | None]] = [
        ("POST", "/requests", b'{"category": ', None),
        ("POST", "/requests", b"[]", None),
        ("POST", "/requests", orjson.dumps(missing), "description"),
        ("POST", "/requests", orjson.dumps({**good, "category": 42}), "category"),
        ("POST", "/requests", orjson.dumps({**good, "surprise": True}), "surprise"),
        ("POST", "/requests", orjson.dumps({**good, "category": "x" * 5000}), "category"),
        ("PUT", "/test/clock", orjson.dumps({"now": "2026-11-24T10:00:00"}), "now"),
        ("POST", "/messages", b"not json at all", None),
        ("POST", "/contact-details", orjson.dumps({"practice_code": 7}), None),
        ("POST", "/video/sessions", b"\xff\xfe", None),
    ]
    for method, path, body, field in cases:
        reply = target.send_raw(method, path, body)
        what = f"a malformed {method} {path}"
        ctx.expect(reply.status < 500, f"{what} was answered HTTP {reply.status} (a server error)")
        ctx.expect(400 <= reply.status < 500, f"{what} was answered HTTP {reply.status}, not 4xx")
        ctx.expect(reply.error is not None, f"{what} got no error body with a message")
        if field is not None and reply.error is not None:
            ctx.expect(
                any(field in p.location for p in reply.error.problems),
                f"the error for {what} does not name the field '{field}'",
            )
