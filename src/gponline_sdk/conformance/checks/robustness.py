"""Checks that every write operation refuses the bodies its contract forbids (group `robustness`).

The invalid bodies come from the contract itself (`_invalid_bodies`): each
constraint of an operation's request body schema is broken once in a copy of a
valid body. Two verdicts, kept apart so a SHOULD never fails a build:

- a tool that *accepts* (2xx) a forbidden body breaks that operation's MUST
  requirement: one check per operation (`robustness.invalid-input.*`);
- a 5xx, or a 4xx without an `ErrorBody` whose problems name the bad field, is
  a ROB-4XX-01 (SHOULD) failure, in `robustness.malformed-input`, which also
  holds the test clock's own cases (test plumbing, not a patient route).

Every check sends at most `BUDGET` bodies per operation (whole-body cases,
then one case per field, then the rest, chosen with the check's `ctx.rng`) and
says so in a note.
"""

from __future__ import annotations

import random
import re
from typing import Any

import attrs

from gponline_sdk.conformance.checks import valid_input as _valid_input
from gponline_sdk.conformance.checks._invalid_bodies import (
    Case,
    WriteOperation,
    body_cases,
    sample,
    write_operations,
)
from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, target_of
from gponline_sdk.conformance.checks._write_ops import (
    DAY,
    JOIN,
    OUTCOME,
    operation,
    operation_path,
    valid_body,
)
from gponline_sdk.conformance.core import CheckContext, CheckFailed, CheckSkipped, check
from gponline_sdk.conformance.masking import PATIENT_FIELDS
from gponline_sdk.conformance.target import Reply
from gponline_sdk.models import MessageDirection

__all__ = ["BUDGET", "names_field"]

BUDGET = 240
"""At most this many forbidden bodies per operation and check."""
_DAY = DAY
_JOIN = JOIN
_SHOWN = 3  # failures quoted in a message; the rest are counted
_CONTAINERS = ("body", "request", "json", "$", "#")
_ = _valid_input  # imported for its checks (robustness.valid-input.*), registered on import


def _rng(ctx: CheckContext, label: str) -> random.Random:
    rng = getattr(ctx, "rng", None)
    if isinstance(rng, random.Random):
        return rng
    return random.Random(f"{ctx.seed}:{label}")  # noqa: S311 - sampling test cases, not crypto


def _send(
    ctx: CheckContext,
    canaries: Canaries,
    op: WriteOperation,
    direction: MessageDirection = MessageDirection.PATIENT_TO_PRACTICE,
) -> list[tuple[Case, Reply[Any]]]:
    """Send the operation's forbidden bodies (at most `BUDGET`); each with its reply."""
    path = operation_path(ctx, op, canaries)
    valid = valid_body(ctx, op, canaries, direction)
    every = body_cases(op, valid)
    cases = sample(every, BUDGET, _rng(ctx, op.label))
    extra = _contact_rule_cases(op, valid, canaries) if op.path == "/contact-details" else []
    cases += extra
    for case in cases:
        # A value derived from a canary (a name with its case swapped) is as
        # identifying as the canary: mask it in evidence and messages too.
        if case.origin in canaries.issued and isinstance(case.sent, str) and len(case.sent) > 5:
            canaries.issue(case.sent)
    ctx.note(
        f"{op.label}: {len(cases) - len(extra)} of {len(every)} bodies the contract's "
        f"{op.schema_name} schema forbids (budget {BUDGET} per operation)"
        + (f", and {len(extra)} breaking the contact rule beside other parts" if extra else "")
    )
    target = target_of(ctx)
    return [(case, target.send_raw(op.method, path, case.body)) for case in cases]


def _contact_rule_cases(
    op: WriteOperation, valid: dict[str, Any], canaries: Canaries
) -> list[Case]:
    """(2.3.0) The contact rule broken in updates that carry each optional part.

    An update gives at least one of email, phone or address whatever else it carries: an
    ethnicity, a proxy, the patient named as requester. No part lets a tool skip the rule.
    """
    name = f"{canaries.word(7)} {canaries.word(8)}"
    canaries.issue(name)
    proxy = {"role": "proxy", "proxy_name": name, "relationship": "daughter"}
    bases = (
        ("an ethnicity", {**valid, "ethnicity": "A"}),
        ("a proxy as requester", {**valid, "requester": proxy}),
        (
            "an ethnicity and the patient as requester",
            {**valid, "ethnicity": "Z", "requester": {"role": "patient"}},
        ),
    )
    return [
        attrs.evolve(case, expected=f"{case.expected} (the update carries {what})")
        for what, base in bases
        for case in body_cases(op, base)
        if case.kind == "breaks a rule across fields" and case.field == "$.contact"
    ]


def _summary(what: str, items: list[str]) -> str:
    more = f"; and {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
    return f"{what}: {'; '.join(items[:_SHOWN])}{more}"


def _refuses_all(
    ctx: CheckContext, method: str, path: str, direction: MessageDirection, label: str
) -> None:
    """Fail when the operation answers 2xx to any body its contract forbids."""
    op = operation(method, path)
    canaries = Canaries(ctx, label)
    with clock_at(ctx, london(_DAY, 10)):
        replies = _send(ctx, canaries, op, direction)
    accepted = [f"{c.describe()} (HTTP {r.status})" for c, r in replies if 200 <= r.status < 300]
    if accepted:
        raise CheckFailed(
            _summary(
                f"{op.label} accepted {len(accepted)} of {len(replies)} bodies "
                "the contract forbids",
                accepted,
            )
        )


def _register(
    name: str, method: str, path: str, requirements: list[str], direction: MessageDirection
) -> None:
    check_id = f"robustness.invalid-input.{name}"
    who = f" ({direction.value.replace('_', ' ')})" if path == "/messages" else ""

    @check(
        check_id,
        title=f"{method} {path}{who} refuses every body the contract forbids",
        requirements=requirements,
        group="robustness",
    )
    def run(ctx: CheckContext) -> None:
        _refuses_all(ctx, method, path, direction, check_id)

    run.__doc__ = f"Send {method} {path} each body its schema forbids: none may be accepted."


_IN, _OUT = MessageDirection.PATIENT_TO_PRACTICE, MessageDirection.PRACTICE_TO_PATIENT
_register("requests", "POST", "/requests", ["OC-ACCESS-01"], _IN)
_register("video-schedule", "POST", "/video/sessions", ["VC-SCHED-01"], _IN)
_register("video-join", "POST", _JOIN, ["VC-SCHED-01"], _IN)
_register("messages-in", "POST", "/messages", ["MSG-IN-01"], _IN)
_register("messages-out", "POST", "/messages", ["MSG-OUT-01"], _OUT)
_register("contact-details", "POST", "/contact-details", ["CD-UPD-01"], _IN)
# Contract 2.2.0: an outcome the schema forbids (a kind outside its enum) shown to the patient.
_register("outcomes", "POST", OUTCOME, ["AV-RESP-01"], _IN)


def _location(location: str) -> tuple[str, ...]:
    """A problem's location as path segments: JSONPath, dotted, JSON Pointer or `a -> b`."""
    text = location.strip().lstrip("#")
    parts = re.split(r"\s*->\s*|[./\[\]]+", text)
    return tuple(p.strip("'\" ") for p in parts if p.strip("'\" ") not in ("", "$"))


def names_field(case: Case, location: str, message: str) -> bool:
    """True when a problem (its location and message) names the case's bad field.

    The location must be the field's path, or a path inside it, optionally below
    one container segment (``body.contact.postcode``). A missing field may also be
    reported at its parent object with the field's name in the message, as JSON
    Schema validators do; an unknown field at its parent object, named or not (a key
    may hold anything, and a tool need not echo it).
    """
    where = _location(location)
    tries = [where] + ([where[1:]] if where and where[0] in _CONTAINERS else [])
    field = case.segments
    if any(t[: len(field)] == field for t in tries):
        return True
    if case.kind == "renamed field" and field:
        # (2.11.0) The renamed key is unknown and the contract's name missing: either (or
        # the object holding them) names the case.
        folded = field[-1].replace("_", "").casefold()
        return any(
            t == field[:-1]
            or (
                t[: len(field)][:-1] == field[:-1]
                and len(t) >= len(field)
                and t[len(field) - 1].replace("_", "").casefold() == folded
            )
            for t in tries
        )
    if case.kind == "unknown field" and field:
        # A key comes from the sender and may hold anything (a patient's name): a tool may
        # point at the object holding it without echoing it.
        return any(t == field[:-1] for t in tries)
    if case.kind == "missing" and field:
        return any(t == field[:-1] for t in tries) and field[-1] in message
    return False


def _answer_problem(op: WriteOperation, case: Case, reply: Reply[Any]) -> str | None:
    """Why the answer to a forbidden body breaks ROB-4XX-01, or None when it does not."""
    what = f"{op.label} {case.describe()}"
    status = reply.status
    if 200 <= status < 300:
        # Accepting is the operation's own MUST check's verdict; only the test
        # clock, which has no MUST of its own, is judged here.
        return f"{what}: accepted (HTTP {status})" if op.path == "/test/clock" else None
    if not 400 <= status < 500:
        kind = "a server error" if status >= 500 else "not a 4xx"
        return f"{what}: answered HTTP {status}, {kind}"
    if reply.error is None:
        return f"{what}: answered HTTP {status} without an ErrorBody"
    problems = reply.error.problems
    # A whole-body case has no field to name; 413 is the contract's answer to a body too large.
    named = (
        not case.segments
        or (status == 413 and case.kind == "too long")
        or any(names_field(case, p.location, p.message) for p in problems)
    )
    places = ", ".join(sorted({p.location for p in problems})[:3]) or "no field"
    if not named:
        return f"{what}: the error (HTTP {status}) names {places}, not {case.field}"
    naming = [p.location for p in problems if names_field(case, p.location, p.message)]
    if case.segments and naming and not any(_is_json_path(loc) for loc in naming):
        # The contract: a body field's location is a JSON path starting with '$' (a JSON
        # Pointer, as JSON Schema validators write it, is read too); 'patient.nhs_number' is not.
        return (
            f"{what}: the error (HTTP {status}) names the field as {naming[0]!r}; expected "
            f"a JSON path starting with '$' ({case.field})"
        )
    return _quote_problem(what, status, case, [p.message for p in problems] + [reply.error.message])


def _quote_problem(what: str, status: int, case: Case, messages: list[str]) -> str | None:
    """[SDK] (2.4.0) Why an error breaks ROB-4XX-01 by quoting a patient's value, or None.

    The value refused may be a patient's (a mistyped NHS number, an email): an error that
    quotes it puts it into every log and screen that shows errors.
    """
    if not _quotes_personal_value(case, messages):
        return None
    return (
        f"{what}: the error (HTTP {status}) quotes the value sent; expected it to name "
        "the field and what was expected, not repeat a patient's data"
    )


_QUOTED = 16  # characters of a longer sent value that, found in an error, count as a quote
_SHORTEST = 6  # a shorter value (`AB1 2C`) may be any word of the error's own


def _quotes_personal_value(case: Case, messages: list[str]) -> bool:
    """Whether an error message repeats a personal field's bad value (16 characters of it).

    A value of 16 characters or fewer (an NHS number, a postcode) counts when it appears
    whole; of a longer one (a description, an address line), any 16 characters in a row:
    shorter runs of a patient's words meet the error's own English ("at most", "charact").
    """
    sent = case.sent
    if not isinstance(sent, str) or not PATIENT_FIELDS & set(case.segments):
        return False
    # As sent, spaces and all: a near miss of the suite's valid value (' LS1 4AP') is not
    # quoted by an error that shows the contract's own example ('LS1 4AP').
    value = sent[:400]
    if len(value.strip()) < _SHORTEST or len(set(value)) < 3:  # 'aaaa...' is no one's
        return False
    if len(value) <= _QUOTED:
        return any(value in m for m in messages)
    windows = {value[i : i + _QUOTED] for i in range(len(value) - _QUOTED + 1)}
    return any(w in m for m in messages for w in windows if len(set(w)) > 2)


def _is_json_path(location: str) -> bool:
    """Whether a location is a path: ``$.contact.email``, a JSON Pointer, or empty.

    A JSON Pointer as JSON Schema validators write one (``/contact/email``,
    ``#/contact/email``) is read as a path; an empty location names the body itself.
    """
    text = location.strip()
    return text.startswith(("$", "/", "#/")) or not _location(text)


@check(
    "robustness.malformed-input",
    title="Malformed requests get a 4xx with an error naming the field, never a 5xx",
    requirements=["ROB-4XX-01"],
    group="robustness",
)
def malformed_input(ctx: CheckContext) -> None:
    """Send every write operation the bodies its schema forbids: a 4xx naming the field."""
    canaries = Canaries(ctx, "malformed")
    target = target_of(ctx)
    answers: list[tuple[WriteOperation, Case, Reply[Any]]] = []
    ops = write_operations()
    clock = [op for op in ops if op.path == "/test/clock"]
    try:
        # The test clock's own cases run unfrozen: the clock is what they try to set.
        answers += [(op, c, r) for op in clock for c, r in _send(ctx, canaries, op)]
    finally:
        target.release_clock()  # a tool that took a bad clock must not keep it
    with clock_at(ctx, london(_DAY, 10)):
        for op in ops:
            if op not in clock:
                try:
                    answers += [(op, c, r) for c, r in _send(ctx, canaries, op)]
                except CheckSkipped as exc:
                    ctx.note(f"{op.label} not tried: {exc}")
    found = [p for op, c, r in answers if (p := _answer_problem(op, c, r)) is not None]
    ctx.expect(
        not found, _summary(f"{len(found)} of {len(answers)} answers break ROB-4XX-01", found)
    )
