"""What comes back about a submitted file: the collector's report, the Excel report's rows.

Two shapes of answer:

- `SubmissionReport`: the reference collector's own record of one submission
  (it keeps it in its store and writes the Excel report from it).
- `ExcelReport`: what the SDK reads from an Excel (.xlsx) submission report:
  file results (one row per submitted file) and record rejections. NHS England
  has confirmed the report is an Excel file returned to the sending mailbox;
  its sheets, columns and outcome words are not published, so the SDK reads
  them from the national profile's `report.layout` (provisional).
"""

from __future__ import annotations

import enum
from collections import Counter
from datetime import datetime

import attrs

from gponline_sdk.errors import InputFileError, Problem
from gponline_sdk.models import _validators as v
from gponline_sdk.national import active_profile
from gponline_sdk.reporting.validate import ValidationReport

__all__ = [
    "REPORT_WORKFLOW_ID",
    "SUBMISSION_WORKFLOW_ID",
    "ExcelReport",
    "FileResult",
    "RecordResult",
    "ReportNotUnderstood",
    "SubmissionOutcome",
    "SubmissionReport",
]

SUBMISSION_WORKFLOW_ID = active_profile().workflow("weekly")
"""Workflow ID of a weekly submission (the national profile's `workflow.weekly`, provisional)."""
REPORT_WORKFLOW_ID = active_profile().report_workflows()[0]
"""Workflow ID the reference collector sends reports under (profile `workflow.report`)."""

_MAX_REASON_LINES = 20


class SubmissionOutcome(enum.Enum):
    """What came back about a submitted file.

    A submission report says `ACCEPTED` (perhaps with some records rejected) or
    `REJECTED` (the whole file). `FAILED` is MESH's non-delivery report: the
    file never reached the collection. `NOT_UNDERSTOOD` is a report the SDK
    could not read (it is kept on disk for a person to read).
    """

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    FAILED = "failed"
    NOT_UNDERSTOOD = "not_understood"


_VERDICTS = (SubmissionOutcome.ACCEPTED, SubmissionOutcome.REJECTED)


@attrs.frozen(kw_only=True)
class SubmissionReport:
    """The reference collector's answer to one submitted file.

    Attributes:
        message_id: MESH's ID of the submission this answers.
        local_id: The sender's `mex-LocalID` of that submission, if it gave one.
        file_name: The submitted file's name.
        received_at: When the collector took the file from its inbox.
        processed_at: When validation finished.
        outcome: Accepted or rejected whole.
        replaced_message_id: The earlier submission for the same supplier, week
            and data type that this one replaced, if any.
        validation: What the rules found.
    """

    message_id: str = attrs.field(validator=v.text(max_len=100))
    local_id: str | None = attrs.field(default=None, validator=v.optional(v.text(max_len=100)))
    file_name: str = attrs.field(validator=v.text(max_len=300))
    received_at: datetime = attrs.field(validator=v.aware_datetime)
    processed_at: datetime = attrs.field(validator=v.aware_datetime)
    outcome: SubmissionOutcome = attrs.field(validator=v.instance_of(SubmissionOutcome))
    replaced_message_id: str | None = attrs.field(
        default=None, validator=v.optional(v.text(max_len=100))
    )
    validation: ValidationReport = attrs.field(validator=v.instance_of(ValidationReport))

    def __attrs_post_init__(self) -> None:
        if self.outcome not in _VERDICTS:
            raise v.fail("outcome", "a collector's verdict is 'accepted' or 'rejected'")

    def reasons(self) -> list[str]:
        """Why the file, or some of its records, were rejected, in plain words."""
        out = [f"file: {r.message}" for r in self.validation.file_rejections]
        out += [f"{c.count} record(s): {c.reason.value}" for c in self.validation.rejection_counts]
        return out


@attrs.frozen(kw_only=True)
class FileResult:
    """One row of the report's file table: the verdict on one submitted file.

    Attributes:
        file_name: The submitted file's name, as the report gives it.
        outcome: `ACCEPTED` or `REJECTED`.
        reasons: The report's reason text for the file (NHS England's words), if any.
        message_id: The submission's MESH message ID, if the report gives it.
        local_id: The sender's local ID of the submission, if the report gives it.
        period: The reporting period as written in the report, if any.
        week: The ISO week that period falls in, when it could be read.
        where: Sheet and row of the row, for messages.
    """

    file_name: str
    outcome: SubmissionOutcome
    reasons: tuple[str, ...] = ()
    message_id: str | None = None
    local_id: str | None = None
    period: str | None = None
    week: str | None = None
    where: str = ""


@attrs.frozen(kw_only=True)
class RecordResult:
    """One row of the report's record table: a rejected record.

    Attributes:
        file_name: The file the record came from, if the table says.
        record: Where the record is in the file (position or line), if given.
        record_id: The record's (pseudonymous) ID, if given.
        reason: Why it was rejected (NHS England's words).
        where: Sheet and row, for messages.
    """

    file_name: str | None
    record: str | None
    record_id: str | None
    reason: str
    where: str = ""


@attrs.frozen(kw_only=True)
class ExcelReport:
    """An Excel submission report as read: its file results and record rejections."""

    files: tuple[FileResult, ...]
    records: tuple[RecordResult, ...] = ()

    def records_for(self, result: FileResult) -> list[RecordResult]:
        """The record rejections of one file (all of them when the report has one file)."""
        if len(self.files) == 1:
            return [r for r in self.records if r.file_name in (None, "", result.file_name)]
        return [r for r in self.records if r.file_name == result.file_name]

    def reasons(self, result: FileResult) -> list[str]:
        """The file's reasons, then rejected records counted by reason (no record IDs)."""
        out = [f"file: {reason}" for reason in result.reasons]
        counts = Counter(r.reason for r in self.records_for(result))
        for reason, count in counts.most_common(_MAX_REASON_LINES):
            out.append(f"{count} record(s): {reason}")
        if len(counts) > _MAX_REASON_LINES:
            out.append(f"... and {len(counts) - _MAX_REASON_LINES} more record reason(s)")
        return out


class ReportNotUnderstood(InputFileError):
    """An Excel report the SDK cannot read by the profile's layout.

    The problems name the sheet and cell (never a cell's value: it could be an
    identifier). The file itself is kept on disk by the reporting client.
    """

    def __init__(self, path: str, where: str, message: str) -> None:
        super().__init__(path, [Problem(location=where, message=message)])

    @property
    def reason(self) -> str:
        """One line: where, and what is wrong."""
        problem = self.problems[0]
        return f"{problem.location}: {problem.message}"
