"""The check that core hours have no fixed cap on requests (group `availability`, AV-CAP-01).

How many is enough: the 2026/27 contract forbids any cap in core hours, and a
cap a vendor might ship is a round daily total (20, 50, 100, 150 for a large
practice), a per-category limit (often on clinical requests, 10 to 30 a day)
or a per-patient limit (1 to 5 a day). 32 rounds of one request of every
category make 192 requests in one core-hours morning: more than 150 in all,
32 of each category, and 32 from the same patient (one a round, in every
category in turn, follow-ups naming that patient's earlier request); the
rest come from a pool of eight patients (kept small so masking stays cheap). All
must be accepted; a refusal names the request number, its category, how many
of that category and from that patient had gone before.

After the burst, `/availability` must still say open with no `redirect_url`: a
tool that sends patients to NHS 111 once it is "busy" caps requests too. And a
patient who sends the same request twice, minutes apart (unsure the first went,
or on another device), must have both accepted: the contract allows 409 only
when the practice is closed, so a duplicate guard is a per-patient cap of one.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.availability import CAPS_DAY
from gponline_sdk.conformance.contract import Availability, RequestSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import RequestCategory, Requester, RequesterRole

__all__ = ["CAP_ROUNDS", "cap_plan"]

CAP_ROUNDS = 32
"""Rounds of one request per category: 192 requests with today's six categories."""
_POOL = 8


def cap_plan(categories: list[RequestCategory]) -> list[tuple[RequestCategory, int]]:
    """Who sends what, in order: (category, patient), patient -1 being the frequent one.

    Each round sends one request of every category; the frequent patient sends
    one of them, a different category each round. A follow-up comes from a
    patient who has sent before (the frequent one, or the pool patient who sent
    last); where nobody has yet, the request asks a question instead.
    """
    plan: list[tuple[RequestCategory, int]] = []
    turn = 0
    for rnd in range(CAP_ROUNDS):
        for i, category in enumerate(categories):
            senders = [w for _, w in plan]
            if i == rnd % len(categories):
                plan.append((category, -1))
            elif category is RequestCategory.FOLLOW_UP and any(w != -1 for w in senders):
                plan.append((category, next(w for w in reversed(senders) if w != -1)))
            else:
                who, turn = turn % _POOL, turn + 1
                plan.append((category, who))
            if category is RequestCategory.FOLLOW_UP and plan[-1][1] not in senders:
                plan[-1] = (RequestCategory.ASK_QUESTION, plan[-1][1])
    return plan


@check(
    "availability.no-cap",
    title="No fixed cap on requests in core hours, in all, per category or per patient",
    requirements=["AV-CAP-01"],
    group="availability",
)
def no_cap(ctx: CheckContext) -> None:
    """Every one of CAP_ROUNDS x (number of categories) requests in one morning is accepted."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "no-cap")
    frequent = (canaries.patient(), canaries.contact())
    pool = [(canaries.patient(), canaries.contact()) for _ in range(_POOL)]
    plan = cap_plan(list(RequestCategory))
    total = len(plan)
    ctx.note(
        f"request budget: {total + 11} (environment; clock; {total} POST /requests in one "
        f"morning, {CAP_ROUNDS} rounds of one request of each category, one a round from the "
        "same patient, between two GET /availability; clock release; the same request "
        "sent twice minutes apart, each with clock and release)"
    )
    per_category: Counter[RequestCategory] = Counter()
    per_patient: Counter[int] = Counter()
    last_of: dict[int, str] = {}  # each patient's last accepted reference, for follow-ups
    with clock_at(ctx, london(CAPS_DAY, 10, 0)):
        before = require(target.availability(), "GET /availability before the requests")
        for sent, (category, who) in enumerate(plan, start=1):
            patient, contact = frequent if who == -1 else pool[who]
            sub = RequestSubmission(
                practice_code=canaries.environment.practice_code,
                category=category,
                patient=patient,
                requester=Requester(role=RequesterRole.PATIENT),
                contact=contact,
                description=f"Conformance suite request {sent} of {total}: {category.value}.",
                follows_up=last_of[who] if category is RequestCategory.FOLLOW_UP else None,
            )
            reply = target.submit_request(sub)
            if reply.status != 201 or reply.value is None:
                raise CheckFailed(
                    f"POST /requests number {sent} of {total} in core hours ({category.value}; "
                    f"{per_category[category]} of that category and {per_patient[who]} from "
                    f"the same patient accepted before it) was answered HTTP {reply.status}; "
                    "expected 201"
                )
            per_category[category] += 1
            per_patient[who] += 1
            last_of[who] = reply.value.reference
        after = require(target.availability(), "GET /availability after the requests")
    _unchanged_by_load(ctx, before, after)
    _same_request_twice(ctx, canaries)


def _unchanged_by_load(ctx: CheckContext, before: Availability, after: Availability) -> None:
    """After the burst, /availability says what it said before: still open, no new redirect.

    Compared with the answer before the burst, at the same instant, so only what
    the load changed fails here (a redirect in core hours at any load is
    `availability.no-111-redirect`'s concern).
    """
    what = f"GET /availability in core hours after the {CAP_ROUNDS} rounds of requests"
    ctx.expect(
        after.open_now or not before.open_now,
        f"{what}: open_now: expected true as before the requests, received false",
    )
    ctx.expect(
        after.redirect_url is None or before.redirect_url is not None,
        f"{what}: redirect_url: expected null as before the requests (no redirect when "
        "busy), received a URL",
    )


def _same_request_twice(ctx: CheckContext, canaries: Canaries) -> None:
    """One patient sends the same request twice, minutes apart: both are accepted (201)."""
    sub = canaries.submission(RequestCategory.CLINICAL_REQUEST)
    # Seconds apart from a round minute and a few minutes between: a resend, not a retry.
    first = london(CAPS_DAY, 11, 2, 13)
    for n, now in enumerate((first, first + timedelta(minutes=4, seconds=28)), start=1):
        with clock_at(ctx, now):
            reply = target_of(ctx).submit_request(sub)
        if reply.status != 201 or reply.value is None:
            raise CheckFailed(
                f"POST /requests: the same patient's identical request sent a {_NTH[n]} "
                f"time at {now:%H:%M:%S} London time, in core hours, was answered "
                f"HTTP {reply.status}; expected 201"
            )


_NTH = {1: "first", 2: "second"}
