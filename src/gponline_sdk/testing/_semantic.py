"""Breaks that only a model's own validators catch: bad field values and cross-field rules.

The converter catches wrong JSON types, bad identifiers and enums; these values
are the right JSON type but break a model's constructor (an empty name, a
negative count, a session that ends before it starts). `_invalid` combines them
with other breaks only outside the broken object, so the expected paths stay exact.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeAlias

from gponline_sdk.models import (
    Acknowledgement,
    ConsultationRequest,
    ContactDetails,
    CoreHours,
    Incident,
    OcAggregate,
    ReportingPeriod,
    Requester,
    ToolCapabilities,
    VcAggregate,
    VideoSession,
)
from gponline_sdk.serde import unstructure
from gponline_sdk.serde.converter import parse_date, parse_datetime

__all__ = ["Patch", "cross_field_break", "semantic_values"]

Patch: TypeAlias = Callable[[dict[str, Any]], None]
"""Changes one JSON object in place."""

_REFERENCE_BAD = ["has space", "-leading", "x" * 65, ""]
_SEMANTIC: dict[tuple[type[Any] | None, str], list[Any]] = {
    **{(None, f): _REFERENCE_BAD for f in ("reference", "request_reference", "in_reply_to")},
    (ConsultationRequest, "follows_up"): _REFERENCE_BAD,
    **{
        (None, f): [""]
        for f in (
            "given_name",
            "family_name",
            "description",
            "message",
            "body",
            "tool_name",
            "tool_version",
            "product_name",
            "summary",
            "schema_version",
            "proxy_name",
            "relationship",
        )
    },
    (None, "urgent_use_safeguard"): ["too short"],
    (None, "record_id"): ["short", "has space in it"],
    (None, "incident_id"): ["short", "has space in it"],
    (None, "email"): ["no-at-sign", "a@b@c"],
    (None, "phone"): ["12345", "phone"],
    (None, "postcode"): ["ls1 4ap", "LS1"],
    (None, "sha256"): ["A" * 64, "abc"],
    (None, "symptom_checker_url"): ["http://111.nhs.uk/"],
    (None, "tz"): ["Mars/Olympus"],
    (None, "media_type"): ["", "imagejpeg"],
    (None, "size_bytes"): [-1, 20 * 1024 * 1024 + 1],
    (VideoSession, "duration_minutes"): [-1, 0, 241],
    **{
        (None, f): [-1]
        for f in (
            "duration_minutes",
            "submissions",
            "submissions_out_of_core_hours",
            "scheduled",
            "completed",
            "total_minutes",
        )
    },
}


def semantic_values(cls: type[Any], field: str) -> list[Any]:
    """Values of `cls.field` that only the field's own validator rejects (none: ``[]``)."""
    return _SEMANTIC.get((cls, field), _SEMANTIC.get((None, field), []))


def _minus(value: str, minutes: int) -> str:
    moment = parse_datetime(value) - timedelta(minutes=minutes)
    text: str = unstructure(moment)
    return text


def _shift_date(value: str, days: int) -> str:
    return (parse_date(value) + timedelta(days=days)).isoformat()


def _period_start(d: dict[str, Any]) -> None:
    d["start"], d["end"] = _shift_date(d["start"], 1), _shift_date(d["end"], 1)


def _follow_up(d: dict[str, Any]) -> None:
    if d["category"] == "follow_up":
        d["follows_up"] = None
    else:
        d["follows_up"] = "EARLIER-1"


def _requester(d: dict[str, Any]) -> None:
    if d["role"] == "proxy":
        d["relationship"] = None
    else:
        d["proxy_name"] = "Sam Carer"


def _video(d: dict[str, Any]) -> None:
    d["started_at"] = d["scheduled_start"]
    d["ended_at"] = _minus(d["scheduled_start"], 1)


def _no_contact(d: dict[str, Any]) -> None:
    d.update(email=None, phone=None, address_lines=[])


def _more_out_of_hours(d: dict[str, Any]) -> None:
    d["submissions_out_of_core_hours"] = d["submissions"] + 1


def _more_completed(d: dict[str, Any]) -> None:
    d["completed"] = d["scheduled"] + 1


def _ended_early(d: dict[str, Any]) -> None:
    d["ended_at"] = _minus(d["started_at"], 60)


def _respond_early(d: dict[str, Any]) -> None:
    d["respond_by"] = _minus(d["received_at"], 1)


def _photos_without_types(d: dict[str, Any]) -> None:
    d.update(photo_upload=True, accepted_media_types=[])


def _closing_at_opening(d: dict[str, Any]) -> None:
    d["end"] = d["start"]


# Per model: the field its cross-field rule names, and a patch that breaks the rule.
_CROSS_FIELD: dict[type[Any], tuple[str, Patch]] = {
    Acknowledgement: ("respond_by", _respond_early),
    ConsultationRequest: ("follows_up", _follow_up),
    ContactDetails: ("email", _no_contact),
    CoreHours: ("end", _closing_at_opening),
    Incident: ("ended_at", _ended_early),
    OcAggregate: ("submissions_out_of_core_hours", _more_out_of_hours),
    ReportingPeriod: ("start", _period_start),
    Requester: ("proxy_name", _requester),
    ToolCapabilities: ("accepted_media_types", _photos_without_types),
    VcAggregate: ("completed", _more_completed),
    VideoSession: ("ended_at", _video),
}


def cross_field_break(cls: type[Any]) -> tuple[str, Patch] | None:
    """The field `cls`'s cross-field rule names, and a patch of its JSON object breaking it."""
    return _CROSS_FIELD.get(cls)
