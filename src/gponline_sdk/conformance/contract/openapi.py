"""The tool contract as an OpenAPI 3.1 document, built from the SDK's models.

The request and response schemas come from `gponline_sdk.serde.schema.json_schema`
(one source of truth); the paths, status codes and parameters are written out
here, one entry per operation of `gponline_sdk.conformance.contract`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import orjson

from gponline_sdk.conformance._files import atomic_write_bytes
from gponline_sdk.conformance.contract._wording import CONVENTIONS, OPERATION_RULES
from gponline_sdk.conformance.contract.models import (
    Availability,
    ClosedResponse,
    ContactDetailsSubmission,
    ErrorBody,
    MessageSubmission,
    MessageThread,
    OcUsageReport,
    OutcomeSubmission,
    RequestStatus,
    RequestSubmission,
    TestClock,
    TestEnvironment,
    VcUsageReport,
    VideoJoin,
    VideoJoinRequest,
    VideoSessionRequest,
)
from gponline_sdk.models import (
    Acknowledgement,
    ConsultationRequest,
    ContactDetailsUpdate,
    Outcome,
    SecureMessage,
    ToolCapabilities,
    VideoSession,
)
from gponline_sdk.serde.schema import json_schema

__all__ = [
    "CONTRACT_VERSION",
    "contract_models",
    "openapi_document",
    "openapi_path",
    "write_openapi",
]

CONTRACT_VERSION = "2.13.0"
# The document's `info.description`: the first paragraph of `contract`'s docstring
# (tests/conformance/test_contract.py keeps the two equal).
_SUMMARY = "The tool contract: the small HTTP interface a tool exposes in its TEST environment."


def contract_models() -> dict[str, type[Any]]:
    """Every model whose schema the OpenAPI document carries, by class name."""
    return {
        cls.__name__: cls
        for cls in (
            Acknowledgement,
            Availability,
            ClosedResponse,
            ConsultationRequest,
            ContactDetailsSubmission,
            ContactDetailsUpdate,
            ErrorBody,
            MessageSubmission,
            MessageThread,
            OcUsageReport,
            Outcome,
            OutcomeSubmission,
            RequestStatus,
            RequestSubmission,
            SecureMessage,
            TestClock,
            TestEnvironment,
            ToolCapabilities,
            VcUsageReport,
            VideoJoin,
            VideoJoinRequest,
            VideoSession,
            VideoSessionRequest,
        )
    }


def openapi_path() -> Path:
    """Where the committed OpenAPI document lives (top-level folder, or inside the wheel)."""
    here = Path(__file__).resolve()
    for candidate in (
        here.parents[4] / "conformance",  # a source checkout: <repo>/src/gponline_sdk/...
        here.parents[2] / "_conformance_data",  # an installed wheel
    ):
        if (candidate / "tool-contract.openapi.json").exists():
            return candidate / "tool-contract.openapi.json"
    return here.parents[4] / "conformance" / "tool-contract.openapi.json"


def write_openapi(path: Path | None = None) -> Path:
    """Write `openapi_document()` atomically to `path` (default: `openapi_path()`)."""
    target = path or openapi_path()
    data = orjson.dumps(openapi_document(), option=orjson.OPT_INDENT_2) + b"\n"
    return atomic_write_bytes(target, data)


_REF = "#/components/schemas/"


def _relocate_refs(node: Any) -> Any:
    """Point JSON Schema `$defs` references at OpenAPI's `components/schemas`."""
    if isinstance(node, dict):
        return {
            k: (_REF + val[len("#/$defs/") :])
            if k == "$ref" and isinstance(val, str) and val.startswith("#/$defs/")
            else _relocate_refs(val)
            for k, val in node.items()
        }
    if isinstance(node, list):
        return [_relocate_refs(x) for x in node]
    return node


def _components() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for name, cls in contract_models().items():
        doc = json_schema(cls)
        for dep, dep_schema in doc.pop("$defs", {}).items():
            schemas[dep] = _relocate_refs(dep_schema)
        for key in ("$schema", "$id"):
            doc.pop(key, None)
        schemas[name] = _relocate_refs(doc)
    return dict(sorted(schemas.items()))


def _json(name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": _REF + name}}},
    }


def _body(name: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": _REF + name}}}}


_BAD = _json("ErrorBody", "Malformed input: each problem names its JSON path or parameter")
_UNKNOWN = _json("ErrorBody", "No such reference")
_TOO_BIG = _json("ErrorBody", "Request body too large")


def _ref_param(name: str = "reference") -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"},
    }


def _op(op_id: str, summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    rules = OPERATION_RULES.get(op_id)
    described = {"description": rules} if rules else {}
    return {"operationId": op_id, "summary": summary, **described, **extra, "responses": responses}


def _paths() -> dict[str, Any]:
    post = {"400": _BAD, "413": _TOO_BIG}
    return {
        "/test/environment": {
            "get": _op(
                "getTestEnvironment",
                "The test practice and supplier ID the suite should use",
                {"200": _json("TestEnvironment", "The test environment")},
            )
        },
        "/test/clock": {
            "put": _op(
                "setTestClock",
                "Freeze the tool's notion of now at an instant",
                {"200": _json("TestClock", "The clock as set"), **post},
                requestBody=_body("TestClock"),
            ),
            "delete": _op(
                "releaseTestClock",
                "Let the tool's clock follow real time again",
                {"200": _json("TestClock", "The clock, following real time")},
            ),
        },
        "/capabilities": {
            "get": _op(
                "getCapabilities",
                "What the tool declares it supports",
                {"200": _json("ToolCapabilities", "The declaration")},
            )
        },
        "/availability": {
            "get": _op(
                "getAvailability",
                "What a patient sees before the form: open now, safeguard, signposts",
                {"200": _json("Availability", "Availability at the tool's now")},
            )
        },
        "/requests": {
            "post": _op(
                "submitRequest",
                "A patient or proxy submits an online consultation request",
                {
                    "201": _json("Acknowledgement", "Accepted: reference and respond-by time"),
                    "409": _json("ClosedResponse", "Not taking requests now; next opening"),
                    **post,
                },
                requestBody=_body("RequestSubmission"),
            )
        },
        "/practice/requests/{reference}": {
            "get": _op(
                "getPracticeRequest",
                "A request as the practice sees it",
                {"200": _json("ConsultationRequest", "The request"), "404": _UNKNOWN},
                parameters=[_ref_param()],
            )
        },
        "/practice/requests/{reference}/outcome": {
            "post": _op(
                "recordOutcome",
                "The practice records its triage outcome: how the request will be handled",
                {"201": _json("Outcome", "Recorded"), "404": _UNKNOWN, **post},
                parameters=[_ref_param()],
                requestBody=_body("OutcomeSubmission"),
            )
        },
        "/requests/{reference}/status": {
            "get": _op(
                "getRequestStatus",
                "The patient's view of a request: received, respond by, the practice's outcome",
                {"200": _json("RequestStatus", "The status"), "404": _UNKNOWN},
                parameters=[_ref_param()],
            )
        },
        "/video/sessions": {
            "post": _op(
                "scheduleVideoSession",
                "The practice schedules a video consultation",
                {"201": _json("VideoSession", "Scheduled"), **post},
                requestBody=_body("VideoSessionRequest"),
            )
        },
        "/video/sessions/{reference}": {
            "get": _op(
                "getVideoSession",
                "A video consultation",
                {"200": _json("VideoSession", "The session"), "404": _UNKNOWN},
                parameters=[_ref_param()],
            )
        },
        "/video/sessions/{reference}/join": {
            "post": _op(
                "joinVideoSession",
                "A patient or professional joins a video consultation",
                {"200": _json("VideoJoin", "Joined"), "404": _UNKNOWN, **post},
                parameters=[_ref_param()],
                requestBody=_body("VideoJoinRequest"),
            )
        },
        "/messages": {
            "post": _op(
                "sendMessage",
                "A secure message, patient to practice or practice to patient",
                {"201": _json("SecureMessage", "Sent"), "404": _UNKNOWN, **post},
                requestBody=_body("MessageSubmission"),
            ),
            "get": _op(
                "getMessageThread",
                "Every message of a thread, oldest first",
                {"200": _json("MessageThread", "The thread"), "400": _BAD, "404": _UNKNOWN},
                parameters=[{**_ref_param("thread"), "in": "query"}],
            ),
        },
        "/contact-details": {
            "post": _op(
                "updateContactDetails",
                "A patient updates their personal and contact details",
                {"201": _json("ContactDetailsUpdate", "Received"), **post},
                requestBody=_body("ContactDetailsSubmission"),
            )
        },
        "/practice/contact-details/{reference}": {
            "get": _op(
                "getPracticeContactDetails",
                "A contact details update as the practice sees it",
                {"200": _json("ContactDetailsUpdate", "The update"), "404": _UNKNOWN},
                parameters=[_ref_param()],
            )
        },
        "/usage": {
            "get": _op(
                "getUsage",
                "The anonymised weekly submission the tool would send to NHS England",
                {
                    "200": {
                        "description": "Header and records, in the SDK's JSON format",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "anyOf": [
                                        {"$ref": _REF + "OcUsageReport"},
                                        {"$ref": _REF + "VcUsageReport"},
                                    ]
                                }
                            }
                        },
                    },
                    "400": _BAD,
                },
                parameters=[
                    {
                        "name": "week",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "pattern": "^[0-9]{4}-W[0-9]{2}$"},
                    },
                    {
                        "name": "data_type",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "enum": ["oc_record", "vc_record"]},
                    },
                ],
            )
        },
    }


def openapi_document() -> dict[str, Any]:
    """The tool contract as an OpenAPI 3.1 document, schemas generated from the models.

    A fresh copy each call (callers may change theirs); built once per process, because a
    suite run reads it from dozens of places and building it costs about 15 ms.
    """
    loaded: dict[str, Any] = orjson.loads(_document_json())
    return loaded


@functools.cache
def _document_json() -> bytes:
    return orjson.dumps(_build_document())


def _build_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "gponline-sdk tool contract",
            "version": CONTRACT_VERSION,
            "description": _SUMMARY + "\n\n" + CONVENTIONS,
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {}],
        "paths": _paths(),
        "components": {
            "schemas": _components(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
