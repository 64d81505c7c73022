"""Every wire name of the national data types, in one place.

NHS England's official templates name their fields their own way; the SDK
publishes its own documented schema. The names come from the national
profile (`gponline_sdk.national`): to align with the official specification,
change the profile file (or point `GPONLINE_NATIONAL_PROFILE` at your own),
not code. The converter, the JSON Schemas, the CSV and XML formats and the
validators all read their names from this table. Models not listed (the consultation domain,
capabilities) use their Python field names on the wire.
"""

from __future__ import annotations

from typing import Any

from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType, SubmissionHeader
from gponline_sdk.national import active_profile

__all__ = [
    "HEADER_KEY",
    "RECORDS_KEY",
    "ROOT_ELEMENT",
    "WIRE_NAMES",
    "python_name",
    "wire_name",
]

_PROFILE = active_profile()

HEADER_KEY: str = _PROFILE.value("file.header_key")
"""A submission file's header: the JSON key and the XML element."""
RECORDS_KEY: str = _PROFILE.value("file.records_key")
"""A submission file's records: the JSON key and the XML element."""
ROOT_ELEMENT: str = _PROFILE.value("file.xml_root")
"""The XML root element of a submission file."""

WIRE_NAMES: dict[type[Any], dict[str, str]] = {
    **{dt.record_class: _PROFILE.fields(dt.value) for dt in DataType},
    SubmissionHeader: _PROFILE.fields("header"),
    ReportingPeriod: _PROFILE.fields("period"),
}
"""SDK field name -> wire name, per model, in file order (from the national profile)."""


def wire_name(cls: type[Any], field: str) -> str:
    """The wire name of `cls.field` (the field name itself for unlisted models)."""
    return WIRE_NAMES.get(cls, {}).get(field, field)


def python_name(cls: type[Any], wire: str) -> str:
    """The field name of `cls` that goes by `wire` on the wire."""
    for field, name in WIRE_NAMES.get(cls, {}).items():
        if name == wire:
            return field
    return wire
