r"""The second line of defence: refuse output holding anything shaped like an identifier.

The national record types have no field for an identifier, and the anonymiser
never copies free text; this scanner checks the records themselves before they
are written, in case a supplier's code put something where it does not belong
(an NHS number as a record ID, a patient's email in an incident summary).

What counts as an identifier (`find_identifiers`):

- Text is first normalised: NFKC (full-width and other compatibility forms,
  non-breaking and thin spaces become their plain forms), then every Unicode
  decimal digit becomes its ASCII digit (`unicodedata.decimal`: Arabic-Indic,
  Devanagari and so on) and Unicode dashes become `-`. Pure ASCII text, the
  common case, skips this.
- NHS number: ten digits with a valid modulus 11 check digit, either run
  together or in the 3-3-4 grouping with any separator in each gap (up to two
  spaces or tabs, optionally around one `-`, `.` or `/`): `9434765919`,
  `943 476 5919`, `943-476-5919`, `943.476.5919`, `943/476/5919`,
  `943 - 476\t5919`. Not part of a longer number: a digit, or a digit and a
  `.` or `,` (a decimal), before or after it hides it; letters do not
  (`REQ9434765919` is caught).
- Email address: `local@domain.tld`.
- UK phone number: `0` and 9 or 10 more digits with spaces, tabs, hyphens or
  brackets between groups (`(0113) 496 0000`), or in a known grouping
  (0AA BBBB CCCC, 0AAA BBB CCCC, 0AAAA BBBBBB, 0AAAA BBB BBB, 0AAAA BBBBB) with
  `.` or `/` too (`020.7946.0018`, `07700.900123`); or `+44`/`0044` and 9 or
  10 digits (optionally `(0)`) with any of those separators. Not part of a
  longer run of digits. Dotted and slashed numbers are matched only in those
  groupings so that dates (`27/11/2026 01/12/2026`) and versions are not.
- Before the NHS and phone patterns run, full dates (`2026-11-27`,
  `27/11/2026`, `27.11.2026`) are masked: two dates side by side
  (`2000-01-01 2000-01-01`) otherwise read as a phone number.
- UK postcode: the Royal Mail pattern (outward code, any run of spaces or
  tabs, digit and two letters), in any case, as a whole word.

The free-text fields (`FREE_TEXT_FIELDS`: a practice row's `product_name`, an
incident's `summary`) are also read for what a patient's details look like in
prose (`free_text_problem`):

- a date of birth: a full date (`12/03/1957`, `12/03/57`, `12.03.1957`,
  `1957-03-12`, `12 March 1957`, `March 12, 1957`). In a product name any
  date is refused; in a summary only one in a year before the year preceding
  the incident's start (an outage's own date is fine, `12/03/1957` is not).
- a person: a title and a capitalised word (`Mr Bloggs`, `Mrs. Jones`, `Ms`,
  `Miss`, `Mx`), or a date-of-birth word (`DOB`, `D.O.B.`, `date of birth`,
  `born`). Clinicians' titles (`Dr`) are left alone: an incident may name a
  product feature such as `Dr iQ`.

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
from datetime import date, datetime, timezone
from typing import Any, TypeVar

import attrs

from gponline_sdk.errors import PrivacyError
from gponline_sdk.models._identifier_text import (
    IdentifierKind,
    find_identifiers,
    normalise,
)
from gponline_sdk.models.identifiers import OdsCode

__all__ = [
    "FREE_TEXT_FIELDS",
    "PSEUDONYM_FIELDS",
    "Finding",
    "IdentifierKind",
    "IdentifierScanner",
    "find_identifiers",
    "free_text_problem",
    "normalise",
    "scan_record",
]

R = TypeVar("R")

PSEUDONYM_FIELDS = frozenset({"record_id", "incident_id"})
"""ID fields whose keyed-pseudonym values (32 lower-case hex) are not scanned."""

_PSEUDONYM = re.compile(r"[0-9a-f]{32}")
FREE_TEXT_FIELDS = frozenset({"product_name", "summary"})
"""Fields whose text is also read for dates of birth and titled names."""

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DMY = re.compile(
    r"(?<![0-9.])([0-9]{1,2})[ \t]*([-./])[ \t]*([0-9]{1,2})[ \t]*\2[ \t]*([0-9]{4}|[0-9]{2})"
    r"(?![0-9])(?!\.[0-9])"
)
_YMD = re.compile(r"(?<![0-9.])((?:1[89]|20)[0-9]{2})([-./])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])")
_WORDY = re.compile(
    rf"\b(?:([0-9]{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:{_MONTHS})[a-z]*\.?,?[ \t]+([0-9]{{4}})"
    rf"|(?:{_MONTHS})[a-z]*\.?[ \t]+([0-9]{{1,2}})(?:st|nd|rd|th)?,?[ \t]+([0-9]{{4}}))\b",
    re.IGNORECASE,
)
# Case matters for a title (`Mr Bloggs`, not "mr"), not for the words.
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Mstr)\.?[ \t]+[A-Z]")
_PERSON_WORDS = re.compile(r"\b(?:dob|d\.o\.b|date[ \t]+of[ \t]+birth|born)\b", re.IGNORECASE)
_BIG_INT = 10**9


@attrs.frozen(kw_only=True)
class Finding:
    """Something identifier-shaped in one field; holds where and what kind, never the value."""

    path: str
    kind: IdentifierKind

    def __str__(self) -> str:
        article = "an" if self.kind in (IdentifierKind.NHS_NUMBER, IdentifierKind.EMAIL) else "a"
        return f"{self.path} looks like {article} {self.kind.value}"


def _date_years(text: str) -> Iterator[int]:
    """The year of each full date written in `text` (a two-digit year read as 19xx or 20xx)."""
    for match in _DMY.finditer(text):
        day, sep, month, year = match.groups()
        if len(year) == 2:
            if sep == ".":  # 3.10.12 is a version, not a date
                continue
            year = ("20" if int(year) <= datetime.now(timezone.utc).year % 100 else "19") + year
        if 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
            yield int(year)
    for match in _YMD.finditer(text):
        year, _, month, day = match.groups()
        if 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
            yield int(year)
    for match in _WORDY.finditer(text):
        day, year = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        if 1 <= int(day) <= 31:
            yield int(year)


def free_text_problem(text: str, *, dates_before: int | None) -> str | None:
    """What in free text looks like a patient's details, or None; never the text itself.

    Args:
        text: The field's value.
        dates_before: Refuse only dates whose year is before this one; None
            refuses every full date (a product name holds none).

    >>> free_text_problem("Outage on 27/11/2026 from 09:00", dates_before=2025)
    >>> free_text_problem("for Mr Bloggs born 12 March 1957", dates_before=2025)
    'holds a date'
    """
    normal = normalise(text)
    if _has_date(normal, dates_before):
        return "holds a date"
    if _has_person(normal):
        return "holds a title and name or a date-of-birth word"
    return None


def _has_date(normal: str, before: int | None) -> bool:
    return any(before is None or year < before for year in _date_years(normal))


def _has_person(normal: str) -> bool:
    return bool(_TITLE.search(normal) or _PERSON_WORDS.search(normal))


def _free_text(record: object, out: list[Finding]) -> None:
    started = getattr(record, "started_at", None)
    # A summary may date the incident itself; a date of birth is years older.
    summary_before = (
        started if isinstance(started, datetime) else datetime.now(timezone.utc)
    ).year - 1
    for name in sorted(FREE_TEXT_FIELDS):
        value = getattr(record, name, None)
        if not isinstance(value, str):
            continue
        normal = normalise(value)
        if _has_date(normal, summary_before if name == "summary" else None):
            out.append(Finding(path=name, kind=IdentifierKind.DATE_OF_BIRTH))
        if _has_person(normal):
            out.append(Finding(path=name, kind=IdentifierKind.PERSON))


# Types whose values can never hold an identifier: skipped at the cost of one
# set lookup. Enum classes are added the first time one is met.
_SAFE_TYPES: set[type] = {type(None), bool, datetime, date, OdsCode}
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


_FREE_TEXT: dict[type, bool] = {}


def _has_free_text(cls: type) -> bool:
    has = _FREE_TEXT.get(cls)
    if has is None:
        has = _FREE_TEXT[cls] = not FREE_TEXT_FIELDS.isdisjoint(_field_names(cls))
    return has


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
        if _has_free_text(kind):
            _free_text(record, out)
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
