"""The reference tool's round-13 fault modes, after the twelfth outside set's misses.

Each comes in a pair, the set's defect and another way to break the same rule:

- requests stating one contact preference go through a second service with its own daily
  window: texts through an SMS gateway down 17:00 to 17:30 UTC (503); letters through a
  print service down 12:00 to 12:30 London time (503);
- the acknowledgement names its reference with look-alike characters: a non-breaking hyphen
  (U+2011) from a typographic filter; zero-width spaces (U+200B) to let it wrap;
- usage record IDs drawn from Python's generator seeded with the reference (128 bits in
  hex; a version-4 UUID of them), or a keyed digest carrying the NHS number's last (or
  first) four digits;
- a contact update's email changed in case: its domain lower-cased (IDNA's mapping), or all
  of it;
- ethnicity codes refused: N (YAML 1.1 reads a bare N as false), or P, R and S (a code list
  that stops where an older one did).

(The date-of-birth pair, ISO 8601's basic and week forms read as dates, are lax reads:
`patterns.LAX_READS`.) The clean tool gets its input back (or None) from each function.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import uuid
from datetime import datetime, time, timezone

import orjson

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.errors import Problem
from gponline_sdk.models import CORE_HOURS, ContactMethod

__all__ = [
    "ROUND13_FAULTS",
    "ack_message",
    "read",
    "record_id",
    "refusal",
    "turned_away",
]

_SMS_UTC = "texts-503-1700-utc"
_POST_LUNCH = "letters-503-1200-london"
_NB_HYPHEN = "ack-reference-nonbreaking-hyphen"
_ZW_SPACE = "ack-reference-zero-width-spaces"
_PRNG = "usage-ids-seeded-prng"
_PRNG_UUID = "usage-ids-seeded-prng-uuid4"
_NHS_LAST = "usage-ids-end-with-nhs-last-4"
_NHS_FIRST = "usage-ids-start-with-nhs-first-4"
_DOMAIN_LOWER = "contact-email-domain-lowercased"
_EMAIL_LOWER = "contact-email-lowercased"
_ETHNIC_N = "ethnicity-n-refused"
_ETHNIC_PRS = "ethnicity-p-r-s-refused"
ROUND13_FAULTS = frozenset(
    {
        _SMS_UTC,
        _POST_LUNCH,
        _NB_HYPHEN,
        _ZW_SPACE,
        _PRNG,
        _PRNG_UUID,
        _NHS_LAST,
        _NHS_FIRST,
        _DOMAIN_LOWER,
        _EMAIL_LOWER,
        _ETHNIC_N,
        _ETHNIC_PRS,
    }
)
_WINDOWS = {
    # fault -> (the preference it affects, the zone of its window, window start, end)
    _SMS_UTC: (ContactMethod.TEXT_MESSAGE, timezone.utc, time(17, 0), time(17, 30)),
    _POST_LUNCH: (ContactMethod.POST, CORE_HOURS.zone, time(12, 0), time(12, 30)),
}
_REFUSED_CODES = {_ETHNIC_N: frozenset("N"), _ETHNIC_PRS: frozenset("PRS")}


def turned_away(fault: str | None, sub: RequestSubmission, now: datetime) -> tuple[int, str] | None:
    """(503, message) for a core-hours request whose preference's service is down, if so."""
    if fault not in _WINDOWS:
        return None
    preference, zone, start, end = _WINDOWS[fault]
    if sub.contact.preferred is preference and start <= now.astimezone(zone).time() < end:
        return 503, "We cannot take requests answered this way just now: please try later."
    return None


def ack_message(fault: str | None, message: str, reference: str) -> str:
    """The acknowledgement's words: with the fault, its reference in look-alike characters."""
    if fault == _NB_HYPHEN:
        # A 'smart punctuation' filter keeping the reference on one line.
        return f"{message} Your reference is {reference.replace('-', chr(0x2011))}."
    if fault == _ZW_SPACE:
        # Zero-width spaces every four characters, so a long reference may wrap on a phone.
        spaced = "\u200b".join(reference[i : i + 4] for i in range(0, len(reference), 4))
        return f"{message} Your reference is {spaced}."
    return message


def record_id(fault: str | None, reference: str, key: bytes, nhs_number: str | None) -> str | None:
    """The usage record ID the fault makes for `reference`, or None for the tool's own."""
    if fault == _PRNG:
        return f"{random.Random(reference).getrandbits(128):032x}"  # noqa: S311 - the defect
    if fault == _PRNG_UUID:
        bits = random.Random(reference).getrandbits(128)  # noqa: S311 - the defect
        return str(uuid.UUID(int=bits, version=4))
    digits = "".join(c for c in nhs_number or "" if c.isdigit())
    if fault in (_NHS_LAST, _NHS_FIRST) and len(digits) == 10:
        keyed = hmac.new(key, reference.encode(), hashlib.sha256).hexdigest()
        # "The last four digits, so support can find the patient's record."
        return keyed[:28] + digits[-4:] if fault == _NHS_LAST else f"{digits[:4]}-{keyed[:28]}"
    return None


def read(fault: str | None, body: bytes, cls_name: str) -> bytes:
    """A contact update's body as a tool with an email-case fault stores it."""
    if fault not in (_DOMAIN_LOWER, _EMAIL_LOWER) or cls_name != "ContactDetailsSubmission":
        return body
    try:
        data = orjson.loads(body)
        email = data["contact"]["email"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return body
    if not isinstance(email, str) or "@" not in email:
        return body
    local, domain = email.rsplit("@", 1)
    # IDNA's UTS #46 mapping lower-cases a domain; a "normalise emails" step lower-cases all.
    data["contact"]["email"] = (
        f"{local}@{domain.lower()}" if fault == _DOMAIN_LOWER else email.lower()
    )
    return orjson.dumps(data)


def refusal(fault: str | None, body: bytes, cls_name: str) -> Problem | None:
    """The problem a tool with an ethnicity-list fault finds in a valid contact update."""
    if fault not in _REFUSED_CODES or cls_name != "ContactDetailsSubmission":
        return None
    try:
        code = orjson.loads(body).get("ethnicity")
    except (orjson.JSONDecodeError, AttributeError):
        return None
    if isinstance(code, str) and code in _REFUSED_CODES[fault]:
        return Problem(location="$.ethnicity", message="not a known ethnic category code")
    return None
