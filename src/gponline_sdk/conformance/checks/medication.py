"""OC-MED-01: medication queries are taken in core hours, whatever category the patient picks.

From 1 October 2025 the online consultation tool stays open in core hours for non-urgent
clinical requests, medication queries and administrative requests (SI 2025/727; NHS
England's October 2025 FAQ lists medication queries by name). The contract has no
category of its own for them: a patient sends one as a question, a clinical request,
an administrative request (a repeat supply) or a request for advice, so the check sends
realistic medication queries in each of those categories, at core-hours instants on
different weekdays (just after opening, mid-day, just before closing). Each must be
taken (201), not handed over to NHS 111, and reach the practice byte for byte.

A tool that turns medication queries away (to the NHS App, "your pharmacy", a
prescriptions line), by keyword or by category, breaks the rule.
Request budget: stated by the check (`ctx.note`).
"""

from __future__ import annotations

import re
from datetime import date

import attrs

from gponline_sdk.conformance.checks._nhs111 import sends_to_111, sentences
from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    expect_same,
    london,
    offered,
    submit_and_view,
)
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import RequestCategory

__all__ = ["sends_elsewhere"]

# A sentence that points to another service for medicines (a pharmacy, the NHS App, a
# prescriptions line) and says to go there instead, or that the practice will not take it.
_ELSEWHERE = re.compile(
    r"pharmac|chemist|\bNHS App\b|prescriptions? (?:line|service|team)", re.IGNORECASE
)
_AWAY = re.compile(
    r"\binstead\b|\brather than\b|\b(?:cannot|can't|can not|do not|don't|will not|won't)"
    r" (?:deal|help|take|accept|handle|answer|process)\b|\bnot (?:able|possible)\b"
    r"|\bplease (?:use|contact|ask|order|go to)\b",
    re.IGNORECASE,
)


def sends_elsewhere(text: str) -> bool:
    """Whether an acknowledgement sends a medication query to another service instead."""
    return sends_to_111(text) or any(
        _ELSEWHERE.search(sentence) and _AWAY.search(sentence) for sentence in sentences(text)
    )


_Q = RequestCategory.ASK_QUESTION
_CLIN = RequestCategory.CLINICAL_REQUEST
_ADMIN = RequestCategory.ADMINISTRATIVE_REQUEST
_ADVICE = RequestCategory.SEEK_HEALTH_ADVICE
# What patients write: doses, units, brand and generic names, repeats, side effects,
# interactions, supply problems; in each category a patient might choose for it.
QUERIES: tuple[tuple[RequestCategory, str], ...] = (
    (_Q, "Can I take ibuprofen 200mg with my amlodipine 5mg?"),
    (_ADMIN, "Please issue my repeat prescription: sertraline 50 mg, 28 tablets."),
    (_CLIN, "Since starting metformin I have had an upset stomach. Should I change the dose?"),
    (_ADMIN, "My salbutamol inhaler ran out; the pharmacy says the repeat was not sent."),
    (_ADVICE, "Is paracetamol safe while breastfeeding? Which dose?"),
    (_Q, "The chemist gave me a different brand of levothyroxine (75 micrograms). Is that OK?"),
    (_CLIN, "Medication review please: ramipril 2.5mg, atorvastatin 20mg, aspirin 75mg."),
    (_ADMIN, "Could my prescriptions be sent to the Boots on High Street instead?"),
    (_ADVICE, "I missed two doses of my contraceptive pill, what should I do?"),
    (_Q, "Does my son's amoxicillin suspension (5ml three times a day) need to be kept cold?"),
    (_CLIN, "Co-codamol makes me drowsy; is there an alternative for my back pain?"),
    (_ADMIN, "Please add omeprazole 20mg to my repeat list, as the hospital letter says."),
    # (2.12.0) Advice asked as questions, as an FAQ bot's patterns start ("Can I", "Is it
    # safe", "Should I", "How do I"): requests to the practice all the same.
    (_ADVICE, "Can I drink alcohol while I am taking metronidazole?"),
    (_ADVICE, "Is it safe to take my hay fever tablets with the new inhaler?"),
    (_ADVICE, "Should I keep taking my blood pressure tablets before the operation?"),
    (_ADVICE, "How do I use the steroid nasal spray the doctor gave me?"),
    # Units, fractions and Latin shorthand as written on a label or a hospital letter: a
    # "medicines safety" filter that spells mcg out, or folds µ (U+00B5) and μ
    # (U+03BC) together, changes what the patient wrote.
    (_Q, "Levothyroxine 75mcg od and 25µg on Sundays - can I take both with my iron?"),
    (_ADMIN, "Repeat please: Ventolin 100μg/dose 2 puffs prn, Fostair 100/6 1 puff bd."),
    (_CLIN, "Told to take ½ tablet (1/2 of 5 mg) tds, but 2.5mg x3 = 7.5 mg/day? 1½ ok?"),
    (_ADVICE, "Calpol 120mg/5ml: 2\u00d75 ml q.d.s. p.r.n. for my 3yo, or Nurofen 100 mg nocte?"),
    # High doses, as prescribed every day (round 9): a "dose checker" that turns away a
    # query over some amount refuses a medication query the practice must take. Amounts
    # from 300 mg to 20,000 units, in mg, g, micrograms and units, with and without spaces.
    (_ADMIN, "Repeat please: metformin 1000mg twice a day and gabapentin 300 mg tds."),
    (_Q, "Can I take paracetamol 1g four times a day with my amoxicillin 500 mg capsules?"),
    (_CLIN, "Sodium valproate 1.5 g a day since March: should my blood levels be checked?"),
    (_ADVICE, "Is colecalciferol 20,000 units weekly the same as 800 units a day?"),
    (_ADMIN, "Please change my quetiapine from 400mg to the 600 mg tablets the hospital started."),
    (_Q, "My naproxen is 750mg a day and lithium 800 mg at night: any interaction?"),
    (_CLIN, "Since the dose went up to 2,000 mg of levetiracetam I feel low. What can I do?"),
    (_ADVICE, "Folic acid 5mg or 400 micrograms in pregnancy? My midwife said 5000mcg."),
)
# Mon just after opening, Wed mid-day, Fri just before closing (winter), Tue in summer.
_INSTANTS = (
    london(date(2026, 11, 30), 8, 4),
    london(date(2026, 12, 2), 12, 50),
    london(date(2026, 12, 4), 18, 22),
    london(date(2027, 6, 15), 15, 35),
)


@check(
    "requests.medication-queries",
    title="Medication queries are taken in core hours, in every category a patient picks",
    requirements=["OC-MED-01"],
    group="requests",
)
def medication_queries(ctx: CheckContext) -> None:
    """Each medication query is taken, not sent to NHS 111, and reaches the practice unchanged."""
    canaries = Canaries(ctx, "medication")
    sendable = offered(ctx)  # questions as health advice, to a tool that offers no questions
    per_instant = -(-len(QUERIES) // len(_INSTANTS))
    ctx.note(
        f"request budget: {2 + len(QUERIES) * 2 + len(_INSTANTS) * 2} (environment, "
        "capabilities; "
        f"{len(QUERIES)} medication queries, {per_instant} at each of {len(_INSTANTS)} "
        "core-hours instants, each submitted and read by the practice; clock set and released "
        "at each instant)"
    )
    for turn, now in enumerate(_INSTANTS):
        with clock_at(ctx, now):
            for wanted, words in QUERIES[turn * per_instant : (turn + 1) * per_instant]:
                category = sendable.of(wanted)
                sub = attrs.evolve(canaries.submission(category), description=words)
                what = f"a medication query sent as {category.value} at {now:%a %H:%M} London time"
                ack, seen, expected = submit_and_view(ctx, sub, what)
                ctx.expect(
                    not sends_elsewhere(ack.message),
                    f"message: {what} is sent to another service (NHS 111, a pharmacy, the NHS "
                    "App) instead; expected the practice to take it",
                )
                # The words and the category the patient chose; the rest of the request
                # (names, contact) is the requests.* checks' to compare.
                ctx.expect(
                    seen.category is expected.category,
                    f"category of {what}: the practice sees {seen.category.value}",
                )
                expect_same(ctx, seen.description, expected.description, f"{what} (description)")
