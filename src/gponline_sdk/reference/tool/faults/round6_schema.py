"""The reference tool's round-6 fault modes for schema rules, proxies, dates and doses.

Each function answers, for a tool with fault `fault`, what the clean tool never does: a
JSON true read as the integer 1, the proxy rule kept on requests only, any capital letter
taken as an ethnic category, an NHS number asked of attorneys and deputies, a date of
birth judged by the server's real date, a dose's "mcg" spelt out. The clean tool gets
its input back unchanged (or None) from each.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    MessageSubmission,
    RequestSubmission,
    VideoSessionRequest,
)
from gponline_sdk.errors import Problem
from gponline_sdk.models import PatientDetails

__all__ = ["SCHEMA_FAULTS", "contact_refusal", "practice_view", "read", "request_refusal"]

_BOOL_INTEGERS = "duration-true-as-one"
_PROXY_REQUESTS_ONLY = "proxy-rule-on-requests-only"
_ANY_CAPITAL = "ethnicity-any-capital-letter"
_ATTORNEY = "attorney-needs-nhs-number"
_REAL_CLOCK = "dob-judged-by-real-clock"
_MCG = "mcg-spelt-out"
SCHEMA_FAULTS = frozenset(
    {_BOOL_INTEGERS, _PROXY_REQUESTS_ONLY, _ANY_CAPITAL, _ATTORNEY, _REAL_CLOCK, _MCG}
)
"""The fault modes this module implements."""

# The server's real date, never before 2029: the suite's fixed clocks (2026 and 2027) are
# all in its past, so only a clock set years ahead tells the fault apart, whatever day the
# self-test runs on.
_REAL_FLOOR = date(2029, 1, 1)
_DOSE = re.compile(r"(\d)\s?(?:mcg|\u00b5g|\u03bcg)\b")


def read(fault: str | None, body: bytes, cls: type[Any]) -> bytes:
    """`body` as a tool with fault `fault` reads it, for a `cls` body (else unchanged)."""
    if fault not in (_BOOL_INTEGERS, _PROXY_REQUESTS_ONLY, _ANY_CAPITAL):
        return body
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if not isinstance(data, dict):
        return body
    if fault == _BOOL_INTEGERS and cls is VideoSessionRequest:
        minutes = data.get("duration_minutes")
        if isinstance(minutes, bool):
            data["duration_minutes"] = int(minutes)  # Python's bool is an int
    elif fault == _PROXY_REQUESTS_ONLY and cls in (MessageSubmission, ContactDetailsSubmission):
        requester = data.get("requester")
        if isinstance(requester, dict) and requester.get("role") == "proxy":
            for name in ("proxy_name", "relationship"):
                if not requester.get(name):
                    requester[name] = "(not given)"  # the rule was written for the form only
    elif fault == _ANY_CAPITAL and cls is ContactDetailsSubmission:
        code = data.get("ethnicity")
        if isinstance(code, str) and re.fullmatch("[A-Z]", code):
            data["ethnicity"] = "Z" if code in "IOQTUVWXY" else code  # "one capital letter"
    return orjson.dumps(data)


def _dob_problem(fault: str | None, patient: PatientDetails) -> Problem | None:
    if fault != _REAL_CLOCK:
        return None
    real = max(datetime.now(ZoneInfo("Europe/London")).date(), _REAL_FLOOR)
    if patient.date_of_birth > real:
        return Problem(location="$.patient.date_of_birth", message="is in the future")
    return None


def request_refusal(fault: str | None, sub: RequestSubmission) -> Problem | None:
    """The problem a tool with fault `fault` finds in a valid request `sub`, if any."""
    relationship = sub.requester.relationship or ""
    if (
        fault == _ATTORNEY
        and re.search("attorney|deputy", relationship, re.IGNORECASE)
        and sub.patient.nhs_number is None
    ):
        return Problem(location="$.patient.nhs_number", message="we need it to check the LPA")
    return _dob_problem(fault, sub.patient)


def contact_refusal(fault: str | None, sub: ContactDetailsSubmission) -> Problem | None:
    """The problem a tool with fault `fault` finds in a valid contact details update."""
    return _dob_problem(fault, sub.patient)


def practice_view(fault: str | None, seen: dict[str, Any]) -> None:
    """Change `seen` (the practice's view of a request, JSON data) as fault `fault` does."""
    if fault == _MCG and isinstance(seen.get("description"), str):
        seen["description"] = _DOSE.sub(r"\1 micrograms", seen["description"])
