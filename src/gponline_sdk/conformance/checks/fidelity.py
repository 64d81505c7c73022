"""Exactly as sent: the fidelity corpus through requests and contact details updates.

`requests.exactly-as-sent` sends one request per value of the contract's
preferred contact methods; together they carry every piece of the corpus
(`_fidelity`): text with tabs, no-break and zero-width spaces, straight and
typographic quotes, dashes, URLs, HTML-like text, astral and combining
characters, line and paragraph separators and NEL, http and www. links, numbers
like dates and phones, leading and trailing spaces; names of 1 and of 100 characters; a proxy
name at 200; address lines of 100 characters; every NHS number layout and one
request without; 29 February and other boundary dates of birth. The practice's
view is compared with the JSON sent, field by field, without the models' reading
(an NHS number sent spaced is read back spaced).

`channels.contact-details-as-sent` sends updates for one patient, some
leaving fields out (generated from the contract's schema: only an email, only a
phone, only an address, no NHS number, no preferred method): each read by its
own reference holds exactly what it carried, absent fields absent, never
merged with an earlier update nor given a default.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import orjson

from gponline_sdk.conformance.checks import _canary_values as values
from gponline_sdk.conformance.checks import _fidelity as corpus
from gponline_sdk.conformance.checks._support import (
    Canaries,
    _how,
    clock_at,
    london,
    offered,
    require,
    target_of,
)
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.conformance.target import Reply
from gponline_sdk.errors import ValidationError
from gponline_sdk.models import (
    Acknowledgement,
    ContactDetailsUpdate,
    NhsNumber,
    RequestCategory,
)
from gponline_sdk.serde import from_json

__all__ = ["refused", "same_as_sent", "send_body"]

_REQUESTS_DAY = date(2026, 11, 13)  # a Friday in GMT, used by no other check
_UPDATES_DAY = date(2026, 11, 12)
# Request n's category; the one without an NHS number (n = 3) is a question.
_CATEGORIES = ("clinical_request", "describe_symptoms", "seek_health_advice", "ask_question")


# Given names a data step reads as "no value" ("Null" is a real surname and given name).
_NULL_NAMES = {3: "Null", 4: "None"}
# How a description starts, by request: a line break is dropped by an HTML textarea.
_STARTS = {2: "\n", 3: "\r\n"}


def refused(reply: Reply[Any], what: str) -> str:
    """What the tool answered instead of 201, naming the fields it refused (never values)."""
    got = f"HTTP {reply.status}"
    if reply.error is not None and reply.error.problems:
        got += " naming " + ", ".join(p.location for p in reply.error.problems[:3])
    return f"{what}: expected HTTP 201 for a body the contract allows, received {got}"


def send_body(
    ctx: CheckContext, path: str, body: dict[str, Any], what: str, *, escaped: bool = False
) -> str:
    r"""POST `body` as JSON exactly as built (fields left out stay out); its reference.

    With `escaped`, every character beyond ASCII is written as a JSON escape (a character
    beyond U+FFFF as a surrogate pair, ``\ud83d\ude00``), as .NET's and Python's default
    encoders write them; otherwise as UTF-8.
    """
    raw = json.dumps(body, ensure_ascii=True).encode() if escaped else orjson.dumps(body)
    reply = target_of(ctx).send_raw("POST", path, raw)
    if reply.status != 201:
        raise CheckFailed(refused(reply, what))
    cls: type[Acknowledgement | ContactDetailsUpdate] = (
        Acknowledgement if path == "/requests" else ContactDetailsUpdate
    )
    try:
        answer: Acknowledgement | ContactDetailsUpdate = from_json(reply.text, cls)
    except ValidationError:
        raise CheckFailed(f"{what}: the 201 answer is not the contract's {cls.__name__}") from None
    return answer.reference


def same_as_sent(
    ctx: CheckContext,
    reply: Reply[Any],
    sent: dict[str, Any],
    schema_name: str,
    what: str,
    *,
    ignore: tuple[str, ...] = (),
    only: str | None = None,
) -> None:
    """Fail naming each field of the practice's view (raw JSON) that differs from `sent`.

    With `only`, that field (dotted path) alone is compared.
    """
    seen = orjson.loads(reply.text)
    diff = corpus.raw_differences(seen, sent, schema_name, ignore=ignore)
    if only is not None:
        diff = [d for d in diff if d[0] == only or d[0].startswith(f"{only}.")]
    details = "; ".join(_detail(name, a, b) for name, a, b in diff)
    ctx.expect(not diff, f"{what}: the practice sees different {details}")


def _detail(name: str, seen: Any, sent: Any) -> str:
    """How one field differs; for lists of equal length, the first item that does."""
    if isinstance(seen, list) and isinstance(sent, list) and len(seen) == len(sent):
        at = next(i for i, (a, b) in enumerate(zip(seen, sent, strict=True)) if a != b)
        return f"{name}[{at}]: {_how(seen[at], sent[at])}"
    return f"{name}: {_how(seen, sent)}"


def _patient(canaries: Canaries, n: int, born: date) -> dict[str, Any]:
    """Patient `n`: names of 1 to 100 characters; the NHS number in layout n, none for n = 3."""
    rng = canaries.rng
    given = corpus.name_of_length(rng, canaries.word(7), 100 if n == 0 else 30)
    family = corpus.name_of_length(rng, canaries.word(9), 100 if n < 2 else 20 + n)
    if n == 1:
        given = canaries.word(1)  # a one-letter given name: the schema's minLength
    if n == 2:
        given = f"{given[:12]}  {given[12:]} "  # two spaces typed inside, one at the end
    if n in _NULL_NAMES:  # names a CSV or YAML step reads as missing: real names all the same
        given = _NULL_NAMES[n]
    canaries.issue(given, family)
    patient: dict[str, Any] = {
        "given_name": given,
        "family_name": family,
        "date_of_birth": born.isoformat(),
    }
    layouts = corpus.nhs_layouts(str(NhsNumber(values.nhs_number(rng, None))))
    if n != len(layouts):  # patient 3 gives none; the others each layout in turn
        patient["nhs_number"] = layouts[n % len(layouts)]
        canaries.issue(*layouts)
    return patient


def _contact(canaries: Canaries, n: int, preferred: str) -> dict[str, Any]:
    rng = canaries.rng
    email = values.email_address(rng, n)
    phone, national = values.phone_number(rng, n)
    lines = [corpus.long_line(rng, canaries.word(8), 100), "Hebden Bridge", "West Yorkshire"]
    if n % 2:  # seven lines: a farm or a flat in a named building has more than most
        lines[1:1] = ["Unit 2", "Low Farm", "Heptonstall Road", "Slack Bottom"]
    if n % 4 == 3:  # (2.12.0) twelve: kept in order past line 9 (line10 sorts before line2)
        lines[1:1] = ["Room 14", "Rosewood Wing", "Calder House", "Birchcliffe", "Lower Lane"]
    canaries.issue(email, phone, national, *lines)
    if n % 3 == 1:
        # (2.11.0) An empty line as typed (a form's second box left blank): the contract's
        # lines are any strings, kept in place, not filtered out.
        lines.insert(2, "")
    return {
        "email": email,
        "phone": phone,
        "address_lines": lines,
        "postcode": ("HX7 8AD", "LS14AP", "M1 1AE", "SW1A 1AA", "B1 1AA")[n % 5],
        "preferred": preferred,
    }


@check(
    "requests.exactly-as-sent",
    title="The practice sees every field of a request exactly as sent, at every length",
    requirements=["OC-ACCESS-01"],
    group="requests",
)
def exactly_as_sent(ctx: CheckContext) -> None:
    """One request per preferred contact method, carrying the fidelity corpus between them."""
    methods = corpus.contact_methods()
    sendable = offered(ctx)  # a SHOULD category the tool does not offer is not sent
    ctx.note(
        f"request budget: {2 * len(methods) + 4} (capabilities, environment, clock, one POST "
        "/requests "
        "and one practice read per preferred contact method, clock release)"
    )
    canaries = Canaries(ctx, "exactly-as-sent")
    births = corpus.birth_dates(_REQUESTS_DAY)
    with clock_at(ctx, london(_REQUESTS_DAY, 10, 30)):
        for n, method in enumerate(methods):
            marker = f"canary-{canaries.word(12).lower()}"
            canaries.issue(marker)
            body: dict[str, Any] = {
                "practice_code": str(canaries.environment.practice_code),
                "category": sendable.of(RequestCategory(_CATEGORIES[n % len(_CATEGORIES)])).value,
                "patient": _patient(canaries, n, births[n % len(births)]),
                "requester": {"role": "patient"},
                "contact": _contact(canaries, n, method),
                # The first at the contract's maximum, 10,000 characters.
                "description": corpus.description(
                    canaries.rng, marker, 10_000 if n == 0 else None, _STARTS.get(n, " ")
                ),
            }
            if n == 1:
                # "Surname, Forename", as a form's single name box gets it: kept as typed.
                family = canaries.word(8)
                proxy = f"{family}, " + corpus.name_of_length(canaries.rng, family, 190)
                canaries.issue(proxy)
                body["requester"] = {
                    "role": "proxy",
                    "proxy_name": proxy,
                    "relationship": 'step-daughter\u2019s partner \u2013 "Jo"',
                }
            what = f"request {n + 1} of {len(methods)} (preferred '{method}')"
            # (2.11.0) One request escaped (every character beyond ASCII as \uXXXX), the
            # others in UTF-8: both are JSON, and the text read back is the same.
            escaped = n == 1
            what += ", its JSON written with \\u escapes" if escaped else ""
            reference = send_body(ctx, "/requests", body, what, escaped=escaped)
            reply = target_of(ctx).practice_request(reference)
            require(reply, f"the practice reading {what}")
            # The category is each category check's to verify.
            same_as_sent(ctx, reply, body, "RequestSubmission", what, ignore=("category",))


def _updates(canaries: Canaries) -> list[tuple[str, dict[str, Any]]]:
    """One patient's updates: a full one, each minimal one the schema allows, and the rest.

    The minimal ones (only an email, only a phone, only an address; no NHS number, no
    postcode, no preferred method) and those leaving one optional field out come from
    the contract's schema; the full ones take each preferred method in turn.
    """
    births = corpus.birth_dates(_UPDATES_DAY)
    practice = str(canaries.environment.practice_code)
    methods = corpus.contact_methods()
    full = {
        "practice_code": practice,
        "patient": _patient(canaries, 0, births[0]),
        "contact": _contact(canaries, 0, methods[0]),
    }
    out: list[tuple[str, dict[str, Any]]] = [("the first update (every field)", full)]
    for what, body in corpus.minimal_bodies(full, "ContactDetailsSubmission"):
        out.append((f"a later update with {what}", body))
    for path, body in corpus.absences(full, "ContactDetailsSubmission"):
        out.append((f"a later update with {path} left out", body))
    for n, method in enumerate(methods[1:], start=1):
        body = {
            "practice_code": practice,
            "patient": full["patient"],
            "contact": _contact(canaries, n, method),
        }
        if n % 2:
            del body["contact"]["postcode"], body["contact"]["email"]
            # The postcode typed as the last address line: kept there, not moved.
            body["contact"]["address_lines"][-1] = ("HX7 8AD", "LS1 4AP")[n // 2 % 2]
        out.append((f"a later update preferring '{method}'", body))
    born = date(1900, 1, 1)  # a sentinel in some date columns, and a real date of birth
    other = {"practice_code": practice, "patient": _patient(canaries, 2, born)}
    other["contact"] = _contact(canaries, 2, methods[-1])
    out.append(("an update from another patient, born on 1 January 1900", other))
    return out


@check(
    "channels.contact-details-as-sent",
    title="Each contact details update reaches the practice exactly as sent, nothing added",
    requirements=["CD-UPD-01"],
    group="channels",
)
def contact_details_as_sent(ctx: CheckContext) -> None:
    """Full and minimal updates from one patient, each read back by its own reference."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "contact-as-sent")
    updates = _updates(canaries)
    ctx.note(
        f"request budget: {3 * len(updates) + 3} (environment, clock, per update a POST "
        "/contact-details and a practice read, each read again after the last; clock release)"
    )
    sent: list[tuple[str, str, dict[str, Any]]] = []
    with clock_at(ctx, london(_UPDATES_DAY, 15, 0)):
        for what, body in updates:
            reference = send_body(ctx, "/contact-details", body, what)
            reply = target.practice_contact_details(reference)
            require(reply, f"the practice reading {what}")
            same_as_sent(ctx, reply, body, "ContactDetailsSubmission", what)
            sent.append((what, reference, body))
    for what, reference, body in sent:
        again = f"{what}, read again after the last update"
        reply = target.practice_contact_details(reference)
        require(reply, f"the practice reading {again}")
        same_as_sent(ctx, reply, body, "ContactDetailsSubmission", again)
