"""The reference tool's round-6 fault modes for messages, video sessions and contact details.

Each function answers, for a tool with fault `fault`, what the clean tool never does:
a long practice message cut in two, a repeated message taken for the earlier one, a
tied sent_at moved, a patient's about_request not looked up, a proxy's ethnicity
lost, a session read back rounded or to the second, joins keyed by the start instant.
The clean tool gets its input back unchanged (or None) from each.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import attrs

from gponline_sdk.models import (
    ContactDetailsUpdate,
    MessageDirection,
    RequesterRole,
    SecureMessage,
    VideoSession,
)

__all__ = [
    "SPLIT_AT",
    "about_request_checked",
    "contact_shown",
    "joins_shared",
    "message_split",
    "repeat_of",
    "sent_at_for_ties",
    "video_read",
]

SPLIT_AT = 4_096
"""Where fault practice-messages-split-4096 cuts a practice message (a gateway's part size)."""

_REPEAT_WINDOW = timedelta(seconds=30)


def message_split(fault: str | None, message: SecureMessage) -> tuple[str, str | None]:
    """The body kept, and the rest filed as a second message (None: kept whole)."""
    if (
        fault == "practice-messages-split-4096"
        and message.direction is MessageDirection.PRACTICE_TO_PATIENT
        and len(message.body) > SPLIT_AT
    ):
        return message.body[:SPLIT_AT], message.body[SPLIT_AT:]
    return message.body, None


def repeat_of(
    fault: str | None, message: SecureMessage, held: Mapping[str, SecureMessage]
) -> SecureMessage | None:
    """The earlier message a double-submit guard answers with instead (None: a new one)."""
    if fault != "message-repeat-returns-earlier":
        return None
    for earlier in reversed(list(held.values())):
        if (earlier.body, earlier.direction, earlier.in_reply_to) == (
            message.body,
            message.direction,
            message.in_reply_to,
        ) and abs(message.sent_at - earlier.sent_at) <= _REPEAT_WINDOW:
            return earlier
    return None


def sent_at_for_ties(
    fault: str | None, message: SecureMessage, thread: list[SecureMessage]
) -> SecureMessage:
    """The message with the sent_at a tool that keeps sent_at unique in a thread gives it."""
    if fault != "message-tie-sent-at-bumped" or not thread:
        return message
    last = max(m.sent_at for m in thread)
    if message.sent_at <= last:
        return attrs.evolve(message, sent_at=last + timedelta(milliseconds=1))
    return message


def about_request_checked(fault: str | None, direction: MessageDirection) -> bool:
    """Whether the tool looks a message's about_request up (the fault: practice replies only)."""
    return not (
        fault == "patient-about-request-unchecked"
        and direction is MessageDirection.PATIENT_TO_PRACTICE
    )


def contact_shown(fault: str | None, update: ContactDetailsUpdate) -> ContactDetailsUpdate:
    """A contact update as the practice sees it (the fault: a proxy's ethnicity lost)."""
    proxied = update.requester is not None and update.requester.role is RequesterRole.PROXY
    if fault == "contact-proxy-ethnicity-dropped" and proxied:
        # The proxy form has no ethnicity question: the value sent is never stored.
        return attrs.evolve(update, ethnicity=None)
    return update


def video_read(fault: str | None, session: VideoSession) -> VideoSession:
    """A session as GET shows it (the faults: the length rounded, the start to the second)."""
    if fault == "video-duration-rounded-on-read":
        # Read from the diary's 5-minute slots, not from the booking.
        rounded = min(240, -(-session.duration_minutes // 5) * 5)
        return attrs.evolve(session, duration_minutes=rounded)
    if fault == "video-start-whole-seconds-on-read":
        # A DATETIME(0) column: the fraction of a second is lost on the way in.
        return attrs.evolve(session, scheduled_start=session.scheduled_start.replace(microsecond=0))
    return session


def joins_shared(
    fault: str | None, session: VideoSession, sessions: Mapping[str, VideoSession]
) -> list[str]:
    """The other sessions a join also joins (the fault: joins keyed by the start instant)."""
    if fault != "video-joins-by-start":
        return []
    return [
        ref
        for ref, other in sessions.items()
        if ref != session.reference and other.scheduled_start == session.scheduled_start
    ]
