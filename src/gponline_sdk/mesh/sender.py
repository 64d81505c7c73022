"""Move outbox entries through MESH: send what is pending, reconcile what is unknown.

The rule is: nothing lost, nothing sent twice without a record. Every send is
recorded as `sending` before the create POST; after a crash those entries are
found, marked `unknown` and reconciled against MESH's tracking by local ID:
found -> settled as sent (chunks finished if missing); provably never created
(no message with the local ID, and MESH never gave us a message ID) -> back to
pending and sent again; anything else stays `unknown`, with the reason.
"""

from __future__ import annotations

import contextlib
import enum
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import attrs

from gponline_sdk.errors import MeshAuthError, MeshError, MeshOutcomeUnknown, OutboxError
from gponline_sdk.mesh.outbox import Outbox, OutboxEntry, OutboxState, file_digest
from gponline_sdk.mesh.transport import TrackingInfo

__all__ = [
    "NEVER_CREATED",
    "DeliveryResult",
    "Transport",
    "deliver_pending",
    "reconcile",
    "recover_interrupted",
]

log = logging.getLogger(__name__)

_DONE = frozenset({"accepted", "acknowledged"})

NEVER_CREATED = (
    "MESH tracking has no message with this local id and MESH never returned a message id: "
    "never created; queued to send again"
)
"""`last_error` of an entry that reconcile found never created and requeued."""


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
        workflow_id: str | None = None,
        recipient: str | None = None,
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
        requeued: Found never created by reconcile (MESH tracking has no message
            with the local ID and none was ever recorded) and moved back to
            pending. `deliver_pending` sends them in the same run, so each also
            appears in `sent`, `pending` or `unknown` there.
    """

    sent: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()
    requeued: tuple[str, ...] = ()


class _Settled(enum.Enum):
    SENT = "sent"
    REQUEUED = "requeued"
    UNKNOWN = "unknown"


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


def _track(transport: Transport, entry: OutboxEntry) -> TrackingInfo | None:
    found = transport.track(local_id=entry.local_id)
    if found is None and entry.message_id:
        found = transport.track(message_id=entry.message_id)
    return found


def _reconcile_one(outbox: Outbox, transport: Transport, entry: OutboxEntry) -> _Settled:
    try:
        found = _track(transport, entry)
    except MeshAuthError:
        raise
    except MeshError as exc:  # includes HTTP 300: several messages with this local id
        outbox.note_error(
            entry.local_id,
            f"MESH tracking failed, so whether MESH created the message cannot be known "
            f"(stays unknown; reconcile again later): {exc}",
        )
        return _Settled.UNKNOWN
    if found is None and entry.message_id is None:
        # The create never returned an ID and MESH has nothing under our local ID:
        # MESH never created it, so sending it now cannot make a second message.
        outbox.mark_never_created(entry.local_id, NEVER_CREATED)
        log.warning("reconciled %s: never created in MESH; queued to send again", entry.local_id)
        return _Settled.REQUEUED
    if found is None:
        outbox.note_error(
            entry.local_id,
            f"MESH created message {entry.message_id} but tracking finds neither it nor this "
            "local id (it may have left tracking): whether it was delivered cannot be known; "
            "stays unknown: check with MESH, then release_unknown(confirm=True) to resend",
        )
        return _Settled.UNKNOWN
    if found.status in _DONE:
        outbox.mark_sent(entry.local_id, found.message_id)
        log.info("reconciled %s: MESH has it as %s", entry.local_id, found.message_id)
        return _Settled.SENT
    if found.status == "uploading":
        return _finish_upload(outbox, transport, entry, found)
    outbox.note_error(entry.local_id, f"MESH tracking status is {found.status!r} (stays unknown)")
    return _Settled.UNKNOWN


def _finish_upload(
    outbox: Outbox, transport: Transport, entry: OutboxEntry, found: TrackingInfo
) -> _Settled:
    # Created, chunks missing: chunk uploads are safe to repeat, so finish it.
    problem = _check_file(entry)
    expected = transport.chunk_count(entry.path) if problem is None else None
    if problem is None and found.chunk_count not in (None, expected):
        problem = f"MESH expects {found.chunk_count} chunks, the file makes {expected}"
    if problem is not None:
        outbox.note_error(entry.local_id, f"cannot finish upload: {problem}")
        return _Settled.UNKNOWN
    transport.upload_chunks(entry.path, message_id=found.message_id)
    outbox.mark_sent(entry.local_id, found.message_id)
    log.info("reconciled %s: finished upload of %s", entry.local_id, found.message_id)
    return _Settled.SENT


def reconcile(outbox: Outbox, transport: Transport) -> DeliveryResult:
    """Ask MESH about every `unknown` entry and settle what can be settled.

    Tracked by local ID (then by message ID, if one was recorded):

    - found, accepted or acknowledged -> `sent`;
    - found, still uploading -> finish the chunk uploads, then `sent`;
    - no message with the local ID, and MESH never returned a message ID for
      the entry -> MESH never created it: back to `pending` (requeued) with
      `last_error` saying so; the next `deliver_pending` sends it;
    - otherwise (tracking failed, several messages with the local ID, a
      recorded message ID tracking no longer finds, any other status) ->
      stays `unknown` with the reason in `last_error`.

    Returns:
        Which entries became sent, which were requeued, which stay unknown.

    Raises:
        MeshAuthError: MESH refused our credentials.
    """
    settled: dict[_Settled, list[str]] = {outcome: [] for outcome in _Settled}
    for entry in outbox.entries(state=OutboxState.UNKNOWN):
        try:
            outcome = _reconcile_one(outbox, transport, entry)
        except MeshAuthError:
            raise
        except MeshError as exc:
            outbox.note_error(entry.local_id, f"reconcile failed (stays unknown): {exc}")
            outcome = _Settled.UNKNOWN
        settled[outcome].append(entry.local_id)
    return DeliveryResult(
        sent=tuple(settled[_Settled.SENT]),
        unknown=tuple(settled[_Settled.UNKNOWN]),
        requeued=tuple(settled[_Settled.REQUEUED]),
    )


def deliver_pending(
    outbox: Outbox,
    transport: Transport,
    *,
    on_file: Callable[[OutboxEntry], None] | None = None,
) -> DeliveryResult:
    """Recover, reconcile, then send every pending (non-superseded) entry.

    Entries reconcile finds never created are requeued and sent in this run.
    `on_file` is told of each entry once its send attempt is over, whatever the
    outcome (progress on a terminal).

    Returns:
        What happened to each entry touched.

    Raises:
        MeshAuthError: MESH refused our credentials; the entry is back to pending.
    """
    recover_interrupted(outbox)
    settled = reconcile(outbox, transport)
    sent, unknown = list(settled.sent), list(settled.unknown)
    pending: list[str] = []
    for entry in outbox.pending():
        try:
            _deliver_one(outbox, transport, entry, sent=sent, unknown=unknown, pending=pending)
        finally:
            if on_file is not None:
                on_file(entry)
    return DeliveryResult(
        sent=tuple(sent),
        unknown=tuple(unknown),
        pending=tuple(pending),
        requeued=settled.requeued,
    )


def _deliver_one(
    outbox: Outbox,
    transport: Transport,
    entry: OutboxEntry,
    *,
    sent: list[str],
    unknown: list[str],
    pending: list[str],
) -> None:
    """Send one pending entry and record what became of it in the outbox and the tallies."""
    problem = _check_file(entry)
    if problem is not None:
        outbox.note_error(entry.local_id, problem)
        pending.append(entry.local_id)
        return
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
            # Per entry (bulk catch-up: BULK_UPLOAD to TEST or LIVE); None: the config's.
            workflow_id=entry.workflow_id,
            recipient=entry.recipient,
        )
    except MeshOutcomeUnknown as exc:
        outbox.mark_unknown(entry.local_id, str(exc))
        unknown.append(entry.local_id)
        return
    except MeshError as exc:
        if outbox.get(entry.local_id).message_id is None:
            outbox.mark_refused(entry.local_id, str(exc))
            pending.append(entry.local_id)
        else:  # created, chunks incomplete: reconcile finishes it
            outbox.mark_unknown(entry.local_id, str(exc))
            unknown.append(entry.local_id)
        if isinstance(exc, MeshAuthError):
            raise
        return
    except BaseException as exc:
        # Anything else (a bug, KeyboardInterrupt): we cannot say what MESH got.
        with contextlib.suppress(OutboxError):
            outbox.mark_unknown(entry.local_id, f"interrupted: {type(exc).__name__}")
        raise
    outbox.mark_sent(entry.local_id, message_id)
    sent.append(entry.local_id)
