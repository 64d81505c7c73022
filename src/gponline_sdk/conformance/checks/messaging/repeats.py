"""Messages as real people send them: every length, and the same words more than once.

- `channels.message-body-lengths`: bodies at generated lengths from 1 character to the
  contract's maxLength, both directions, each read back in its thread as ONE message, byte
  for byte (a store or gateway that cuts a long message into parts, at whatever length,
  shows; the text holds characters outside ASCII, so a cut counted in bytes shows too).
- `channels.message-same-words`: a patient answers "Yes" twice, at one instant and a second
  later; the practice says "Thank you" twice, and sends the same reminder twice as new
  threads. Each is a message of its own (its own reference, in the thread once), stamped
  with exactly the test clock's instant, fraction of a second included: a tool that merges
  repeats ("double-submit guard") or moves a tied `sent_at` shows.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta

from gponline_sdk.conformance.checks._support import Canaries, london, require, target_of
from gponline_sdk.conformance.checks.messaging._common import (
    PATIENT,
    PRACTICE,
    answer,
    differences,
    post,
    refused,
)
from gponline_sdk.conformance.checks.messaging.exchange import (
    _DAY,
    _MAX_BODY,
    _clock_released,
    _expect_thread,
    _read_thread,
    _thread_problems,
)
from gponline_sdk.conformance.contract import MessageSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import MessageDirection, SecureMessage

__all__: list[str] = []

_REQUIREMENT = {PATIENT: "MSG-IN-01", PRACTICE: "MSG-OUT-01"}

# Text with characters outside ASCII (each 2 or 3 bytes in UTF-8, all in the BMP so that
# every common count of "characters" agrees) and line breaks: a body cut at a byte count
# differs from one cut at a character count.
_FILLER = (
    "Diolch am eich neges \u2013 caf\u00e9 na\u00efve, \u0175yr a \u0177d.\n",
    "Please ring me after 2pm \u2018if you can\u2019; see https://www.nhs.uk/?a=1&b=2\r\n",
    "Ich m\u00f6chte \u00fcber die Ergebnisse sprechen. \u00bfPuede llamarme?\n",
)


def body_lengths(maximum: int) -> tuple[int, ...]:
    """Lengths to send, from 1 to `maximum`, at every boundary a store or gateway has.

    1, an SMS's 160 and 161, each side of every power of two and one past every
    thousand, and `maximum` itself: a cut at any length below it shows in the
    longest; the others show a refusal or a cut between them.
    """
    marks = {1, 2, 160, 161, maximum - 1, maximum}
    power = 256
    while power < maximum:
        marks |= {power, power + 1}
        power *= 2
    marks |= {k + 1 for k in range(1000, maximum, 1000)}
    return tuple(sorted(m for m in marks if 1 <= m <= maximum))


def _body(canaries: Canaries, length: int) -> str:
    head = canaries.text("Conformance suite message of a given length") + "\n"
    filler = "".join(itertools.islice(itertools.cycle(_FILLER), length // 40 + len(_FILLER)))
    return (head + filler)[:length]


@check(
    "channels.message-body-lengths",
    title="Messages of every length up to the contract's maximum arrive whole, both ways",
    requirements=["MSG-IN-01", "MSG-OUT-01"],
    group="channels",
)
def message_body_lengths(ctx: CheckContext) -> None:
    """Each length, each direction, starts a thread; read back it is one message, as sent."""
    canaries = Canaries(ctx, "message-lengths")
    lengths = body_lengths(_MAX_BODY)
    count = 2 * len(lengths)
    ctx.note(f"request budget: {2 * count + 1} (environment; {count} messages, each sent and read)")
    broken: dict[MessageDirection, list[str]] = {PATIENT: [], PRACTICE: []}
    for direction, length in itertools.product((PATIENT, PRACTICE), lengths):
        sub = MessageSubmission(
            practice_code=canaries.environment.practice_code,
            direction=direction,
            body=_body(canaries, length),
        )
        what = f"a {direction.value} message of {length} characters"
        reply = answer(functools.partial(target_of(ctx).send_message, sub), f"sending {what}")
        if reply.status != 201 or reply.value is None:
            broken[direction].append(f"{what}: {refused(reply)}, expected HTTP 201")
            continue
        expected = SecureMessage(
            reference=reply.value.reference,
            practice_code=sub.practice_code,
            direction=direction,
            body=sub.body,
            sent_at=reply.value.sent_at,
        )
        problems = differences(reply.value, expected, "the 201 answer")
        if not problems:
            problems = _thread_problems(_read_thread(ctx, reply.value.reference), [expected])
        if problems:
            broken[direction].append(f"{what}: {problems[0]}")
    failing = [d for d in (PATIENT, PRACTICE) if broken[d]]
    if failing:
        lines = [line for d in failing for line in broken[d]]
        more = f" (and {len(lines) - 3} more)" if len(lines) > 3 else ""
        raise CheckFailed(
            f"expected each message, of any length from 1 to {_MAX_BODY} characters, as one "
            f"message as sent; {len(lines)} of {count} were not: " + "; ".join(lines[:3]) + more,
            requirements=[_REQUIREMENT[d] for d in failing],
        )


# When each message of `channels.message-same-words` is sent, from the check's start: some
# share an instant (a double tap, a frozen clock), others are a second or under a minute
# apart. Fractions of a second are in the contract's date-time (up to 6 digits).
_T0 = london(_DAY, 11, 4) + timedelta(seconds=26, microseconds=250_000)
_SAME_WORDS: Sequence[tuple[MessageDirection, str, str | None, timedelta]] = (
    # (direction, body key, which earlier message it answers (key), offset from _T0)
    (PRACTICE, "question", None, timedelta(0)),
    (PATIENT, "yes", "question", timedelta(minutes=2, microseconds=500_000)),
    (PATIENT, "yes", "question", timedelta(minutes=2, microseconds=500_000)),
    (PATIENT, "yes", "question", timedelta(minutes=2, seconds=1, microseconds=123_456)),
    (PRACTICE, "thanks", "last", timedelta(minutes=2, seconds=40, microseconds=999_999)),
    (PRACTICE, "thanks", "last-but-one", timedelta(minutes=2, seconds=40, microseconds=999_999)),
    (PATIENT, "thanks", "last", timedelta(minutes=3, seconds=20, microseconds=1)),
    (PATIENT, "thanks", "last-but-one", timedelta(minutes=3, seconds=20, microseconds=1)),
)
_WORDS = {"yes": "Yes", "thanks": "Thank you"}


@check(
    "channels.message-same-words",
    title="The same words sent twice are two messages, each stamped with the tool's now",
    requirements=["MSG-IN-01", "MSG-OUT-01"],
    group="channels",
)
def message_same_words(ctx: CheckContext) -> None:
    """Identical messages, at one instant and close instants, both ways: each kept and shown.

    A patient may answer "Yes" twice on purpose, and a practice may send the same
    reminder twice. Each send is a new message with its own reference, its sent_at
    exactly the test clock's instant (to the microsecond), and the thread holds each
    once, in the order sent. The same reminder sent twice starts two threads.
    """
    canaries = Canaries(ctx, "same-words")
    code = canaries.environment.practice_code
    question = canaries.text("Can you come in on Tuesday at 10:40? Please answer yes or no")
    ctx.note(
        f"request budget: {2 * len(_SAME_WORDS) + 8} (environment; clock and send for each "
        f"of {len(_SAME_WORDS)} messages; two reminders with clock; 3 thread reads; release)"
    )
    sent: list[SecureMessage] = []
    with _clock_released(ctx):
        for direction, key, answers, offset in _SAME_WORDS:
            irt = {None: None, "question": 0, "last": -1, "last-but-one": -2}[answers]
            sub = MessageSubmission(
                practice_code=code,
                direction=direction,
                body=_WORDS.get(key, question),
                in_reply_to=None if irt is None else sent[irt].reference,
            )
            sent.append(_send_at(ctx, sub, _T0 + offset, sent))
        _expect_thread(ctx, sent, "the thread of repeated words: ")
        # The same reminder sent twice, each a new thread, a few seconds apart.
        # Always longer than an SMS (whatever the canary's length), like a real reminder.
        reminder = canaries.text("Reminder: your review is due") + (
            "\r\nPlease book a 20-minute appointment with the practice nurse before the end "
            "of the month, online at https://www.example.org/book?svc=review or by phone."
        )
        again = [
            _send_at(
                ctx,
                MessageSubmission(practice_code=code, direction=PRACTICE, body=reminder),
                _T0 + timedelta(minutes=5, seconds=seconds),
                sent,
            )
            for seconds in (0, 3)
        ]
        for n, first in enumerate(again):
            _expect_thread(ctx, [first], f"the {('first', 'second')[n]} of two same reminders: ")


def _send_at(
    ctx: CheckContext, sub: MessageSubmission, at: datetime, earlier: Sequence[SecureMessage]
) -> SecureMessage:
    """Send `sub` with the clock at `at`; it must be a new message stamped `at` exactly."""
    require(target_of(ctx).set_clock(at), "setting the test clock")
    n = len(earlier) + 1
    what = f"message {n} ({sub.direction.value})"
    try:
        message = post(ctx, sub, f"sending {what}", setup=False, sent_at=at)
        ctx.expect(
            all(message.reference != m.reference for m in earlier),
            f"{what}: reference: expected a new message with its own reference, received the "
            f"reference of an earlier message ({message.reference}): the tool took the repeat "
            "for the earlier message",
        )
    except CheckFailed as exc:
        # A message refused or altered breaks the requirement of its own direction only.
        raise CheckFailed(str(exc), requirements=[_REQUIREMENT[sub.direction]]) from None
    return message
