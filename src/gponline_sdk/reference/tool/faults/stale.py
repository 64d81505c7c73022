"""The reference tool's fault modes for reads that go stale, or hold for most inputs only.

A thread served from a cache filled at its first read; messages sharing one
sent_at shown newest first; usage record IDs keyed with the date of the export;
a proxy who is a parent reported as the patient; a video record's status as
booked. The clean tool gets each value unchanged from every function here.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import MutableMapping
from datetime import datetime

from gponline_sdk.models import CORE_HOURS, Requester, RequesterRole, SecureMessage
from gponline_sdk.models import VideoSessionStatus as Status

__all__ = ["thread_shown", "usage_pseudonym", "usage_role", "vc_status"]

# A legacy "child account" model: a parent or guardian acting for a child is the account
# holder, so the export calls them the patient. Other proxies (carers, children) are right.
_PARENT_WORDS = frozenset(
    {"mother", "father", "parent", "guardian", "legal guardian", "mum", "dad"}
)


def thread_shown(
    fault: str | None,
    reads: MutableMapping[str, tuple[SecureMessage, ...]],
    thread: str,
    messages: tuple[SecureMessage, ...],
) -> tuple[SecureMessage, ...]:
    """The thread `thread` as a faulty tool serves it (`reads`: its cache of earlier reads)."""
    if fault == "thread-read-cached":
        return reads.setdefault(thread, messages)
    if fault == "thread-ties-newest-first":
        # Oldest first by sent_at, but ties newest first (a sort on sent_at, then id desc).
        ranked = sorted(enumerate(messages), key=lambda im: (im[1].sent_at, -im[0]))
        return tuple(m for _, m in ranked)
    return messages


def usage_pseudonym(fault: str | None, key: bytes, reference: str, now: datetime) -> str:
    """A request's or session's record ID: HMAC-SHA256 of its reference, keyed."""
    if fault == "usage-ids-keyed-by-export-day":
        # A key "rotated" daily: the same request gets another ID on another day's read.
        key += now.astimezone(CORE_HOURS.zone).date().isoformat().encode()
    return hmac.new(key, reference.encode(), hashlib.sha256).hexdigest()[:32]


def usage_role(fault: str | None, requester: Requester, role: RequesterRole) -> RequesterRole:
    """The requester_role a faulty tool reports for `requester` (`role`: as it stands)."""
    words = (requester.relationship or "").strip().lower()
    if fault == "usage-parent-proxy-as-patient" and words in _PARENT_WORDS:
        return RequesterRole.PATIENT
    return role


def vc_status(fault: str | None, status: Status) -> Status:
    """The status a faulty tool's video usage record gives for a session now `status`."""
    return Status.SCHEDULED if fault == "usage-vc-status-at-booking" else status
