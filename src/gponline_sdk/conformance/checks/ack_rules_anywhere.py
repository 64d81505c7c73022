"""OC-ACK-01 and AV-RESP-01 across the whole run: every acknowledgement, not one check's.

`response.acknowledgement` and `response.same-day` read the acknowledgements of their own
requests: patients of the suite's usual shape, sent by the patient. Round 16 (the fifteenth
outside set): a tool that words a proxy's acknowledgement from another template (one that
`java.text.MessageFormat` left with `{1}`), writes the reference in groups of four for a
patient who prefers the phone, or gives a medicine question the pharmacist's next session as
respond_by, breaks the same rules for requests only other checks send. The target client
keeps each 201 acknowledgement received while the test clock was set
(`target._acknowledged`); these checks, run last, read them all.

A failure names, for each check whose requests broke the rule, what the requests carried
(a photo, a proxy, a preferred contact method), counts, and never the message itself (it
may echo what the patient wrote).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from gponline_sdk.conformance.checks.response import misquoted, says_when, unrendered
from gponline_sdk.conformance.core import CheckContext, CheckFailed, CheckSkipped, check
from gponline_sdk.conformance.target._acknowledged import Acknowledged
from gponline_sdk.models import CORE_HOURS

__all__ = ["ack_words_anywhere", "run_acknowledgements", "same_day_anywhere"]

_NAMED = 3  # kinds spelled out in a failure message; the rest are counted


def run_acknowledgements(ctx: CheckContext) -> list[Acknowledged]:
    """Every 201 acknowledgement the run received with the test clock set (skip if none)."""
    acks = list(getattr(ctx.target, "acknowledged", []))
    if not acks:
        raise CheckSkipped(
            "no check before this one had a request acknowledged with the test clock set "
            "(run it with the whole suite)"
        )
    return acks


def _kind(ack: Acknowledged) -> str:
    carried = f", {', '.join(ack.features)}" if ack.features else ""
    return f"{ack.check or 'outside a check'}: a request ({ack.category}){carried}"


_Wrong = tuple[str, str]  # what is wrong (the key counted by), and the first instance's detail


def _judge(
    ctx: CheckContext,
    acks: list[Acknowledged],
    wrong: Callable[[Acknowledged], _Wrong | None],
    what: str,
) -> None:
    """Fail with counts by kind of request for each acknowledgement `wrong` finds fault with."""
    found = [(a, w) for a in acks if (w := wrong(a))]
    ctx.note(f"acknowledgements read: {len(acks)}; {what}: {len(found)}")
    if not found:
        return
    kinds = Counter(f"{_kind(a)}, {w[0]}" for a, w in found)
    first: dict[str, str] = {}
    for a, w in found:
        first.setdefault(f"{_kind(a)}, {w[0]}", w[1])
    said = [f"{kind} ({n}; first: {first[kind]})" for kind, n in kinds.most_common(_NAMED)]
    more = len(kinds) - _NAMED
    raise CheckFailed(
        f"{len(found)} acknowledgement(s) of the run: {what}: "
        + "; ".join(said)
        + (f"; and {more} more" if more > 0 else "")
    )


def _words(ack: Acknowledged) -> _Wrong | None:
    tokens = unrendered(ack.message)
    if tokens:
        return "message holds template syntax left unfilled", ", ".join(tokens[:3])
    mangled = misquoted(ack.message, ack.reference)
    if mangled:
        return "message misquotes its reference", f"{mangled!r} for {ack.reference}"
    if ack.respond_by is not None and not says_when(ack.message, ack.respond_by):
        # (2.13.0) Told in another script (its own digits) and no English: the patient the
        # practice writes to in English cannot read when they will hear.
        due = ack.respond_by.astimezone(CORE_HOURS.zone)
        return "message does not say when, in English", (
            f"no {due:%H:%M}, {due.day} {due:%B}, 'today', 'tomorrow' or 'next working day' "
            f"in a message of {len(ack.message)} characters"
        )
    return None


@check(
    "response.ack-words-anywhere",
    title=(
        "Every acknowledgement of the whole run quotes its reference exactly and says when, "
        "in English, fully rendered"
    ),
    requirements=["OC-ACK-01"],
    group="response",
    last=True,
)
def ack_words_anywhere(ctx: CheckContext) -> None:
    """(2.12.0) No acknowledgement of the run misquotes its reference or shows template syntax.

    Sends no request of its own. A reference the message names is its own written exactly
    (not in groups, another case or other separators); no template token is left unfilled
    (`{1}`, `{{name}}`, `%s`, `${x}`): whoever sent the request, whatever it carried.
    (2.13.0) Each says when, in English, as `response.acknowledgement` reads it (respond_by's
    London time or date in digits 0-9, or "today", "tomorrow", "next working day"), whatever
    the description was written in: a description in Arabic or Bengali script gets an
    acknowledgement the practice's English-reading patient can read too.
    """
    _judge(
        ctx,
        run_acknowledgements(ctx),
        _words,
        "expected the reference written exactly, when said in English and no template syntax",
    )


def _late(ack: Acknowledged) -> _Wrong | None:
    if ack.respond_by is None:
        return None
    due = CORE_HOURS.working_day_for_response(ack.at)
    promised = ack.respond_by.astimezone(CORE_HOURS.zone).date()
    if promised <= due:
        return None
    return "respond_by after the day it is due", (
        f"sent {ack.at.astimezone(CORE_HOURS.zone):%a %d %b %Y %H:%M}, "
        f"respond_by {promised:%a %d %b %Y}"
    )


@check(
    "response.same-day-anywhere",
    title="Every request of the whole run sent in core hours is answered the same day",
    requirements=["AV-RESP-01"],
    group="response",
    last=True,
)
def same_day_anywhere(ctx: CheckContext) -> None:
    """(2.12.0) respond_by of every acknowledgement of the run falls on the day it is due.

    Sends no request of its own. A request sent in core hours is due the same Europe/London
    date; one taken outside them (a tool that accepts for the next working day), the next
    opening's: whatever its category, its wording (a medicine, a question) or who sent it.
    """
    _judge(
        ctx,
        run_acknowledgements(ctx),
        _late,
        "expected respond_by on the London date it is due (the same day in core hours)",
    )
