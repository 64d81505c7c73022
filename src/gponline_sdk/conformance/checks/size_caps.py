"""No cap on the size of what is sent in core hours: bytes of photos, characters of text.

A cap need not count requests. A tool may ration what they carry instead: a storage
quota on a day's photos (per practice, per category or per patient), or on the
characters of text a day's requests hold. Either refuses a request the contract says
must be taken (AV-CAP-01: every request sent in core hours is accepted, and
`photo_upload`: photos of any size from 0 bytes, with a request in every category).

So on one core-hours day `ROUNDS` rounds of one request of every category offered are
sent, each with a description of the contract's full length (10,000 characters, the
last few rounds one short) and, where photos are declared, `PHOTOS` photos at or
near the largest size the schema allows (20 MiB). One patient sends one request a
round, a different category each time; follow-ups name that patient's first request.
Every request must be taken (201), and a spread of them, the earliest first, must
still be found by the practice at the end of the day.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from gponline_sdk.conformance.checks._hours import reread_plan
from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    clock_at,
    failures_of,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import (
    Attachment,
    ContactDetails,
    PatientDetails,
    RequestCategory,
    Requester,
    RequesterRole,
)
from gponline_sdk.models.consultation import MAX_ATTACHMENT_BYTES

__all__ = ["PHOTOS", "ROUNDS", "SIZE_DAY"]

SIZE_DAY = date(2027, 1, 14)
"""The core-hours day the check fills (a Thursday, no bank holiday near)."""
ROUNDS = 13
"""Rounds of one request of every category: with six categories and two photos of 18 to
20 MiB each, nearly 3 GiB in the day, over 450 MiB in each category and from one patient."""
PHOTOS = 2
"""Photos a request: few, as a patient sends, each near the schema's largest."""
_TEXT = 10_000  # the schema's largest description
_POOL = 6
_MIB = 1024 * 1024

# Everyday words, repeated to the full length: a long history of a long-standing problem.
_WORDS = (
    "I have had this problem on and off for about three months and I am writing it all down "
    "so the doctor has the whole story: when it started, what helps, what makes it worse, "
    "the tablets I have tried and what the pharmacist said. "
)


def _description(rng: random.Random, n: int, category: RequestCategory, length: int) -> str:
    head = f"Request {n} ({category.value}), written in full. Mrs Ó Briain-Łukasik's note. "
    body = (head + _WORDS * (length // len(_WORDS) + 1))[: length - 8]
    return body + f" {rng.randrange(10**6):06d}."


def _photos(rng: random.Random, media: list[str], n: int) -> tuple[Attachment, ...]:
    """`PHOTOS` photos within 2 MiB of the largest size allowed (the bound is others' to judge)."""
    return tuple(
        Attachment(
            media_type=media[(n + i) % len(media)],
            size_bytes=rng.randrange(MAX_ATTACHMENT_BYTES - 2 * _MIB, MAX_ATTACHMENT_BYTES),
            sha256=f"{rng.getrandbits(256):064x}",
        )
        for i in range(PHOTOS)
    )


@check(
    "availability.no-size-cap",
    title="No cap on the bytes of photos or the characters of text a day's requests carry",
    requirements=["AV-CAP-01"],
    group="availability",
)
def no_size_cap(ctx: CheckContext) -> None:
    """Every full-length request with the largest photos is taken in core hours, and kept.

    A refusal breaks AV-CAP-01 (a storage or text quota is a cap), and so does a request
    taken but no longer found by the practice (a quota that evicts). What the practice
    sees of each request is the request checks' to judge.
    """
    target = target_of(ctx)
    caps = require(target.capabilities(), "reading the capabilities")
    media = [m for m in caps.accepted_media_types if m.startswith("image/")]
    photos = PHOTOS if caps.photo_upload and media else 0
    canaries = Canaries(ctx, "size-cap")
    rng = random.Random(f"{ctx.seed}:size-cap")  # noqa: S311 - reproducible, not crypto
    categories = categories_to_send(ctx)
    total = ROUNDS * len(categories)
    reads = len(reread_plan(total))
    frequent = (canaries.patient(), canaries.contact())
    pool = [(canaries.patient(), canaries.contact()) for _ in range(_POOL)]
    ctx.note(
        f"request budget: {total + reads + 5} (capabilities, environment twice, clock; "
        f"{total} POST /requests, {ROUNDS} rounds of one of each of {len(categories)} "
        f"categories, each with a description of up to {_TEXT:,} characters and {photos} "
        f"photos of up to {MAX_ATTACHMENT_BYTES:,} bytes, about "
        f"{total * photos * MAX_ATTACHMENT_BYTES // 1024**3} GiB in all; release; {reads} "
        "practice reads); bytes budget: the photos are metadata only (size and hash)"
    )
    sent: list[tuple[str, RequestSubmission]] = []
    per_category: Counter[RequestCategory] = Counter()
    bytes_before: Counter[RequestCategory] = Counter()
    chars_before = 0
    first_of_frequent: str | None = None
    unphotographed: set[RequestCategory] = set()  # photos refused as invalid from the start
    with clock_at(ctx, london(SIZE_DAY, 9, 15)), failures_of("AV-CAP-01"):
        for n in range(total):
            rnd, i = divmod(n, len(categories))
            category = categories[i]
            if category is RequestCategory.FOLLOW_UP and first_of_frequent is None:
                category = RequestCategory.SEEK_HEALTH_ADVICE  # nothing to follow up yet
            who = frequent if i == rnd % len(categories) else pool[n % _POOL]
            follows_up = None
            if category is RequestCategory.FOLLOW_UP:
                who, follows_up = frequent, first_of_frequent
            sub = _submission(
                canaries,
                who=who,
                category=category,
                description=_description(rng, n + 1, category, _TEXT - (rnd >= ROUNDS - 3)),
                attachments=(
                    _photos(rng, media, n) if photos and category not in unphotographed else ()
                ),
                follows_up=follows_up,
            )
            reply = target.submit_request(sub)
            if (
                reply.status in (400, 415, 422)
                and sub.attachments
                and not bytes_before[category]
                and category not in unphotographed
            ):
                # Photos refused as invalid before any load: the photo checks judge that; the
                # category is sent on without photos (its text still counts).
                ctx.note(
                    f"photos with a {category.value} request refused as invalid: left out after"
                )
                unphotographed.add(category)
                continue
            if reply.status != 201 or reply.value is None:
                raise CheckFailed(
                    f"POST /requests number {n + 1} of {total} in core hours ({category.value}, "
                    f"{len(sub.description):,} characters, {len(sub.attachments)} photos of "
                    f"{sum(a.size_bytes for a in sub.attachments):,} bytes; "
                    f"{sum(per_category.values())} accepted before it, {per_category[category]} "
                    f"of that category with {bytes_before[category]:,} bytes of photos, "
                    f"{sum(bytes_before.values()):,} in all, and {chars_before:,} characters of "
                    f"text) was answered HTTP {reply.status}; "
                    "expected 201 (no cap on photo bytes or text: photos of any size are taken "
                    "with a request in every category)"
                )
            if who is frequent and first_of_frequent is None:
                first_of_frequent = reply.value.reference
            per_category[category] += 1
            bytes_before[category] += sum(a.size_bytes for a in sub.attachments)
            chars_before += len(sub.description)
            sent.append((reply.value.reference, sub))
    with failures_of("AV-CAP-01"):
        for n in reread_plan(len(sent)):
            reference, sub = sent[n]
            status = target.practice_request(reference).status
            ctx.expect(
                status == 200,
                f"GET /practice/requests/{{reference}}: request number {n + 1} of {len(sent)} "
                f"({sub.category.value}, with {len(sub.attachments)} photos), accepted earlier in "
                f"the day, was answered HTTP {status}; expected 200 (no request may be dropped "
                "to make room for the day's photos or text)",
            )


def _submission(
    canaries: Canaries,
    *,
    who: tuple[PatientDetails, ContactDetails],
    category: RequestCategory,
    description: str,
    attachments: tuple[Attachment, ...],
    follows_up: str | None,
) -> RequestSubmission:
    return RequestSubmission(
        practice_code=canaries.environment.practice_code,
        category=category,
        patient=who[0],
        requester=Requester(role=RequesterRole.PATIENT),
        contact=who[1],
        description=description,
        attachments=attachments,
        follows_up=follows_up,
    )
