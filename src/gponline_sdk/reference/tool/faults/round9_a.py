"""The reference tool's round-9 (part A) fault modes: medication doses, lookups, status times.

Each function answers, for a tool with fault `fault`, what the clean tool never does: a
medication query naming a dose in grams turned away, a practice lookup that takes O for 0,
a status whose respond_by never shows as passed. The clean tool gets None (or its input
unchanged) from each, before any work.
"""

from __future__ import annotations

import re
from datetime import datetime

import attrs

from gponline_sdk.conformance.contract import RequestStatus, RequestSubmission
from gponline_sdk.models import ConsultationRequest

__all__ = ["ROUND9A_FAULTS", "dose_refusal", "practice_reference", "status_shown"]

_GRAMS = "med-gram-dose-409"
_O_ZERO = "practice-lookup-o-zero-folded"
_DUE = "status-respond-by-not-before-read"
ROUND9A_FAULTS = frozenset({_GRAMS, _O_ZERO, _DUE})
"""The fault modes this module implements."""

# A "dose safety" rule at the door: any dose written in grams (1 g, 1.5g, 2 grams) is
# taken for an overdose risk. Milligram doses pass, whatever their size.
_GRAM_DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:g|grams?)\b", re.IGNORECASE)


def dose_refusal(fault: str | None, sub: RequestSubmission) -> str | None:
    """The 409 message refusing a medication query that names a dose in grams, if the fault."""
    if fault != _GRAMS or not _GRAM_DOSE.search(sub.description):
        return None
    return "Please phone the practice about doses in grams."


def practice_reference(
    fault: str | None, reference: str, requests: dict[str, ConsultationRequest]
) -> str:
    """The reference the practice's lookup finds: with the fault, O and 0 taken as one."""
    if fault != _O_ZERO or reference in requests:
        return reference
    # References read out over the phone: letter O and digit zero folded together.
    wanted = reference.replace("O", "0")
    return next((ref for ref in requests if ref.replace("O", "0") == wanted), reference)


def status_shown(fault: str | None, status: RequestStatus, now: datetime) -> RequestStatus:
    """The patient's status as shown: with the fault, a passed respond_by shows as now."""
    if fault != _DUE or status.respond_by >= now:
        return status
    # A "due" field clamped so that the patient app never shows an overdue date.
    return attrs.evolve(status, respond_by=now)
