"""Every wire name of the national data types, in one place.

NHS England's official templates name their fields their own way; the SDK
publishes its own documented schema. To align with the official
specification, change the right-hand side here and nothing else: the
converter, the JSON Schemas, the CSV and XML formats and the validators all
read their names from this table. Models not listed (the consultation domain,
capabilities) use their Python field names on the wire.
"""

from __future__ import annotations

from typing import Any

from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import (
    Incident,
    OcAggregate,
    OcPractice,
    OcRecord,
    SubmissionHeader,
    VcAggregate,
    VcPractice,
    VcRecord,
)

__all__ = [
    "HEADER_KEY",
    "RECORDS_KEY",
    "ROOT_ELEMENT",
    "WIRE_NAMES",
    "python_name",
    "wire_name",
]

HEADER_KEY = "header"
"""A submission file's header: the JSON key and the XML element."""
RECORDS_KEY = "records"
"""A submission file's records: the JSON key and the XML element."""
ROOT_ELEMENT = "submission"
"""The XML root element of a submission file."""

WIRE_NAMES: dict[type[Any], dict[str, str]] = {
    OcRecord: {
        "record_id": "record_id",
        "practice_code": "practice_code",
        "submitted_at": "submitted_at",
        "request_type": "request_type",
        "category": "category",
        "requester_role": "requester_role",
        "has_attachments": "has_attachments",
    },
    OcAggregate: {
        "practice_code": "practice_code",
        "date": "date",
        "request_type": "request_type",
        "submissions": "submissions",
        "submissions_out_of_core_hours": "submissions_out_of_core_hours",
    },
    OcPractice: {
        "practice_code": "practice_code",
        "product_name": "product_name",
        "installation_date": "installation_date",
        "status": "status",
        "status_date": "status_date",
        "photo_upload_enabled": "photo_upload_enabled",
    },
    VcRecord: {
        "record_id": "record_id",
        "practice_code": "practice_code",
        "scheduled_start": "scheduled_start",
        "status": "status",
        "duration_minutes": "duration_minutes",
    },
    VcAggregate: {
        "practice_code": "practice_code",
        "date": "date",
        "scheduled": "scheduled",
        "completed": "completed",
        "total_minutes": "total_minutes",
    },
    VcPractice: {
        "practice_code": "practice_code",
        "product_name": "product_name",
        "installation_date": "installation_date",
        "status": "status",
        "status_date": "status_date",
    },
    Incident: {
        "incident_id": "incident_id",
        "product": "product",
        "practice_code": "practice_code",
        "started_at": "started_at",
        "ended_at": "ended_at",
        "impact": "impact",
        "summary": "summary",
    },
    SubmissionHeader: {
        "supplier_id": "supplier_id",
        "data_type": "data_type",
        "period": "period",
        "generated_at": "generated_at",
        "schema_version": "schema_version",
    },
    ReportingPeriod: {"start": "start", "end": "end"},
}


def wire_name(cls: type[Any], field: str) -> str:
    """The wire name of `cls.field` (the field name itself for unlisted models)."""
    return WIRE_NAMES.get(cls, {}).get(field, field)


def python_name(cls: type[Any], wire: str) -> str:
    """The field name of `cls` that goes by `wire` on the wire."""
    for field, name in WIRE_NAMES.get(cls, {}).items():
        if name == wire:
            return field
    return wire
