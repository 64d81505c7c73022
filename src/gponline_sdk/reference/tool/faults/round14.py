"""The reference tool's round-14 fault modes, after the thirteenth outside set's misses.

A pair: an acknowledgement that hands a request to NHS 111 by a rule on what it carries,
which only the requests of checks that read something else carry (the thirteenth set's
`b13-ack-111-instead-for-photo-requests`): requests with a photo ("a photo needs a
clinician now: use NHS 111 online instead"), or requests from a proxy. Found by
`availability.no-111-anywhere`, which reads every acknowledgement of the run. The clean tool
gets "" from `ack_line`.
"""

from __future__ import annotations

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.models import RequesterRole

__all__ = ["ROUND14_FAULTS", "ack_line"]

_PHOTOS = "ack-111-instead-for-photos"
_PROXIES = "ack-111-for-proxies"
ROUND14_FAULTS = frozenset({_PHOTOS, _PROXIES})


def ack_line(fault: str | None, sub: RequestSubmission) -> str:
    """A sentence the acknowledgement ends with, if the fault adds one to this request."""
    if fault == _PHOTOS and sub.attachments:
        return " As you sent a photo, please use NHS 111 online instead."
    if fault == _PROXIES and sub.requester.role is RequesterRole.PROXY:
        return " If you are asking for someone else, please call NHS 111."
    return ""
