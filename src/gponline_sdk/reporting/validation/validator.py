"""`SubmissionValidator`: the national rules, applied to one submission as it streams.

Private: import it from `gponline_sdk.reporting.validate`, whose docstring
describes the rules and the memory bound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs

from gponline_sdk.errors import SubmissionError, ValidationError
from gponline_sdk.models.identifiers import OdsCode, SupplierId
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType, NationalRecord, SubmissionHeader
from gponline_sdk.reporting.formats import RawRecord
from gponline_sdk.reporting.validation._duplicates import DuplicateFinder, settle_late_duplicates
from gponline_sdk.reporting.validation.report import (
    FileRejection,
    ReasonCode,
    ReasonCount,
    RecordRejection,
    ValidationReport,
)
from gponline_sdk.reporting.validation.rules import (
    PREFLIGHT,
    BulkRange,
    BulkRows,
    bulk_type_fault,
    check_header,
    columns_fault,
    duplicate_message,
    file_name_fault,
    invalid_value,
    key_rule,
    local_date,
    other_type_of,
    row_header_fault,
    safe_message,
    safe_record_id,
)
from gponline_sdk.serde import structure, unstructure, wire_name

__all__ = [
    "DEFAULT_DUPLICATE_MEMORY",
    "DEFAULT_MAX_DETAILS",
    "BulkRange",
    "Participating",
    "SubmissionValidator",
]

Participating = Callable[[OdsCode], bool] | frozenset[str] | set[str] | None
"""Who may be reported: a predicate, a set of ODS codes, or None to skip the check."""

DEFAULT_MAX_DETAILS = 1000
DEFAULT_DUPLICATE_MEMORY = 24 * 1024 * 1024
"""The default cap, in bytes, on the memory of duplicate detection (see the module docstring)."""
_MISMATCH_PROBES = 10


class SubmissionValidator:
    """Validate one submission incrementally: the header, then each record as it streams.

    `validate_stream` and `validate_file` are built on this class. Close it (or
    use it as a context manager) to delete its temporary files at once if it
    is abandoned before `report()`; garbage collection deletes them too.

    Contract for callers that keep accepted records (the reference collector
    stores them): `check_record` returns the typed record when it passes every
    rule it can judge at that point. With `duplicate_memory=None` that answer
    is final. With a cap, once more keys have been seen than fit in it, a
    returned record can still turn out to repeat a key seen before the table
    was written to disk (a late duplicate): `report()` counts and details it
    exactly as the unbounded mode does, and `report(on_late_duplicate=...)`
    hands each such record's position (the 0-based count of `check_record`
    calls before it, which is `RawRecord.index` for a reader's records) to the
    caller, who must then drop that record. A closed validator checks no more
    records, and cannot report once it has spilled.

    Args:
        participating: A predicate or a set of ODS codes; None skips the participation rule.
        max_details: How many record rejections to keep in detail (all are counted).
        source: The file name, shown in the report.
        duplicate_memory: Bytes for duplicate detection before it spills to
            temporary files; None keeps everything in memory, unbounded.
        spill_dir: Where the temporary directory is made (None: the system's default).
        bulk: Check a bulk (historic catch-up) CSV file holding the weeks of this
            range instead of a weekly file: each row's own period must be a
            Monday-to-Sunday week (longer than seven days rejects the file:
            NHS England's rule; not Monday to Sunday: SDK pre-flight rule) among
            the declared weeks (SDK pre-flight rule, a record rejection), its
            records dated in that week, and keys of aggregate and practice types
            unique per week. The weekly "one period per file" rule is off; the
            report's `period` is None (the file has many). Everything else is as weekly.

    Raises:
        ConfigError: when `duplicate_memory` is too small to be used (under 64 bytes).
    """

    def __init__(
        self,
        *,
        participating: Participating,
        max_details: int = DEFAULT_MAX_DETAILS,
        source: str = "",
        duplicate_memory: int | None = DEFAULT_DUPLICATE_MEMORY,
        spill_dir: str | Path | None = None,
        bulk: BulkRange | None = None,
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
        self._detail_seqs: list[int] = []  # each detail's position, to merge in late duplicates
        self._counts: dict[ReasonCode, int] = {}
        self._total = 0
        self._header_raw: Any = None
        self._header: SubmissionHeader | None = None
        self._data_type: DataType | None = None
        self._period: ReportingPeriod | None = None
        self._supplier: SupplierId | None = None
        self._keys = DuplicateFinder(duplicate_memory, spill_dir=spill_dir)
        self._keyed_class: type | None = None  # the record class _key_of and _key_reason are for
        self._key_of: Callable[[Any], str] = str
        self._key_reason = ReasonCode.DUPLICATE_RECORD_ID
        self._final: tuple[dict[ReasonCode, int], list[RecordRejection]] | None = None
        self._ended = False  # closed, or reported after a spill: no more records
        self._first_week: int | None = None
        self._probes = 0
        self._bulk = bulk
        self._row_period: ReportingPeriod | None = None  # bulk: the current row's own week
        self._bulk_rows = BulkRows()

    def close(self) -> None:
        """Delete any temporary files now and end checking (idempotent)."""
        self._ended = True
        self._keys.close()

    def __enter__(self) -> SubmissionValidator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

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
        rejections = result.rejections
        if self._bulk is not None:
            rejections = rejections + bulk_type_fault(result.data_type)
        for reason, message, location in rejections:
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
        fault = None if self._data_type is None else columns_fault(fields, self._data_type)
        if fault is not None:
            self.reject_file(ReasonCode.DATA_TYPE_MISMATCH, fault, "columns")

    def check_file_name(self, name: str) -> None:
        """Reject a file whose name names another data type than its header."""
        fault = None if self._data_type is None else file_name_fault(name, self._data_type)
        if fault is not None:
            self.reject_file(ReasonCode.DATA_TYPE_MISMATCH, fault, name)

    # -- record level -----------------------------------------------------------------------

    def check_record(self, raw: RawRecord) -> NationalRecord | None:
        """Check one record; return it typed when accepted, else None (the reason is recorded).

        Raises:
            SubmissionError: after `close()`, or after `report()` settled late duplicates.
        """
        if self._ended:
            raise SubmissionError("this validator has ended: it checks no more records")
        self._total += 1
        if self._data_type is None:
            return None
        if self._bulk is not None:
            self._row_period = self._period if raw.header is None else self._bulk_row(raw)
        elif raw.header is not None:
            self._row_header_differs(raw)
        if raw.tag is not None and raw.tag != self._data_type.wire_name:
            message = f"a <{raw.tag[:40]}> record in a {self._data_type.wire_name} submission"
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
            reason, message, field = invalid_value(exc, cls)
            self._reject(raw, None, reason, message, raw.at(field))
            return None
        return self._check_typed(raw, record)

    def count_proven(
        self, count: int, *, repeats: Iterable[RawRecord] = (), repeat_count: int = 0
    ) -> None:
        """Count `count` records as checked, without seeing them one by one.

        For a builder that has proven, over whole columns, that each record
        passes every record rule: a value of the right type (typed records),
        a participating practice, a date inside the header's one week, and a
        record ID no earlier record of the file has, but for `repeats`. The
        report is then the one `check_record` on each would give. Not for
        records read from a file.

        Args:
            count: The records, repeats included.
            repeats: The records whose record ID an earlier record holds, in file
                order, as `record_locator` locates them, with the ID as
                `data["record_id"]`: each is rejected as `check_record` rejects
                it. At least the first `max_details` of them, if not all.
            repeat_count: How many such records there are in all, when more than
                are given in `repeats`.

        Raises:
            SubmissionError: after `close()`, or after `report()` settled late duplicates.
        """
        if self._ended:
            raise SubmissionError("this validator has ended: it checks no more records")
        self._total += count
        cls = None if self._data_type is None else self._data_type.record_class
        reason = ReasonCode.DUPLICATE_RECORD_ID if cls is None else key_rule(cls)[1]
        given = 0
        for raw in repeats:
            given += 1
            self._reject(raw, None, reason, duplicate_message(reason), raw.location, seq=raw.index)
        if repeat_count > given:
            self._counts[reason] = self._counts.get(reason, 0) + repeat_count - given

    def _check_typed(self, raw: RawRecord, record: NationalRecord) -> NationalRecord | None:
        if type(record) is not self._keyed_class:
            self._keyed_class = type(record)
            self._key_of, self._key_reason = key_rule(type(record))
        key = self._key_of(record)
        dated = local_date(record)
        period = self._period
        if self._bulk is not None:
            period = self._row_period
            if period is not None and self._key_reason is ReasonCode.DUPLICATE_KEY:
                key = f"{period.start}|{key}"  # a practice or day is reported once per week
        elif dated is not None:
            self._note_week(dated[1], raw)
        rejection: tuple[ReasonCode, str, str] | None = None
        practice = getattr(record, "practice_code", None)
        if practice is not None and self._participating and not self._participating(practice):
            message = f"practice {practice} is not on the participation list"
            at = raw.at(wire_name(type(record), "practice_code"))
            rejection = (ReasonCode.PRACTICE_NOT_PARTICIPATING, message, at)
        elif self._bulk is not None and period is not None and not self._bulk.contains(period):
            message = (
                f"{PREFLIGHT}: the week of this row, {period.iso_week}, is not among the "
                f"weeks the file declares ({self._bulk.describe()})"
            )
            rejection = (ReasonCode.DATE_OUTSIDE_PERIOD, message, raw.location)
        elif dated is not None and period is not None and not period.contains(dated[1]):
            message = (
                f"dated {dated[1]} (UK local date), outside the period "
                f"{period.start} to {period.end}"
            )
            rejection = (ReasonCode.DATE_OUTSIDE_PERIOD, message, raw.at(dated[0]))
        # Every typed record claims its key, even one rejected above: a later
        # record with the same key is the duplicate, never the first.
        seq = self._total - 1
        new_key = self._keys.add(key, seq, rejection is None)
        if rejection is None and not new_key:
            reason = self._key_reason
            rejection = (reason, duplicate_message(reason), raw.location)
        if rejection is not None:
            self._reject(raw, record, *rejection)
            return None
        if self._keys.spilled and len(self._details) < self._max_details:
            # It may prove a late duplicate that makes the capped details list.
            with_id = self._key_reason is ReasonCode.DUPLICATE_RECORD_ID  # the key is the ID
            self._keys.remember(seq, raw.index, raw.location, key if with_id else None)
        return record

    def _reject(
        self,
        raw: RawRecord,
        record: NationalRecord | None,
        reason: ReasonCode,
        message: str,
        location: str,
        *,
        seq: int | None = None,
    ) -> None:
        """Count a rejected record and keep its detail while under the cap."""
        self._counts[reason] = self._counts.get(reason, 0) + 1
        if len(self._details) < self._max_details:
            self._detail_seqs.append(self._total - 1 if seq is None else seq)
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
        self.reject_file(*row_header_fault(raw.header, self._header_raw), raw.location)

    def _bulk_row(self, raw: RawRecord) -> ReportingPeriod | None:
        period, rejections = self._bulk_rows.check(raw.header, self._header_raw)
        for reason, message in rejections:
            self.reject_file(reason, message, raw.location)
        return period

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
        other = other_type_of(data, self._data_type)
        if other is not None:
            message = f"records are {other.wire_name}; the header says {self._data_type.wire_name}"
            self.reject_file(ReasonCode.DATA_TYPE_MISMATCH, message, raw.location)
            self._probes = _MISMATCH_PROBES

    # -- result -----------------------------------------------------------------------------

    def report(
        self, *, on_late_duplicate: Callable[[int], object] | None = None
    ) -> ValidationReport:
        """The report of everything checked so far.

        Once duplicate detection has spilled, this settles late duplicates,
        deletes the temporary files and ends checking (later calls give the same report).

        Args:
            on_late_duplicate: Called with the position of each late duplicate,
                in no particular order (see the class docstring).

        Raises:
            SubmissionError: when the temporary files were closed before this report.
        """
        if self._final is None and self._keys.spilled:
            self._ended = True
            try:
                self._final = settle_late_duplicates(
                    self._keys,
                    self._counts,
                    list(zip(self._detail_seqs, self._details, strict=True)),
                    max_details=self._max_details,
                    reason=self._key_reason,
                    on_late=on_late_duplicate,
                )
            finally:
                self._keys.close()
        counts, details = self._final or (self._counts, self._details)
        rejected_records = sum(counts.values())
        rejected = bool(self._file)
        return ValidationReport(
            source=self._source,
            supplier_id=self._supplier,
            data_type=self._data_type,
            period=self._period if self._bulk is None else None,
            rejected=rejected,
            file_rejections=tuple(self._file),
            records_total=self._total,
            records_accepted=0 if rejected else self._total - rejected_records,
            records_rejected=rejected_records,
            rejection_counts=tuple(
                ReasonCount(reason=r, count=n)
                for r, n in sorted(counts.items(), key=lambda kv: kv[0].value)
            ),
            record_rejections=tuple(details),
        )
