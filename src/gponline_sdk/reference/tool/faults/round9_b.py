"""The reference tool's round-9 (part B) fault modes: secure messages about requests.

Each function answers, for a tool with fault `fault`, what the clean tool never does: a
message naming a follow-up in about_request refused as if it named no request; a message
about a request that has an outcome stored without its link to the request; a proxy's
message about a request the patient sent themselves shown as the patient's; a practice
message sent late in the evening or at night stamped 07:00 (held for the morning). The
clean tool gets None, or its input back unchanged, from each (and returns at once).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs

from gponline_sdk.errors import Problem
from gponline_sdk.models import (
    ConsultationRequest,
    MessageDirection,
    RequesterRole,
    SecureMessage,
)

__all__ = ["ROUND9B_FAULTS", "follow_up_refusal", "message_kept"]

_FOLLOW_UP = "message-about-follow-up-refused"
_OUTCOME = "message-after-outcome-unlinked"
_PROXY = "proxy-message-on-own-request-as-patient"
_NIGHT = "practice-night-messages-held-to-0700"
ROUND9B_FAULTS = frozenset({_FOLLOW_UP, _OUTCOME, _PROXY, _NIGHT})
"""The fault modes this module implements."""

_KEPT = frozenset({_OUTCOME, _PROXY, _NIGHT})
_LONDON = ZoneInfo("Europe/London")
# Not the outside variant's 08:00-20:00: a "do not disturb" window of 21:00-07:00.
_QUIET_FROM, _QUIET_TO = time(21, 0), time(7, 0)


def follow_up_refusal(
    fault: str | None, about: str | None, requests: Mapping[str, ConsultationRequest]
) -> Problem | None:
    """The problem a tool that looks about_request up among first requests only finds."""
    if fault != _FOLLOW_UP or about is None:
        return None
    request = requests.get(about)
    if request is None or request.follows_up is None:
        return None
    return Problem(location="$.about_request", message="no request has this reference")


def message_kept(
    fault: str | None,
    message: SecureMessage,
    requests: Mapping[str, ConsultationRequest],
    has_outcome: Callable[[str], bool],
) -> SecureMessage:
    """The message as a tool with fault `fault` keeps (and answers) it; clean: as sent."""
    if fault not in _KEPT:
        return message
    about = message.about_request
    if fault == _OUTCOME and about is not None and has_outcome(about):
        return attrs.evolve(message, about_request=None)  # "closed cases take no messages"
    request = requests.get(about) if about is not None else None
    if (
        fault == _PROXY
        and request is not None
        and message.requester is not None
        and request.requester.role is RequesterRole.PATIENT
    ):
        return attrs.evolve(message, requester=None)  # joined on the request's requester
    if fault == _NIGHT and message.direction is MessageDirection.PRACTICE_TO_PATIENT:
        return attrs.evolve(message, sent_at=_held(message.sent_at))
    return message


def _held(sent_at: datetime) -> datetime:
    """07:00 London after `sent_at` when it falls in the quiet window; else `sent_at`."""
    local = sent_at.astimezone(_LONDON)
    if _QUIET_TO <= local.time() < _QUIET_FROM:
        return sent_at
    day = local.date() + timedelta(days=1 if local.time() >= _QUIET_FROM else 0)
    return datetime.combine(day, _QUIET_TO, tzinfo=_LONDON).astimezone(sent_at.tzinfo)
