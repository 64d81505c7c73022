"""Round 7 (part B): bad NHS numbers of every kind, exact references, pads on usage IDs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from typing import Any

import attrs
import pytest

from gponline_sdk.conformance.checks._leaf_cases import instant_breakers, nhs_number_breakers
from gponline_sdk.conformance.checks._support import Canaries
from gponline_sdk.conformance.checks.contact import values
from gponline_sdk.conformance.checks.unknown_refs import unknown_references
from gponline_sdk.conformance.checks.usage.pseudonyms import pad_derivation
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import is_valid_nhs_number
from gponline_sdk.reference.tool import ReferenceTool

_REFS = [f"OC-AB12CD-{n:06d}" for n in range(1, 8)]
_PAD = b"ACME-ONLINE-CONSULT-2026"


@pytest.mark.parametrize("nhs", ["9434765919", "9990857326", "9995822911", "9999999999"])
def test_every_nhs_breaker_is_refused_by_modulus_11_and_each_kind_is_there(nhs: str) -> None:
    assert is_valid_nhs_number(nhs)
    found = dict(nhs_number_breakers(nhs))
    assert {"wrong check digit", "check value 10 written 0", "check value 11 written 1"} <= set(
        found
    )
    for kind, ten in found.items():
        assert len(ten) == 10, kind
        assert ten.isdigit(), kind
        assert not is_valid_nhs_number(ten), kind
    assert found["check value 10 written 0"].endswith("0")
    assert found["check value 11 written 1"].endswith("1")
    if nhs.startswith("999"):  # test-range numbers stay in the test range
        assert all(ten.startswith("999") for ten in found.values())


def test_a_leap_second_is_among_the_misspelt_instants() -> None:
    shown = dict(instant_breakers("2026-12-02T15:00:00Z"))
    assert shown["2026-12-02T15:00:60Z"] == "with second 60 (RFC 3339's leap second)"


def test_a_reference_in_the_other_case_names_nothing() -> None:
    refs = {ref: shape for shape, ref in unknown_references("MSG-A1B2C3-000007", {})}
    assert refs["msg-a1b2c3-000007"].endswith("case swapped")
    digits_only = [shape for shape, _ in unknown_references("000123", {})]
    assert not any("case" in shape for shape in digits_only)  # nothing to swap


def _hex_xor(ref: str) -> str:
    return bytes(c ^ _PAD[i % len(_PAD)] for i, c in enumerate(ref.encode())).hex()


def _b64_shift(ref: str) -> str:
    raw = bytes((c + _PAD[i % len(_PAD)]) % 256 for i, c in enumerate(ref.encode()))
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("encode", [_hex_xor, _b64_shift, lambda r: "oc_" + _hex_xor(r)])
def test_ids_under_a_fixed_pad_are_found(encode: object) -> None:
    ids = [encode(r) for r in _REFS]  # type: ignore[operator]
    how = pad_derivation(_REFS, reversed(ids))  # the order of records tells nothing
    assert how is not None
    assert "fixed pad" in how


def test_keyed_random_and_time_ids_are_not_taken_for_pads() -> None:
    key = secrets.token_bytes(32)
    keyed = [hmac.new(key, r.encode(), hashlib.sha256).hexdigest()[:32] for r in _REFS]
    prefixed = [f"usage-record-2027-W03-{k[:16]}" for k in keyed]
    for ids in (
        keyed,
        prefixed,
        [uuid.uuid4().hex for _ in _REFS],
        [uuid.uuid1().hex for _ in _REFS],
    ):
        assert pad_derivation(_REFS, ids) is None


@attrs.define
class _Ctx:
    """Just enough of a check context to make canaries."""

    target: Any
    seed: int = 11

    def sensitive(self, *values: str) -> None:
        """Nothing to mask here."""


def test_the_contact_values_corpus_is_sent_whole() -> None:
    """Each phone, email and address goes with an update that keeps that kind."""
    ctx = _Ctx(target=InProcessTarget(ReferenceTool()))
    canaries = Canaries(ctx, "round7b", every_form=True)  # type: ignore[arg-type]
    subs = [values._update(canaries, turn)[1] for turn in range(values._turns())]
    assert {s.contact.phone for s in subs} - {None} == {p for _, p in values.PHONES}
    assert {s.contact.email for s in subs} - {None} == {e for _, e in values.EMAILS}
    lines = {s.contact.address_lines for s in subs} - {()}
    assert lines == {a for _, a, _ in values.ADDRESSES}
