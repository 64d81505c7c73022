"""Recognising record IDs anyone could guess: row numbers, counters, timestamps, short IDs.

`pseudonyms.Detector` finds IDs computed without a key from what others hold (a
reference, the patient's identifiers). This module finds IDs that need no
input at all to guess: the rest of a week's IDs, or the time, give them away.
A keyed pseudonym (an HMAC under a secret key, or a random ID kept in a table)
carries at least `MIN_BITS` bits in the part that differs between records:
the usual floor for an identifier nobody may guess or enumerate (OWASP's for
session IDs). A row number or a counter, bare, zero-padded or behind a fixed
prefix, an epoch timestamp, or 8 random digits carry far fewer.
"""

from __future__ import annotations

import math
import random
import re
import string
from collections.abc import Sequence

__all__ = ["FIXED_SEEDS", "GUESSABLE_ID", "MIN_BITS", "STREAM_DRAWS", "guessable", "seeded_stream"]

MIN_BITS = 64
GUESSABLE_ID = (
    f"a record ID must carry at least {MIN_BITS} bits that nobody can predict in the part "
    "that differs between records (e.g. 16 hex digits, 13 base32 or 11 base64url characters "
    "after any fixed prefix): never a row number, counter or sequence (bare, zero-padded or "
    "prefixed), a timestamp or a short random number"
)
_SEPARATORS = "-_"
_RUN = 3  # numbers no further apart on average than this are a sequence, not random


def _alphabet(chars: set[str]) -> int:
    """How many symbols the IDs seem to draw from (the smallest usual alphabet holding them)."""
    for alphabet in (
        string.digits,
        string.hexdigits.lower(),
        string.hexdigits.upper(),
        string.ascii_uppercase + "234567",
        string.ascii_lowercase + "234567",
        string.ascii_lowercase + string.digits,
        string.ascii_uppercase + string.digits,
    ):
        if chars <= set(alphabet):
            return len(set(alphabet))
    return 64  # base64url: mixed case, digits, '-' and '_'


def _shared_prefix(texts: Sequence[str]) -> str:
    """The longest start every text has (empty for a single text: nothing is seen to repeat)."""
    if len(texts) < 2:
        return ""
    first, last = min(texts), max(texts)
    n = next((k for k, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), None)
    return first[: len(first) if n is None else n]


def _varying(ids: Sequence[str]) -> list[str]:
    """Each ID without the prefix and suffix every ID shares, and without separators."""
    prefix = _shared_prefix(ids)
    rest = [i[len(prefix) :] for i in ids]
    suffix = _shared_prefix([r[::-1] for r in rest])[::-1]
    parts = [r[: len(r) - len(suffix)] for r in rest]
    parts = [p.translate({ord(c): None for c in _SEPARATORS}) for p in parts]
    # A number's leading zeros are padding, not randomness.
    return [(p.lstrip("0") or "0") if p.isdecimal() else p for p in parts]


def guessable(ids: Sequence[str]) -> str | None:
    """How a week's record IDs could be guessed, if they could (no ID appears in the answer).

    Args:
        ids: The record IDs of one usage answer (two or more make a sequence visible).
    """
    distinct = sorted(set(ids))
    if not distinct:
        return None
    varying = _varying(distinct)
    if len(varying) > 1 and all(v.isascii() and v.isdecimal() for v in varying):
        numbers = sorted(int(v) for v in varying)
        if numbers[-1] - numbers[0] <= _RUN * len(numbers):
            return (
                f"a sequence: once any fixed prefix, suffix and padding are removed they are "
                f"{len(numbers)} numbers within {numbers[-1] - numbers[0] + 1} of each other "
                "(a row number or counter)"
            )
    symbols = _alphabet(set("".join(varying)))
    shortest = min(len(v) for v in varying)
    bits = shortest * math.log2(symbols)
    if bits < MIN_BITS:
        return (
            f"guessable: the part that differs between records is as short as {shortest} "
            f"character(s) from {symbols} symbols, about {bits:.0f} bits (a row number, "
            "counter, timestamp or short random number)"
        )
    return None


# (2.12.0) Seeds a test fixture or a tutorial fixes for "reproducible" runs; a generator
# seeded with one draws the same stream in every deployment that starts from it.
FIXED_SEEDS = (0, 1, 7, 42, 99, 100, 123, 666, 1234, 1337, 4242, 12345, 31337, 2024, 2025, 2026)
STREAM_DRAWS = 1 << 14
"""How far into each seeded stream an ID is looked for (a run exports a few thousand)."""
_HEX_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|(?<![0-9a-fA-F])(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{16})(?![0-9a-fA-F])"
)
# A version-4 UUID made of 128 drawn bits keeps all but its version and variant bits.
_UUID_KEPT = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)


def _numbers(ids: Sequence[str]) -> tuple[set[int], set[int]]:
    """The 128-bit and the 64-bit numbers the IDs' hex runs spell (both byte orders)."""
    wide: set[int] = set()
    narrow: set[int] = set()
    for text in ids:
        for found in _HEX_ID.findall(text):
            digits = found.replace("-", "")
            raw = bytes.fromhex(digits)
            into = wide if len(raw) == 16 else narrow
            into.update((int.from_bytes(raw, "big"), int.from_bytes(raw, "little")))
    return wide, narrow


def seeded_stream(ids: Sequence[str]) -> str | None:
    """How the IDs follow from a generator seeded with a fixed number, if any does.

    Python's `random.Random(seed)`, seeded with a number in `FIXED_SEEDS`, drawn 128 or 64
    bits at a time: an ID whose hex is one of the first `STREAM_DRAWS` draws (as hex, as
    its bytes in either order, or as a version-4 UUID of its bits) is one anyone with Python
    lists. No ID is named in the answer.
    """
    wide, narrow = _numbers(ids)
    kept = {n & _UUID_KEPT for n in wide}
    for seed in FIXED_SEEDS:
        if wide:
            rng = random.Random(seed)  # noqa: S311 - recomputing a tool's mistake
            for n in range(STREAM_DRAWS):
                bits = rng.getrandbits(128)
                if bits in wide or bits & _UUID_KEPT in kept:
                    return _said(seed, 128, n)
        if narrow:
            rng = random.Random(seed)  # noqa: S311 - recomputing a tool's mistake
            for n in range(STREAM_DRAWS):
                if rng.getrandbits(64) in narrow:
                    return _said(seed, 64, n)
    return None


def _said(seed: int, bits: int, n: int) -> str:
    return (
        f"drawn from a generator seeded with a fixed number: Python's random.Random({seed}), "
        f"{bits} bits at a time (draw {n + 1} of its stream), which anyone with Python lists"
    )
