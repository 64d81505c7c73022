"""Checking a submission: NHS England's published rules and the SDK's pre-flight rules.

The room holds the report (`report.py`), the rules (`rules.py`), the one-record-at-a-time
validator (`validator.py`) and its bounded duplicate memory (`_duplicates.py`,
`_sealed_log.py`); this module is its face. File rules come first, then record rules.

One typed `ValidationReport` serves the SDK's check before sending and the
reference collector (which turns it into its Excel submission report); its JSON
shape is stable and its reasons are `ReasonCode`s.

File rejections (the whole file is refused): no header, a malformed header,
no supplier, records or columns of another data type than the header says
(or a file name naming another type), a period that is not Monday to Sunday
or is longer than seven days, records dated in more than one week, a file
that cannot be parsed. Record rejections (that record alone): an invalid
value or ODS code, a practice not on the participation list, a date outside
the header's period, a duplicate record ID, or for aggregate and practice
types a duplicate key. A record gets one reason, the first that applies in
that order.

Memory is bounded, duplicate detection included (`duplicate_memory`, default
24 MiB). Duplicates are found with 64-bit keyed digests of the IDs or keys
(Python's randomised SipHash string hash, never the IDs) in a table of 8 bytes
a slot: up to about 1,400,000 records that is all (16 MiB at 1,000,000, 24 MiB
while it doubles) and nothing touches the disk. Beyond that, full tables go to
a temporary directory (digests and record positions, and what a late
duplicate's detail needs, sealed with a key held only in memory) and `report()`
finds the "late" duplicates there, partition by partition, then deletes it:
the report is exactly that of `duplicate_memory=None` (one table, unbounded:
about 16 bytes a record), but `check_record` had returned those records as
accepted (see `SubmissionValidator`). How, and the figures: `_duplicates.py`.

A digest clash (chance about n^2 / 2^65: 3e-8 for a million records) would
flag one record wrongly as a duplicate, in both modes alike; the hash seed is
random per process, so such a clash would not repeat.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gponline_sdk.errors import InputFileError
from gponline_sdk.reporting.formats import Format, RawRecord, open_submission
from gponline_sdk.reporting.validation.report import (
    FileRejection,
    ReasonCode,
    ReasonCount,
    RecordRejection,
    ValidationReport,
)
from gponline_sdk.reporting.validation.rules import safe_message
from gponline_sdk.reporting.validation.validator import (
    DEFAULT_DUPLICATE_MEMORY,
    DEFAULT_MAX_DETAILS,
    Participating,
    SubmissionValidator,
)

__all__ = [
    "DEFAULT_DUPLICATE_MEMORY",
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


def validate_stream(
    header_raw: Any,
    records: Iterable[Any],
    *,
    participating: Participating,
    max_details: int = DEFAULT_MAX_DETAILS,
    source: str = "",
    duplicate_memory: int | None = DEFAULT_DUPLICATE_MEMORY,
) -> ValidationReport:
    """Validate a header and a stream of records in bounded memory.

    Args:
        header_raw: The header as read (a dict), a `SubmissionHeader`, or None.
        records: `RawRecord`s from a reader, raw dicts, or typed records; read once.
            An `InputFileError` raised while iterating becomes an `unparseable` file rejection.
        participating: A predicate or a set of ODS codes; None skips that rule.
        max_details: How many record rejections to keep in detail.
        source: The file name, shown in the report.
        duplicate_memory: The cap on duplicate detection's memory (see `SubmissionValidator`).

    Returns:
        The `ValidationReport`.
    """
    with SubmissionValidator(
        participating=participating,
        max_details=max_details,
        source=source,
        duplicate_memory=duplicate_memory,
    ) as validator:
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
    duplicate_memory: int | None = DEFAULT_DUPLICATE_MEMORY,
) -> ValidationReport:
    """Read and validate a submission file of any format, streaming.

    A file that cannot be read gives a report with an `unparseable` file
    rejection rather than an exception, as the national pipeline reports it.

    Args:
        path: The file.
        participating: A predicate or a set of ODS codes; None skips that rule.
        format: The format, or None to detect it.
        max_details: How many record rejections to keep in detail.
        duplicate_memory: The cap on duplicate detection's memory (see `SubmissionValidator`).

    Returns:
        The `ValidationReport`.
    """
    path = Path(path)
    with SubmissionValidator(
        participating=participating,
        max_details=max_details,
        source=path.name,
        duplicate_memory=duplicate_memory,
    ) as validator:
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
