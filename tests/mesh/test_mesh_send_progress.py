"""Sends report each file's end to a progress callback, whatever became of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gponline_sdk.cli._progress import SendProgress
from gponline_sdk.mesh import MeshTransport, Outbox, OutboxEntry, deliver_pending
from gponline_sdk.reference.sandbox import MeshSandbox

pytestmark = pytest.mark.sandbox


def test_every_entry_is_reported_once_sent_or_not(
    clean_mesh_sandbox: MeshSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for name, size in (("oc_record.json", 70_000), ("oc_aggregate.json", 3_000)):
        path = tmp_path / name
        path.write_bytes(os.urandom(size))
        files.append(path)
    gone = tmp_path / "vc_record.json"
    gone.write_bytes(b"{}")
    seen: list[str] = []
    config = clean_mesh_sandbox.config("X26ABC1", recipient="X26ABC2", max_chunk_size=64 * 1024)
    with Outbox(tmp_path / "outbox.sqlite3") as outbox, MeshTransport(config) as sender:
        ids = [outbox.add(f"2026-W47/{p.stem}", p).local_id for p in (*files, gone)]
        gone.unlink()  # its send fails before MESH is asked: still reported
        with SendProgress(outbox.pending(), show=True) as progress:

            def done(entry: OutboxEntry) -> None:
                seen.append(entry.local_id)
                progress.file_done(entry)

            result = deliver_pending(outbox, sender, on_file=done)
    assert seen == ids
    assert set(result.sent) == set(ids[:2])
    assert result.pending == (ids[2],)
    assert progress.files == 3
    shown = capsys.readouterr().err
    assert "sending" in shown
    assert str(tmp_path) not in shown  # counts and sizes only, never a path


def test_quiet_progress_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "oc_record.json"
    path.write_bytes(b"x" * 10)
    with Outbox(tmp_path / "outbox.sqlite3") as outbox:
        entry = outbox.add("2026-W47/oc_record", path)
        with SendProgress(outbox.pending(), show=False) as progress:
            progress.file_done(entry)
    assert capsys.readouterr().err == ""
