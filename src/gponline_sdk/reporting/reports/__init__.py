"""Submission reports: what comes back after a file is sent, and how the SDK reads it.

- `model`: the reference collector's `SubmissionReport`, and the rows of an
  Excel report (`ExcelReport`, `FileResult`, `RecordResult`).
- `xlsx`: read an Excel report by the national profile's layout (provisional),
  and write one (the reference collector).
- `inbox`: classify inbox messages (submission report, MESH non-delivery
  report, other), link each to its outbox entry, settle it.
- `kept`: reports kept on disk for a person (not understood, or unmatched).
"""

from gponline_sdk.reporting.reports.inbox import InboxReport, ReportKind, ReportReader
from gponline_sdk.reporting.reports.kept import KeptKind, KeptReport, ReportStore
from gponline_sdk.reporting.reports.model import (
    REPORT_WORKFLOW_ID,
    SUBMISSION_WORKFLOW_ID,
    ExcelReport,
    FileResult,
    RecordResult,
    ReportNotUnderstood,
    SubmissionOutcome,
    SubmissionReport,
)
from gponline_sdk.reporting.reports.xlsx import (
    MAX_REPORT_BYTES,
    read_xlsx_report,
    write_xlsx_report,
)

__all__ = [
    "MAX_REPORT_BYTES",
    "REPORT_WORKFLOW_ID",
    "SUBMISSION_WORKFLOW_ID",
    "ExcelReport",
    "FileResult",
    "InboxReport",
    "KeptKind",
    "KeptReport",
    "RecordResult",
    "ReportKind",
    "ReportNotUnderstood",
    "ReportReader",
    "ReportStore",
    "SubmissionOutcome",
    "SubmissionReport",
    "read_xlsx_report",
    "write_xlsx_report",
]
