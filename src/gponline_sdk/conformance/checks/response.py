"""Checks of the acknowledgement and the response time it promises (group `response`)."""

from __future__ import annotations

import re
from datetime import date, datetime

from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    london,
    require,
    submit_and_view,
    target_of,
)
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import CORE_HOURS, RequestCategory

__all__: list[str] = []

_WHEN_WORDS = re.compile(r"\b(today|tomorrow|next working day)\b", re.IGNORECASE)


def says_when(message: str, respond_by: datetime) -> bool:
    """True when the message tells the patient when: a time, a date or a plain word for it."""
    local = respond_by.astimezone(CORE_HOURS.zone)
    clock_forms = {f"{local:%H:%M}", f"{local.hour % 12 or 12}:{local:%M}", f"{local:%H.%M}"}
    date_forms = {f"{local.day} {local:%B}", f"{local:%d/%m}", local.date().isoformat()}
    return (
        any(form in message for form in clock_forms | date_forms)
        or _WHEN_WORDS.search(message) is not None
    )


@check(
    "response.acknowledgement",
    title="Each request is acknowledged with a reference and when to expect a response",
    requirements=["OC-ACK-01"],
    group="response",
)
def acknowledgement(ctx: CheckContext) -> None:
    """The acknowledgement's reference finds the request; its message says when."""
    canaries = Canaries(ctx, "acknowledgement")
    now = london(date(2026, 11, 24), 10, 30)
    with clock_at(ctx, now):
        sub = canaries.submission(RequestCategory.SEEK_HEALTH_ADVICE)
        ack, seen, _ = submit_and_view(ctx, sub, "a request")
    ctx.expect(
        seen.reference == ack.reference, "the practice knows the request by another reference"
    )
    ctx.expect(ack.received_at == now, "the acknowledgement's received_at is not the tool's now")
    ctx.expect(ack.respond_by >= ack.received_at, "respond_by is before received_at")
    ctx.expect(
        says_when(ack.message, ack.respond_by),
        "the acknowledgement's message does not tell the patient when to expect a response",
    )


_SAME_DAY_INSTANTS = (
    london(date(2026, 11, 30), 8, 0),  # Monday, the moment core hours open
    london(date(2026, 12, 2), 14, 10),
    london(date(2026, 12, 4), 18, 29, 30),  # Friday, thirty seconds before closing
    london(date(2026, 3, 30), 8, 5),  # the Monday after the clocks go forward
)


@check(
    "response.same-day",
    title="In core hours, the patient is told the same day how the request will be handled",
    requirements=["AV-RESP-01"],
    group="response",
)
def same_day(ctx: CheckContext) -> None:
    """For requests sent in core hours, respond_by falls on the same local day."""
    canaries = Canaries(ctx, "same-day")
    for now in _SAME_DAY_INSTANTS:
        with clock_at(ctx, now):
            sub = canaries.submission(RequestCategory.CLINICAL_REQUEST)
            ack = require(
                target_of(ctx).submit_request(sub), "submitting in core hours", status=201
            )
        due = CORE_HOURS.working_day_for_response(now)
        promised = ack.respond_by.astimezone(CORE_HOURS.zone).date()
        ctx.expect(
            promised <= due,
            f"a request sent at {now:%a %d %b %H:%M} local is promised an answer on "
            f"{promised:%a %d %b}, not the same day",
        )
