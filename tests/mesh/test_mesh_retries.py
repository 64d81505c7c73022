"""Failure sequences a real MESH will not produce on demand, replayed with `responses`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import requests
import responses
import urllib3.exceptions

from gponline_sdk.errors import (
    MeshAuthError,
    MeshDeadlineExceeded,
    MeshError,
    MeshOutcomeUnknown,
)
from gponline_sdk.mesh import (
    MeshConfig,
    MeshTransport,
    Outbox,
    OutboxState,
    RetryPolicy,
    Secret,
    deliver_pending,
)

BASE = "http://127.0.0.1:9"
OUTBOX = f"{BASE}/messageexchange/X26ABC1/outbox"
CHUNK = 1024


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def transport(fake_time: FakeTime) -> MeshTransport:
    config = MeshConfig(
        url=BASE,
        mailbox="X26ABC1",
        password=Secret("pw-not-real"),
        shared_key=Secret("key-not-real"),
        recipient="X26ABC2",
        max_chunk_size=CHUNK,
        deadline=60.0,
    )
    policy = RetryPolicy(sleep=fake_time.sleep, clock=fake_time.clock, rng=random.Random(7))
    return MeshTransport(config, policy=policy)


@pytest.fixture
def three_chunks(tmp_path: Path) -> Path:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * (2 * CHUNK + 10))
    return path


def _created() -> None:
    responses.add(responses.POST, OUTBOX, json={"message_id": "MSG1"}, status=202)


def _chunk_url(n: int) -> str:
    return f"{OUTBOX}/MSG1/{n}"


def _posts_to(url: str) -> int:
    return sum(1 for c in responses.calls if c.request.url == url)


@responses.activate
def test_chunk_503_twice_then_202_succeeds(
    transport: MeshTransport, three_chunks: Path, fake_time: FakeTime
) -> None:
    _created()
    responses.add(responses.POST, _chunk_url(2), status=503)
    responses.add(responses.POST, _chunk_url(2), status=503)
    responses.add(responses.POST, _chunk_url(2), status=202)
    responses.add(responses.POST, _chunk_url(3), status=202)
    assert transport.send(three_chunks, filename="f", local_id="L", subject="s") == "MSG1"
    assert _posts_to(OUTBOX) == 1
    assert _posts_to(_chunk_url(2)) == 3
    assert _posts_to(_chunk_url(3)) == 1
    assert len(fake_time.sleeps) == 2
    # full jitter: each wait is within [0, base * 2**(attempt-1)]
    assert 0 <= fake_time.sleeps[0] <= 0.5
    assert 0 <= fake_time.sleeps[1] <= 1.0
    sent = [c.request for c in responses.calls if c.request.url == _chunk_url(2)][-1]
    assert sent.headers["mex-Chunk-Range"] == "2:3"
    assert sent.headers["Content-Encoding"] == "gzip"


@responses.activate
def test_429_retry_after_is_honoured(
    transport: MeshTransport, three_chunks: Path, fake_time: FakeTime
) -> None:
    _created()
    responses.add(responses.POST, _chunk_url(2), status=429, headers={"Retry-After": "7"})
    responses.add(responses.POST, _chunk_url(2), status=202)
    responses.add(responses.POST, _chunk_url(3), status=202)
    transport.send(three_chunks, filename="f", local_id="L", subject="s")
    assert fake_time.sleeps == [7.0]


@responses.activate
def test_chunk_connection_error_is_retried(
    transport: MeshTransport, three_chunks: Path, fake_time: FakeTime
) -> None:
    _created()
    responses.add(responses.POST, _chunk_url(2), body=requests.ConnectionError("reset"))
    responses.add(responses.POST, _chunk_url(2), status=202)
    responses.add(responses.POST, _chunk_url(3), status=202)
    transport.send(three_chunks, filename="f", local_id="L", subject="s")
    assert _posts_to(_chunk_url(2)) == 2
    assert len(fake_time.sleeps) == 1


@responses.activate
def test_403_on_create_is_auth_error_with_one_request(
    transport: MeshTransport, three_chunks: Path
) -> None:
    responses.add(responses.POST, OUTBOX, status=403)
    with pytest.raises(MeshAuthError) as info:
        transport.send(three_chunks, filename="f", local_id="L", subject="s")
    assert len(responses.calls) == 1
    assert info.value.status == 403
    assert "X26ABC1" in str(info.value)


@responses.activate
def test_401_on_chunk_is_not_retried(
    transport: MeshTransport, three_chunks: Path, fake_time: FakeTime
) -> None:
    _created()
    responses.add(responses.POST, _chunk_url(2), status=401)
    with pytest.raises(MeshAuthError):
        transport.send(three_chunks, filename="f", local_id="L", subject="s")
    assert _posts_to(_chunk_url(2)) == 1
    assert fake_time.sleeps == []


@pytest.mark.parametrize(
    "failure",
    [requests.exceptions.ReadTimeout("slow"), requests.ConnectionError("aborted"), 500, 503],
    ids=["read-timeout", "dropped", "http-500", "http-503"],
)
@responses.activate
def test_create_failure_is_outcome_unknown_and_never_retried(
    transport: MeshTransport, tmp_path: Path, three_chunks: Path, failure: object
) -> None:
    if isinstance(failure, int):
        responses.add(responses.POST, OUTBOX, status=failure)
    else:
        responses.add(responses.POST, OUTBOX, body=failure)  # type: ignore[arg-type]
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        entry = outbox.add("2026-W47/oc_record", three_chunks)
        result = deliver_pending(outbox, transport)
        after = outbox.get(entry.local_id)
    assert result.unknown == (entry.local_id,)
    assert after.state is OutboxState.UNKNOWN
    assert after.attempts == 1
    assert _posts_to(OUTBOX) == 1
    assert len(responses.calls) == 1


@responses.activate
def test_create_timeout_raises_outcome_unknown_carrying_local_id(
    transport: MeshTransport, three_chunks: Path
) -> None:
    responses.add(responses.POST, OUTBOX, body=requests.exceptions.ReadTimeout("slow"))
    with pytest.raises(MeshOutcomeUnknown, match="local id L-42"):
        transport.send(three_chunks, filename="f", local_id="L-42", subject="s")
    assert len(responses.calls) == 1


@responses.activate
def test_create_never_connected_goes_back_to_pending(
    transport: MeshTransport, tmp_path: Path, three_chunks: Path
) -> None:
    refused = urllib3.exceptions.NewConnectionError(None, "refused")  # type: ignore[arg-type]
    responses.add(responses.POST, OUTBOX, body=requests.ConnectionError(refused))
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        entry = outbox.add("k", three_chunks)
        result = deliver_pending(outbox, transport)
        after = outbox.get(entry.local_id)
    assert result.pending == (entry.local_id,)
    assert after.state is OutboxState.PENDING
    assert after.last_error is not None
    assert "could not connect" in after.last_error


@responses.activate
def test_deadline_exceeded_on_endless_503(
    transport: MeshTransport, three_chunks: Path, fake_time: FakeTime
) -> None:
    _created()
    responses.add(responses.POST, _chunk_url(2), status=503)
    with pytest.raises(MeshDeadlineExceeded):
        transport.send(three_chunks, filename="f", local_id="L", subject="s")
    assert sum(fake_time.sleeps) < 60.0
    assert _posts_to(_chunk_url(2)) == len(fake_time.sleeps) + 1
    assert _posts_to(OUTBOX) == 1


@responses.activate
def test_retry_after_beyond_deadline_gives_up_without_sleeping(
    transport: MeshTransport, three_chunks: Path, fake_time: FakeTime
) -> None:
    _created()
    responses.add(responses.POST, _chunk_url(2), status=503, headers={"Retry-After": "3600"})
    with pytest.raises(MeshDeadlineExceeded):
        transport.send(three_chunks, filename="f", local_id="L", subject="s")
    assert fake_time.sleeps == []


@responses.activate
def test_chunk_failure_after_create_leaves_entry_unknown_with_message_id(
    transport: MeshTransport, tmp_path: Path, three_chunks: Path
) -> None:
    _created()
    responses.add(responses.POST, _chunk_url(2), status=400, json={"errorDescription": "bad"})
    with Outbox(tmp_path / "o.sqlite3") as outbox:
        entry = outbox.add("k", three_chunks)
        result = deliver_pending(outbox, transport)
        after = outbox.get(entry.local_id)
    assert result.unknown == (entry.local_id,)
    assert after.state is OutboxState.UNKNOWN
    assert after.message_id == "MSG1"


@responses.activate
def test_refused_create_is_mesh_error_not_unknown(
    transport: MeshTransport, three_chunks: Path
) -> None:
    responses.add(
        responses.POST, OUTBOX, status=417, json={"errorDescription": "Unregistered recipient"}
    )
    with pytest.raises(MeshError) as info:
        transport.send(three_chunks, filename="f", local_id="L", subject="s")
    assert not isinstance(info.value, MeshOutcomeUnknown)
    assert info.value.status == 417
    assert "Unregistered recipient" in str(info.value)
