"""Round 9's SHOULD-only fault modes: a malformed SHOULD field must fail that SHOULD only.

The ninth outside set's control `b9-symptom-checker-relative-path` sent a relative link as
`capabilities.symptom_checker_url`: the suite failed eleven MUSTs, because every check that
reads the capabilities refused the whole body. These faults send a capabilities body that
breaks the schema in a SHOULD-only field (contract 2.4.0: read as absent by every other check).
"""

from __future__ import annotations

import orjson

__all__ = ["capabilities"]

_BROKEN = {
    "capabilities-symptom-checker-not-https": ("symptom_checker_url", "http://111.nhs.uk/"),
    "capabilities-safeguard-too-short": ("urgent_use_safeguard", "Urgent?"),
}
"""Fault -> the SHOULD-only field it breaks and what it sends there instead."""


def capabilities(fault: str | None, answer: tuple[int, bytes]) -> tuple[int, bytes]:
    """The capabilities answer, with one SHOULD-only field broken when a fault says so."""
    broken = _BROKEN.get(fault or "")
    if broken is None:
        return answer
    status, body = answer
    data = orjson.loads(body)
    field, value = broken
    data[field] = value
    return status, orjson.dumps(data)
