"""The reference tool's channel fault modes for unknown references and contact values.

Each function answers, for a tool with fault `fault`, what the clean tool never
does: a reply to no message starting a thread, an unknown contact details
reference reading another patient's update, a join of no session opening a room,
a contact update with a landline refused. The clean tool gets None (or False)
from each and refuses or accepts as the contract says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from gponline_sdk.conformance.contract import ContactDetailsSubmission, VideoJoin, VideoJoinRequest
from gponline_sdk.errors import Problem
from gponline_sdk.models import ContactDetailsUpdate, VideoSessionStatus

__all__ = ["contact_for_unknown", "join_for_unknown", "landline_refusal", "unknown_reply_allowed"]

# A UK mobile once '+44' or '0' is taken off: 7, then nine digits.
_MOBILE = re.compile(r"^(?:44|0)7[0-9]{9}$")


def unknown_reply_allowed(fault: str | None) -> bool:
    """Whether a reply naming no message is taken and filed as a new thread."""
    return fault == "replies-to-unknown-start-threads"


def contact_for_unknown(
    fault: str | None, reference: str, held: Sequence[ContactDetailsUpdate]
) -> ContactDetailsUpdate | None:
    """What a faulty tool reads for a contact details reference it does not hold."""
    if fault == "contact-unknown-reads-latest" and held:
        # "Not found? show the newest": a lookup falling back to the last update filed.
        return attrs.evolve(held[-1], reference=reference)
    return None


def join_for_unknown(fault: str | None, reference: str, join: VideoJoinRequest) -> VideoJoin | None:
    """What a faulty tool answers to a join of a session it does not hold."""
    if fault != "video-join-unknown-opens-room":
        return None
    # The video provider makes rooms on demand: any reference opens an empty one.
    return VideoJoin(
        session_reference=reference,
        participant=join.participant,
        join_url=f"https://video.reference-tool.invalid/room/{len(reference)}",
        status=VideoSessionStatus.SCHEDULED,
    )


def landline_refusal(fault: str | None, sub: ContactDetailsSubmission) -> Problem | None:
    """The problem a tool taking only mobiles ("we text you a code") finds in an update."""
    phone = sub.contact.phone
    if fault != "contact-updates-mobile-only" or phone is None:
        return None
    if _MOBILE.match(re.sub(r"[^0-9]", "", phone)):
        return None
    return Problem(location="$.contact.phone", message="enter a mobile number")
