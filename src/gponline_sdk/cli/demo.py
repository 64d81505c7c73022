"""`gponline demo`: the main job on local defaults, end to end, nothing to configure.

1. the typed models and the wire format;
2. the conformance suite against the local reference tool, with its reports;
3. a week of the bundled sample events built, checked and sent over a local
   mesh-sandbox to the reference collector, whose submission report comes back.

Each step uses library functions (or another `gponline` command's handler);
the demo strings them together and says where the outputs are.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from gponline_sdk.cli import _exit, conformance
from gponline_sdk.cli.report.show import print_build, print_status
from gponline_sdk.cli.sandbox import require_sandbox_extra
from gponline_sdk.errors import ValidationError
from gponline_sdk.mesh import Outbox
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
from gponline_sdk.reference.local_stack import COLLECTOR_MAILBOX, LocalCollection
from gponline_sdk.reference.samples import SAMPLE_WEEK, sample_data_dir
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.client import ReportingClient
from gponline_sdk.reporting.event_io import read_events
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.reporting.participation import ParticipationList
from gponline_sdk.reporting.reports import InboxReport, SubmissionOutcome
from gponline_sdk.reporting.weekly import build_week
from gponline_sdk.serde import from_json, structure, to_json


def register(sub: Any) -> None:
    """Add the `demo` command."""
    parser = sub.add_parser("demo", help="run the whole local flow on default settings")
    parser.add_argument(
        "--out-dir", type=Path, default=Path("gponline-out"), help="where outputs are written"
    )
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    require_sandbox_extra()  # before anything is written
    out_dir: Path = args.out_dir.resolve()
    # An --out-dir that is a file, or under a path that cannot exist, fails here as an
    # OSError naming the path, which `gponline` reports as an input error (exit 2).
    out_dir.mkdir(parents=True, exist_ok=True)
    codes = [
        _models_step(out_dir),
        _conformance_step(out_dir / "conformance"),
        _reporting_step(out_dir / "reporting"),
    ]
    print(f"\nAll outputs are under {out_dir}")
    return max(codes)


def _conformance_step(report_dir: Path) -> int:
    print("\n== 2. The conformance suite against the local reference tool")
    # The `conformance run` command itself, parsed by its own module (not by `main`,
    # which imports this one): the demo shows exactly what a vendor's CI runs.
    parser = argparse.ArgumentParser(prog="gponline")
    conformance.register(parser.add_subparsers())
    args = parser.parse_args(["conformance", "run", "--reference", "--report-dir", str(report_dir)])
    return int(args.handler(args))


def _reporting_step(work: Path) -> int:
    print("\n== 3. A week of sample events, anonymised and sent to NHS England's side (local)")
    data = sample_data_dir()
    participation = ParticipationList.load(data / "participation.csv")
    shutil.rmtree(work, ignore_errors=True)
    with LocalCollection(
        work_dir=work / "nhse", participating=participation.__contains__, poll_interval=0.5
    ) as stack:
        print(f"   mesh-sandbox on {stack.sandbox.url}; collector mailbox {COLLECTOR_MAILBOX}")
        build = build_week(
            supplier_id="DEMO-SUPPLIER",
            period=SAMPLE_WEEK,
            anonymiser=Anonymiser(secrets.token_bytes(32), "DEMO-SUPPLIER"),
            participation=participation,
            out_dir=work / "files",
            # Identifier columns are left unread: anonymising never needs them.
            oc_events=read_events(data / "oc_events.csv", OcEvent, skip_identifiers=True),
            vc_events=read_events(data / "vc_events.jsonl", VcEvent, skip_identifiers=True),
            installations=read_events(data / "installations.csv", PracticeInstallation),
        )
        print_build(build)
        with (
            Outbox(work / "outbox.sqlite") as outbox,
            ReportingClient(stack.supplier_config(), outbox) as client,
        ):
            client.queue(build)
            sent = client.send()
            print(f"   sent {len(sent.sent)} file(s) over MESH")
            reports = _await_reports(client, expected=len(sent.sent))
            for report in reports:
                print(f"   report: {report.file_name}: {report.outcome.value}")
            print_status(client.status())
    accepted = sum(r.outcome is SubmissionOutcome.ACCEPTED for r in reports)
    ok = accepted == len(build.files)
    print(f"   {accepted} of {len(build.files)} files accepted")
    return _exit.OK if ok else _exit.FAILED


def _await_reports(client: ReportingClient, *, expected: int) -> list[InboxReport]:
    reports: list[InboxReport] = []
    deadline = time.monotonic() + 60
    while len(reports) < expected and time.monotonic() < deadline:
        # A local sandbox: poll fast. Against live MESH the client keeps to 5 minutes.
        reports += client.read_reports(force=True)
        time.sleep(0.5)
    return reports


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
