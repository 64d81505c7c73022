"""No cap on the first working day after a bank holiday, nor on a day's photos (AV-CAP-01).

Round 16 (the fifteenth outside set): a cap need not hold every day. A tool may switch
one on by the calendar (a "catch-up day" after a bank holiday taking at most 300 requests,
to protect the practice), or run out of a third party's daily quota (an image-moderation
service allowing 500 photos a day) and refuse requests with photos once it is spent. Both
refuse requests the contract says must be taken: every request sent in core hours, on any
working day, with photos of any size where the tool declares photo upload.

So on `AFTER_HOLIDAY`, the first working day after the Easter bank holidays, `VOLUME`
requests go out through core hours, each with `PHOTOS` small photos where photos are
declared (over 700 in the day): every one must be taken (201), and a spread, the earliest
first, must still be found by the practice at the end of the day.
"""

from __future__ import annotations

import random
from datetime import date, time

import attrs

from gponline_sdk.conformance.checks._hours import reread_plan
from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    failures_of,
    london,
    require,
    require_harness,
    target_of,
)
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import Attachment, RequestCategory, Requester, RequesterRole

__all__ = ["AFTER_HOLIDAY", "PHOTOS", "VOLUME"]

AFTER_HOLIDAY = date(2026, 4, 7)
"""Tuesday 7 April 2026: Good Friday (3 April) and Easter Monday (6 April) are bank holidays;
this is the first working day after them (in summer time; no other check sends that week)."""
VOLUME = 360
"""Requests sent that day: past a catch-up-day cap of 300 (or any round number below)."""
PHOTOS = 2
"""Photos a request (where declared): 720 in the day, past a daily quota of 500."""
# Where the clock stands through the day: the windows `availability.no-cap` sends in (clear
# of lunchtime and of 15:00 to 18:00), so that a closure at a time of day is the sweep's to
# find and a refusal here is a cap.
_STEPS = (
    time(8, 0),
    time(8, 13),
    time(8, 26),
    time(9, 0),
    time(10, 8),
    time(11, 16),
    time(12, 24),
    time(13, 36),
    time(14, 16),
    time(14, 56),
    time(18, 0),
    time(18, 29),
)
_POOL = 8
_KIB = 1024


def _photos(rng: random.Random, media: list[str], n: int) -> tuple[Attachment, ...]:
    """`PHOTOS` photos of a phone camera's sizes (20 KiB to 4 MiB), the media types in turn."""
    return tuple(
        Attachment(
            media_type=media[(n + i) % len(media)],
            size_bytes=rng.randrange(20 * _KIB, 4096 * _KIB),
            sha256=f"{rng.getrandbits(256):064x}",
        )
        for i in range(PHOTOS)
    )


@check(
    "availability.no-cap-after-holiday",
    title="No cap on the day after a bank holiday, nor on the number of a day's photos",
    requirements=["AV-CAP-01"],
    group="availability",
)
def no_cap_after_holiday(ctx: CheckContext) -> None:
    """(2.12.0) 360 requests with 720 photos on the first working day after a bank holiday.

    Every one must be taken (201) and the earliest, and a spread of the rest, still found
    by the practice at the end of the day. A refusal names the request's number, the
    requests and photos taken before it that day, and the answer.
    """
    target = target_of(ctx)
    caps = require(target.capabilities(), "reading the capabilities")
    media = [m for m in caps.accepted_media_types if m.startswith("image/")]
    photos = PHOTOS if caps.photo_upload and media else 0
    canaries = Canaries(ctx, "after-holiday")
    rng = random.Random(f"{ctx.seed}:after-holiday")  # noqa: S311 - reproducible, not crypto
    categories = [c for c in categories_to_send(ctx) if c is not RequestCategory.FOLLOW_UP]
    pool = [(canaries.patient(), canaries.contact()) for _ in range(_POOL)]
    reads = len(reread_plan(VOLUME))
    ctx.note(
        f"request budget: {VOLUME + reads + len(_STEPS) + 4} (capabilities twice, environment; "
        f"{len(_STEPS)} clock settings through core hours on {AFTER_HOLIDAY:%A %d %B %Y}; "
        f"{VOLUME} POST /requests, each with {photos} photos; release; {reads} practice reads)"
    )
    sent: list[str] = []
    photographed = photos > 0
    taken_photos = 0
    try:
        for n in range(VOLUME):
            step = n * len(_STEPS) // VOLUME
            if n == 0 or step != (n - 1) * len(_STEPS) // VOLUME:
                at = _STEPS[step]
                clock = london(AFTER_HOLIDAY, at.hour, at.minute)
                require_harness(target.set_clock(clock), "setting the test clock")
            who = pool[n % _POOL]
            sub = RequestSubmission(
                practice_code=canaries.environment.practice_code,
                category=categories[n % len(categories)],
                patient=who[0],
                requester=Requester(role=RequesterRole.PATIENT),
                contact=who[1],
                description=canaries.text(f"Request {n + 1} after the bank holiday"),
                attachments=_photos(rng, media, n) if photographed else (),
            )
            reply = target.submit_request(sub)
            if n == 0 and reply.status in (400, 415, 422) and sub.attachments:
                # Photos refused before any load: the photo checks judge that; the day goes
                # on without them (the requests still count).
                ctx.note("photos refused as invalid with the first request: left out after")
                photographed = False
                sub = attrs.evolve(sub, attachments=())
                reply = target.submit_request(sub)
            if reply.status != 201 or reply.value is None:
                raise CheckFailed(
                    f"POST /requests number {n + 1} of {VOLUME} on {AFTER_HOLIDAY:%A %d %B %Y} "
                    f"(the first working day after a bank holiday), {sub.category.value} with "
                    f"{len(sub.attachments)} photos, {len(sent)} requests and {taken_photos} "
                    f"photos taken before it that day, was answered HTTP {reply.status}; "
                    "expected 201 (no cap on any working day, nor on the photos of a day)",
                    requirements=["AV-CAP-01"],
                )
            sent.append(reply.value.reference)
            taken_photos += len(sub.attachments)
    finally:
        target.release_clock()
    with failures_of("AV-CAP-01"):
        for n in reread_plan(len(sent)):
            status = target.practice_request(sent[n]).status
            ctx.expect(
                status == 200,
                f"GET /practice/requests/{{reference}}: request number {n + 1} of {len(sent)} "
                f"on {AFTER_HOLIDAY:%d %B %Y}, accepted earlier that day, was answered HTTP "
                f"{status}; expected 200",
            )
