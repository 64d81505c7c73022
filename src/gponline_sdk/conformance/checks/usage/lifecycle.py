"""Every request is one usage record, whatever happened to it after it was sent.

An export built from the practice's worklist rather than from what patients
sent loses requests the practice dealt with in a way it does not call a
consultation: closed with no action, signposted to NHS 111 or a pharmacy,
completed as admin. So the check sends requests in every category, from
patients and proxies, in and out of hours, with and without photos (0 bytes
too), records a different triage outcome for each (every kind the contract
lists, and some left untriaged), follows some up and writes messages about
others, and only then reads the week: each request must be exactly one record.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from urllib.parse import quote

import attrs

from gponline_sdk.conformance.checks._support import (
    Canaries,
    Offered,
    london,
    offered_by,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.usage import _corpus
from gponline_sdk.conformance.checks.usage._common import (
    Row,
    compare_rows,
    expect_rows,
    new_records,
    oc_row,
    read_oc,
    submit_counted,
)
from gponline_sdk.conformance.checks.usage.counts import expected_oc_row
from gponline_sdk.conformance.contract import (
    MessageSubmission,
    OutcomeSubmission,
    RequestSubmission,
)
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import (
    MessageDirection,
    OcRecord,
    OutcomeKind,
    OutOfHoursBehaviour,
    PatientDetails,
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
)
from gponline_sdk.serde import to_json

__all__ = ["LIFECYCLE_WEEK"]

LIFECYCLE_WEEK = ReportingPeriod.containing(date(2027, 2, 10))
"""Monday 8 to Sunday 14 February 2027: no other usage check fills it."""
_SENT = (
    (london(date(2027, 2, 8), 9, 10), True),
    # (2.11.0) A second round on Monday afternoon: with the other checks' requests that land
    # in the week (a few, by the seed), over 50 records whatever the seed, so an export that
    # stops at a page of 50 fails here on every seed, not on some.
    (london(date(2027, 2, 8), 15, 35), True),
    (london(date(2027, 2, 9), 11, 20), True),
    (london(date(2027, 2, 9), 21, 40), False),  # Tuesday night
    (london(date(2027, 2, 10), 6, 15), False),  # Wednesday, before the practice opens
)
"""When requests are sent (all before the triage), and whether that is core hours."""
# (2.11.0) A request two weeks before, whose follow-up comes in the week: the follow-up is the
# week's record even though what it follows up is not (an export joining each follow-up to
# its request among the week's rows drops it). No usage check reads that week.
_WEEKS_BEFORE = london(date(2027, 1, 27), 10, 5)
_TRIAGED = london(date(2027, 2, 10), 10, 30)  # the practice works through them on Wednesday
_LATER = london(date(2027, 2, 11), 9, 45)  # follow-ups and messages after the outcome
_OUTCOME_PATH = "/practice/requests/{reference}/outcome"
_UNTRIAGED_EVERY = 6  # of the requests, these are left without an outcome
_PATIENTS = 4
_HANDLED = "Your request has been dealt with (conformance suite)."
_CLOSED = (OutcomeKind.CLOSED_NO_ACTION, OutcomeKind.SIGNPOSTED_111, OutcomeKind.REFERRED)


def _outcome_of(n: int) -> OutcomeKind | None:
    """The outcome recorded for the `n`th request: each kind in turn, some none."""
    if n % _UNTRIAGED_EVERY == _UNTRIAGED_EVERY - 1:
        return None
    kinds = list(OutcomeKind)
    return kinds[(n - n // _UNTRIAGED_EVERY) % len(kinds)]


@attrs.define
class _Sent:
    """What the check has sent so far, and the record each accepted request must make."""

    ctx: CheckContext
    canaries: Canaries
    expected: list[Row] = attrs.Factory(list)
    outcomes: list[OutcomeKind | None] = attrs.Factory(list)  # of each expected row, in step
    requests: list[tuple[str, OutcomeKind | None, PatientDetails]] = attrs.Factory(list)
    calls: int = 0  # requests to the tool, for the budget
    photos_refused: int = 0  # requests sent again without their photos
    refused: int = 0  # requests refused (4xx): no record expected
    sendable: Offered = attrs.field(default=offered_by(None))  # the categories to send
    earlier: tuple[str, PatientDetails] | None = None  # a request of two weeks before

    def clock(self, instant: datetime) -> None:
        """Set the tool's test clock."""
        require(target_of(self.ctx).set_clock(instant), "setting the test clock")
        self.calls += 1

    def submit(self, sub: RequestSubmission, outcome: OutcomeKind | None) -> str | None:
        """Submit `sub`; if taken, remember its record and the outcome it will get.

        Photos refused, it is sent again without them (`submit_counted`). A request
        refused (4xx) makes no record and is counted apart: refusing it is the request
        checks' business, not this one's. Returns its reference, or None if refused.
        """
        sub, reply, dropped = submit_counted(target_of(self.ctx), sub)
        self.calls += 1 + dropped
        self.photos_refused += dropped
        if 400 <= reply.status < 500:
            self.refused += 1
            return None
        what = f"submitting request {len(self.expected) + 1} ({sub.category.value})"
        ack = require(reply, what, status=201)
        self.expected.append(expected_oc_row(sub, ack.received_at))
        self.outcomes.append(outcome)
        return ack.reference


def _send(sent: _Sent, media: str | None, accepts: bool) -> None:
    """Requests at each instant of `_SENT` (out of hours only to a tool that accepts then)."""
    categories = sent.sendable.only(
        c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP
    )
    # A few patients, each sending several: every canary is a value the masker looks for.
    patients = [sent.canaries.patient() for _ in range(_PATIENTS)]
    proxy = Requester(
        role=RequesterRole.PROXY, proxy_name=sent.canaries.word(), relationship="carer"
    )
    if sent.sendable.follow_ups:
        sent.clock(_WEEKS_BEFORE)
        first = sent.canaries.submission(categories[0], patient=patients[0])
        reply = target_of(sent.ctx).submit_request(first)
        sent.calls += 1
        if reply.status == 201 and reply.value is not None:
            sent.earlier = (reply.value.reference, first.patient)
    n = 0
    for instant, core in _SENT:
        if not (core or accepts):
            continue  # a tool that closes refuses these (AV-OOH-01's business): nothing to count
        sent.clock(instant)
        for i in range(len(OutcomeKind) + 2):  # every kind, and some left untriaged
            category = categories[n % len(categories)]
            sizes = _corpus.ATTACHMENT_SIZES[n % len(_corpus.ATTACHMENT_SIZES)]
            sub = sent.canaries.submission(
                category,
                patient=patients[n % _PATIENTS],
                requester=proxy if n % 4 == 2 else None,
                attachments=_corpus.attachments(media, sizes, n),
            )
            sub = attrs.evolve(sub, description=f"{_corpus.phrase(category, n)} ({i + 1})")
            reference = sent.submit(sub, _outcome_of(n))
            if reference is not None:
                sent.requests.append((reference, _outcome_of(n), sub.patient))
            n += 1


def _triage(sent: _Sent) -> None:
    """The practice opens each request it triages and records its outcome (some: none).

    Round 11: opened first, as a practice does, later than it was sent: a record whose
    submitted_at is when the practice first read the request differs then.
    """
    sent.clock(_TRIAGED)
    for reference, kind, _ in sent.requests:
        if kind is None:
            continue
        target_of(sent.ctx).practice_request(reference)  # its own checks judge the view
        sent.calls += 1
        body = OutcomeSubmission(kind=kind, message=_HANDLED)
        path = _OUTCOME_PATH.replace("{reference}", quote(reference, safe=""))
        reply = target_of(sent.ctx).send_raw("POST", path, to_json(body))
        sent.calls += 1
        sent.ctx.expect(
            reply.status == 201,
            f"POST {_OUTCOME_PATH} ({kind.value}): expected HTTP 201, received HTTP {reply.status}",
        )


def _afterwards(sent: _Sent) -> None:
    """Patients follow up closed requests (new requests) and message about others (none)."""
    sent.clock(_LATER)
    code = sent.canaries.environment.practice_code
    if sent.earlier is not None:
        reference, patient = sent.earlier
        follow = sent.canaries.submission(
            RequestCategory.FOLLOW_UP, patient=patient, follows_up=reference
        )
        sent.submit(
            attrs.evolve(follow, description=_corpus.phrase(RequestCategory.FOLLOW_UP, 0)), None
        )
    for n, (reference, kind, patient) in enumerate(sent.requests):
        if kind in _CLOSED and n % 2 == 0 and sent.sendable.follow_ups:
            follow = sent.canaries.submission(
                RequestCategory.FOLLOW_UP, patient=patient, follows_up=reference
            )
            follow = attrs.evolve(follow, description=_corpus.phrase(RequestCategory.FOLLOW_UP, n))
            sent.submit(follow, None)
        elif n % 3 == 1:
            message = MessageSubmission(
                practice_code=code,
                direction=MessageDirection.PATIENT_TO_PRACTICE,
                body=f"About my request, {n + 1} (conformance suite)",
                about_request=reference,
            )
            target_of(sent.ctx).send_message(message)  # its own checks judge the answer
            sent.calls += 1


@check(
    "usage-data.oc-whatever-next",
    title="Every request is one usage record whatever the practice did next",
    requirements=["REP-OC-01"],
    group="usage-data",
)
def oc_whatever_next(ctx: CheckContext) -> None:
    """Requests closed, signposted, completed, untriaged, followed up or messaged: all counted.

    Each outcome kind the contract lists is recorded for requests of several
    categories (a proxy's, an out-of-hours one, one with a 0-byte photo among
    them); after that, patients follow up closed requests and message about
    others, and (2.11.0) one follows up a request sent two weeks before. The week's new
    records must match every request sent in it, with request_type from the category and
    has_attachments true for any photo.
    """
    target = target_of(ctx)
    caps = require(target.capabilities(), "reading the capabilities")
    sent = _Sent(ctx, Canaries(ctx, "oc-whatever-next"), sendable=offered_by(caps))
    media = (
        caps.accepted_media_types[0] if caps.photo_upload and caps.accepted_media_types else None
    )
    accepts = caps.out_of_hours is OutOfHoursBehaviour.ACCEPTS_FOR_NEXT_WORKING_DAY
    before = read_oc(ctx, LIFECYCLE_WEEK)
    try:
        _send(sent, media, accepts)
        _triage(sent)
        _afterwards(sent)
    finally:
        target.release_clock()
    after = read_oc(ctx, LIFECYCLE_WEEK)
    ctx.note(
        f"request budget: {sent.calls + 5} (environment, capabilities, {sent.calls} clock "
        "settings, requests, outcomes, follow-ups and messages, a clock release, 2 usage "
        f"reads); {len(sent.expected)} requests"
        + ("" if accepts else " (none out of hours: the tool declares it closes)")
        + (
            f"; {sent.photos_refused} refused with photos, sent again without (photos are "
            "the photo checks' business)"
            if sent.photos_refused
            else ""
        )
        + (
            f"; {sent.refused} refused (4xx), so not counted (the request checks judge that)"
            if sent.refused
            else ""
        )
    )
    week = LIFECYCLE_WEEK.iso_week
    got = [oc_row(r) for r in new_records(before, after) if isinstance(r, OcRecord)]
    expect_rows(
        ctx,
        {
            week: compare_rows(
                f"usage data for {week} (every request, whatever its triage outcome)",
                sent.expected,
                got,
            ),
            "outcomes": _which_outcomes(sent.expected, sent.outcomes, got),
        },
    )


def _which_outcomes(
    expected: list[Row], outcomes: list[OutcomeKind | None], got: list[Row]
) -> str | None:
    """The outcomes of the requests whose records are missing, when records are too few."""
    missing = Counter(expected) - Counter(got)
    if len(got) >= len(expected) or not missing:
        return None  # records changed, not lost: the row comparison says which fields
    kinds = Counter(
        "untriaged" if k is None else k.value
        for row, k in zip(expected, outcomes, strict=True)
        if row in missing
    )
    return "records missing among requests whose outcome was: " + ", ".join(
        f"{k} ({n})" for k, n in sorted(kinds.items())
    )
