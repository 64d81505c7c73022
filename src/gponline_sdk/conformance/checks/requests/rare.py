"""Rare forms, each request as sent, and photos in every category (group `requests`).

Some transformations bite only some inputs: a JS-safe JSON encoder turns U+2028
into a line feed, an "HTTPS everywhere" proxy rewrites `http://`, a link or date
detector rewrites what looks like one, a form pre-fills the proxy or the contact
from the patient's first request, a 0-byte upload's type is sniffed again, photos
are taken in one category only. A corpus of common text misses all of them.

`requests.rare-forms-as-sent`: one patient sends a request in every category
(the follow-up names the first), each by another proxy (one by the patient), each
with other contact details (every field, only a phone, only an email, only an
address). Every bounded free-text field (found in the contract's schema) and the
first address line carry the rare forms of `_fidelity.RARE_PIECES`: line and
paragraph separators, NEL, zero-width joiners, skin-tone emoji, combining marks, a
BOM inside text, http/https/www./mailto: links, email addresses, numbers like
dates and phone numbers. Each is read right after it is sent and again after the
last: the practice sees each exactly as IT was sent, nothing from another request.

`requests.photos-every-category`: where photo upload is declared, a request in
each category the tool offers carries a 0-byte, a 1-byte and a full-size photo
(each accepted image type takes a turn at 0 bytes); each is taken (201) and the
practice sees the attachments exactly as sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson

from gponline_sdk.conformance.checks import _canary_values as values
from gponline_sdk.conformance.checks import _fidelity as corpus
from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    clock_at,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.fidelity import same_as_sent, send_body
from gponline_sdk.conformance.checks.requests.text import free_text_fields
from gponline_sdk.conformance.core import CheckContext, CheckOmitted, check
from gponline_sdk.models import NhsNumber, RequestCategory
from gponline_sdk.serde import to_json

__all__ = ["photos_every_category", "rare_forms_as_sent"]

_RARE_DAY = date(2026, 11, 4)  # a Wednesday used by no other check
_PHOTOS_DAY = date(2026, 11, 5)
# The follow-up last: it names the first request, which must exist by then.
_ORDER = (
    *(c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP),
    RequestCategory.FOLLOW_UP,
)
# Who sends request n: a proxy (relationship's first words) or, for None, the patient.
_SENDERS = ("mother", "Father", None, "legal guardian", "daughter", "foster carer")
# Which contact fields request n gives: each shape once, every field first and last.
_SHAPES = (
    ("email", "phone", "address_lines", "postcode", "preferred"),
    ("phone", "preferred"),
    ("email",),
    ("address_lines", "postcode", "preferred"),
    ("email", "phone", "address_lines", "postcode", "preferred"),
    ("phone", "email"),
)
_POSTCODES = ("HX7 8AD", "LS14AP", "M1 1AE", "SW1A 1AA", "B1 1AA", "NE1 4ST")


def _patient(canaries: Canaries) -> dict[str, Any]:
    """One patient for every request: names in rare forms, an adult, an NHS number."""
    rng = canaries.rng
    given_unique, family_unique = canaries.word(7), canaries.word(9)
    given = corpus.rare_text(f"Zoë {given_unique}", 100, 5)
    family = corpus.rare_text(f"O'{family_unique}", 100, 0)
    number = str(NhsNumber(values.nhs_number(rng, None)))
    canaries.issue(given, family, given_unique, family_unique, number)
    born = date(1950 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth": born.isoformat(),
        "nhs_number": number,
    }


def _contact(canaries: Canaries, n: int) -> dict[str, Any]:
    """Request n's contact details: shape `_SHAPES[n]`, every value its own."""
    rng = canaries.rng
    # The common layouts: every layout of phones and emails is the other checks' to send.
    email = values.email_address(rng, None)
    phone, national = values.phone_number(rng, None)
    line = corpus.rare_text(f"Flat {n + 1}, {canaries.word(8)}", 100, 3 * n)
    methods = corpus.contact_methods()
    every = {
        "email": email,
        "phone": phone,
        "address_lines": [line, "Hebden Bridge", "West Yorkshire"][: 3 - n % 2],
        "postcode": _POSTCODES[n % len(_POSTCODES)],
        "preferred": methods[n % len(methods)] if methods else None,
    }
    canaries.issue(email, phone, national, line)
    return {name: every[name] for name in _SHAPES[n % len(_SHAPES)]}


def _body(
    canaries: Canaries,
    patient: dict[str, Any],
    n: int,
    first: str | None,
    order: Sequence[RequestCategory] = _ORDER,
) -> dict[str, Any]:
    """Request n of the patient: category `order[n]`, its own sender, contact and text."""
    category = order[n % len(order)]
    marker = f"canary-{canaries.word(12).lower()}"
    canaries.issue(marker)
    body: dict[str, Any] = {
        "practice_code": str(canaries.environment.practice_code),
        "category": category.value,
        "patient": patient,
        "requester": {"role": "patient"},
        "contact": _contact(canaries, n),
        "description": corpus.rare_text(marker, 10_000, n),
    }
    relationship = _SENDERS[n % len(_SENDERS)]
    if relationship is not None:
        name = corpus.rare_text(f"{canaries.word(6)} {canaries.word(8)}", 200, 2 * n + 1)
        canaries.issue(name)
        body["requester"] = {
            "role": "proxy",
            "proxy_name": name,
            "relationship": corpus.rare_text(relationship, 100, 2 * n + 4),
        }
    if category is RequestCategory.FOLLOW_UP:
        body["follows_up"] = first
    return body


@check(
    "requests.rare-forms-as-sent",
    title="Rare characters, links and date-like numbers, and each request of a patient, "
    "reach the practice as sent",
    requirements=["OC-ACCESS-01"],
    group="requests",
)
def rare_forms_as_sent(ctx: CheckContext) -> None:
    """One patient, a request per category by other senders and contacts, rare forms in all."""
    order = categories_to_send(ctx, _ORDER)  # a SHOULD category not offered is not sent
    n_requests = len(order)
    ctx.note(
        f"request budget: {3 * n_requests + 4} (capabilities, environment, clock, per request a "
        "POST "
        "/requests and a practice read, each read again after the last; clock release); "
        f"{len(free_text_fields('RequestSubmission'))} free-text fields and the first address "
        "line carry the rare forms"
    )
    canaries = Canaries(ctx, "rare-forms")
    patient = _patient(canaries)
    target = target_of(ctx)
    sent: list[tuple[str, str, dict[str, Any]]] = []
    with clock_at(ctx, london(_RARE_DAY, 10, 30)):
        for n in range(n_requests):
            body = _body(canaries, patient, n, sent[0][1] if sent else None, order)
            sender = "the patient" if body["requester"]["role"] == "patient" else "a proxy"
            what = (
                f"request {n + 1} of one patient ({body['category'].replace('_', ' ')}, "
                f"from {sender}, contact with {', '.join(body['contact'])})"
            )
            reference = send_body(ctx, "/requests", body, what)
            reply = target.practice_request(reference)
            require(reply, f"the practice reading {what}")
            same_as_sent(ctx, reply, body, "RequestSubmission", what)
            sent.append((what, reference, body))
    for what, reference, body in sent:
        again = f"{what}, read again after the patient's last request"
        reply = target.practice_request(reference)
        require(reply, f"the practice reading {again}")
        same_as_sent(ctx, reply, body, "RequestSubmission", again)


def _attachments(canaries: Canaries, images: list[str], turn: int) -> list[dict[str, Any]]:
    """A 0-byte, a 1-byte and a full-size photo; image type `turn` is the empty one."""
    rng = canaries.rng
    one = bytes([rng.randrange(256)])
    sizes = (0, 1, rng.randrange(200_000, 4_000_000))
    digests = (
        hashlib.sha256(b"").hexdigest(),
        hashlib.sha256(one).hexdigest(),
        f"{rng.getrandbits(256):064x}",
    )
    return [
        {"media_type": images[(turn + i) % len(images)], "size_bytes": size, "sha256": digest}
        for i, (size, digest) in enumerate(zip(sizes, digests, strict=True))
    ]


@check(
    "requests.photos-every-category",
    title="Where photo upload is declared, photos of 0, 1 and many bytes are taken in every "
    "category offered and reach the practice as sent",
    requirements=["OC-PHOTO-01", "OC-ACCESS-01"],
    group="requests",
)
def photos_every_category(ctx: CheckContext) -> None:
    """A request per category offered, each with an empty, a 1-byte and a full-size photo."""
    caps = require(target_of(ctx).capabilities(), "reading the capabilities")
    if not caps.photo_upload:
        raise CheckOmitted("the tool does not declare photo upload")
    images = [m for m in caps.accepted_media_types if m.startswith("image/")]
    if not images:
        raise CheckOmitted("the tool declares photo upload but no image media type")
    offered = [c for c in _ORDER if c in caps.request_categories]
    ctx.note(
        f"request budget: {2 * len(offered) + 4} (capabilities, environment, clock, per "
        "category offered a POST /requests and a practice read, clock release)"
    )
    canaries = Canaries(ctx, "photos-every-category")
    target = target_of(ctx)
    first: str | None = None
    with clock_at(ctx, london(_PHOTOS_DAY, 9, 15)):
        for turn, category in enumerate(offered):
            follow_up = category is RequestCategory.FOLLOW_UP
            if follow_up and first is None:
                continue  # no earlier request to follow up: no category but follow-up offered
            sub = canaries.submission(category, follows_up=first if follow_up else None)
            body: dict[str, Any] = orjson.loads(to_json(sub))
            body["attachments"] = _attachments(canaries, images, turn)
            what = (
                f"a {category.value.replace('_', ' ')} request with photos of 0, 1 and more bytes"
            )
            reference = send_body(ctx, "/requests", body, what)
            first = first or reference
            reply = target.practice_request(reference)
            require(reply, f"the practice reading {what}")
            same_as_sent(ctx, reply, body, "RequestSubmission", what, only="attachments")
