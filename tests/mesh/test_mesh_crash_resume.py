"""A sender killed mid-send (SIGKILL): nothing lost, nothing sent twice unrecorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from gponline_sdk.mesh import MeshTransport, Outbox, OutboxState, deliver_pending
from gponline_sdk.reference.sandbox import MeshSandbox

pytestmark = pytest.mark.sandbox

SCRIPT = Path(__file__).with_name("_crash_sender.py")
CHUNK = 64 * 1024


def _crash(db: Path, sandbox: MeshSandbox, mode: str) -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(db), sandbox.url, sandbox.shared_key, mode],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()


def _inbox_of_recipient(sandbox: MeshSandbox) -> tuple[MeshTransport, list[str]]:
    receiver = MeshTransport(sandbox.config("X26ABC2", recipient="X26ABC1"))
    return receiver, receiver.inbox()


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "oc_record.csv"
    path.write_bytes(os.urandom(10 * CHUNK + 123))  # 11 chunks
    return path


@pytest.mark.parametrize("mode", ["after-create", "mid-chunks"])
def test_killed_after_create_is_reconciled_and_finished(
    clean_mesh_sandbox: MeshSandbox, tmp_path: Path, data_file: Path, mode: str
) -> None:
    db = tmp_path / "outbox.sqlite3"
    with Outbox(db) as outbox:
        local_id = outbox.add("2026-W47/oc_record", data_file).local_id
    _crash(db, clean_mesh_sandbox, mode)

    with Outbox(db) as outbox:
        left = outbox.get(local_id)
        assert left.state is OutboxState.SENDING
        assert (left.message_id is not None) == (mode == "mid-chunks")
        _, inbox = _inbox_of_recipient(clean_mesh_sandbox)
        assert inbox == []  # created but incomplete: not delivered yet

        config = clean_mesh_sandbox.config("X26ABC1", recipient="X26ABC2", max_chunk_size=CHUNK)
        with MeshTransport(config) as sender:
            tracked = sender.track(local_id=local_id)
            assert tracked is not None
            assert tracked.status == "uploading"
            result = deliver_pending(outbox, sender)
            assert sender.track(local_id=local_id) is not None  # exactly one (else HTTP 300)
        done = outbox.get(local_id)

    assert result.sent == (local_id,)
    assert done.state is OutboxState.SENT
    assert done.message_id == tracked.message_id
    assert done.attempts == 1
    receiver, inbox = _inbox_of_recipient(clean_mesh_sandbox)
    assert inbox == [done.message_id]
    assert receiver.download(done.message_id) == data_file.read_bytes()


def test_killed_before_create_is_requeued_and_sent_once(
    clean_mesh_sandbox: MeshSandbox, tmp_path: Path, data_file: Path
) -> None:
    db = tmp_path / "outbox.sqlite3"
    with Outbox(db) as outbox:
        local_id = outbox.add("2026-W47/oc_record", data_file).local_id
    _crash(db, clean_mesh_sandbox, "before-create")

    config = clean_mesh_sandbox.config("X26ABC1", recipient="X26ABC2", max_chunk_size=CHUNK)
    with Outbox(db) as outbox, MeshTransport(config) as sender:
        left = outbox.get(local_id)
        assert left.state is OutboxState.SENDING
        assert left.message_id is None
        assert sender.track(local_id=local_id) is None  # MESH never saw it
        # One run: recovered to unknown, found never created, requeued, sent.
        result = deliver_pending(outbox, sender)
        done = outbox.get(local_id)
        assert sender.track(local_id=local_id) is not None  # exactly one (else HTTP 300)

    assert result.requeued == (local_id,)
    assert result.sent == (local_id,)
    assert result.unknown == ()
    assert done.state is OutboxState.SENT
    assert done.attempts == 2
    receiver, inbox = _inbox_of_recipient(clean_mesh_sandbox)
    assert inbox == [done.message_id]
    assert receiver.download(inbox[0]) == data_file.read_bytes()
