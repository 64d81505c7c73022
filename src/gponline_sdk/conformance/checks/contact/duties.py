"""The five kinds of contact detail, and proxies (groups `channels` and `requests`).

The contact-details facility covers a patient's name, ethnicity, address, phone
and email, sent by the patient or by someone acting for them; the online
consultation tool takes requests from someone acting for a child or for a
patient who lacks capacity. `channels` and `values` send updates that
change several kinds at once and every shape of value; here:

- `channels.contact-details-kinds` (CD-FIELDS-01): one patient's updates, each
  changing ONE kind (a new family name after marriage, a hyphenated name with an
  apostrophe, several ethnicity codes, a new address, phone, email), then one
  changing all five; the practice must see each new value exactly as sent, and each
  update still as it was sent once the later ones are in.
- `channels.contact-details-proxy` (CD-PROXY-01): a parent for a child, a carer
  and an attorney for adults update details, the carer then each kind alone; the
  practice sees the requester and every field (ethnicity included) as sent.
- `requests.proxy-requests` (OC-PROXY-01): a proxy's request in every category,
  for a child born in 2019 and for an adult born in 1941, relationships varied;
  each accepted, and the practice sees role, proxy name and relationship as sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import attrs

from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    expect_same,
    london,
    offered,
    require,
    target_of,
)
from gponline_sdk.conformance.contract import ContactDetailsSubmission
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import (
    ContactDetailsUpdate,
    PatientDetails,
    RequestCategory,
    Requester,
    RequesterRole,
)

__all__: list[str] = []

# Days no other check uses, in a week no usage check reads (contact updates are never
# usage, but the proxies' requests are).
_KINDS_DAY = date(2027, 2, 9)  # a Tuesday
_PROXY_DAY = date(2027, 2, 10)  # a Wednesday
_CHILD_BORN = date(2019, 6, 14)  # 7 on the proxy day
_ADULT_BORN = date(1941, 3, 2)  # 85 on the proxy day
_NOT_STATED = "Z"
# The ethnicity codes these checks send (fixed, so a verdict never depends on the seed): the
# first update's, those a later update changes to in turn, and each proxy's update's.
_FIRST_CODE = "A"
_CHANGES = ("C", "K", "R", "F")
_PROXY_CODES = ("D", "M", "H")


def _proxy(
    canaries: Canaries, relationship: str, given: str | None = None, family: str | None = None
) -> Requester:
    """A proxy with a two-part name (masked in evidence) and `relationship`.

    Unique unless `given` or `family` is passed: families share names (a parent with the
    child's family name, a son named as his father), and the requester says who sent it.
    """
    name = f"{given or canaries.word(7)} {family or canaries.word(9)}"
    canaries.issue(name)
    return Requester(role=RequesterRole.PROXY, proxy_name=name, relationship=relationship)


def _born(canaries: Canaries, born: date) -> PatientDetails:
    """A canary patient born on `born` (the NHS number as typed, as `Canaries.patient`)."""
    patient = canaries.patient()
    typed = patient.nhs_number
    patient = attrs.evolve(patient, date_of_birth=born)
    object.__setattr__(patient, "nhs_number", typed)
    return patient


def _renamed(sub: ContactDetailsSubmission, given: str, family: str) -> ContactDetailsSubmission:
    """`sub` with the patient's names changed, nothing else (the NHS number as typed)."""
    patient = attrs.evolve(sub.patient, given_name=given, family_name=family)
    object.__setattr__(patient, "nhs_number", sub.patient.nhs_number)
    return attrs.evolve(sub, patient=patient)


def _one_kind_at_a_time(
    canaries: Canaries, first: ContactDetailsSubmission
) -> Iterator[tuple[str, ContactDetailsSubmission]]:
    """The same patient's later updates, each changing one kind from the one before."""
    married = canaries.word(9)
    canaries.issue(married)
    sub = _renamed(first, first.patient.given_name, married)
    yield "a new family name after marriage (only the name changes)", sub
    given, family = f"Mary-{canaries.word(6)}", f"O'{canaries.word(7)}-{canaries.word(8)}"
    canaries.issue(given, family)
    sub = _renamed(sub, given, family)
    yield "a hyphenated name with an apostrophe (only the name changes)", sub
    # Fixed codes, not drawn (round 13): `channels.contact-details-values` sends every code,
    # so a tool refusing one fails there whatever the seed; here they only need to change.
    stated = [c for c in _CHANGES if c != first.ethnicity]
    for code in (*stated[:2], _NOT_STATED):
        sub = attrs.evolve(sub, ethnicity=code)
        yield f"ethnicity code {code} (only the ethnicity changes)", sub
    moved = canaries.contact(full=True)
    address = attrs.evolve(sub.contact, address_lines=moved.address_lines, postcode="M11AE")
    sub = attrs.evolve(sub, contact=address)
    yield "a new address and postcode (only the address changes)", sub
    phone = canaries.contact(phone=True).phone
    sub = attrs.evolve(sub, contact=attrs.evolve(sub.contact, phone=phone))
    yield "a new phone number (only the phone changes)", sub
    email = canaries.contact().email
    sub = attrs.evolve(sub, contact=attrs.evolve(sub.contact, email=email))
    yield "a new email address (only the email changes)", sub
    given, family = canaries.word(8), f"{canaries.word(6)}-{canaries.word(6)}"
    canaries.issue(given, family)
    sub = _renamed(sub, given, family)
    sub = attrs.evolve(sub, ethnicity=stated[2], contact=canaries.contact(full=True, phone=True))
    yield "all five kinds changed together", sub


def _expect_shown(
    ctx: CheckContext, seen: ContactDetailsUpdate, sub: ContactDetailsSubmission, what: str
) -> None:
    """The practice's view of an update shows the name, ethnicity and contact as sent."""
    _expect_person(ctx, seen, sub, what)
    # Codes, not identifiers: a single letter of a published list says which was lost.
    ctx.expect(
        seen.ethnicity == sub.ethnicity,
        f"{what}: ethnicity: expected the code sent ({sub.ethnicity or 'none'}), "
        f"the practice sees {seen.ethnicity or 'none'}",
    )


def _expect_person(
    ctx: CheckContext, seen: ContactDetailsUpdate, sub: ContactDetailsSubmission, what: str
) -> None:
    """The practice's view shows the name and contact as sent (ethnicity: `_expect_shown`)."""
    expect_same(ctx, seen.patient, sub.patient, f"{what}: the name and personal details")
    expect_same(ctx, seen.contact, sub.contact, f"{what}: the address, phone and email")


def _send_and_read(
    ctx: CheckContext, sub: ContactDetailsSubmission, what: str
) -> ContactDetailsUpdate:
    """Send an update (201 expected) and read it back as the practice sees it."""
    target = target_of(ctx)
    update = require(target.update_contact_details(sub), f"sending {what}", status=201)
    return require(
        target.practice_contact_details(update.reference), f"the practice reading {what}"
    )


@check(
    "channels.contact-details-kinds",
    title="Each of name, ethnicity, address, phone and email can be updated alone or together",
    requirements=["CD-FIELDS-01"],
    group="channels",
)
def contact_details_kinds(ctx: CheckContext) -> None:
    """One patient's updates, each changing one kind, then all five: each seen as sent."""
    canaries = Canaries(ctx, "contact-kinds")
    first = ContactDetailsSubmission(
        practice_code=canaries.environment.practice_code,
        patient=canaries.patient(),
        contact=canaries.contact(full=True),
        ethnicity=_FIRST_CODE,
    )
    updates = [("the first update (all five kinds)", first), *_one_kind_at_a_time(canaries, first)]
    ctx.note(
        f"request budget: {3 * len(updates) + 3} (environment; clock; {len(updates)} updates "
        "from one patient, each sent and read by the practice, then each read again; clock "
        "release)"
    )
    target = target_of(ctx)
    references: list[str] = []
    with clock_at(ctx, london(_KINDS_DAY, 10, 15)):
        for what, sub in updates:
            seen = _send_and_read(ctx, sub, f"an update with {what}")
            references.append(seen.reference)
            _expect_shown(ctx, seen, sub, what)
        # Each update is a record of its own: read again once the patient's later updates
        # are in, every one still shows what it sent (not the patient's latest name,
        # ethnicity or contact, as a tool keeping them on the patient's record would).
        for reference, (what, sub) in zip(references, updates, strict=True):
            again = f"{what}, read again after the patient's last update"
            seen = require(
                target.practice_contact_details(reference), f"the practice reading {again}"
            )
            _expect_shown(ctx, seen, sub, again)


@check(
    "channels.contact-details-proxy",
    title="Someone acting for the patient can update their details, and the practice sees who",
    requirements=["CD-PROXY-01"],
    group="channels",
)
def contact_details_proxy(ctx: CheckContext) -> None:
    """A parent for a child, a carer and an attorney for adults: accepted, requester shown."""
    canaries = Canaries(ctx, "contact-proxy")
    senders = (
        ("a parent for a child", _CHILD_BORN, "mother"),
        ("a carer for an adult", _ADULT_BORN, "carer (son)"),
        (
            "an attorney for an adult who lacks capacity",
            date(1950, 11, 30),
            "attorney (lasting power of attorney, health and welfare)",
        ),
    )
    updates: list[tuple[str, ContactDetailsSubmission]] = []
    for n, (who, born, relationship) in enumerate(senders):
        patient = _born(canaries, born)
        # The parent has the child's family name; the carer (a son) the patient's full name.
        given = patient.given_name if n == 1 else None
        family = patient.family_name if n < 2 else None
        sub = ContactDetailsSubmission(
            practice_code=canaries.environment.practice_code,
            patient=patient,
            contact=canaries.contact(full=True),
            ethnicity=_PROXY_CODES[n],
            requester=_proxy(canaries, relationship, given, family),
        )
        updates.append((f"an update by {who}", sub))
    # The carer goes on to change each kind alone, then all five: a proxy's update is the
    # patient's update in every field (a tool that keeps fewer fields from proxies shows).
    carer = updates[1][1]
    updates += [
        (f"an update by a carer with {what}", attrs.evolve(sub, requester=carer.requester))
        for what, sub in _one_kind_at_a_time(canaries, carer)
    ]
    ctx.note(
        f"request budget: {2 * len(updates) + 3} (environment; clock; {len(updates)} updates "
        "by proxies, each sent and read by the practice; clock release)"
    )
    with clock_at(ctx, london(_KINDS_DAY, 14, 30)):
        for what, sub in updates:
            seen = _send_and_read(ctx, sub, what)
            expect_same(ctx, seen.requester, sub.requester, f"{what}: the requester")
            # Every field a proxy sends, ethnicity included, is shown as sent.
            _expect_shown(ctx, seen, sub, what)


# (who, born, relationships in turn): a child's parent or guardian; an adult's carer,
# relative or attorney. Varied, so a tool that takes only a list of words is out.
_PROXIES = (
    (
        "a child",
        _CHILD_BORN,
        ("mother", "Father", "legal guardian", "step-parent", "foster carer", "grandmother"),
    ),
    (
        "an adult who lacks capacity",
        _ADULT_BORN,
        (
            "daughter",
            "son, lasting power of attorney (health and welfare)",
            "paid carer from the care home",
            "husband",
            "court-appointed deputy",
            "niece and next of kin",
        ),
    ),
)


@check(
    "requests.proxy-requests",
    title="Someone acting for a child or an adult who lacks capacity can make any request",
    requirements=["OC-PROXY-01"],
    group="requests",
)
def proxy_requests(ctx: CheckContext) -> None:
    """A proxy's request of every category for a child and for an adult; requester seen as sent.

    The follow-up follows up the same proxy's earlier request for that patient.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "proxy-requests")
    sendable = offered(ctx)  # a SHOULD category the tool does not offer is not sent
    categories = sendable.only(c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP)
    count = sum(len(relations) for _, _, relations in _PROXIES)
    ctx.note(
        f"request budget: {2 * count + 4} (capabilities; environment; clock; {count} proxy "
        "requests, "
        "each sent and read by the practice; clock release)"
    )
    with clock_at(ctx, london(_PROXY_DAY, 9, 40)):
        for who, born, relations in _PROXIES:
            patient = _born(canaries, born)
            earlier: str | None = None
            for n, relationship in enumerate(relations):
                category = categories[n % len(categories)]
                if n >= len(categories) and sendable.follow_ups:
                    category = RequestCategory.FOLLOW_UP
                follows_up = earlier if category is RequestCategory.FOLLOW_UP else None
                proxy = _proxy(canaries, relationship)
                sub = canaries.submission(
                    category, patient=patient, requester=proxy, follows_up=follows_up
                )
                label = category.value.replace("_", " ")
                what = f"a '{label}' request by a proxy for {who}"
                ack = require(target.submit_request(sub), f"submitting {what}", status=201)
                seen = require(
                    target.practice_request(ack.reference), f"the practice reading {what}"
                )
                expect_same(ctx, seen.requester, proxy, f"{what}: the requester")
                earlier = ack.reference
