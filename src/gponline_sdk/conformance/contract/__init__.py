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
``POST /practice/requests/{ref}/outcome``   201 `Outcome`: the practice records its triage
``GET  /requests/{reference}/status``       `RequestStatus`: the patient's view, outcome included
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

The schemas state every rule the suite's parser applies (JSON Schema keywords, or
"Must be ..." in a field's description where JSON Schema cannot say it), and the
field and operation descriptions state what the checks verify beyond that, each
labelled [NHSE] (GP contract, NHS England) or [SDK] (the SDK's own strengthening):
see `contract._wording`. `tests/conformance/test_contract_completeness.py` holds the
schemas and the parser to each other. ``gponline models schema --contract`` prints
every body.
"""

from __future__ import annotations

from gponline_sdk.conformance.contract.models import (
    Availability,
    ClosedResponse,
    ContactDetailsSubmission,
    ErrorBody,
    ErrorProblem,
    MessageSubmission,
    MessageThread,
    OcUsageReport,
    OutcomeSubmission,
    Participant,
    RequestStatus,
    RequestSubmission,
    TestClock,
    TestEnvironment,
    VcUsageReport,
    VideoJoin,
    VideoJoinRequest,
    VideoSessionRequest,
)
from gponline_sdk.conformance.contract.openapi import (
    CONTRACT_VERSION,
    contract_models,
    openapi_document,
    openapi_path,
    write_openapi,
)

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
    "OutcomeSubmission",
    "Participant",
    "RequestStatus",
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
