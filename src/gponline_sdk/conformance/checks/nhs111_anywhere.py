"""AV-111-01 across the whole run: no acknowledgement of any check hands a request to NHS 111.

`availability.no-111-redirect` reads the acknowledgements of the requests it sends. Most
other checks that send requests in core hours read something else (usage records,
statuses, photos), so a tool that tells only some requests to use NHS 111 instead, by a
rule on what they carry (a photo, a text preference, a proxy, a word of the description),
slipped past every check that sent such a request. The target client keeps each 201
acknowledgement with the test clock's instant (`target._acknowledged`); this check, run
last, reads them all: in core hours a request handed over to NHS 111 (`sends_to_111`:
without a condition of worsening, or "instead") fails AV-111-01, unless the tool tells
every request alike (then 111 is a safeguard for all, as `no-111-redirect` allows): the
check's test of that is an administrative request of the run's told the same.
"""

from __future__ import annotations

from collections import Counter

from gponline_sdk.conformance.checks._nhs111 import sends_to_111
from gponline_sdk.conformance.core import CheckContext, CheckFailed, CheckSkipped, check
from gponline_sdk.conformance.target._acknowledged import Acknowledged
from gponline_sdk.models import CORE_HOURS, RequestCategory

__all__ = ["no_111_anywhere"]

_NAMED = 3  # kinds of request spelled out in the message; the rest are counted
_ADMIN = RequestCategory.ADMINISTRATIVE_REQUEST.value


def _in_core_hours(ack: Acknowledged) -> bool:
    return CORE_HOURS.next_opening(ack.at) == ack.at


def _kind(ack: Acknowledged) -> str:
    """The request as a message names it: check, category and what else it carried."""
    carried = f" {', '.join(ack.features)}" if ack.features else ""
    return f"{ack.check or 'outside a check'}: {ack.category}{carried}"


@check(
    "availability.no-111-anywhere",
    title="No request of the whole run was told to use NHS 111 instead, in core hours",
    requirements=["AV-111-01"],
    group="availability",
    last=True,
)
def no_111_anywhere(ctx: CheckContext) -> None:
    """Every acknowledgement the run received in core hours keeps the request at the practice.

    Sends no request of its own: it reads what the target client noted during the checks
    before it. The messages are read here and never reported: a failure names the check,
    the category and what the request carried (a photo, a preference, a proxy), with counts.
    """
    acks = [a for a in getattr(ctx.target, "acknowledged", []) if _in_core_hours(a)]
    if not acks:
        raise CheckSkipped(
            "no check before this one had a request acknowledged in core hours with the test "
            "clock set (run it with the whole suite)"
        )
    # The baseline: administrative requests carrying nothing else (or, if the run had none,
    # every administrative request). A tool telling all of them 111 tells every request alike.
    admins = [a for a in acks if a.category == _ADMIN and not a.features] or [
        a for a in acks if a.category == _ADMIN
    ]
    told = [a for a in acks if sends_to_111(a.message)]
    ctx.note(
        f"acknowledgements received in core hours during the run: {len(acks)}; sending the "
        f"patient to NHS 111: {len(told)}; plain administrative requests among them: "
        f"{sum(sends_to_111(a.message) for a in admins)} of {len(admins)}"
    )
    if not told or (admins and all(sends_to_111(a.message) for a in admins)):
        return  # none handed over, or 111 offered to every request alike
    kinds = Counter(_kind(a) for a in told)
    said = [f"{kind} ({n})" for kind, n in kinds.most_common(_NAMED)]
    more = len(kinds) - _NAMED
    raise CheckFailed(
        f"message: {len(told)} acknowledgement(s) in core hours send the patient to NHS 111 "
        "(without a condition of worsening, or 'instead'), while the run's plain "
        "administrative requests are not: "
        + "; ".join(said)
        + (f"; and {more} more kind(s)" if more > 0 else "")
        + ". In core hours a need the practice can handle is never handed over to NHS 111",
    )
