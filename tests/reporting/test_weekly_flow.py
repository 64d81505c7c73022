"""The supplier's weekly flow end to end, against a real mesh-sandbox and the reference collector.

build (events -> anonymised files) -> queue (outbox) -> send (MESH) -> the collector
validates, stores the latest and reports back -> the client reads the report -> status.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import attrs
import orjson
import pytest

from gponline_sdk.errors import SubmissionError
from gponline_sdk.mesh import MeshTransport, Outbox
from gponline_sdk.models import (
    DataType,
    PracticeStatus,
    Product,
    ReportingPeriod,
    RequestCategory,
    VideoSessionStatus,
)
from gponline_sdk.reference.collector import Collector
from gponline_sdk.reference.sandbox import MeshSandbox
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.client import ReportingClient
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.participation import ParticipationList
from gponline_sdk.reporting.submission_report import SUBMISSION_WORKFLOW_ID, SubmissionOutcome
from gponline_sdk.reporting.validate import ReasonCode, ReasonCount
from gponline_sdk.reporting.weekly import WeekBuilder

pytestmark = pytest.mark.sandbox

WEEK = ReportingPeriod.from_iso_week("2026-W47")
SUPPLIER = "ACME-OC"
CANARY_NAME = "Zebedee Canaryfield"
CANARY_TEXT = "canary-free-text-7f3a"
NHS_NUMBERS = ("9990000018", "9990000026", "9990000034")


def _oc_events(count: int, *, practice: str = "A81001") -> list[OcEvent]:
    start = datetime(2026, 11, 16, 7, 0, tzinfo=timezone.utc)
    categories = list(RequestCategory)
    return [
        OcEvent(
            event_id=f"REQ-{practice}-{i}",
            practice_code=practice,
            submitted_at=start + timedelta(hours=5 * i),
            category=categories[i % len(categories)],
            nhs_number=NHS_NUMBERS[i % 3],
            patient_name=CANARY_NAME,
            description=CANARY_TEXT,
            contact_email="zebedee@example.invalid",
        )
        for i in range(count)
    ]


def _vc_events() -> list[VcEvent]:
    start = datetime(2026, 11, 17, 10, 0, tzinfo=timezone.utc)
    return [
        VcEvent(
            session_id=f"VID-{i}",
            practice_code="A81001",
            scheduled_start=start + timedelta(days=i),
            status=VideoSessionStatus.COMPLETED,
            duration_minutes=12,
            patient_name=CANARY_NAME,
        )
        for i in range(3)
    ]


def _installations() -> list[PracticeInstallation]:
    return [
        PracticeInstallation(
            practice_code=code,
            product=product,
            product_name="Acme Online",
            installation_date=date(2025, 4, 1),
            status=PracticeStatus.LIVE,
        )
        for code in ("A81001", "B82002")
        for product in Product
    ]


@pytest.fixture
def sandbox(clean_mesh_sandbox: MeshSandbox) -> MeshSandbox:
    return clean_mesh_sandbox


@pytest.fixture
def collector(sandbox: MeshSandbox, tmp_path: Path) -> Iterator[Collector]:
    transport = MeshTransport(sandbox.config("X26ABC2", recipient="X26ABC1"))
    participating = frozenset({"A81001", "B82002"})
    c = Collector(
        transport, tmp_path / "nhse.sqlite", work_dir=tmp_path / "nhse", participating=participating
    )
    yield c
    c.close()
    transport.close()


@pytest.fixture
def client(sandbox: MeshSandbox, tmp_path: Path) -> Iterator[ReportingClient]:
    config = sandbox.config("X26ABC1", recipient="X26ABC2", workflow_id=SUBMISSION_WORKFLOW_ID)
    with Outbox(tmp_path / "outbox.sqlite") as outbox, ReportingClient(config, outbox) as c:
        yield c


def _build(tmp_path: Path, oc_events: list[OcEvent], fmt: Format = Format.JSON) -> WeekBuilder:
    builder = WeekBuilder(
        supplier_id=SUPPLIER,
        period=WEEK,
        anonymiser=Anonymiser(secrets.token_bytes(32), SUPPLIER),
        participation=ParticipationList.of(["A81001", "B82002"]),
        out_dir=tmp_path / "out",
        fmt=fmt,
    )
    builder.online_consultations(oc_events)
    builder.video_consultations(_vc_events())
    builder.practices(_installations())
    return builder


def test_a_week_goes_out_and_comes_back_accepted(
    tmp_path: Path, client: ReportingClient, collector: Collector
) -> None:
    events = _oc_events(20) + _oc_events(5, practice="C83003")  # C83003 is not participating
    build = _build(tmp_path, events).build
    assert build.clean
    assert build.excluded_records() == 5
    assert {f.data_type for f in build.files} == set(DataType) - {DataType.INCIDENT}

    client.queue(build)
    assert {s.state for s in client.status()} == {"built"}
    assert len(client.send().sent) == len(build.files)
    assert {s.state for s in client.status()} == {"sent"}

    processed = collector.process_inbox()
    assert [r.outcome for r in processed] == [SubmissionOutcome.ACCEPTED] * len(build.files)
    reports = client.read_reports(force=True)
    assert len(reports) == len(build.files)
    assert {s.state for s in client.status()} == {"accepted"}

    stored = collector.latest_records(SUPPLIER, "2026-W47", "oc_record")
    in_week = [
        e for e in events if e.practice_code != "C83003" and WEEK.contains(e.submitted_at.date())
    ]
    assert len(stored) == len(in_week) == build.files[0].records
    everything = orjson.dumps([f.path.read_bytes().decode() for f in build.files]).decode()
    for secret in (CANARY_NAME, CANARY_TEXT, "zebedee@", *NHS_NUMBERS, "REQ-A81001"):
        assert secret not in everything
        assert secret not in orjson.dumps(stored).decode()


def test_a_corrected_week_replaces_the_earlier_submission(
    tmp_path: Path, client: ReportingClient, collector: Collector
) -> None:
    first = _build(tmp_path / "first", _oc_events(10)).build
    client.queue(first)
    client.send()
    collector.process_inbox()
    second = _build(tmp_path / "second", _oc_events(12)).build
    client.queue(second)
    client.send()
    reports = collector.process_inbox()
    oc = next(r for r in reports if "oc_record" in r.file_name)
    assert oc.replaced_message_id is not None
    stored = collector.latest_records(SUPPLIER, "2026-W47", "oc_record")
    assert len(stored) == second.files[0].records != first.files[0].records
    client.read_reports(force=True)
    # The status shows the latest entry per week and type: all accepted.
    assert {s.state for s in client.status()} == {"accepted"}


def test_a_file_rejected_whole_shows_as_rejected_with_its_reason(
    tmp_path: Path, client: ReportingClient, collector: Collector
) -> None:
    build = _build(tmp_path, _oc_events(4)).build
    oc_file = build.files[0].path
    data = orjson.loads(oc_file.read_bytes())
    data["header"]["period"] = {"start": "2026-11-17", "end": "2026-11-23"}  # not Monday-Sunday
    bad = tmp_path / "bad" / oc_file.name
    bad.parent.mkdir()
    bad.write_bytes(orjson.dumps(data))
    client.outbox.add("2026-W47/oc_record", bad)
    client.send()
    (report,) = collector.process_inbox()
    assert report.outcome is SubmissionOutcome.REJECTED
    client.read_reports(force=True)
    (row,) = [s for s in client.status() if s.data_type == "oc_record"]
    assert row.state == "rejected"
    assert row.reasons, row
    assert any("Monday" in reason for reason in row.reasons), row.reasons
    assert collector.latest_records(SUPPLIER, "2026-W47", "oc_record") == []


def test_the_inbox_is_not_polled_twice_within_five_minutes(
    client: ReportingClient, collector: Collector
) -> None:
    assert client.read_reports(force=True) == []
    client.transport.inbox = None  # type: ignore[method-assign]  # would fail if called
    assert client.read_reports() == []


def test_a_build_with_rejected_records_is_not_queued(
    tmp_path: Path, client: ReportingClient
) -> None:
    build = _build(tmp_path, _oc_events(3)).build
    first = build.files[0]
    would_reject_one = attrs.evolve(
        first.validation,
        records_accepted=first.validation.records_total - 1,
        records_rejected=1,
        rejection_counts=(ReasonCount(reason=ReasonCode.PRACTICE_NOT_PARTICIPATING, count=1),),
    )
    dirty = attrs.evolve(build, files=[attrs.evolve(first, validation=would_reject_one)])
    with pytest.raises(SubmissionError, match="records would be rejected"):
        client.queue(dirty)
    assert client.outbox.entries() == []
    assert len(client.queue(dirty, allow_record_rejections=True)) == 1


def test_a_report_settles_a_send_whose_outcome_was_unknown(
    tmp_path: Path, client: ReportingClient, collector: Collector
) -> None:
    build = _build(tmp_path, _oc_events(3)).build
    (entry, *_) = client.queue(build)
    # The create call went out, but its answer was lost: the outbox only knows "unknown".
    client.outbox.mark_sending(entry.local_id)
    client.transport.send(
        entry.path, filename=Path(entry.path).name, local_id=entry.local_id, subject=entry.key
    )
    client.outbox.mark_unknown(entry.local_id, "timed out waiting for MESH")
    collector.process_inbox()
    client.read_reports(force=True)
    settled = client.outbox.get(entry.local_id)
    assert settled.state.value == "reported"
    assert settled.message_id is not None
    (row,) = [s for s in client.status() if s.data_type == "oc_record"]
    assert row.state == "accepted"
