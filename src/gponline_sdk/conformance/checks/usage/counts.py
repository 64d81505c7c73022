"""Usage data counts every request and session the suite made, field by field.

Counts are checked as a difference: the week's records are read before and
after the check submits its own requests, and the new records must match them
one for one. That stays exact in a shared test environment that already holds
data for the week (pseudonymous record IDs must be stable, as a weekly resend
needs them to be).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from gponline_sdk.conformance.checks._support import (
    Canaries,
    Offered,
    clock_at,
    london,
    offered_by,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.usage import shapes
from gponline_sdk.conformance.checks.usage._common import (
    Row,
    compare_rows,
    expect_header,
    expect_rows,
    expect_valid,
    new_records,
    oc_row,
    read_oc,
    read_vc,
    shown,
    vc_row,
)
from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    MessageSubmission,
    OcUsageReport,
    RequestSubmission,
    VideoSessionRequest,
)
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.conformance.target import BadResponse, ToolTarget
from gponline_sdk.models import (
    Acknowledgement,
    Attachment,
    DataType,
    MessageDirection,
    OcRecord,
    OutOfHoursBehaviour,
    PatientDetails,
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
    VcRecord,
)

__all__ = ["COUNT_WEEK", "OUT_OF_HOURS", "expected_oc_row", "oc_submissions"]

COUNT_WEEK = ReportingPeriod.containing(date(2026, 12, 8))
_COUNT_DAYS = tuple(date(2026, 12, d) for d in range(7, 12))  # Monday to Friday, no bank holiday
# London times in core hours, clear of every lunch, afternoon or evening closure a tool may have.
_COUNT_TIMES = ((8, 35), (10, 50), (12, 5))
_PER_SLOT = 8  # 5 days x 3 times x 8 = 120 requests (20 of varied shape), beyond a page of 100
_PATIENTS = 12  # 24 requests a day from 12 patients: each patient twice a day, every day
_SESSIONS = 110  # video sessions in the count week, beyond a page of 50 or 100
_PARALLEL = 5  # of them, sessions starting at the same instant as another

OUT_OF_HOURS: tuple[tuple[datetime, str], ...] = (
    # Spring bank holiday week 2026-W22, in BST: its London-time edges fall on Sunday, 23:00 UTC.
    (london(date(2026, 5, 24), 23, 59, 59), "Sunday 24 May 23:59:59 (BST), the week before"),
    (london(date(2026, 5, 25), 0, 0), "Monday 25 May 00:00 (BST), a bank holiday"),
    (london(date(2026, 5, 25), 10, 0), "the spring bank holiday at 10:00"),
    (london(date(2026, 5, 26), 21, 30), "Tuesday night"),
    (london(date(2026, 5, 27), 3, 0), "Wednesday 03:00"),
    (london(date(2026, 5, 30), 12, 0), "Saturday"),
    (london(date(2026, 5, 31), 23, 59, 59), "Sunday 31 May 23:59:59 (BST)"),
    (london(date(2026, 6, 1), 0, 0), "Monday 1 June 00:00 (BST), the week after"),
    # A GMT week: Christmas Day, and the edge before the substitute Boxing Day holiday.
    (london(date(2026, 12, 25), 10, 0), "Christmas Day at 10:00"),
    (london(date(2026, 12, 27), 23, 59, 59), "Sunday 27 December 23:59:59 (GMT)"),
    (london(date(2026, 12, 28), 0, 0), "Monday 28 December 00:00 (GMT), a bank holiday"),
)
"""Out-of-hours instants, with the reporting week each belongs to by its London date."""


def oc_submissions(
    canaries: Canaries,
    media_type: str | None = None,
    sendable: Offered | None = None,
    more_media: tuple[str, ...] = (),
) -> list[RequestSubmission]:
    """One request per category a patient starts (not follow-ups), and one from a proxy.

    With a `media_type` the tool takes, also one with a photo (has_attachments true), and
    one more for each of `more_media` (2.3.0: a photo of each type the tool takes, alone).
    Only categories in `sendable` (default: all).
    """
    sendable = sendable or offered_by(None)
    patient = canaries.patient()
    firsts = sendable.only(c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP)
    subs = [canaries.submission(c, patient=patient) for c in firsts]
    proxy = Requester(role=RequesterRole.PROXY, proxy_name=canaries.word(), relationship="son")
    subs.append(canaries.submission(sendable.of(RequestCategory.ASK_QUESTION), requester=proxy))
    if media_type is not None:
        photo = Attachment(media_type=media_type, size_bytes=120_000, sha256="cd" * 32)
        symptoms = sendable.of(RequestCategory.DESCRIBE_SYMPTOMS)
        subs.append(canaries.submission(symptoms, attachments=(photo,)))
        for n, other in enumerate(more_media):
            photo = Attachment(media_type=other, size_bytes=80_000 + n, sha256=f"{n:02x}" * 32)
            subs.append(canaries.submission(symptoms, attachments=(photo,)))
    return subs


def expected_oc_row(sub: RequestSubmission, received_at: datetime) -> Row:
    """The usage record a request must produce (same field order as `oc_row`)."""
    return (
        ("practice_code", shown(sub.practice_code)),
        ("submitted_at", shown(received_at)),
        ("category", shown(sub.category)),
        ("request_type", shown(sub.category.request_type)),
        ("requester_role", shown(sub.requester.role)),
        ("has_attachments", shown(bool(sub.attachments))),
    )


def _oc_rows(records: list[OcRecord | VcRecord]) -> list[Row]:
    return [oc_row(r) for r in records if isinstance(r, OcRecord)]


def _vc_rows(records: list[OcRecord | VcRecord]) -> list[Row]:
    return [vc_row(r) for r in records if isinstance(r, VcRecord)]


def _not_requests(target: ToolTarget, canaries: Canaries) -> int:
    """A contact details update and a patient's secure message: neither is a request.

    Sent between the count week's requests, they must add no OC record. Whether
    the tool takes them is their own checks' business: the answers are not read.
    """
    code = canaries.environment.practice_code
    update = ContactDetailsSubmission(
        practice_code=code, patient=canaries.patient(), contact=canaries.contact(full=True)
    )
    message = MessageSubmission(
        practice_code=code,
        direction=MessageDirection.PATIENT_TO_PRACTICE,
        body=canaries.text("Conformance suite message: not a request"),
    )
    with contextlib.suppress(BadResponse):
        target.update_contact_details(update)
    with contextlib.suppress(BadResponse):
        target.send_message(message)
    return 2


def _replies_about(target: ToolTarget, canaries: Canaries, about: list[str]) -> int:
    """(2.3.0) The practice's written reply about each request of `about`.

    The patient answers the first, about it too. A request with messages about it is still
    one record (neither left out nor one per message). The answers are not read here.
    """
    code = canaries.environment.practice_code
    replies = 0
    for n, reference in enumerate(about):
        reply = MessageSubmission(
            practice_code=code,
            direction=MessageDirection.PRACTICE_TO_PATIENT,
            body=canaries.text("Conformance suite reply about your request"),
            about_request=reference,
        )
        with contextlib.suppress(BadResponse):
            sent = target.send_message(reply)
            replies += 1
            if n == 0 and sent.status == 201 and sent.value is not None:
                answer = MessageSubmission(
                    practice_code=code,
                    direction=MessageDirection.PATIENT_TO_PRACTICE,
                    body=canaries.text("Conformance suite answer about my request"),
                    in_reply_to=sent.value.reference,
                    about_request=reference,
                )
                replies += 1
                target.send_message(answer)
    return replies


def _volume(
    canaries: Canaries,
    acks: dict[str, Acknowledgement],
    patients: list[PatientDetails],
    sendable: Offered,
) -> Iterator[RequestSubmission]:
    """The count week's bulk: every category, several patients, each twice a day, some proxies.

    `acks` (the accepted requests so far, by patient family name) lets a follow-up
    name the same patient's earlier request. Only categories in `sendable`.
    """
    categories = sendable.only(c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP)
    for n in range(len(_COUNT_DAYS) * len(_COUNT_TIMES) * _PER_SLOT):
        patient = patients[n % _PATIENTS]
        earlier = acks.get(patient.family_name)
        if n % 11 == 10 and earlier is not None and sendable.follow_ups:
            yield canaries.submission(
                RequestCategory.FOLLOW_UP, patient=patient, follows_up=earlier.reference
            )
        elif n % 9 == 4:
            proxy = Requester(
                role=RequesterRole.PROXY, proxy_name=canaries.word(), relationship="daughter"
            )
            yield canaries.submission(
                categories[n % len(categories)], patient=patient, requester=proxy
            )
        else:
            yield canaries.submission(categories[n % len(categories)], patient=patient)


def _fixed_set(
    target: ToolTarget, canaries: Canaries, subs: list[RequestSubmission], follow_ups: bool
) -> tuple[list[Row], list[str]]:
    """Send `subs` (201 each), then the first patient's follow-up if `follow_ups`.

    Returns their rows, and their references.

    The same patient follows up their own request: a tool may refuse a follow-up of
    someone else's (the contract allows it).
    """
    acks = [require(target.submit_request(s), "submitting", status=201) for s in subs]
    sent = list(subs)
    if follow_ups:
        follow = canaries.submission(
            RequestCategory.FOLLOW_UP, patient=subs[0].patient, follows_up=acks[0].reference
        )
        acks.append(require(target.submit_request(follow), "submitting a follow-up", status=201))
        sent.append(follow)
    rows = [expected_oc_row(s, a.received_at) for s, a in zip(sent, acks, strict=True)]
    return rows, [a.reference for a in acks]


# (2.3.0) The count week read with the clock set after it: generated_at is the tool's now.
_READ_AT = london(date(2026, 12, 14), 7, 0)


def _read_oc_at(ctx: CheckContext, at: datetime) -> OcUsageReport:
    with clock_at(ctx, at):
        return read_oc(ctx, COUNT_WEEK)


_FRACTIONS = (500_000, 20_000, 3_000, 400, 50, 6)  # microseconds: fractions of 1 to 6 digits


@check(
    "usage-data.oc-records-count",
    title="The weekly usage data counts every request the suite made, in the right category",
    requirements=["REP-OC-01"],
    group="usage-data",
)
def oc_records_count(ctx: CheckContext) -> None:
    """The week's new OC records match the suite's requests in category, type, role and time.

    The week gets well over a hundred requests on five days, so a usage answer
    cut at a page or batch size (50, 100) cannot pass; each patient sends two a
    day, which must be two records, not one per patient and day. Each slot's
    last request is sent again, identical, at the same instant: two requests,
    two records. Between the requests, contact details updates and secure
    messages: neither is a request, and neither may add a record. And requests
    varying every optional part (`shapes`), a minute after a slot: one record
    each, whatever attachments, contact details or NHS number it has or lacks. (2.3.0) A
    photo of each media type the tool lists, alone: has_attachments true for each; two
    requests with messages about them (one with two): one record each; the week read with
    the clock set: the header's generated_at is the clock's instant.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "oc-usage")
    week = COUNT_WEEK.iso_week
    caps = require(target.capabilities(), "reading the capabilities")
    before = read_oc(ctx, COUNT_WEEK)
    media = (
        caps.accepted_media_types[0] if caps.photo_upload and caps.accepted_media_types else None
    )
    sendable = offered_by(caps)  # a SHOULD category the tool does not offer is not sent
    subs = oc_submissions(canaries, media, sendable, tuple(caps.accepted_media_types[1:]))
    expected: list[Row] = []
    latest: dict[str, Acknowledgement] = {}
    patients = [canaries.patient() for _ in range(_PATIENTS)]
    volume = _volume(canaries, latest, patients, sendable)
    refused = sent = others = 0
    # Requests varying every optional part, a few after each day's first slot (see `shapes`).
    varied = shapes.ShapeBlock(
        target, canaries, patients, media, len(_COUNT_DAYS), offered=sendable.categories
    )
    try:
        for day, (hour, minute) in itertools.product(_COUNT_DAYS, _COUNT_TIMES):
            require(target.set_clock(london(day, hour, minute)), "setting the test clock")
            if subs:
                # The fixed set first, on the first slot of a day that is still fresh.
                rows, references = _fixed_set(target, canaries, subs, sendable.follow_ups)
                expected += rows
                sent += len(rows)
                subs = []
                others += _replies_about(target, canaries, references[:2])
            # The day's varied-shape requests take the place of as many bulk ones.
            slot = list(
                itertools.islice(
                    volume, _PER_SLOT - varied.per_day * (minute == _COUNT_TIMES[0][1])
                )
            )
            # The last one again, identical and at the same instant: a patient resending.
            for sub in slot + slot[-1:]:
                sent += 1
                reply = target.submit_request(sub)
                if reply.status == 409:
                    refused += 1  # a daily limit: availability's business; then it must not count
                    continue
                ack = require(reply, "submitting", status=201)
                latest[sub.patient.family_name] = ack
                expected.append(expected_oc_row(sub, ack.received_at))
            others += _not_requests(target, canaries)
            if minute == _COUNT_TIMES[0][1]:  # the day's first slot
                varied.send(london(day, hour, minute), expected_oc_row)
    finally:
        target.release_clock()
    after = _read_oc_at(ctx, _READ_AT)
    slots = len(_COUNT_DAYS) * len(_COUNT_TIMES) + varied.clock_settings + 2
    sent += varied.submitted
    ctx.note(
        f"budget: {sent + others + slots + 5} requests (environment, capabilities, {slots} clock "
        f"settings and a release, {sent} submissions ({len(_COUNT_DAYS) * len(_COUNT_TIMES)} "
        f"of them identical resends, {varied.submitted} of varied shape), {others} contact "
        "details updates and messages, 2 usage reads)"
    )
    new = new_records(before, after)
    ctx.note(
        f"{sent} requests submitted in {week} on {len(_COUNT_DAYS)} days "
        f"({refused + varied.refused} refused with 409{varied.declined_note}); {len(new)} new "
        f"usage records; the week's answer held {len(after.records)}"
    )
    expect_rows(
        ctx,
        {
            week: compare_rows(f"usage data for {week}", expected + varied.rows, _oc_rows(new)),
            "shapes": varied.diagnose(_oc_rows(new)),
        },
    )
    expect_header(ctx, after, canaries, DataType.OC_RECORD, COUNT_WEEK, now=_READ_AT)
    expect_valid(ctx, after)
    ids = [r.record_id for r in after.records]
    ctx.expect(len(ids) == len(set(ids)), "records[].record_id: two usage records share one")


@check(
    "usage-data.oc-out-of-hours",
    title="Requests accepted out of hours and on bank holidays are counted in their London week",
    requirements=["REP-OC-01"],
    group="usage-data",
)
def oc_out_of_hours(ctx: CheckContext) -> None:
    """Night, weekend, bank-holiday and week-edge requests: each one accepted is counted.

    A tool that declares it accepts requests out of hours must accept and count
    each one in the week of its Europe/London date (a BST week starts on Sunday
    at 23:00 UTC); a tool that declares it closes must count none it refused
    (409), and any it accepted all the same.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "oc-out-of-hours")
    caps = require(target.capabilities(), "reading the capabilities")
    accepts = caps.out_of_hours is OutOfHoursBehaviour.ACCEPTS_FOR_NEXT_WORKING_DAY
    periods = sorted(
        {ReportingPeriod.containing_instant(t) for t, _ in OUT_OF_HOURS}, key=lambda p: p.start
    )
    before = {p: read_oc(ctx, p) for p in periods}
    expected: dict[ReportingPeriod, list[Row]] = {p: [] for p in periods}
    categories = offered_by(caps).only(
        c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP
    )
    try:
        for i, (instant, label) in enumerate(OUT_OF_HOURS):
            sub = canaries.submission(categories[i % len(categories)])
            require(target.set_clock(instant), "setting the test clock")
            reply = target.submit_request(sub)
            if reply.status == 409 and not accepts:
                continue  # refused as declared: it must then not be counted
            # Whether a closing tool should have refused is AV-OOH-01's business; what it
            # accepts, this requirement wants counted.
            ack = require(
                reply,
                f"status at {label}: expected {'201' if accepts else '201 or 409'}, as the tool "
                f"declares out_of_hours={caps.out_of_hours.value}",
                status=201,
            )
            expected[ReportingPeriod.containing_instant(instant)].append(
                expected_oc_row(sub, ack.received_at)
            )
    finally:
        target.release_clock()
    ctx.note(
        f"out_of_hours={caps.out_of_hours.value}; budget: "
        f"{3 + len(OUT_OF_HOURS) * 2 + len(periods) * 2} requests (environment, capabilities, "
        f"{len(OUT_OF_HOURS)} clock settings and submissions, clock release, "
        f"{len(periods) * 2} usage reads)"
    )
    expect_rows(
        ctx,
        {
            p.iso_week: compare_rows(
                f"usage data for {p.iso_week} (weeks run Monday 00:00 to Sunday 24:00 London time)",
                expected[p],
                _oc_rows(new_records(before[p], read_oc(ctx, p))),
            )
            for p in periods
        },
    )


# (2.12.0) The short sessions: every seventh that is not long, 1 to 9 minutes in turn.
_SHORT = {
    i: 1 + n % 9 for n, i in enumerate(i for i in range(_SESSIONS) if i % 7 == 2 and i % 5 != 4)
}


def _minutes(i: int) -> int:
    """The i-th session's length: 10 to 30 minutes, every fifth long, every seventh short.

    Every fifth is 240 minutes (the most one can book) down to 40 in steps of 10; (2.12.0)
    every seventh (that is not long) is 1 to 9 minutes in turn: a session of any length
    counts, and an export that drops short ones as test calls misses it.
    """
    if i % 5 == 4:
        return 240 - 10 * (i // 5)
    return _SHORT.get(i, 10 + i % 21)


@check(
    "usage-data.vc-records-count",
    title="The weekly usage data counts the video consultations the suite scheduled",
    requirements=["REP-VC-01"],
    group="usage-data",
)
def vc_records_count(ctx: CheckContext) -> None:
    """The week's new VC records match the sessions scheduled: start, status and duration.

    Over a hundred sessions on four days, so an answer cut at a page of 50 or
    100 records cannot pass; some start at the same instant as another, so
    records merged by start cannot either.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "vc-usage")
    week = COUNT_WEEK.iso_week
    code = canaries.environment.practice_code
    # Sessions from 08:30 on Tuesday 8 to Friday 11 December, every five minutes, of lengths
    # from 1 to 240 minutes (`_minutes`), and a few in parallel with one of them (two
    # clinicians at once): each session is a record, whatever its length.
    # (Round 14) Every sixth starts a fraction of a second after its minute, of 1 to 6
    # digits in turn: an export parsing starts without fractions skips such a session.
    sessions = [
        (
            london(date(2026, 12, 8 + i % 4), 8, 30)
            + timedelta(minutes=5 * (i // 4), microseconds=_FRACTIONS[i // 6 % 6] * (i % 6 == 5)),
            _minutes(i),
        )
        for i in range(_SESSIONS - _PARALLEL)
    ]
    parallel = [(start, 15) for start, _ in sessions[3::21][:_PARALLEL]]
    refused = 0
    read_at = london(date(2026, 12, 8), 8, 0)
    with clock_at(ctx, read_at):
        before = read_vc(ctx, COUNT_WEEK)
        for n, (start, minutes) in enumerate(sessions + parallel):
            reply = target.schedule_video(
                VideoSessionRequest(
                    practice_code=code, scheduled_start=start, duration_minutes=minutes
                )
            )
            if n >= len(sessions) and reply.status == 409:
                # Refusing a parallel session is channels.video-consultation's failure;
                # here a refused session must simply not be counted.
                refused += 1
                continue
            require(reply, "scheduling a video consultation", status=201)
            if n >= len(sessions):
                sessions.append((start, minutes))
        after = read_vc(ctx, COUNT_WEEK)
    ctx.note(
        f"budget: {len(sessions) + refused + 5} requests (environment, 2 clock, "
        f"{len(sessions) + refused} sessions ({_PARALLEL} in parallel with another, {refused} "
        "of them refused with 409), 2 usage reads)"
    )
    ctx.note(f"the week's video usage answer held {len(after.records)} records")
    expected = [
        (
            ("practice_code", shown(code)),
            ("scheduled_start", shown(start)),
            ("status", "scheduled"),
            ("duration_minutes", str(minutes)),
        )
        for start, minutes in sessions
    ]
    got = _vc_rows(new_records(before, after))
    expect_rows(ctx, {week: compare_rows(f"video usage data for {week}", expected, got)})
    expect_header(ctx, after, canaries, DataType.VC_RECORD, COUNT_WEEK, now=read_at)
    expect_valid(ctx, after)
