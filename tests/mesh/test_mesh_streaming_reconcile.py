"""Memory stays flat in file size; reconcile refuses to finish a changed file."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import responses

from gponline_sdk.mesh import (
    MeshConfig,
    MeshTransport,
    Outbox,
    OutboxState,
    Secret,
    TrackingInfo,
    reconcile,
)

BASE = "http://127.0.0.1:9"
OUTBOX = f"{BASE}/messageexchange/X26ABC1/outbox"


@responses.activate
def test_send_memory_is_flat_in_file_size(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as fh:
        fh.truncate(32 * 1024 * 1024)  # 32 MiB on disk
    chunk = 256 * 1024
    responses.add(responses.POST, OUTBOX, json={"message_id": "M"}, status=202)
    responses.add(responses.POST, re.compile(re.escape(OUTBOX) + r"/M/\d+"), status=202)
    config = MeshConfig(
        url=BASE,
        mailbox="X26ABC1",
        password=Secret("p"),
        shared_key=Secret("k"),
        recipient="X26ABC2",
        max_chunk_size=chunk,
    )
    with MeshTransport(config) as transport:
        tracemalloc.start()
        try:
            transport.send(big, filename="big.bin", local_id="L", subject="s")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert len(responses.calls) == 128
    assert peak < 8 * chunk  # a few chunks' worth, not 32 MiB


class _UploadingTransport:
    def __init__(self) -> None:
        self.uploads: list[str] = []

    def send(self, source: str, **kwargs: object) -> str:  # pragma: no cover - unused
        raise AssertionError("reconcile must not send")

    def upload_chunks(self, source: str, *, message_id: str, first: int = 2) -> int:
        self.uploads.append(message_id)
        return 3

    def chunk_count(self, source: str) -> int:
        return 3

    def track(
        self, *, message_id: str | None = None, local_id: str | None = None
    ) -> TrackingInfo | None:
        return TrackingInfo(message_id="M7", local_id=local_id, status="uploading", chunk_count=3)


def _unknown_entry(outbox: Outbox, path: Path) -> str:
    local_id = outbox.add("k", path).local_id
    outbox.mark_sending(local_id)
    outbox.mark_unknown(local_id, "crash")
    return local_id


def test_reconcile_finishes_an_unchanged_upload(tmp_path: Path) -> None:
    data = tmp_path / "d.bin"
    data.write_bytes(b"abc")
    fake = _UploadingTransport()
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        local_id = _unknown_entry(outbox, data)
        result = reconcile(outbox, fake)  # type: ignore[arg-type]
        assert outbox.get(local_id).state is OutboxState.SENT
    assert result.sent == (local_id,)
    assert fake.uploads == ["M7"]


def test_reconcile_refuses_a_changed_file(tmp_path: Path) -> None:
    data = tmp_path / "d.bin"
    data.write_bytes(b"abc")
    fake = _UploadingTransport()
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        local_id = _unknown_entry(outbox, data)
        data.write_bytes(b"abd")
        result = reconcile(outbox, fake)  # type: ignore[arg-type]
        entry = outbox.get(local_id)
    assert result.unknown == (local_id,)
    assert entry.state is OutboxState.UNKNOWN
    assert entry.last_error is not None
    assert "changed" in entry.last_error
    assert fake.uploads == []
