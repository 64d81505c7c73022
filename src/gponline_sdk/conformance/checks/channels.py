"""Checks of the other online routes: video, secure messages, contact details (group `channels`)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    expect_same,
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
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import MessageDirection, VideoSessionStatus

__all__: list[str] = []

_DAY = date(2026, 12, 1)  # a Tuesday


@check(
    "channels.video-consultation",
    title="A clinician can schedule a video consultation and both sides can join it",
    requirements=["VC-SCHED-01"],
    group="channels",
)
def video_consultation(ctx: CheckContext) -> None:
    """Schedule, read back, join as patient and professional; the session is then in progress."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "video")
    start = london(_DAY, 15, 0)
    with clock_at(ctx, london(_DAY, 9, 0)):
        session = require(
            target.schedule_video(
                VideoSessionRequest(
                    practice_code=canaries.environment.practice_code,
                    scheduled_start=start,
                    duration_minutes=15,
                )
            ),
            "scheduling a video consultation",
            status=201,
        )
        ctx.expect(session.scheduled_start == start, "the session is not at the time scheduled")
        ctx.expect(session.status is VideoSessionStatus.SCHEDULED, "a new session is not scheduled")
        again = require(target.video_session(session.reference), "reading the session back")
        ctx.expect(again == session, "the session read back differs from the one scheduled")
    with clock_at(ctx, start):
        for who in (Participant.PATIENT, Participant.PROFESSIONAL):
            joined = require(
                target.join_video(session.reference, VideoJoinRequest(participant=who)),
                f"the {who.value} joining",
            )
            ctx.expect(
                urlsplit(joined.join_url).scheme == "https",
                f"the {who.value}'s join link is not an https:// URL",
            )
        ctx.expect(
            joined.status is VideoSessionStatus.IN_PROGRESS,
            "with both sides joined the session is not in progress",
        )


def _send(
    ctx: CheckContext,
    canaries: Canaries,
    direction: MessageDirection,
    in_reply_to: str | None = None,
) -> str:
    target = target_of(ctx)
    body = canaries.text(f"Conformance suite message, {direction.value}")
    sub = MessageSubmission(
        practice_code=canaries.environment.practice_code,
        direction=direction,
        body=body,
        in_reply_to=in_reply_to,
    )
    sent = require(target.send_message(sub), f"sending a {direction.value} message", status=201)
    ctx.expect(sent.direction is direction, "the message is recorded in the wrong direction")
    ctx.expect(sent.body == body, "the message body was changed")
    return sent.reference


@check(
    "channels.message-patient-to-practice",
    title="The patient can send the practice a secure message",
    requirements=["MSG-IN-01"],
    group="channels",
)
def message_in(ctx: CheckContext) -> None:
    """A patient's message starts a thread the practice can read."""
    canaries = Canaries(ctx, "message-in")
    with clock_at(ctx, london(_DAY, 10, 0)):
        ref = _send(ctx, canaries, MessageDirection.PATIENT_TO_PRACTICE)
        thread = require(target_of(ctx).message_thread(ref), "reading the thread")
    ctx.expect(
        [m.reference for m in thread.messages] == [ref],
        "the practice's thread does not hold the patient's message",
    )


@check(
    "channels.message-practice-to-patient",
    title="The practice can send the patient a secure message",
    requirements=["MSG-OUT-01"],
    group="channels",
)
def message_out(ctx: CheckContext) -> None:
    """The practice starts a thread with a message to the patient; the thread holds it."""
    canaries = Canaries(ctx, "message-out")
    with clock_at(ctx, london(_DAY, 10, 30)):
        ref = _send(ctx, canaries, MessageDirection.PRACTICE_TO_PATIENT)
        thread = require(target_of(ctx).message_thread(ref), "reading the thread")
    ctx.expect(
        [(m.reference, m.direction) for m in thread.messages]
        == [(ref, MessageDirection.PRACTICE_TO_PATIENT)],
        "the thread does not hold the practice's message to the patient",
    )


@check(
    "channels.contact-details-update",
    title="Patients can update their personal and contact details online",
    requirements=["CD-UPD-01"],
    group="channels",
)
def contact_details_update(ctx: CheckContext) -> None:
    """An update sent by the patient reaches the practice as sent."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "contact-update")
    now = london(_DAY, 11, 0)
    sub = ContactDetailsSubmission(
        practice_code=canaries.environment.practice_code,
        patient=canaries.patient(),
        contact=canaries.contact(full=True),
    )
    with clock_at(ctx, now):
        update = require(target.update_contact_details(sub), "sending an update", status=201)
        seen = require(
            target.practice_contact_details(update.reference), "the practice reading the update"
        )
    ctx.expect(update.submitted_at == now, "the update's submitted_at is not the tool's now")
    expect_same(ctx, seen.patient, sub.patient, "the updated personal details")
    expect_same(ctx, seen.contact, sub.contact, "the updated contact details")
