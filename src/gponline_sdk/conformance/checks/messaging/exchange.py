"""Secure messaging checks (group `channels`): single messages, and threads both ways.

What the contract says: ``POST /messages`` stores a message either way and
answers 201 with it (``sent_at`` is the tool's now, the test clock here); a reply
names the message it answers in ``in_reply_to``; ``GET /messages?thread=REF``,
REF being the thread's first message, returns every message of the thread,
replies to replies included, oldest first.

The thread checks hold a conversation of several messages, each replying to
the one before, with runs of two and three messages from one side before the
other answers (a patient may write again before the practice replies, and the
practice may send several), with the test clock advanced between messages so
that "oldest first" has exactly one right answer, and read the thread by its first message
after every message (each read must be current: a thread cached at its first read fails),
comparing it message by message with what was sent. Messages sharing one sent_at: see
`ties`. Bodies are canaries:
failure messages say "body differs" (with the lengths if they differ), never the
text. Bodies are as long as real messages, multi-line (LF and CRLF), from 161
characters up to the contract's maxLength, with links, an e-mail address and
tabs, so a tool that stores an SMS-sized body, or rewrites line breaks or links,
shows.

Each thread check verifies the direction it is named for: the messages of the
other direction only set the conversation up, so a tool that refuses those is
SKIP here (the single-message check of that direction fails it), not a second
failure of the wrong requirement.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

import attrs

from gponline_sdk.conformance.checks._support import Canaries, london, require, target_of
from gponline_sdk.conformance.checks.messaging._common import (
    BODY_DIFFERS,
    ORDINAL,
    PATIENT,
    PRACTICE,
    answer,
    differences,
    post,
    refused,
)
from gponline_sdk.conformance.contract import MessageSubmission, MessageThread
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import MessageDirection, SecureMessage
from gponline_sdk.models._validators import SCHEMA_ATTRIBUTE

__all__: list[str] = []

_DAY = date(2026, 12, 1)  # a Tuesday
# Uneven, so that sent_at values share no minute or second pattern a tool could fake.
_GAP = timedelta(minutes=7, seconds=13)
# The contract's maxLength for a message body, read from the model so the two cannot drift.
_SCHEMA = getattr(attrs.fields(MessageSubmission).body.validator, SCHEMA_ATTRIBUTE)
_MAX_BODY: int = _SCHEMA["maxLength"]
# Body lengths in characters: a thread's messages vary as real ones do; the single-message
# checks send a long letter and a body of the contract's maxLength.
_THREAD_LENGTHS = (161, 640, 1_500, 320, 2_400, 900)
_LETTER = 2_000
# Realistic message text: real messages run to paragraphs, with line breaks (LF and CRLF)
# and blank lines, far past an SMS's 160 characters; the suite's bodies must too. They hold
# what tools like to rewrite: links (with a query and a fragment, and one without a
# scheme), an e-mail address, tabs, '&' and '<', a line starting "From " or ".", emoticons:
# the recipient must see each as sent.
_LINES = (
    "Dear Doctor,\n",
    # (2.12.0) Lines an e-mail reply parser strips as quoted text: '>' first, or after spaces.
    "> On Monday you wrote:\n",
    ">> Please book a blood test.\n",
    "  > and bring a urine sample\n",
    "See https://www.nhs.uk/medicines/ramipril/?tab=side-effects&lang=en#dose\t(the leaflet).\n",
    "Please copy my carer, jo.bloggs+gp@example.org, and www.example.org/care?a=1&b=<2>.\r\n",
    "\tTablets:\t5 mg\tmorning\thttp://example.net/t?x=1\n",
    # (2.10.0) What a mail hop or an autoformatter changes: a line starting "From " (mbox
    # escaping) or "." (SMTP dot-stuffing), and emoticons (turned into emoji).
    "From the hospital letter: take them with food.\n",
    ".5 ml at night, as the label says :) thanks ;) not :( or :-( :D <3\n",
    "Thank you for seeing me last week about the results of my blood test.\n",
    "I have been taking the new tablets every morning as you asked, with food.\r\n",
    "\n",
    "Could you tell me whether I need another test before the review next month?\n",
    "My daughter can bring me in on a Tuesday or a Thursday afternoon if that helps.\r\n",
    "Kind regards,\n",
)


@contextlib.contextmanager
def _clock_released(ctx: CheckContext) -> Iterator[None]:
    """Release the tool's clock after the block (each message sets it; see `_send`)."""
    try:
        yield
    finally:
        target_of(ctx).release_clock()


def _body(canaries: Canaries, direction: MessageDirection, length: int) -> str:
    """A body of exactly `length` characters: a canary marker, then realistic lines."""
    head = canaries.text(f"Conformance suite message, {direction.value}") + "\n"
    filler = "".join(itertools.islice(itertools.cycle(_LINES), length // 20 + len(_LINES)))
    return (head + filler)[:length]


def _send(
    ctx: CheckContext,
    canaries: Canaries,
    direction: MessageDirection,
    at: datetime,
    *,
    length: int,
    in_reply_to: str | None = None,
    setup: bool = False,
    body: str | None = None,
) -> SecureMessage:
    """Send one message with the tool's clock at `at`; return the message the tool must hold.

    Args:
        ctx: The check's context.
        canaries: Where the body's unique marker comes from.
        direction: Who sends it.
        at: The tool's now while it is sent: its `sent_at` must be this instant.
        length: The body's length in characters (line breaks included).
        in_reply_to: The message it answers, if a reply.
        setup: The message only sets the conversation up (the direction the check does
            not verify): a refusal is then SKIP, not FAIL.
        body: The body as it is, instead of a canary of `length` characters.
    """
    require(target_of(ctx).set_clock(at), "setting the test clock")
    sub = MessageSubmission(
        practice_code=canaries.environment.practice_code,
        direction=direction,
        body=_body(canaries, direction, length) if body is None else body,
        in_reply_to=in_reply_to,
    )
    what = f"sending a {direction.value} {'reply' if in_reply_to else 'message'}"
    return post(ctx, sub, what, setup=setup, sent_at=at)


def _read_thread(ctx: CheckContext, first: str) -> MessageThread:
    reply = answer(lambda: target_of(ctx).message_thread(first), "reading the thread")
    if reply.status != 200 or reply.value is None:
        raise CheckFailed(
            f"reading the thread by its first message: the tool answered {refused(reply)}, "
            "expected HTTP 200"
        )
    return reply.value


def _expect_thread(ctx: CheckContext, sent: Sequence[SecureMessage], when: str = "") -> bool:
    """Read the thread by its first message; it must hold exactly `sent`, oldest first.

    `when` says which read this is in a failure message. Returns whether it held them.
    """
    problems = _thread_problems(_read_thread(ctx, sent[0].reference), sent)
    more = f" (and {len(problems) - 4} more)" if len(problems) > 4 else ""
    ctx.expect(not problems, when + "; ".join(problems[:4]) + more)
    return not problems


def _thread_problems(thread: MessageThread, sent: Sequence[SecureMessage]) -> list[str]:
    """How `thread` differs from the messages `sent` in it, oldest first (none: empty)."""
    problems: list[str] = []
    if thread.thread != sent[0].reference:
        problems.append(f"thread: expected {sent[0].reference}, received {thread.thread}")
    got = [m.reference for m in thread.messages]
    want = [m.reference for m in sent]
    missing = [
        f"the {ORDINAL[i]} ({m.direction.value})"
        for i, m in enumerate(sent)
        if m.reference not in got
    ]
    if missing:
        problems.append(
            f"messages: expected the {len(sent)} messages sent, received {len(got)}; "
            f"missing {', '.join(missing)} message sent"
        )
    extra = [r for r in got if r not in want]
    if extra:
        problems.append(f"messages: holds {len(extra)} message(s) never sent in this thread")
    doubled = sorted({want.index(r) for r in got if r in want and got.count(r) > 1})
    if doubled:
        names = ", ".join(f"the {ORDINAL[i]}" for i in doubled)
        problems.append(f"messages: expected each message once, received {names} repeated")
    if not (missing or extra or doubled) and got != want:
        i = next(i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w)
        order = ", ".join(str(want.index(r) + 1) for r in got)
        problems.append(
            f"messages[{i}].reference: expected {want[i]} (the {ORDINAL[i]} message sent), "
            f"received {got[i]} (the {ORDINAL[want.index(got[i])]}); not oldest first: "
            f"the thread holds the messages in the order they were sent as {order}"
        )
    if not problems:
        for i, (seen, expected) in enumerate(zip(thread.messages, sent, strict=True)):
            problems += differences(seen, expected, f"messages[{i}]")
        # One line for every changed body: the bodies themselves are never shown.
        bodies = [p.removesuffix(BODY_DIFFERS) for p in problems if p.endswith(BODY_DIFFERS)]
        if len(bodies) > 1:
            problems = [p for p in problems if not p.endswith(BODY_DIFFERS)]
            body_fields = [b.split(" (", 1)[0] for b in bodies]
            sizes = "; lengths differ" if any(" (" in b for b in bodies) else ""
            problems.append(
                f"{', '.join(body_fields)} differ from the bodies sent "
                f"(compared byte for byte{sizes})"
            )
    return problems


def _conversation(
    ctx: CheckContext,
    label: str,
    directions: Sequence[MessageDirection],
    verified: MessageDirection,
) -> None:
    """Hold a conversation (each message replying to the one before), then read it back."""
    canaries = Canaries(ctx, label)
    ctx.note(
        f"request budget: {3 * len(directions) + 2} (environment; clock, send and thread read "
        f"for each of the {len(directions)} messages; clock release)"
    )
    sent: list[SecureMessage] = []
    earlier: str | None = None
    start = london(_DAY, 13, 0)
    with _clock_released(ctx):
        for i, direction in enumerate(directions):
            sent.append(
                _send(
                    ctx,
                    canaries,
                    direction,
                    start + i * _GAP,
                    length=_THREAD_LENGTHS[i % len(_THREAD_LENGTHS)],
                    in_reply_to=sent[-1].reference if sent else None,
                    setup=direction is not verified,
                )
            )
            # Read after every message, as both sides do: each read must be current (a
            # thread cached at its first read loses every later reply). The final read's
            # differences are the ones reported; an earlier read's only if it alone differs.
            if earlier is None and i + 1 < len(directions):
                found = _thread_problems(_read_thread(ctx, sent[0].reference), sent)
                if found:
                    earlier = f"the thread read after the {ORDINAL[i]} message: {found[0]}"
        if _expect_thread(ctx, sent):
            ctx.expect(earlier is None, earlier or "")


_SINGLE_BUDGET = (
    "request budget: 7 (environment; clock and message, twice: a long one and a reply of "
    '"0"; thread read; clock release)'
)


def _short(
    ctx: CheckContext,
    canaries: Canaries,
    direction: MessageDirection,
    at: datetime,
    first: SecureMessage,
) -> SecureMessage:
    """Reply to `first` from the same side with the body "0" (PHP's empty() calls it empty)."""
    return _send(ctx, canaries, direction, at, length=1, in_reply_to=first.reference, body="0")


@check(
    "channels.message-patient-to-practice",
    title="The patient can send the practice a secure message",
    requirements=["MSG-IN-01"],
    group="channels",
)
def message_in(ctx: CheckContext) -> None:
    """A patient's message of the contract's maximum length starts a thread, read as sent.

    (2.12.0) The patient then answers it with "0" (how many tablets are left): a body of one
    character is a message like any other, whatever a language calls "empty".
    """
    canaries = Canaries(ctx, "message-in")
    ctx.note(_SINGLE_BUDGET)
    with _clock_released(ctx):
        sent = _send(ctx, canaries, PATIENT, london(_DAY, 10, 0), length=_MAX_BODY)
        zero = _short(ctx, canaries, PATIENT, london(_DAY, 10, 4), sent)
        _expect_thread(ctx, [sent, zero])


@check(
    "channels.message-practice-to-patient",
    title="The practice can send the patient a secure message",
    requirements=["MSG-OUT-01"],
    group="channels",
)
def message_out(ctx: CheckContext) -> None:
    """The practice starts a thread with a long, multi-line message; the thread holds it.

    (2.12.0) Then a second message of one character, "0" (the balance to pay, the tablets
    left): a message like any other.
    """
    canaries = Canaries(ctx, "message-out")
    ctx.note(_SINGLE_BUDGET)
    with _clock_released(ctx):
        sent = _send(ctx, canaries, PRACTICE, london(_DAY, 10, 30), length=_LETTER)
        zero = _short(ctx, canaries, PRACTICE, london(_DAY, 10, 34), sent)
        _expect_thread(ctx, [sent, zero])


@check(
    "channels.message-practice-replies",
    title="The practice's replies reach the patient in the thread the patient started",
    requirements=["MSG-OUT-01"],
    group="channels",
)
def practice_replies(ctx: CheckContext) -> None:
    """Eight messages, patient first, each replying to the one before, in runs.

    The patient writes three times before the practice answers twice; then the
    patient once more, and the practice twice again.

    The thread read by the patient's first message holds all eight oldest first,
    each with its direction, body, sent_at and in_reply_to as sent.
    """
    _conversation(
        ctx,
        "thread-from-patient",
        (PATIENT, PATIENT, PATIENT, PRACTICE, PRACTICE, PATIENT, PRACTICE, PRACTICE),
        PRACTICE,
    )


@check(
    "channels.message-patient-replies",
    title="The patient's replies reach the practice in the thread the practice started",
    requirements=["MSG-IN-01"],
    group="channels",
)
def patient_replies(ctx: CheckContext) -> None:
    """Eight messages, practice first, each replying to the one before, in runs.

    The practice writes twice, the patient replies three times in a row, the
    practice once, the patient twice.

    The thread read by the practice's first message holds all eight oldest first,
    each with its direction, body, sent_at and in_reply_to as sent.
    """
    _conversation(
        ctx,
        "thread-from-practice",
        (PRACTICE, PRACTICE, PATIENT, PATIENT, PATIENT, PRACTICE, PATIENT, PATIENT),
        PATIENT,
    )


# (2.3.0) A long conversation: more messages than a page of 10, 20 or 25, over a year and a
# half. After these messages (by index) the clock moves on by days, not minutes: a reply
# then answers a message 15 days, a month, three months and a year old. (2.4.0) Each jump
# also moves the time of day: messages of both sides go at 21:32-22:01, 05:32-06:01 (a
# Saturday), (round 14) 00:03-00:32 BST (a Sunday: still Saturday in UTC) and midday, so a
# sent_at that is not the tool's now (a practice message held for the morning, a date
# rolled over at night, a UTC date with a London time) shows.
_LONG = 26
_LONG_GAPS = {
    4: timedelta(days=15, hours=12, minutes=4),
    9: timedelta(days=30, hours=7, minutes=31),
    14: timedelta(days=98, hours=18, minutes=2),
    19: timedelta(days=365, hours=12, minutes=10),
}
_LONG_SIDES = (PATIENT, PRACTICE, PRACTICE, PATIENT, PATIENT, PATIENT, PRACTICE)


@check(
    "channels.message-long-thread",
    title="A long conversation, over months, is one thread holding every message",
    requirements=["MSG-IN-01", "MSG-OUT-01"],
    group="channels",
)
def long_thread(ctx: CheckContext) -> None:
    """Twenty-six messages over a year and a half, read as one thread at the end.

    Each replies to the one before, the last to the first (then over a year old); the
    clock moves on by minutes, and four times by 15 to 365 days and a few hours (messages
    go in the evening, at night, early on a Saturday, just after midnight in summer): a reply
    to a message of any age is a reply (in_reply_to as sent), no conversation closes, and
    each sent_at is the tool's now whatever the hour. The thread read by its first message holds
    all 26 (more than a page of 10, 20 or 25), oldest first, each as sent.
    """
    canaries = Canaries(ctx, "long-thread")
    ctx.note(
        f"request budget: {2 * _LONG + 3} (environment; clock and send for each of the "
        f"{_LONG} messages; a thread read; clock release)"
    )
    lengths = [_THREAD_LENGTHS[i % len(_THREAD_LENGTHS)] // 2 for i in range(_LONG)]
    with _clock_released(ctx):
        sent = _reply_chain(ctx, canaries, london(_DAY, 9, 0), lengths, _LONG_GAPS, back=True)
        _expect_thread(ctx, sent)


# (2.10.0) A thread larger than the messages a queue or cache takes (256 KB on SQS and
# Service Bus's standard tier, 1 MB on others): every message at the contract's maxLength.
_LARGE = 28
_LARGE_DAY = date(2026, 12, 3)  # a Thursday: no other messaging check sends on it


@check(
    "channels.message-thread-large",
    title="A thread of over 256 KB is read whole: no message dropped to make it fit",
    requirements=["MSG-IN-01", "MSG-OUT-01"],
    group="channels",
)
def large_thread(ctx: CheckContext) -> None:
    """Twenty-eight messages of 10,000 characters each, both sides, read as one thread.

    Each replies to the one before, minutes apart. The thread's JSON is over 280,000
    characters (over 256 KB): a thread assembled by a worker and handed back through a
    queue whose messages are capped drops its oldest, or is cut. It must hold all 28,
    oldest first, each as sent.
    """
    canaries = Canaries(ctx, "large-thread")
    ctx.note(
        f"request budget: {2 * _LARGE + 3} (environment; clock and send for each of the "
        f"{_LARGE} messages of {_MAX_BODY:,} characters; a thread read; clock release)"
    )
    with _clock_released(ctx):
        sent = _reply_chain(ctx, canaries, london(_LARGE_DAY, 14, 0), [_MAX_BODY] * _LARGE, {})
        _expect_thread(ctx, sent)


# (2.11.0) A deep back-and-forth: 60 messages, each a reply to the one before (the last 59
# replies below the first), well past a recursion guard of 50. Three steps inside one
# second put a message at a whole second before two with fractions of it and one at the
# next whole second: sent_at compared as text ('10:01:00Z' after '10:01:00.5Z') shows.
_DEEP = 60
_DEEP_DAY = date(2026, 12, 9)  # a Wednesday: no other messaging check sends on it
_DEEP_GAPS = {
    29: timedelta(milliseconds=500),
    30: timedelta(milliseconds=250),
    31: timedelta(milliseconds=250),
    45: timedelta(microseconds=123_456),
}


@check(
    "channels.message-thread-deep",
    title="A reply 59 replies below the first message is still in its thread, in order",
    requirements=["MSG-IN-01", "MSG-OUT-01"],
    group="channels",
)
def deep_thread(ctx: CheckContext) -> None:
    """Sixty short messages, sides in turn, each replying to the one before, read as one thread.

    Minutes apart, but four steps shorter than a second (at a whole second, then half and
    three quarters into it, then the next whole second; later one of 0.123456 s). The
    thread read by the first message holds all 60, oldest first, each as sent: a thread
    gathered by a recursive query with a depth guard, or ordered by sent_at as text when
    a whole second is written without a fraction, loses or misplaces some.
    """
    canaries = Canaries(ctx, "deep-thread")
    ctx.note(
        f"request budget: {2 * _DEEP + 3} (environment; clock and send for each of the "
        f"{_DEEP} messages; a thread read; clock release)"
    )
    lengths = [_THREAD_LENGTHS[i % len(_THREAD_LENGTHS)] // 4 for i in range(_DEEP)]
    with _clock_released(ctx):
        sent = _reply_chain(ctx, canaries, london(_DEEP_DAY, 9, 0), lengths, _DEEP_GAPS)
        _expect_thread(ctx, sent)


def _reply_chain(
    ctx: CheckContext,
    canaries: Canaries,
    at: datetime,
    lengths: list[int],
    gaps: dict[int, timedelta],
    *,
    back: bool = False,
) -> list[SecureMessage]:
    """Messages of `lengths`, sides in turn, each replying to the one before.

    With `back`, the last replies to the first. They go `gaps` apart (by index; else
    `_GAP`) from `at`.
    """
    sent: list[SecureMessage] = []
    for i, length in enumerate(lengths):
        answers = sent[0] if back and i == len(lengths) - 1 else (sent[-1] if sent else None)
        sent.append(
            _send(
                ctx,
                canaries,
                _LONG_SIDES[i % len(_LONG_SIDES)],
                at,
                length=length,
                in_reply_to=answers.reference if answers else None,
                # A side that takes no message at all fails its single-message check.
                setup=i < 2,
            )
        )
        at += gaps.get(i, _GAP)
    return sent
