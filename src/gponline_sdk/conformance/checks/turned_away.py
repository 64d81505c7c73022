"""AV-CORE-01 across the whole run: no request of any check turned away in core hours.

Most checks that send requests in core hours are there to look at something
else (usage records, statuses, messages, outcomes) and count only what was
taken. A tool that turns some requests away by a rule of its own (a repeat
medication query "too early", a patient's tenth request of the week) would slip
past each of them. The target client notes every POST /requests answered 409,
429 or 503 while the test clock was set; this check, run last, fails
AV-CORE-01 for each such answer at an instant of core hours, in a category the
tool must take or declares, naming the check that sent it, when and what.
"""

from __future__ import annotations

from collections import defaultdict

from gponline_sdk.conformance.checks._support import capabilities_or_none, offered_by
from gponline_sdk.conformance.core import CheckContext, CheckSkipped, check
from gponline_sdk.conformance.target._turned_away import TurnedAway
from gponline_sdk.models import CORE_HOURS

__all__ = ["never_turned_away"]

_NAMED = 3  # checks spelled out in the message; the rest are counted


def _in_core_hours(refusal: TurnedAway) -> bool:
    return CORE_HOURS.next_opening(refusal.at) == refusal.at


def _said(refusals: list[TurnedAway]) -> str:
    first = refusals[0]
    statuses = ", ".join(f"HTTP {s}" for s in sorted({r.status for r in refusals}))
    when = first.at.astimezone(CORE_HOURS.zone)
    return (
        f"{first.check or 'outside a check'}: {len(refusals)} POST /requests answered "
        f"{statuses} (the first: {first.category} at {when:%A %d %B %Y %H:%M} London time)"
    )


@check(
    "availability.never-turned-away",
    title="No request of the whole run was turned away in core hours, whatever it was sent for",
    requirements=["AV-CORE-01"],
    group="availability",
    last=True,
)
def never_turned_away(ctx: CheckContext) -> None:
    """Every request the run sent in core hours, in a category the tool must take, was taken.

    Sends no request of its own (one GET /capabilities): it reads what the target
    client noted during the checks before it. A 409 (closed), 429 (too many) or 503
    (unavailable) to a request sent at an instant of core hours on a working day
    is the form shut to that patient then, whatever rule of the tool's made it so.
    """
    target = ctx.target
    posts = getattr(target, "clocked_posts", 0)
    if not posts:
        raise CheckSkipped(
            "no check before this one sent POST /requests with the test clock set "
            "(run it with the whole suite, or with the checks whose requests it should watch)"
        )
    declared = set(offered_by(capabilities_or_none(ctx)).categories)
    mine = [
        r
        for r in getattr(target, "turned_away", [])
        if _in_core_hours(r) and any(r.category == c.value for c in declared)
    ]
    ctx.note(
        f"POST /requests sent with the test clock set during the run: {posts}; turned away "
        f"(409, 429 or 503) in core hours in a category the tool must take or declares: {len(mine)}"
    )
    by_check: dict[str, list[TurnedAway]] = defaultdict(list)
    for refusal in mine:
        by_check[refusal.check].append(refusal)
    said = [_said(rs) for rs in by_check.values()]
    more = len(said) - _NAMED
    ctx.expect(
        not mine,
        f"{len(mine)} request(s) sent in core hours were turned away; in core hours the "
        "contract allows none (no cap, no pause, no rule of the tool's own): "
        + "; ".join(said[:_NAMED])
        + (f"; and in {more} more check(s)" if more > 0 else ""),
    )
