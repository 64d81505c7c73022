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
from typing import Any
from urllib.parse import quote

import attrs
import orjson

from gponline_sdk.conformance.checks._fidelity import absences, minimal_bodies
from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    expect_same,
    failures_of,
    london,
    offered,
    require,
    submit_and_view,
    target_of,
)
from gponline_sdk.conformance.checks.fidelity import same_as_sent, send_body
from gponline_sdk.conformance.checks.unknown_refs import (
    lookalike_references,
    partial_references,
    wildcard_references,
)
from gponline_sdk.conformance.core import CheckContext, CheckOmitted, check
from gponline_sdk.models import (
    Attachment,
    ContactMethod,
    RequestCategory,
)
from gponline_sdk.serde import to_json

__all__: list[str] = []

ACCESS = "OC-ACCESS-01"  # the practice sees exactly what was sent

_CATEGORY_REQUIREMENTS = {
    RequestCategory.SEEK_HEALTH_ADVICE: "OC-CAT-01",
    RequestCategory.DESCRIBE_SYMPTOMS: "OC-CAT-02",
    RequestCategory.ASK_QUESTION: "OC-CAT-03",
    RequestCategory.CLINICAL_REQUEST: "OC-CAT-05",
    RequestCategory.ADMINISTRATIVE_REQUEST: "OC-CAT-06",
}
_CATEGORIES_DAY = date(2026, 11, 17)  # a Tuesday in GMT, not a bank holiday
# The minimal bodies' day: 3 requests a category, 15 in all, apart from the day above.
_MINIMAL_DAY = date(2026, 11, 11)
_ABSENCE_DAY = date(2026, 11, 9)  # each optional field left out alone: 10 or so requests


def _category_check(category: RequestCategory, requirement: str) -> None:
    label = category.value.replace("_", " ")

    @check(
        f"requests.category.{category.value}",
        title=f"A patient can send a '{label}' request and the practice sees it as sent",
        requirements=[requirement, ACCESS],
        group="requests",
    )
    def run(ctx: CheckContext) -> None:
        """Refused: the category's requirement. Taken but altered on the way: OC-ACCESS-01."""
        canaries = Canaries(ctx, f"category-{category.value}", every_form=True, on=_CATEGORIES_DAY)
        with clock_at(ctx, london(_CATEGORIES_DAY, 10, 0)):
            sub = canaries.submission(category, phone=True)
            with failures_of(requirement):
                ack, seen, expected = submit_and_view(ctx, sub, f"a {label} request")
                ctx.expect(bool(ack.reference), "the acknowledgement has no reference")
            with failures_of(ACCESS):
                expect_same(ctx, seen, expected, f"the {label} request")
        _minimal(ctx, canaries, category, label, requirement)


def _minimal(
    ctx: CheckContext, canaries: Canaries, category: RequestCategory, label: str, requirement: str
) -> None:
    """The smallest bodies the contract allows for `category`, each accepted and seen as sent.

    Generated from the schema (`minimal_bodies`): no NHS number, no postcode, no
    preferred method, no attachments, and only an email, only a phone or only an
    address. A tool that asks more of a category (an NHS number for a clinical
    request, an email for an administrative one) turns these patients away.
    """
    ctx.note(
        "budget: about 14 more requests (2 clocks and releases; 3 minimal bodies and 2 or 3 "
        "with one optional field left out, each sent and read)"
    )
    full = orjson.loads(to_json(canaries.submission(category, full_contact=True)))
    # Each optional field left out on its own, spread over the five categories' checks.
    turn = list(_CATEGORY_REQUIREMENTS).index(category)
    alone = absences(full, "RequestSubmission")[turn :: len(_CATEGORY_REQUIREMENTS)]
    with clock_at(ctx, london(_MINIMAL_DAY, 11, 0)):
        for what, body in minimal_bodies(full, "RequestSubmission"):
            send_and_compare(ctx, body, f"a {label} request with {what}", offer=requirement)
    # Here the field left out must stay out; the rest of each body is the other checks'.
    with clock_at(ctx, london(_ABSENCE_DAY, 11, 0)):
        for path, body in alone:
            what = f"a {label} request with {path} left out"
            send_and_compare(ctx, body, what, offer=requirement, only=path)


def send_and_compare(
    ctx: CheckContext, body: dict[str, Any], what: str, *, offer: str, **compare: Any
) -> str:
    """Send a request body as built; the practice must see it as sent. Its reference.

    A refusal breaks `offer` (the category's requirement); what the practice sees
    differing breaks OC-ACCESS-01. `compare` goes to `same_as_sent` (`ignore`, `only`).
    """
    # Each its own words: the same words twice would be a resend (availability.no-cap's).
    body["description"] = f"{body['description']} ({what})"
    with failures_of(offer):
        reference = send_body(ctx, "/requests", body, what)
        reply = target_of(ctx).practice_request(reference)
        require(reply, f"the practice reading {what}")
    with failures_of(ACCESS):
        same_as_sent(ctx, reply, body, "RequestSubmission", what, **compare)
    return reference


for _category, _requirement in _CATEGORY_REQUIREMENTS.items():
    _category_check(_category, _requirement)


@check(
    "requests.category.follow_up",
    title="A patient can follow up an earlier request, and the practice sees the link",
    requirements=["OC-CAT-04", ACCESS],
    group="requests",
)
def follow_up(ctx: CheckContext) -> None:
    """A request, a follow-up of it and a follow-up of that: the practice sees each exact link.

    Patients follow up their follow-ups ("still no better"); each names the request
    it answers, not the first of the chain, and the practice must see that one.
    """
    ctx.note(
        "budget: 15 requests (environment, 2 capabilities, 2 clock, 5 submissions, "
        "5 practice reads)"
    )
    day = date(2026, 11, 18)
    canaries = Canaries(ctx, "follow-up", every_form=True, on=day)
    # The request followed up is of a category the tool offers (symptoms are a SHOULD).
    symptoms = offered(ctx).of(RequestCategory.DESCRIBE_SYMPTOMS)
    with clock_at(ctx, london(day, 9, 15)):
        patient = canaries.patient()
        first = canaries.submission(symptoms, patient=patient, phone=True)
        earlier, _, _ = submit_and_view(ctx, first, "the earlier request")
        for what in ("a follow-up", "a follow-up of that follow-up"):
            sub = canaries.submission(
                RequestCategory.FOLLOW_UP, patient=patient, follows_up=earlier.reference, phone=True
            )
            with failures_of("OC-CAT-04"):
                ack, seen, expected = submit_and_view(ctx, sub, what)
            with failures_of(ACCESS):
                # The follow-up was taken: a link lost or changed on the way is the
                # practice not seeing what the patient sent.
                ctx.expect(
                    seen.follows_up == earlier.reference,
                    f"follows_up of {what}: expected the request it names, the practice sees "
                    + ("none" if seen.follows_up is None else "another request"),
                )
                expect_same(ctx, seen, expected, what)
            earlier = ack
        _minimal_follow_up(ctx, canaries)


def _minimal_follow_up(ctx: CheckContext, canaries: Canaries) -> None:
    """A request and its follow-up, both as small as the schema allows: no NHS number.

    The patient is the same (name and date of birth); each gives only a phone.
    """
    question = offered(ctx).of(RequestCategory.ASK_QUESTION)
    full = orjson.loads(to_json(canaries.submission(question, phone=True)))
    first = dict(minimal_bodies(full, "RequestSubmission"))["only contact.phone"]
    # Its category is the category checks' to verify.
    what = "a request with only a phone and no NHS number"
    earlier = send_and_compare(ctx, first, what, offer="OC-CAT-04", ignore=("category",))
    later = {**first, "category": RequestCategory.FOLLOW_UP.value, "follows_up": earlier}
    what = "its follow-up, also with only a phone and no NHS number"
    send_and_compare(ctx, later, what, offer="OC-CAT-04")


@check(
    "requests.practice-sees-exactly",
    title="The practice sees exactly what a patient sent, at a summer-time instant",
    requirements=["OC-ACCESS-01"],
    group="requests",
)
def practice_sees_exactly(ctx: CheckContext) -> None:
    """A patient's request reaches the practice exactly as sent, at a British Summer Time instant.

    The description holds CRLF and a lone CR, decomposed accents (NFD) and is the
    contract's maximum length in characters, most of them outside ASCII; the contact
    has an address, a postcode as typed and a preferred method. The practice must see
    every character and field as sent, and the time received as the same instant.
    Requests from proxies are `requests.proxy-requests`' (OC-PROXY-01). Round 9: the
    practice reading the reference with its letters' case swapped, or with look-alikes
    swapped (O and 0; I, L and 1), gets 404: references are exact. Round 11: the same
    patient (NHS number and date of birth) then sends a request under a new family name:
    it is taken and shown as sent.
    """
    ctx.note(
        "budget: at most 10 requests (environment, 2 clock, submission, practice read, "
        "the practice reading up to 3 look-alikes of the reference, and the same patient's "
        "request under a new family name with its practice read)"
    )
    day = date(2026, 7, 9)  # a Thursday in BST: a tool that writes London time as UTC is out
    canaries = Canaries(ctx, "access", every_form=True, on=day)
    with clock_at(ctx, london(day, 11, 20)):
        sub = canaries.submission(RequestCategory.CLINICAL_REQUEST, full_contact=True)
        # Every preferred method is requests.exactly-as-sent's; one fixed here, whatever the seed.
        contact = attrs.evolve(sub.contact, preferred=ContactMethod.POST)
        sub = attrs.evolve(sub, description=_as_typed(sub.description), contact=contact)
        ack, seen, expected = submit_and_view(ctx, sub, "a patient's request")
        # The category is verified, category by category, by the requests.category.* checks.
        expect_same(ctx, attrs.evolve(seen, category=sub.category), expected, "the request")
        # Round 9 (2.4.0 [SDK]): the practice finds the request by its reference exactly as
        # issued, and by nothing that only looks like it (another case, O for 0, L for 1):
        # a lookup that folds them shows the practice one patient's request for another's.
        for shape, other in [
            *lookalike_references(ack.reference),
            *wildcard_references(ack.reference),
            *partial_references(ack.reference),
        ]:
            # (2.12.0) The patient's status too: a prefix lookup is often one shared helper.
            for route in ("/practice/requests/{reference}", "/requests/{reference}/status"):
                path = route.replace("{reference}", quote(other, safe=""))
                status = target_of(ctx).send_raw("GET", path).status
                ctx.expect(
                    400 <= status < 500,
                    f"GET {route} with {shape} (a reference no request has): expected HTTP "
                    f"404 (references are exact, character for character), received HTTP "
                    f"{status}",
                )
        # Round 11: the same patient (NHS number, date of birth) under a new family name
        # (married, say) is taken and shown as sent: no identity rule turns them away.
        family = canaries.word(9)
        canaries.issue(family)
        renamed = attrs.evolve(sub.patient, family_name=family)
        object.__setattr__(renamed, "nhs_number", sub.patient.nhs_number)  # as typed
        again = attrs.evolve(sub, patient=renamed, description="My surname has changed.")
        what = "the same patient's next request under a new family name"
        _, seen, expected = submit_and_view(ctx, again, what)
        expect_same(ctx, attrs.evolve(seen, category=again.category), expected, what)


@check(
    "requests.contact-details",
    title="A patient can give their details and how to contact them with a request",
    requirements=["OC-DEMO-01"],
    group="requests",
)
def contact_details(ctx: CheckContext) -> None:
    """Email, phone, address and postcode sent with a request all reach the practice."""
    day = date(2026, 11, 20)
    canaries = Canaries(ctx, "demographics", every_form=True, on=day)
    with clock_at(ctx, london(day, 14, 40)):
        sub = canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST, full_contact=True)
        sub = attrs.evolve(sub, contact=attrs.evolve(sub.contact, preferred=ContactMethod.ONLINE))
        _, seen, expected = submit_and_view(ctx, sub, "a request with contact details")
        expect_same(ctx, seen.contact, expected.contact, "the contact details")
        expect_same(ctx, seen.patient, expected.patient, "the patient's details")


_MAX_DESCRIPTION = 10_000  # the contract's maxLength of a description, in characters
# Pasted from Word or typed on Windows (CRLF), from an old Mac export (lone CR), and with
# accents as macOS and some keyboards send them, decomposed: 'e' + U+0301 (NFD).
_LINE_ENDS = "Sent from my laptop.\r\nSecond line.\rAfter a lone CR.\r\n"
_DECOMPOSED = "Rene\u0301e and Zoe\u0308 (NFD), cafe\u0301 on Fo\u0308hr"
_FILLER = "Płatność — dziękuję, Łucja. Ćwierć… ✓ "


def _as_typed(description: str) -> str:
    """`description` with line ends and accents as typed, filled to the maximum length.

    The fill is outside ASCII, so a tool that counts the limit in UTF-8 bytes refuses it.
    """
    text = f"{description}\r\n{_LINE_ENDS}{_DECOMPOSED}\r\n"
    fill = _FILLER * (_MAX_DESCRIPTION // len(_FILLER) + 1)
    return (text + fill)[: _MAX_DESCRIPTION - 1] + "ł"


def _photos(canaries: Canaries, images: list[str]) -> tuple[Attachment, ...]:
    """Three photos of different accepted types (while there are), sizes and digests.

    The first is sent again at the end, identical: a patient who taps "add" twice
    sends the same photo twice, and the practice must see both (a store keyed by
    digest keeps one).
    """
    rng = canaries.rng
    start = rng.randrange(len(images))
    # From a thumbnail to a phone camera's full photo; `+ i` keeps each size its own.
    sizes = sorted(rng.randrange(40_000, 8_000_000) // 3 * 3 + i for i in range(3))
    # Three, in an order neither by size up nor down, so a tool that reverses the list or
    # sorts it (by size, by upload time on a parallel upload) shows another order.
    order = rng.choice(((1, 2, 0), (1, 0, 2), (2, 0, 1), (0, 2, 1)))
    photos = tuple(
        Attachment(
            media_type=images[(start + i) % len(images)],
            size_bytes=sizes[order[i]],
            sha256=f"{rng.getrandbits(256):064x}",
        )
        for i in range(3)
    )
    return (*photos, photos[0])


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
    """When photo upload is declared, several photos (one twice) reach the practice, in order."""
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
        # Photos go with symptoms; as health advice to a tool offering no symptoms (a SHOULD).
        category = RequestCategory.DESCRIBE_SYMPTOMS
        if category not in caps.request_categories:
            category = RequestCategory.SEEK_HEALTH_ADVICE
        sub = canaries.submission(category, attachments=sent)
        _, seen, _ = submit_and_view(ctx, sub, f"a request with {len(sent)} photos")
        ctx.expect(
            seen.attachments == sent,
            f"attachments: expected the {len(sent)} photos sent, in order ({_listed(sent)}); "
            f"the practice sees {len(seen.attachments)} ({_listed(seen.attachments)})",
        )
