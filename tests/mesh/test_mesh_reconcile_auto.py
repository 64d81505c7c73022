"""Reconcile settles what MESH tracking can prove, by itself: nothing lost, nothing sent twice.

Faults are injected before, during and after the create call of a send to the
real mesh-sandbox, by wrapping the transport's `requests.Session`: a call can
fail before it reaches MESH, reach MESH and lose its answer, or fail part-way
through the chunk uploads. After each, reconcile (and the next
`deliver_pending`) must leave exactly one message in the recipient's mailbox,
or, where MESH tracking cannot tell, leave the entry `unknown` with the reason
and send nothing more.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from gponline_sdk.cli.main import main
from gponline_sdk.errors import OutboxError
from gponline_sdk.mesh import MeshTransport, Outbox, OutboxState, deliver_pending, reconcile
from gponline_sdk.mesh.sender import NEVER_CREATED
from gponline_sdk.reference.sandbox import MeshSandbox

pytestmark = pytest.mark.sandbox

CHUNK = 64 * 1024
Call = Callable[[], requests.Response]
# A fault sees (kind of call, the real call) and returns a response or raises.
Fault = Callable[[str, Call], requests.Response]
_CHUNK_URL = re.compile(r"/outbox/[^/]+/(\d+)$")


def _kind(method: str, url: str) -> str:
    if method == "POST" and url.endswith("/outbox"):
        return "create"
    if method == "POST" and (found := _CHUNK_URL.search(url)):
        return f"chunk {found[1]}"
    if method == "GET" and "/outbox/tracking" in url:
        return "track"
    return "other"


def _answer(
    status: int, body: bytes = b'{"errorDescription": "injected fault"}'
) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = body
    resp.headers["Content-Type"] = "application/json"
    return resp


class Mesh:
    """The sender's side of the sandbox, with a fault that can be swapped between runs."""

    def __init__(self, sandbox: MeshSandbox) -> None:
        self.fault: Fault = lambda kind, call: call()
        self.calls: list[str] = []  # kinds of the calls that reached MESH
        self._session = requests.Session()
        real = self._session.request

        def request(method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
            kind = _kind(method.upper(), url)

            def call() -> requests.Response:
                self.calls.append(kind)
                return real(method, url, *args, **kwargs)

            return self.fault(kind, call)

        self._session.request = request  # type: ignore[method-assign,assignment]
        config = sandbox.config("X26ABC1", recipient="X26ABC2", max_chunk_size=CHUNK)
        self.transport = MeshTransport(config, session=self._session)
        receiver_config = sandbox.config("X26ABC2", recipient="X26ABC1")
        self.receiver = MeshTransport(receiver_config)

    def close(self) -> None:
        self.transport.close()
        self.receiver.close()
        self._session.close()

    def delivered(self) -> list[bytes]:
        """Every message in the recipient's mailbox, downloaded."""
        return [self.receiver.download(m) for m in self.receiver.inbox()]


@pytest.fixture
def mesh(clean_mesh_sandbox: MeshSandbox) -> Iterator[Mesh]:
    made = Mesh(clean_mesh_sandbox)
    yield made
    made.close()


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.sqlite3") as box:
        yield box


def _file(tmp_path: Path, chunks: int) -> Path:
    path = tmp_path / f"oc_record_{chunks}.csv"
    path.write_bytes(os.urandom((chunks - 1) * CHUNK + 321))
    return path


# -- faults -------------------------------------------------------------------


def _before_create(error: BaseException | int) -> Fault:
    """The create call fails before it reaches MESH (raised, or a gateway's answer)."""

    def fault(kind: str, call: Call) -> requests.Response:
        if kind != "create":
            return call()
        if isinstance(error, int):
            return _answer(error)
        raise error

    return fault


def _answer_lost(kind: str, call: Call) -> requests.Response:
    """MESH creates the message; its answer never comes back."""
    resp = call()
    if kind == "create":
        resp.close()
        raise requests.exceptions.ReadTimeout("injected: answer lost")
    return resp


def _answer_without_id(kind: str, call: Call) -> requests.Response:
    """MESH creates the message; the answer we get has no message id."""
    resp = call()
    return _answer(202, b"{}") if kind == "create" else resp


def _chunk_fails(error: BaseException | int) -> Fault:
    """Create and chunk 2 go; chunk 3 fails (refused for good, or a bug in our process)."""

    def fault(kind: str, call: Call) -> requests.Response:
        if kind != "chunk 3":
            return call()
        if isinstance(error, int):
            return _answer(error)
        raise error

    return fault


def _tracking_fails(kind: str, call: Call) -> requests.Response:
    return _answer(500) if kind == "track" else call()


def _send_with(mesh: Mesh, outbox: Outbox, fault: Fault) -> None:
    mesh.fault = fault
    # An injected bug: deliver_pending records the entry unknown and re-raises.
    with contextlib.suppress(RuntimeError):
        deliver_pending(outbox, mesh.transport)
    mesh.fault = lambda kind, call: call()


# -- (1) before the create reaches MESH ------------------------------------------


@pytest.mark.parametrize(
    "error",
    [RuntimeError("injected bug"), requests.exceptions.ReadTimeout("injected"), 502],
    ids=["exception-in-our-process", "timeout-before-mesh", "gateway-502"],
)
def test_never_created_is_requeued_by_reconcile_and_sent_once(
    mesh: Mesh, outbox: Outbox, tmp_path: Path, error: BaseException | int
) -> None:
    data = _file(tmp_path, chunks=3)
    local_id = outbox.add("2026-W47/oc_record", data).local_id
    _send_with(mesh, outbox, _before_create(error))
    held = outbox.get(local_id)
    assert held.state is OutboxState.UNKNOWN
    assert held.message_id is None
    assert "create" not in mesh.calls  # the fault stopped it before MESH
    assert mesh.delivered() == []

    settled = reconcile(outbox, mesh.transport)
    requeued = outbox.get(local_id)
    assert settled.requeued == (local_id,)
    assert settled.sent == settled.unknown == ()
    assert requeued.state is OutboxState.PENDING
    assert requeued.last_error == NEVER_CREATED
    assert mesh.delivered() == []  # reconcile itself sends nothing

    result = deliver_pending(outbox, mesh.transport)
    done = outbox.get(local_id)
    assert result.sent == (local_id,)
    assert done.state is OutboxState.SENT
    assert done.attempts == 2
    assert mesh.calls.count("create") == 1
    assert mesh.delivered() == [data.read_bytes()]  # exactly one message


def test_deliver_pending_requeues_and_sends_in_the_same_run(
    mesh: Mesh, outbox: Outbox, tmp_path: Path
) -> None:
    data = _file(tmp_path, chunks=2)
    local_id = outbox.add("2026-W47/vc_record", data).local_id
    _send_with(mesh, outbox, _before_create(requests.exceptions.ReadTimeout("injected")))
    assert outbox.get(local_id).state is OutboxState.UNKNOWN

    result = deliver_pending(outbox, mesh.transport)
    assert result.requeued == (local_id,)
    assert result.sent == (local_id,)
    assert result.unknown == result.pending == ()
    assert outbox.get(local_id).state is OutboxState.SENT
    assert mesh.delivered() == [data.read_bytes()]


# -- (2) the create reaches MESH, its answer is lost --------------------------------


@pytest.mark.parametrize("chunks", [1, 4], ids=["complete", "chunks-missing"])
@pytest.mark.parametrize(
    "fault", [_answer_lost, _answer_without_id], ids=["answer-lost", "no-message-id"]
)
def test_created_but_answer_lost_is_found_and_settled_not_resent(
    mesh: Mesh, outbox: Outbox, tmp_path: Path, chunks: int, fault: Fault
) -> None:
    data = _file(tmp_path, chunks=chunks)
    local_id = outbox.add("2026-W47/oc_record", data).local_id
    _send_with(mesh, outbox, fault)
    held = outbox.get(local_id)
    assert held.state is OutboxState.UNKNOWN
    assert held.message_id is None  # we never learnt it
    assert mesh.calls == ["create"]

    result = deliver_pending(outbox, mesh.transport)
    done = outbox.get(local_id)
    tracked = mesh.transport.track(local_id=local_id)  # one message (else HTTP 300)
    assert tracked is not None
    assert result.sent == (local_id,)
    assert result.requeued == ()
    assert done.state is OutboxState.SENT
    assert done.message_id == tracked.message_id
    assert done.attempts == 1
    assert mesh.calls.count("create") == 1  # no second message
    assert mesh.delivered() == [data.read_bytes()]


# -- (3) after the create, during the chunk uploads ---------------------------------


@pytest.mark.parametrize(
    "error", [400, RuntimeError("injected bug")], ids=["chunk-refused", "exception-mid-chunks"]
)
def test_fault_during_chunks_is_finished_by_reconcile(
    mesh: Mesh, outbox: Outbox, tmp_path: Path, error: BaseException | int
) -> None:
    data = _file(tmp_path, chunks=5)
    local_id = outbox.add("2026-W47/oc_record", data).local_id
    _send_with(mesh, outbox, _chunk_fails(error))
    held = outbox.get(local_id)
    assert held.state is OutboxState.UNKNOWN
    assert held.message_id is not None
    assert mesh.delivered() == []  # incomplete: not delivered yet

    settled = reconcile(outbox, mesh.transport)
    done = outbox.get(local_id)
    assert settled.sent == (local_id,)
    assert settled.requeued == ()
    assert done.state is OutboxState.SENT
    assert done.message_id == held.message_id
    assert mesh.calls.count("create") == 1
    assert mesh.delivered() == [data.read_bytes()]


# -- (4) when MESH tracking cannot tell -----------------------------------------------


@pytest.mark.parametrize("created", [False, True], ids=["never-created", "created"])
def test_tracking_fails_entry_stays_unknown_with_the_reason(
    mesh: Mesh, outbox: Outbox, tmp_path: Path, created: bool
) -> None:
    data = _file(tmp_path, chunks=1)
    local_id = outbox.add("2026-W47/oc_record", data).local_id
    first_fault = _answer_lost if created else _before_create(requests.ConnectionError("x"))
    _send_with(mesh, outbox, first_fault)
    assert outbox.get(local_id).state is OutboxState.UNKNOWN
    before = len(mesh.delivered())
    assert before == (1 if created else 0)

    mesh.fault = _tracking_fails
    result = deliver_pending(outbox, mesh.transport)
    held = outbox.get(local_id)
    assert result.unknown == (local_id,)
    assert result.requeued == result.sent == ()
    assert held.state is OutboxState.UNKNOWN
    assert held.last_error is not None
    assert held.last_error.startswith("MESH tracking failed")
    assert "HTTP 500" in held.last_error
    assert len(mesh.delivered()) == before  # nothing sent on a guess

    mesh.fault = lambda kind, call: call()  # tracking answers again: settled either way
    settled = deliver_pending(outbox, mesh.transport)
    assert settled.sent == (local_id,)
    assert settled.requeued == (() if created else (local_id,))
    assert mesh.calls.count("create") == 1
    assert mesh.delivered() == [data.read_bytes()]


def test_two_messages_with_the_local_id_stay_unknown(
    mesh: Mesh, outbox: Outbox, tmp_path: Path
) -> None:
    data = _file(tmp_path, chunks=1)
    entry = outbox.add("2026-W47/oc_record", data)
    outbox.mark_sending(entry.local_id)
    for _ in range(2):  # e.g. a copy sent by hand with the same local id
        mesh.transport.send(data, filename="f.csv", local_id=entry.local_id, subject=entry.key)
    outbox.mark_unknown(entry.local_id, "answer lost")

    result = deliver_pending(outbox, mesh.transport)
    held = outbox.get(entry.local_id)
    assert result.unknown == (entry.local_id,)
    assert held.state is OutboxState.UNKNOWN
    assert held.last_error is not None
    assert "more than one message has this local id" in held.last_error
    assert len(mesh.delivered()) == 2  # and no third


def test_created_id_that_tracking_no_longer_finds_stays_unknown(
    mesh: Mesh, outbox: Outbox, tmp_path: Path
) -> None:
    data = _file(tmp_path, chunks=2)
    entry = outbox.add("2026-W47/oc_record", data)
    outbox.mark_sending(entry.local_id)
    outbox.record_message_id(entry.local_id, "20261127000000000000_GONE01")
    outbox.mark_unknown(entry.local_id, "chunk upload failed")

    result = deliver_pending(outbox, mesh.transport)
    held = outbox.get(entry.local_id)
    assert result.unknown == (entry.local_id,)
    assert result.requeued == ()
    assert held.state is OutboxState.UNKNOWN
    assert held.last_error is not None
    assert "20261127000000000000_GONE01" in held.last_error
    assert "release_unknown(confirm=True)" in held.last_error
    assert mesh.calls.count("create") == 0
    assert mesh.delivered() == []


# -- the outbox move ---------------------------------------------------------------------


def test_mark_never_created_only_from_unknown_without_message_id(
    outbox: Outbox, tmp_path: Path
) -> None:
    data = _file(tmp_path, chunks=1)
    local_id = outbox.add("k", data).local_id
    with pytest.raises(OutboxError, match="is pending"):
        outbox.mark_never_created(local_id, "why")
    outbox.mark_sending(local_id)
    with pytest.raises(OutboxError, match="is sending"):
        outbox.mark_never_created(local_id, "why")
    outbox.record_message_id(local_id, "M1")
    outbox.mark_unknown(local_id, "chunks failed")
    before = outbox.get(local_id)
    with pytest.raises(OutboxError, match="message id M1"):
        outbox.mark_never_created(local_id, "why")
    assert outbox.get(local_id) == before

    other = outbox.add("k2", data).local_id
    outbox.mark_sending(other)
    outbox.mark_unknown(other, "timeout")
    moved = outbox.mark_never_created(other, "never created")
    assert moved.state is OutboxState.PENDING
    assert moved.last_error == "never created"
    assert moved.attempts == 1
    assert outbox.get(other) == moved


# -- the command line --------------------------------------------------------------------


def test_cli_reconcile_says_what_it_requeued_and_why(
    clean_mesh_sandbox: MeshSandbox,
    mesh: Mesh,
    outbox: Outbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    never = outbox.add("2026-W47/oc_record", _file(tmp_path, chunks=1)).local_id
    _send_with(mesh, outbox, _before_create(requests.exceptions.ReadTimeout("injected")))
    doubtful = outbox.add("2026-W47/vc_record", _file(tmp_path, chunks=2)).local_id
    outbox.mark_sending(doubtful)
    outbox.record_message_id(doubtful, "20261127000000000000_GONE02")
    outbox.mark_unknown(doubtful, "chunk upload failed")
    settings = tmp_path / "gponline.toml"
    settings.write_text(
        "[mesh]\n"
        f'url = "{clean_mesh_sandbox.url}"\nmailbox = "X26ABC1"\npassword = "password"\n'
        f'shared_key = "{clean_mesh_sandbox.shared_key}"\nrecipient = "X26ABC2"\n'
    )
    code = main(["report", "reconcile", "--config", str(settings), "--outbox", str(outbox.path)])
    out = capsys.readouterr().out
    assert code == 4  # one entry is still unknown
    assert "settled 0, requeued 1 (never created), still unknown 1" in out
    assert "never created" in out
    assert f"still unknown {doubtful}: MESH created message 20261127000000000000_GONE02" in out
    assert outbox.get(never).state is OutboxState.PENDING
    assert outbox.get(doubtful).state is OutboxState.UNKNOWN
    assert mesh.delivered() == []  # reconcile sends nothing; submit does
