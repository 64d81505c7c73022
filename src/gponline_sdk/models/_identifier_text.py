"""What patient-identifier-shaped text looks like: the patterns every layer may use.

The scanner (`gponline_sdk.reporting.scanner`) refuses output holding such
text; the models refuse a supplier ID shaped like an NHS number and the
converter never shows an unknown key that looks like one. They share these
patterns, which live here, in the bottom layer, so that no layer has to reach
up for them. See the scanner's module docstring for what counts and why.
"""

from __future__ import annotations

import enum
import re
import unicodedata

__all__ = ["IdentifierKind", "find_identifiers", "nhs_number_check_digit", "normalise"]


def nhs_number_check_digit(first_nine: str) -> int | None:
    """Return the modulus 11 check digit for nine digits, or None if none is possible.

    >>> nhs_number_check_digit("943476591")
    9
    """
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


# One gap between digit groups: up to two blanks, optionally around one of - . /
_GAP = r"[ \t]{0,2}[-./]?[ \t]{0,2}"
# Each position not preceded by a digit (or a digit and a decimal point) is
# tried; the lookahead lets candidates overlap, so a failed check digit does
# not hide the next one.
_NHS = re.compile(
    rf"(?<![0-9])(?<![0-9][.,])"
    rf"(?=([0-9]{{3}}){_GAP}([0-9]{{3}}){_GAP}([0-9]{{4}})(?![0-9])(?![.,][0-9]))"
)
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
_S = r"[ \t./-]{1,2}"  # a separator in a known phone grouping
_PHONE = re.compile(
    r"(?<![0-9])(?<![0-9][.,])(?:"
    # +44 or 0044: the prefix is signal enough for any separators.
    r"(?:\+|00)44[ \t./-]{0,2}(?:\(0\)[ \t./-]{0,2})?[1-9](?:[ \t)./-]{0,2}[0-9]){8,9}"
    # 0 and 9 or 10 digits, grouped freely with blanks, hyphens or brackets.
    r"|\(?0[1-9](?:[ \t)-]{0,2}[0-9]){8,9}"
    # The known groupings, which may also use dots and slashes. A national
    # number never starts 00 (that is the international prefix).
    rf"|0(?=[1-9])(?:[0-9]{{2}}{_S}[0-9]{{4}}{_S}[0-9]{{4}}|[0-9]{{3}}{_S}[0-9]{{3}}{_S}[0-9]{{4}}"
    rf"|[0-9]{{4}}{_S}(?:[0-9]{{5,6}}|[0-9]{{3}}{_S}[0-9]{{3}}))"
    r")(?![0-9])(?![.,][0-9])"
)
_POSTCODE = re.compile(
    r"\b(?:GIR[ \t]*0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r"[ \t]*[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
# A full date, ISO (2026-11-27) or day first (27/11/2026, 27.11.2026, 27-11-2026).
_DATE_SPAN = re.compile(
    r"(?<![0-9])(?:"
    r"(?:1[89]|2[0-9])[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0?[1-9]|[12][0-9]|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:1[89]|2[0-9])[0-9]{2}"
    r")(?![0-9])"
)
# Unicode dashes a copied number may carry, as the ASCII hyphen.
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"}
_DIGITS = re.compile(r"[0-9]")


class IdentifierKind(enum.Enum):
    """The kinds of identifier the scanner looks for."""

    NHS_NUMBER = "NHS number"
    EMAIL = "email address"
    PHONE = "UK phone number"
    POSTCODE = "UK postcode"
    DATE_OF_BIRTH = "date of birth"
    PERSON = "person's name or date-of-birth word"


def _has_nhs_number(text: str) -> bool:
    for match in _NHS.finditer(text):
        digits = "".join(match.groups())
        if nhs_number_check_digit(digits[:9]) == int(digits[9]):
            return True
    return False


def normalise(text: str) -> str:
    """Text as the patterns read it: NFKC, Unicode digits as ASCII digits, dashes as `-`.

    >>> normalise("\uff19\uff14\uff13 \u0664\u0667\u0666\u00a05919")
    '943 476 5919'
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    if text.isascii():
        return text
    # NFKC leaves most scripts' digits alone (Arabic-Indic, Devanagari, ...).
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def find_identifiers(text: str) -> list[IdentifierKind]:
    """Return the kinds of identifier shaped text found in `text`, in enum order.

    >>> find_identifiers("call 0113 496 0000 or write to LS1 4AP")
    [<IdentifierKind.PHONE: 'UK phone number'>, <IdentifierKind.POSTCODE: 'UK postcode'>]
    >>> find_identifiers("Acme Consult 2")
    []
    """
    text = normalise(text)
    found: list[IdentifierKind] = []
    # Nine digits are the least any NHS number or UK phone number needs.
    many_digits = len(_DIGITS.findall(text)) >= 9
    digits = text
    if many_digits:
        # A full date is a date: masked, so that two of them side by side
        # (`2000-01-01 2000-01-01`) do not read as one phone number.
        digits = _DATE_SPAN.sub("#", text)
        many_digits = len(_DIGITS.findall(digits)) >= 9
    if many_digits and _has_nhs_number(digits):
        found.append(IdentifierKind.NHS_NUMBER)
    if "@" in text and _EMAIL.search(text):
        found.append(IdentifierKind.EMAIL)
    if many_digits and _PHONE.search(digits):
        found.append(IdentifierKind.PHONE)
    if _POSTCODE.search(text):
        found.append(IdentifierKind.POSTCODE)
    return found
