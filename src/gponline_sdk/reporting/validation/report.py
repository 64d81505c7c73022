"""The validation report's types: reason codes, rejections, and the report itself.

Private: import them from `gponline_sdk.reporting.validate`. The JSON shape
(`ValidationReport.to_json`) is what the reference collector sends back as
the submission report; it is documented in docs/wire-format.md.
"""

from __future__ import annotations

import enum

import attrs

from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models.identifiers import SupplierId
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType
from gponline_sdk.national import active_profile
from gponline_sdk.serde import from_json, to_json

__all__ = ["FileRejection", "ReasonCode", "ReasonCount", "RecordRejection", "ValidationReport"]


class ReasonCode(enum.Enum):
    """Why a file or a record was rejected; the values are the stable wire codes."""

    UNPARSEABLE = "unparseable"
    HEADER_MISSING = "header_missing"
    HEADER_INVALID = "header_invalid"
    SUPPLIER_MISSING = "supplier_missing"
    DATA_TYPE_MISMATCH = "data_type_mismatch"
    PERIOD_NOT_MONDAY_TO_SUNDAY = "period_not_monday_to_sunday"
    PERIOD_TOO_LONG = "period_longer_than_seven_days"
    MULTIPLE_PERIODS = "more_than_one_period"
    INVALID_VALUE = "invalid_value"
    INVALID_ODS_CODE = "invalid_ods_code"
    PRACTICE_NOT_PARTICIPATING = "practice_not_participating"
    DATE_OUTSIDE_PERIOD = "date_outside_period"
    DUPLICATE_RECORD_ID = "duplicate_record_id"
    DUPLICATE_KEY = "duplicate_key"

    @property
    def is_file_level(self) -> bool:
        """True for reasons that reject the whole file."""
        return self in _FILE_LEVEL

    @property
    def rule(self) -> str:
        """Whose rule this is: `NHS England rule` (published) or `SDK pre-flight rule`."""
        return "NHS England rule" if self in _published() else "SDK pre-flight rule"


_FILE_LEVEL = frozenset(list(ReasonCode)[:8])


def _published() -> frozenset[ReasonCode]:
    # The national profile says which rules NHS England has published: a confirmed
    # `rejection.file.<name>` or `rejection.record.<name>` fact.
    facts = active_profile().facts
    return frozenset(
        code
        for code in ReasonCode
        for level in ("file", "record")
        if (fact := facts.get(f"rejection.{level}.{code.name.lower()}")) and fact.confirmed
    )


@attrs.frozen(kw_only=True)
class FileRejection:
    """Why the whole file was rejected."""

    reason: ReasonCode
    message: str
    location: str = ""


@attrs.frozen(kw_only=True)
class RecordRejection:
    """Why one record was rejected: its position (from 0), pseudonymous ID if any, and where."""

    index: int
    record_id: str | None
    reason: ReasonCode
    message: str
    location: str


@attrs.frozen(kw_only=True)
class ReasonCount:
    """How many records were rejected for one reason."""

    reason: ReasonCode
    count: int


@attrs.frozen(kw_only=True)
class ValidationReport:
    """The outcome of validating one submission: file rejections, record counts and details.

    Serialise with `to_json` (the shape sent back as the submission report) and
    read with `from_json`. `record_rejections` keeps the first details only;
    `rejection_counts` counts them all.

    Attributes:
        source: The file name, if the submission came from a file.
        supplier_id: From the header, when valid.
        data_type: From the header, when valid.
        period: From the header, when it is a valid week.
        rejected: True when the whole file is rejected (`file_rejections` is not empty).
        file_rejections: Reasons the whole file is rejected.
        records_total: Records read.
        records_accepted: Records that pass every rule; 0 when the file is rejected.
        records_rejected: Records that break a record rule.
        rejection_counts: Rejected records per reason.
        record_rejections: The first rejected records in detail.
    """

    source: str = ""
    supplier_id: SupplierId | None = None
    data_type: DataType | None = None
    period: ReportingPeriod | None = None
    rejected: bool
    file_rejections: tuple[FileRejection, ...] = ()
    records_total: int
    records_accepted: int
    records_rejected: int
    rejection_counts: tuple[ReasonCount, ...] = ()
    record_rejections: tuple[RecordRejection, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.rejected != bool(self.file_rejections):
            problems.append(("rejected", "must be true exactly when there are file rejections"))
        if self.records_rejected != sum(c.count for c in self.rejection_counts):
            problems.append(("records_rejected", "must equal the sum of rejection_counts"))
        expected = 0 if self.rejected else self.records_total - self.records_rejected
        if self.records_accepted != expected:
            problems.append(("records_accepted", f"must be {expected}"))
        if problems:
            raise ValidationError([Problem(location=f, message=m) for f, m in problems])

    @property
    def details_omitted(self) -> int:
        """How many rejected records are counted but not listed in detail."""
        return self.records_rejected - len(self.record_rejections)

    def to_json(self) -> bytes:
        """The report as UTF-8 JSON bytes (stable shape; see docs/wire-format.md)."""
        return to_json(self, indent=True)

    @classmethod
    def from_json(cls, data: bytes | str) -> ValidationReport:
        """Read a report written by `to_json`.

        Raises:
            ValidationError: when the JSON is not a valid report.
        """
        return from_json(data, cls, subject="validation report")

    def to_text(self) -> str:
        """A short summary for people."""
        what = self.data_type.wire_name if self.data_type else "submission"
        week = (
            f" {self.period.iso_week} ({self.period.start} to {self.period.end})"
            if self.period
            else ""
        )
        who = f" from {self.supplier_id}" if self.supplier_id else ""
        src = f" [{self.source}]" if self.source else ""
        lines = [f"{what}{week}{who}{src}: {'REJECTED' if self.rejected else 'accepted'}"]
        lines += [
            f"  file: {r.reason.value} ({r.reason.rule}): {r.message}" for r in self.file_rejections
        ]
        lines.append(
            f"  records: {self.records_total} read, {self.records_accepted} accepted, "
            f"{self.records_rejected} rejected"
        )
        lines += [
            f"    {c.reason.value} ({c.reason.rule}): {c.count}" for c in self.rejection_counts
        ]
        for r in self.record_rejections[:20]:
            lines.append(f"  - {r.location}: {r.reason.value}: {r.message}")
        hidden = self.records_rejected - min(20, len(self.record_rejections))
        if hidden > 0:
            lines.append(f"  ... and {hidden} more rejected records")
        return "\n".join(lines)
