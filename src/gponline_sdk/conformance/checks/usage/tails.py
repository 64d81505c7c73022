"""A record ID carrying the end of a tool's reference (round 11).

A keyed digest with the reference's last characters stuck on ("so support can find the
record") is no pseudonym: whoever holds the reference (the patient, from the acknowledgement;
a log) finds the record by its end. References put their varying part last (a prefix such as
``OC-2026-`` is shared), so only the reference's tail is looked for, at either end of the ID,
with and without its separators. Six characters: a keyed ID ends with a given six hex
characters by chance once in 16**6 (about 17 million).

Round 13: the same for the patient's NHS number ("the last four digits, for support"): an ID,
or a part of it between separators, may not start or end with the first or last `FRAGMENT`
digits of an NHS number the check sent. Four digits match a keyed hex ID's end by chance once
in 65,536, so one record alone proves nothing: it takes two records carrying them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["FRAGMENT", "TAIL", "nhs_number_fragments", "reference_tail"]

TAIL = 6
"""How many of a reference's last characters an ID may not start or end with."""
FRAGMENT = 4
"""How many of an NHS number's first or last digits two IDs may not start or end with."""

_SEPARATORS = re.compile(r"[-_.:/ ]")


def _texts(reference: str) -> set[str]:
    """The reference as the ID could carry it: as issued and without separators, folded."""
    text = reference.casefold()
    return {t for t in (text, _SEPARATORS.sub("", text)) if len(t) >= TAIL}


def _where(part: str, text: str) -> str:
    """'ends' or 'starts' where `part` carries the end of `text` (its last TAIL or more)."""
    if part.endswith(text[-TAIL:]):
        return "ends"
    if any(part.startswith(text[-k:]) for k in range(TAIL, len(text) + 1)):
        return "starts"
    return ""


def reference_tail(record_id: str, references: Iterable[str]) -> str | None:
    """How `record_id` carries the end of one of `references`, if it does.

    The ID (separators dropped) and each part of it between separators is looked at:
    none may end with a reference's last `TAIL` characters, nor start with its last `TAIL`
    or more.

    >>> reference_tail("9f2c41d07a5be3c8" + "7K2QX9", ["OC-2026-7K2QX9"])
    "ends with the last 6 characters of the tool's reference for a request"
    >>> reference_tail("c7k2qx9-9f2c41d07a5be3c8", ["OC-2026-7K2QX9"])
    "has a part (between separators) that ends with the last 6 characters of the tool's \
reference for a request"
    >>> reference_tail("9f2c41d07a5be3c81d2e", ["OC-2026-7K2QX9"]) is None
    True
    """
    folded = record_id.casefold()
    whole = _SEPARATORS.sub("", folded)
    parts = [
        (whole, ""),
        *(
            (p, "has a part (between separators) that ")
            for p in _SEPARATORS.split(folded)
            if p != whole
        ),
    ]
    for reference in references:
        for text in _texts(reference):
            for part, said in parts:
                where = _where(part, text)
                if where:
                    return (
                        f"{said}{where} with the last {TAIL} characters of the tool's reference "
                        "for a request"
                    )
    return None


def _parts(record_id: str) -> list[str]:
    folded = record_id.casefold()
    return [_SEPARATORS.sub("", folded), *_SEPARATORS.split(folded)]


def nhs_number_fragments(record_ids: Iterable[str], nhs_numbers: Iterable[str]) -> str | None:
    """How the IDs carry the patients' NHS number digits, if two or more of them do.

    >>> nhs_number_fragments(["9f2c41d07a5be3c8" + "2571", "0c1e" + "77a3"], ["943 476 2571"])
    >>> nhs_number_fragments(["9f2c41d07a5be3c82571", "0c1e77a32571"], ["943 476 2571"])
    "2 of them start or end with the first or last 4 digits of a patient's NHS number"
    """
    fragments = set()
    for number in nhs_numbers:
        digits = re.sub(r"[^0-9]", "", number)
        if len(digits) == 10:
            fragments |= {digits[:FRAGMENT], digits[-FRAGMENT:]}
    carrying = sum(
        any(p.startswith(f) or p.endswith(f) for p in _parts(rid) for f in fragments if p)
        for rid in record_ids
    )
    if carrying < 2:
        return None
    return (
        f"{carrying} of them start or end with the first or last {FRAGMENT} digits of a "
        "patient's NHS number"
    )
