"""Checks of the acknowledgement and the response time it promises (group `response`)."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from gponline_sdk.conformance.checks._response_schema import response_problems
from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    london,
    require,
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


def _utc_only(message: str, respond_by: datetime) -> bool:
    """True when the message gives respond_by's clock time in UTC, not London time.

    In summer the two differ by an hour: "by 17:30" for an 18:30 deadline tells
    the patient the wrong time. In winter they agree, so this is never true then.
    """
    local = respond_by.astimezone(CORE_HOURS.zone)
    utc = respond_by.astimezone(timezone.utc)
    if f"{utc:%H:%M}" == f"{local:%H:%M}":
        return False
    return f"{utc:%H:%M}" in message and f"{local:%H:%M}" not in message


# One instant in winter (GMT) and one in summer (BST, where London time and UTC differ), each
# with seconds and microseconds: received_at must be the tool's now exactly, not rounded.
_ACK_INSTANTS = (
    london(date(2026, 11, 24), 10, 30, 17).replace(microsecond=250_000),
    london(date(2027, 4, 14), 16, 45, 38).replace(microsecond=4_321),
)


@check(
    "response.acknowledgement",
    title="Each request is acknowledged with a reference and when to expect a response",
    requirements=["OC-ACK-01"],
    group="response",
)
def acknowledgement(ctx: CheckContext) -> None:
    """The acknowledgement's reference finds the request; its message says when, in London time.

    Sent once in winter and once in summer; received_at must equal the tool's
    frozen now to the microsecond, and the acknowledgement as sent must match the
    contract's schema (instants with seconds and at most 6 fractional digits).
    """
    canaries = Canaries(ctx, "acknowledgement")
    ctx.note(
        f"request budget: {1 + 4 * len(_ACK_INSTANTS)} (environment; for each of "
        f"{len(_ACK_INSTANTS)} instants: clock, request, practice read, clock release)"
    )
    for now in _ACK_INSTANTS:
        when = f"a request sent at {now:%d %B %Y %H:%M:%S.%f} London time"
        with clock_at(ctx, now):
            sub = canaries.submission(RequestCategory.SEEK_HEALTH_ADVICE)
            reply = target_of(ctx).submit_request(sub)
            ack = require(reply, "submitting a request", status=201)
            seen = require(target_of(ctx).practice_request(ack.reference), "reading the request")
        # The raw answer against the contract's schema: the SDK's parser alone would read an
        # instant without seconds (18:30Z) or with 7 fractional digits as if it were right.
        off_schema = response_problems("POST", "/requests", reply.status, reply.text)
        ctx.expect(not off_schema, f"{when}: {'; '.join(off_schema)}")
        ctx.expect(
            seen.reference == ack.reference,
            f"{when}: the practice knows the request by another reference",
        )
        ctx.expect(
            ack.received_at == now,
            f"{when}: received_at: expected the tool's now ({now.isoformat()}), "
            f"received {ack.received_at.isoformat()}",
        )
        ctx.expect(
            ack.respond_by >= ack.received_at,
            f"{when}: respond_by: expected at or after received_at, "
            f"received {ack.respond_by.isoformat()}",
        )
        ctx.expect(
            not _utc_only(ack.message, ack.respond_by),
            f"{when}: message: expected respond_by's time in London time "
            f"({ack.respond_by.astimezone(CORE_HOURS.zone):%H:%M}), received it in UTC "
            f"({ack.respond_by.astimezone(timezone.utc):%H:%M})",
        )
        ctx.expect(
            says_when(ack.message, ack.respond_by),
            f"{when}: message: expected to tell the patient when to expect a response "
            f"(respond_by {ack.respond_by.astimezone(CORE_HOURS.zone):%H:%M on %d %B} "
            "London time, or today/tomorrow), received a message that does not",
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
