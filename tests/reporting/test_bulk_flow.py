"""Bulk catch-up end to end on mesh-sandbox: TEST first, LIVE only after a clean report, once.

Two reference collectors play NHS England's bulk mailboxes: X26ABC2 as TEST
and X26ABC3 as LIVE (given as settings, the shipped profile is untouched).
The supplier is X26ABC1. Reports come back to it and are linked by
`ReportingClient.read_reports`; the gate reads only the outbox entries'
report outcome and reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _bulk_data import build

from gponline_sdk.mesh import MeshTransport, Outbox, OutboxState, ReportOutcome
from gponline_sdk.national import active_profile
from gponline_sdk.reference.collector import Collector
from gponline_sdk.reference.sandbox import MeshSandbox
from gponline_sdk.reporting.bulk import (
    BulkEnvironment,
    BulkMailboxes,
    BulkManifest,
    BulkRefused,
    send_bulk,
    write_manifest,
)
from gponline_sdk.reporting.client import ReportingClient
from gponline_sdk.reporting.submission_report import SubmissionOutcome

pytestmark = pytest.mark.sandbox

MAILBOXES = BulkMailboxes.resolve(test="X26ABC2", live="X26ABC3")
BULK = active_profile().workflow("bulk")


@pytest.fixture
def collectors(clean_mesh_sandbox: MeshSandbox, tmp_path: Path) -> Iterator[dict[str, Collector]]:
    made: dict[str, Collector] = {}
    for env, mailbox in (("test", MAILBOXES.test), ("live", MAILBOXES.live)):
        assert mailbox is not None
        transport = MeshTransport(clean_mesh_sandbox.config(mailbox, recipient="X26ABC1"))
        made[env] = Collector(
            transport,
            tmp_path / f"nhse-{env}.sqlite",
            work_dir=tmp_path / f"nhse-{env}",
            participating=frozenset({"A81001", "B82002"}),
            workflows={BULK},
        )
    yield made
    for collector in made.values():
        collector.close()
        collector.transport.close()


@pytest.fixture
def client(clean_mesh_sandbox: MeshSandbox, tmp_path: Path) -> Iterator[ReportingClient]:
    # The weekly recipient is not used by bulk entries: each carries its own.
    config = clean_mesh_sandbox.config("X26ABC1", recipient="X26ABC1")
    with Outbox(tmp_path / "outbox.sqlite") as outbox, ReportingClient(config, outbox) as c:
        yield c


def _manifest(tmp_path: Path, *, extra_practice: str | None = None) -> BulkManifest:
    out = tmp_path / "bulk"
    write_manifest(build(out, extra_practice=extra_practice), out)
    return BulkManifest.read(out)


def _send(client: ReportingClient, manifest: BulkManifest, env: BulkEnvironment) -> int:
    entries, result = send_bulk(
        client.outbox, client.transport, manifest, env, MAILBOXES, allow_record_rejections=True
    )
    assert set(result.sent) == {e.local_id for e in entries}
    return len(entries)


def test_bulk_goes_to_test_then_live_once(
    tmp_path: Path, client: ReportingClient, collectors: dict[str, Collector]
) -> None:
    manifest = _manifest(tmp_path)
    with pytest.raises(BulkRefused, match="not sent to TEST"):
        send_bulk(client.outbox, client.transport, manifest, BulkEnvironment.LIVE, MAILBOXES)

    sent = _send(client, manifest, BulkEnvironment.TEST)
    assert collectors["live"].process_inbox() == []  # nothing went to LIVE
    with pytest.raises(BulkRefused, match="report not back yet"):
        send_bulk(client.outbox, client.transport, manifest, BulkEnvironment.LIVE, MAILBOXES)
    test_reports = collectors["test"].process_inbox()
    assert [r.outcome for r in test_reports] == [SubmissionOutcome.ACCEPTED] * sent
    assert all(r.validation.records_rejected == 0 for r in test_reports)
    assert len(client.read_reports(force=True)) == sent
    test_entries = [e for e in client.outbox.entries() if e.key.startswith("bulk-test:")]
    assert {(e.state, e.report_outcome) for e in test_entries} == {
        (OutboxState.REPORTED, ReportOutcome.ACCEPTED)
    }

    assert _send(client, manifest, BulkEnvironment.LIVE) == sent
    live_reports = collectors["live"].process_inbox()
    assert [r.outcome for r in live_reports] == [SubmissionOutcome.ACCEPTED] * sent
    assert {r.file_name for r in live_reports} == {f.name for f in manifest.files}
    assert len(client.read_reports(force=True)) == sent

    with pytest.raises(BulkRefused, match="already made"):
        send_bulk(client.outbox, client.transport, manifest, BulkEnvironment.LIVE, MAILBOXES)
    assert collectors["live"].process_inbox() == []  # the refused second upload sent nothing
    # The collector stored the accepted rows of every week (the bulk rules took them).
    stored = collectors["live"].submissions()
    assert {s["outcome"] for s in stored} == {"accepted"}
    assert all(s["week"] is None for s in stored)  # many weeks: not one week's latest


def test_a_dirty_test_report_keeps_live_refused(
    tmp_path: Path, client: ReportingClient, collectors: dict[str, Collector]
) -> None:
    # Built without the participation filter: C83003 is not on the collector's list.
    manifest = _manifest(tmp_path, extra_practice="C83003")
    _send(client, manifest, BulkEnvironment.TEST)
    reports = collectors["test"].process_inbox()
    assert any(r.validation.records_rejected for r in reports)
    client.read_reports(force=True)
    with pytest.raises(BulkRefused, match="TEST report accepted with rejections"):
        send_bulk(client.outbox, client.transport, manifest, BulkEnvironment.LIVE, MAILBOXES)
    assert collectors["live"].process_inbox() == []
