"""The reference tool's named fault modes: each breaks exactly one requirement.

The conformance suite's self-test runs against the clean tool and against each
fault; `conformance/selftest-expected.json` says which checks each fault must
fail. A check that no fault can fail would be a check that proves nothing.
"""

from __future__ import annotations

__all__ = ["FAULTS"]

FAULTS: dict[str, str] = {
    "drops-category-seek_health_advice": "health advice requests are filed as another category",
    "drops-category-describe_symptoms": "symptom descriptions are filed as another category",
    "drops-category-ask_question": "questions are filed as another category",
    "drops-category-clinical_request": "clinical requests are filed as another category",
    "drops-category-administrative_request": "admin requests are filed as another category",
    "drops-proxy-details": "the practice sees a proxy's request as if the patient sent it",
    "loses-follow-up-link": "the practice sees a follow-up as a new question, unlinked",
    "drops-attachments": "accepts photos but the practice never sees them",
    "drops-contact-address": "the practice loses the address sent with a request",
    "no-acknowledgement-time": "acknowledges without telling the patient when to expect a response",
    "late-respond-by": "acknowledges with a response time two weeks away",
    "closed-at-lunch": "closes the form from 12:30 to 13:30 on working days",
    "open-on-bank-holidays": "treats bank holidays as working days",
    "caps-requests-at-20": "stops taking requests after 20 on one day",
    "redirects-to-111": "in core hours, sends clinical needs to NHS 111 instead",
    "no-safeguard": "shows no warning against using the form for urgent problems",
    "no-symptom-checker": "does not signpost the NHS symptom checker",
    "no-video": "schedules video consultations nobody can join",
    "patient-cannot-message": "patients cannot send the practice a secure message",
    "one-way-messaging": "the practice cannot send secure messages to the patient",
    "ignores-contact-updates": "contact details updates never reach the practice",
    "miscounts-usage": "counts one request per patient per day in its usage data",
    "no-vc-usage": "reports no video consultation records",
    "leaks-identifiers-in-usage": "builds usage record IDs from the patient's NHS number",
    "500-on-malformed": "answers a body that is not JSON with HTTP 500",
}
"""Every fault mode by name, with what it breaks."""
