"""The conformance checks; importing this package registers every one with `core.check`.

One module per group of requirements; each check declares the catalogue IDs
it verifies. See `conformance/selftest-expected.json` for the reference
tool's fault mode that proves each check can fail.
"""

from gponline_sdk.conformance.checks import (
    availability,
    capabilities,
    caps,
    channels,
    contact_duties,
    contact_values,
    fidelity,
    medication,
    messaging,
    messaging_duties,
    messaging_ties,
    outcomes,
    requests,
    response,
    robustness,
    safety,
    unknown_refs,
    usage,
    video,
)

__all__ = ["availability", "channels", "requests", "response", "robustness", "safety", "usage"]
__all__ += ["messaging", "video"]
__all__ += ["caps"]
__all__ += ["fidelity"]
__all__ += ["capabilities"]
__all__ += ["contact_values", "unknown_refs"]
__all__ += ["medication"]
__all__ += ["outcomes"]
__all__ += ["contact_duties"]
__all__ += ["messaging_duties"]
__all__ += ["messaging_ties"]
