"""Checks of what a patient can send and what the practice then sees (group `requests`).

Every request is sent at a working-day morning set on the test clock, so the
tool is open; each check uses its own day so that one check's requests never
count against another's (a tool with a daily cap fails only the cap check).

These checks' canaries take every form the contract allows (`every_form`): an
NHS number typed with spaces or hyphens, a +44 phone, a plus-addressed email,
names and text outside Latin-1. A tool that refuses or changes any of them
fails the requirement that patients can send their request and be seen as sent.
"""

from __future__ import annotations

from datetime import date

import attrs

from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    expect_same,
    london,
    require,
    submit_and_view,
    target_of,
)
from gponline_sdk.conformance.core import CheckContext, CheckOmitted, check
from gponline_sdk.models import Attachment, RequestCategory, Requester, RequesterRole

__all__: list[str] = []

_CATEGORY_REQUIREMENTS = {
    RequestCategory.SEEK_HEALTH_ADVICE: "OC-CAT-01",
    RequestCategory.DESCRIBE_SYMPTOMS: "OC-CAT-02",
    RequestCategory.ASK_QUESTION: "OC-CAT-03",
    RequestCategory.CLINICAL_REQUEST: "OC-CAT-05",
    RequestCategory.ADMINISTRATIVE_REQUEST: "OC-CAT-06",
}
_CATEGORIES_DAY = date(2026, 11, 17)  # a Tuesday in GMT, not a bank holiday


def _category_check(category: RequestCategory, requirement: str) -> None:
    label = category.value.replace("_", " ")

    @check(
        f"requests.category.{category.value}",
        title=f"A patient can send a '{label}' request and the practice sees it as sent",
        requirements=[requirement],
        group="requests",
    )
    def run(ctx: CheckContext) -> None:
        canaries = Canaries(ctx, f"category-{category.value}", every_form=True)
        with clock_at(ctx, london(_CATEGORIES_DAY, 10, 0)):
            sub = canaries.submission(category, phone=True)
            ack, seen, expected = submit_and_view(ctx, sub, f"a {label} request")
            ctx.expect(bool(ack.reference), "the acknowledgement has no reference")
            expect_same(ctx, seen, expected, f"the {label} request")


for _category, _requirement in _CATEGORY_REQUIREMENTS.items():
    _category_check(_category, _requirement)


@check(
    "requests.category.follow_up",
    title="A patient can follow up an earlier request, and the practice sees the link",
    requirements=["OC-CAT-04"],
    group="requests",
)
def follow_up(ctx: CheckContext) -> None:
    """Send a request, then a follow-up naming it; the practice sees the follow-up linked."""
    canaries = Canaries(ctx, "follow-up", every_form=True)
    with clock_at(ctx, london(date(2026, 11, 18), 9, 15)):
        patient = canaries.patient()
        first = canaries.submission(RequestCategory.DESCRIBE_SYMPTOMS, patient=patient, phone=True)
        earlier, _, _ = submit_and_view(ctx, first, "the earlier request")
        sub = canaries.submission(
            RequestCategory.FOLLOW_UP, patient=patient, follows_up=earlier.reference, phone=True
        )
        _, seen, expected = submit_and_view(ctx, sub, "a follow-up")
        ctx.expect(
            seen.follows_up == earlier.reference,
            "the practice does not see which earlier request the follow-up is about",
        )
        expect_same(ctx, seen, expected, "the follow-up")


@check(
    "requests.practice-sees-exactly",
    title="The practice sees exactly what a proxy sent on a patient's behalf",
    requirements=["OC-ACCESS-01"],
    group="requests",
)
def practice_sees_exactly(ctx: CheckContext) -> None:
    """A proxy's request with long, non-ASCII text reaches the practice unchanged."""
    canaries = Canaries(ctx, "access", every_form=True)
    proxy = Requester(
        role=RequesterRole.PROXY,
        proxy_name=f"{canaries.word()} {canaries.word()}",
        relationship="daughter",
    )
    canaries.issue(proxy.proxy_name or "")
    with clock_at(ctx, london(date(2026, 11, 19), 11, 20)):
        sub = canaries.submission(RequestCategory.CLINICAL_REQUEST, requester=proxy, phone=True)
        long_text = sub.description + " " + "Repeat prescription, 28 days. " * 150
        sub = attrs.evolve(sub, description=long_text)
        _, seen, expected = submit_and_view(ctx, sub, "a proxy's request")
        # The category is verified, category by category, by the requests.category.* checks.
        expect_same(ctx, attrs.evolve(seen, category=sub.category), expected, "the proxy's request")


@check(
    "requests.contact-details",
    title="A patient can give their details and how to contact them with a request",
    requirements=["OC-DEMO-01"],
    group="requests",
)
def contact_details(ctx: CheckContext) -> None:
    """Email, phone, address and postcode sent with a request all reach the practice."""
    canaries = Canaries(ctx, "demographics", every_form=True)
    with clock_at(ctx, london(date(2026, 11, 20), 14, 40)):
        sub = canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST, full_contact=True)
        _, seen, expected = submit_and_view(ctx, sub, "a request with contact details")
        expect_same(ctx, seen.contact, expected.contact, "the contact details")
        expect_same(ctx, seen.patient, expected.patient, "the patient's details")


def _photos(canaries: Canaries, images: list[str]) -> tuple[Attachment, ...]:
    """Two or three photos of different accepted types (while there are), sizes and digests."""
    rng = canaries.rng
    count = rng.choice((2, 3))
    start = rng.randrange(len(images))
    return tuple(
        Attachment(
            media_type=images[(start + i) % len(images)],
            # From a thumbnail to a phone camera's full photo; `+ i` keeps each size its own.
            size_bytes=rng.randrange(40_000, 8_000_000) // 3 * 3 + i,
            sha256=f"{rng.getrandbits(256):064x}",
        )
        for i in range(count)
    )


def _listed(photos: tuple[Attachment, ...]) -> str:
    return ", ".join(f"{p.media_type} of {p.size_bytes} bytes" for p in photos) or "none"


@check(
    "requests.photos",
    title="A patient can send photos with a request, where the tool offers it",
    # Photos are optional (MAY), but a tool that takes them must let the practice see
    # them: one that loses a photo it accepted breaks OC-ACCESS-01, a MUST.
    requirements=["OC-PHOTO-01", "OC-ACCESS-01"],
    group="requests",
)
def photos(ctx: CheckContext) -> None:
    """When photo upload is declared, several photos reach the practice, all and in order."""
    caps = require(target_of(ctx).capabilities(), "reading the capabilities")
    if not caps.photo_upload:
        raise CheckOmitted("the tool does not declare photo upload")
    images = [m for m in caps.accepted_media_types if m.startswith("image/")]
    if not images:
        raise CheckOmitted("the tool declares photo upload but no image media type")
    ctx.note("budget: 6 requests (capabilities, environment, 2 clock, submission, practice read)")
    canaries = Canaries(ctx, "photos")
    sent = _photos(canaries, images)
    with clock_at(ctx, london(date(2026, 11, 23), 8, 45)):
        sub = canaries.submission(RequestCategory.DESCRIBE_SYMPTOMS, attachments=sent)
        _, seen, _ = submit_and_view(ctx, sub, f"a request with {len(sent)} photos")
        ctx.expect(
            seen.attachments == sent,
            f"attachments: expected the {len(sent)} photos sent, in order ({_listed(sent)}); "
            f"the practice sees {len(seen.attachments)} ({_listed(seen.attachments)})",
        )
