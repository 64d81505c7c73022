"""Contact details updates with every realistic shape of value (group `channels`).

Patients change a landline as often as a mobile, live in flats and in places
with no county, write their email with dots, hyphens, digits and an apostrophe,
and are called Jo, D'Arcy-Nguyễn or a hundred characters of double-barrelled
name. A tool that takes only some of these ("mobiles only: we text you a code",
"the county is required", "letters only in a name") turns those patients away.

So the check sends one update per value of a corpus below, every value valid
under the contract and each kind at the contract's limits (10 and 13 digits,
an email of 254 characters, names of 1 and 100): landlines in every area-code
grouping (2-4-4, 3-3-4, 4-6, with brackets and hyphens), mobiles, +44 forms
(with the (0) patients write), emails of several shapes, addresses with flats,
with and without a county or postcode, and updates giving only a phone, only an
email or only an address; (round 13) an email whose domain is in capitals, and every
ethnicity code of the contract's list in turn. Each must be accepted (201) and read by the practice
exactly as sent. Phone numbers come from Ofcom's ranges for drama (none
reaches a person) and emails from reserved example domains.
"""

from __future__ import annotations

from datetime import date

import attrs

from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    differences,
    london,
    target_of,
)
from gponline_sdk.conformance.contract import ContactDetailsSubmission
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.conformance.target import BadResponse
from gponline_sdk.models import (
    ContactDetails,
    ContactMethod,
    PatientDetails,
    Requester,
    RequesterRole,
)
from gponline_sdk.models.consultation import ETHNIC_CATEGORY_CODES

__all__ = ["ADDRESSES", "EMAILS", "PHONES"]

_DAY = date(2026, 12, 2)  # a Wednesday
# (what, number): every grouping patients write; digits 10 to 13, the contract's limits.
PHONES = (
    ("a landline with a 3-digit area code (020 7946 ...)", "020 7946 0123"),
    ("a landline with a 4-digit area code (0113 496 ...)", "0113 496 0958"),
    ("a landline with a 5-digit area code (01632 96...)", "01632 960123"),
    ("a landline with the area code in brackets", "(0161) 496 0000"),
    ("a landline written with hyphens", "0114-496-0321"),
    ("a Northern Ireland landline (028 ...)", "028 9649 6123"),
    ("a non-geographic 03 number", "03069 990123"),
    ("a freephone number of 10 digits", "0808 157 012"),
    ("a landline written +44 (0)20 ... (13 digits)", "+44 (0)20 7946 0456"),
    ("a landline written +44 113 ...", "+44 113 496 0500"),
    ("a landline written +44 with no spaces", "+441632960777"),
    ("a mobile (07700 9...)", "07700 900123"),
    ("a mobile written +44 7700 ...", "+44 7700 900 456"),
)
# (what, email): shapes of the local part and the domain; the last at 254 characters.
_LONG_DOMAIN = ".".join(("a" * 63, "b" * 63, "c" * 49, "example.org"))  # 189 characters
EMAILS = (
    ("an email with dots and digits", "jo.bloggs.1987@example.org"),
    ("an email with a hyphen in the domain", "j-smith@mail-1.example.net"),
    ("an email with an apostrophe", "siobhan.o'brien@example.invalid"),
    ("an email with capitals and an underscore", "Mary_Jones@example.org"),
    ("an email with a +tag and a subdomain", "patient+gp@nhs.example.net"),
    # Round 13: a domain in capitals, as a phone's keyboard or a patient writes it; IDNA's
    # mapping (or a "normalise emails" step) lower-cases it. Stored and shown as sent.
    ("an email with its domain in capitals", "Jo.Patel@Example.ORG"),
    ("an email of 254 characters, a 64-character local part", "k" * 64 + "@" + _LONG_DOMAIN),
)
_ETHNICITIES = (*ETHNIC_CATEGORY_CODES, None)
# (what, lines, postcode): flats, no county, long lines, a house name, no postcode.
ADDRESSES = (
    ("a flat, no county", ("Flat 3", "14 Park Road", "Headingley", "Leeds"), "LS6 3EX"),
    ("a flat in a tenement (2/1)", ("Flat 2/1", "27 Byres Road", "Glasgow"), "G11 5RD"),
    (
        "a house name, a county and a long line",
        (
            "Rose Cottage, The Old Forge",
            "St John's Lane, Upper Slaughter-on-the-Water, by the Village Green and Church",
            "Cheltenham",
            "Gloucestershire",
        ),
        "GL54 2JD",
    ),
    ("one line with a postcode without the space", ("12a Mill Court",), "M11AE"),
    ("a Welsh address with accents, no postcode", ("2 Heol-y-Nant", "Pen-y-bont ar Ogwr"), None),
    (
        "a city-centre address with a flat number and letter",
        ("Flat 12A, Mill Court", "1 Commercial Street", "London"),
        "E1 6LT",
    ),
)


# How the patient prefers an answer, among what the update gives (or not said).
_PREFERRED: dict[int, tuple[ContactMethod | None, ...]] = {
    0: (*ContactMethod, None),
    1: (ContactMethod.PHONE, ContactMethod.TEXT_MESSAGE, None),
    2: (ContactMethod.EMAIL, ContactMethod.ONLINE, None),
    3: (ContactMethod.POST, None),
}


def _names(canaries: Canaries, turn: int) -> tuple[str, str] | None:
    """Names at the contract's limits, or None for the canary's own (accents, hyphens)."""
    unique = canaries.word(8)
    if turn == 1:
        return "J", f"D'Arcy-Nguyễn {unique}"  # the shortest given name allowed
    if turn == 2:
        # Double-barrelled with accents and an apostrophe, exactly the 100 characters allowed.
        family = f"O'Sullivan-Łukasiewicz-Ní Bhriain-{unique}-"
        return "Zoë-Siobhán " + unique, (family * 4)[:99] + "é"
    return None


def _update(canaries: Canaries, turn: int) -> tuple[str, ContactDetailsSubmission]:
    """The `turn`th update: the corpora's values in turn, some updates giving one kind only."""
    only = turn % 4  # 0: all three kinds; 1: phone only; 2: email only; 3: address only
    # Each kind goes with two turns of every four: each such turn takes that kind's next
    # value, so every value is sent (the 254-character email and every phone layout).
    phone_what, phone = PHONES[(turn // 4 * 2 + min(only, 1)) % len(PHONES)]
    email_what, email = EMAILS[(turn // 2) % len(EMAILS)]
    address_what, lines, postcode = ADDRESSES[(turn // 4 * 2 + (only == 3)) % len(ADDRESSES)]
    patient: PatientDetails = canaries.patient()
    names = _names(canaries, turn)
    if names is not None:
        canaries.issue(*names)
        typed = patient.nhs_number
        patient = attrs.evolve(patient, given_name=names[0], family_name=names[1])
        # As `Canaries.patient`: the NHS number goes on the wire in the layout typed.
        object.__setattr__(patient, "nhs_number", typed)
    # Round 13: every ethnicity code in turn (and none), each read back as sent.
    ethnicity = _ETHNICITIES[turn % len(_ETHNICITIES)]
    contact = ContactDetails(
        phone=phone if only in (0, 1) else None,
        email=email if only in (0, 2) else None,
        address_lines=lines if only in (0, 3) else (),
        postcode=postcode if only in (0, 3) else None,
        preferred=_PREFERRED[only][turn % len(_PREFERRED[only])],
    )
    what = {0: f"{phone_what}, {email_what}, {address_what}", 1: f"only {phone_what}"}.get(
        only, f"only {email_what}" if only == 2 else f"only an address: {address_what}"
    )
    if names is not None:
        what += f"; names of {len(names[0])} and {len(names[1])} characters"
    if ethnicity is not None:
        what += f"; ethnicity code {ethnicity}"
    sub = ContactDetailsSubmission(
        practice_code=canaries.environment.practice_code,
        patient=patient,
        contact=contact,
        ethnicity=ethnicity,
    )
    if turn % 5 == 2:
        # (2.3.0) The patient named as requester ({'role': 'patient'}): the patient's update.
        sub = attrs.evolve(sub, requester=Requester(role=RequesterRole.PATIENT))
        what += "; the requester the patient"
    return what, sub


def _turns() -> int:
    """Enough updates that every phone, email, address and ethnicity code is sent."""
    return max(2 * max(len(PHONES), len(EMAILS), len(ADDRESSES)), len(_ETHNICITIES))


@check(
    "channels.contact-details-values",
    title="Contact details updates take every realistic phone, email, address and name",
    requirements=["CD-UPD-01"],
    group="channels",
)
def contact_details_values(ctx: CheckContext) -> None:
    """Updates with landlines, +44 forms, email and address shapes, names at the limits.

    Each is accepted (201) and read by the practice exactly as sent. (2.3.0) Five name the
    patient as requester ({'role': 'patient'}): the practice sees the patient (that
    requester, or null).
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "contact-values", every_form=True)
    turns = _turns()
    ctx.note(
        f"request budget: {2 * turns + 3} (environment; clock; {turns} updates, each "
        "sent and read by the practice; clock release)"
    )
    problems: list[str] = []
    with clock_at(ctx, london(_DAY, 9, 30)):
        for turn in range(turns):
            what, sub = _update(canaries, turn)
            reply = target.update_contact_details(sub)
            if reply.status != 201 or reply.value is None:
                where = ""
                if reply.error is not None and reply.error.problems:
                    where = " at " + ", ".join(p.location for p in reply.error.problems[:3])
                problems.append(
                    f"an update with {what}: expected HTTP 201, received HTTP {reply.status}{where}"
                )
                continue
            try:
                seen = target.practice_contact_details(reply.value.reference)
            except BadResponse as exc:
                problems.append(f"the practice reading an update with {what}: {exc}")
                continue
            if seen.status != 200 or seen.value is None:
                problems.append(
                    f"the practice reading an update with {what}: expected "
                    f"HTTP 200, received HTTP {seen.status}"
                )
                continue
            diff = differences(seen.value.patient, sub.patient, "patient.") + differences(
                seen.value.contact, sub.contact, "contact."
            )
            if seen.value.ethnicity != sub.ethnicity:
                diff.append(f"ethnicity (sent {sub.ethnicity or 'none'})")
            requester = seen.value.requester
            if sub.requester is not None and requester not in (None, sub.requester):
                diff.append("requester (expected the patient: role patient, or null)")
            if diff:
                problems.append(
                    f"an update with {what}: the practice sees different " + ", ".join(diff)
                )
    shown = "; ".join(problems[:3])
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    ctx.expect(not problems, shown + more)
