"""The submission report NHS England's side sends back after processing a file.

It travels over MESH to the sender's mailbox under its own workflow ID, as
JSON in the SDK's wire format: which message it answers (MESH message ID and
the sender's local ID), and the `ValidationReport` of the file, made with the
same rules the SDK applies before sending.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from gponline_sdk.models import _validators as v
from gponline_sdk.national import active_profile
from gponline_sdk.reporting.validate import ValidationReport

__all__ = ["REPORT_WORKFLOW_ID", "SUBMISSION_WORKFLOW_ID", "SubmissionOutcome", "SubmissionReport"]

SUBMISSION_WORKFLOW_ID = active_profile().workflow("weekly")
"""Workflow ID of a weekly submission (the national profile's `workflow.weekly`, provisional)."""
REPORT_WORKFLOW_ID = active_profile().report_workflows()[0]
"""Workflow ID the reference collector sends reports under (profile `workflow.report`)."""


class SubmissionOutcome(enum.Enum):
    """The file-level verdict: accepted (perhaps with some records rejected) or rejected whole."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


@attrs.frozen(kw_only=True)
class SubmissionReport:
    """The answer to one submitted file.

    Attributes:
        message_id: MESH's ID of the submission this answers.
        local_id: The sender's `mex-LocalID` of that submission, if it gave one.
        file_name: The submitted file's name.
        received_at: When the collector took the file from its inbox.
        processed_at: When validation finished.
        outcome: Accepted or rejected whole.
        replaced_message_id: The earlier submission for the same supplier, week
            and data type that this one replaced, if any.
        validation: What the national rules found.
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

    def reasons(self) -> list[str]:
        """Why the file, or some of its records, were rejected, in plain words."""
        out = [f"file: {r.message}" for r in self.validation.file_rejections]
        out += [f"{c.count} record(s): {c.reason.value}" for c in self.validation.rejection_counts]
        return out
