"""The checks behind `gponline_sdk.reporting.validate`: header, dates, keys, safe messages.

Private: used by `SubmissionValidator` only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from operator import attrgetter
from typing import Any

import attrs

from gponline_sdk.errors import ValidationError
from gponline_sdk.models.identifiers import SupplierId, is_valid_nhs_number
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import (
    DataType,
    Incident,
    NationalRecord,
    OcAggregate,
    OcRecord,
    SubmissionHeader,
    VcAggregate,
    VcRecord,
)
from gponline_sdk.national import active_profile
from gponline_sdk.reporting.aggregate import local_date as london_date
from gponline_sdk.reporting.formats import record_fields
from gponline_sdk.reporting.formats._common import HEADER_KEY, field_of
from gponline_sdk.reporting.validation.report import ReasonCode
from gponline_sdk.serde import structure, wire_name

__all__ = [
    "PREFLIGHT",
    "BulkRange",
    "BulkRows",
    "HeaderCheck",
    "KeyRule",
    "bulk_row_header_fault",
    "bulk_row_period",
    "bulk_type_fault",
    "check_header",
    "columns_fault",
    "duplicate_key",
    "duplicate_message",
    "file_name_fault",
    "invalid_value",
    "key_rule",
    "local_date",
    "other_type_of",
    "row_header_fault",
    "safe_id",
    "safe_message",
    "safe_record_id",
]
# -- rules --------------------------------------------------------------------------------------

_SAFE_QUOTED = re.compile(r"[a-z][a-z0-9_]{0,39}|[A-Z][0-9]{5}")
_QUOTED = re.compile(r"'([^']*)'")
_RECORD_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
_DATE_FIELDS = ("submitted_at", "scheduled_start", "started_at", "date")


def safe_message(message: str) -> str:
    """Withhold quoted values from a message unless they are enum words or ODS codes.

    The converter echoes short bad values (`'9434765919' is not ...`); a report
    goes back over MESH and into logs, so anything that could be an identifier
    or free text is replaced.
    """

    def keep(match: re.Match[str]) -> str:
        return match[0] if _SAFE_QUOTED.fullmatch(match[1]) else "(value withheld)"

    return _QUOTED.sub(keep, message)


def safe_record_id(record: NationalRecord | None, data: Any) -> str | None:
    """The record's ID or incident ID for a report, if it is safe to show (see `safe_id`)."""
    name = "incident_id" if isinstance(record, Incident) else "record_id"
    if record is not None:
        value = getattr(record, name, None)
    elif isinstance(data, dict):
        value = data.get("record_id", data.get("incident_id"))
    else:
        value = None
    return safe_id(value)


def safe_id(value: object) -> str | None:
    """`value` if it is shaped like a keyed pseudonym, else None (it is withheld).

    Anything else, an NHS-number look-alike included, never reaches a report.
    """
    if not isinstance(value, str) or _RECORD_ID.fullmatch(value) is None:
        return None
    return None if is_valid_nhs_number(value) else value


# Per record class, the date fields it has, with their wire names: looked up
# once per class instead of four getattr calls and a wire-name look-up per record.
_DATED_BY: dict[type, tuple[tuple[str, str], ...]] = {}


def _dated_fields(cls: type) -> tuple[tuple[str, str], ...]:
    found = _DATED_BY.get(cls)
    if found is None:
        names = attrs.fields_dict(cls) if attrs.has(cls) else _DATE_FIELDS
        found = tuple((n, wire_name(cls, n)) for n in _DATE_FIELDS if n in names)
        _DATED_BY[cls] = found
    return found


def local_date(record: NationalRecord) -> tuple[str, date] | None:
    """The field that dates a record and its UK local date; practice types have none."""
    for name, wire in _dated_fields(type(record)):
        value = getattr(record, name, None)
        if isinstance(value, datetime):
            return wire, london_date(value)
        if isinstance(value, date):
            return wire, value
    return None


KeyRule = tuple[Callable[[Any], str], ReasonCode]
_KEY_RULES: dict[type, KeyRule] = {}


def key_rule(cls: type) -> KeyRule:
    """How the duplicate rule keys a record of this class, and the reason a repeat gets.

    Looked up once per class: the validator keys every record, and an
    `attrgetter` costs a third of a chain of isinstance checks.
    """
    rule = _KEY_RULES.get(cls)
    if rule is None:
        if issubclass(cls, (OcRecord, VcRecord)):
            rule = (attrgetter("record_id"), ReasonCode.DUPLICATE_RECORD_ID)
        elif issubclass(cls, Incident):
            rule = (attrgetter("incident_id"), ReasonCode.DUPLICATE_RECORD_ID)
        elif issubclass(cls, OcAggregate):
            rule = (_oc_aggregate_key, ReasonCode.DUPLICATE_KEY)
        elif issubclass(cls, VcAggregate):
            rule = (lambda r: f"{r.practice_code}|{r.date}", ReasonCode.DUPLICATE_KEY)
        else:
            rule = (lambda r: str(r.practice_code), ReasonCode.DUPLICATE_KEY)
        _KEY_RULES[cls] = rule
    return rule


def _oc_aggregate_key(record: OcAggregate) -> str:
    return f"{record.practice_code}|{record.date}|{record.request_type.value}"


def duplicate_key(record: NationalRecord) -> tuple[str, ReasonCode]:
    """The key the duplicate rule checks for this record, and the reason a repeat gets."""
    key_of, reason = key_rule(type(record))
    return key_of(record), reason


def other_type_of(data: dict[str, Any], data_type: DataType) -> DataType | None:
    """The first other data type whose record class accepts `data`, if any."""
    for other in DataType:
        if other is data_type:
            continue
        try:
            structure(data, other.record_class)
        except ValidationError:
            continue
        return other
    return None


def row_header_fault(own: Any, first: Any) -> tuple[ReasonCode, str]:
    """Why a CSV row's own header columns, differing from the first row's, reject the file."""
    period = wire_name(SubmissionHeader, "period")
    own = own if isinstance(own, dict) else {}
    first = first if isinstance(first, dict) else {}
    if own.get(period) != first.get(period):
        return ReasonCode.MULTIPLE_PERIODS, "rows name different periods; one period per file"
    return ReasonCode.HEADER_INVALID, "this row's header columns differ from the first row's"


def columns_fault(fields: Iterable[str], data_type: DataType) -> str | None:
    """Why a CSV file's record columns do not fit the header's data type, if they do not."""
    declared = set(fields)
    if declared == set(record_fields(data_type)):
        return None
    other = [dt.wire_name for dt in DataType if set(record_fields(dt)) == declared]
    detail = f"are those of {other[0]}" if other else "do not match its fields"
    return f"the columns {detail}; the header says {data_type.wire_name}"


def file_name_fault(name: str, data_type: DataType) -> str | None:
    """Why a file name contradicts the header's data type (it names another), if it does."""
    named = [dt for dt in DataType if dt.wire_name in name.lower()]
    if named and data_type not in named:
        return f"the file name says {named[0].wire_name}; the header says {data_type.wire_name}"
    return None


def invalid_value(exc: ValidationError, cls: type) -> tuple[ReasonCode, str, str]:
    """A record that does not structure as `cls`: its reason, message and first bad field."""
    fields = [field_of(p.location) for p in exc.problems]
    reason = ReasonCode.INVALID_VALUE
    if wire_name(cls, "practice_code") in fields:
        reason = ReasonCode.INVALID_ODS_CODE
    message = "; ".join(
        f"{f or 'record'}: {p.message}" for f, p in zip(fields, exc.problems, strict=True)
    )
    return reason, message, fields[0]


def duplicate_message(reason: ReasonCode) -> str:
    """The message of a duplicate record ID or key rejection."""
    if reason is ReasonCode.DUPLICATE_RECORD_ID:
        return "the same record ID appears earlier in the file"
    return "the same key appears earlier in the file"


@attrs.frozen(kw_only=True)
class HeaderCheck:
    """What the header rules found: the rejections, and what the header said when readable."""

    rejections: list[tuple[ReasonCode, str, str]]
    supplier_id: SupplierId | None = None
    data_type: DataType | None = None
    period: ReportingPeriod | None = None
    header: SubmissionHeader | None = None


def check_period(raw: Any, out: list[tuple[ReasonCode, str, str]]) -> ReportingPeriod | None:
    loc = f"$.{HEADER_KEY}.{wire_name(SubmissionHeader, 'period')}"
    if not isinstance(raw, dict):
        out.append((ReasonCode.HEADER_INVALID, "expected an object with start and end", loc))
        return None
    days: list[date] = []
    for name in ("start", "end"):
        wire = wire_name(ReportingPeriod, name)
        try:
            days.append(structure(raw.get(wire), date))
        except ValidationError as exc:
            out.append((ReasonCode.HEADER_INVALID, exc.problems[0].message, f"{loc}.{wire}"))
    if len(days) < 2:
        return None
    start, end = days
    length = (end - start).days + 1
    if length > 7:
        message = f"runs {length} days ({start} to {end}); a period is one week"
        out.append((ReasonCode.PERIOD_TOO_LONG, message, loc))
        return None
    if start.weekday() != 0 or length != 7:
        message = (
            f"runs {start:%A} {start} to {end:%A} {end}; "
            "expected a Monday to the Sunday six days later"
        )
        out.append((ReasonCode.PERIOD_NOT_MONDAY_TO_SUNDAY, message, loc))
        return None
    return ReportingPeriod(start=start, end=end)


def check_header(raw: Any) -> HeaderCheck:
    """Apply the header rules to a raw header (JSON-shaped, as a reader gives it)."""
    out: list[tuple[ReasonCode, str, str]] = []
    root = f"$.{HEADER_KEY}"
    if raw is None:
        out.append((ReasonCode.HEADER_MISSING, "the file has no submission header", root))
        return HeaderCheck(rejections=out)
    if not isinstance(raw, dict):
        out.append((ReasonCode.HEADER_INVALID, "the header is not an object", root))
        return HeaderCheck(rejections=out)
    found: dict[str, Any] = {}
    for field, kind in (("supplier_id", SupplierId), ("data_type", DataType)):
        wire = wire_name(SubmissionHeader, field)
        value = raw.get(wire)
        if field == "supplier_id" and value in (None, ""):
            out.append((ReasonCode.SUPPLIER_MISSING, "no supplier identifier", f"{root}.{wire}"))
            continue
        try:
            found[field] = structure(value, kind)
        except ValidationError as exc:
            out.append((ReasonCode.HEADER_INVALID, exc.problems[0].message, f"{root}.{wire}"))
    period = check_period(raw.get(wire_name(SubmissionHeader, "period")), out)
    header = None
    if not out:
        try:
            header = structure(raw, SubmissionHeader, path=root)
        except ValidationError as exc:
            out += [(ReasonCode.HEADER_INVALID, p.message, p.location) for p in exc.problems]
    return HeaderCheck(
        rejections=out,
        supplier_id=found.get("supplier_id"),
        data_type=found.get("data_type"),
        period=period,
        header=header,
    )


# -- bulk (historic) files ----------------------------------------------------------------------

PREFLIGHT = "SDK pre-flight rule"
"""The label of every check NHS England has not published (see docs/supplier.md)."""


@attrs.frozen(kw_only=True)
class BulkRange:
    """The weeks a bulk (historic catch-up) file declares: first and last, both included.

    A bulk file holds many Monday-to-Sunday weeks, each row naming its own.
    Either end may be None (unknown, for instance a file whose name does not
    follow the profile's bulk pattern): that side is then not checked.
    """

    first: ReportingPeriod | None = None
    last: ReportingPeriod | None = None

    def contains(self, period: ReportingPeriod) -> bool:
        """True when `period` is one of the declared weeks."""
        after = self.first is None or period.start >= self.first.start
        return after and (self.last is None or period.end <= self.last.end)

    def describe(self) -> str:
        """`2025-W02 to 2026-W47`, with `...` for an open end."""
        first = self.first.iso_week if self.first else "..."
        return f"{first} to {self.last.iso_week if self.last else '...'}"


def bulk_row_header_fault(own: Any, first: Any) -> str | None:
    """Why a bulk row's header columns other than the period differ from the first row's."""
    period = wire_name(SubmissionHeader, "period")
    own = own if isinstance(own, dict) else {}
    first = first if isinstance(first, dict) else {}
    differ = sorted(k for k in set(own) | set(first) if k != period and own.get(k) != first.get(k))
    if not differ:
        return None
    return (
        f"{PREFLIGHT}: {differ[0]} on this row differs from the first row; "
        "in a bulk file only the period may change from row to row"
    )


def bulk_row_period(raw: Any) -> tuple[ReportingPeriod | None, list[tuple[ReasonCode, str, str]]]:
    """Check one bulk row's own period: a Monday-to-Sunday week, at most seven days.

    A period longer than seven days rejects the file (NHS England's rule); a
    period that is not Monday to Sunday, or a malformed one, is the SDK's own
    pre-flight rule, labelled so.

    Returns:
        The row's week when valid, else None, and the file rejections found.
    """
    out: list[tuple[ReasonCode, str, str]] = []
    period = check_period(raw, out)
    labelled = []
    for reason, message, location in out:
        who = "rule of NHS England" if reason is ReasonCode.PERIOD_TOO_LONG else PREFLIGHT
        labelled.append((reason, f"row period {message} ({who})", location))
    return period, labelled


class BulkRows:
    """The rows of one bulk file, each naming its own week; each distinct period is checked once."""

    _CACHED = 4096  # distinct periods remembered (about 80 years of weeks)

    def __init__(self) -> None:
        self._periods: dict[str, ReportingPeriod | None] = {}

    def check(
        self, own: Any, first: Any
    ) -> tuple[ReportingPeriod | None, list[tuple[ReasonCode, str]]]:
        """A row's own week (None if invalid) and the file rejections its header columns earn."""
        out = []
        fault = bulk_row_header_fault(own, first)
        if fault is not None:
            out.append((ReasonCode.HEADER_INVALID, fault))
        raw = (own if isinstance(own, dict) else {}).get(wire_name(SubmissionHeader, "period"))
        key = repr(raw)  # the reader's cells are strings: a stable key
        if key in self._periods:
            return self._periods[key], out
        period, rejections = bulk_row_period(raw)
        out += [(reason, message) for reason, message, _ in rejections]
        if len(self._periods) >= self._CACHED:
            self._periods.clear()
        if len(key) <= 200:  # a longer value is no date: not worth keeping
            self._periods[key] = period
        return period, out


def bulk_type_fault(data_type: DataType | None) -> list[tuple[ReasonCode, str, str]]:
    """A bulk file of a data type the bulk route does not take (NHS England: no VC practice)."""
    if data_type is None or data_type.value in active_profile().bulk_types():
        return []
    loc = f"$.{HEADER_KEY}.{wire_name(SubmissionHeader, 'data_type')}"
    message = f"the bulk route does not take {data_type.wire_name} (NHS England bulk guidance)"
    return [(ReasonCode.DATA_TYPE_MISMATCH, message, loc)]
