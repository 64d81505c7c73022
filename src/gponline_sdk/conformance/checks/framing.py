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
a body must do), the second must be taken (201). It runs after every other check
(`last`), so a tool it throws out of step cannot move another check's verdict,
and ends on a fresh connection.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, target_of
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.errors import TargetUnreachable
from gponline_sdk.models import RequestCategory
from gponline_sdk.serde import to_json

__all__ = ["MEDIA_TYPES", "body_read_to_end"]

_DAY = date(2027, 6, 9)  # a Wednesday in BST, no bank holiday; no other check sends on it
MEDIA_TYPES = (
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "application/xml",
    "application/octet-stream",
)
"""The labels tried, each on a body spelled as that media type would carry the request."""


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


@check(
    "robustness.body-read-to-end",
    title="A body of another media type is read to its end: the next request is taken",
    requirements=["AV-CORE-01"],
    group="robustness",
    last=True,
)
def body_read_to_end(ctx: CheckContext) -> None:
    """After a body labelled text/plain, form, XML or octet-stream, the next request is taken.

    Four pairs on fresh connections, at 11:15 on a core-hours Wednesday: the
    labelled body (any answer, or a closed connection), then at once a valid
    administrative request on the same connection, which must get 201.
    """
    canaries = Canaries(ctx, "framing")
    target = target_of(ctx)
    problems: list[str] = []
    with clock_at(ctx, london(_DAY, 11, 15)):
        for media_type in MEDIA_TYPES:
            target.new_connection()
            payload = to_json(canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST))
            try:
                first = target.send_raw(
                    "POST", "/requests", _spelled(media_type, payload), media_type=media_type
                )
            except TargetUnreachable:
                # Closing instead of reading the body is what HTTP asks of a server that
                # will not read it; the next request goes out on a fresh connection.
                ctx.note(f"{media_type}: the tool closed the connection instead of answering")
                continue
            reply = target.submit_request(
                canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST)
            )
            if reply.status != 201 or reply.value is None:
                said = " ".join(reply.text[:120].split()) or "no body"  # the runner masks it
                problems.append(
                    f"after a body labelled {media_type} (answered HTTP {first.status}), the next "
                    f"request on the connection, a valid administrative request, was answered "
                    f"HTTP {reply.status} ({said})"
                )
    target.new_connection()  # whatever was left on the line goes with it
    ctx.expect(
        not problems,
        f"{len(problems)} of {len(MEDIA_TYPES)} valid requests sent in core hours after a body "
        "of another media type on the same connection were not taken: a refused body must be "
        "read to its end (or the connection closed), or the next request (behind a proxy, "
        "another patient's) is read from its leftover bytes; " + "; ".join(problems),
    )
