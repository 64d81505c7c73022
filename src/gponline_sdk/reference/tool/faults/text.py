"""The reference tool's fault modes that change data only for some inputs.

Each bites a value the common corpus never has: a line or paragraph separator
(U+2028, U+2029) or NEL turned into a line feed by a "JS-safe" JSON encoder, an
`http://` link rewritten by an "HTTPS everywhere" proxy, an emoji's skin tone
dropped by an emoji filter, a 0-byte upload's type sniffed again, photos taken
with symptoms only, and the proxy or contact details pre-filled from the
patient's first request. The clean tool changes nothing in any of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.errors import Problem
from gponline_sdk.models import ConsultationRequest, RequestCategory, RequesterRole
from gponline_sdk.serde import unstructure

__all__ = ["practice_view", "refusal"]


_SEPARATORS = re.compile("[\u2028\u2029\u0085]")
_SKIN_TONES = re.compile("[\U0001f3fb-\U0001f3ff]")


def refusal(fault: str | None, sub: RequestSubmission) -> Problem | None:
    """The problem a tool taking photos with symptoms only finds in the valid `sub`."""
    symptoms = sub.category is RequestCategory.DESCRIBE_SYMPTOMS
    if fault == "photos-with-symptoms-only" and sub.attachments and not symptoms:
        return Problem(location="$.attachments", message="photos can be sent with symptoms only")
    return None


def _first_of_patient(
    request: ConsultationRequest, requests: Mapping[str, ConsultationRequest], *, proxy: bool
) -> ConsultationRequest | None:
    """The patient's first request (by a proxy, with `proxy`), matched on name and birth."""
    key = (request.patient.family_name, request.patient.date_of_birth)
    for earlier in requests.values():  # in the order received
        by_proxy = earlier.requester.role is RequesterRole.PROXY
        if (earlier.patient.family_name, earlier.patient.date_of_birth) == key and (
            by_proxy or not proxy
        ):
            return earlier
    return None


def practice_view(
    fault: str | None,
    request: ConsultationRequest,
    seen: dict[str, Any],
    requests: Mapping[str, ConsultationRequest],
) -> None:
    """Change `seen` (the practice's view of `request`, JSON data) as fault `fault` does."""
    if fault == "line-separators-to-newline":
        seen["description"] = _SEPARATORS.sub("\n", seen["description"])
    elif fault == "http-links-to-https":
        seen["description"] = seen["description"].replace("http://", "https://")
    elif fault == "skin-tones-stripped":
        seen["description"] = _SKIN_TONES.sub("", seen["description"])
    elif fault == "zero-byte-attachment-retyped":
        for attachment in seen["attachments"]:
            if attachment["size_bytes"] == 0:
                attachment["media_type"] = "application/octet-stream"
    elif fault == "proxy-from-first-request" and request.requester.role is RequesterRole.PROXY:
        first = _first_of_patient(request, requests, proxy=True)
        if first is not None:
            seen["requester"] = unstructure(first.requester)
    elif fault == "contact-from-first-request":
        first = _first_of_patient(request, requests, proxy=False)
        if first is not None:
            seen["contact"] = unstructure(first.contact)
