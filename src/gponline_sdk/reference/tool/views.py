"""The reference tool's request fault modes: what the practice sees, and whom it refuses.

`practice_view` changes the practice's view of a stored request the way a tool
with one of these defects shows it (line ends normalised, text NFC-composed,
names re-cased, the contact preference lost, the time written wrong, a
follow-up linked to the first of its chain). `refusal` turns away a valid
request the way a tool with a rule stricter than the contract does. The clean
tool never calls either with a fault of this module.

Also the "exactly as sent" faults: text tidied (tabs, no-break spaces, quotes),
names cut at 35, a photo sent twice kept once, an SMS preference shown as phone,
leap-day births and requests without an NHS number or email refused; contact
updates merged with the last, given a default preference, cut at 35 or refused
without an NHS number; a channel left out of the capabilities. `as_typed` keeps an
NHS number in the layout sent, as the clean tool must.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from typing import Any, TypeVar

import attrs
import orjson

from gponline_sdk.conformance.contract import ContactDetailsSubmission, RequestSubmission
from gponline_sdk.errors import Problem
from gponline_sdk.models import (
    CORE_HOURS,
    Channel,
    ConsultationRequest,
    ContactDetails,
    ContactDetailsUpdate,
    ContactMethod,
    RequestCategory,
)
from gponline_sdk.reference.tool.faults import round8_b as r8b_faults
from gponline_sdk.reference.tool.faults import round11 as r11_faults
from gponline_sdk.reference.tool.faults import round14 as r14_faults

__all__ = [
    "as_typed",
    "channels",
    "contact_refusal",
    "contact_stored",
    "practice_view",
    "refusal",
]

T = TypeVar("T")


def _root(reference: str, requests: Mapping[str, ConsultationRequest]) -> str:
    seen = {reference}
    request = requests.get(reference)
    while request is not None and request.follows_up is not None:
        if request.follows_up in seen:
            break
        reference = request.follows_up
        seen.add(reference)
        request = requests.get(reference)
    return reference


def practice_view(
    fault: str | None,
    request: ConsultationRequest,
    seen: dict[str, Any],
    requests: Mapping[str, ConsultationRequest],
) -> None:
    """Change `seen` (the practice's view of `request`, as JSON data) as fault `fault` does."""
    r8b_faults.description_shown(fault, seen)
    r14_faults.practice_view(fault, seen)
    r11_faults.paragraphs_shown(fault, seen)
    if fault == "follow-up-linked-to-first-request" and request.follows_up is not None:
        seen["follows_up"] = _root(request.follows_up, requests)
    elif fault == "normalises-line-breaks":
        seen["description"] = seen["description"].replace("\r\n", "\n").replace("\r", "\n")
    elif fault == "nfc-normalises-text":
        seen["description"] = unicodedata.normalize("NFC", seen["description"])
    elif fault == "title-cases-names":
        for name in ("given_name", "family_name"):
            seen["patient"][name] = seen["patient"][name].title()
    elif fault == "drops-contact-preference":
        seen["contact"]["preferred"] = None
    elif fault == "practice-view-wall-time-as-utc":
        wall = request.submitted_at.astimezone(CORE_HOURS.zone).replace(tzinfo=timezone.utc)
        seen["submitted_at"] = wall.isoformat().replace("+00:00", "Z")
    else:
        _fidelity_view(fault, seen)


# Zero-width characters a "clean the text" filter removes.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def _fidelity_view(fault: str | None, seen: dict[str, Any]) -> None:
    """The practice's view as a tool that tidies what patients send shows it."""
    if fault == "description-whitespace-normalised":
        text = seen["description"].expandtabs(4).replace("\u00a0", " ").replace("\u202f", " ")
        seen["description"] = _ZERO_WIDTH.sub("", text)
    elif fault == "description-smart-punctuation":
        text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", seen["description"])
        seen["description"] = text.replace("'", "\u2019")
    elif fault == "names-truncated-at-35":
        for name in ("given_name", "family_name"):
            seen["patient"][name] = seen["patient"][name][:35]
    elif fault == "dedups-attachments-by-digest":
        digests: set[str] = set()
        kept = []
        for attachment in seen["attachments"]:
            if attachment["sha256"] not in digests:
                digests.add(attachment["sha256"])
                kept.append(attachment)
        seen["attachments"] = kept
    elif (
        fault == "text-message-preference-as-phone"
        and seen["contact"]["preferred"] == ContactMethod.TEXT_MESSAGE.value
    ):
        seen["contact"]["preferred"] = ContactMethod.PHONE.value  # a legacy enum without SMS


def as_typed(obj: T, body: bytes) -> T:
    """`obj` read from `body`, its patient's NHS number kept in the layout typed.

    The models keep an NHS number's digits only; the practice must see it as sent
    (`999 123 4567`), so the clean tool puts the typed layout back. The read object
    is new and not yet shared, so setting its frozen field is safe.
    """
    patient = getattr(obj, "patient", None)
    if patient is None or patient.nhs_number is None:
        return obj
    try:
        typed = orjson.loads(body)["patient"]["nhs_number"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return obj
    if isinstance(typed, str):
        object.__setattr__(patient, "nhs_number", typed)
    return obj


def channels(fault: str | None) -> frozenset[Channel]:
    """The channels the tool declares (all four, but for fault capabilities-omit-...)."""
    if fault == "capabilities-omit-contact-channel":
        return frozenset(Channel) - {Channel.CONTACT_DETAILS_UPDATE}
    return frozenset(Channel)


def contact_refusal(fault: str | None, sub: ContactDetailsSubmission) -> Problem | None:
    """The problem a tool with fault `fault` finds in a valid contact details update."""
    if fault == "contact-updates-need-nhs-number" and sub.patient.nhs_number is None:
        return Problem(location="$.patient.nhs_number", message="needed to match your record")
    return None


def contact_stored(
    fault: str | None, sub: ContactDetailsSubmission, held: Iterable[ContactDetailsUpdate]
) -> ContactDetails:
    """The contact details the tool stores for update `sub` (`held`: the updates before it)."""
    contact = sub.contact
    if fault == "contact-updates-merged":
        # PATCH semantics: what the update leaves out keeps the patient's previous value.
        same = [u for u in held if u.patient.date_of_birth == sub.patient.date_of_birth]
        same = [u for u in same if u.patient.family_name == sub.patient.family_name]
        if same:
            previous = same[-1].contact
            return attrs.evolve(
                contact,
                email=contact.email or previous.email,
                phone=contact.phone or previous.phone,
                address_lines=contact.address_lines or previous.address_lines,
                postcode=contact.postcode or previous.postcode,
                preferred=contact.preferred or previous.preferred,
            )
    defaults = fault == "contact-update-preferred-defaults-email"
    if defaults and contact.preferred is None and contact.email is not None:
        return attrs.evolve(contact, preferred=ContactMethod.EMAIL)
    if fault == "contact-update-address-lines-at-35":
        return attrs.evolve(contact, address_lines=tuple(a[:35] for a in contact.address_lines))
    return contact


def _under_5(born: date, now: datetime) -> bool:
    today = now.astimezone(CORE_HOURS.zone).date()
    fifth = date(born.year + 5, born.month, 28 if (born.month, born.day) == (2, 29) else born.day)
    return today < fifth


def refusal(
    fault: str | None,
    sub: RequestSubmission,
    now: datetime,
    requests: Mapping[str, ConsultationRequest],
) -> Problem | None:
    """The problem a tool with fault `fault` finds in the valid request `sub`, if any."""
    if fault == "refuses-follow-up-of-follow-up" and sub.follows_up is not None:
        earlier = requests.get(sub.follows_up)
        if earlier is not None and earlier.follows_up is not None:
            return Problem(location="$.follows_up", message="must name an original request")
    if fault == "refuses-under-5s" and _under_5(sub.patient.date_of_birth, now):
        return Problem(location="$.patient.date_of_birth", message="the patient must be 5 or older")
    return _over_strict(fault, sub)


def _over_strict(fault: str | None, sub: RequestSubmission) -> Problem | None:
    """Rules stricter than the contract that turn away valid requests."""
    born = sub.patient.date_of_birth
    if fault == "refuses-leap-day-birth" and (born.month, born.day) == (2, 29):
        # The age computed with born.replace(year=this year): 29 February fails.
        return Problem(location="$.patient.date_of_birth", message="not a valid date")
    clinical = sub.category is RequestCategory.CLINICAL_REQUEST
    if fault == "clinical-requests-need-nhs-number" and clinical and not sub.patient.nhs_number:
        return Problem(location="$.patient.nhs_number", message="required for clinical requests")
    admin = sub.category is RequestCategory.ADMINISTRATIVE_REQUEST
    if fault == "admin-requests-need-email" and admin and sub.contact.email is None:
        return Problem(location="$.contact.email", message="required for administrative requests")
    return None
