"""The reference tool's fault modes for contact details kinds and proxies.

Each function answers, for a tool with fault `fault`, what the clean tool never
does: an update's ethnicity dropped, a new name shown as the name first held for
the NHS number, a proxy's update refused, a proxy's request for an adult refused.
The clean tool gets the update as sent (or None) from each.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import attrs

from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    ErrorBody,
    ErrorProblem,
    RequestSubmission,
)
from gponline_sdk.errors import Problem
from gponline_sdk.models import CORE_HOURS, ContactDetailsUpdate, RequesterRole

__all__ = ["contact_proxy_refusal", "contact_shown", "request_proxy_refusal"]

_ADULT = 16  # the age from which a tool with fault proxy-requests-children-only refuses proxies


def contact_proxy_refusal(fault: str | None, sub: ContactDetailsSubmission) -> Problem | None:
    """The problem a tool taking updates from the patient only finds in a proxy's update."""
    proxied = sub.requester is not None and sub.requester.role is RequesterRole.PROXY
    if fault == "contact-refuses-proxy" and proxied:
        return Problem(location="$.requester", message="only the patient can update their details")
    return None


def contact_shown(
    fault: str | None, update: ContactDetailsUpdate, held: Iterable[ContactDetailsUpdate]
) -> ContactDetailsUpdate:
    """The update as a tool with fault `fault` stores it (`held`: the updates before it)."""
    if fault == "contact-drops-ethnicity":
        # No column for it: the form asks, the record keeps nothing.
        return attrs.evolve(update, ethnicity=None)
    number = update.patient.nhs_number
    if fault == "contact-keeps-registered-name" and number is not None:
        # Matched on the NHS number to the registration, whose name the update never changes.
        first = next((u for u in held if u.patient.nhs_number == number), None)
        if first is not None:
            patient = attrs.evolve(
                update.patient,
                given_name=first.patient.given_name,
                family_name=first.patient.family_name,
            )
            return attrs.evolve(update, patient=patient)
    return update


def _age(born: date, now: datetime) -> int:
    today = now.astimezone(CORE_HOURS.zone).date()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def request_proxy_refusal(
    fault: str | None, sub: RequestSubmission, now: datetime
) -> ErrorBody | None:
    """The 422 body of a tool taking proxies for children only, for a proxy's request."""
    if fault != "proxy-requests-children-only" or sub.requester.role is not RequesterRole.PROXY:
        return None
    if _age(sub.patient.date_of_birth, now) < _ADULT:
        return None
    problem = ErrorProblem(
        location="$.requester.role", message="a patient aged 16 or over must make their own request"
    )
    return ErrorBody(message="a proxy can act only for a child", problems=(problem,))
