"""Usage data holds no identifiers, and its record IDs are keyed pseudonyms (REP-OC-02).

A record ID must let a resend replace the same record (stable) and must not
let anyone who holds the tool's own reference for a request (the patient, from
the acknowledgement; staff; a log) or the patient's identifiers find that
request's record. An unkeyed hash or an encoding of the reference, of the NHS
number (with or without the day), of name and date of birth or of the email
fails the second: anyone can compute it; so does an HMAC under a key anyone can
guess (the public supplier ID, the practice code, the empty key). Only a keyed
derivation (an HMAC under a secret key, or a random ID kept in a lookup table)
meets both.
"""

from __future__ import annotations

from datetime import date

from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    clock_at,
    london,
    offered,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.usage._common import oc_row, read_oc, read_vc, vc_row
from gponline_sdk.conformance.checks.usage.counts import oc_submissions
from gponline_sdk.conformance.checks.usage.guessable import (
    GUESSABLE_ID,
    guessable,
    seeded_stream,
)
from gponline_sdk.conformance.checks.usage.pseudonyms import (
    GUESSABLE_KEYS,
    KEYED_PSEUDONYM,
    Detector,
    affine_derivation,
    identifier_texts,
    pad_derivation,
    unkeyed_forms,
)
from gponline_sdk.conformance.checks.usage.tails import nhs_number_fragments, reference_tail
from gponline_sdk.conformance.contract import VideoSessionRequest
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import ReportingPeriod, RequestCategory

__all__ = ["KEYED_PSEUDONYM", "unkeyed_forms"]

_PRIVACY_WEEK = ReportingPeriod.containing(date(2026, 12, 15))
_PSEUDONYM_WEEK = ReportingPeriod.containing(date(2027, 1, 19))
# Three patients on Tuesday, two of them again on Wednesday: one request per patient a day,
# so an ID derived from the patient (and day) is caught as such, not by two records colliding.
_PSEUDONYM_DAYS = ((date(2027, 1, 19), (0, 1, 2)), (date(2027, 1, 20), (0, 1)))


def _derivation(record_id: str, references: list[str]) -> str | None:
    """How `record_id` was computed from one of `references` without a key, if it was."""
    return Detector(references).derivation(record_id)


@check(
    "usage-data.keyed-pseudonyms",
    title="Usage record IDs are keyed pseudonyms, not references or identifiers hashed or encoded",
    requirements=["REP-OC-02"],
    group="usage-data",
)
def keyed_pseudonyms(ctx: CheckContext) -> None:
    """No record ID is a common unkeyed transform of a reference or a patient's identifiers.

    Nor guessable without any input (`guessable`): a row number or counter, a
    timestamp, fewer than 64 bits that vary. Nor (round 11) starting or ending with the
    last 6 characters of a reference, nor (round 13), two or more of them, with the first
    or last 4 digits of a patient's NHS number, nor (2.12.0) drawn from a generator seeded
    with a fixed number (`seeded_stream`). Also: IDs are stable across two reads.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "pseudonyms")
    patients = [canaries.patient() for _ in range(3)]
    categories = categories_to_send(
        ctx, [c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP]
    )
    references: list[str] = []
    identifiers: dict[str, str] = {}
    nhs_numbers: list[str] = []
    sent = 0
    for day, who in _PSEUDONYM_DAYS:
        with clock_at(ctx, london(day, 10, 0)):
            for i in who:
                sub = canaries.submission(categories[sent % len(categories)], patient=patients[i])
                ack = require(target.submit_request(sub), "submitting", status=201)
                references.append(ack.reference)
                identifiers.update(identifier_texts(sub.patient, sub.contact.email, day))
                if sub.patient.nhs_number is not None:
                    nhs_numbers.append(str(sub.patient.nhs_number))
                sent += 1
    with clock_at(ctx, london(date(2027, 1, 19), 11, 0)):
        session = VideoSessionRequest(
            practice_code=canaries.environment.practice_code,
            scheduled_start=london(date(2027, 1, 20), 15, 0),
            duration_minutes=15,
        )
        video = require(target.schedule_video(session), "scheduling a video session", status=201)
        references.append(video.reference)
    oc = [read_oc(ctx, _PSEUDONYM_WEEK) for _ in range(2)]
    vc = [read_vc(ctx, _PSEUDONYM_WEEK) for _ in range(2)]
    ctx.note(
        f"budget: {sent + 13} requests (environment, capabilities, 6 clock, {sent} "
        "submissions from "
        f"{len(patients)} patients on {len(_PSEUDONYM_DAYS)} days, 1 session, 4 reads)"
    )
    env = canaries.environment
    # An HMAC is only keyed if the key is secret: the supplier ID and practice code are public.
    keys = dict(GUESSABLE_KEYS)
    for text, named in (
        (str(env.supplier_id), "the public supplier ID"),
        (str(env.practice_code), "the practice code"),
    ):
        keys.setdefault(text, named)
        # A distinct name: the detector keys each form by how it is named.
        keys.setdefault(text.lower(), f"{named} lower-cased")
    # Public texts a tool may frame the reference with before hashing (a domain label).
    contexts = {
        str(env.supplier_id): "the public supplier ID",
        str(env.practice_code): "the practice code",
        "oc_record": "the data type 'oc_record'",
        "vc_record": "the data type 'vc_record'",
    }
    detector = Detector(references, identifiers, keys, contexts)
    oc_reads = [{r.record_id: oc_row(r) for r in read.records} for read in oc]
    vc_reads = [{r.record_id: vc_row(r) for r in read.records} for read in vc]
    for name, reads in (("usage", oc_reads), ("video usage", vc_reads)):
        found = {how for how in map(detector.derivation, reads[1]) if how is not None}
        ctx.expect(
            not found,
            f"records[?].record_id in the {name} data is {'; or '.join(sorted(found))} "
            f"([masked]); expected none computable without a key: {KEYED_PSEUDONYM}",
        )
        # Round 11: a keyed digest with the reference's end stuck on is found by that end.
        tails = {how for how in (reference_tail(r, references) for r in reads[1]) if how}
        ctx.expect(
            not tails,
            f"records[?].record_id in the {name} data {'; or '.join(sorted(tails))} "
            f"([masked]); expected no part of the reference anyone holding it could match: "
            f"{KEYED_PSEUDONYM}",
        )
        # Round 13: the NHS number's first or last digits at an end of two or more IDs.
        fragments = nhs_number_fragments(reads[1], nhs_numbers)
        ctx.expect(
            fragments is None,
            f"records[].record_id in the {name} data for {_PSEUDONYM_WEEK.iso_week}: "
            f"{fragments} ([masked]); expected no part of an identifier: {KEYED_PSEUDONYM}",
        )
        padded = pad_derivation(references, reads[1]) or affine_derivation(references, reads[1])
        ctx.expect(
            padded is None,
            f"records[].record_id in the {name} data for {_PSEUDONYM_WEEK.iso_week} are "
            f"{padded} ([masked]); expected none computable without a key: {KEYED_PSEUDONYM}",
        )
        how = guessable(list(reads[1])) or seeded_stream(list(reads[1]))
        ctx.expect(
            how is None,
            f"records[].record_id in the {name} data for {_PSEUDONYM_WEEK.iso_week} are {how} "
            f"([masked]); {GUESSABLE_ID}",
        )
        ctx.expect(
            reads[0] == reads[1],
            f"records[].record_id in the {name} data for {_PSEUDONYM_WEEK.iso_week} differ "
            f"between two reads ([masked]); {KEYED_PSEUDONYM}",
        )


@check(
    "usage-data.no-identifiers",
    title="The weekly usage data holds none of the identifiers the suite sent",
    requirements=["REP-OC-02"],
    group="usage-data",
)
def no_identifiers(ctx: CheckContext) -> None:
    """Scan the raw usage answer for every canary: names, NHS numbers, contact, text, references."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "privacy")
    week = _PRIVACY_WEEK.iso_week
    references: list[str] = []
    with clock_at(ctx, london(date(2026, 12, 15), 10, 0)):
        for sub in oc_submissions(canaries, None, offered(ctx))[:3]:
            full = canaries.submission(sub.category, patient=sub.patient, full_contact=True)
            ack = require(target.submit_request(full), "submitting", status=201)
            references.append(ack.reference)
            canaries.issue(full.patient.date_of_birth.isoformat())
        reply = target.oc_usage(week)
    require(reply, f"reading usage for {week}")
    ctx.note("budget: 8 requests (environment, capabilities, 2 clock, 3 submissions, 1 usage read)")
    text = reply.text.casefold()
    leaked = 0
    for value in canaries.issued:
        forms = {value.casefold()}
        if value.isdigit() and len(value) == 10:
            forms |= {
                f"{value[:3]} {value[3:6]} {value[6:]}",
                f"{value[:3]}-{value[3:6]}-{value[6:]}",
            }
        leaked += any(form in text for form in forms)
    ctx.expect(
        leaked == 0,
        f"records[]: {leaked} of the suite's identifiers (names, NHS numbers, contact details, "
        "free text) appear in the usage data for " + week + " ([masked]); expected none",
    )
    ctx.expect(
        not any(ref.casefold() in text for ref in references),
        "records[?].record_id: the usage data uses the tool's own request references as "
        "record IDs ([masked]); " + KEYED_PSEUDONYM,
    )
