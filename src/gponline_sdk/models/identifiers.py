"""Identifiers: GP practice ODS codes, NHS numbers and supplier identifiers.

Each is a `str` subclass that validates on construction, so a value of the
type is known to be well formed and serialises as a plain JSON string.

>>> OdsCode("A81001")
OdsCode('A81001')
>>> NhsNumber("943 476 5919")   # the repr never shows the digits
NhsNumber('***')
>>> str(NhsNumber("943 476 5919"))
'9434765919'
"""

from __future__ import annotations

import re

from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models._identifier_text import (
    IdentifierKind,
    find_identifiers,
    nhs_number_check_digit,
)
from gponline_sdk.models._validators import shown

__all__ = ["NhsNumber", "OdsCode", "SupplierId", "is_valid_nhs_number", "nhs_number_check_digit"]

_ODS_PRACTICE = re.compile(r"[A-Z][0-9]{5}")
_SUPPLIER = re.compile(r"[A-Z0-9][A-Z0-9_-]{1,39}")
_NHS_SEPARATORS = re.compile(r"[ -]")
# The layouts an NhsNumber accepts: ten digits, or 3-3-4 with one kind of separator.
_NHS_LAYOUT = re.compile(r"[0-9]{10}|[0-9]{3}( |-)[0-9]{3}\1[0-9]{4}")


def _bad(kind: str, message: str) -> ValidationError:
    return ValidationError([Problem(location="$", message=message)], subject=kind)


class OdsCode(str):
    """A GP practice ODS code: one upper-case letter then five digits (e.g. `A81001`).

    Raises:
        ValidationError: when the value is not of that shape.
    """

    __slots__ = ()

    def __new__(cls, value: str) -> OdsCode:
        """Validate `value`; raise `ValidationError` if it is not a OdsCode."""
        if type(value) is cls:
            return value
        if not isinstance(value, str) or _ODS_PRACTICE.fullmatch(value) is None:
            raise _bad(
                "OdsCode",
                f"{shown(value, 12)} is not a GP practice ODS code (a letter and 5 digits)",
            )
        return super().__new__(cls, value)

    def __repr__(self) -> str:
        return f"OdsCode({str.__repr__(self)})"


def is_valid_nhs_number(value: str) -> bool:
    """True when `value`'s digits, spaces and hyphens dropped, are a valid NHS number.

    Lenient on purpose: it is also how the SDK *detects* NHS numbers (to mask or refuse
    them), where `94-34-765919` must count. `NhsNumber` itself accepts only the
    `9434765919`, `943 476 5919` and `943-476-5919` layouts.
    """
    digits = _NHS_SEPARATORS.sub("", value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    return nhs_number_check_digit(digits[:9]) == int(digits[9])


class NhsNumber(str):
    """An NHS number: ten digits, the last a modulus 11 check digit.

    Accepts `9434765919`, `943 476 5919` or `943-476-5919` and keeps the ten
    digits. Its repr is masked and its errors never echo the value, so it can
    be logged by accident without leaking. Numbers starting 999 are synthetic
    test numbers (`is_synthetic`).

    Raises:
        ValidationError: when the value is not a valid NHS number.
    """

    __slots__ = ()

    def __new__(cls, value: str) -> NhsNumber:
        """Validate `value`; raise `ValidationError` if it is not a NhsNumber."""
        if type(value) is cls:
            return value
        if (
            not isinstance(value, str)
            or _NHS_LAYOUT.fullmatch(value) is None
            or not is_valid_nhs_number(value)
        ):
            raise _bad("NhsNumber", "not a valid NHS number (10 digits with a modulus 11 check)")
        return super().__new__(cls, _NHS_SEPARATORS.sub("", value))

    def __repr__(self) -> str:
        return "NhsNumber('***')"

    @property
    def is_synthetic(self) -> bool:
        """True for the 999 range reserved for test data."""
        return self.startswith("999")

    def formatted(self) -> str:
        """The number in the 3 3 4 form patients see (`943 476 5919`)."""
        return f"{self[:3]} {self[3:6]} {self[6:]}"


class SupplierId(str):
    """A supplier's identifier in the national collection.

    Upper-case letters, digits, `_` and `-`, 2 to 40 characters, starting with
    a letter or digit (e.g. `ACME-OC`). The official collection assigns these;
    the SDK checks their shape, and refuses one shaped like an NHS number or a
    UK phone number: a supplier ID goes into file names, headers, MESH
    metadata and the terminal, where such a value would read as a patient's.
    Errors never echo the value (it may be exactly such a number).

    Raises:
        ValidationError: when the value is not of that shape, or looks like
            a patient identifier.
    """

    __slots__ = ()

    def __new__(cls, value: str) -> SupplierId:
        """Validate `value`; raise `ValidationError` if it is not a SupplierId."""
        if type(value) is cls:
            return value
        if not isinstance(value, str) or _SUPPLIER.fullmatch(value) is None:
            raise _bad(
                "SupplierId",
                "not a supplier identifier (2-40 of A-Z, 0-9, '_', '-'; value not shown)",
            )
        kind = _identifier_kind(value)
        if kind is not None:
            raise _bad(
                "SupplierId",
                f"the supplier identifier looks like {kind}; refusing to put it in file"
                " names, headers or messages (value not shown)",
            )
        return super().__new__(cls, value)

    def __repr__(self) -> str:
        return f"SupplierId({str.__repr__(self)})"


def _identifier_kind(value: str) -> str | None:
    """The kind of patient identifier `value` looks like (NHS or phone number), or None."""
    if sum(c.isdigit() for c in value) < 9:  # the least either needs
        return None
    digits = {IdentifierKind.NHS_NUMBER, IdentifierKind.PHONE}
    found = [k for k in find_identifiers(value) if k in digits]
    if not found:
        return None
    return "an NHS number" if found[0] is IdentifierKind.NHS_NUMBER else "a UK phone number"
