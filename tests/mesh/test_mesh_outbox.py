"""The durable outbox: allowed and refused transitions, supersession, JSON rows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from gponline_sdk.errors import OutboxError
from gponline_sdk.mesh import Outbox, OutboxState, ReportOutcome


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    box = Outbox(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "week.json"
    path.write_bytes(b'{"records": [1, 2, 3]}')
    return path


def test_add_records_digest_size_and_pending(outbox: Outbox, data_file: Path) -> None:
    entry = outbox.add("2026-W47/oc_record", data_file)
    assert entry.state is OutboxState.PENDING
    assert entry.size == data_file.stat().st_size
    assert len(entry.sha256) == 64
    assert len(entry.local_id) == 32
    assert entry.created_at.tzinfo is not None
    assert outbox.pending() == [entry]


def test_happy_path_transitions_persist(tmp_path: Path, data_file: Path) -> None:
    db = tmp_path / "o.sqlite3"
    with Outbox(db) as outbox:
        entry = outbox.add("k", data_file)
        outbox.mark_sending(entry.local_id)
        outbox.record_message_id(entry.local_id, "M1")
        outbox.mark_sent(entry.local_id, "M1")
        outbox.mark_reported(entry.local_id, ReportOutcome.REJECTED, [{"record": 3, "why": "x"}])
    with Outbox(db) as reopened:
        done = reopened.get(entry.local_id)
    assert done.state is OutboxState.REPORTED
    assert done.message_id == "M1"
    assert done.attempts == 1
    assert done.report_outcome is ReportOutcome.REJECTED
    assert done.report_reasons == ({"record": 3, "why": "x"},)
    assert done.sent_at is not None
    assert done.reported_at is not None


def test_rows_are_json_and_wal_mode(tmp_path: Path, data_file: Path) -> None:
    db = tmp_path / "o.sqlite3"
    with Outbox(db) as outbox:
        entry = outbox.add("k", data_file)
    raw = sqlite3.connect(db)
    try:
        (data,) = raw.execute("SELECT data FROM entries").fetchone()
        (mode,) = raw.execute("PRAGMA journal_mode").fetchone()
    finally:
        raw.close()
    assert json.loads(data)["local_id"] == entry.local_id
    assert mode == "wal"


@pytest.mark.parametrize(
    ("setup", "move"),
    [
        ([], "mark_sent"),
        ([], "mark_unknown"),
        ([], "release"),
        ([], "report"),
        (["sending"], "mark_sending"),
        (["sending"], "report"),
        (["sending", "unknown"], "mark_sending"),
        (["sending", "unknown"], "report"),
        (["sending", "sent"], "mark_unknown"),
        (["sending", "sent"], "mark_sending"),
        (["sending", "sent"], "release"),
        (["sending", "sent", "report"], "mark_sent"),
        (["sending", "sent", "report"], "report"),
    ],
)
def test_illegal_transitions_raise(
    outbox: Outbox, data_file: Path, setup: list[str], move: str
) -> None:
    local_id = outbox.add("k", data_file).local_id
    moves = {
        "sending": lambda: outbox.mark_sending(local_id),
        "mark_sending": lambda: outbox.mark_sending(local_id),
        "unknown": lambda: outbox.mark_unknown(local_id, "e"),
        "mark_unknown": lambda: outbox.mark_unknown(local_id, "e"),
        "sent": lambda: outbox.mark_sent(local_id, "M"),
        "mark_sent": lambda: outbox.mark_sent(local_id, "M"),
        "release": lambda: outbox.release_unknown(local_id, confirm=True),
        "report": lambda: outbox.mark_reported(local_id, ReportOutcome.ACCEPTED),
    }
    for step in setup:
        moves[step]()
    before = outbox.get(local_id)
    with pytest.raises(OutboxError, match="cannot go from"):
        moves[move]()
    assert outbox.get(local_id) == before


def test_unknown_needs_confirmed_release(outbox: Outbox, data_file: Path) -> None:
    local_id = outbox.add("k", data_file).local_id
    outbox.mark_sending(local_id)
    outbox.mark_unknown(local_id, "timeout")
    with pytest.raises(OutboxError, match="confirm=True"):
        outbox.release_unknown(local_id)
    assert outbox.get(local_id).state is OutboxState.UNKNOWN
    assert outbox.release_unknown(local_id, confirm=True).state is OutboxState.PENDING


def test_unknown_to_sent_by_reconcile(outbox: Outbox, data_file: Path) -> None:
    local_id = outbox.add("k", data_file).local_id
    outbox.mark_sending(local_id)
    outbox.mark_unknown(local_id, "timeout")
    assert outbox.mark_sent(local_id, "M9").message_id == "M9"


def test_refused_only_when_not_created(outbox: Outbox, data_file: Path) -> None:
    local_id = outbox.add("k", data_file).local_id
    outbox.mark_sending(local_id)
    outbox.record_message_id(local_id, "M1")
    with pytest.raises(OutboxError):
        outbox.mark_refused(local_id, "x")


def test_newer_entry_supersedes_older(outbox: Outbox, data_file: Path, tmp_path: Path) -> None:
    old = outbox.add("2026-W47/oc_record", data_file)
    other = outbox.add("2026-W47/vc_record", data_file)
    new = outbox.add("2026-W47/oc_record", data_file)
    assert outbox.get(old.local_id).superseded_by == new.local_id
    assert [e.local_id for e in outbox.pending()] == [other.local_id, new.local_id]
    assert outbox.latest("2026-W47/oc_record") == outbox.get(new.local_id)
    with pytest.raises(OutboxError, match="superseded"):
        outbox.mark_sending(old.local_id)


def test_reasons_must_be_json(outbox: Outbox, data_file: Path) -> None:
    local_id = outbox.add("k", data_file).local_id
    outbox.mark_sending(local_id)
    outbox.mark_sent(local_id, "M")
    with pytest.raises(TypeError):
        outbox.mark_reported(local_id, ReportOutcome.ACCEPTED, [object()])
    assert outbox.get(local_id).state is OutboxState.SENT


def test_unknown_local_id(outbox: Outbox) -> None:
    with pytest.raises(OutboxError, match="no entry"):
        outbox.get("nope")
