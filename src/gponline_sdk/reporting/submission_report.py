"""Kept for existing imports: the submission report now lives in `reporting.reports`.

See `gponline_sdk.reporting.reports.model` (the collector's `SubmissionReport`)
and `gponline_sdk.reporting.reports.xlsx` (the Excel report NHS England sends).
"""

from __future__ import annotations

from gponline_sdk.reporting.reports.model import (
    REPORT_WORKFLOW_ID,
    SUBMISSION_WORKFLOW_ID,
    SubmissionOutcome,
    SubmissionReport,
)

__all__ = ["REPORT_WORKFLOW_ID", "SUBMISSION_WORKFLOW_ID", "SubmissionOutcome", "SubmissionReport"]
