"""Check a weekly submission the way the national pipeline does: file rules, then record rules.

One typed `ValidationReport` serves the SDK's check before sending and the
reference collector (NHS England's side), which sends it back as the
submission report; its JSON shape is stable and its reasons are `ReasonCode`s.

File rejections (the whole file is refused): no header, a malformed header,
no supplier, records or columns of another data type than the header says
(or a file name naming another type), a period that is not Monday to Sunday
or is longer than seven days, records dated in more than one week, a file
that cannot be parsed. Record rejections (that record alone): an invalid
value or ODS code, a practice not on the participation list, a date outside
the header's period, a duplicate record ID, or for aggregate and practice
types a duplicate key. A record gets one reason, the first that applies in
that order.

Memory is constant apart from duplicate detection, which keeps 64-bit keyed
digests of the IDs (Python's randomised SipHash string hash, not the IDs
themselves) in an open-addressing table: at most about
16 bytes per record, so 16 MiB for 1,000,000 records and 64 MiB for
5,000,000 (briefly 1.5 times that while the table grows), where a Python set
of the ID strings takes about 115 MiB for 1,000,000. The price is a chance of
about n^2 / 2^65 that two different IDs share a digest (3e-8 for a million
records) and one record is wrongly flagged as a duplicate; the hash seed is
random per process, so such a clash would not repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from gponline_sdk.errors import InputFileError, ValidationError
from gponline_sdk.models.identifiers import OdsCode, SupplierId
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType, NationalRecord, SubmissionHeader
from gponline_sdk.reporting._validation_report import (
    FileRejection,
    ReasonCode,
    ReasonCount,
    RecordRejection,
    ValidationReport,
)
from gponline_sdk.reporting._validation_rules import (
    KeyDigests,
    check_header,
    duplicate_key,
    local_date,
    safe_message,
    safe_record_id,
)
from gponline_sdk.reporting.formats import Format, RawRecord, open_submission, record_fields
from gponline_sdk.reporting.formats._common import field_of
from gponline_sdk.serde import structure, unstructure, wire_name

__all__ = [
    "FileRejection",
    "Participating",
    "ReasonCode",
    "ReasonCount",
    "RecordRejection",
    "SubmissionValidator",
    "ValidationReport",
    "safe_message",
    "validate_file",
    "validate_stream",
]

Participating = Callable[[OdsCode], bool] | frozenset[str] | set[str] | None
"""Who may be reported: a predicate, a set of ODS codes, or None to skip the check."""

DEFAULT_MAX_DETAILS = 1000
_MISMATCH_PROBES = 10


class SubmissionValidator:
    """Validate one submission incrementally: the header, then each record as it streams.

    For callers that need each accepted record (the reference collector stores
    them): `check_record` returns the typed record when it is accepted.
    `validate_stream` and `validate_file` are built on this class.

    Args:
        participating: A predicate or a set of ODS codes; None skips the participation rule.
        max_details: How many record rejections to keep in detail (all are counted).
        source: The file name, shown in the report.
    """

    def __init__(
        self,
        *,
        participating: Participating,
        max_details: int = DEFAULT_MAX_DETAILS,
        source: str = "",
    ) -> None:
        self._participating: Callable[[OdsCode], bool] | None
        if participating is None or callable(participating):
            self._participating = participating
        else:
            self._participating = frozenset(participating).__contains__
        self._max_details = max_details
        self._source = source
        self._file: list[FileRejection] = []
        self._flagged: set[ReasonCode] = set()
        self._details: list[RecordRejection] = []
        self._counts: dict[ReasonCode, int] = {}
        self._total = 0
        self._header_raw: Any = None
        self._header: SubmissionHeader | None = None
        self._data_type: DataType | None = None
        self._period: ReportingPeriod | None = None
        self._supplier: SupplierId | None = None
        self._ids = KeyDigests()
        self._first_week: int | None = None
        self._probes = 0

    # -- file level -------------------------------------------------------------------------

    def reject_file(self, reason: ReasonCode, message: str, location: str = "") -> None:
        """Record a file rejection; each reason is recorded once."""
        if reason not in self._flagged:
            self._flagged.add(reason)
            self._file.append(
                FileRejection(reason=reason, message=safe_message(message), location=location)
            )

    def check_header(self, header_raw: Any) -> SubmissionHeader | None:
        """Check the raw header (before structuring, so each fault gets its own reason).

        Returns:
            The typed header when it is valid, else None (the rejections are recorded).
        """
        if isinstance(header_raw, SubmissionHeader):
            header_raw = unstructure(header_raw)
        self._header_raw = header_raw
        result = check_header(header_raw)
        for reason, message, location in result.rejections:
            self.reject_file(reason, message, location)
        self._supplier, self._data_type, self._period = (
            result.supplier_id,
            result.data_type,
            result.period,
        )
        self._header = result.header
        return result.header

    def check_declared_fields(self, fields: Iterable[str]) -> None:
        """Check a CSV file's record columns against the header's data type."""
        if self._data_type is None:
            return
        declared = set(fields)
        if declared == set(record_fields(self._data_type)):
            return
        other = [dt.value for dt in DataType if set(record_fields(dt)) == declared]
        detail = f"are those of {other[0]}" if other else "do not match its fields"
        message = f"the columns {detail}; the header says {self._data_type.value}"
        self.reject_file(ReasonCode.DATA_TYPE_MISMATCH, message, "columns")

    def check_file_name(self, name: str) -> None:
        """Reject a file whose name names another data type than its header."""
        if self._data_type is None:
            return
        named = [dt for dt in DataType if dt.value in name.lower()]
        if named and self._data_type not in named:
            message = (
                f"the file name says {named[0].value}; the header says {self._data_type.value}"
            )
            self.reject_file(ReasonCode.DATA_TYPE_MISMATCH, message, name)

    # -- record level -----------------------------------------------------------------------

    def check_record(self, raw: RawRecord) -> NationalRecord | None:
        """Check one record; return it typed when accepted, else None (the reason is recorded)."""
        self._total += 1
        if self._data_type is None:
            return None
        if raw.header is not None:
            self._row_header_differs(raw)
        if raw.tag is not None and raw.tag != self._data_type.value:
            message = f"a <{raw.tag[:40]}> record in a {self._data_type.value} submission"
            self.reject_file(ReasonCode.DATA_TYPE_MISMATCH, message, raw.location)
        if raw.defect is not None:
            self._reject(raw, None, ReasonCode.INVALID_VALUE, raw.defect, raw.location)
            return None
        cls = self._data_type.record_class
        if isinstance(raw.data, cls):
            # Typed records (the SDK's own check before sending) are valid by
            # construction: the value rules are skipped, the file's are not.
            return self._check_typed(raw, raw.data)
        data = raw.data
        if type(data) is not dict and attrs.has(type(data)):  # a dict, as read, is the usual case
            data = unstructure(data)
        try:
            record = structure(data, cls)
        except ValidationError as exc:
            self._probe_other_types(raw, data)
            fields = [field_of(p.location) for p in exc.problems]
            code = wire_name(self._data_type.record_class, "practice_code")
            reason = ReasonCode.INVALID_ODS_CODE if code in fields else ReasonCode.INVALID_VALUE
            message = "; ".join(
                f"{f or 'record'}: {p.message}" for f, p in zip(fields, exc.problems, strict=True)
            )
            self._reject(raw, None, reason, message, raw.at(fields[0]))
            return None
        return self._check_typed(raw, record)

    def _check_typed(self, raw: RawRecord, record: NationalRecord) -> NationalRecord | None:
        key, key_reason = duplicate_key(record)
        new_key = self._ids.add(key)
        dated = local_date(record)
        if dated is not None:
            self._note_week(dated[1], raw)
        practice = getattr(record, "practice_code", None)
        if practice is not None and self._participating and not self._participating(practice):
            message = f"practice {practice} is not on the participation list"
            at = raw.at(wire_name(type(record), "practice_code"))
            self._reject(raw, record, ReasonCode.PRACTICE_NOT_PARTICIPATING, message, at)
            return None
        if dated is not None and self._period is not None and not self._period.contains(dated[1]):
            message = (
                f"dated {dated[1]} (UK local date), outside the period "
                f"{self._period.start} to {self._period.end}"
            )
            at = raw.at(dated[0])
            self._reject(raw, record, ReasonCode.DATE_OUTSIDE_PERIOD, message, at)
            return None
        if not new_key:
            message = (
                "the same record ID appears earlier in the file"
                if key_reason is ReasonCode.DUPLICATE_RECORD_ID
                else "the same key appears earlier in the file"
            )
            self._reject(raw, record, key_reason, message, raw.location)
            return None
        return record

    def _reject(
        self,
        raw: RawRecord,
        record: NationalRecord | None,
        reason: ReasonCode,
        message: str,
        location: str,
    ) -> None:
        """Count a rejected record and keep its detail while under the cap."""
        self._counts[reason] = self._counts.get(reason, 0) + 1
        if len(self._details) < self._max_details:
            self._details.append(
                RecordRejection(
                    index=raw.index,
                    record_id=safe_record_id(record, raw.data),
                    reason=reason,
                    message=safe_message(message),
                    location=location,
                )
            )

    def _row_header_differs(self, raw: RawRecord) -> None:
        period = wire_name(SubmissionHeader, "period")
        own = raw.header if isinstance(raw.header, dict) else {}
        first = self._header_raw if isinstance(self._header_raw, dict) else {}
        if own.get(period) != first.get(period):
            message = "rows name different periods; one period per file"
            self.reject_file(ReasonCode.MULTIPLE_PERIODS, message, raw.location)
        else:
            message = "this row's header columns differ from the first row's"
            self.reject_file(ReasonCode.HEADER_INVALID, message, raw.location)

    def _note_week(self, day: date, raw: RawRecord) -> None:
        week = day.toordinal() - day.weekday()
        if self._first_week is None:
            self._first_week = week
        elif week != self._first_week:
            message = "records are dated in more than one Monday-to-Sunday week"
            self.reject_file(ReasonCode.MULTIPLE_PERIODS, message, raw.location)

    def _probe_other_types(self, raw: RawRecord, data: Any) -> None:
        # Only the first few failures are probed: a wrong-type file fails on
        # its first record, and probing every bad record would cost 6 structures each.
        if self._probes >= _MISMATCH_PROBES or not isinstance(data, dict):
            return
        self._probes += 1
        assert self._data_type is not None
        for other in DataType:
            if other is self._data_type:
                continue
            try:
                structure(data, other.record_class)
            except ValidationError:
                continue
            message = f"records are {other.value}; the header says {self._data_type.value}"
            self.reject_file(ReasonCode.DATA_TYPE_MISMATCH, message, raw.location)
            self._probes = _MISMATCH_PROBES
            return

    # -- result -----------------------------------------------------------------------------

    def report(self) -> ValidationReport:
        """The report of everything checked so far."""
        rejected_records = sum(self._counts.values())
        rejected = bool(self._file)
        return ValidationReport(
            source=self._source,
            supplier_id=self._supplier,
            data_type=self._data_type,
            period=self._period,
            rejected=rejected,
            file_rejections=tuple(self._file),
            records_total=self._total,
            records_accepted=0 if rejected else self._total - rejected_records,
            records_rejected=rejected_records,
            rejection_counts=tuple(
                ReasonCount(reason=r, count=n)
                for r, n in sorted(self._counts.items(), key=lambda kv: kv[0].value)
            ),
            record_rejections=tuple(self._details),
        )


def validate_stream(
    header_raw: Any,
    records: Iterable[Any],
    *,
    participating: Participating,
    max_details: int = DEFAULT_MAX_DETAILS,
    source: str = "",
) -> ValidationReport:
    """Validate a header and a stream of records in constant memory (but the ID digests).

    Args:
        header_raw: The header as read (a dict), a `SubmissionHeader`, or None.
        records: `RawRecord`s from a reader, raw dicts, or typed records; read once.
            An `InputFileError` raised while iterating becomes an `unparseable` file rejection.
        participating: A predicate or a set of ODS codes; None skips that rule.
        max_details: How many record rejections to keep in detail.
        source: The file name, shown in the report.

    Returns:
        The `ValidationReport`.
    """
    validator = SubmissionValidator(
        participating=participating, max_details=max_details, source=source
    )
    validator.check_header(header_raw)
    _run(validator, records)
    return validator.report()


def _run(validator: SubmissionValidator, records: Iterable[Any]) -> None:
    try:
        for index, item in enumerate(records):
            if not isinstance(item, RawRecord):
                item = RawRecord.json(index, item)  # noqa: PLW2901 - normalised in place
            validator.check_record(item)
    except InputFileError as exc:
        first = exc.problems[0]
        validator.reject_file(ReasonCode.UNPARSEABLE, first.message, first.location)


def validate_file(
    path: Path,
    *,
    participating: Participating,
    format: Format | None = None,  # noqa: A002
    max_details: int = DEFAULT_MAX_DETAILS,
) -> ValidationReport:
    """Read and validate a submission file of any format, streaming.

    A file that cannot be read gives a report with an `unparseable` file
    rejection rather than an exception, as the national pipeline reports it.

    Args:
        path: The file.
        participating: A predicate or a set of ODS codes; None skips that rule.
        format: The format, or None to detect it.
        max_details: How many record rejections to keep in detail.

    Returns:
        The `ValidationReport`.
    """
    path = Path(path)
    validator = SubmissionValidator(
        participating=participating, max_details=max_details, source=path.name
    )
    try:
        reader = open_submission(path, format)
    except InputFileError as exc:
        first = exc.problems[0]
        validator.reject_file(ReasonCode.UNPARSEABLE, first.message, first.location)
        return validator.report()
    with reader:
        validator.check_header(reader.header_raw)
        if reader.declared_fields is not None:
            validator.check_declared_fields(reader.declared_fields)
        validator.check_file_name(path.name)
        _run(validator, reader.raw_records())
    return validator.report()
