"""Checks of the acknowledgement and the response time it promises (group `response`)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timezone

from gponline_sdk.conformance.checks._response_schema import response_problems
from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    clock_at,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.safety import follow_up
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import CORE_HOURS, Acknowledgement, RequestCategory

__all__ = ["dates_named", "foreign_dates", "misquoted", "unrendered"]

_WHEN_WORDS = re.compile(r"\b(today|tomorrow|next working day)\b", re.IGNORECASE)
_MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]
_MONTH = "|".join(_MONTHS)
# A date as an acknowledgement writes one: 24 November (24th November), November 24, 24/11
# (with a year or not, day first as in England), 2026-11-24. Each gives (month, day[, year]).
# (Round 14) A year after a month's name is read too: "29 December 2026" names 2026.
_YEAR = r"(?:,?\s+(\d{4})(?![\d:]))?"
_DATES = (
    (
        re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\b{_YEAR}", re.IGNORECASE),
        (2, 1, 3),
    ),
    (
        re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!:){_YEAR}", re.IGNORECASE),
        (1, 2, 3),
    ),
    (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])"), (2, 1, 3)),
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), (2, 3, 1)),
)


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _MONTHS.index(text.capitalize()) + 1


def dates_named(message: str, own_reference: str) -> list[tuple[str, int, int, int | None]]:
    """Each date the message names: (as written, month, day, year or None).

    The message's own reference is left out first: a reference may carry a date.
    """
    text = message if _bare_number(own_reference) else message.replace(own_reference, " ")
    out: list[tuple[str, int, int, int | None]] = []
    for pattern, (m, d, y) in _DATES:
        for found in pattern.finditer(text):
            year = found.group(y) if y else None
            full = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
            out.append((found.group(0), _month(found.group(m)), int(found.group(d)), full))
    return out


def _bare_number(reference: str) -> bool:
    # A short all-digit reference (a row number) is also a day, an hour or part of a year:
    # it is neither removed from the message nor looked for in another request's.
    return reference.isdigit() and len(reference) < 6


def foreign_dates(message: str, reference: str, *days: date) -> list[str]:
    """The dates the message names that are none of `days` (respond_by's, received_at's).

    A day and month with a slash and no year ("24/7", "1/2 an hour") is not taken for a
    date here: too often it is none. Nor is a month or day no calendar has.
    """
    return [
        shown
        for shown, month, day, year in dates_named(message, reference)
        if not ("/" in shown and year is None)
        and 1 <= month <= 12
        and 1 <= day <= 31
        and not any((month, day) == (d.month, d.day) and year in (None, d.year) for d in days)
    ]


# Any run of characters that are neither letters nor digits (round 13): a look-alike hyphen
# (U+2010, U+2011), a zero-width or no-break space, a soft hyphen all sit between the
# reference's characters as a misquote would.
_SEPARATORS = r"[\W_]*"


def misquoted(message: str, reference: str) -> str | None:
    """The message's own reference in another form (another case, other separators), if any.

    Round 8: the message may name its reference or not; if it does, exactly. Its letters
    and digits in order, in any case and with any separators between them (round 13: any
    characters that are not letters or digits, look-alike hyphens and zero-width spaces
    included, and full-width forms), that are not the reference as written are a misquote.
    A reference of fewer than six letters and digits (a row number) is not looked for: too
    often it is a time or part of a date.
    """
    chars = [c for c in reference if c.isalnum()]
    if len(chars) < 6:
        return None
    # Round 13: also in the message's NFKC form, where full-width and other compatibility
    # letters and digits read as the ASCII ones they stand for.
    folded = unicodedata.normalize("NFKC", message)
    # (Round 16) Only a message whose letters and digits, run together, hold the reference's
    # can match (the separators are exactly the characters that are not): the pattern is
    # built only for those, not for each of the thousands of acknowledgements a run reads.
    wanted = "".join(chars).lower()
    if not any(wanted in "".join(filter(str.isalnum, text)).lower() for text in (message, folded)):
        return None
    pattern = _SEPARATORS.join(re.escape(c) for c in chars)
    for text in dict.fromkeys((message, folded)):
        for found in re.finditer(rf"(?<![^\W_])(?:{pattern})(?![^\W_])", text, re.IGNORECASE):
            if found.group(0) != reference:
                return found.group(0)
            if text is folded and reference not in message:
                return f"{found.group(0)} (in compatibility characters, e.g. full-width)"
    return None


def says_when(message: str, respond_by: datetime) -> bool:
    """True when the message tells the patient when: a time, a date or a plain word for it."""
    local = respond_by.astimezone(CORE_HOURS.zone)
    clock_forms = {f"{local:%H:%M}", f"{local.hour % 12 or 12}:{local:%M}", f"{local:%H.%M}"}
    date_forms = {f"{local.day} {local:%B}", f"{local:%d/%m}", local.date().isoformat()}
    return (
        any(form in message for form in clock_forms | date_forms)
        or _WHEN_WORDS.search(message) is not None
    )


def _utc_only(message: str, respond_by: datetime) -> bool:
    """True when the message gives respond_by's clock time in UTC, not London time.

    In summer the two differ by an hour: "by 17:30" for an 18:30 deadline tells
    the patient the wrong time. In winter they agree, so this is never true then.
    """
    local = respond_by.astimezone(CORE_HOURS.zone)
    utc = respond_by.astimezone(timezone.utc)
    if f"{utc:%H:%M}" == f"{local:%H:%M}":
        return False
    return f"{utc:%H:%M}" in message and f"{local:%H:%M}" not in message


# Template syntax a message must never show the patient: str.format and f-string fields
# ({when}, {0}, {}), Mustache/Jinja/Handlebars ({{name}}, {% ... %}), JavaScript and shell
# (${when}), printf and Python %-formatting (%s, %d, %(when)s), ERB/ASP (<%= when %>).
_UNRENDERED = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^{}]*\}|<%.*?%>"
    r"|\{(?:[A-Za-z_][\w.]*(?:\[[^\]]*\])?|\d*)(?:![rsa])?(?::[^{}]*)?\}"
    r"|(?<![\w%])%(?:\([A-Za-z_]\w*\))?[-+ #0]*\d*(?:\.\d+)?[sdifr](?![A-Za-z])"
)


def unrendered(message: str) -> list[str]:
    """The template tokens left unfilled in `message` ({when}, {{name}}, %s, ${x}, <%= x %>)."""
    return [m.group(0) for m in _UNRENDERED.finditer(message)]


# One instant in winter (GMT) and one in summer (BST, where London time and UTC differ), each
# with seconds and microseconds: received_at must be the tool's now exactly, not rounded. A
# third on a Friday seconds before closing (templates chosen by day or hour break there).
_ACK_INSTANTS = (
    london(date(2026, 11, 24), 10, 30, 17).replace(microsecond=250_000),
    london(date(2027, 4, 14), 16, 45, 38).replace(microsecond=4_321),
    london(date(2027, 6, 18), 18, 29, 41).replace(microsecond=987_654),
)


@check(
    "response.acknowledgement",
    title="Each request is acknowledged with a reference and when to expect a response",
    requirements=["OC-ACK-01"],
    group="response",
)
def acknowledgement(ctx: CheckContext) -> None:
    """The acknowledgement's reference finds the request; its message says when, in London time.

    A request of every category (iterated from the enum: an acknowledgement
    template is often one per category, and the one nobody reads breaks alone)
    is sent in winter, in summer and on a Friday seconds before closing.
    received_at must equal the tool's frozen now to the microsecond, the
    acknowledgement as sent must match the contract's schema (instants with
    seconds and at most 6 fractional digits), and its message must say when to
    expect a response, with no template token left unfilled.
    """
    canaries = Canaries(ctx, "acknowledgement")
    categories = sorted(categories_to_send(ctx), key=lambda c: c is RequestCategory.FOLLOW_UP)
    per = len(categories)
    ctx.note(
        f"request budget: {2 + (2 + 2 * per) * len(_ACK_INSTANTS)} (environment, capabilities; "
        f"for each of "
        f"{len(_ACK_INSTANTS)} instants: clock, {per} requests, one of each category, each "
        "read by the practice, clock release)"
    )
    acks: list[tuple[str, Acknowledgement]] = []
    for now in _ACK_INSTANTS:
        with clock_at(ctx, now):
            first: tuple[RequestSubmission, str] | None = None
            # Follow-ups last: each names the first request sent at this instant.
            for category in categories:
                if category is RequestCategory.FOLLOW_UP and first is not None:
                    sub = follow_up(canaries, *first)
                else:
                    sub = canaries.submission(category)
                when = f"a request ({category.value}) sent at {now:%a %d %B %Y %H:%M:%S.%f} London"
                ack = _acknowledged(ctx, sub, now, when)
                acks.append((when, ack))
                if first is None and category is not RequestCategory.FOLLOW_UP:
                    first = (sub, ack.reference)
    _each_its_own(ctx, acks)


def _each_its_own(ctx: CheckContext, acks: list[tuple[str, Acknowledgement]]) -> None:
    """Each message is its own request's (contract 2.2.0), not one rendered once and reused.

    A date it names is respond_by's or received_at's; it names no other request's reference.
    """
    for when, ack in acks:
        days = [t.astimezone(CORE_HOURS.zone).date() for t in (ack.respond_by, ack.received_at)]
        wrong = foreign_dates(ack.message, ack.reference, *days)
        ctx.expect(
            not wrong,
            f"{when}: message: names the date {', '.join(wrong[:3])}; expected a date it names "
            f"to be respond_by's ({days[0]:%d %B %Y}) or the day it was received "
            f"({days[1]:%d %B %Y}) in London",
        )
        others = [
            n
            for n, (_, other) in enumerate(acks)
            if other.reference != ack.reference
            and not _bare_number(other.reference)
            and re.search(
                rf"(?<![\w/.:-]){re.escape(other.reference)}(?![\w/-]|[.:]\d)", ack.message
            )
        ]
        mangled = misquoted(ack.message, ack.reference)
        ctx.expect(
            not mangled,
            f"{when}: message: quotes the request's reference as {mangled!r}, not as the "
            f"acknowledgement's reference ({ack.reference}); expected a reference it names "
            "written exactly (references are exact in case and separators: the patient quotes "
            "it back)",
        )
        ctx.expect(
            not others,
            f"{when}: message: names {acks[others[0]][1].reference if others else ''}, the "
            f"reference of another request of this check ({acks[others[0]][0] if others else ''}"
            f"); expected its own reference or none",
        )


def _acknowledged(
    ctx: CheckContext, sub: RequestSubmission, now: datetime, when: str
) -> Acknowledgement:
    """Send `sub` at the frozen `now` and check its acknowledgement; the acknowledgement."""
    reply = target_of(ctx).submit_request(sub)
    ack = require(reply, f"submitting {when}", status=201)
    seen = require(target_of(ctx).practice_request(ack.reference), f"reading {when}")
    # The raw answer against the contract's schema: the SDK's parser alone would read an
    # instant without seconds (18:30Z) or with 7 fractional digits as if it were right.
    off_schema = response_problems("POST", "/requests", reply.status, reply.text)
    ctx.expect(not off_schema, f"{when}: {'; '.join(off_schema)}")
    ctx.expect(
        seen.reference == ack.reference,
        f"{when}: the practice knows the request by another reference",
    )
    ctx.expect(
        ack.received_at == now,
        f"{when}: received_at: expected the tool's now ({now.isoformat()}), "
        f"received {ack.received_at.isoformat()}",
    )
    ctx.expect(
        ack.respond_by >= ack.received_at,
        f"{when}: respond_by: expected at or after received_at, "
        f"received {ack.respond_by.isoformat()}",
    )
    ctx.expect(
        not _utc_only(ack.message, ack.respond_by),
        f"{when}: message: expected respond_by's time in London time "
        f"({ack.respond_by.astimezone(CORE_HOURS.zone):%H:%M}), received it in UTC "
        f"({ack.respond_by.astimezone(timezone.utc):%H:%M})",
    )
    ctx.expect(
        says_when(ack.message, ack.respond_by),
        f"{when}: message: expected to tell the patient when to expect a response "
        f"(respond_by {ack.respond_by.astimezone(CORE_HOURS.zone):%H:%M on %d %B} "
        "London time, or today/tomorrow), received a message that does not",
    )
    tokens = unrendered(ack.message)
    ctx.expect(
        not tokens,
        f"{when}: message: expected the words the patient reads, received template syntax "
        f"left unfilled: {', '.join(tokens[:3])}",
    )
    return ack


_SAME_DAY_INSTANTS = (
    london(date(2026, 11, 30), 8, 0),  # Monday, the moment core hours open
    london(date(2026, 12, 2), 14, 10),
    london(date(2026, 12, 4), 18, 29, 30),  # Friday, thirty seconds before closing
    london(date(2026, 3, 30), 8, 5),  # the Monday after the clocks go forward
)


@check(
    "response.same-day",
    title="In core hours, the patient is told the same day how the request will be handled",
    requirements=["AV-RESP-01"],
    group="response",
)
def same_day(ctx: CheckContext) -> None:
    """For requests of every category sent in core hours, respond_by falls on the same local day.

    Follow-ups too (each names the first request sent at its instant): a tool that
    puts follow-ups "at the back of the queue" until the next working day breaks
    the promise for the patient who is still waiting.
    """
    canaries = Canaries(ctx, "same-day")
    categories = sorted(categories_to_send(ctx), key=lambda c: c is RequestCategory.FOLLOW_UP)
    per = len(categories)
    ctx.note(
        f"request budget: {2 + (2 + per) * len(_SAME_DAY_INSTANTS)} (environment, capabilities; "
        f"for each of "
        f"{len(_SAME_DAY_INSTANTS)} instants: clock, {per} requests, one of each category, "
        "clock release)"
    )
    for now in _SAME_DAY_INSTANTS:
        due = CORE_HOURS.working_day_for_response(now)
        with clock_at(ctx, now):
            first: tuple[RequestSubmission, str] | None = None
            for category in categories:
                if category is RequestCategory.FOLLOW_UP and first is not None:
                    sub = follow_up(canaries, *first)
                else:
                    sub = canaries.submission(category)
                ack = require(
                    target_of(ctx).submit_request(sub),
                    f"submitting a request ({category.value}) in core hours",
                    status=201,
                )
                if first is None and category is not RequestCategory.FOLLOW_UP:
                    first = (sub, ack.reference)
                promised = ack.respond_by.astimezone(CORE_HOURS.zone).date()
                ctx.expect(
                    promised <= due,
                    f"respond_by: a request ({category.value}) sent at {now:%a %d %b %H:%M} "
                    f"local is promised an answer on {promised:%a %d %b}, not the same day",
                )
