"""Proxies in their own words, and dates judged by the test clock (group `requests`).

- `requests.proxy-wordings` (OC-PROXY-01): a proxy's request with each relationship as
  real proxies write it (a parent, a guardian, a carer, a partner, a social worker, an
  attorney under a lasting power of attorney, a deputy of the Court of Protection ...),
  in every category in turn, with and without the optional fields (no NHS number, an
  email alone, no postcode). The contract makes relationship free text and the NHS
  number optional for everyone: each must be accepted (201) and the practice must see
  the requester exactly as sent. A tool that asks more of some relationships (an NHS
  number "to check the LPA") turns those proxies away. Round 15 (2.11.0 [SDK]): the
  patient is 3, 79, 16 (that very day) or 17 years old in turn (the contract sets no age
  band on proxies: a young person's proxy is taken like any other), and every third
  request carries a photo to a tool that declares photo upload (a proxy's photos are
  taken like the patient's).
- `requests.dates-by-test-clock` (OC-ACCESS-01) and
  `channels.contact-details-dates-by-test-clock` (CD-UPD-01): with the test clock set
  years after the real date, a baby born on the test clock's day and a patient born
  between the real date and the test clock's day send a request (the first check) and
  a contact details update (the second); each is taken and the practice sees the date
  of birth as sent (the rest of the patient is the fidelity checks' to compare).
  Every rule that depends on "today" must read the test clock (`PUT /test/clock`); a
  date of birth on or before its day is not in the future.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from gponline_sdk.conformance.checks._closed_kinds import photo_for
from gponline_sdk.conformance.checks._support import (
    Canaries,
    capabilities_or_none,
    categories_to_send,
    clock_at,
    expect_same,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.contract import ContactDetailsSubmission, RequestSubmission
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import (
    PatientDetails,
    RequestCategory,
    Requester,
    RequesterRole,
)

__all__ = ["RELATIONSHIPS", "far_day"]

_PROXY_DAY = date(2027, 3, 10)  # a Wednesday, no bank holiday
# The patient's age on the proxy's day, in turn: a child, an adult, and (round 15) a young
# person on their 16th birthday and one aged 17, whose proxies are taken like any other.
_AGES = (3, 79, 16, 17)
RELATIONSHIPS: tuple[str, ...] = (
    "mother",
    "Dad",
    "parent (I have parental responsibility)",
    "legal guardian",
    "special guardian - court order",
    "foster carer",
    "unpaid carer",
    "partner",
    "wife / civil partner",
    "social worker (local authority)",
    "Lasting Power of Attorney for health & welfare",
    "attorney (LPA, property and financial affairs)",
    "deputy appointed by the Court of Protection",
    "son \u2013 next of kin",
    "care home manager",
    "independent advocate (IMCA)",
)
"""Relationships as proxies write them: free text, any case, with their own punctuation."""


def far_day(today: date) -> date:
    """The second Wednesday of June at least three years after `today` (no bank holiday)."""
    first = date(max(2031, today.year + 3), 6, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 7)


def _patient(canaries: Canaries, born: date, *, nhs_number: bool) -> PatientDetails:
    """A canary patient born on `born`; without an NHS number unless `nhs_number`."""
    patient = canaries.patient()
    typed = patient.nhs_number if nhs_number else None
    patient = attrs.evolve(patient, date_of_birth=born, nhs_number=None)
    object.__setattr__(patient, "nhs_number", typed)  # the number as typed, as `Canaries`
    return patient


@check(
    "requests.proxy-wordings",
    title="A proxy's request is taken whatever words they give for their relationship",
    requirements=["OC-PROXY-01"],
    group="requests",
)
def proxy_wordings(ctx: CheckContext) -> None:
    """Each relationship wording in turn, every category, optional fields given or not."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "proxy-wordings")
    categories = [c for c in categories_to_send(ctx) if c is not RequestCategory.FOLLOW_UP]
    follow_up = RequestCategory.FOLLOW_UP in categories_to_send(ctx, [RequestCategory.FOLLOW_UP])
    photo = photo_for(capabilities_or_none(ctx), canaries)
    ctx.note(
        f"request budget: {2 * len(RELATIONSHIPS) + 6} (environment; capabilities three times; "
        f"clock; {len(RELATIONSHIPS)} proxy requests, each sent and read by the practice; "
        "clock release; for a proxy's request with a photo refused, two more: the patient's "
        "own with the photo, and the proxy's again without it)"
    )
    earlier: str | None = None
    with clock_at(ctx, london(_PROXY_DAY, 11, 15)):
        for n, relationship in enumerate(RELATIONSHIPS):
            # A child, an adult or a young person of 16 or 17 (`_AGES`), an NHS number every
            # other time, the contact as an email alone, an email and a phone, or everything,
            # and a photo every third time, in turn.
            born = _PROXY_DAY.replace(year=_PROXY_DAY.year - _AGES[n % len(_AGES)])
            patient = _patient(canaries, born, nhs_number=n % 4 in (1, 2))
            name = f"{canaries.word(6)} {canaries.word(8)}"
            canaries.issue(name)
            proxy = Requester(role=RequesterRole.PROXY, proxy_name=name, relationship=relationship)
            category: RequestCategory = categories[n % len(categories)]
            if follow_up and earlier is not None and n == len(RELATIONSHIPS) - 1:
                category = RequestCategory.FOLLOW_UP
            sub = canaries.submission(
                category,
                patient=patient,
                requester=proxy,
                full_contact=n % 3 == 2,
                phone=n % 3 == 1,
                follows_up=earlier if category is RequestCategory.FOLLOW_UP else None,
                attachments=(photo,) if photo is not None and n % 3 == 0 else (),
            )
            given = "with" if patient.nhs_number else "without"
            age = _AGES[n % len(_AGES)]
            what = (
                f"a '{category.value}' request by a proxy (relationship {relationship!r}), "
                f"{given} the patient's NHS number, the patient aged {age}"
                + (", with a photo" if sub.attachments else "")
            )
            reply = target.submit_request(sub)
            if sub.attachments and reply.status != 201 and _photos_refused_anyway(ctx, sub):
                # The tool refuses this photo from the patient too: OC-PHOTO-01's to judge.
                ctx.note(f"{what}: HTTP {reply.status}, as for the patient's own photo")
                sub = attrs.evolve(sub, attachments=())
                reply = target.submit_request(sub)
            ack = require(reply, f"submitting {what}", status=201)
            seen = require(target.practice_request(ack.reference), f"the practice reading {what}")
            expect_same(ctx, seen.requester, proxy, f"{what}: the requester")
            earlier = ack.reference


def _photos_refused_anyway(ctx: CheckContext, sub: RequestSubmission) -> bool:
    """Whether the tool refuses the same request with its photo from the patient themself."""
    own = attrs.evolve(sub, requester=Requester(role=RequesterRole.PATIENT))
    return target_of(ctx).submit_request(own).status != 201


@check(
    "requests.dates-by-test-clock",
    title="A date of birth is judged by the test clock's today, not the server's real date",
    requirements=["OC-ACCESS-01"],
    group="requests",
)
def dates_by_test_clock(ctx: CheckContext) -> None:
    """A newborn of the test clock's day, and one born after the real date: requests taken."""
    _dates_by_clock(ctx, updates=False)


@check(
    "channels.contact-details-dates-by-test-clock",
    title="A contact details update judges a date of birth by the test clock's today",
    requirements=["CD-UPD-01"],
    group="channels",
)
def contact_dates_by_test_clock(ctx: CheckContext) -> None:
    """A newborn of the test clock's day, and one born after the real date: updates taken."""
    _dates_by_clock(ctx, updates=True)


def _dates_by_clock(ctx: CheckContext, *, updates: bool) -> None:
    """Per date of birth, a request (or a contact details update): taken, the date as sent.

    The two are separate checks, so a tool that breaks both fails both requirements.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "dates-by-clock-updates" if updates else "dates-by-clock")
    real = datetime.now(ZoneInfo("Europe/London")).date()
    day = far_day(real)
    births = (
        ("born on the test clock's day", day),
        ("born the day after the real date", real + timedelta(days=1)),
        ("born a year before the test clock's day", day - timedelta(days=365)),
    )
    sent = "contact details update" if updates else "request"
    ctx.note(
        f"request budget: {2 * len(births) + 3} (environment; clock {day.isoformat()}, years "
        f"after the real date; per date of birth a {sent}, sent and read by the practice; "
        "clock release)"
    )
    with clock_at(ctx, london(day, 10, 30)):
        for n, (how, born) in enumerate(births):
            patient = _patient(canaries, born, nhs_number=n == 1)
            if updates:
                what = f"a contact details update for a patient {how}"
                update = ContactDetailsSubmission(
                    practice_code=canaries.environment.practice_code,
                    patient=patient,
                    contact=canaries.contact(phone=True),
                )
                made = require(target.update_contact_details(update), f"sending {what}", status=201)
                shown = require(
                    target.practice_contact_details(made.reference), f"the practice reading {what}"
                )
                _same_birth(ctx, shown.patient, born, what)
                continue
            what = f"a request about a patient {how}"
            category = RequestCategory.ADMINISTRATIVE_REQUEST if n % 2 else _ADVICE
            sub = canaries.submission(category, patient=patient)
            ack = require(target.submit_request(sub), f"submitting {what}", status=201)
            seen = require(target.practice_request(ack.reference), f"the practice reading {what}")
            _same_birth(ctx, seen.patient, born, what)


def _same_birth(ctx: CheckContext, seen: PatientDetails, born: date, what: str) -> None:
    """The date of birth as sent; the rest of the patient is other checks' to compare."""
    ctx.expect(
        seen.date_of_birth == born,
        f"{what}: patient.date_of_birth: the practice sees another date than the one sent "
        "(not shown: it could identify the patient)",
    )


_ADVICE = RequestCategory.SEEK_HEALTH_ADVICE
