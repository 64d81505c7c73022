"""The weekly anonymised usage submission to NHS England: build, check, send, follow up.

The main names are here; each module's docs say more: `events`/`event_io` (your
data in), `anonymise`, `scanner`, `participation`, `aggregate`, `suppression`,
`formats`, `validate`, `weekly` (one week's files), `client` (MESH and status),
`submission_report` (the answer that comes back).
"""

from gponline_sdk.reporting.aggregate import OcAggregator, VcAggregator
from gponline_sdk.reporting.anonymise import Anonymiser, PseudonymKey
from gponline_sdk.reporting.client import ReportingClient, WeekStatus, queue_build, week_status
from gponline_sdk.reporting.event_io import read_events
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.reporting.formats import Format, open_submission, write_submission
from gponline_sdk.reporting.participation import ExclusionReport, ParticipationList
from gponline_sdk.reporting.scanner import IdentifierScanner, scan_record
from gponline_sdk.reporting.submission_report import SubmissionOutcome, SubmissionReport
from gponline_sdk.reporting.suppression import suppress_count, suppress_oc, suppress_vc
from gponline_sdk.reporting.validate import (
    ReasonCode,
    ValidationReport,
    validate_file,
    validate_stream,
)
from gponline_sdk.reporting.weekly import BuiltFile, WeekBuild, WeekBuilder, build_week

__all__ = [
    "Anonymiser",
    "BuiltFile",
    "ExclusionReport",
    "Format",
    "IdentifierScanner",
    "OcAggregator",
    "OcEvent",
    "ParticipationList",
    "PracticeInstallation",
    "PseudonymKey",
    "ReasonCode",
    "ReportingClient",
    "SubmissionOutcome",
    "SubmissionReport",
    "ValidationReport",
    "VcAggregator",
    "VcEvent",
    "WeekBuild",
    "WeekBuilder",
    "WeekStatus",
    "build_week",
    "open_submission",
    "queue_build",
    "read_events",
    "scan_record",
    "suppress_count",
    "suppress_oc",
    "suppress_vc",
    "validate_file",
    "validate_stream",
    "week_status",
    "write_submission",
]
