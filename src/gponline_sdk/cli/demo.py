"""`gponline demo`: the main job on local defaults, end to end, nothing to configure.

Each step uses only library functions; the demo just strings them together
and says what happened and where the outputs are.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from gponline_sdk.cli import _exit
from gponline_sdk.errors import ValidationError
from gponline_sdk.models import (
    CORE_HOURS,
    ConsultationRequest,
    ContactDetails,
    PatientDetails,
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
)
from gponline_sdk.serde import from_json, structure, to_json


def register(sub: Any) -> None:
    """Add the `demo` command."""
    parser = sub.add_parser("demo", help="run the whole local flow on default settings")
    parser.add_argument(
        "--out-dir", type=Path, default=Path("gponline-out"), help="where outputs are written"
    )
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    args.out_dir.mkdir(parents=True, exist_ok=True)
    return _models_step(args.out_dir)


def _models_step(out_dir: Path) -> int:
    print("== 1. Typed models and the wire format")
    now = datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc)
    request = ConsultationRequest(
        reference="DEMO-0001",
        practice_code="A81001",
        category=RequestCategory.ADMINISTRATIVE_REQUEST,
        patient=PatientDetails(
            given_name="Demo",
            family_name="Patient",
            date_of_birth=date(1990, 1, 1),
            nhs_number="9990000018",
        ),
        requester=Requester(role=RequesterRole.PATIENT),
        contact=ContactDetails(email="demo.patient@example.invalid"),
        description="Please update my repeat prescription address.",
        submitted_at=now,
    )
    path = out_dir / "request.json"
    path.write_bytes(to_json(request, indent=True))
    assert from_json(path.read_bytes(), ConsultationRequest) == request
    print(f"   wrote {path} and read it back unchanged")
    print(f"   core hours open at {now.isoformat()}: {CORE_HOURS.is_open_at(now)}")
    print(f"   reporting week: {ReportingPeriod.containing(now.date())}")
    try:
        structure({"practice_code": "A8100"}, ConsultationRequest)
    except ValidationError as err:
        first = err.problems[:3]
        print(f"   a bad request is refused with {len(err.problems)} problems, e.g.:")
        for problem in first:
            print(f"     {problem}")
    return _exit.OK
