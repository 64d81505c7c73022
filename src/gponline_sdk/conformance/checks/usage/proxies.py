"""Usage data reports every proxy as a proxy, whatever relationship they state.

A usage export often maps the requester by a rule that holds for most proxies
but not all: a "child account" model that files a parent's request as the
patient's, a lookup of known English relationship words, a match that is case
sensitive, a proxy taken for the patient when their names match. So the suite
sends requests from proxies stating the relationships real proxies state
(parents and guardians, carers, children, partners, an attorney), some with the
patient's family name or full name, in other cases and spellings and in other
languages, each at its own minute, and requires requester_role 'proxy' in the
usage record of every one.
"""

from __future__ import annotations

from datetime import date, timedelta

from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.usage._common import new_records, oc_row, read_oc
from gponline_sdk.conformance.checks.usage.counts import expected_oc_row
from gponline_sdk.conformance.core import CheckContext, CheckSkipped, check
from gponline_sdk.models import (
    OcRecord,
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
)

__all__ = ["PROXY_RELATIONSHIPS"]

PROXY_RELATIONSHIPS: tuple[str, ...] = (
    "mother",
    "Father",
    "parent",
    "Mum",
    "DAD",
    "guardian",
    "Legal guardian",
    "parent/guardian",
    "step-father",
    "foster mother",
    "grandmother",
    "carer",
    "son",
    "Daughter",
    "wife",
    "partner",
    "attorney (lasting power of attorney for health)",
    "Mam",  # Welsh and northern English: mother
    "Mère",
    "madre",
    "ਮਾਂ",  # Punjabi: mother
    "والد",  # Urdu/Arabic: father
)
"""Relationships proxies state, as they type them: each is a proxy's request."""

_WEEK = ReportingPeriod.containing(date(2027, 3, 16))
# Tuesday to Thursday mornings in core hours, one request a minute, eight a day (a daily cap
# is availability's business).
_DAYS = tuple(london(date(2027, 3, d), 10, 0) for d in (16, 17, 18))
_PER_DAY = 8


@check(
    "usage-data.oc-proxy-relationships",
    title="Requests from proxies of every relationship are reported with requester_role proxy",
    requirements=["REP-OC-01"],
    group="usage-data",
)
def oc_proxy_relationships(ctx: CheckContext) -> None:
    """One request per relationship in `PROXY_RELATIONSHIPS`, and two from patients.

    Each request's record must say requester_role 'proxy' (or 'patient' for the
    patients'); a failure names the relationship stated. A request the tool
    refuses (a cap, a tool taking proxies for children only) is the request
    checks' business: it must then add no record; with none taken, SKIP.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "oc-proxy-relationships")
    categories = categories_to_send(
        ctx, [c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP]
    )
    stated: tuple[str | None, ...] = (None, *PROXY_RELATIONSHIPS, None)
    ctx.note(
        f"budget: {2 * len(stated) + 5} requests (environment, capabilities, {len(stated)} "
        "clock settings and "
        f"a release, {len(stated)} submissions, 2 usage reads)"
    )
    before = read_oc(ctx, _WEEK)
    expected: dict[str, tuple[str, str]] = {}  # submitted_at shown -> (who, role expected)
    refused = 0
    try:
        for n, relationship in enumerate(stated):
            at = _DAYS[n // _PER_DAY] + n % _PER_DAY * timedelta(minutes=1)
            require(target.set_clock(at), "setting the test clock")
            patient = canaries.patient()
            # Families share names: every third proxy has the patient's family name, and every
            # third (another) the patient's given and family name too (a parent and child
            # both called so). The request says who sent it; the name is no sign of that.
            named = (
                f"{canaries.word(7)} {canaries.word(9)}",
                f"{canaries.word(7)} {patient.family_name}",
                f"{patient.given_name} {patient.family_name}",
            )
            proxy_name = named[n % 3]
            canaries.issue(proxy_name)  # a person's name: masked wherever it shows
            requester = (
                Requester(role=RequesterRole.PATIENT)
                if relationship is None
                else Requester(
                    role=RequesterRole.PROXY, proxy_name=proxy_name, relationship=relationship
                )
            )
            sub = canaries.submission(
                categories[n % len(categories)], requester=requester, patient=patient
            )
            reply = target.submit_request(sub)
            if 400 <= reply.status < 500:
                refused += relationship is not None
                continue
            ack = require(reply, "submitting", status=201)
            row = dict(expected_oc_row(sub, ack.received_at))
            who = (
                "the patient"
                if relationship is None
                else f"a proxy stating {relationship!r}"
                + ("", " with the patient's family name", " with the patient's full name")[n % 3]
            )
            expected[row["submitted_at"]] = (who, row["requester_role"])
    finally:
        target.release_clock()
    if refused == len(PROXY_RELATIONSHIPS):
        raise CheckSkipped("the tool refused every proxy's request (requests.proxy-requests)")
    rows = [
        dict(oc_row(r)) for r in new_records(before, read_oc(ctx, _WEEK)) if isinstance(r, OcRecord)
    ]
    seen = {row["submitted_at"]: row["requester_role"] for row in rows}
    problems = [
        f"records[?].requester_role of the request from {who}: expected {role}, got "
        f"{seen.get(at, 'no record')}"
        for at, (who, role) in expected.items()
        if seen.get(at) != role
    ]
    if len(rows) != len(expected):
        problems.append(
            f"usage data for {_WEEK.iso_week}: expected {len(expected)} new records, one per "
            f"request, got {len(rows)}"
        )
    more = f" (and {len(problems) - 4} more)" if len(problems) > 4 else ""
    ctx.expect(not problems, "; ".join(problems[:4]) + more)
    ctx.note(f"{len(PROXY_RELATIONSHIPS)} relationships stated; {refused} proxies refused")
