"""The reference tool's round-9 (part C) fault modes: usage record IDs.

Each function answers, for a tool with fault `fault`, what the clean tool never does: a
record ID that is a name-based UUID (version 3, DNS namespace) of the reference, or an HMAC
keyed with the empty key of the reference framed with the public supplier ID, a VC
record's duration cut at 150 minutes, a proxy with the patient's family name reported
as the patient, a contact update by a proxy with the patient's full name stored with requester
null. The clean tool gets None (or its input) from each.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from gponline_sdk.models import PatientDetails, Requester, RequesterRole

__all__ = ["ROUND9C_FAULTS", "contact_requester", "record_id", "usage_role", "vc_duration"]

_UUID3 = "usage-ids-uuid3-dns-reference"
_FRAMED_EMPTY_KEY = "usage-ids-framed-empty-key-sha1"
_VC_CAPPED = "usage-vc-duration-capped-150"
_VC_CAP = 150  # minutes: an export field sized for the sessions the tool expected
_SURNAME_SELF = "usage-proxy-surname-as-patient"
_CONTACT_SELF = "contact-proxy-full-name-as-patient"
ROUND9C_FAULTS = frozenset({_UUID3, _FRAMED_EMPTY_KEY, _VC_CAPPED, _SURNAME_SELF, _CONTACT_SELF})


def contact_requester(
    fault: str | None, requester: Requester | None, patient: PatientDetails
) -> Requester | None:
    """A contact update's stored requester as fault `fault` keeps it.

    The fault takes a proxy with the patient's given and family name for the patient
    ("sent from their own account") and stores the update with requester null.
    """
    if fault != _CONTACT_SELF or requester is None or requester.proxy_name is None:
        return requester
    own = f"{patient.given_name} {patient.family_name}".casefold()
    return None if requester.proxy_name.casefold() == own else requester


def usage_role(
    fault: str | None, requester: Requester, patient: PatientDetails, role: RequesterRole
) -> RequesterRole:
    """A request's requester_role in usage as fault `fault` reports it.

    The fault's "household account" rule: a proxy whose name ends with the patient's family
    name is taken for the patient.
    """
    if fault != _SURNAME_SELF or requester.proxy_name is None:
        return role
    if requester.proxy_name.casefold().endswith(patient.family_name.casefold()):
        return RequesterRole.PATIENT
    return role


def vc_duration(fault: str | None, minutes: int | None) -> int | None:
    """A VC record's duration_minutes as fault `fault` reports it (cut at 150 minutes)."""
    if fault != _VC_CAPPED or minutes is None:
        return minutes
    return min(minutes, _VC_CAP)


def record_id(fault: str | None, reference: str, supplier_id: str) -> str | None:
    """The record ID of a round-9C usage-ID fault, or None (the clean tool's own ID stands)."""
    if fault not in (_UUID3, _FRAMED_EMPTY_KEY):
        return None
    if fault == _UUID3:
        # "Looks random": an MD5 of a public namespace and the reference, no key.
        return str(uuid.uuid3(uuid.NAMESPACE_DNS, reference))
    # The key was never configured: HMAC under the empty key, message framed with public text.
    message = f"{reference}:{supplier_id}".encode()
    return hmac.new(b"", message, hashlib.sha1).hexdigest()
