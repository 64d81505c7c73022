"""Free text at every length the contract allows, from any first character (group `requests`).

Schema-driven: every free-text field of a request body (a string with a length
bound and no pattern, format or enum) is sent, in every category, at its
`minLength`, at `minLength + 1`, as a short realistic phrase and at its
`maxLength`; each value starts with a character a tool might "guard" or trim
(a spreadsheet formula starter, a tab, a quote, markup, a bidi mark). The NHS
number goes in each layout the contract allows. The practice must see each field
exactly as sent, the NHS number as sent or as its ten digits (contract 1.2.0).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from gponline_sdk.conformance.checks._fidelity import components, nhs_layouts
from gponline_sdk.conformance.checks._schema_rules import resolve
from gponline_sdk.conformance.checks._support import (
    Canaries,
    categories_to_send,
    clock_at,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.checks.fidelity import same_as_sent, send_body
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import NhsNumber, RequestCategory, Requester, RequesterRole
from gponline_sdk.serde import to_json

__all__ = ["free_text_fields"]

# Visible first characters (any can be a whole one-character value): formula starters,
# quotes, markup and other punctuation patients type first ("-- see below", "@Dr Lee").
_VISIBLE_LEADS = ("=", "+", "-", "@", "'", '"', "<", "#", "*", "(", "%", "!")
# First characters only sent ahead of a letter: a tab, bidi marks (RLM, LRM, RLE, RLO),
# a zero-width no-break space and an HTML tag, as pasted from forms and messaging apps.
_HIDDEN_LEADS = ("\t", "\u200f", "\u200e", "\u202b", "\u202e", "\ufeff", "<b>", "=SUM(A1)")
# Ordered so the description (field 4 of 5) starts with every hidden lead, formula starter,
# quote and `<` past `minLength` (see `_lead`): it skips places 12 to 16, the rest of these.
_ALL_LEADS = _HIDDEN_LEADS + _VISIBLE_LEADS[:4] + _VISIBLE_LEADS[7:] + _VISIBLE_LEADS[4:7]
_PHRASES = ("Rash on arm", "Fit note", "Sore throat 3 days", "Repeat please", "Ng", "Jo", "Ó Sé")
_FILL = "Łódź café — note ✓ "
_RULED = {"pattern", "format", "enum"}  # strings with a shape are not free text
_KINDS = ("minLength", "minLength + 1", "a short phrase", "maxLength")
_CATEGORIES = tuple(c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP)
# Two days, ten requests each: no day holds more than a small practice's morning.
_DAYS = (date(2026, 11, 24), date(2026, 11, 25))


def free_text_fields(schema_name: str) -> list[tuple[tuple[str, ...], int, int]]:
    """`(path, minLength, maxLength)` of each bounded free-text string of `schema_name`."""
    schemas = components()
    out: list[tuple[tuple[str, ...], int, int]] = []

    def walk(schema: dict[str, Any], path: tuple[str, ...]) -> None:
        s = resolve(schema, schemas)
        for branch in s.get("anyOf", ()):
            if resolve(branch, schemas).get("type") != "null":
                walk(branch, path)
        if s.get("type") == "object":
            for name, prop in s.get("properties", {}).items():
                walk(prop, (*path, name))
        elif s.get("type") == "string" and "maxLength" in s and not s.keys() & _RULED:
            out.append((path, int(s.get("minLength", 0)), int(s["maxLength"])))

    walk(schemas[schema_name], ())
    return out


def _text(kind: str, low: int, high: int, *, lead: str, turn: int) -> str:
    """A value of length `kind` (see `_KINDS`) that starts with `lead` (where it fits).

    `turn` makes each value its own (but at `minLength`, where the lead is): the same
    words twice would be a resend, `availability.no-cap`'s to judge.
    """
    if kind == "a short phrase":
        # In turn, not drawn: which field gets which phrase is the same whatever the seed.
        return f"{lead}{_PHRASES[turn % len(_PHRASES)]} {turn}"
    length = {"minLength": max(low, 1), "minLength + 1": max(low, 1) + 1}.get(kind, high)
    text = lead + "abcdefghijklmnopqrstuvwxy"[turn % 25] + str(turn) + _FILL * (length // 10 + 1)
    # Ends in a letter: the value's end is the other checks'; its start is this one's.
    return text[:length] if length <= len(lead) else text[: length - 1] + "z"


def _put(body: dict[str, Any], path: tuple[str, ...], value: str) -> None:
    node = body
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _lead(kind: str, sent: int, field: int) -> str:
    """The first character(s) of field number `field` in request number `sent`.

    In turn, not drawn: over the fifteen requests past `minLength` each field starts
    with fifteen of the twenty leads, every hidden one among them, whatever the seed.
    At `minLength` (one character) only visible ones, each its own in a category.
    """
    if kind == "minLength":
        return _VISIBLE_LEADS[(sent + 5 * field) % len(_VISIBLE_LEADS)]
    return _ALL_LEADS[(sent + 3 * field) % len(_ALL_LEADS)]


@check(
    "requests.free-text-as-typed",
    title="Free text of any allowed length and first character, and NHS numbers in each "
    "layout, reach the practice as sent",
    requirements=["OC-ACCESS-01"],
    group="requests",
)
def free_text_as_typed(ctx: CheckContext) -> None:
    """Every category, every bounded free-text field at 4 lengths; NHS numbers in 3 layouts."""
    fields = free_text_fields("RequestSubmission")
    categories = categories_to_send(ctx, _CATEGORIES)
    ctx.note(
        f"budget: {2 * len(categories) * len(_KINDS) + 6} requests (capabilities, environment, "
        f"4 clock, {len(categories) * len(_KINDS)} submissions and practice reads); "
        f"{len(fields)} free-text fields"
    )
    # Plain canaries: every form of phone, email and age is the other checks' to send.
    canaries = Canaries(ctx, "free-text", on=_DAYS[0])
    turn = 0
    for day_index, day in enumerate(_DAYS):
        with clock_at(ctx, london(day, 10, 30)):
            for kind in _KINDS[2 * day_index : 2 * day_index + 2]:
                for category in categories:
                    body = _body(canaries, category)
                    for index, (path, low, high) in enumerate(fields):
                        lead = _lead(kind, turn // len(fields), index)
                        _put(body, path, _text(kind, low, high, lead=lead, turn=turn))
                        turn += 1
                    what = f"a {category.value.replace('_', ' ')} request with text at {kind}"
                    _send_and_compare(ctx, canaries, body, what, turn=turn, fields=fields)


def _body(canaries: Canaries, category: RequestCategory) -> dict[str, Any]:
    """A proxy's request with every contact field: every free-text field is present."""
    proxy = Requester(role=RequesterRole.PROXY, proxy_name="Ann Lee", relationship="son")
    sub = canaries.submission(category, requester=proxy, full_contact=True)
    body: dict[str, Any] = orjson.loads(to_json(sub))
    # An adult: every age is the other checks' to send.
    born = date(1950 + canaries.rng.randrange(45), 1 + canaries.rng.randrange(12), 14)
    body["patient"]["date_of_birth"] = born.isoformat()
    return body


def _send_and_compare(
    ctx: CheckContext,
    canaries: Canaries,
    body: dict[str, Any],
    what: str,
    *,
    turn: int,
    fields: list[tuple[tuple[str, ...], int, int]],
) -> None:
    """Send `body` with its NHS number in layout `turn`; the practice sees it as sent."""
    digits = str(NhsNumber(body["patient"]["nhs_number"]))
    layouts = nhs_layouts(digits)
    sent = layouts[turn % len(layouts)]
    for layout in layouts:
        canaries.issue(layout)
    body["patient"]["nhs_number"] = sent
    reference = send_body(ctx, "/requests", body, what)
    reply = target_of(ctx).practice_request(reference)
    require(reply, f"the practice reading {what}")
    # Only the fields this check varies: the rest of each body is the other checks'.
    for path, _, _ in fields:
        same_as_sent(ctx, reply, body, "RequestSubmission", what, only=".".join(path))
    seen = (orjson.loads(reply.text).get("patient") or {}).get("nhs_number")
    ctx.expect(
        seen in (sent, digits),
        f"patient.nhs_number of {what}: expected it as sent or as its 10 digits, the "
        f"practice sees {'nothing' if seen is None else 'another layout or number'}",
    )
