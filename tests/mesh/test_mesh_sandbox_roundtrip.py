"""Against a real mesh-sandbox: send, receive, download, acknowledge, track; interop."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import mesh_client
import pytest

from gponline_sdk.mesh import MeshTransport
from gponline_sdk.reference.sandbox import SANDBOX_PASSWORD, MeshSandbox

pytestmark = pytest.mark.sandbox

SMALL_CHUNK = 64 * 1024


def _transport(sandbox: MeshSandbox, mailbox: str, recipient: str, **opts: object) -> MeshTransport:
    return MeshTransport(sandbox.config(mailbox, recipient=recipient, **opts))


def test_small_file_round_trip(clean_mesh_sandbox: MeshSandbox, tmp_path: Path) -> None:
    src = tmp_path / "week.json"
    src.write_bytes(b'{"records": []}\n')
    local_id = uuid.uuid4().hex
    with _transport(clean_mesh_sandbox, "X26ABC1", "X26ABC2") as sender:
        sender.handshake()
        message_id = sender.send(src, filename="week.json", local_id=local_id, subject="2026-W47/x")
        tracked = sender.track(local_id=local_id)
    assert tracked is not None
    assert tracked.message_id == message_id
    assert tracked.status == "accepted"

    with _transport(clean_mesh_sandbox, "X26ABC2", "X26ABC1") as receiver:
        assert receiver.inbox() == [message_id]
        headers = receiver.headers(message_id)
        assert headers["mex-localid"] == local_id
        assert headers["mex-filename"] == "week.json"
        assert headers["mex-from"] == "X26ABC1"
        assert receiver.download(message_id) == src.read_bytes()
        receiver.acknowledge(message_id)
        assert receiver.inbox() == []


def test_multi_chunk_file_round_trip(clean_mesh_sandbox: MeshSandbox, tmp_path: Path) -> None:
    src = tmp_path / "big.csv"
    src.write_bytes(os.urandom(600 * 1024) + b"a,b,c\n" * 70_000)  # ~1 MB, part incompressible
    local_id = uuid.uuid4().hex
    created: list[str] = []
    with _transport(clean_mesh_sandbox, "X26ABC1", "X26ABC2", max_chunk_size=SMALL_CHUNK) as sender:
        assert sender.chunk_count(src) == 16
        message_id = sender.send(
            src, filename="big.csv", local_id=local_id, subject="s", on_created=created.append
        )
        by_local = sender.track(local_id=local_id)
        by_id = sender.track(message_id=message_id)
    assert created == [message_id]
    assert by_local is not None
    assert by_local.chunk_count == 16
    assert by_local.status == "accepted"
    assert by_id is not None
    assert by_id.message_id == message_id

    with _transport(clean_mesh_sandbox, "X26ABC2", "X26ABC1") as receiver:
        assert receiver.headers(message_id)["mex-chunk-range"] == "1:16"
        out = tmp_path / "received.csv"
        assert receiver.download_to(message_id, out) == src.stat().st_size
        assert out.read_bytes() == src.read_bytes()
        receiver.acknowledge(message_id)
        assert receiver.inbox() == []
        tracked = MeshTransport(clean_mesh_sandbox.config("X26ABC1", recipient="X26ABC2")).track(
            message_id=message_id
        )
    assert tracked is not None
    assert tracked.status == "acknowledged"


def test_track_unknown_local_id_is_none(clean_mesh_sandbox: MeshSandbox) -> None:
    with _transport(clean_mesh_sandbox, "X26ABC1", "X26ABC2") as sender:
        assert sender.track(local_id=uuid.uuid4().hex) is None


def _plain_client(sandbox: MeshSandbox, mailbox: str) -> mesh_client.MeshClient:
    return mesh_client.MeshClient(
        sandbox.url,
        mailbox,
        SANDBOX_PASSWORD,
        shared_key=sandbox.shared_key.encode(),
        max_chunk_size=SMALL_CHUNK,
    )


def test_plain_mesh_client_reads_what_the_sdk_sends(
    clean_mesh_sandbox: MeshSandbox, tmp_path: Path
) -> None:
    src = tmp_path / "chunked.bin"
    src.write_bytes(os.urandom(300 * 1024))
    with _transport(clean_mesh_sandbox, "X26ABC1", "X26ABC2", max_chunk_size=SMALL_CHUNK) as sdk:
        message_id = sdk.send(src, filename="chunked.bin", local_id="L1", subject="interop")
    with _plain_client(clean_mesh_sandbox, "X26ABC2") as client:
        assert client.list_messages() == [message_id]
        message = client.retrieve_message(message_id)
        assert message.local_id == "L1"
        assert message.filename == "chunked.bin"
        assert message.read() == src.read_bytes()
        message.acknowledge()


def test_sdk_reads_what_plain_mesh_client_sends(clean_mesh_sandbox: MeshSandbox) -> None:
    payload = os.urandom(200 * 1024)
    with _plain_client(clean_mesh_sandbox, "X26ABC1") as client:
        message_id = client.send_message(
            "X26ABC2", payload, workflow_id="GPONLINE_OCVC", filename="p.bin", local_id="L2"
        )
    with _transport(clean_mesh_sandbox, "X26ABC2", "X26ABC1") as sdk:
        assert sdk.inbox() == [message_id]
        assert sdk.headers(message_id)["mex-chunk-range"] == "1:4"
        assert sdk.download(message_id) == payload
        sdk.acknowledge(message_id)
        assert sdk.inbox() == []
