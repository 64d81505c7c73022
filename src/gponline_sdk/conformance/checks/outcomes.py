"""The triage outcome, recorded by the practice and shown to the patient (AV-RESP-01).

Patients must know the same day how their request will be handled, and an automated
acknowledgement is not that. A test of the tool cannot see a clinician triage; it can
see that the practice's outcome and its time are recorded and that the patient sees
them, and that nothing stands for an outcome before the practice records one. Deciding
urgency and meeting the response times are the practice's, attested (PR-RESP-01).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote

import attrs

from gponline_sdk.conformance.checks._response_schema import response_problems
from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    london,
    offered,
    require,
    target_of,
)
from gponline_sdk.conformance.checks._written_first import written_first
from gponline_sdk.conformance.contract import OutcomeSubmission, RequestStatus, RequestSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.errors import ValidationError
from gponline_sdk.models import (
    Acknowledgement,
    Outcome,
    OutcomeKind,
    RequestCategory,
    Requester,
    RequesterRole,
)
from gponline_sdk.serde import from_json, to_json

__all__ = ["RECORD", "STATUS", "TRIAGES", "Triage"]

T = TypeVar("T")
RECORD = "/practice/requests/{reference}/outcome"
STATUS = "/requests/{reference}/status"


@attrs.frozen
class Triage:
    """One request sent at `sent`, triaged by the practice at `triaged` (the same day)."""

    category: RequestCategory
    sent: datetime
    triaged: datetime
    in_core_hours: bool = True


def _at(d: date, hour: int, minute: int, second: int, micro: int) -> datetime:
    return london(d, hour, minute, second).replace(microsecond=micro)


# Different weekdays and times of day, winter (GMT) and summer (BST, where the offset is not
# zero); microseconds on every instant, since recorded_at is compared to the second only.
TRIAGES = (
    # Monday, seconds after core hours open; triaged within the hour.
    Triage(
        RequestCategory.SEEK_HEALTH_ADVICE,
        _at(date(2027, 2, 8), 8, 0, 41, 120_000),
        _at(date(2027, 2, 8), 8, 47, 12, 730_000),
    ),
    # Wednesday midday; triaged in the afternoon.
    Triage(
        RequestCategory.ADMINISTRATIVE_REQUEST,
        _at(date(2027, 2, 17), 12, 14, 5, 5_000),
        _at(date(2027, 2, 17), 15, 2, 33, 999_000),
    ),
    # Tuesday in summer, a minute before closing; triaged before 18:30.
    Triage(
        RequestCategory.DESCRIBE_SYMPTOMS,
        _at(date(2027, 7, 13), 18, 29, 10, 250_000),
        _at(date(2027, 7, 13), 18, 29, 58, 640_000),
    ),
    # Friday before opening: a tool that closes answers 409 (nothing to triage); one that
    # takes it for the next working day has it triaged after opening, the same day.
    Triage(
        RequestCategory.CLINICAL_REQUEST,
        _at(date(2027, 3, 5), 7, 20, 30, 500_000),
        _at(date(2027, 3, 5), 9, 5, 19, 10_000),
        in_core_hours=False,
    ),
)
"""The requests the check sends and when the practice triages each."""

# What a practice writes: line breaks (CRLF too), characters outside Latin-1, a double space
# and, last, a trailing newline. The patient must read it byte for byte as written.
_MESSAGES = (
    (
        "We have read your request.  A GP will phone you today between 14:00 and 16:00.\r\n"
        "If you cannot take the call, reply here — we will call again."
    ),
    (
        "Your sick note is ready: collect it from reception after 16:00 today.\n"
        "Évaluation complète — “no appointment needed”.\n"
        # (2.12.0) Braces as a practice pastes them from its own letter template: shown as
        # written, never filled in by a mail-merge (Handlebars, Mustache) on the way.
        "Sign the box marked {{signature}} and bring your reference {{reference}}."
    ),
    "Please see the pharmacist at your local pharmacy today 👍\nThey can help with this.\n",
    "We need to see you: come to the surgery at 11:20 today (Dr Ní Bhriain, room 3).",
)


_WRITTEN = "a written reply from the practice"


def _unknown(reference: str) -> str:
    """A reference of the same shape that the tool did not issue."""
    head = "ZZ" if not reference.startswith("ZZ") else "YY"
    return (head + reference[2:])[:64]


def _parsed(method: str, template: str, reply: Any, cls: type[T]) -> T:
    """The reply's body as `cls`, after holding the raw text to the contract's schema."""
    off_schema = response_problems(method, template, reply.status, reply.text)
    if off_schema:
        raise CheckFailed("; ".join(off_schema))
    try:
        return from_json(reply.text, cls)
    except ValidationError as exc:
        where = "; ".join(f"{p.location}: {p.message}" for p in exc.problems[:3])
        raise CheckFailed(
            f"{method} {template} answered a body that is not a {cls.__name__}: {where}"
        ) from None


def _status(ctx: CheckContext, reference: str, when: str) -> RequestStatus:
    reply = target_of(ctx).send_raw("GET", STATUS.replace("{reference}", quote(reference, safe="")))
    if reply.status != 200:
        raise CheckFailed(f"{when}: GET {STATUS}: expected HTTP 200, received HTTP {reply.status}")
    return _parsed("GET", STATUS, reply, RequestStatus)


def _record(ctx: CheckContext, reference: str, sub: OutcomeSubmission, when: str) -> Outcome:
    path = RECORD.replace("{reference}", quote(reference, safe=""))
    reply = target_of(ctx).send_raw("POST", path, to_json(sub))
    if reply.status != 201:
        raise CheckFailed(f"{when}: POST {RECORD}: expected HTTP 201, received HTTP {reply.status}")
    return _parsed("POST", RECORD, reply, Outcome)


def _same_second(a: datetime, b: datetime) -> bool:
    return abs(a - b) < timedelta(seconds=1)


def _before_triage(
    ctx: CheckContext, ack: Acknowledgement, when: str, why: str = "an acknowledgement"
) -> None:
    """The patient's status before the practice has triaged: the request, no outcome."""
    seen = _status(ctx, ack.reference, f"{when}, before triage")
    ctx.expect(
        seen.reference == ack.reference,
        f"{when}: status reference: expected the acknowledgement's, received another",
    )
    for name in ("received_at", "respond_by"):
        want, got = getattr(ack, name), getattr(seen, name)
        ctx.expect(
            want == got,
            f"{when}: status {name}: expected the acknowledgement's ({want.isoformat()}), "
            f"received {got.isoformat()}",
        )
    if seen.outcome is not None:
        raise CheckFailed(
            f"{when}: status outcome before the practice recorded one: expected null ({why} "
            f"is not an outcome), received kind {seen.outcome.kind.value} "
            f"recorded at {seen.outcome.recorded_at.isoformat()}"
        )


def _after_triage(
    ctx: CheckContext, ack: Acknowledgement, sub: OutcomeSubmission, at: datetime, when: str
) -> None:
    """Record the outcome at the frozen `at`; the answer and the patient's status show it."""
    recorded = _record(ctx, ack.reference, sub, when)
    seen = _status(ctx, ack.reference, f"{when}, after triage")
    for where, outcome in (("the 201 answer", recorded), ("the patient's status", seen.outcome)):
        if outcome is None:
            raise CheckFailed(
                f"{when}: {where}: outcome: expected kind {sub.kind.value} recorded at "
                f"{at.isoformat()}, received null"
            )
        ctx.expect(
            outcome.request_reference == ack.reference,
            f"{when}: {where}: outcome request_reference: expected the request's reference, "
            "received another",
        )
        ctx.expect(
            outcome.kind is sub.kind,
            f"{when}: {where}: outcome kind: expected {sub.kind.value}, "
            f"received {outcome.kind.value}",
        )
        ctx.expect(
            _same_second(outcome.recorded_at, at),
            f"{when}: {where}: outcome recorded_at: expected the tool's now ({at.isoformat()}, "
            f"to the second), received {outcome.recorded_at.isoformat()}",
        )
    if seen.outcome is not None:
        ctx.expect(
            seen.message == sub.message,
            f"{when}: the patient's status message: expected the practice's message exactly "
            f"as sent ({len(sub.message)} characters), received "
            + ("null" if seen.message is None else f"{len(seen.message)} characters that differ"),
        )


@check(
    "response.outcome-shown",
    title="The practice's triage outcome and its time are recorded and the patient sees them",
    requirements=["AV-RESP-01"],
    group="response",
)
def outcome_shown(ctx: CheckContext) -> None:
    """Outcomes of several kinds, recorded by the practice, are what the patient's status shows.

    Requests of several categories are sent at instants spread over weekdays and times
    (seconds after 08:00, midday, a minute before 18:30, and one out of hours: skipped when
    the tool closes then). Before triage the patient's status shows the acknowledgement's
    reference, received_at and respond_by and no outcome, and (2.13.0) still none after the
    practice has written to the patient about it (a written reply is not an outcome). Later
    the same day (the test clock moved on) the practice records an outcome, each of another
    kind; the 201 answer and the patient's status must show that kind, recorded_at the tool's
    now to the second (any UTC offset) and the message exactly as sent. Unknown references get
    404 on both routes.

    Each request has its own status and outcome (contract 2.2.0): one patient's clinical
    and administrative requests, a follow-up and a proxy's request for them, each with a
    status before triage; an outcome recorded for the first must show on none of the
    others, and each of the others then shows its own. Round 8 (contract 2.3.0): the first
    one's message has the schema's 2,000 characters; once all four are triaged each still
    shows its own outcome and message (an outcome for a follow-up or a proxy's request
    changes no other's), and so it does 91 days later (a status stays readable for at least
    90 days). Round 9: each of those later reads shows the acknowledgement's received_at
    and respond_by, not times worked out again on the day it is read.
    """
    canaries = Canaries(ctx, "outcome-shown")
    sendable = offered(ctx)
    # Every kind is recorded once in the check (round 14): the triaged requests take the
    # first of a seeded order, one patient's own requests the next, one request each the rest.
    order = canaries.rng.sample(list(OutcomeKind), len(OutcomeKind))
    kinds = order[: len(TRIAGES)]
    ctx.note(
        f"request budget: {4 + 9 * len(TRIAGES) + 39 + 5 * (len(OutcomeKind) - 4)} at most"
        " (environment, capabilities; for each of "
        f"{len(TRIAGES)} "
        "requests: clock, submit, status, clock, a practice message about it, status, record, "
        "status, clock release; two unknown "
        "references; one patient's four requests: clock, submit and status each (the "
        "follow-up 37 minutes later: its clock, release and its request's status again), release, "
        "clock, an outcome for each with the statuses read after and again at the end, "
        "release; clock 91 days on, the four statuses, release; for each outcome kind not "
        "recorded yet (a request closed out of hours has none): clock, submit, record, status, "
        "release)"
    )
    target = target_of(ctx)
    last: str | None = None
    recorded: list[OutcomeKind] = []
    for triage, kind, message in zip(TRIAGES, kinds, _MESSAGES, strict=True):
        when = (
            f"a request ({triage.category.value}) sent at {triage.sent:%a %d %b %Y %H:%M:%S} "
            f"London, triaged at {triage.triaged:%H:%M:%S}"
        )
        with clock_at(ctx, triage.sent):
            # Symptoms as health advice to a tool that does not offer them (a SHOULD).
            reply = target.submit_request(canaries.submission(sendable.of(triage.category)))
            if not triage.in_core_hours and reply.closed is not None:
                ctx.note(f"{when}: closed out of hours (409): nothing to triage")
                continue
            ack = require(reply, f"submitting {when}", status=201)
            _before_triage(ctx, ack, when)
        last = ack.reference
        with clock_at(ctx, triage.triaged):
            # (2.13.0) The practice writes to the patient first: still no outcome.
            if written_first(ctx, canaries, ack.reference, when):
                _before_triage(ctx, ack, f"{when}, after the practice wrote about it", _WRITTEN)
            sub = OutcomeSubmission(kind=kind, message=message)
            _after_triage(ctx, ack, sub, triage.triaged, when)
            recorded.append(kind)
    if last is not None:
        _unknown_references(ctx, _unknown(last))
    used = _each_its_own(ctx, canaries, sendable.follow_ups, order[len(TRIAGES) :])
    recorded += order[len(TRIAGES) : len(TRIAGES) + used]
    # A request closed out of hours had no outcome: its kind goes with the rest.
    _every_other_kind(ctx, canaries, [k for k in order if k not in recorded])


def _every_other_kind(ctx: CheckContext, canaries: Canaries, kinds: list[OutcomeKind]) -> None:
    """An administrative request for each kind not recorded yet: its status shows it whole.

    A kind stored in a column one member outgrew (`appointment_face_to_face`, 24
    characters, in a VARCHAR(20)) reads back cut short only if that kind is ever recorded.
    """
    for kind in kinds:
        when = f"an administrative request to get outcome {kind.value}"
        with clock_at(ctx, _OWN_TRIAGED):
            sub = canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST)
            ack = require(target_of(ctx).submit_request(sub), f"submitting {when}", status=201)
            given = OutcomeSubmission(kind=kind, message=f"Outcome: {kind.value}.")
            _after_triage(ctx, ack, given, _OWN_TRIAGED, when)


_OWN_SENT = _at(date(2027, 2, 8), 10, 12, 9, 480_000)
_OWN_FOLLOWED = _at(date(2027, 2, 8), 10, 49, 31, 250_000)
_OWN_TRIAGED = _at(date(2027, 2, 8), 11, 40, 2, 60_000)
STATUS_KEPT = timedelta(days=90)
"""How long after it was received a request's status must stay readable, at least (2.3.0,
[SDK]: the contract sets no end; the suite reads each status again 91 days on)."""
_OWN_LATER = _OWN_TRIAGED + STATUS_KEPT + timedelta(days=1)
_LONGEST = 2_000  # OutcomeSubmission.message's maxLength


def _longest_message() -> str:
    """A practice's message of the schema's most characters, none of them Latin-1 alone.

    Round 8: a status or outcome message cut short (a texted copy of three SMS segments,
    a column narrower than the schema) is found whatever the length it is cut to.
    """
    line = "Please book a blood test with the nurse — “fasting”, nothing after 22:00 ✔.\n"
    text = (line * (_LONGEST // len(line) + 1))[: _LONGEST - 4]
    return text + " End"


def _each_its_own(
    ctx: CheckContext, canaries: Canaries, follow_ups: bool, order: list[OutcomeKind]
) -> int:
    """One patient's requests: each has a status, and an outcome shows only on its own.

    Their outcomes take the kinds of `order` from its first; returns how many were used.
    """
    patient = canaries.patient()
    first = canaries.submission(RequestCategory.CLINICAL_REQUEST, patient=patient)
    proxy = Requester(role=RequesterRole.PROXY, proxy_name="Amira Haddad", relationship="daughter")
    sent: list[tuple[str, Acknowledgement]] = []
    with clock_at(ctx, _OWN_SENT):
        plan = [
            ("the patient's clinical request", first),
            (
                "the same patient's administrative request",
                canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST, patient=patient),
            ),
            (
                "a proxy's request for the same patient",
                canaries.submission(
                    RequestCategory.ADMINISTRATIVE_REQUEST, patient=patient, requester=proxy
                ),
            ),
        ]
        for what, sub in plan:
            # A proxy's request refused for its requester is the proxy checks' to judge.
            _own_sent(ctx, what, sub, sent, refusable=sub.requester.role is RequesterRole.PROXY)
    whens = [f"{what}, sent at {_OWN_SENT:%a %d %b %Y %H:%M:%S} London" for what, _ in sent]
    if follow_ups:
        # Round 11: the follow-up goes later the same morning; the first request's status
        # keeps its own received_at (not its latest follow-up's).
        what = "a follow-up of the patient's clinical request"
        with clock_at(ctx, _OWN_FOLLOWED):
            follow = canaries.submission(
                RequestCategory.FOLLOW_UP, patient=patient, follows_up=sent[0][1].reference
            )
            _own_sent(ctx, what, follow, sent, at=_OWN_FOLLOWED)
            whens.append(f"{what}, sent at {_OWN_FOLLOWED:%a %d %b %Y %H:%M:%S} London")
            _before_triage(ctx, sent[0][1], f"{whens[0]}, read after its follow-up")
    kinds = [order[n % len(order)] for n in range(len(sent))]
    # The first request's message has the schema's most characters (round 8).
    given = [
        OutcomeSubmission(
            kind=kind, message=_longest_message() if n == 0 else f"Outcome {n + 1}: {kind.value}."
        )
        for n, kind in enumerate(kinds)
    ]
    with clock_at(ctx, _OWN_TRIAGED):
        for n, ((_, ack), outcome) in enumerate(zip(sent, given, strict=True)):
            _after_triage(ctx, ack, outcome, _OWN_TRIAGED, whens[n])
            for (_, other), when in list(zip(sent, whens, strict=True))[n + 1 :]:
                seen = _status(ctx, other.reference, f"{when}, after triage of another")
                if seen.outcome is not None:
                    raise CheckFailed(
                        f"{when}: status outcome after the practice recorded one for another "
                        f"request of the same patient ({sent[n][0]}), none for this one: "
                        f"expected null (each request shows its own outcome), received kind "
                        f"{seen.outcome.kind.value}"
                    )
        # Round 8: an outcome recorded later (for a follow-up, a proxy's request) changed
        # no earlier request's: each still shows its own.
        _still_own(ctx, sent, given, whens, "after every one of them was triaged")
    # Round 8, 2.3.0 [SDK]: a status stays readable for at least STATUS_KEPT.
    with clock_at(ctx, _OWN_LATER):
        _still_own(ctx, sent, given, whens, f"{(_OWN_LATER - _OWN_SENT).days} days later")
    return len(sent)


def _still_own(
    ctx: CheckContext,
    sent: list[tuple[str, Acknowledgement]],
    given: list[OutcomeSubmission],
    whens: list[str],
    later: str,
) -> None:
    """Each request's status is readable, with its acknowledgement's times and its own outcome."""
    for (_, ack), sub, when in zip(sent, given, whens, strict=True):
        path = STATUS.replace("{reference}", quote(ack.reference, safe=""))
        reply = target_of(ctx).send_raw("GET", path)
        if reply.status != 200:
            raise CheckFailed(
                f"{when}: GET {STATUS} {later}: expected HTTP 200 (a status stays readable for "
                f"at least {STATUS_KEPT.days} days after the request was received, contract "
                f"2.3.0), received HTTP {reply.status}"
            )
        seen = _parsed("GET", STATUS, reply, RequestStatus)
        # Round 9: the times are the acknowledgement's, as stored, on whatever day the status
        # is read (getRequestStatus): a respond_by worked out again at each read moves.
        for name in ("received_at", "respond_by"):
            want, got = getattr(ack, name), getattr(seen, name)
            ctx.expect(
                want == got,
                f"{when}: status {name} {later}: expected the acknowledgement's "
                f"({want.isoformat()}), received {got.isoformat()}",
            )
        shown = seen.outcome
        ctx.expect(
            shown is not None
            and shown.kind is sub.kind
            and shown.request_reference == ack.reference
            and seen.message == sub.message,
            f"{when}: status {later}: expected its own outcome (kind {sub.kind.value}, the "
            f"message as sent, {len(sub.message)} characters), received "
            + (
                "none"
                if shown is None
                else f"kind {shown.kind.value} and a message of "
                f"{0 if seen.message is None else len(seen.message)} characters"
                + ("" if shown.request_reference == ack.reference else " for another request")
            )
            + " (an outcome recorded for one request changes no other's)",
        )


def _own_sent(
    ctx: CheckContext,
    what: str,
    sub: RequestSubmission,
    sent: list[tuple[str, Acknowledgement]],
    *,
    refusable: bool = False,
    at: datetime = _OWN_SENT,
) -> None:
    """Send one of the patient's requests (at `at`); its status before triage has no outcome.

    `refusable`: a 400 or 422 leaves the request out (noted), for a request whose refusal
    another check judges (a proxy's: OC-PROXY-01), so this check fails only its own rule.
    """
    when = f"{what}, sent at {at:%a %d %b %Y %H:%M:%S} London"
    reply = target_of(ctx).submit_request(sub)
    if refusable and reply.status in (400, 422):
        ctx.note(f"{when} was refused (HTTP {reply.status}): left out here")
        return
    ack = require(reply, f"submitting {when}", status=201)
    _before_triage(ctx, ack, when)
    sent.append((what, ack))


def _unknown_references(ctx: CheckContext, reference: str) -> None:
    """Both routes answer 404 for a reference no request has."""
    target = target_of(ctx)
    sub = OutcomeSubmission(kind=OutcomeKind.SELF_CARE_ADVICE, message="Unknown reference.")
    for method, template, body in (("GET", STATUS, None), ("POST", RECORD, to_json(sub))):
        path = template.replace("{reference}", quote(reference, safe=""))
        status = target.send_raw(method, path, body).status
        ctx.expect(
            status == 404,
            f"{method} {template} for a reference no request has: expected HTTP 404, "
            f"received HTTP {status}",
        )
