"""The public API is pinned: adding or removing a public name is a deliberate, reviewed change."""

from __future__ import annotations

import importlib
import inspect

import pytest

PUBLIC: dict[str, list[str]] = {
    "gponline_sdk": ["__version__"],
    "gponline_sdk.conformance": [
        "CHECKS",
        "Catalogue",
        "Check",
        "CheckContext",
        "CheckFailed",
        "CheckOmitted",
        "CheckResult",
        "CheckSkipped",
        "Coverage",
        "Exchange",
        "ExpectedFailures",
        "Level",
        "Requirement",
        "RunResult",
        "Status",
        "Verdict",
        "Verification",
        "check",
        "compute_coverage",
        "load_catalogue",
        "load_expected_failures",
        "run_checks",
        "select_checks",
    ],
    "gponline_sdk.mesh": [
        "DEFAULT_MAX_CHUNK_SIZE",
        "DEFAULT_WORKFLOW_ID",
        "DeliveryResult",
        "MeshConfig",
        "MeshTransport",
        "Outbox",
        "OutboxEntry",
        "OutboxState",
        "ReportOutcome",
        "RetryPolicy",
        "Secret",
        "TrackingInfo",
        "deliver_pending",
        "load_config",
        "reconcile",
        "recover_interrupted",
    ],
    "gponline_sdk.reporting": [
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
    ],
    "gponline_sdk.errors": [
        "ConfigError",
        "ConformanceError",
        "GponlineError",
        "InputFileError",
        "MeshAuthError",
        "MeshDeadlineExceeded",
        "MeshError",
        "MeshOutcomeUnknown",
        "OutboxError",
        "PrivacyError",
        "Problem",
        "SubmissionError",
        "TargetUnreachable",
        "TransportError",
        "ValidationError",
    ],
    "gponline_sdk.models": [
        "Acknowledgement",
        "Attachment",
        "CORE_HOURS",
        "Channel",
        "ConsultationRequest",
        "ContactDetails",
        "ContactDetailsUpdate",
        "ContactMethod",
        "CoreHours",
        "DataType",
        "Incident",
        "IncidentImpact",
        "MessageDirection",
        "NationalRecord",
        "NhsNumber",
        "OcAggregate",
        "OcPractice",
        "OcRecord",
        "OdsCode",
        "OutOfHoursBehaviour",
        "Outcome",
        "OutcomeKind",
        "PatientDetails",
        "PracticeStatus",
        "Product",
        "ReportingPeriod",
        "RequestCategory",
        "RequestType",
        "Requester",
        "RequesterRole",
        "SecureMessage",
        "SubmissionHeader",
        "SupplierId",
        "ToolCapabilities",
        "VcAggregate",
        "VcPractice",
        "VcRecord",
        "VideoSession",
        "VideoSessionStatus",
        "england_bank_holidays",
        "is_bank_holiday",
        "is_valid_nhs_number",
        "is_working_day",
        "nhs_number_check_digit",
    ],
    "gponline_sdk.serde": [
        "WIRE_NAMES",
        "converter",
        "from_json",
        "python_name",
        "structure",
        "to_json",
        "unstructure",
        "wire_name",
    ],
    "gponline_sdk.testing": [
        "acknowledgements",
        "attachments",
        "aware_datetimes",
        "consultation_requests",
        "contact_details",
        "contact_details_updates",
        "core_hours",
        "incidents",
        "instances",
        "invalid_nhs_numbers",
        "invalid_ods_codes",
        "invalid_wire_data",
        "nhs_numbers",
        "oc_aggregates",
        "oc_practices",
        "oc_records",
        "ods_codes",
        "outcomes",
        "patient_details",
        "register_type_strategies",
        "reporting_periods",
        "requesters",
        "secure_messages",
        "submission_headers",
        "supplier_ids",
        "tool_capabilities",
        "vc_aggregates",
        "vc_practices",
        "vc_records",
        "video_sessions",
    ],
}


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_all_is_pinned(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert sorted(module.__all__) == sorted(PUBLIC[module_name])
    assert len(set(module.__all__)) == len(module.__all__), "duplicate names in __all__"


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_every_public_name_exists_and_is_documented(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert inspect.getdoc(module)
    undocumented, checked = [], 0
    for name in module.__all__:
        obj = getattr(module, name)  # AttributeError here means a dangling name
        if inspect.isclass(obj) or inspect.isfunction(obj):
            checked += 1
            if not (obj.__doc__ or "").strip():
                undocumented.append(name)
    assert undocumented == []
    assert checked > 0 or module_name == "gponline_sdk"


def test_testing_names_are_the_strategies_modules_names() -> None:
    from gponline_sdk.testing import strategies

    assert sorted(strategies.__all__) == PUBLIC["gponline_sdk.testing"]
