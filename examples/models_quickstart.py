"""Quickstart: build a request, serialise it, read it back, and see a precise error.

Run it with `.venv/bin/python examples/models_quickstart.py`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import attrs

from gponline_sdk.errors import ValidationError
from gponline_sdk.models import (
    CORE_HOURS,
    ConsultationRequest,
    ContactDetails,
    ContactMethod,
    OcRecord,
    PatientDetails,
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
)
from gponline_sdk.serde import from_json, structure, to_json, unstructure


def main() -> None:
    submitted = datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc)

    # 1. Build a request as a patient would send it (synthetic 999 NHS number).
    request = ConsultationRequest(
        reference="REQ-0001",
        practice_code="A81001",
        category=RequestCategory.DESCRIBE_SYMPTOMS,
        patient=PatientDetails(
            given_name="Alex",
            family_name="Example",
            date_of_birth=date(1980, 2, 29),
            nhs_number="999 000 0018",
        ),
        requester=Requester(role=RequesterRole.PATIENT),
        contact=ContactDetails(phone="01632 960000", preferred=ContactMethod.PHONE),
        description="A cough for three weeks.",
        submitted_at=submitted,
    )
    print("open in core hours at submission:", CORE_HOURS.is_open_at(submitted))
    print("reporting week:", ReportingPeriod.containing(submitted.date()))

    # 2. Serialise to the SDK's wire format and read it back: the same object.
    wire = to_json(request, indent=True)
    print(wire.decode())
    assert from_json(wire, ConsultationRequest) == request
    print("round trip: equal")
    print("the NHS number never shows in a repr:", repr(request.patient.nhs_number))

    # 3. Bad data gets one error listing every problem with its JSON path.
    record = unstructure(
        OcRecord(
            record_id="3f2a9c1e5b7d4a60",
            practice_code="A81001",
            submitted_at=submitted,
            request_type=request.category.request_type,
            category=request.category,
            requester_role=RequesterRole.PATIENT,
        )
    )
    broken = [record, dict(record, practice_code="A8100", submitted_at="2026-11-16T09:30:00")]
    try:
        structure(broken, tuple[OcRecord, ...])
    except ValidationError as err:
        print(err)

    # 4. Rules across fields hold too: a follow-up must name the request it follows.
    try:
        attrs.evolve(request, category=RequestCategory.FOLLOW_UP)
    except ValidationError as err:
        print(err)
    follow_up = attrs.evolve(
        request,
        reference="REQ-0002",
        category=RequestCategory.FOLLOW_UP,
        follows_up=request.reference,
        submitted_at=submitted + timedelta(days=1),
    )
    print("follow-up links to:", follow_up.follows_up)


if __name__ == "__main__":
    main()
