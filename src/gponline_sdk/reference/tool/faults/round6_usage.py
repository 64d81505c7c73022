"""The reference tool's round-6 fault modes for the weekly usage export (REP-OC-01).

Each function answers, for a tool with fault `fault`, what the clean export
never does: a paged read that skips the first record of every page after the
first, requests left out once the practice closed or signposted them, a
request_type guessed from the patient's words, has_attachments false for an
empty photo. The clean tool gets its input back unchanged from each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from gponline_sdk.models import Attachment, Outcome, OutcomeKind, RequestType

__all__ = ["BY_OUTCOME", "PAGE", "has_attachments", "left_out", "paged", "request_type"]

T = TypeVar("T")

BY_OUTCOME = "usage-omits-closed-requests"
"""The fault that reads each request's outcome (the clean export never needs to)."""
PAGE = 1_000
"""Fault usage-paged-skips-page-start's page size: a round number, as stores page."""

_NOT_CONSULTATIONS = frozenset(
    {OutcomeKind.CLOSED_NO_ACTION, OutcomeKind.SIGNPOSTED_111, OutcomeKind.SIGNPOSTED_PHARMACY}
)
# A symptom-word router: any request that mentions one is "clinical", whatever its category.
_SYMPTOM_WORDS = re.compile(
    r"\b(pain|painful|rash|cough|fever|dizzy|swollen|headaches?|bleeding|infection)\b",
    re.IGNORECASE,
)


def paged(fault: str | None, records: Sequence[T]) -> list[T]:
    """The week's records as the export reads them: every page whole, for the clean tool.

    The fault reads page k from OFFSET k*PAGE+1: the first record of every page after
    the first is never read.
    """
    if fault != "usage-paged-skips-page-start":
        return list(records)
    return [r for i, r in enumerate(records) if i < PAGE or i % PAGE != 0]


def left_out(fault: str | None, outcome: Outcome | None) -> bool:
    """Whether the export leaves a request out for the outcome the practice recorded."""
    return fault == BY_OUTCOME and outcome is not None and outcome.kind in _NOT_CONSULTATIONS


def request_type(fault: str | None, description: str, by_category: RequestType) -> RequestType:
    """The request_type reported: the category's, unless a text classifier overrides it."""
    if fault == "usage-type-by-keywords" and _SYMPTOM_WORDS.search(description):
        return RequestType.CLINICAL
    return by_category


def has_attachments(fault: str | None, attachments: Sequence[Attachment]) -> bool:
    """Whether the request came with an attachment (the fault ignores 0-byte files)."""
    if fault == "usage-attachments-ignore-empty":
        return any(a.size_bytes > 0 for a in attachments)
    return bool(attachments)
