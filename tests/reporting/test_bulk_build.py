"""Bulk catch-up: the multi-week build, the mailboxes, and the TEST-then-LIVE-once gate.

The gate is exercised here on a real outbox without MESH (entries moved by
hand as a send and a report would move them); test_bulk_flow.py runs it
end to end on mesh-sandbox.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from _bulk_data import FIRST, LAST, SUPPLIER, build

from gponline_sdk.errors import ConfigError
from gponline_sdk.mesh import Outbox, OutboxEntry, OutboxState, ReportOutcome
from gponline_sdk.models import DataType, ReportingPeriod
from gponline_sdk.national import active_profile
from gponline_sdk.reporting.bulk import (
    BulkEnvironment,
    BulkMailboxes,
    BulkManifest,
    BulkRefused,
    bulk_types,
    bulk_weeks,
    check_live_allowed,
    normalise_mailbox,
    queue_bulk,
    write_manifest,
)


def _periods(path: Path) -> list[tuple[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [(row["period_start"], row["period_end"]) for row in csv.DictReader(fh)]


def test_a_bulk_build_writes_one_csv_per_type_over_every_week(tmp_path: Path) -> None:
    built = build(tmp_path)
    assert built.clean
    by_type = {f.data_type: f for f in built.files}
    # Six types are taken; this data has no incidents, and VC practice is never written.
    assert set(by_type) == {
        DataType.OC_RECORD,
        DataType.OC_AGGREGATE,
        DataType.OC_PRACTICE,
        DataType.VC_RECORD,
        DataType.VC_AGGREGATE,
    }
    assert built.empty == [DataType.INCIDENT]
    assert built.not_taken == 3  # A81001's VC practice row, once a week
    assert built.outside_range == 1  # REQ-EARLY, the Friday before the range
    record_file = by_type[DataType.OC_RECORD]
    assert record_file.path.name == f"{SUPPLIER}_oc_record_bulk_2026-W45_2026-W47.csv"
    assert record_file.path.parent == tmp_path
    assert record_file.records == 24
    assert record_file.weeks == 3
    weeks = [(p.start.isoformat(), p.end.isoformat()) for p in bulk_weeks(FIRST, LAST)]
    assert sorted(set(_periods(record_file.path))) == weeks
    # B82002 installed OC in week two: its practice row appears from that week on.
    assert _periods(by_type[DataType.OC_PRACTICE].path).count(weeks[0]) == 1
    assert by_type[DataType.OC_PRACTICE].records == 5
    assert all(f.validation.period is None for f in built.files)  # many weeks, no one period
    assert not list(tmp_path.glob(".bulk-staging-*"))


def test_the_bulk_route_takes_six_types_and_not_vc_practice() -> None:
    assert DataType.VC_PRACTICE not in bulk_types()
    assert set(bulk_types()) == set(DataType) - {DataType.VC_PRACTICE}
    assert active_profile().workflow("bulk") == "BULK_UPLOAD"


def test_a_backwards_or_huge_range_is_refused() -> None:
    with pytest.raises(ConfigError, match="before"):
        bulk_weeks(LAST, FIRST)
    with pytest.raises(ConfigError, match="at most"):
        bulk_weeks(ReportingPeriod.from_iso_week("2000-W01"), LAST)


def test_mailboxes_come_from_the_profile_and_the_published_misspelling_is_read() -> None:
    default = BulkMailboxes.resolve()
    assert default.test == "X26OT213"
    assert normalise_mailbox("X260T213") == "X26OT213"
    assert BulkMailboxes.resolve(test="x260t213").test == "X26OT213"
    with pytest.raises(ConfigError, match="assigned at onboarding"):
        default.for_environment(BulkEnvironment.LIVE)
    assert BulkMailboxes.resolve(live="X26ABC3").for_environment(BulkEnvironment.LIVE) == "X26ABC3"
    with pytest.raises(ConfigError, match="mailbox ID"):
        BulkMailboxes.resolve(test="X26 OT2!")


MAILBOXES = BulkMailboxes(test="X26ABC2", live="X26ABC3")


def _send_and_report(
    outbox: Outbox, entries: list[OutboxEntry], reasons: tuple[str, ...] = ()
) -> None:
    for n, entry in enumerate(entries):
        outbox.mark_sending(entry.local_id)
        outbox.mark_sent(entry.local_id, f"MSG-{entry.local_id[:8]}-{n}")
        outbox.mark_reported(entry.local_id, ReportOutcome.ACCEPTED, list(reasons))


def test_live_waits_for_a_clean_test_report_then_goes_once(tmp_path: Path) -> None:
    write_manifest(build(tmp_path / "bulk"), tmp_path / "bulk")
    manifest = BulkManifest.read(tmp_path / "bulk")
    with Outbox(tmp_path / "outbox.sqlite") as outbox:
        with pytest.raises(BulkRefused, match="not sent to TEST"):
            queue_bulk(outbox, manifest, BulkEnvironment.LIVE, MAILBOXES)
        test = queue_bulk(outbox, manifest, BulkEnvironment.TEST, MAILBOXES)
        assert {(e.workflow_id, e.recipient) for e in test} == {("BULK_UPLOAD", "X26ABC2")}
        assert len(test) == len(manifest.files)
        with pytest.raises(BulkRefused, match="report not back yet"):
            check_live_allowed(outbox, manifest)
        _send_and_report(outbox, test)
        live = queue_bulk(outbox, manifest, BulkEnvironment.LIVE, MAILBOXES)
        assert {(e.workflow_id, e.recipient) for e in live} == {("BULK_UPLOAD", "X26ABC3")}
        # Not sent yet: asking again resumes the same entries rather than queueing twice.
        again = queue_bulk(outbox, manifest, BulkEnvironment.LIVE, MAILBOXES)
        assert [e.local_id for e in again] == [e.local_id for e in live]
        outbox.mark_sending(live[0].local_id)  # the LIVE upload has begun: the flag is set
        for env in BulkEnvironment:
            with pytest.raises(BulkRefused, match="already made"):
                queue_bulk(outbox, manifest, env, MAILBOXES)
        assert outbox.get(live[0].local_id).state is OutboxState.SENDING


def test_a_test_report_with_record_rejections_keeps_live_refused(tmp_path: Path) -> None:
    write_manifest(build(tmp_path / "bulk"), tmp_path / "bulk")
    manifest = BulkManifest.read(tmp_path / "bulk")
    with Outbox(tmp_path / "outbox.sqlite") as outbox:
        test = queue_bulk(outbox, manifest, BulkEnvironment.TEST, MAILBOXES)
        _send_and_report(outbox, test, reasons=("2 record(s): practice_not_participating",))
        with pytest.raises(BulkRefused, match="practice_not_participating"):
            queue_bulk(outbox, manifest, BulkEnvironment.LIVE, MAILBOXES)
        assert not [e for e in outbox.entries() if e.key.startswith("bulk-live:")]


def test_files_changed_since_the_build_are_not_sent(tmp_path: Path) -> None:
    built = build(tmp_path / "bulk")
    write_manifest(built, tmp_path / "bulk")
    with built.files[0].path.open("ab") as fh:
        fh.write(b"tampered\r\n")
    with Outbox(tmp_path / "outbox.sqlite") as outbox, pytest.raises(ConfigError, match="changed"):
        queue_bulk(outbox, BulkManifest.read(tmp_path / "bulk"), BulkEnvironment.TEST, MAILBOXES)


def test_outbox_rows_written_before_per_entry_routing_still_load(tmp_path: Path) -> None:
    with Outbox(tmp_path / "outbox.sqlite") as outbox:
        (tmp_path / "f.csv").write_text("x\r\n")
        entry = outbox.add("2026-W47/oc_record", tmp_path / "f.csv")
        old = json.loads(entry.to_json())
        del old["workflow_id"], old["recipient"]  # a row from before the fields existed
        loaded = OutboxEntry.from_json(json.dumps(old))
        assert (loaded.workflow_id, loaded.recipient) == (None, None)
        assert loaded.local_id == entry.local_id
