"""Secure messaging duties (group `channels`): written replies to requests, and proxies.

SI 2021/995 inserts GMS regulation 71ZE: the practice must be able to answer, in
writing, a request made through the online consultation tool, and the patient, or
someone acting for them, must be able to write to the practice and read its answers.

The contract carries both on ``POST /messages``: ``about_request`` names the
online consultation request a message is about (the practice's written reply), and
``requester`` says who wrote a patient-side message (the patient, or a proxy with
their name and relationship). A tool keeps both and shows them, as sent, on the
message in the 201 answer and in the thread (``GET /messages?thread=REF``).

`request_replies` (MSG-REPLY-01) submits requests in three categories, then the
practice answers each in writing, newest request first (so a tool that links a
reply to "the latest request" shows), one thread going on to a patient's answer and
a second reply. Each thread is read back: every message is there, body byte for byte,
each reply linked to its request. Replies naming requests that do not exist (shapes
built from a reference the tool issued, a message's reference, foreign shapes, the
empty string) must be refused with a 4xx (404, or 422).

`proxy_messages` (MSG-PROXY-01) has three proxies (a parent for a child born in 2019,
a carer for an adult of 85, an attorney whose relationship is a long text outside
ASCII) each submit a request for the patient, then write and read the practice's
reply, in a different order each time. The thread shows each proxy message with its
requester exactly as sent, and the practice's reply to it.

Messages are looked up in a thread by reference: the order and sent_at of a thread
are the MSG-IN-01/MSG-OUT-01 checks' (`messaging.py`). A message of the side a check
does not verify only sets the conversation up: a refusal of it is SKIP, not FAIL.
Failure messages name fields; bodies, names and relationships are never shown.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from urllib.parse import quote

import attrs

from gponline_sdk.conformance.checks._support import (
    Canaries,
    london,
    offered,
    require_harness,
    target_of,
)
from gponline_sdk.conformance.checks.messaging._common import (
    ORDINAL,
    PATIENT,
    PRACTICE,
    differences,
    post,
)
from gponline_sdk.conformance.checks.unknown_refs import records_not_requests, unknown_references
from gponline_sdk.conformance.contract import (
    MessageSubmission,
    OutcomeSubmission,
    RequestSubmission,
)
from gponline_sdk.conformance.core import CheckContext, CheckFailed, CheckSkipped, check
from gponline_sdk.conformance.target import BadResponse
from gponline_sdk.models import (
    OutcomeKind,
    RequestCategory,
    Requester,
    RequesterRole,
    SecureMessage,
)
from gponline_sdk.serde import to_json

__all__: list[str] = []

_NOW = london(date(2026, 12, 2), 11, 20)  # a Wednesday, in core hours: requests are taken
# What a practice writes back: long, multi-line (LF and CRLF), a link, a character outside
# Latin-1; the patient must read each reply exactly as written.
_REPLIES = {
    RequestCategory.CLINICAL_REQUEST: (
        "Dear patient,\r\nDr Okafor has read your request about the pain in your knee.\r\n"
        "Please book a face-to-face appointment this week; until then rest it, and see\n"
        "https://www.nhs.uk/conditions/knee-pain/ for what to do if it swells.\n\n"
        "Kind regards,\nThe surgery team"
    ),
    RequestCategory.ADMINISTRATIVE_REQUEST: (
        "Hello,\nyour fit note (statement of fitness for work) for 2 weeks is ready:\r\n"
        "collect it from reception, or we can send it to the NHS App — tell us which.\n"
        "Reception, Mon\u2013Fri 08:00\u201318:30"
    ),
    RequestCategory.ASK_QUESTION: (
        "Yes: you can take paracetamol with your amlodipine.\n"
        "Take no more than 2 tablets (2 \u00d7 500 mg) at a time, 4 times in 24 hours.\r\n\r\n"
        "Could you tell us whether the swelling in your ankles has gone down?"
    ),
}
# Three proxies: (relationship, date of birth of the patient, the order of the thread's
# messages: P the proxy, X the practice). The last relationship is long and not ASCII.
_PROXIES: tuple[tuple[str, date, str], ...] = (
    ("mother", date(2019, 3, 14), "PXP"),
    ("carer", date(1941, 7, 2), "XPP"),
    (
        "attorney (lasting power of attorney, health & welfare) — her step-daughter, Łódź",
        date(1958, 11, 30),
        "PPX",
    ),
)


def _submit(ctx: CheckContext, sub: RequestSubmission, what: str) -> str:
    """Submit a request (setting the conversation up: a refusal is SKIP); its reference."""
    reply = target_of(ctx).submit_request(sub)
    if reply.status != 201 or reply.value is None:
        raise CheckSkipped(
            f"submitting {what}: the tool answered HTTP {reply.status}, expected HTTP 201; "
            "the conversation could not be set up (the request checks judge that)"
        )
    return reply.value.reference


def _send(ctx: CheckContext, sub: MessageSubmission, what: str, *, setup: bool) -> SecureMessage:
    """Send a message; the message the tool must hold (its 201 answer compared with it).

    Its `sent_at` is the tool's own: the thread checks of `exchange` judge sent_at.
    """
    return post(ctx, sub, what, setup=setup, sent_at=None, fields=_fields(sub, setup))


def _fields(sub: MessageSubmission, setup: bool) -> tuple[str, ...]:
    """The fields a check verifies on a message: a set-up message's link is not its duty."""
    base = ("direction", "body", "in_reply_to")
    if setup:
        return base
    return (*base, "about_request", "requester") if sub.requester else (*base, "about_request")


def _expect_thread(
    ctx: CheckContext, sent: Sequence[SecureMessage], fields: Sequence[Sequence[str]], what: str
) -> None:
    """Read the thread by its first message: `sent` and nothing else, its `fields` as sent.

    (2.7.0 [SDK]) Nothing else: a message of another thread, even one about the same
    request, is another conversation (and may be another writer's).
    """
    try:
        reply = target_of(ctx).message_thread(sent[0].reference)
    except BadResponse as exc:
        raise CheckFailed(f"reading {what}: {exc}") from None
    if reply.status != 200 or reply.value is None:
        raise CheckFailed(
            f"reading {what} by its first message: the tool answered HTTP {reply.status}, "
            "expected HTTP 200"
        )
    held = {m.reference: m for m in reply.value.messages}
    problems: list[str] = []
    for i, (expected, names) in enumerate(zip(sent, fields, strict=True)):
        who = "the practice's" if expected.direction is PRACTICE else "the patient-side"
        seen = held.get(expected.reference)
        if seen is None:
            problems.append(
                f"messages: {who} message {expected.reference} (the {ORDINAL[i]} sent) is "
                f"missing; expected the {len(sent)} messages sent, received "
                f"{len(reply.value.messages)}"
            )
            continue
        problems += differences(seen, expected, f"{what}, message {expected.reference}", names)
    extra = [m for m in reply.value.messages if m.reference not in {e.reference for e in sent}]
    if extra:
        abouts = sorted({m.about_request for m in extra if m.about_request is not None})
        problems.append(
            f"messages: {what} holds {len(extra)} message(s) never sent in it"
            + (f" (about request {', '.join(abouts)})" if abouts else "")
            + f"; expected only the {len(sent)} sent in this thread"
        )
    more = f" (and {len(problems) - 4} more)" if len(problems) > 4 else ""
    ctx.expect(not problems, "; ".join(problems[:4]) + more)


@contextlib.contextmanager
def _frozen(ctx: CheckContext) -> Iterator[None]:
    """Freeze the tool's clock at `_NOW` (core hours) for the check, then release it."""
    require_harness(target_of(ctx).set_clock(_NOW), "setting the test clock (PUT /test/clock)")
    try:
        yield
    finally:
        target_of(ctx).release_clock()


@check(
    "channels.message-replies-to-requests",
    title="The practice can reply in writing to an online consultation request",
    requirements=["MSG-REPLY-01"],
    group="channels",
)
def request_replies(ctx: CheckContext) -> None:
    """Written replies to three requests reach their threads, linked; unknown links refused."""
    canaries = Canaries(ctx, "request-replies")
    code = canaries.environment.practice_code
    # Each reply's request is of a category the tool offers (a question becomes health
    # advice where questions, a SHOULD, are not offered); the reply is keyed as written.
    sendable = offered(ctx)
    with _frozen(ctx):
        subs = {category: canaries.submission(sendable.of(category)) for category in _REPLIES}
        refs = {
            category: _submit(ctx, sub, f"a request ({sub.category.value})")
            for category, sub in subs.items()
        }
        # (2.4.0) A request the practice has recorded an outcome for is still a request the
        # tool holds: replies about it are taken and keep its reference (no case closes).
        closed = _record_outcomes(ctx, refs)
        # (2.4.0) A follow-up is a request of its own: a reply about it names it, not the
        # request it follows up.
        targets = dict(refs)
        if sendable.only([RequestCategory.FOLLOW_UP]):
            clinical = subs[RequestCategory.CLINICAL_REQUEST]
            follow = canaries.submission(
                RequestCategory.FOLLOW_UP,
                patient=clinical.patient,
                follows_up=refs[RequestCategory.CLINICAL_REQUEST],
            )
            targets[RequestCategory.FOLLOW_UP] = _submit(ctx, follow, "a follow-up")
        threads: dict[RequestCategory, list[SecureMessage]] = {}
        # Newest request first: a tool linking a reply to the latest request shows.
        for category in reversed(list(targets)):
            body = canaries.text(f"Reply to a request ({category.value})") + "\r\n"
            body += _REPLIES.get(category, _REPLIES[RequestCategory.CLINICAL_REQUEST])
            sub = MessageSubmission(
                practice_code=code, direction=PRACTICE, body=body, about_request=targets[category]
            )
            state = " with an outcome" if category in closed else ""
            # (2.12.0) The clinician reads the request, then replies: reading it locks nothing.
            # What the read answers is the request checks' to judge (noted if not 200).
            try:
                read = target_of(ctx).practice_request(targets[category]).status
            except BadResponse:
                read = 200  # a body off the schema: still a read, and the request checks' to judge
            if read != 200:
                ctx.note(f"the practice reading a request ({category.value}){state}: HTTP {read}")
            threads[category] = [
                _send(
                    ctx,
                    sub,
                    f"the practice replying to a request ({category.value}){state}",
                    setup=False,
                )
            ]
        # The question's thread goes on: the patient answers, the practice replies again.
        question = threads[RequestCategory.ASK_QUESTION]
        answer = MessageSubmission(
            practice_code=code,
            direction=PATIENT,
            body=canaries.text("The patient answers the practice's reply"),
            in_reply_to=question[-1].reference,
        )
        question.append(_send(ctx, answer, "the patient answering a reply", setup=True))
        again = MessageSubmission(
            practice_code=code,
            direction=PRACTICE,
            body=canaries.text("The practice replies again about the question"),
            in_reply_to=question[-1].reference,
            about_request=refs[RequestCategory.ASK_QUESTION],
        )
        question.append(_send(ctx, again, "the practice's second reply in a thread", setup=False))
        for category, sent in threads.items():
            fields = [_fields_of(m) for m in sent]
            _expect_thread(
                ctx, sent, fields, f"the thread of the reply to a request ({category.value})"
            )
        issued = refs[RequestCategory.CLINICAL_REQUEST]
        # (2.11.0) A contact details update's and a video session's references: records of
        # the tool's, but no request (one index of every "case" finds them).
        others = {
            "a secure message": question[0].reference,
            **records_not_requests(ctx, canaries, _NOW + timedelta(days=1)),
        }
        unknown = [*unknown_references(issued, others), ("an empty string", "")]
        extra = len(targets) - len(refs)
        ctx.note(
            f"request budget: {2 * len(unknown) + 22 + 4 * extra} (environment; "
            f"capabilities; clock; 3 requests; 2 outcomes; a contact details update and a "
            f"video session; {extra} follow-up(s); {3 + extra} practice reads; "
            f"{5 + extra} messages; {3 + extra} thread reads; {2 * len(unknown)} messages "
            "naming no request, each direction; clock release)"
        )
        accepted: list[str] = []
        # The contract refuses an about_request naming no request whoever sends it: a patient
        # writing "about my request" names one too, and a dangling link misleads the practice.
        for (shape, ref), direction in itertools.product(unknown, (PRACTICE, PATIENT)):
            sub = MessageSubmission(
                practice_code=code,
                direction=direction,
                body=canaries.text("Reply"),
                about_request=ref,
            )
            try:
                status = target_of(ctx).send_message(sub).status
            except BadResponse:
                status = 200  # a 2xx whose body breaks the schema still took the link
            if not 400 <= status < 500:
                accepted.append(f"{shape}, {direction.value} (HTTP {status})")
        ctx.expect(
            not accepted,
            f"about_request: expected HTTP 404 (or 422) for a message naming no request, in "
            f"either direction, received another answer for {len(accepted)} of the "
            f"{2 * len(unknown)} sent: " + "; ".join(accepted[:3]),
        )


# (2.4.0) The outcomes recorded before the practice replies in writing: two requests of the
# three, of kinds that a written reply often follows (the question's stays open).
_OUTCOMES = {
    RequestCategory.CLINICAL_REQUEST: OutcomeKind.APPOINTMENT_PHONE,
    RequestCategory.ADMINISTRATIVE_REQUEST: OutcomeKind.ADMIN_COMPLETED,
}
_RECORD = "/practice/requests/{reference}/outcome"


def _record_outcomes(ctx: CheckContext, refs: dict[RequestCategory, str]) -> set[RequestCategory]:
    """Record `_OUTCOMES`; the categories whose outcome was taken (201).

    Setting the conversation up: an outcome refused is the outcome checks' to judge, and
    the reply to that request is then a reply to an open one.
    """
    taken: set[RequestCategory] = set()
    for category, kind in _OUTCOMES.items():
        path = _RECORD.replace("{reference}", quote(refs[category], safe=""))
        body = OutcomeSubmission(kind=kind, message=f"Outcome: {kind.value}.")
        status = target_of(ctx).send_raw("POST", path, to_json(body)).status
        if status == 201:
            taken.add(category)
        else:
            ctx.note(
                f"recording outcome {kind.value}: HTTP {status} (the reply goes to an open one)"
            )
    return taken


def _fields_of(message: SecureMessage) -> tuple[str, ...]:
    """What MSG-REPLY-01 verifies on a message of a reply thread (the patient's: set-up)."""
    if message.direction is PATIENT:
        return ("direction", "body", "in_reply_to")
    return ("direction", "body", "in_reply_to", "about_request")


@check(
    "channels.message-proxies",
    title="Someone acting for the patient can write to the practice and read its replies",
    requirements=["MSG-PROXY-01"],
    group="channels",
)
def proxy_messages(ctx: CheckContext) -> None:
    """Three proxies write and read replies; the thread shows each requester as sent."""
    canaries = Canaries(ctx, "proxy-messages")
    code = canaries.environment.practice_code
    ctx.note(
        "request budget: 27 (environment; clock; for each of 3 proxies a request, "
        "3 messages and a thread read; a request of the patient's own; 2 messages about a "
        "request someone else sent, each with a thread read; a thread of 3 messages from the "
        "proxy, the practice and the patient, and its read; clock release)"
    )
    requests: list[tuple[str, RequestSubmission]] = []
    with _frozen(ctx):
        for relationship, born, order in _PROXIES:
            patient = attrs.evolve(canaries.patient(), date_of_birth=born)
            writer = canaries.patient()  # a name as varied as patients' (outside Latin-1)
            requester = Requester(
                role=RequesterRole.PROXY,
                proxy_name=f"{writer.given_name} {writer.family_name}",
                relationship=relationship,
            )
            what = f"a request from a proxy ({_kind(relationship)})"
            made = canaries.submission(
                RequestCategory.CLINICAL_REQUEST, patient=patient, requester=requester
            )
            request = _submit(ctx, made, what)
            requests.append((request, made))
            sent: list[SecureMessage] = []
            fields: list[tuple[str, ...]] = []
            for turn, side in enumerate(order):
                proxy = side == "P"
                sub = MessageSubmission(
                    practice_code=code,
                    direction=PATIENT if proxy else PRACTICE,
                    body=canaries.text(f"Message {turn + 1} of a thread with a proxy"),
                    in_reply_to=sent[-1].reference if sent else None,
                    # The thread's first message names the request it is about.
                    about_request=None if sent else request,
                    requester=requester if proxy else None,
                )
                label = (
                    f"the proxy ({_kind(relationship)}) writing"
                    if proxy
                    else f"the practice replying to a proxy ({_kind(relationship)})"
                )
                sent.append(_send(ctx, sub, label, setup=not proxy))
                fields.append(_fields(sub, not proxy))
            _expect_thread(ctx, sent, fields, f"the thread with a proxy ({_kind(relationship)})")
        namesake = requests[0][1].requester.proxy_name
        _crossed(ctx, canaries, requests[1], namesake)


def _crossed(
    ctx: CheckContext,
    canaries: Canaries,
    proxied: tuple[str, RequestSubmission],
    namesake: str | None,
) -> None:
    """(2.4.0) A message's requester is the one it was sent with, not its request's.

    The patient writes about the request their carer sent; a proxy writes about a request
    the patient sent themselves. Each message shows the requester it was sent with.
    (2.11.0) That proxy has the first proxy's name and another relationship (two people
    of one name): a tool keeping proxies by name shows the first one's relationship.
    """
    code = canaries.environment.practice_code
    reference, made = proxied
    own = _submit(
        ctx,
        canaries.submission(RequestCategory.CLINICAL_REQUEST, patient=made.patient),
        "a request the patient sent themselves",
    )
    writer = canaries.patient()
    stranger = Requester(
        role=RequesterRole.PROXY,
        proxy_name=namesake or f"{writer.given_name} {writer.family_name}",
        relationship="son",
    )
    for about, requester, what in (
        (
            reference,
            Requester(role=RequesterRole.PATIENT),
            "the patient writing about a request their carer sent",
        ),
        (own, stranger, "a proxy (son) writing about a request the patient sent themselves"),
    ):
        sub = MessageSubmission(
            practice_code=code,
            direction=PATIENT,
            body=canaries.text("A message about a request someone else sent"),
            about_request=about,
            requester=requester,
        )
        sent = _send(ctx, sub, what, setup=False)
        _expect_thread(ctx, [sent], [_fields(sub, setup=False)], f"the thread of {what}")
    _mixed_thread(ctx, canaries, reference, made.requester)


def _mixed_thread(ctx: CheckContext, canaries: Canaries, about: str, proxy: Requester) -> None:
    """(Round 11) One thread, two writers: the proxy, the practice, then the patient.

    Each patient-side message shows the requester it was sent with, not the thread's
    first writer's.
    """
    code = canaries.environment.practice_code
    plan = (
        (PATIENT, proxy, "the proxy opening a thread"),
        (PRACTICE, None, "the practice replying in it"),
        (PATIENT, Requester(role=RequesterRole.PATIENT), "the patient replying in it themselves"),
    )
    sent: list[SecureMessage] = []
    fields: list[tuple[str, ...]] = []
    for direction, requester, what in plan:
        sub = MessageSubmission(
            practice_code=code,
            direction=direction,
            body=canaries.text("A thread written by a proxy and the patient"),
            in_reply_to=sent[-1].reference if sent else None,
            about_request=None if sent else about,
            requester=requester,
        )
        setup = direction is PRACTICE
        sent.append(_send(ctx, sub, what, setup=setup))
        fields.append(_fields(sub, setup))
    _expect_thread(ctx, sent, fields, "a thread the proxy opened and the patient replied in")


def _kind(relationship: str) -> str:
    """The proxy's kind for a failure message (never the long text, which a proxy typed)."""
    return relationship.split(" ", 1)[0]
