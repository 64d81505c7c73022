"""Round 8 (part B): affine record IDs, typed escapes and controls, long threads' ordinals."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

import pytest

from gponline_sdk.conformance.checks import _fidelity as corpus
from gponline_sdk.conformance.checks.messaging._common import ORDINAL
from gponline_sdk.conformance.checks.usage.pseudonyms import affine_derivation
from gponline_sdk.reference.tool.faults import round8_b

_SERIAL = [f"OC-AB12CD-{n:06d}" for n in range(1, 7)]
_RANDOM = [f"OC-{secrets.token_hex(5).upper()}" for _ in range(6)]


def _hex_digits(reference: str) -> int:
    return int(re.sub("[^0-9A-Fa-f]", "", reference), 16)


@pytest.mark.parametrize("offset", [0, 0x1234_5678_9ABC])
@pytest.mark.parametrize("bits", [32, 64, 128])
def test_affine_ids_of_random_references_are_found(offset: int, bits: int) -> None:
    k = secrets.randbits(bits) | 1  # the blind8 variant: a secret odd multiplier
    ids = [f"{(_hex_digits(r) * k + offset) % 2**bits:0{bits // 4}x}" for r in _RANDOM]
    others = [secrets.token_hex(bits // 8) for _ in range(5)]  # other records of the week
    found = affine_derivation(_RANDOM, ids + others)
    assert found is not None
    assert "affine map" in found


def test_affine_ids_are_found_when_every_reference_differs_by_an_even_number() -> None:
    # Random references all of one parity (1 run in 32 with six): no pair is invertible.
    refs = [f"OC-{secrets.token_hex(5).upper()[:-1]}{d}" for d in "02468A"]
    k = secrets.randbits(64) | 1
    ids = [f"{(_hex_digits(r) * k) % 2**64:016x}" for r in refs]
    assert affine_derivation(refs, ids) is not None


def test_affine_ids_of_serial_references_in_decimal_and_base64_are_found() -> None:
    decimal = [round8_b.affine_id("usage-ids-affine-decimal", r) or "" for r in _SERIAL]
    assert affine_derivation(_SERIAL, decimal) is not None
    k = secrets.randbits(64) | 1
    raw = [((int(r[-6:]) * k) % 2**64).to_bytes(8, "big") for r in _SERIAL]
    encoded = [base64.urlsafe_b64encode(b).decode().rstrip("=") for b in raw]
    assert affine_derivation(_SERIAL, encoded) is not None


def test_keyed_and_random_ids_are_no_affine_map() -> None:
    key = secrets.token_bytes(32)
    for refs in (_SERIAL, _RANDOM):
        keyed = [hmac.new(key, r.encode(), hashlib.sha256).hexdigest()[:32] for r in refs]
        assert affine_derivation(refs, keyed) is None
        short = [hmac.new(key, r.encode(), hashlib.sha256).hexdigest()[:16] for r in refs]
        assert affine_derivation(refs, short) is None
        assert affine_derivation(refs, [secrets.token_hex(16) for _ in refs]) is None


def test_the_description_holds_controls_and_typed_escapes() -> None:
    pieces = dict(corpus.TEXT_PIECES)
    controls = pieces["control characters (C0, DEL, C1)"]
    assert {"\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x9b"} <= set(controls)
    assert "\x00" not in controls  # the suite sends no U+0000
    typed = pieces["escape sequences typed as text"]
    assert "\\u00e9" in typed
    assert "\\x41" in typed
    assert "é" not in typed
    seen = {"description": controls + typed}
    round8_b.description_shown("description-hex-escapes-decoded", seen)
    assert "\\x41" not in seen["description"]


def test_ordinals_name_every_message_of_the_long_thread() -> None:
    assert ORDINAL[:3] == ("first", "second", "third")
    assert ORDINAL[9:13] == ("10th", "11th", "12th", "13th")
    assert ORDINAL[20:23] == ("21st", "22nd", "23rd")
    assert len(ORDINAL) >= 26
