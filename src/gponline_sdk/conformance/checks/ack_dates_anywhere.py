"""OC-ACK-01 across the whole run: every acknowledgement names its own request's dates.

`response.acknowledgement` reads the acknowledgements of the requests it sends, on its
own days. A date formatter that goes wrong only on some days (the ISO week-based year, 'YYYY'
in a Java or ICU pattern, names the next year from 29 to 31 December when those days fall
in week 1) is found only if a request the suite reads is sent on one of them; the usage
checks send requests on such days but read the usage data. The target client keeps each 201
acknowledgement received while the test clock was set (`target._acknowledged`); this
check, run last, reads them all: a date a message names must be respond_by's or the day
the request was received, in London (with the year, if it writes one), as
`response.acknowledgement` says of its own requests.
"""

from __future__ import annotations

from collections import Counter

from gponline_sdk.conformance.checks.ack_rules_anywhere import run_acknowledgements
from gponline_sdk.conformance.checks.response import foreign_dates
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.conformance.target._acknowledged import Acknowledged
from gponline_sdk.models import CORE_HOURS

__all__ = ["ack_dates_anywhere"]

_NAMED = 3  # checks spelled out in the message; the rest are counted


def _wrong(ack: Acknowledged) -> list[str]:
    if ack.respond_by is None or ack.received_at is None:
        return []
    days = [t.astimezone(CORE_HOURS.zone).date() for t in (ack.respond_by, ack.received_at)]
    return foreign_dates(ack.message, ack.reference, *days)


@check(
    "response.ack-dates-anywhere",
    title="Every acknowledgement of the whole run names its own request's dates",
    requirements=["OC-ACK-01"],
    group="response",
    last=True,
)
def ack_dates_anywhere(ctx: CheckContext) -> None:
    """A date in any acknowledgement of the run is respond_by's or the day it was received.

    Sends no request of its own: it reads what the target client noted during the checks
    before it. A failure names, for each check whose requests were so acknowledged, the
    London day the request was sent and the date as the message wrote it (never the rest
    of the message), with counts.
    """
    acks = run_acknowledgements(ctx)
    wrong = [(a, w) for a in acks if (w := _wrong(a))]
    days = {a.at.astimezone(CORE_HOURS.zone).date() for a in acks}
    ctx.note(
        f"acknowledgements read: {len(acks)}, sent on {len(days)} London days "
        f"({min(days):%d %b %Y} to {max(days):%d %b %Y}); naming another date: {len(wrong)}"
    )
    if not wrong:
        return
    kinds = Counter(
        f"{a.check or 'outside a check'}: sent {a.at.astimezone(CORE_HOURS.zone):%a %d %b %Y}, "
        f"names {w[0]!r}"
        for a, w in wrong
    )
    said = [f"{kind} ({n})" for kind, n in kinds.most_common(_NAMED)]
    more = len(kinds) - _NAMED
    raise CheckFailed(
        f"message: {len(wrong)} acknowledgement(s) name a date that is neither respond_by's "
        "nor the day the request was received (in London, with its year if one is written): "
        + "; ".join(said)
        + (f"; and {more} more" if more > 0 else "")
    )
