"""Checks of what a patient can send and what the practice then sees (group `requests`).

Every request is sent at a working-day morning set on the test clock, so the
tool is open; each check uses its own day so that one check's requests never
count against another's (a tool with a daily cap fails only the cap check).
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
        canaries = Canaries(ctx, f"category-{category.value}")
        with clock_at(ctx, london(_CATEGORIES_DAY, 10, 0)):
            sub = canaries.submission(category)
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
    canaries = Canaries(ctx, "follow-up")
    with clock_at(ctx, london(date(2026, 11, 18), 9, 15)):
        patient = canaries.patient()
        first = canaries.submission(RequestCategory.DESCRIBE_SYMPTOMS, patient=patient)
        earlier, _, _ = submit_and_view(ctx, first, "the earlier request")
        sub = canaries.submission(
            RequestCategory.FOLLOW_UP, patient=patient, follows_up=earlier.reference
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
    canaries = Canaries(ctx, "access")
    proxy = Requester(
        role=RequesterRole.PROXY,
        proxy_name=f"{canaries.word()} {canaries.word()}",
        relationship="daughter",
    )
    canaries.issue(proxy.proxy_name or "")
    with clock_at(ctx, london(date(2026, 11, 19), 11, 20)):
        sub = canaries.submission(RequestCategory.CLINICAL_REQUEST, requester=proxy)
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
    canaries = Canaries(ctx, "demographics")
    with clock_at(ctx, london(date(2026, 11, 20), 14, 40)):
        sub = canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST, full_contact=True)
        _, seen, expected = submit_and_view(ctx, sub, "a request with contact details")
        expect_same(ctx, seen.contact, expected.contact, "the contact details")
        expect_same(ctx, seen.patient, expected.patient, "the patient's details")


@check(
    "requests.photos",
    title="A patient can send photos with a request, where the tool offers it",
    requirements=["OC-PHOTO-01"],
    group="requests",
)
def photos(ctx: CheckContext) -> None:
    """When photo upload is declared, a photo's metadata reaches the practice; else OMIT."""
    caps = require(target_of(ctx).capabilities(), "reading the capabilities")
    if not caps.photo_upload:
        raise CheckOmitted("the tool does not declare photo upload")
    media = next((m for m in caps.accepted_media_types if m.startswith("image/")), None)
    if media is None:
        raise CheckOmitted("the tool declares photo upload but no image media type")
    canaries = Canaries(ctx, "photos")
    photo = Attachment(media_type=media, size_bytes=482_113, sha256="ab" * 32)
    with clock_at(ctx, london(date(2026, 11, 23), 8, 45)):
        sub = canaries.submission(RequestCategory.DESCRIBE_SYMPTOMS, attachments=(photo,))
        _, seen, _ = submit_and_view(ctx, sub, "a request with a photo")
        ctx.expect(seen.attachments == (photo,), "the practice does not see the photo sent")
