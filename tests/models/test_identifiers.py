"""Identifiers: NHS numbers (modulus 11), ODS practice codes, supplier IDs; masking and privacy."""

from __future__ import annotations

import importlib.util
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import ValidationError
from gponline_sdk.models import (
    NhsNumber,
    OdsCode,
    SupplierId,
    is_valid_nhs_number,
    nhs_number_check_digit,
)
from gponline_sdk.testing import (
    invalid_nhs_numbers,
    invalid_ods_codes,
    nhs_numbers,
    ods_codes,
    supplier_ids,
)

SETTINGS = settings(max_examples=100, deadline=None, database=None)


def independent_nhs_check(value: str) -> bool:
    """NHS Data Dictionary modulus 11, written again from the definition, no shared code.

    Weights 10..2 on the first nine digits; remainder r = sum mod 11; check = 11 - r;
    11 becomes 0; 10 means the nine digits can never form a valid number.
    """
    digits = value.replace(" ", "").replace("-", "")
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    total = 0
    for position, char in enumerate(digits[:9]):
        total += int(char) * (10 - position)
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


if importlib.util.find_spec("nhs_number") is not None:  # pragma: no cover - not installed here
    import nhs_number

    def reference_check(value: str) -> bool:
        return bool(nhs_number.is_valid(value.replace(" ", "").replace("-", "")))

else:
    reference_check = independent_nhs_check


@pytest.mark.parametrize(
    "value", ["9434765919", "943 476 5919", "943-476-5919", "9999999999", "4010232137"]
)
def test_known_valid_nhs_numbers(value: str) -> None:
    assert is_valid_nhs_number(value)
    assert str(NhsNumber(value)) == re.sub(r"\D", "", value)


@pytest.mark.parametrize(
    "value",
    [
        "9434765918",  # check digit off by one
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "943476591X",  # a letter
        "00000000001",  # eleven digits, all but one zero
        "".join(chr(0xFF10 + int(d)) for d in "9434765919"),  # full-width digits
        "943.476.5919",  # dots are not a separator
        "",
    ],
)
def test_known_invalid_nhs_numbers(value: str) -> None:
    assert not is_valid_nhs_number(value)
    with pytest.raises(ValidationError):
        NhsNumber(value)


def test_detection_is_lenient_but_the_type_is_strict_about_layout() -> None:
    # `is_valid_nhs_number` also serves detection (masking, refusing output), where any
    # spacing must count; the `NhsNumber` type takes only the three usual layouts.
    assert is_valid_nhs_number("943 476 5919 ")
    assert is_valid_nhs_number("94-34-765919")
    for odd in ("943 476 5919 ", "94-34-765919", "943 476-5919", " 9434765919"):
        with pytest.raises(ValidationError):
            NhsNumber(odd)


def test_check_digit_ten_means_no_valid_number() -> None:
    # 1000000010: weights give 10*1 + 2*1 = 12 -> 11 - 1 = 10, impossible.
    nine = "100000001"
    assert nhs_number_check_digit(nine) is None
    assert not any(is_valid_nhs_number(f"{nine}{d}") for d in range(10))


def test_check_digit_eleven_becomes_zero() -> None:
    # Sum divisible by 11 -> check 11 -> 0.
    nine = "000000000"
    assert nhs_number_check_digit(nine) == 0
    assert is_valid_nhs_number("0000000000")


@SETTINGS
@given(st.from_regex(r"[0-9]{10}", fullmatch=True))
def test_agrees_with_an_independent_implementation(value: str) -> None:
    assert is_valid_nhs_number(value) == reference_check(value)


@SETTINGS
@given(st.text(max_size=14))
def test_agrees_on_any_text(value: str) -> None:
    assert is_valid_nhs_number(value) == independent_nhs_check(value)


@SETTINGS
@given(nhs_numbers())
def test_generated_numbers_are_valid_and_synthetic(value: NhsNumber) -> None:
    assert independent_nhs_check(value)
    assert value.is_synthetic
    assert value.formatted() == f"{value[:3]} {value[3:6]} {value[6:]}"


@SETTINGS
@given(nhs_numbers(synthetic_only=False))
def test_generated_numbers_may_leave_the_synthetic_range_when_asked(value: NhsNumber) -> None:
    assert independent_nhs_check(value)


@SETTINGS
@given(invalid_nhs_numbers())
def test_invalid_numbers_are_refused_without_echo(value: str) -> None:
    assert len(value) >= 9
    assert not independent_nhs_check(value)
    with pytest.raises(ValidationError) as caught:
        NhsNumber(value)
    assert value not in str(caught.value)
    assert re.sub(r"\D", "", value) not in str(caught.value)


def test_nhs_number_repr_is_masked_everywhere() -> None:
    number = NhsNumber("943 476 5919")
    assert repr(number) == "NhsNumber('***')"
    assert "9434765919" not in repr([number])
    assert "9434765919" not in repr({"n": number})
    assert str(number) == "9434765919"
    assert type(str(number)) is str


@pytest.mark.parametrize("value", ["A81001", "Y00001", "Z99999"])
def test_ods_practice_codes(value: str) -> None:
    code = OdsCode(value)
    assert code == value
    assert repr(code) == f"OdsCode('{value}')"


@SETTINGS
@given(ods_codes())
def test_generated_ods_codes_have_the_practice_shape(value: OdsCode) -> None:
    assert re.fullmatch(r"[A-Z][0-9]{5}", value)


@SETTINGS
@given(invalid_ods_codes())
def test_invalid_ods_codes_are_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="is not a GP practice ODS code") as caught:
        OdsCode(value)
    assert caught.value.problems[0].location == "$"


@pytest.mark.parametrize("value", ["RXX", "A8100", "a81001", "A810011", "RXX01"])
def test_non_practice_ods_shapes_are_refused(value: str) -> None:
    # Trust and other organisation codes are ODS codes too, but not GP practices.
    with pytest.raises(ValidationError, match=re.escape(repr(value))):
        OdsCode(value)


@SETTINGS
@given(supplier_ids())
def test_generated_supplier_ids_are_accepted(value: SupplierId) -> None:
    assert SupplierId(str(value)) == value


@pytest.mark.parametrize("value", ["A", "_ACME", "acme", "ACME OC", "A" * 41])
def test_bad_supplier_ids_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        SupplierId(value)


@pytest.mark.parametrize("kind", [OdsCode, SupplierId, NhsNumber])
def test_non_strings_are_refused_with_the_sdk_error(kind: type[str]) -> None:
    with pytest.raises(ValidationError):
        kind(12)  # type: ignore[arg-type]
