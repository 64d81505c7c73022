"""Python's built-in `hash()` of a string with hash randomisation off (`PYTHONHASHSEED=0`).

Round 14 (the thirteenth set's `b13-record-id-python-hash-seed-zero`): a tool making record
IDs with `hash(reference)` looks keyed (the hash changes between runs), until its image sets
`PYTHONHASHSEED=0` for reproducible builds. Then the SipHash key is all zeros, and anyone with
Python computes every ID from a reference: it is an unkeyed hash. CPython hashes a string's
own buffer (1, 2 or 4 bytes per character by its widest) with SipHash-1-3 (3.11 and later)
or SipHash-2-4 (3.10); -1 becomes -2. This module computes both, so the detector can look
for them without starting an interpreter.
"""

from __future__ import annotations

__all__ = ["zero_seed_hashes"]

_MASK = (1 << 64) - 1


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK


def _rounds(v: list[int], n: int) -> None:
    v0, v1, v2, v3 = v
    for _ in range(n):
        v0 = (v0 + v1) & _MASK
        v1 = _rotl(v1, 13) ^ v0
        v0 = _rotl(v0, 32)
        v2 = (v2 + v3) & _MASK
        v3 = _rotl(v3, 16) ^ v2
        v0 = (v0 + v3) & _MASK
        v3 = _rotl(v3, 21) ^ v0
        v2 = (v2 + v1) & _MASK
        v1 = _rotl(v1, 17) ^ v2
        v2 = _rotl(v2, 32)
    v[:] = [v0, v1, v2, v3]


def _siphash(data: bytes, c: int, d: int) -> int:
    """SipHash-c-d of `data` under the all-zero key, as an unsigned 64-bit integer."""
    v = [0x736F6D6570736575, 0x646F72616E646F6D, 0x6C7967656E657261, 0x7465646279746573]
    whole = len(data) - len(data) % 8
    for at in range(0, whole, 8):
        m = int.from_bytes(data[at : at + 8], "little")
        v[3] ^= m
        _rounds(v, c)
        v[0] ^= m
    last = int.from_bytes(data[whole:], "little") | ((len(data) & 0xFF) << 56)
    v[3] ^= last
    _rounds(v, c)
    v[0] ^= last
    v[2] ^= 0xFF
    _rounds(v, d)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def _buffer(text: str) -> bytes:
    """The string's buffer as CPython holds it (PEP 393: 1, 2 or 4 bytes per character)."""
    widest = max(map(ord, text), default=0)
    if widest < 0x100:
        return text.encode("latin-1")
    if widest < 0x10000:
        return text.encode("utf-16-le")
    return text.encode("utf-32-le")


def _signed(value: int) -> int:
    signed = value - (1 << 64) if value >> 63 else value
    return -2 if signed == -1 else signed


def zero_seed_hashes(text: str) -> dict[str, int]:
    """`hash(text)` under `PYTHONHASHSEED=0`, by CPython version (signed, as `hash` gives it)."""
    if not text:
        return {}  # hash("") is 0 on every Python: nothing to find
    data = _buffer(text)
    return {
        "Python 3.11+ (SipHash-1-3)": _signed(_siphash(data, 1, 3)),
        "Python 3.10 (SipHash-2-4)": _signed(_siphash(data, 2, 4)),
    }
