"""The reference tool's round-9 (part A) fault modes: medication doses, lookups, status times.

Each function answers, for a tool with fault `fault`, what the clean tool never does: a
medication query naming a dose in grams turned away, a practice lookup that takes O for 0,
a status whose respond_by never shows as passed, an NHS number read through NFKC, an instant
with a decimal comma before milliseconds, a closed message naming today's weekday. The
clean tool gets None (or its input unchanged) from each, before any work.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

import attrs
import orjson

from gponline_sdk.conformance.contract import RequestStatus, RequestSubmission
from gponline_sdk.models import ConsultationRequest

__all__ = [
    "ROUND9A_FAULTS",
    "dose_refusal",
    "practice_reference",
    "read",
    "status_shown",
    "weekday_shown",
]

_GRAMS = "med-gram-dose-409"
_O_ZERO = "practice-lookup-o-zero-folded"
_DUE = "status-respond-by-not-before-read"
_NFKC = "nhs-number-nfkc-read"
_MILLIS = "instant-comma-millis-read"
_TODAY = "closed-message-weekday-of-today"
ROUND9A_FAULTS = frozenset({_GRAMS, _O_ZERO, _DUE, _NFKC, _MILLIS, _TODAY})
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


# Java's "HH:mm:ss,SSS" (a log-style timestamp): a comma before exactly three digits.
_COMMA_MILLIS = re.compile(r"(T\d{2}:\d{2}:\d{2}),(\d{3})(?=Z|[+-]\d{2}:\d{2})")


def read(fault: str | None, body: bytes, cls: type[Any]) -> bytes:
    """The body as a lenient reader takes it, for the round-9 reading faults.

    nhs-number-nfkc-read: the patient's NHS number NFKC-normalised before it is checked
    (full-width and small hyphen-minus, full-width digits become ASCII) and stored so;
    instant-comma-millis-read: a top-level instant's ",SSS" fraction read as ".SSS".
    """
    if fault not in (_NFKC, _MILLIS) or cls.__name__ == "TestClock":
        return body
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if not isinstance(data, dict):
        return body
    patient = data.get("patient")
    if fault == _NFKC and isinstance(patient, dict) and isinstance(patient.get("nhs_number"), str):
        patient["nhs_number"] = unicodedata.normalize("NFKC", patient["nhs_number"])
    if fault == _MILLIS:
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = _COMMA_MILLIS.sub(r"\1.\2", value)
    return orjson.dumps(data)


def weekday_shown(fault: str | None, opening: datetime, now: datetime) -> datetime:
    """The instant whose weekday the closed message names beside `opening`'s date.

    With the fault, today's (the message template fills the weekday from the request's
    time, the date from the opening's): "from 08:00 on Friday 07 December" for a Monday.
    """
    if fault != _TODAY:
        return opening
    return now.astimezone(opening.tzinfo)
