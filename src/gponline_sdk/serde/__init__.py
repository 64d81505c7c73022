"""The wire format: one strict converter, JSON in and out, JSON Schemas from the models."""

from gponline_sdk.serde.converter import converter, from_json, structure, to_json, unstructure
from gponline_sdk.serde.wire_names import WIRE_NAMES, python_name, wire_name

__all__ = [
    "WIRE_NAMES",
    "converter",
    "from_json",
    "python_name",
    "structure",
    "to_json",
    "unstructure",
    "wire_name",
]
