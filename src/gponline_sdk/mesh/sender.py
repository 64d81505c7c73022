"""Move outbox entries through MESH: send what is pending, reconcile what is unknown.

The rule is: nothing lost, nothing sent twice without a record. Every send is
recorded as `sending` before the create POST; after a crash those entries are
found, marked `unknown` and reconciled against MESH's tracking by local ID.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import attrs

from gponline_sdk.errors import MeshAuthError, MeshError, MeshOutcomeUnknown, OutboxError
from gponline_sdk.mesh.outbox import Outbox, OutboxEntry, OutboxState, file_digest
from gponline_sdk.mesh.transport import TrackingInfo

__all__ = ["DeliveryResult", "Transport", "deliver_pending", "reconcile", "recover_interrupted"]

log = logging.getLogger(__name__)

_DONE = frozenset({"accepted", "acknowledged"})


class Transport(Protocol):
    """What the sender needs from a transport (`MeshTransport` has it all)."""

    def send(  # noqa: D102 - documented on MeshTransport
        self,
        source: str,
        *,
        filename: str,
        local_id: str,
        subject: str,
        on_created: Callable[[str], None] | None = None,
    ) -> str: ...

    def upload_chunks(self, source: str, *, message_id: str, first: int = 2) -> int:  # noqa: D102
        ...

    def chunk_count(self, source: str) -> int:  # noqa: D102
        ...

    def track(  # noqa: D102
        self, *, message_id: str | None = None, local_id: str | None = None
    ) -> TrackingInfo | None: ...


@attrs.frozen(kw_only=True)
class DeliveryResult:
    """Local IDs by what happened to them in one run.

    Attributes:
        sent: Delivered (or found delivered by reconcile) in this run.
        unknown: Outcome unknown: reconcile later, or an operator decides.
        pending: Still pending (MESH refused or could not be reached); retried next run.
    """

    sent: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()


def recover_interrupted(outbox: Outbox) -> list[str]:
    """Move entries left in `sending` by a crash to `unknown`.

    Call only when no other sender is running on this outbox.

    Returns:
        The local IDs moved.
    """
    moved = []
    for entry in outbox.entries(state=OutboxState.SENDING):
        outbox.mark_unknown(entry.local_id, "interrupted while sending (process stopped)")
        log.warning("outbox entry %s was interrupted mid-send; now unknown", entry.local_id)
        moved.append(entry.local_id)
    return moved


def _check_file(entry: OutboxEntry) -> str | None:
    path = Path(entry.path)
    if not path.is_file():
        return "file is missing"
    if path.stat().st_size != entry.size or file_digest(path)[0] != entry.sha256:
        return "file changed since it was added to the outbox"
    return None


def _reconcile_one(outbox: Outbox, transport: Transport, entry: OutboxEntry) -> bool:
    found = transport.track(local_id=entry.local_id)
    if found is None and entry.message_id:
        found = transport.track(message_id=entry.message_id)
    if found is None:
        outbox.note_error(
            entry.local_id,
            "MESH has no message with this local id; if it was never sent, "
            "release_unknown(confirm=True) to send it again",
        )
        return False
    if found.status in _DONE:
        outbox.mark_sent(entry.local_id, found.message_id)
        log.info("reconciled %s: MESH has it as %s", entry.local_id, found.message_id)
        return True
    if found.status == "uploading":
        # Created, chunks missing: chunk uploads are safe to repeat, so finish it.
        problem = _check_file(entry)
        expected = transport.chunk_count(entry.path) if problem is None else None
        if problem is None and found.chunk_count not in (None, expected):
            problem = f"MESH expects {found.chunk_count} chunks, the file makes {expected}"
        if problem is not None:
            outbox.note_error(entry.local_id, f"cannot finish upload: {problem}")
            return False
        transport.upload_chunks(entry.path, message_id=found.message_id)
        outbox.mark_sent(entry.local_id, found.message_id)
        log.info("reconciled %s: finished upload of %s", entry.local_id, found.message_id)
        return True
    outbox.note_error(entry.local_id, f"MESH tracking status is {found.status!r}")
    return False


def reconcile(outbox: Outbox, transport: Transport) -> DeliveryResult:
    """Ask MESH about every `unknown` entry and settle what can be settled.

    Found and complete -> `sent`; found but still uploading -> finish the chunk
    uploads, then `sent`; not found -> stays `unknown` for an operator
    (`Outbox.release_unknown`), never resent automatically.

    Returns:
        Which entries became sent and which stay unknown.
    """
    sent: list[str] = []
    unknown: list[str] = []
    for entry in outbox.entries(state=OutboxState.UNKNOWN):
        try:
            done = _reconcile_one(outbox, transport, entry)
        except MeshAuthError:
            raise
        except MeshError as exc:
            outbox.note_error(entry.local_id, f"reconcile failed: {exc}")
            done = False
        (sent if done else unknown).append(entry.local_id)
    return DeliveryResult(sent=tuple(sent), unknown=tuple(unknown))


def deliver_pending(outbox: Outbox, transport: Transport) -> DeliveryResult:
    """Recover, reconcile, then send every pending (non-superseded) entry.

    Returns:
        What happened to each entry touched.

    Raises:
        MeshAuthError: MESH refused our credentials; the entry is back to pending.
    """
    recover_interrupted(outbox)
    settled = reconcile(outbox, transport)
    sent, unknown, pending = list(settled.sent), list(settled.unknown), []
    for entry in outbox.pending():
        problem = _check_file(entry)
        if problem is not None:
            outbox.note_error(entry.local_id, problem)
            pending.append(entry.local_id)
            continue
        outbox.mark_sending(entry.local_id)

        def created(message_id: str, local_id: str = entry.local_id) -> None:
            outbox.record_message_id(local_id, message_id)

        try:
            message_id = transport.send(
                entry.path,
                filename=Path(entry.path).name,
                local_id=entry.local_id,
                subject=entry.key,
                on_created=created,
            )
        except MeshOutcomeUnknown as exc:
            outbox.mark_unknown(entry.local_id, str(exc))
            unknown.append(entry.local_id)
            continue
        except MeshError as exc:
            if outbox.get(entry.local_id).message_id is None:
                outbox.mark_refused(entry.local_id, str(exc))
                pending.append(entry.local_id)
            else:  # created, chunks incomplete: reconcile finishes it
                outbox.mark_unknown(entry.local_id, str(exc))
                unknown.append(entry.local_id)
            if isinstance(exc, MeshAuthError):
                raise
            continue
        except BaseException as exc:
            # Anything else (a bug, KeyboardInterrupt): we cannot say what MESH got.
            with contextlib.suppress(OutboxError):
                outbox.mark_unknown(entry.local_id, f"interrupted: {type(exc).__name__}")
            raise
        outbox.mark_sent(entry.local_id, message_id)
        sent.append(entry.local_id)
    return DeliveryResult(sent=tuple(sent), unknown=tuple(unknown), pending=tuple(pending))
