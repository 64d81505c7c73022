"""(2.12.0) A patient turned away while closed comes back at the opening: taken like anyone.

Used by `availability.no-111-redirect` (AV-111-01). A tool that remembers who tried while
it was closed (a "came back" cohort kept for a day) and words their next acknowledgement
differently ("as you tried to reach us while we were closed, use NHS 111 instead") sends
them to NHS 111 in core hours: a hand-over keyed on what happened before, not on what the
request carries, and one that no check sending fresh patients meets.
"""

from __future__ import annotations

from datetime import date

import attrs

from gponline_sdk.conformance.checks._nhs111 import sends_to_111
from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, require, target_of
from gponline_sdk.conformance.core import CheckContext, CheckFailed
from gponline_sdk.models import RequestCategory

__all__ = ["CLOSED_AT", "OPEN_AT", "came_back_after_closed", "came_back_budget"]

CLOSED_AT = london(date(2027, 4, 21), 19, 5)
"""A Wednesday evening, after core hours (no other check sends that week): they try first."""
OPEN_AT = london(date(2027, 4, 22), 8, 0, 40)
"""Thursday, forty seconds after opening (13 hours later): they try again."""


def came_back_budget(categories: list[RequestCategory]) -> int:
    """Requests `came_back_after_closed` sends: two clocks and releases, two tries each, one."""
    return 4 + 2 * len(categories) + 1


def came_back_after_closed(
    ctx: CheckContext, canaries: Canaries, categories: list[RequestCategory]
) -> None:
    """One patient a category tries while closed, then at the opening; each is taken there.

    The first try's answer is the closed checks' to judge (409 or taken for the next working
    day). At the opening a new patient's administrative request comes first (what every
    request is told); each returning patient's new request must be taken (201) and, unless
    every request is told the same, not sent to NHS 111.
    """
    target = target_of(ctx)
    tries = [canaries.submission(category) for category in categories]
    with clock_at(ctx, CLOSED_AT):
        for sub in tries:
            reply = target.submit_request(sub)
            ctx.note(f"a {sub.category.value} request while closed: HTTP {reply.status}")
    with clock_at(ctx, OPEN_AT):
        admin = require(
            target.submit_request(canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST)),
            "submitting a new patient's administrative request at the opening",
            status=201,
        )
        told_all = sends_to_111(admin.message)
        for sub in tries:
            again = attrs.evolve(
                canaries.submission(sub.category, patient=sub.patient),
                description=canaries.text("I tried last night but you were closed"),
            )
            what = (
                f"a {sub.category.value} request at the opening from a patient who tried "
                "while the practice was closed the evening before"
            )
            reply = target.submit_request(again)
            if reply.status != 201 or reply.value is None:
                raise CheckFailed(
                    f"POST /requests: {what} was answered HTTP {reply.status}; expected 201 "
                    "(in core hours every request is taken, whoever tried before)"
                )
            ctx.expect(
                told_all or not sends_to_111(reply.value.message),
                f"message: {what} is sent to NHS 111 (not as advice for if the patient gets "
                "worse); expected the practice to handle it, as it does a new patient's "
                "administrative request",
            )
