"""References to things that do not exist are refused (group `channels`).

The contract: 404 for an unknown reference, and for ``POST /messages`` "404 when
in_reply_to names no message". A tool that instead starts a new thread, reads
back some other record, or opens a room on demand, files data under a link
nobody made. So every channel operation that takes a reference is sent ones
that name nothing: shaped like the tool's own (built from a reference it just
issued, so an ID scheme of any kind is covered: sequence numbers, hex, UUIDs),
the tool's own reference in the other case (references are exact, case
included), a reference the tool issued for another kind of thing, and shapes of no
reference at all (a word, a UUID, the longest the path pattern allows, the
empty string, text with spaces).

Each must be refused with a 4xx (404 is what the contract names; which 4xx is
how a tool refuses, robustness's concern): a 2xx accepts a link to nothing and
breaks the operation's MUST; a 5xx is no refusal the contract allows either.
Failure messages name the shape, never the value sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any

from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    MessageSubmission,
    Participant,
    VideoJoinRequest,
    VideoSessionRequest,
)
from gponline_sdk.conformance.core import CheckContext, CheckSkipped, check
from gponline_sdk.conformance.target import BadResponse, Reply
from gponline_sdk.models import MessageDirection, RequestCategory

__all__ = [
    "lookalike_references",
    "partial_references",
    "records_not_requests",
    "unknown_references",
    "wildcard_references",
]

_PATIENT = MessageDirection.PATIENT_TO_PRACTICE
_PRACTICE = MessageDirection.PRACTICE_TO_PATIENT
_DAY = date(2026, 12, 1)  # a Tuesday: the video session is booked for it, the clock before it
_LONGEST = 64  # the path parameters' pattern allows references of 1 to 64 characters
# References of no tool's shape. Each matches the path parameters' pattern
# (^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$), so a 404 is the only right answer.
_FOREIGN = (
    ("a UUID", "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"),
    ("a word", "no-such-reference"),
    ("the longest reference the path pattern allows (64 characters)", "Z" + "9" * 63),
)
# Shapes only a body field can carry (in_reply_to has no pattern): still no message.
_BODY_ONLY = (("an empty string", ""), ("text with spaces", "no such message!"))


def _other_letter(c: str) -> str:
    """Another letter of the same class and case: a-f stay hex digits, g-z stay out of hex."""
    if not (c.isascii() and c.isalpha()):
        return c
    base = ord("a") if c.islower() else ord("A")
    at = ord(c) - base
    return chr(base + ((at + 3) % 6 if at < 6 else 6 + (at - 6 + 10) % 20))


def wildcard_references(issued: str) -> list[tuple[str, str]]:
    """(2.11.0) `issued` with '_' for each hyphen and for its last character.

    SQL's LIKE reads '_' as any one character: a tool finding records `WHERE reference
    LIKE ?` finds `issued`'s record for them. Each that differs from `issued`, and keeps a
    letter or digit first (a reference's first character).
    """
    out = [("'_' (an SQL LIKE wildcard) for each hyphen", issued.replace("-", "_"))]
    if len(issued) > 1:
        out.append(("'_' (an SQL LIKE wildcard) for its last character", issued[:-1] + "_"))
    return [(f"the tool's own reference with {shape}", ref) for shape, ref in out if ref != issued]


def partial_references(issued: str) -> list[tuple[str, str]]:
    """(2.12.0) `issued` cut short, and `issued` with a format suffix ('.json', '.xml').

    A reference names a record only whole: a tool that finds a record by a unique prefix
    (as git finds a commit) finds `issued`'s for its first characters, and one whose router
    reads a trailing '.json' as the answer's format (Rails' format routes) for `issued` with
    it, though the path pattern allows the dot and no such reference was issued.
    """
    out = []
    if len(issued) > 1:
        out.append(("its last character cut off (a prefix)", issued[:-1]))
    if len(issued) > 7:
        out.append(("only its first six characters (a prefix)", issued[:6]))
    for suffix in (".json", ".xml"):
        out.append((f"'{suffix}' after it (a format suffix)", (issued + suffix)[:_LONGEST]))
    return [(f"the tool's own reference with {shape}", ref) for shape, ref in out if ref != issued]


def unknown_references(issued: str, others: dict[str, str]) -> list[tuple[str, str]]:
    """(shape, reference) pairs naming nothing, built around a reference the tool issued.

    Args:
        issued: A reference the tool issued for the kind under test.
        others: References the tool issued for other kinds, by what they are.

    Made to name nothing whatever the tool's scheme: sequence numbers only grow, and
    `issued` is the newest, so raising every digit to 9 (same length) or adding a
    character gives a number not reached yet; random IDs (hex, UUIDs) have letters
    swapped for others of their class (hex stays hex): same length, same separators.
    And `issued` itself with its letters' case swapped, with O and 0 swapped, and with I, L
    and 1 swapped (`lookalike_references`, 2.5.0 for these kinds): references are exact
    strings, so a tool that looks them up ignoring case or folding look-alikes finds a
    record for them.
    """
    digits = "".join("9" if c.isdigit() else c for c in issued)
    letters = "".join(_other_letter(c) for c in issued)
    out = [("the tool's own shape, its digits changed", digits)]
    if len(issued) < _LONGEST:  # (round 16) never past the path pattern's 64 characters
        out.append(("the tool's own shape, one character longer", issued + (issued[-1:] or "0")))
    if letters != issued:
        out.append(("the tool's own shape, its letters changed", letters))
    out += lookalike_references(issued)  # references are exact: a look-alike names nothing
    out += wildcard_references(issued)  # nor does a pattern that matches it
    out += partial_references(issued)  # nor does a part of it, or it with a format suffix
    out += [(f"the reference of {what}", ref) for what, ref in others.items()]
    out += list(_FOREIGN)
    # Each reference once (a short one's wildcard forms can coincide: "00-" gives "00_" twice).
    kept: dict[str, str] = {}
    for shape, ref in out:
        if ref != issued:
            kept.setdefault(ref, shape)
    return [(shape, ref) for ref, shape in kept.items()]


# Characters a person reading a reference aloud or typing it from a letter confuses (round
# 9): each class's characters are replaced by another of the class.
_LOOKALIKES = (("O0", str.maketrans("Oo0", "00O")), ("I1L", str.maketrans("IiLl1", "1111I")))


def lookalike_references(issued: str) -> list[tuple[str, str]]:
    """(shape, reference) pairs that only look like `issued`: none of them names its record.

    References are exact, character for character (contract 2.4.0 [SDK]): `issued` with its
    letters' case swapped, with O and 0 swapped for each other, and with I, L and 1 swapped
    for each other (I and L become 1, 1 becomes I), each one that differs from `issued`. A
    tool that folds case or Crockford-style look-alikes finds a record for them.
    """
    out = [("its letters' case swapped", issued.swapcase())]
    out += [
        (f"{chars} look-alikes swapped", issued.translate(table)) for chars, table in _LOOKALIKES
    ]
    seen = {issued}
    kept = []
    for shape, ref in out:
        if ref not in seen:
            seen.add(ref)
            kept.append((f"the tool's own reference with {shape}", ref))
    return kept


def _status(call: Callable[[], Reply[Any]]) -> int:
    """The status of the answer (a 2xx whose body breaks the schema counts as 200)."""
    try:
        return call().status
    except BadResponse:
        # An answer off the contract's schema is still an acceptance if it is a 2xx; the
        # clients raise only for bodies they cannot read, which a refusal's need not be.
        return 200


_Found = list[tuple[str, str, int]]  # (what was asked, the reference's shape, the status)


def _judge(what: str, shape: str, status: int) -> _Found:
    """The answer, if it is no refusal: 404 is the contract's, any 4xx refuses."""
    return [] if 400 <= status < 500 else [(what, shape, status)]


def _expect_refused(ctx: CheckContext, found: _Found, asked: int, other: list[str]) -> None:
    """Fail naming, for each kind of call, the statuses and shapes that were not refused."""
    lines: list[str] = []
    for what in dict.fromkeys(w for w, _, _ in found):
        mine = [(shape, status) for w, shape, status in found if w == what]
        statuses = ", ".join(sorted({str(status) for _, status in mine}))
        shapes = "; ".join(shape for shape, _ in mine[:3])
        more = f"; and {len(mine) - 3} more" if len(mine) > 3 else ""
        lines.append(
            f"{what}: expected HTTP 404, received HTTP {statuses} for {len(mine)} of the "
            f"{asked} references naming nothing ({shapes}{more})"
        )
    lines += other
    ctx.expect(not lines, "; ".join(lines))


def _first_message(ctx: CheckContext, tries: list[MessageSubmission]) -> str:
    """The reference of the first of `tries` the tool takes (SKIP if it takes none)."""
    for sub in tries:
        reply = target_of(ctx).send_message(sub)
        if reply.status == 201 and reply.value is not None:
            return reply.value.reference
    # The single-message checks fail a tool that takes no message; nothing to shape on.
    raise CheckSkipped("sending a secure message either way: the tool answered no HTTP 201")


def _records_not_messages(ctx: CheckContext, canaries: Canaries) -> dict[str, str]:
    """(2.3.0) A request's and a video session's references: records, but no messages.

    A reply's in_reply_to names a message: a request's reference there is no message (a
    reply about a request names it in about_request), nor is a session's.
    """
    target = target_of(ctx)
    found: dict[str, str] = {}
    with clock_at(ctx, london(_DAY, 10, 0)):
        sub = canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST)
        ack = target.submit_request(sub)
        if ack.status == 201 and ack.value is not None:
            found["an online consultation request"] = ack.value.reference
        session = target.schedule_video(
            VideoSessionRequest(
                practice_code=canaries.environment.practice_code,
                scheduled_start=london(_DAY, 16, 0),
                duration_minutes=10,
            )
        )
        if session.status == 201 and session.value is not None:
            found["a video session"] = session.value.reference
    return found  # the request and video checks fail a tool that takes neither


def records_not_requests(ctx: CheckContext, canaries: Canaries, start: datetime) -> dict[str, str]:
    """(2.11.0) A contact details update's and a video session's references, by what they are.

    Records of the tool's, but no online consultation request: an about_request naming one
    names no request. The session is booked at `start` (after the tool's clock); either is
    left out if the tool does not take it (their own checks judge that). The clock is not
    touched.
    """
    found = _other_kinds(ctx, canaries)
    session = target_of(ctx).schedule_video(
        VideoSessionRequest(
            practice_code=canaries.environment.practice_code,
            scheduled_start=start,
            duration_minutes=10,
        )
    )
    if session.status == 201 and session.value is not None:
        found["a video session"] = session.value.reference
    return found


def _other_kinds(ctx: CheckContext, canaries: Canaries) -> dict[str, str]:
    """A contact details update's reference, to stand for a reference of another kind."""
    reply = target_of(ctx).update_contact_details(
        ContactDetailsSubmission(
            practice_code=canaries.environment.practice_code,
            patient=canaries.patient(),
            contact=canaries.contact(),
        )
    )
    if reply.status == 201 and reply.value is not None:
        return {"a contact details update": reply.value.reference}
    return {}  # the contact details checks fail such a tool; this one tests the rest


@check(
    "channels.message-unknown-references",
    title="A reply to a message that does not exist is refused, either way",
    requirements=["MSG-IN-01", "MSG-OUT-01"],
    group="channels",
)
def message_unknown_references(ctx: CheckContext) -> None:
    """Replies naming no message are refused (404), from either side; so are thread reads.

    One real message is sent to learn the tool's reference shape; then each unknown
    reference is sent as in_reply_to by the patient and by the practice, and read as
    a thread. The real thread must still hold its one message. (2.3.0) A request's and a
    video session's references are among them: records, but no messages.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "unknown-references")
    code = canaries.environment.practice_code

    def message(direction: MessageDirection, in_reply_to: str | None) -> MessageSubmission:
        body = canaries.text(f"Conformance suite message, {direction.value}")
        return MessageSubmission(
            practice_code=code, direction=direction, body=body, in_reply_to=in_reply_to
        )

    first = _first_message(ctx, [message(d, None) for d in (_PATIENT, _PRACTICE)])
    others = _other_kinds(ctx, canaries) | _records_not_messages(ctx, canaries)
    unknown = unknown_references(first, others)
    unknown += [(s, r) for s, r in _BODY_ONLY]
    ctx.note(
        f"request budget: {3 * len(unknown) + 8} (environment; a message; a contact details "
        "update; a clock, a request, a video session and a release; for each of "
        f"{len(unknown)} unknown references a reply from each side and a thread read; the "
        "real thread read)"
    )
    problems: _Found = []
    for shape, ref in unknown:
        for direction in (_PATIENT, _PRACTICE):
            sub = message(direction, ref)
            status = _status(partial(target.send_message, sub))
            who = "the patient" if direction is _PATIENT else "the practice"
            problems += _judge(f"a reply from {who} naming no message", shape, status)
        status = _status(partial(target.message_thread, ref))
        problems += _judge("reading a thread that does not exist", shape, status)
    thread = require(target.message_thread(first), "reading the real thread")
    other = []
    if len(thread.messages) != 1:
        other.append(
            f"the thread of the message sent: expected its 1 message, received "
            f"{len(thread.messages)} (refused replies must not join it)"
        )
    _expect_refused(ctx, problems, len(unknown), other)


@check(
    "channels.contact-details-unknown-reference",
    title="Reading a contact details update that does not exist is refused",
    requirements=["CD-UPD-01"],
    group="channels",
)
def contact_unknown_reference(ctx: CheckContext) -> None:
    """Each unknown reference read as a contact details update gets 404, not another's."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "unknown-contact")
    others = _other_kinds(ctx, canaries)
    if not others:
        # The contact details update check fails such a tool; nothing to shape references on.
        raise CheckSkipped("sending a contact details update: the tool did not answer HTTP 201")
    issued = others.pop("a contact details update")
    sub = MessageSubmission(
        practice_code=canaries.environment.practice_code,
        direction=_PATIENT,
        body=canaries.text("Conformance suite message"),
    )
    sent = target.send_message(sub)
    if sent.status == 201 and sent.value is not None:
        others["a secure message"] = sent.value.reference
    unknown = unknown_references(issued, others)
    ctx.note(f"request budget: {len(unknown) + 3} (environment; an update; a message; reads)")
    problems: _Found = []
    for shape, ref in unknown:
        status = _status(partial(target.practice_contact_details, ref))
        problems += _judge("reading a contact details update that does not exist", shape, status)
    _expect_refused(ctx, problems, len(unknown), [])


@check(
    "channels.video-unknown-reference",
    title="Reading or joining a video session that does not exist is refused",
    requirements=["VC-SCHED-01"],
    group="channels",
)
def video_unknown_reference(ctx: CheckContext) -> None:
    """Each unknown session reference gets 404 when read and when joined, by either side."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "unknown-video")
    problems: _Found = []
    # The clock is set so the session starts after the tool's now, whatever today is.
    with clock_at(ctx, london(_DAY, 10, 0)):
        booked = target.schedule_video(
            VideoSessionRequest(
                practice_code=canaries.environment.practice_code,
                scheduled_start=london(_DAY, 14, 0),
                duration_minutes=15,
            )
        )
        if booked.status != 201 or booked.value is None:
            # The video check fails such a tool; nothing to shape references on.
            raise CheckSkipped(f"scheduling a video session: HTTP {booked.status}, not 201")
        unknown = unknown_references(booked.value.reference, _other_kinds(ctx, canaries))
        ctx.note(
            f"request budget: {3 * len(unknown) + 5} (environment; clock; a session; an "
            f"update; for each of {len(unknown)} unknown references a read and a join by "
            "each side; clock release)"
        )
        for shape, ref in unknown:
            status = _status(partial(target.video_session, ref))
            problems += _judge("reading a video session that does not exist", shape, status)
            for who in (Participant.PATIENT, Participant.PROFESSIONAL):
                join = VideoJoinRequest(participant=who)
                status = _status(partial(target.join_video, ref, join))
                what = f"the {who.value} joining a session that does not exist"
                problems += _judge(what, shape, status)
    _expect_refused(ctx, problems, len(unknown), [])
