"""The second line of defence: refuse output holding anything shaped like an identifier.

The national record types have no field for an identifier, and the anonymiser
never copies free text; this scanner checks the records themselves before they
are written, in case a supplier's code put something where it does not belong
(an NHS number as a record ID, a patient's email in an incident summary).

What counts as an identifier (`find_identifiers`):

- NHS number: ten digits with a valid modulus 11 check digit, written
  `9434765919`, `943 476 5919` or `943-476-5919`, not part of a longer run of
  digits (letters around it do not hide it: `REQ9434765919` is caught).
- Email address: `local@domain.tld`.
- UK phone number: `0` and 9 or 10 more digits, or `+44`/`0044` and 9 or 10
  digits (optionally `(0)`), with spaces, hyphens or brackets between groups,
  not part of a longer run of digits.
- UK postcode: the Royal Mail pattern (outward code, optional space, digit and
  two letters), in any case, as a whole word.

Which values are scanned (`scan_record`), and why:

- Every string in the record, recursively (attrs fields, sequences, mappings),
  except the three kinds below, and every integer of ten digits or more (an
  NHS number that lost its formatting in a numeric column).
- Skipped: enum members (closed sets of our own values) and `OdsCode` values
  (one letter and five digits by construction: too short to hold any of the
  four kinds).
- Skipped: a pseudonym in an ID field (`record_id`, `incident_id`) when it is
  exactly 32 lower-case hex characters, the form `Anonymiser` writes. An HMAC
  output is random hex: about 0.9% of them (1 in 110) hold a run of digits
  shaped like an NHS number or a phone number by pure chance (measured in the
  tests), which would refuse most weekly files for nothing, and a digit run in
  an HMAC output is nobody's NHS number. Any other value in an ID field
  (`REQ-9434765919`, a bare NHS number) is scanned like the rest.

The scanner is deliberately conservative: a product name such as `A1 2nd`
looks like a postcode and is refused; reword it. Errors name the record's
position and the field, never the value.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from gponline_sdk.errors import PrivacyError
from gponline_sdk.models.identifiers import OdsCode, nhs_number_check_digit

__all__ = [
    "PSEUDONYM_FIELDS",
    "Finding",
    "IdentifierKind",
    "IdentifierScanner",
    "find_identifiers",
    "scan_record",
]

R = TypeVar("R")

PSEUDONYM_FIELDS = frozenset({"record_id", "incident_id"})
"""ID fields whose keyed-pseudonym values (32 lower-case hex) are not scanned."""

_PSEUDONYM = re.compile(r"[0-9a-f]{32}")
# Each position not preceded by a digit is tried (the lookahead lets
# candidates overlap, so a failed check digit does not hide the next one).
_NHS = re.compile(r"(?<![0-9])(?=([0-9]{3})[ -]?([0-9]{3})[ -]?([0-9]{4})(?![0-9]))")
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![0-9])"
    r"(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(?0)"
    r"[1-9](?:[ )-]{0,2}[0-9]){8,9}"
    r"(?![0-9])"
)
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[0-9]")
_BIG_INT = 10**9


class IdentifierKind(enum.Enum):
    """The kinds of identifier the scanner looks for."""

    NHS_NUMBER = "NHS number"
    EMAIL = "email address"
    PHONE = "UK phone number"
    POSTCODE = "UK postcode"


@attrs.frozen(kw_only=True)
class Finding:
    """Something identifier-shaped in one field; holds where and what kind, never the value."""

    path: str
    kind: IdentifierKind

    def __str__(self) -> str:
        article = "an" if self.kind in (IdentifierKind.NHS_NUMBER, IdentifierKind.EMAIL) else "a"
        return f"{self.path} looks like {article} {self.kind.value}"


def _has_nhs_number(text: str) -> bool:
    for match in _NHS.finditer(text):
        digits = "".join(match.groups())
        if nhs_number_check_digit(digits[:9]) == int(digits[9]):
            return True
    return False


def find_identifiers(text: str) -> list[IdentifierKind]:
    """Return the kinds of identifier shaped text found in `text`, in enum order.

    >>> find_identifiers("call 0113 496 0000 or write to LS1 4AP")
    [<IdentifierKind.PHONE: 'UK phone number'>, <IdentifierKind.POSTCODE: 'UK postcode'>]
    >>> find_identifiers("Acme Consult 2")
    []
    """
    found: list[IdentifierKind] = []
    # Nine digits are the least any NHS number or UK phone number needs.
    many_digits = len(_DIGITS.findall(text)) >= 9
    if many_digits and _has_nhs_number(text):
        found.append(IdentifierKind.NHS_NUMBER)
    if "@" in text and _EMAIL.search(text):
        found.append(IdentifierKind.EMAIL)
    if many_digits and _PHONE.search(text):
        found.append(IdentifierKind.PHONE)
    if _POSTCODE.search(text):
        found.append(IdentifierKind.POSTCODE)
    return found


# Types whose values can never hold an identifier: skipped at the cost of one
# set lookup. Enum classes are added the first time one is met.
_SAFE_TYPES: set[type] = {type(None), bool, datetime, date, OdsCode}
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(a.name for a in attrs.fields(cls))
    return names


def _scan_value(value: Any, path: str, field: str, out: list[Finding]) -> None:
    kind = type(value)
    if kind in _SAFE_TYPES:
        return
    if isinstance(value, str):
        if field in PSEUDONYM_FIELDS and len(value) == 32 and _PSEUDONYM.fullmatch(value):
            return
        out.extend(Finding(path=path, kind=k) for k in find_identifiers(value))
    elif isinstance(value, enum.Enum):
        _SAFE_TYPES.add(kind)
    elif isinstance(value, int):
        if value >= _BIG_INT:
            out.extend(Finding(path=path, kind=k) for k in find_identifiers(str(value)))
    elif attrs.has(kind):
        for name in _field_names(kind):
            _scan_value(getattr(value, name), f"{path}.{name}" if path else name, name, out)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            name = str(key)
            _scan_value(item, f"{path}.{name}" if path else name, name, out)
    elif isinstance(value, (list, tuple, frozenset, set)):
        for index, item in enumerate(value):
            _scan_value(item, f"{path}[{index}]", field, out)


def scan_record(record: object) -> list[Finding]:
    """Scan one record (an attrs instance or a JSON-shaped mapping) for identifiers.

    Returns:
        One `Finding` per field and kind, with the field's path (`summary`,
        `items[2].name`); empty when the record is clean.
    """
    out: list[Finding] = []
    kind = type(record)
    if attrs.has(kind):
        # The common case, a flat national record, without building paths.
        for name in _field_names(kind):
            value = getattr(record, name)
            if type(value) not in _SAFE_TYPES:
                _scan_value(value, name, name, out)
    else:
        _scan_value(record, "", "", out)
    return out


class IdentifierScanner:
    """Refuses a stream of records if any of them holds an identifier-shaped value.

    Args:
        kinds: The kinds to look for (all four by default).
    """

    def __init__(self, kinds: Iterable[IdentifierKind] = tuple(IdentifierKind)) -> None:
        self.kinds = frozenset(kinds)

    def scan(self, record: object) -> list[Finding]:
        """The findings for one record, limited to this scanner's kinds."""
        return [f for f in scan_record(record) if f.kind in self.kinds]

    def check(self, records: Iterable[R]) -> Iterator[R]:
        """Pass records through, raising `PrivacyError` at the first one that is not clean.

        Use it between building records and writing them; the writer's atomic
        write then leaves nothing behind.

        Raises:
            PrivacyError: naming the record's index, its pseudonymous record ID
                when it has one, each field and the kind of identifier. The
                error's `findings` and `index` attributes hold the same.
        """
        for index, record in enumerate(records):
            findings = self.scan(record)
            if findings:
                raise _privacy_error(index, record, findings)
            yield record

    def check_all(self, records: Iterable[object]) -> int:
        """Scan every record; return how many there were.

        Raises:
            PrivacyError: as for `check`.
        """
        count = 0
        for _ in self.check(records):
            count += 1
        return count


def _privacy_error(index: int, record: object, findings: list[Finding]) -> PrivacyError:
    record_id = getattr(record, "record_id", None)
    # The ID is shown only in the pseudonym form, which is known to be no identifier.
    shown = (
        f" (record_id {record_id})"
        if isinstance(record_id, str) and (_PSEUDONYM.fullmatch(record_id))
        else ""
    )
    kind = type(record).__name__
    details = "; ".join(str(f) for f in findings)
    error = PrivacyError(
        f"record {index}{shown}, {kind}: {details}; refusing to write identifier-shaped data"
    )
    error.findings = tuple(findings)  # type: ignore[attr-defined]
    error.index = index  # type: ignore[attr-defined]
    return error
