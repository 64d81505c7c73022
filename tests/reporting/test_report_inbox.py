"""Reading the sending mailbox against a real mesh-sandbox: Excel reports, NDRs, kept reports.

A week is sent; what comes back is the reference collector's .xlsx report, a
report in a layout the SDK does not know, a MESH non-delivery report, a report
for nothing we sent, or a report sent by NHS England's own `mesh_client`.
Nothing is acknowledged and dropped; the CLI exits 1 while a report is not
understood.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import mesh_client
import openpyxl
import pytest
import requests

from gponline_sdk.cli.main import main
from gponline_sdk.mesh import MeshTransport, Outbox, OutboxEntry, OutboxState
from gponline_sdk.models import ReportingPeriod, RequestCategory
from gponline_sdk.national import active_profile
from gponline_sdk.reference.collector import Collector
from gponline_sdk.reference.sandbox import SANDBOX_PASSWORD, MeshSandbox
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.client import ReportingClient
from gponline_sdk.reporting.events import OcEvent
from gponline_sdk.reporting.participation import ParticipationList
from gponline_sdk.reporting.reports import (
    REPORT_WORKFLOW_ID,
    SUBMISSION_WORKFLOW_ID,
    KeptKind,
    ReportKind,
    SubmissionOutcome,
)
from gponline_sdk.reporting.weekly import WeekBuilder

pytestmark = pytest.mark.sandbox

WEEK = ReportingPeriod.from_iso_week("2026-W47")
SUPPLIER = "ACME-OC"


@pytest.fixture
def sandbox(clean_mesh_sandbox: MeshSandbox) -> MeshSandbox:
    return clean_mesh_sandbox


@pytest.fixture
def nhse(sandbox: MeshSandbox) -> Iterator[MeshTransport]:
    """The collection's side of MESH (X26ABC2), sending to the supplier (X26ABC1)."""
    with MeshTransport(sandbox.config("X26ABC2", recipient="X26ABC1")) as transport:
        yield transport


@pytest.fixture
def collector(nhse: MeshTransport, tmp_path: Path) -> Iterator[Collector]:
    c = Collector(nhse, tmp_path / "nhse.sqlite", work_dir=tmp_path / "nhse")
    yield c
    c.close()


@pytest.fixture
def client(sandbox: MeshSandbox, tmp_path: Path) -> Iterator[ReportingClient]:
    config = sandbox.config("X26ABC1", recipient="X26ABC2", workflow_id=SUBMISSION_WORKFLOW_ID)
    with Outbox(tmp_path / "outbox.sqlite") as outbox, ReportingClient(config, outbox) as c:
        yield c


@pytest.fixture
def settings_file(sandbox: MeshSandbox, tmp_path: Path) -> Path:
    path = tmp_path / "gponline.toml"
    path.write_text(
        "[mesh]\n"
        f'url = "{sandbox.url}"\nmailbox = "X26ABC1"\npassword = "{SANDBOX_PASSWORD}"\n'
        f'shared_key = "{sandbox.shared_key}"\nrecipient = "X26ABC2"\n'
        f'workflow_id = "{SUBMISSION_WORKFLOW_ID}"\n'
        f'[paths]\noutbox = "{tmp_path / "outbox.sqlite"}"\n',
        encoding="utf-8",
    )
    return path


def _send_week(client: ReportingClient, tmp_path: Path) -> OutboxEntry:
    """Build, queue and send a week of OC records; return the oc_record entry (sent)."""
    start = datetime(2026, 11, 16, 8, 0, tzinfo=timezone.utc)
    events = [
        OcEvent(
            event_id=f"REQ-{i}",
            practice_code="A81001",
            submitted_at=start + timedelta(hours=7 * i),
            category=RequestCategory.ADMINISTRATIVE_REQUEST,
        )
        for i in range(6)
    ]
    builder = WeekBuilder(
        supplier_id=SUPPLIER,
        period=WEEK,
        anonymiser=Anonymiser(secrets.token_bytes(32), SUPPLIER),
        participation=ParticipationList.of(["A81001"]),
        out_dir=tmp_path / "out",
    )
    client.queue(builder.online_consultations(events))
    assert client.send().sent
    (entry,) = [e for e in client.outbox.entries() if e.key.endswith("/oc_record")]
    assert entry.state is OutboxState.SENT
    return entry


def _report_bytes(*, period: bool = True, **values: str | None) -> bytes:
    """An accepted file's report in the profile's layout, with only the columns given."""
    layout = active_profile().value("report.layout")
    values = {"outcome": "accepted", "period": WEEK.iso_week if period else None, **values}
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(layout["file_columns"].values()))
    sheet.append([values.get(key) for key in layout["file_columns"]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row(client: ReportingClient, data_type: str = "oc_record") -> tuple[str, tuple[str, ...]]:
    (row,) = [s for s in client.status() if s.data_type == data_type]
    return row.state, row.reasons


def test_the_collector_s_excel_report_is_linked_and_the_week_settles(
    tmp_path: Path, client: ReportingClient, collector: Collector, nhse: MeshTransport
) -> None:
    entry = _send_week(client, tmp_path)
    collector.process_inbox()
    with MeshTransport(client.config) as look:
        names = {look.headers(m)["mex-filename"]: look.headers(m) for m in look.inbox()}
    answer = names[f"{Path(entry.path).name}.report.xlsx"]
    assert answer["mex-workflowid"] == REPORT_WORKFLOW_ID
    found = client.read_reports(force=True)
    assert {r.kind for r in found} == {ReportKind.REPORT}
    (mine,) = [r for r in found if r.local_id == entry.local_id]
    assert mine.outcome is SubmissionOutcome.ACCEPTED
    assert mine.linked_by == "local ID"
    assert {s.state for s in client.status()} == {"accepted"}
    assert client.transport.inbox() == []
    assert client.kept_reports() == []
    assert not list((tmp_path / "reports").glob("*.xlsx"))  # read and linked: nothing kept


def _unknown_layout() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Submission", "Status", "Comment"])
    sheet.append(["ACME file", "OK", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_report_in_an_unknown_layout_is_kept_and_flagged_until_a_good_one_comes(
    tmp_path: Path,
    client: ReportingClient,
    collector: Collector,
    nhse: MeshTransport,
    settings_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = _send_week(client, tmp_path)
    # Built once: a workbook's zip entries carry the time they were written (2 s steps), so
    # two builds on a loaded machine can differ (a red run compared them).
    sent = _unknown_layout()
    nhse.send(
        io.BytesIO(sent),
        filename=f"{Path(entry.path).name}.report.xlsx",
        local_id="nhse-1",
        subject="report",
        workflow_id=REPORT_WORKFLOW_ID,
    )
    (found,) = client.read_reports(force=True)
    assert found.kind is ReportKind.NOT_UNDERSTOOD
    assert (found.local_id, found.linked_by) == (entry.local_id, "file name")
    assert found.kept is not None
    kept = Path(found.kept)
    assert kept.parent == tmp_path / "reports"
    assert kept.read_bytes() == sent  # saved whole before it was acknowledged
    assert client.transport.inbox() == []
    state, reasons = _row(client)
    assert state == "not_understood"
    assert reasons == (f"report received, not understood: {kept}",)

    args = ["--config", str(settings_file)]
    assert main(["report", "inbox", *args, "--force"]) == 1
    assert "kept and unresolved" in capsys.readouterr().out
    assert main(["report", "status", *args]) == 1
    assert f"report received, not understood: {kept}" in capsys.readouterr().out

    collector.process_inbox()  # the real report arrives after all
    client.read_reports(force=True)
    assert _row(client)[0] == "accepted"
    assert client.kept_reports() == []
    assert kept.exists()  # kept for the record; no longer needing a person
    assert main(["report", "status", *args]) == 0


@pytest.mark.parametrize("handle", ["linked message ID (mex-LinkedMsgID)", "local ID"])
def test_a_non_delivery_report_marks_the_week_failed(
    tmp_path: Path,
    sandbox: MeshSandbox,
    client: ReportingClient,
    settings_file: Path,
    handle: str,
) -> None:
    entry = _send_week(client, tmp_path)
    by_link = handle.startswith("linked")
    body = {
        "mailbox_id": "X26ABC1",
        "code": "14",
        "description": "undelivered",
        "workflow_id": SUBMISSION_WORKFLOW_ID,
        "status": "undeliverable",
        "linked_message_id": entry.message_id if by_link else None,
        "local_id": None if by_link else entry.local_id,
    }
    url = f"{sandbox.url}/messageexchange/admin/report"
    requests.post(url, json=body, timeout=(5, 30)).raise_for_status()
    (found,) = client.read_reports(force=True)
    assert found.kind is ReportKind.NON_DELIVERY
    assert (found.local_id, found.linked_by) == (entry.local_id, handle)
    state, reasons = _row(client)
    assert state == "failed"
    assert "non-delivery" in reasons[0]
    assert "14" in reasons[0]
    assert "not collected" in reasons[0]  # MESH's own description
    assert client.transport.inbox() == []
    assert main(["report", "status", "--config", str(settings_file)]) == 1


def test_a_report_matching_no_entry_is_kept_and_listed_every_run(
    tmp_path: Path,
    client: ReportingClient,
    nhse: MeshTransport,
    settings_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _send_week(client, tmp_path)
    data = _report_bytes(
        file_name="OTHER_oc_record_2026-W40.json",
        message_id="NOT-OURS",
        local_id="not-ours",
        reason="record for 9990000018 refused",  # words from outside: never printed whole
    )
    nhse.send(
        io.BytesIO(data), filename="other.report.xlsx", local_id="n2", subject="r",
        workflow_id=REPORT_WORKFLOW_ID,
    )  # fmt: skip
    args = ["report", "inbox", "--config", str(settings_file), "--force"]
    assert main(args) == 0  # the CLI reads it: kept, listed, and not a failure of ours
    out = capsys.readouterr().out
    assert "report matches no outbox entry" in out
    assert "record for <withheld> refused" in out
    assert "9990000018" not in out
    assert client.transport.inbox() == []
    (kept,) = client.kept_reports()
    assert kept.kind is KeptKind.UNMATCHED
    assert Path(kept.saved).read_bytes() == data
    assert "matches no outbox entry" in kept.detail
    assert {s.state for s in client.status()} == {"sent"}  # nothing settled by it
    for _ in range(2):  # every run lists what is kept and unresolved
        assert main(args) == 0
        out = capsys.readouterr().out
        assert "1 report(s) kept and unresolved" in out
        assert kept.saved in out
    Path(kept.saved).unlink()  # a person dealt with it
    assert client.kept_reports() == []


@pytest.mark.parametrize(
    ("row", "handle"),
    [
        ({"local_id": True}, "local ID"),
        ({"message_id": True}, "message ID"),
        ({"file_name": True}, "file name"),
        ({"period": True}, "period and data type"),
    ],
)
def test_each_handle_alone_links_a_report(
    tmp_path: Path,
    client: ReportingClient,
    nhse: MeshTransport,
    row: dict[str, bool],
    handle: str,
) -> None:
    entry = _send_week(client, tmp_path)
    assert entry.message_id is not None
    data = _report_bytes(
        # NHS England may name the file its own way: the data type's name is still in it.
        file_name=Path(entry.path).name if "file_name" in row else "week_oc_record.json",
        message_id=entry.message_id if "message_id" in row else None,
        local_id=entry.local_id if "local_id" in row else None,
        period="period" in row,
    )
    nhse.send(
        io.BytesIO(data), filename="r.xlsx", local_id="n3", subject="r",
        workflow_id=REPORT_WORKFLOW_ID,
    )  # fmt: skip
    (found,) = client.read_reports(force=True)
    assert (found.kind, found.local_id, found.linked_by) == (
        ReportKind.REPORT,
        entry.local_id,
        handle,
    )
    assert _row(client)[0] == "accepted"


def test_a_report_sent_by_plain_mesh_client_is_read_and_other_mail_left_alone(
    tmp_path: Path, sandbox: MeshSandbox, client: ReportingClient
) -> None:
    entry = _send_week(client, tmp_path)
    assert entry.message_id is not None
    data = _report_bytes(file_name=Path(entry.path).name, message_id=entry.message_id,
                         local_id=None)  # fmt: skip
    with mesh_client.MeshClient(
        sandbox.url, "X26ABC2", SANDBOX_PASSWORD, shared_key=sandbox.shared_key.encode()
    ) as nhs:
        # A workflow ID the profile does not list: the .xlsx suffix makes it a report.
        nhs.send_message(
            "X26ABC1", data, workflow_id="NHSE_REPORT_X", filename="Submission Report.xlsx",
            local_id="nhse-7",
        )  # fmt: skip
        other = nhs.send_message(
            "X26ABC1", b"a,b\n", workflow_id="SOMETHING_ELSE", filename="x.csv"
        )
    (found,) = client.read_reports(force=True)
    assert (found.kind, found.linked_by) == (ReportKind.REPORT, "message ID")
    assert _row(client)[0] == "accepted"
    assert client.transport.inbox() == [other]  # not a report: untouched


def test_an_unreadable_report_after_an_accepted_one_still_needs_a_person(
    tmp_path: Path, client: ReportingClient, collector: Collector, nhse: MeshTransport
) -> None:
    entry = _send_week(client, tmp_path)
    collector.process_inbox()
    client.read_reports(force=True)
    assert _row(client)[0] == "accepted"
    nhse.send(
        io.BytesIO(_unknown_layout()), filename=f"{Path(entry.path).name}.report.xlsx",
        local_id="nhse-9", subject="r", workflow_id=REPORT_WORKFLOW_ID,
    )  # fmt: skip
    (found,) = client.read_reports(force=True)
    assert found.kind is ReportKind.NOT_UNDERSTOOD
    assert _row(client)[0] == "not_understood"  # NHS England said something we cannot read
    (kept,) = client.kept_reports()
    Path(kept.saved).unlink()  # a person read it
    assert _row(client)[0] == "accepted"
    assert client.kept_reports() == []
