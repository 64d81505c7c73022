"""Who sends the no-cap burst's requests, and what each acknowledgement must say.

A cap need not count requests in all, per category or per patient: a tool may
key it on anything a request carries. So the burst's patients live the way real
ones do, and for every attribute more requests share one value than any
plausible fixed cap (50 a day) lets through, from the same requests (no extra
volume):

- a household of four (one first address line and postcode, one landline, one
  family email), and another of four sharing an address and a phone;
- two children whose every request their mother sends as proxy (one proxy,
  one address, phone and email);
- two patients who leave out their NHS number (on administrative requests,
  questions and follow-ups; on clinical ones they give it: a tool that turns
  away a clinical request without one fails the requests checks, not this one);
- one postcode for everybody (neighbours on one street);
- the same words from every patient: each patient's first two requests of each
  category are in one of two common phrases (never the same words twice in one
  category from one patient, which is a resend, checked on its own);
- every category, follow-ups included, and each patient's name, date of birth,
  NHS number and email on about 80 requests.

Every 201 must promise an answer the same London day (`respond_by`,
AV-RESP-01) and say when in its message (OC-ACK-01), the thousandth as the
first: a queue estimate that drifts past midnight, or a template that times
out under load, fails here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import attrs

from gponline_sdk.conformance.checks._support import Canaries, failures_of
from gponline_sdk.conformance.checks.response import says_when
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CheckContext
from gponline_sdk.models import (
    CORE_HOURS,
    Acknowledgement,
    ContactDetails,
    PatientDetails,
    RequestCategory,
    Requester,
    RequesterRole,
    RequestType,
)

__all__ = [
    "COMMON_WORDS",
    "POOL",
    "Sender",
    "acknowledged_well",
    "count_shared",
    "senders",
    "shared",
    "words_for",
]

POOL = 12
"""Pool patients beside the frequent one: 13 x 6 (patient, category) pairs per common phrase."""
COMMON_WORDS = (
    "Could I have a fit note for work, please?",
    "Please can someone call me back about my blood test results?",
)
"""Words many patients write alike (no medicine or symptom words: those are other checks')."""
_HOUSEHOLDS = ((0, 1, 2, 3), (4, 5, 6, 7))
_CHILDREN = (8, 9)  # sent by one proxy, their mother
_NO_NUMBER = (10, 11)


@attrs.frozen
class Sender:
    """One patient of the burst, as their requests carry them."""

    patient: PatientDetails
    contact: ContactDetails
    requester: Requester
    household: int | None = None
    """Which shared address the patient lives at, if any."""
    gives_number: bool = True
    """False: the NHS number is left out (except on requests of the clinical type)."""

    def submission(
        self, practice: str, category: RequestCategory, description: str, follows_up: str | None
    ) -> RequestSubmission:
        """This sender's request of `category`."""
        patient = self.patient
        if not self.gives_number and category.request_type is not RequestType.CLINICAL:
            patient = attrs.evolve(patient, nhs_number=None)
        return RequestSubmission(
            practice_code=practice,
            category=category,
            patient=patient,
            requester=self.requester,
            contact=self.contact,
            description=description,
            follows_up=follows_up,
        )


def _child(canaries: Canaries, on: date, age: int) -> PatientDetails:
    """A canary patient aged `age` or one more on `on`: no under-5 or adult-only rule applies."""
    patient = canaries.patient()
    # Day 1 to 28: never 29 February, which some tools refuse (another check's fault).
    born = date(on.year - age - 1, canaries.rng.randrange(1, 13), canaries.rng.randrange(1, 29))
    return attrs.evolve(patient, date_of_birth=born)


def senders(canaries: Canaries, on: date) -> tuple[Sender, list[Sender]]:
    """The frequent patient and the POOL patients, with their shared values."""
    postcode = "LS1 4AP"

    def home() -> ContactDetails:
        full = canaries.contact(full=True)
        return attrs.evolve(full, postcode=postcode)

    frequent = Sender(canaries.patient(), home(), Requester(role=RequesterRole.PATIENT))
    homes = [home() for _ in _HOUSEHOLDS]
    # Household 0 shares one email too (a parent's); household 1 keeps its own.
    pool: list[Sender] = []
    mother = canaries.word()
    canaries.issue(mother)
    family = home()
    proxy = Requester(role=RequesterRole.PROXY, proxy_name=f"Anna {mother}", relationship="mother")
    for who in range(POOL):
        own = home()
        household = next((h for h, members in enumerate(_HOUSEHOLDS) if who in members), None)
        if household is not None:
            email = homes[household].email if household == 0 else own.email
            contact = attrs.evolve(homes[household], email=email)
            sender = Sender(canaries.patient(), contact, Requester(role=RequesterRole.PATIENT))
            pool.append(attrs.evolve(sender, household=household))
        elif who in _CHILDREN:
            child = _child(canaries, on, 6 + 3 * _CHILDREN.index(who))
            pool.append(Sender(child, family, proxy, household=len(_HOUSEHOLDS)))
        else:
            sender = Sender(canaries.patient(), own, Requester(role=RequesterRole.PATIENT))
            pool.append(attrs.evolve(sender, gives_number=who not in _NO_NUMBER))
    return frequent, pool


def words_for(said: Counter[tuple[int, RequestCategory]], who: int, cat: RequestCategory) -> int:
    """Which common phrase request (who, cat) uses (-1: its own words); counts it."""
    turn = said[(who, cat)]
    said[(who, cat)] += 1
    return turn if turn < len(COMMON_WORDS) else -1


def _keys(sender: Sender, sub: RequestSubmission) -> dict[str, str]:
    """The values `sub` shares with other requests of the burst, by what they are."""
    keys = {
        "the same household": f"home:{sender.household}" if sender.household is not None else "",
        "the same proxy": "proxy" if sub.requester.role is RequesterRole.PROXY else "",
        "no NHS number": "no-number" if sub.patient.nhs_number is None else "",
        "the same words": f"words:{sub.description}" if sub.description in COMMON_WORDS else "",
        "the same postcode": f"postcode:{sub.contact.postcode}",
        "the same contact preference": (
            f"preferred:{sub.contact.preferred.value}" if sub.contact.preferred else ""
        ),
    }
    return {what: key for what, key in keys.items() if key}


def shared(seen: Counter[str], sender: Sender, sub: RequestSubmission) -> str:
    """How many accepted requests before this one shared each of its values (for messages)."""
    return ", ".join(f"{seen[key]} with {what}" for what, key in _keys(sender, sub).items())


def count_shared(seen: Counter[str], sender: Sender, sub: RequestSubmission) -> None:
    """Count an accepted request under each value it shares with others."""
    for key in _keys(sender, sub).values():
        seen[key] += 1


def acknowledged_well(ctx: CheckContext, ack: Acknowledgement, now: datetime, what: str) -> None:
    """The 201's respond_by is the same London day (AV-RESP-01); its message says when (OC-ACK-01).

    `now` is the tool's frozen now, in core hours: the answer is due that day.
    """
    due = CORE_HOURS.working_day_for_response(now)
    promised = ack.respond_by.astimezone(CORE_HOURS.zone)
    with failures_of("AV-RESP-01"):
        ctx.expect(
            promised.date() <= due,
            f"respond_by: {what}, sent at {now:%a %d %b %H:%M} London time in core hours, was "
            f"promised an answer at {promised:%H:%M on %a %d %b}; expected the same day "
            f"({due:%a %d %b}) however many requests came before it",
        )
    with failures_of("OC-ACK-01"):
        ctx.expect(
            says_when(ack.message, ack.respond_by),
            f"message: {what} was acknowledged in words that do not say when to expect a "
            f"response (respond_by {promised:%H:%M on %d %B} London time, or today); expected "
            "every acknowledgement to say when, under load as for the first",
        )
