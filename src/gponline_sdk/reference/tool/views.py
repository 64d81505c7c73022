"""The reference tool's request fault modes: what the practice sees, and whom it refuses.

`practice_view` changes the practice's view of a stored request the way a tool
with one of these defects shows it (line ends normalised, text NFC-composed,
names re-cased, the contact preference lost, the time written wrong, a
follow-up linked to the first of its chain). `refusal` turns away a valid
request the way a tool with a rule stricter than the contract does. The clean
tool never calls either with a fault of this module.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.errors import Problem
from gponline_sdk.models import CORE_HOURS, ConsultationRequest

__all__ = ["practice_view", "refusal"]


def _root(reference: str, requests: Mapping[str, ConsultationRequest]) -> str:
    seen = {reference}
    request = requests.get(reference)
    while request is not None and request.follows_up is not None:
        if request.follows_up in seen:
            break
        reference = request.follows_up
        seen.add(reference)
        request = requests.get(reference)
    return reference


def practice_view(
    fault: str | None,
    request: ConsultationRequest,
    seen: dict[str, Any],
    requests: Mapping[str, ConsultationRequest],
) -> None:
    """Change `seen` (the practice's view of `request`, as JSON data) as fault `fault` does."""
    if fault == "follow-up-linked-to-first-request" and request.follows_up is not None:
        seen["follows_up"] = _root(request.follows_up, requests)
    elif fault == "normalises-line-breaks":
        seen["description"] = seen["description"].replace("\r\n", "\n").replace("\r", "\n")
    elif fault == "nfc-normalises-text":
        seen["description"] = unicodedata.normalize("NFC", seen["description"])
    elif fault == "title-cases-names":
        for name in ("given_name", "family_name"):
            seen["patient"][name] = seen["patient"][name].title()
    elif fault == "drops-contact-preference":
        seen["contact"]["preferred"] = None
    elif fault == "practice-view-wall-time-as-utc":
        wall = request.submitted_at.astimezone(CORE_HOURS.zone).replace(tzinfo=timezone.utc)
        seen["submitted_at"] = wall.isoformat().replace("+00:00", "Z")


def _under_5(born: date, now: datetime) -> bool:
    today = now.astimezone(CORE_HOURS.zone).date()
    fifth = date(born.year + 5, born.month, 28 if (born.month, born.day) == (2, 29) else born.day)
    return today < fifth


def refusal(
    fault: str | None,
    sub: RequestSubmission,
    now: datetime,
    requests: Mapping[str, ConsultationRequest],
) -> Problem | None:
    """The problem a tool with fault `fault` finds in the valid request `sub`, if any."""
    if fault == "refuses-follow-up-of-follow-up" and sub.follows_up is not None:
        earlier = requests.get(sub.follows_up)
        if earlier is not None and earlier.follows_up is not None:
            return Problem(location="$.follows_up", message="must name an original request")
    if fault == "refuses-under-5s" and _under_5(sub.patient.date_of_birth, now):
        return Problem(location="$.patient.date_of_birth", message="the patient must be 5 or older")
    return None
