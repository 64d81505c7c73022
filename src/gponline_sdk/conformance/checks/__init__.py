"""The conformance checks; importing this package registers every one with `core.check`.

One module per group of requirements; each check declares the catalogue IDs
it verifies. See `conformance/selftest-expected.json` for the reference
tool's fault mode that proves each check can fail.
"""

from gponline_sdk.conformance.checks import (
    ack_dates_anywhere,
    ack_rules_anywhere,
    availability,
    capabilities,
    caps,
    channels,
    contact,
    fidelity,
    framing,
    medication,
    messaging,
    nhs111_anywhere,
    outcomes,
    requests,
    response,
    robustness,
    safety,
    turned_away,
    unknown_refs,
    usage,
    video,
    video_sessions,
)

__all__ = [
    "ack_dates_anywhere",
    "ack_rules_anywhere",
    "availability",
    "capabilities",
    "caps",
    "channels",
    "contact",
    "fidelity",
    "framing",
    "medication",
    "messaging",
    "nhs111_anywhere",
    "outcomes",
    "requests",
    "response",
    "robustness",
    "safety",
    "turned_away",
    "unknown_refs",
    "usage",
    "video",
    "video_sessions",
]
