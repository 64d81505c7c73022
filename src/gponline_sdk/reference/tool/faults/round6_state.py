"""The reference tool's round-6 fault modes for hours, caps, NHS 111 and request state.

Each function answers, for a tool with fault `fault`, what the clean tool never does:
follow-ups or a proxy's requests let through a closed form, a daily storage quota on
photos, clinical requests in a non-Latin script sent to NHS 111, and a request the
practice can no longer read once a closing outcome is recorded. The clean tool gets
False (or None) from each.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.models import (
    CORE_HOURS,
    ConsultationRequest,
    OutcomeKind,
    RequestCategory,
    RequesterRole,
    RequestType,
)

__all__ = ["STATE_FAULTS", "archives", "bypasses_closed", "refuses_script", "storage_full"]

STATE_FAULTS = frozenset(
    {
        "follow-ups-ignore-hours",
        "proxies-ignore-hours",
        "photo-storage-quota-1gib",
        "text-quota-500k-chars",
        "non-latin-clinical-to-111",
        "closing-outcome-archives-request",
    }
)
"""The fault modes this module implements."""

QUOTA_BYTES = 1024**3
"""The day's attachment bytes fault photo-storage-quota-1gib takes (a storage plan's limit)."""
QUOTA_CHARS = 500_000
"""The day's description characters fault text-quota-500k-chars takes (a database's quota)."""

# The kinds that "close" a request in a triage list which moves closed rows to an archive.
_CLOSING = frozenset(
    {
        OutcomeKind.ADMIN_COMPLETED,
        OutcomeKind.CLOSED_NO_ACTION,
        OutcomeKind.SIGNPOSTED_111,
        OutcomeKind.SIGNPOSTED_PHARMACY,
        OutcomeKind.REFERRED,
    }
)


def bypasses_closed(fault: str | None, sub: RequestSubmission) -> bool:
    """Whether a closed form lets `sub` through (it goes by another route than the form)."""
    if fault == "follow-ups-ignore-hours":
        # Follow-ups go straight into the earlier request's conversation, which has no hours.
        return sub.category is RequestCategory.FOLLOW_UP
    if fault == "proxies-ignore-hours":
        # The proxy form is a separate page, never wired to the opening hours.
        return sub.requester.role is RequesterRole.PROXY
    return False


def storage_full(
    fault: str | None, sub: RequestSubmission, day: date, held: Iterable[ConsultationRequest]
) -> bool:
    """Whether the day's storage quota (photo bytes, or characters of text) refuses `sub`."""
    if fault not in ("photo-storage-quota-1gib", "text-quota-500k-chars"):
        return False
    todays = [r for r in held if r.submitted_at.astimezone(CORE_HOURS.zone).date() == day]
    if fault == "text-quota-500k-chars":
        used = sum(len(r.description) for r in todays)
        return used + len(sub.description) > QUOTA_CHARS
    if not sub.attachments:
        return False
    used = sum(a.size_bytes for r in todays for a in r.attachments)
    return used + sum(a.size_bytes for a in sub.attachments) > QUOTA_BYTES


def refuses_script(fault: str | None, sub: RequestSubmission) -> bool:
    """Whether a clinical request is sent to NHS 111 for the script it is written in."""
    if (
        fault != "non-latin-clinical-to-111"
        or sub.category.request_type is not RequestType.CLINICAL
    ):
        return False
    letters = [c for c in sub.description if c.isalpha()]
    other = [c for c in letters if not unicodedata.name(c, "").startswith("LATIN")]
    return bool(letters) and 2 * len(other) > len(letters)


def archives(fault: str | None, kind: OutcomeKind) -> bool:
    """Whether recording an outcome of `kind` moves the request out of the practice's view."""
    return fault == "closing-outcome-archives-request" and kind in _CLOSING
