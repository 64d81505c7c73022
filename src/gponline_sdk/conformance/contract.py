"""The tool contract: the small HTTP interface a tool exposes in its TEST environment.

The conformance suite acts as patient and as practice through these
operations (all JSON, in the SDK's wire format, `gponline_sdk.serde`):

==========================================  =========================================
``GET  /test/environment``                  which test practice and supplier ID to use
``PUT  /test/clock`` / ``DELETE``           set / release the tool's notion of now
``GET  /capabilities``                      `ToolCapabilities`
``GET  /availability``                      `Availability`: open now?, safeguard, signposts
``POST /requests``                          201 `Acknowledgement`, 409 `ClosedResponse`
``GET  /practice/requests/{reference}``     the `ConsultationRequest` as the practice sees it
``POST /video/sessions``                    201 `VideoSession` (the practice schedules)
``GET  /video/sessions/{reference}``        `VideoSession`
``POST /video/sessions/{reference}/join``   `VideoJoin` (patient or professional joins)
``POST /messages``                          201 `SecureMessage`, either direction
``GET  /messages?thread=REF``               `MessageThread`, oldest first
``POST /contact-details``                   201 `ContactDetailsUpdate`
``GET  /practice/contact-details/{ref}``    the update as the practice sees it
``GET  /usage?week=2026-W47&data_type=..``  `UsageReport`: the weekly submission it would send
==========================================  =========================================

Outside core hours a tool that closes answers ``POST /requests`` with **409
Conflict** and a `ClosedResponse` giving the next opening: the request conflicts
with the form's current state, it is not an error of the tool (5xx) nor of the
patient's input (400). Malformed input gets **400** with an `ErrorBody` naming
each bad field by JSON path; an unknown reference gets **404**. Never 5xx.

The request and response schemas in the OpenAPI document are generated from
the SDK's attrs models with `gponline_sdk.serde.schema.json_schema`: one source
of truth. `tests/conformance/test_contract.py` fails when the committed
`conformance/tool-contract.openapi.json` and `openapi_document()` differ;
regenerate it with `write_openapi()`.
"""

from __future__ import annotations

import enum
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import orjson

from gponline_sdk.models import (
    Acknowledgement,
    Attachment,
    ConsultationRequest,
    ContactDetails,
    ContactDetailsUpdate,
    MessageDirection,
    OcRecord,
    OdsCode,
    PatientDetails,
    RequestCategory,
    Requester,
    SecureMessage,
    SubmissionHeader,
    SupplierId,
    ToolCapabilities,
    VcRecord,
    VideoSession,
    VideoSessionStatus,
)
from gponline_sdk.models import _validators as v
from gponline_sdk.serde.schema import json_schema

__all__ = [
    "CONTRACT_VERSION",
    "Availability",
    "ClosedResponse",
    "ContactDetailsSubmission",
    "ErrorBody",
    "ErrorProblem",
    "MessageSubmission",
    "MessageThread",
    "OcUsageReport",
    "Participant",
    "RequestSubmission",
    "TestClock",
    "TestEnvironment",
    "VcUsageReport",
    "VideoJoin",
    "VideoJoinRequest",
    "VideoSessionRequest",
    "contract_models",
    "openapi_document",
    "openapi_path",
    "write_openapi",
]

CONTRACT_VERSION = "1.0.0"


@attrs.frozen(kw_only=True)
class TestEnvironment:
    """What the tool's test environment tells the suite: the practice and supplier to use."""

    __test__ = False  # not a pytest test class, despite the name

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    supplier_id: SupplierId = attrs.field(converter=SupplierId)
    now: datetime = attrs.field(validator=v.aware_datetime)


@attrs.frozen(kw_only=True)
class TestClock:
    """The tool's test clock: `now` is the instant the tool acts at; `frozen` if set by the suite.

    Sent as the body of ``PUT /test/clock`` (only `now` is read) and returned by
    ``PUT`` and ``DELETE``. A frozen clock stands still until set again.
    """

    __test__ = False

    now: datetime = attrs.field(validator=v.aware_datetime)
    frozen: bool = attrs.field(default=True, validator=v.instance_of(bool))


@attrs.frozen(kw_only=True)
class RequestSubmission:
    """What a patient (or a proxy) sends through the online consultation form."""

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    category: RequestCategory = attrs.field(validator=v.instance_of(RequestCategory))
    patient: PatientDetails = attrs.field(validator=v.instance_of(PatientDetails))
    requester: Requester = attrs.field(validator=v.instance_of(Requester))
    contact: ContactDetails = attrs.field(validator=v.instance_of(ContactDetails))
    description: str = attrs.field(validator=v.text(max_len=10_000))
    attachments: tuple[Attachment, ...] = attrs.field(default=(), validator=v.tuple_of(Attachment))
    follows_up: str | None = attrs.field(default=None)

    def as_request(self, *, reference: str, submitted_at: datetime) -> ConsultationRequest:
        """The `ConsultationRequest` this submission becomes once the tool accepts it."""
        return ConsultationRequest(
            reference=reference,
            practice_code=self.practice_code,
            category=self.category,
            patient=self.patient,
            requester=self.requester,
            contact=self.contact,
            description=self.description,
            submitted_at=submitted_at,
            attachments=self.attachments,
            follows_up=self.follows_up,
        )


@attrs.frozen(kw_only=True)
class ClosedResponse:
    """The answer (HTTP 409) of a tool that is not taking requests now, and when it reopens."""

    message: str = attrs.field(validator=v.text(max_len=2_000))
    next_opening: datetime = attrs.field(validator=v.aware_datetime)


@attrs.frozen(kw_only=True)
class Availability:
    """What the patient sees before filling in the form.

    `redirect_url` is set when the tool sends patients elsewhere (such as NHS
    111) instead of taking their request; `next_opening` is set when closed.
    """

    now: datetime = attrs.field(validator=v.aware_datetime)
    open_now: bool = attrs.field(validator=v.instance_of(bool))
    message: str = attrs.field(validator=v.text(max_len=2_000))
    next_opening: datetime | None = attrs.field(default=None, validator=v.optional_aware_datetime)
    urgent_use_safeguard: str | None = attrs.field(default=None)
    symptom_checker_url: str | None = attrs.field(default=None)
    redirect_url: str | None = attrs.field(default=None)


@attrs.frozen(kw_only=True)
class VideoSessionRequest:
    """The practice schedules a video consultation."""

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    scheduled_start: datetime = attrs.field(validator=v.aware_datetime)
    duration_minutes: int = attrs.field(validator=v.non_negative_int)


class Participant(enum.Enum):
    """Who joins a video consultation."""

    PATIENT = "patient"
    PROFESSIONAL = "professional"


@attrs.frozen(kw_only=True)
class VideoJoinRequest:
    """A participant asks to join a scheduled video consultation."""

    participant: Participant = attrs.field(validator=v.instance_of(Participant))


@attrs.frozen(kw_only=True)
class VideoJoin:
    """Where a participant joins, and the session's status after they did."""

    session_reference: str = attrs.field(validator=v.text(max_len=64))
    participant: Participant = attrs.field(validator=v.instance_of(Participant))
    join_url: str = attrs.field(validator=v.text(max_len=2_000))
    status: VideoSessionStatus = attrs.field(validator=v.instance_of(VideoSessionStatus))


@attrs.frozen(kw_only=True)
class MessageSubmission:
    """A secure message sent by the patient or the practice; replies name `in_reply_to`."""

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    direction: MessageDirection = attrs.field(validator=v.instance_of(MessageDirection))
    body: str = attrs.field(validator=v.text(max_len=10_000))
    in_reply_to: str | None = attrs.field(default=None)


@attrs.frozen(kw_only=True)
class MessageThread:
    """A conversation: the first message's reference and every message in it, oldest first."""

    thread: str = attrs.field(validator=v.text(max_len=64))
    messages: tuple[SecureMessage, ...] = attrs.field(validator=v.tuple_of(SecureMessage))


@attrs.frozen(kw_only=True)
class ContactDetailsSubmission:
    """A patient updates their personal and contact details online."""

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    patient: PatientDetails = attrs.field(validator=v.instance_of(PatientDetails))
    contact: ContactDetails = attrs.field(validator=v.instance_of(ContactDetails))


@attrs.frozen(kw_only=True)
class OcUsageReport:
    """The weekly online consultation records the tool would send to NHS England."""

    header: SubmissionHeader = attrs.field(validator=v.instance_of(SubmissionHeader))
    records: tuple[OcRecord, ...] = attrs.field(validator=v.tuple_of(OcRecord))


@attrs.frozen(kw_only=True)
class VcUsageReport:
    """The weekly video consultation records the tool would send to NHS England."""

    header: SubmissionHeader = attrs.field(validator=v.instance_of(SubmissionHeader))
    records: tuple[VcRecord, ...] = attrs.field(validator=v.tuple_of(VcRecord))


@attrs.frozen(kw_only=True)
class ErrorProblem:
    """One thing wrong with the input: a JSON path (or parameter name) and what was expected."""

    location: str = attrs.field(validator=v.text(max_len=500))
    message: str = attrs.field(validator=v.text(max_len=2_000))


@attrs.frozen(kw_only=True)
class ErrorBody:
    """The body of every 4xx answer: a summary and each problem with where it is."""

    message: str = attrs.field(validator=v.text(max_len=2_000))
    problems: tuple[ErrorProblem, ...] = attrs.field(default=(), validator=v.tuple_of(ErrorProblem))


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
        here.parents[3] / "conformance",  # a source checkout: <repo>/src/gponline_sdk/...
        here.parents[1] / "_conformance_data",  # an installed wheel
    ):
        if (candidate / "tool-contract.openapi.json").exists():
            return candidate / "tool-contract.openapi.json"
    return here.parents[3] / "conformance" / "tool-contract.openapi.json"


def write_openapi(path: Path | None = None) -> Path:
    """Write `openapi_document()` atomically to `path` (default: `openapi_path()`)."""
    target = path or openapi_path()
    data = orjson.dumps(openapi_document(), option=orjson.OPT_INDENT_2) + b"\n"
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".openapi-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


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
    return {"operationId": op_id, "summary": summary, **extra, "responses": responses}


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
    """The tool contract as an OpenAPI 3.1 document, schemas generated from the models."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "gponline-sdk tool contract",
            "version": CONTRACT_VERSION,
            "description": (__doc__ or "").split("\n\n")[0],
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {}],
        "paths": _paths(),
        "components": {
            "schemas": _components(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
