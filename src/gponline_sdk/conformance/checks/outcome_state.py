"""The practice can still read a request, as sent, after each change of its state (OC-ACCESS-01).

A triage list often moves a request once it is dealt with: to an archive table, a
"closed" queue, another service. `GET /practice/requests/{reference}` must find it
all the same, exactly as the patient sent it, whatever has happened to it since: an
outcome of each kind recorded, a follow-up naming it, a message from the practice or
from the patient about it.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

import attrs

from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    clock_at,
    expect_same,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    MessageSubmission,
    OutcomeSubmission,
    RequestSubmission,
)
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import (
    ConsultationRequest,
    MessageDirection,
    OutcomeKind,
    RequestCategory,
)
from gponline_sdk.serde import to_json

__all__ = ["STATE_DAY"]

STATE_DAY = date(2027, 2, 24)
"""The core-hours day (a Wednesday) the requests are sent and triaged on."""
_RECORD = "/practice/requests/{reference}/outcome"


def _read_again(
    ctx: CheckContext, reference: str, expected: ConsultationRequest, after: str
) -> None:
    """The practice's view of `reference`, read after a change: found, and as first read."""
    reply = target_of(ctx).practice_request(reference)
    if reply.status != 200 or reply.value is None:
        raise CheckFailed(
            f"GET /practice/requests/{{reference}} after {after} was answered HTTP "
            f"{reply.status}; expected 200 with the request as before (the practice must be "
            "able to read a request whatever has happened to it since)"
        )
    expect_same(ctx, reply.value, expected, f"read again after {after}, against the first read")


@check(
    "response.practice-view-after-outcome",
    title="The practice can read a request as sent after its outcome, a follow-up or a message",
    requirements=["OC-ACCESS-01"],
    group="response",
)
def practice_view_after_outcome(ctx: CheckContext) -> None:
    """One request per outcome kind, each read back after each change of its state.

    Requests of every category offered are sent in the morning and read by the practice.
    In the afternoon an outcome of a different kind is recorded for each, and each is read
    again; then, for the first three, a follow-up
    naming it, a practice message about it, a patient's message about it and a contact
    details update of the same patient (a new name and contact details: contract 2.2.0)
    are sent, and it is read again after each. Every read must be 200 and the request as
    first read.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "view-after-outcome")
    categories: list[RequestCategory] = [
        c for c in categories_to_send(ctx) if c is not RequestCategory.FOLLOW_UP
    ]
    follow_ups = RequestCategory.FOLLOW_UP in categories_to_send(ctx)
    kinds = list(OutcomeKind)
    changes = 3
    ctx.note(
        f"request budget: {3 + 4 * len(kinds) + 4 + changes * (6 + 2 * follow_ups)} "
        f"(environment, capabilities twice; clock; {len(kinds)} requests, each read; release; "
        f"clock; an outcome of each of {len(kinds)} kinds recorded, each read; for {changes} of "
        "them a follow-up, a practice message and a patient message about it and a contact "
        "details update of its patient, each read after; release)"
    )
    sent: list[tuple[str, ConsultationRequest, RequestCategory]] = []
    patients: list[RequestSubmission] = []
    with clock_at(ctx, london(STATE_DAY, 8, 40)):
        for n, kind in enumerate(kinds):
            category = categories[n % len(categories)]
            sub = canaries.submission(category)
            what = f"a {category.value} request (to get outcome {kind.value})"
            ack = require(target.submit_request(sub), f"submitting {what}", status=201)
            # What the practice saw first is what it must go on seeing: whether that is
            # what was sent is the request checks' to judge.
            first = require(target.practice_request(ack.reference), f"the practice reading {what}")
            sent.append((ack.reference, first, category))
            patients.append(sub)
    with clock_at(ctx, london(STATE_DAY, 14, 20) + timedelta(microseconds=250_000)):
        for (reference, expected, category), kind in zip(sent, kinds, strict=True):
            path = _RECORD.replace("{reference}", quote(reference, safe=""))
            body = OutcomeSubmission(kind=kind, message=f"Outcome: {kind.value}. Thank you.")
            status = target.send_raw("POST", path, to_json(body)).status
            if status != 201:
                raise CheckFailed(
                    f"POST {_RECORD} ({kind.value}) for a {category.value} request: expected "
                    f"HTTP 201, received HTTP {status}"
                )
            _read_again(ctx, reference, expected, f"the practice recorded outcome {kind.value}")
        for n in range(min(changes, len(sent))):
            reference, expected, category = sent[n]
            done = f"outcome {kinds[n].value} for a {category.value} request"
            if follow_ups:
                follow = canaries.submission(
                    RequestCategory.FOLLOW_UP, patient=patients[n].patient, follows_up=reference
                )
                require(target.submit_request(follow), f"a follow-up after {done}", status=201)
                _read_again(ctx, reference, expected, f"{done} and a follow-up naming it")
            for direction in (
                MessageDirection.PRACTICE_TO_PATIENT,
                MessageDirection.PATIENT_TO_PRACTICE,
            ):
                message = MessageSubmission(
                    practice_code=canaries.environment.practice_code,
                    direction=direction,
                    body=f"About your request: {direction.value} after the outcome.",
                    about_request=reference,
                )
                reply = target.send_message(message)
                if reply.status != 201:  # the messaging checks judge a refused message
                    ctx.note(f"a {direction.value} message after {done}: HTTP {reply.status}")
                    continue
                _read_again(ctx, reference, expected, f"{done} and a {direction.value} message")
            # A contact details update of the same patient (NHS number and date of birth),
            # with a new name and new contact details, changes no request they sent earlier.
            _renamed_after(
                ctx, canaries, sent=patients[n], reference=reference, expected=expected, done=done
            )


def _renamed_after(
    ctx: CheckContext,
    canaries: Canaries,
    *,
    sent: RequestSubmission,
    reference: str,
    expected: ConsultationRequest,
    done: str,
) -> None:
    """The patient updates name and contact details; their earlier request reads as before."""
    given, family = canaries.word(8), f"{canaries.word(6)}-{canaries.word(7)}"
    canaries.issue(given, family)
    patient = attrs.evolve(sent.patient, given_name=given, family_name=family)
    object.__setattr__(patient, "nhs_number", sent.patient.nhs_number)  # as typed
    update = ContactDetailsSubmission(
        practice_code=canaries.environment.practice_code,
        patient=patient,
        contact=canaries.contact(full=True),
    )
    reply = target_of(ctx).update_contact_details(update)
    if reply.status != 201:  # the contact details checks judge a refused update
        ctx.note(f"a contact details update after {done}: HTTP {reply.status}")
        return
    _read_again(
        ctx,
        reference,
        expected,
        f"{done} and a contact details update of the same patient (a new name, address, "
        "phone and email)",
    )
