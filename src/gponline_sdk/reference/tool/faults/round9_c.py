"""The reference tool's round-9 (part C) fault modes: usage record IDs.

Each function answers, for a tool with fault `fault`, what the clean tool never does: a
record ID that is a name-based UUID (version 3, DNS namespace) of the reference, or an HMAC
keyed with the empty key of the reference framed with the public supplier ID. The clean
tool gets None from each.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

__all__ = ["ROUND9C_FAULTS", "record_id"]

_UUID3 = "usage-ids-uuid3-dns-reference"
_FRAMED_EMPTY_KEY = "usage-ids-framed-empty-key-sha1"
ROUND9C_FAULTS = frozenset({_UUID3, _FRAMED_EMPTY_KEY})


def record_id(fault: str | None, reference: str, supplier_id: str) -> str | None:
    """The record ID of a round-9C usage-ID fault, or None (the clean tool's own ID stands)."""
    if fault not in ROUND9C_FAULTS:
        return None
    if fault == _UUID3:
        # "Looks random": an MD5 of a public namespace and the reference, no key.
        return str(uuid.uuid3(uuid.NAMESPACE_DNS, reference))
    # The key was never configured: HMAC under the empty key, message framed with public text.
    message = f"{reference}:{supplier_id}".encode()
    return hmac.new(b"", message, hashlib.sha1).hexdigest()
