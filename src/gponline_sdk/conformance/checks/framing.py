"""AV-CORE-01 on a shared connection: a body the tool refuses is read to its end.

HTTP/1.1 frames a request's body by its Content-Length (RFC 9112, section 6). A
tool that refuses a body (here: one labelled with another media type than JSON)
without reading it, and keeps the connection open, reads the rest of that body
as the start of the next request. Behind a proxy or load balancer that pools
connections, the next request is another patient's, refused or misread: in core
hours, a form that is not open to them.

The check sends, on a fresh connection each time, a request body labelled with a
media type a JSON API commonly refuses, then at once a valid administrative
request on the same connection. However the tool answers the first (taken as
JSON, 400, 415; a close is allowed too, as HTTP says a server that will not read
a body must do), the second must be taken (201). Answering the first 5xx is a
crash, not a refusal: ROB-4XX-01's warning. It runs after every other check
(`last`), so a tool it throws out of step cannot move another check's verdict,
and ends on a fresh connection.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from gponline_sdk.conformance.checks._support import (
    Canaries,
    london,
    require_harness,
    target_of,
)
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.conformance.target import Reply
from gponline_sdk.errors import TargetUnreachable
from gponline_sdk.models import RequestCategory
from gponline_sdk.serde import to_json

__all__ = ["JSON_LABELS", "MEDIA_TYPES", "body_read_to_end", "json_labels_taken"]

# 11:15 on a Wednesday in BST, no bank holiday; no other check sends on that day.
_AT = london(date(2027, 6, 9), 11, 15)
MEDIA_TYPES = (
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "application/xml",
    "application/octet-stream",
)
"""The labels tried, each on a body spelled as that media type would carry the request."""
# 10:40 on a Thursday in BST, no bank holiday; no other check sends on that day.
_LABELLED_AT = london(date(2027, 6, 10), 10, 40)
JSON_LABELS = (
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    'application/json; charset="utf-8"',
)
"""JSON labelled as common clients label it (.NET, Spring, a quoted value): each is JSON
(RFC 8259 defines no parameters; RFC 9110: parameter names and charset values are
case-insensitive, a value may be quoted), and must be taken as `application/json` is."""


def _spelled(media_type: str, payload: bytes) -> bytes:
    """`payload` (a request's JSON, one line) as a client sending `media_type` would frame it.

    Every body is one line without a line break: what a tool leaves of it on the wire
    then runs into the next request's first line, so the tool reads that request
    wrongly whenever it reads it, not before it has been sent (which would make the
    verdict depend on timing).
    """
    kind = media_type.split(";", 1)[0]
    text = payload.decode()
    if kind == "application/x-www-form-urlencoded":
        return urlencode({"request": text}).encode()
    if kind == "application/xml":
        return f'<?xml version="1.0"?><request><![CDATA[{text}]]></request>'.encode()
    return payload


def _pair(
    ctx: CheckContext, canaries: Canaries, media_type: str
) -> tuple[Reply[Any], Reply[Any]] | None:
    """The labelled body, then a valid request on the same connection; None if it closed."""
    target = target_of(ctx)
    payload = to_json(canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST))
    try:
        first = target.send_raw(
            "POST", "/requests", _spelled(media_type, payload), media_type=media_type
        )
    except TargetUnreachable:
        # Closing instead of reading the body is what HTTP asks of a server that will not
        # read it; the next request goes out on a fresh connection.
        ctx.note(f"{media_type}: the tool closed the connection instead of answering")
        return None
    reply = target.submit_request(canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST))
    return first, reply


@check(
    "robustness.body-read-to-end",
    title="A body of another media type is read to its end: the next request is taken",
    requirements=["AV-CORE-01", "ROB-4XX-01"],
    group="robustness",
    last=True,
)
def body_read_to_end(ctx: CheckContext) -> None:
    """After a body labelled text/plain, form, XML or octet-stream, the next request is taken.

    Four pairs, each on a fresh connection after setting the test clock on it to 11:15
    on a core-hours Wednesday: the labelled body (any answer, or a closed connection),
    then at once a valid administrative request on the same connection, which must get
    201 (AV-CORE-01). A 5xx to the labelled body is ROB-4XX-01's warning.
    """
    ctx.note(
        f"request budget: {1 + 4 * len(MEDIA_TYPES)} (environment; for each of "
        f"{len(MEDIA_TYPES)} labels: clock, the labelled body, a valid request, clock release)"
    )
    canaries = Canaries(ctx, "framing")
    target = target_of(ctx)
    problems: list[str] = []
    crashes: list[str] = []
    for media_type in MEDIA_TYPES:
        # A fresh connection, then the clock set on it, so the pair follows the PUT on the
        # same connection; the clock holds on every connection anyway (contract 2.2.0).
        target.new_connection()
        require_harness(target.set_clock(_AT), "setting the test clock (PUT /test/clock)")
        try:
            found = _pair(ctx, canaries, media_type)
        finally:
            target.new_connection()  # whatever was left on the line goes with it
            target.release_clock()
        if found is None:
            continue
        first, reply = found
        if first.status >= 500:
            crashes.append(f"POST /requests labelled {media_type}: HTTP {first.status}")
        if reply.status != 201 or reply.value is None:
            answer = " ".join(reply.text[:120].split()) or "no body"  # the runner masks it
            problems.append(
                f"after a body labelled {media_type} (answered HTTP {first.status}), the next "
                f"request on the connection, a valid administrative request, was answered "
                f"HTTP {reply.status} ({answer})"
            )
    said: list[str] = []
    if problems:
        said.append(
            f"{len(problems)} of {len(MEDIA_TYPES)} valid requests sent in core hours after a "
            "body of another media type on the same connection were not taken: a refused body "
            "must be read to its end (or the connection closed), or the next request (behind a "
            "proxy, another patient's) is read from its leftover bytes; " + "; ".join(problems)
        )
    if crashes:
        said.append(
            "a body of another media type was answered 5xx, a crash, not a refusal; expected "
            "400 or 415 with an ErrorBody, or the body taken as JSON (ROB-4XX-01): "
            + "; ".join(crashes)
        )
    if said:
        broken = (["AV-CORE-01"] if problems else []) + (["ROB-4XX-01"] if crashes else [])
        raise CheckFailed(" ".join(said), requirements=broken)


@check(
    "robustness.json-labels-taken",
    title="A JSON body labelled with a charset parameter is taken as JSON",
    requirements=["AV-CORE-01"],
    group="robustness",
)
def json_labels_taken(ctx: CheckContext) -> None:
    """A valid request labelled `application/json; charset=utf-8` (and two spellings) is taken.

    Every other request of the suite is labelled `application/json`; many clients add the
    charset (.NET's and Spring's defaults), which changes nothing (contract 2.10.0). Each
    label, in core hours on a Thursday in BST, on a valid administrative request: 201. An
    in-process target has no headers: there the labels change nothing.
    """
    ctx.note(
        f"request budget: {3 + len(JSON_LABELS)} (environment, clock, one valid request per "
        "label, clock release)"
    )
    canaries = Canaries(ctx, "json-labels")
    target = target_of(ctx)
    refused: list[str] = []
    require_harness(target.set_clock(_LABELLED_AT), "setting the test clock (PUT /test/clock)")
    try:
        for label in JSON_LABELS:
            payload = to_json(canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST))
            reply = target.send_raw("POST", "/requests", payload, media_type=label)
            if reply.status != 201:
                answer = " ".join(reply.text[:120].split()) or "no body"  # the runner masks it
                refused.append(f"labelled {label}: HTTP {reply.status} ({answer})")
    finally:
        target.release_clock()
    if refused:
        raise CheckFailed(
            f"{len(refused)} of {len(JSON_LABELS)} valid administrative requests in core hours, "
            "each JSON labelled with a charset parameter, were not taken (expected 201: a "
            "media type's parameters do not change what the body is, contract 2.10.0): "
            + "; ".join(refused)
        )
