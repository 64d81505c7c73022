"""What the messaging checks share: sending a message, and comparing the tool's copy with it.

Failure messages name fields and say what was expected and received; bodies, a
proxy's name and relationship are never shown (they are canaries or personal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from gponline_sdk.conformance.checks._support import target_of
from gponline_sdk.conformance.contract import MessageSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, CheckSkipped
from gponline_sdk.conformance.target import BadResponse, Reply
from gponline_sdk.models import MessageDirection, Requester, RequesterRole, SecureMessage

__all__ = [
    "BODY_DIFFERS",
    "ORDINAL",
    "PATIENT",
    "PRACTICE",
    "answer",
    "differences",
    "post",
    "refused",
]

T = TypeVar("T")

PATIENT = MessageDirection.PATIENT_TO_PRACTICE
PRACTICE = MessageDirection.PRACTICE_TO_PATIENT
_NINE = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
# (2.3.0) The long thread's 26 messages: 10th to 40th as numbers.
_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
ORDINAL: tuple[str, ...] = (
    *_NINE,
    # To 100: the deep thread (round 15) has 60 messages.
    *(f"{n}{'th' if 10 <= n % 100 <= 20 else _SUFFIX.get(n % 10, 'th')}" for n in range(10, 101)),
)
BODY_DIFFERS = " differs from the body sent (compared byte for byte)"
"""The end of every changed-body line: `exchange` folds several into one by it."""

ALL_FIELDS = ("reference", "practice_code", "direction", "sent_at", "in_reply_to", "body")
"""The fields the single-message and thread checks compare (a proxy's fields are `duties`')."""


def answer(call: Callable[[], Reply[T]], what: str) -> Reply[T]:
    """The reply to `call`; an answer that breaks the contract's schema is a FAIL, not an ERROR."""
    try:
        return call()
    except BadResponse as exc:
        # The tool answered, wrongly (e.g. a message without `direction`): a defect of the
        # tool the vendor must be able to see and waive as a failure, not a crash of the suite.
        raise CheckFailed(f"{what}: {exc}") from None


def refused(reply: Reply[T]) -> str:
    """How a tool's answer other than the one expected reads in a failure message."""
    detail = f"HTTP {reply.status}"
    if reply.error is not None:
        detail += f" ({reply.error.message})"
    elif reply.value is None and 200 <= reply.status < 300:
        detail += " with a body the contract does not allow"
    return detail


def post(
    ctx: CheckContext,
    sub: MessageSubmission,
    what: str,
    *,
    setup: bool,
    sent_at: datetime | None,
    fields: Sequence[str] = ALL_FIELDS,
) -> SecureMessage:
    """Send `sub`; return the message the tool must hold (its 201 answer compared with it).

    Args:
        ctx: The check's context.
        sub: The message to send.
        what: What the send is, for failure messages.
        setup: The message only sets the conversation up: a refusal is then SKIP, not FAIL.
        sent_at: The instant the tool must stamp (its test clock), or None to take the
            tool's own (a check that does not judge `sent_at`).
        fields: The fields of the 201 answer to compare with what was sent.
    """
    reply = answer(lambda: target_of(ctx).send_message(sub), what)
    if reply.status != 201 or reply.value is None:
        message = f"{what}: the tool answered {refused(reply)}, expected HTTP 201"
        if setup:
            raise CheckSkipped(f"{message}; the conversation could not be set up")
        raise CheckFailed(message)
    expected = SecureMessage(
        reference=reply.value.reference,
        practice_code=sub.practice_code,
        direction=sub.direction,
        body=sub.body,
        sent_at=reply.value.sent_at if sent_at is None else sent_at,
        in_reply_to=sub.in_reply_to,
        about_request=sub.about_request,
        requester=sub.requester,
    )
    problems = differences(reply.value, expected, "the 201 answer", fields)
    ctx.expect(not problems, f"{what}: {'; '.join(problems)}")
    return expected


def differences(
    seen: SecureMessage, expected: SecureMessage, where: str, fields: Sequence[str] = ALL_FIELDS
) -> list[str]:
    """Each of `fields` that differs, named, expected vs received; bodies never shown."""
    out: list[str] = []
    for name in fields:
        got, want = getattr(seen, name), getattr(expected, name)
        if got == want:
            continue
        if name == "body":
            # Lengths, never text: a cut body (an SMS-sized store) shows as such.
            sizes = (
                f" ({len(got)} characters received, {len(want)} sent)"
                if len(got) != len(want)
                else ""
            )
            out.append(f"{where}.body{sizes}{BODY_DIFFERS}")
        elif name == "requester":
            out += _requester_differences(got, want, f"{where}.requester")
        else:
            out.append(f"{where}.{name}: expected {_show(want)}, received {_show(got)}")
    return out


def _requester_differences(got: Requester | None, want: Requester, where: str) -> list[str]:
    if got is None and want.role is RequesterRole.PATIENT:
        return []  # the contract: a requester of role patient means the same as none
    if got is None:
        return [f"{where}: expected the {want.role.value} who wrote, as sent, received null"]
    if got.role is not want.role:
        # One line: the name and relationship cannot be as sent either.
        return [f"{where}.role: expected {want.role.value}, received {got.role.value}"]
    out = []
    for name in ("proxy_name", "relationship"):
        if getattr(got, name) != getattr(want, name):
            received = "null" if getattr(got, name) is None else "different text"
            out.append(f"{where}.{name}: expected the text sent, received {received}")
    return out


def _show(value: object) -> str:
    if isinstance(value, MessageDirection):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return "null" if value is None else str(value)
