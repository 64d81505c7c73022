"""A busy practice's week in the usage data: over a thousand requests, each counted once.

An export that reads its store in pages can lose a record at each page's edge
(an OFFSET one too far) or repeat one (an edge read twice). Page sizes are
round numbers (100, 500, 1,000, 1,024), so the check fills one week with more
new requests than the largest of them, on five days, and reads the week back:
the new records must match the requests one for one, with no record ID twice.
The requests carry words that mislead a text classifier (`_corpus`) and
attachments of every size from 0 bytes, so the same read also holds
`request_type` to the category alone and `has_attachments` to whether any file came.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from gponline_sdk.conformance.checks._support import (
    Canaries,
    Offered,
    london,
    offered_by,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.usage import _corpus
from gponline_sdk.conformance.checks.usage._common import (
    Row,
    compare_rows,
    expect_rows,
    new_records,
    oc_row,
    read_oc,
    submit_counted,
)
from gponline_sdk.conformance.checks.usage.counts import expected_oc_row
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import (
    OcRecord,
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
)

__all__ = ["VOLUME", "VOLUME_WEEK"]

VOLUME_WEEK = ReportingPeriod.containing(date(2027, 2, 3))
"""A week no other usage check fills (Monday 1 to Sunday 7 February 2027, no bank holiday)."""
VOLUME = 1_050
"""New requests in the week: past a page of 1,024 and two pages of 500."""
_DAYS = tuple(date(2027, 2, d) for d in range(1, 6))
_TIMES = ((8, 35), (10, 50), (12, 5))  # core hours, clear of any lunch or evening closure
_POOL = 12  # patients, each sending many requests: kept small so masking stays cheap
_PROXY_EVERY = 7


def _plan(
    canaries: Canaries, media: str | None, sendable: Offered
) -> list[tuple[dict[str, Any], int]]:
    """The week's requests in order, each with the patient (pool index) who sends it.

    Each as `RequestSubmission` fields: a follow-up gets its `follows_up` when sent
    (the same patient's last reference).
    """
    patients = [canaries.patient() for _ in range(_POOL)]
    contacts = [canaries.contact(phone=i % 2 == 0) for i in range(_POOL)]
    categories = sendable.only()
    proxy = Requester(role=RequesterRole.PROXY, proxy_name=canaries.word(), relationship="mother")
    plan: list[tuple[dict[str, Any], int]] = []
    for n in range(VOLUME):
        who = n % _POOL
        category = categories[(n + n // _POOL) % len(categories)]
        if category is RequestCategory.FOLLOW_UP and n < _POOL:
            category = RequestCategory.SEEK_HEALTH_ADVICE  # nobody to follow up yet
        sizes = _corpus.ATTACHMENT_SIZES[n % len(_corpus.ATTACHMENT_SIZES)]
        fields: dict[str, Any] = {
            "practice_code": canaries.environment.practice_code,
            "category": category,
            "patient": patients[who],
            "requester": proxy if n % _PROXY_EVERY == 3 else Requester(role=RequesterRole.PATIENT),
            "contact": contacts[who],
            "description": f"{_corpus.phrase(category, n)} ({n + 1} of {VOLUME})",
            "attachments": _corpus.attachments(media, sizes, n),
        }
        plan.append((fields, who))
    return plan


@check(
    "usage-data.oc-full-week",
    title="A week of over a thousand requests is counted exactly: every request once",
    requirements=["REP-OC-01"],
    group="usage-data",
)
def oc_full_week(ctx: CheckContext) -> None:
    """1,050 requests in one week are 1,050 new records: none lost at a page edge, none twice.

    Each record's request_type follows its category whatever the patient wrote,
    and has_attachments is true for any photo, 0 bytes included.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "oc-full-week")
    caps = require(target.capabilities(), "reading the capabilities")
    media = (
        caps.accepted_media_types[0] if caps.photo_upload and caps.accepted_media_types else None
    )
    plan = _plan(canaries, media, offered_by(caps))
    slots = list(itertools.product(_DAYS, _TIMES))
    per_slot = -(-len(plan) // len(slots))
    ctx.note(
        f"request budget: {len(plan) + len(slots) + 6} (environment, capabilities, "
        f"{len(slots)} clock settings and a release, {len(plan)} POST /requests in "
        f"{VOLUME_WEEK.iso_week} from {_POOL} patients, 3 usage reads)"
    )
    before = read_oc(ctx, VOLUME_WEEK)
    expected: list[Row] = []
    last: dict[int, str] = {}
    refused = dropped = 0
    try:
        for i, (day, (hour, minute)) in enumerate(slots):
            require(target.set_clock(london(day, hour, minute)), "setting the test clock")
            for fields, who in plan[i * per_slot : (i + 1) * per_slot]:
                follows = fields["category"] is RequestCategory.FOLLOW_UP
                sub = RequestSubmission(**fields, follows_up=last.get(who) if follows else None)
                sub, reply, without_photos = submit_counted(target, sub)
                dropped += without_photos
                if 400 <= reply.status < 500:
                    # A cap (409) is availability's business, a refused body the request
                    # checks': either way no record is expected.
                    refused += 1
                    continue
                ack = require(
                    reply, f"submitting request {len(expected) + refused + 1}", status=201
                )
                if sub.category is not RequestCategory.FOLLOW_UP:
                    last[who] = ack.reference
                expected.append(expected_oc_row(sub, ack.received_at))
    finally:
        target.release_clock()
    after = read_oc(ctx, VOLUME_WEEK)
    new = new_records(before, after)
    ctx.note(
        f"{len(plan)} requests sent ({refused} refused with 4xx, {dropped} sent again without "
        f"their photos after a refusal); {len(new)} new usage records; "
        f"{len(after.records)} in the week's answer"
    )
    week = VOLUME_WEEK.iso_week
    expect_rows(
        ctx,
        {
            week: compare_rows(
                f"usage data for {week} (one record per request, however many the week holds)",
                expected,
                [oc_row(r) for r in new if isinstance(r, OcRecord)],
            )
        },
    )
    ids = [r.record_id for r in after.records]
    twice = len(ids) - len(set(ids))
    ctx.expect(
        twice == 0,
        f"records[].record_id: expected each record once in {week}, got {twice} record ID(s) "
        "repeated (a page edge read twice?)",
    )
    # (2.10.0) Read again at once: over a thousand references looked up in one read, an ID
    # kept in a bounded cache (an LRU of 1,024) instead of stored is made anew the next time.
    again = {r.record_id for r in read_oc(ctx, VOLUME_WEEK).records}
    changed = len(set(ids) - again)
    ctx.expect(
        changed == 0,
        f"records[].record_id: {changed} of the {len(set(ids))} record IDs of {week} were not "
        "in the answer read again a moment later; expected the same IDs at every read (an ID "
        "is stored with its record, not kept in a cache that forgets)",
    )
