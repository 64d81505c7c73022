"""Golden files pin the wire format: one realistic example per model in tests/golden/<Model>.json.

Each example is built here in code; the test serialises it with
`to_json(x, indent=True)` and compares the bytes with the file, structures the
file and compares the objects, and validates the file against the published
JSON Schema. A change to field names, order, date formats or enum values
therefore shows up as a diff in review.

To regenerate after an intended wire change::

    GPONLINE_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/models/test_golden.py -p no:xdist

then review `git diff tests/golden` before committing. Regeneration writes
atomically and still runs every check against the new files.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from jsonschema import Draft202012Validator

from gponline_sdk.models import (
    Acknowledgement,
    Attachment,
    Channel,
    ConsultationRequest,
    ContactDetails,
    ContactDetailsUpdate,
    ContactMethod,
    CoreHours,
    DataType,
    Incident,
    IncidentImpact,
    MessageDirection,
    NhsNumber,
    OcAggregate,
    OcPractice,
    OcRecord,
    OdsCode,
    Outcome,
    OutcomeKind,
    OutOfHoursBehaviour,
    PatientDetails,
    PracticeStatus,
    Product,
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
    RequestType,
    SecureMessage,
    SubmissionHeader,
    SupplierId,
    ToolCapabilities,
    VcAggregate,
    VcPractice,
    VcRecord,
    VideoSession,
    VideoSessionStatus,
)
from gponline_sdk.serde import from_json, to_json
from gponline_sdk.serde.schema import json_schema, schema_models

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
REGEN = os.environ.get("GPONLINE_REGEN_GOLDEN") == "1"
LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
PRACTICE = OdsCode("A81001")
MONDAY_0930 = datetime(2026, 11, 16, 9, 30, tzinfo=LONDON)  # GMT in November
SUMMER_1815 = datetime(2026, 7, 6, 18, 15, tzinfo=LONDON)  # BST: written +01:00
PATIENT = PatientDetails(
    given_name="Alex",
    family_name="Taylor",
    date_of_birth=date(1984, 2, 29),
    nhs_number=NhsNumber("999 000 0018"),  # synthetic test range
)
CONTACT = ContactDetails(
    email="alex.taylor@example.org",
    phone="07700 900123",
    address_lines=("1 Test Street", "Leeds"),
    postcode="LS1 4AP",
    preferred=ContactMethod.TEXT_MESSAGE,
)
ATTACHMENT = Attachment(
    media_type="image/jpeg",
    size_bytes=482_133,
    sha256="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
)
PERIOD = ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 22))

EXAMPLES: dict[str, Any] = {
    "Acknowledgement": Acknowledgement(
        reference="OC-2026-000123",
        received_at=MONDAY_0930,
        respond_by=datetime(2026, 11, 16, 18, 30, tzinfo=LONDON),
        message="Thank you. The practice will contact you by the end of today.",
    ),
    "Attachment": ATTACHMENT,
    "ConsultationRequest": ConsultationRequest(
        reference="OC-2026-000124",
        practice_code=PRACTICE,
        category=RequestCategory.FOLLOW_UP,
        patient=PATIENT,
        requester=Requester(
            role=RequesterRole.PROXY, proxy_name="Sam Taylor", relationship="parent"
        ),
        contact=CONTACT,
        description="The rash is no better after a week of the cream.",
        submitted_at=SUMMER_1815,
        attachments=(ATTACHMENT,),
        follows_up="OC-2026-000123",
    ),
    "ContactDetails": CONTACT,
    "ContactDetailsUpdate": ContactDetailsUpdate(
        reference="CDU-77",
        practice_code=PRACTICE,
        patient=PATIENT,
        contact=ContactDetails(phone="0113 496 0000", preferred=ContactMethod.PHONE),
        submitted_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # the spring clock change day
    ),
    "CoreHours": CoreHours(),
    "Incident": Incident(
        incident_id="INC-2026-0042",
        product=Product.ONLINE_CONSULTATION,
        practice_code=None,
        # 01:40 BST to 01:20 GMT in the repeated hour of the autumn change: 40 minutes.
        # Fixed offsets, because a fold-dependent London time never compares equal
        # to the same instant read back from JSON (PEP 495).
        started_at=datetime(2026, 10, 25, 1, 40, tzinfo=timezone(timedelta(hours=1))),
        ended_at=datetime(2026, 10, 25, 1, 20, tzinfo=UTC),
        impact=IncidentImpact.UNAVAILABLE,
        summary="Form unavailable during a database failover.",
    ),
    "OcAggregate": OcAggregate(
        practice_code=PRACTICE,
        date=date(2026, 11, 16),
        request_type=RequestType.CLINICAL,
        submissions=57,
        submissions_out_of_core_hours=9,
    ),
    "OcPractice": OcPractice(
        practice_code=PRACTICE,
        product_name="Example Online Consult",
        installation_date=date(2024, 4, 2),
        status=PracticeStatus.LIVE,
        photo_upload_enabled=True,
    ),
    "OcRecord": OcRecord(
        record_id="k7Qd2vX9-Lp0aZ3e",
        practice_code=PRACTICE,
        submitted_at=MONDAY_0930,
        request_type=RequestType.CLINICAL,
        category=RequestCategory.DESCRIBE_SYMPTOMS,
        requester_role=RequesterRole.PATIENT,
        has_attachments=True,
    ),
    "Outcome": Outcome(
        request_reference="OC-2026-000123",
        kind=OutcomeKind.APPOINTMENT_PHONE,
        recorded_at=datetime(2026, 11, 16, 11, 2, 7, tzinfo=UTC),
    ),
    "PatientDetails": PATIENT,
    "ReportingPeriod": PERIOD,
    "Requester": Requester(role=RequesterRole.PATIENT),
    "SecureMessage": SecureMessage(
        reference="MSG-9001",
        practice_code=PRACTICE,
        direction=MessageDirection.PRACTICE_TO_PATIENT,
        body="Your prescription is ready to collect.",
        sent_at=datetime(2026, 11, 17, 14, 0, tzinfo=UTC),
        in_reply_to="MSG-9000",
    ),
    "SubmissionHeader": SubmissionHeader(
        supplier_id=SupplierId("ACME-OC"),
        data_type=DataType.OC_RECORD,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 7, 0, 0, 250_000, tzinfo=UTC),
    ),
    "ToolCapabilities": ToolCapabilities(
        tool_name="Example Online Consult",
        tool_version="4.2.1",
        request_categories=frozenset(RequestCategory),
        channels=frozenset({Channel.ONLINE_CONSULTATION, Channel.SECURE_MESSAGING}),
        photo_upload=True,
        accepted_media_types=("image/jpeg", "image/png"),
        out_of_hours=OutOfHoursBehaviour.ACCEPTS_FOR_NEXT_WORKING_DAY,
        urgent_use_safeguard="If you need help urgently, call 999 or use NHS 111.",
        symptom_checker_url="https://111.nhs.uk/",
    ),
    "VcAggregate": VcAggregate(
        practice_code=PRACTICE,
        date=date(2026, 11, 16),
        scheduled=12,
        completed=10,
        total_minutes=143,
    ),
    "VcPractice": VcPractice(
        practice_code=PRACTICE,
        product_name="Example Video",
        installation_date=date(2023, 9, 1),
        status=PracticeStatus.SUSPENDED,
        status_date=date(2026, 11, 1),
    ),
    "VcRecord": VcRecord(
        record_id="vR4mN8cQ2wE6tY1u",
        practice_code=PRACTICE,
        scheduled_start=datetime(2026, 11, 16, 10, 0, tzinfo=timezone(timedelta(hours=-5))),
        status=VideoSessionStatus.DID_NOT_ATTEND,
    ),
    "VideoSession": VideoSession(
        reference="VID-3",
        practice_code=PRACTICE,
        scheduled_start=datetime(2026, 11, 16, 10, 0, tzinfo=LONDON),
        duration_minutes=15,
        status=VideoSessionStatus.COMPLETED,
        started_at=datetime(2026, 11, 16, 10, 2, 30, tzinfo=LONDON),
        ended_at=datetime(2026, 11, 16, 10, 14, tzinfo=LONDON),
    ),
}
MODELS = schema_models()


def _write_atomically(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(data)
    Path(tmp.name).replace(path)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_golden_file_pins_the_wire_format(name: str) -> None:
    value = EXAMPLES[name]
    assert type(value) is MODELS[name]
    path = GOLDEN / f"{name}.json"
    written = to_json(value, indent=True) + b"\n"
    if REGEN:
        _write_atomically(path, written)
    assert path.read_bytes() == written, f"wire format of {name} changed; see module docstring"
    assert from_json(path.read_bytes(), MODELS[name]) == value


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_golden_file_validates_against_the_published_schema(name: str) -> None:
    schema = json_schema(MODELS[name])
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    document = orjson.loads((GOLDEN / f"{name}.json").read_bytes())
    assert [e.message for e in validator.iter_errors(document)] == []


def test_golden_examples_show_offsets_as_written() -> None:
    # Pinned details a reader of the files relies on.
    record = orjson.loads((GOLDEN / "OcRecord.json").read_bytes())
    assert record["submitted_at"] == "2026-11-16T09:30:00Z"
    request = orjson.loads((GOLDEN / "ConsultationRequest.json").read_bytes())
    assert request["submitted_at"] == "2026-07-06T18:15:00+01:00"
    assert request["patient"]["nhs_number"] == "9990000018"
    hours = orjson.loads((GOLDEN / "CoreHours.json").read_bytes())
    assert hours == {"start": "08:00", "end": "18:30", "tz": "Europe/London"}
    assert time(8) == EXAMPLES["CoreHours"].start


# Last, so that a regeneration run has written every file before it is checked.
def test_every_model_has_exactly_one_golden_example() -> None:
    assert set(EXAMPLES) == set(MODELS)
    files = {p.stem for p in GOLDEN.glob("*.json")}
    assert files == set(MODELS), "stale or missing golden files"
