"""The contract's write operations as the robustness checks send them: a valid body and a path.

Shared by the invalid-input checks (`robustness`) and the valid-input checks
(`valid_input`): each starts from one body the contract allows, built from the
check's canaries, and breaks it or moves it to the edges of what is allowed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gponline_sdk.conformance.checks._invalid_bodies import WriteOperation, write_operations
from gponline_sdk.conformance.checks._support import (
    Canaries,
    london,
    offered,
    offered_by,
    target_of,
)
from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    MessageSubmission,
    OutcomeSubmission,
    Participant,
    TestClock,
    VideoJoinRequest,
    VideoSessionRequest,
)
from gponline_sdk.conformance.core import CheckContext, CheckSkipped
from gponline_sdk.models import (
    Attachment,
    MessageDirection,
    OutcomeKind,
    RequestCategory,
    ToolCapabilities,
)
from gponline_sdk.serde import unstructure

__all__ = ["DAY", "JOIN", "OUTCOME", "operation", "operation_path", "valid_body"]

DAY = date(2026, 12, 2)  # a Wednesday, no bank holiday: the form is open at 10:00
JOIN = "/video/sessions/{reference}/join"
OUTCOME = "/practice/requests/{reference}/outcome"
_PHOTO_BYTES = 2_400_000  # a phone camera's photo, well inside the contract's 20 MiB


def operation(method: str, path: str) -> WriteOperation:
    """The contract's write operation `method path`; CheckSkipped when it has none."""
    for op in write_operations():
        if (op.method, op.path) == (method, path):
            return op
    raise CheckSkipped(f"the contract has no {method} {path} operation with a JSON body")


def _photo(canaries: Canaries, caps: ToolCapabilities | None) -> tuple[Attachment, ...]:
    """One photo of a type the tool accepts, when it declares photo upload; else none.

    With a real attachment in the valid body, the invalid bodies break its own
    fields (a size over the contract's maximum) where the tool reads them.
    """
    if caps is None or not caps.photo_upload:
        return ()
    images = [m for m in caps.accepted_media_types if m.startswith("image/")]
    if not images:
        return ()
    digest = f"{canaries.rng.getrandbits(256):064x}"
    return (Attachment(media_type=images[0], size_bytes=_PHOTO_BYTES, sha256=digest),)


def valid_body(
    ctx: CheckContext,
    op: WriteOperation,
    canaries: Canaries,
    direction: MessageDirection,
    variant: int = 0,
    *,
    photo: bool = True,
) -> dict[str, Any]:
    """A body the contract allows for `op`, from the check's canaries.

    Each call gives another patient and text; `variant` moves a session's start by that
    many quarter hours, so no two bodies book the same instant. A request (one
    capabilities read) asks a question, or seeks health advice where questions are not
    offered (a SHOULD), and carries one photo when the tool declares photo upload,
    unless not `photo`.
    """
    code = canaries.environment.practice_code
    obj: Any
    if op.path == "/requests":
        # One capabilities read, with the photo: a body without one (`photo=False`) asks
        # a question, and its caller takes the category from the first body.
        caps = target_of(ctx).capabilities().value if photo else None
        obj = canaries.submission(
            offered_by(caps).of(RequestCategory.ASK_QUESTION),
            full_contact=True,
            attachments=_photo(canaries, caps) if photo else (),
        )
    elif op.path == "/video/sessions":
        obj = VideoSessionRequest(
            practice_code=code,
            scheduled_start=london(DAY, 15) + timedelta(minutes=15 * variant),
            duration_minutes=15,
        )
    elif op.path == JOIN:
        obj = VideoJoinRequest(participant=Participant.PATIENT)
    elif op.path == "/messages":
        body = canaries.text(f"Conformance suite message, {direction.value}")
        obj = MessageSubmission(practice_code=code, direction=direction, body=body)
    elif op.path == "/contact-details":
        obj = ContactDetailsSubmission(
            practice_code=code, patient=canaries.patient(), contact=canaries.contact(full=True)
        )
    elif op.path == OUTCOME:
        message = canaries.text("Conformance suite triage outcome")
        obj = OutcomeSubmission(kind=OutcomeKind.SELF_CARE_ADVICE, message=message)
    elif op.path == "/test/clock":
        obj = TestClock(now=london(DAY, 10))
    else:
        raise CheckSkipped(f"the suite has no valid body for {op.label}")
    data: dict[str, Any] = unstructure(obj)
    return data


def operation_path(ctx: CheckContext, op: WriteOperation, canaries: Canaries) -> str:
    """The operation's path; joining needs a session, an outcome a request: made here."""
    if op.path == OUTCOME:
        sub = canaries.submission(offered(ctx).of(RequestCategory.ASK_QUESTION))
        ack = target_of(ctx).submit_request(sub)
        if ack.value is None:
            raise CheckSkipped(f"no request to triage: sending one was answered HTTP {ack.status}")
        return op.path.replace("{reference}", ack.value.reference)
    if op.path != JOIN:
        return op.path
    session = target_of(ctx).schedule_video(
        VideoSessionRequest(
            practice_code=canaries.environment.practice_code,
            scheduled_start=london(DAY, 16),
            duration_minutes=10,
        )
    )
    if session.value is None:
        raise CheckSkipped(f"no session to join: scheduling one was answered HTTP {session.status}")
    return op.path.replace("{reference}", session.value.reference)
