"""Test helpers for SDK users: hypothesis strategies for every model, valid and invalid.

Installing the SDK also registers a hypothesis entry point, so
`st.from_type(OcRecord)` builds valid records without importing anything here.

>>> from gponline_sdk.testing import oc_records
>>> oc_records().example().practice_code[1:].isdigit()
True
"""

from gponline_sdk.testing.strategies import (
    acknowledgements,
    attachments,
    aware_datetimes,
    consultation_requests,
    contact_details,
    contact_details_updates,
    core_hours,
    incidents,
    instances,
    invalid_nhs_numbers,
    invalid_ods_codes,
    invalid_wire_data,
    nhs_numbers,
    oc_aggregates,
    oc_practices,
    oc_records,
    ods_codes,
    outcomes,
    patient_details,
    register_type_strategies,
    reporting_periods,
    requesters,
    secure_messages,
    submission_headers,
    supplier_ids,
    tool_capabilities,
    vc_aggregates,
    vc_practices,
    vc_records,
    video_sessions,
)

__all__ = [
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
]
