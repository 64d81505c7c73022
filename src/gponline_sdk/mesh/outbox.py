"""A durable outbox on SQLite: every file is recorded before any network call.

States and the only moves allowed between them (anything else raises
`OutboxError`)::

    pending ──► sending ──► sent ──► reported
       ▲           │  ▲       ▲
       │ refused   │  │       │ reconcile found it (tracking by local id)
       └───────────┤  │       │
                   ▼  │       │
                 unknown ─────┘
                   │
                   └──► pending   mark_never_created (reconcile: MESH tracking
                                  has no such local id and no message id was
                                  ever recorded), or release_unknown(confirm=True)
                                  (an operator)

`sending` is written before the create POST, so a crash leaves a trace. An
entry goes back from `sending` to `pending` only when MESH provably did not
create the message (it refused the create, or no connection was made).
`unknown` is never resent blindly: reconcile asks MESH's tracking first and
requeues it by itself only when tracking proves the message was never created
(`mark_never_created`); otherwise only an operator can release it for a
resend. Rows are JSON (no pickle).

The outbox is generic: `key` is an opaque string chosen by the caller (the
reporting layer uses e.g. `2026-W47/oc_record`). A newer entry with the same
key supersedes older ones, since NHS England keeps the latest submission.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs

from gponline_sdk.errors import OutboxError
from gponline_sdk.mesh.outbox_entry import OutboxEntry, OutboxState, ReportOutcome, file_digest

__all__ = ["Outbox", "OutboxEntry", "OutboxState", "ReportOutcome", "file_digest"]


_S = OutboxState
_ALLOWED: dict[OutboxState, frozenset[OutboxState]] = {
    _S.PENDING: frozenset({_S.SENDING}),
    _S.SENDING: frozenset({_S.SENT, _S.UNKNOWN, _S.PENDING}),
    _S.UNKNOWN: frozenset({_S.SENT, _S.PENDING}),
    _S.SENT: frozenset({_S.REPORTED}),
    _S.REPORTED: frozenset(),
}


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Outbox:
    """The outbox database (one SQLite file, WAL mode).

    Run one sender per outbox at a time; readers may run alongside.

    Args:
        path: The SQLite file (created if missing).
        now: Clock returning an aware datetime (tests pass a fake).

    Example::

        outbox = Outbox("outbox.sqlite3")
        entry = outbox.add("2026-W47/oc_record", "out/oc_record.json")
    """

    def __init__(
        self, path: str | os.PathLike[str], *, now: Callable[[], datetime] = _utcnow
    ) -> None:
        self.path = Path(path)
        self._now = now
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS entries ("
            " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " local_id TEXT NOT NULL UNIQUE,"
            " key TEXT NOT NULL,"
            " state TEXT NOT NULL,"
            " data TEXT NOT NULL)"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS entries_key ON entries(key)")
        self._db.execute("CREATE INDEX IF NOT EXISTS entries_state ON entries(state)")

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _write(self, db: sqlite3.Connection, entry: OutboxEntry) -> None:
        db.execute(
            "UPDATE entries SET state = ?, data = ? WHERE local_id = ?",
            (entry.state.value, entry.to_json(), entry.local_id),
        )

    def _load(self, db: sqlite3.Connection, local_id: str) -> OutboxEntry:
        row = db.execute("SELECT data FROM entries WHERE local_id = ?", (local_id,)).fetchone()
        if row is None:
            raise OutboxError(f"outbox: no entry with local id {local_id}")
        return OutboxEntry.from_json(row[0])

    # -- reading ---------------------------------------------------------------

    def get(self, local_id: str) -> OutboxEntry:
        """The entry with this local ID.

        Raises:
            OutboxError: No such entry.
        """
        return self._load(self._db, local_id)

    def entries(
        self, *, state: OutboxState | None = None, key: str | None = None
    ) -> list[OutboxEntry]:
        """Entries, oldest first, optionally only those in `state` and/or with `key`."""
        sql, args = "SELECT data FROM entries WHERE 1=1", []
        if state is not None:
            sql += " AND state = ?"
            args.append(state.value)
        if key is not None:
            sql += " AND key = ?"
            args.append(key)
        rows = self._db.execute(sql + " ORDER BY seq", args).fetchall()
        return [OutboxEntry.from_json(r[0]) for r in rows]

    def latest(self, key: str) -> OutboxEntry | None:
        """The newest entry for `key` (the one NHS England should end up keeping)."""
        found = self.entries(key=key)
        return found[-1] if found else None

    def pending(self) -> list[OutboxEntry]:
        """Pending entries not superseded by a newer one, oldest first."""
        return [e for e in self.entries(state=OutboxState.PENDING) if e.superseded_by is None]

    # -- writing ---------------------------------------------------------------

    def add(
        self,
        key: str,
        path: str | os.PathLike[str],
        *,
        workflow_id: str | None = None,
        recipient: str | None = None,
    ) -> OutboxEntry:
        """Record a file to send; supersedes older entries with the same key.

        Args:
            key: Caller's opaque key (e.g. `2026-W47/oc_record`).
            path: The file; it must not change until sent (its digest is checked).
            workflow_id: Send under this workflow ID instead of the transport's default.
            recipient: Send to this mailbox instead of the transport's default.

        Returns:
            The new pending entry.
        """
        return self.add_all([(key, path)], workflow_id=workflow_id, recipient=recipient)[0]

    def add_all(
        self,
        items: list[tuple[str, str | os.PathLike[str]]],
        *,
        workflow_id: str | None = None,
        recipient: str | None = None,
    ) -> list[OutboxEntry]:
        """Record several files in one transaction: all are queued, or none (see `add`)."""
        return self.add_prepared(
            self.prepare(
                [(k, p, p) for k, p in items], workflow_id=workflow_id, recipient=recipient
            )
        )

    def prepare(
        self,
        items: list[tuple[str, str | os.PathLike[str], str | os.PathLike[str]]],
        *,
        workflow_id: str | None = None,
        recipient: str | None = None,
    ) -> list[OutboxEntry]:
        """Make entries without recording them: `(key, path, content)` each.

        `path` is where the file will be when it is sent; `content` is where it
        is now (its digest is taken there). A build that stages its files writes
        these entries into its commit journal before moving the files into
        place, then records them with `add_prepared`, which a rerun after a
        crash may repeat safely.
        """
        return [
            self._new_entry(key, path, workflow_id, recipient, content=content)
            for key, path, content in items
        ]

    def add_prepared(self, entries: list[OutboxEntry]) -> list[OutboxEntry]:
        """Record entries from `prepare` in one transaction.

        Entries already recorded (same local ID) are left as they are, so a
        journal may be replayed.
        """
        with self._tx() as db:
            for entry in entries:
                known = db.execute(
                    "SELECT 1 FROM entries WHERE local_id = ?", (entry.local_id,)
                ).fetchone()
                if known is None:
                    self._insert(db, entry)
        return entries

    def _new_entry(
        self,
        key: str,
        path: str | os.PathLike[str],
        workflow_id: str | None,
        recipient: str | None,
        *,
        content: str | os.PathLike[str] | None = None,
    ) -> OutboxEntry:
        if not key:
            raise OutboxError("outbox: key must not be empty")
        file_path = Path(path).resolve()
        sha, size = file_digest(file_path if content is None else content)
        now = self._now()
        return OutboxEntry(
            local_id=uuid.uuid4().hex,
            key=key,
            path=str(file_path),
            sha256=sha,
            size=size,
            state=OutboxState.PENDING,
            created_at=now,
            updated_at=now,
            workflow_id=workflow_id,
            recipient=recipient,
        )

    def _insert(self, db: sqlite3.Connection, entry: OutboxEntry) -> None:
        rows = db.execute("SELECT data FROM entries WHERE key = ?", (entry.key,)).fetchall()
        for (text,) in rows:
            old = OutboxEntry.from_json(text)
            if old.superseded_by is None:
                superseded = attrs.evolve(
                    old, superseded_by=entry.local_id, updated_at=entry.created_at
                )
                self._write(db, superseded)
        db.execute(
            "INSERT INTO entries (local_id, key, state, data) VALUES (?, ?, ?, ?)",
            (entry.local_id, entry.key, entry.state.value, entry.to_json()),
        )

    def _move(self, local_id: str, to: OutboxState, **changes: Any) -> OutboxEntry:
        with self._tx() as db:
            entry = self._load(db, local_id)
            if to not in _ALLOWED[entry.state]:
                raise OutboxError(
                    f"outbox: entry {local_id} cannot go from {entry.state.value} to {to.value}"
                )
            updated = attrs.evolve(entry, state=to, updated_at=self._now(), **changes)
            self._write(db, updated)
        return updated

    def mark_sending(self, local_id: str) -> OutboxEntry:
        """Move pending -> sending; written before the create POST.

        Raises:
            OutboxError: Not pending, or superseded by a newer entry.
        """
        entry = self.get(local_id)
        if entry.superseded_by is not None:
            raise OutboxError(
                f"outbox: entry {local_id} is superseded by {entry.superseded_by}; not sending it"
            )
        return self._move(local_id, OutboxState.SENDING, attempts=entry.attempts + 1)

    def record_message_id(self, local_id: str, message_id: str) -> OutboxEntry:
        """Remember MESH's message ID while still `sending` (created, chunks to go)."""
        with self._tx() as db:
            entry = self._load(db, local_id)
            if entry.state is not OutboxState.SENDING:
                raise OutboxError(f"outbox: entry {local_id} is {entry.state.value}, not sending")
            updated = attrs.evolve(entry, message_id=message_id, updated_at=self._now())
            self._write(db, updated)
        return updated

    def mark_sent(self, local_id: str, message_id: str) -> OutboxEntry:
        """Move sending or unknown -> sent, with MESH's message ID."""
        if not message_id:
            raise OutboxError(f"outbox: entry {local_id} needs a message id to be sent")
        return self._move(
            local_id, OutboxState.SENT, message_id=message_id, last_error=None, sent_at=self._now()
        )

    def mark_unknown(self, local_id: str, error: str) -> OutboxEntry:
        """Move sending -> unknown: the create's result cannot be known; reconcile it."""
        return self._move(local_id, OutboxState.UNKNOWN, last_error=error)

    def mark_refused(self, local_id: str, error: str) -> OutboxEntry:
        """Move sending -> pending: MESH provably did not create the message."""
        entry = self.get(local_id)
        if entry.message_id is not None:
            raise OutboxError(f"outbox: entry {local_id} was created in MESH; it is not refused")
        return self._move(local_id, OutboxState.PENDING, last_error=error)

    def note_error(self, local_id: str, error: str) -> OutboxEntry:
        """Record why an entry is still where it is (no state change)."""
        with self._tx() as db:
            entry = attrs.evolve(self._load(db, local_id), last_error=error, updated_at=self._now())
            self._write(db, entry)
        return entry

    def mark_never_created(self, local_id: str, why: str) -> OutboxEntry:
        """Move unknown -> pending: MESH tracking proves it was never created (reconcile).

        Tracking by local ID found no message and MESH never gave this entry a
        message ID; the next `deliver_pending` sends it. `why` becomes `last_error`.

        Raises:
            OutboxError: Not unknown, or it has a message ID (MESH created it once).
        """
        with self._tx() as db:
            entry = self._load(db, local_id)
            if entry.state is not OutboxState.UNKNOWN or entry.message_id is not None:
                raise OutboxError(
                    f"outbox: entry {local_id} is {entry.state.value} with message id "
                    f"{entry.message_id}; only an unknown entry without one can be never created"
                )
            updated = attrs.evolve(
                entry, state=OutboxState.PENDING, updated_at=self._now(), last_error=why
            )
            self._write(db, updated)
        return updated

    def release_unknown(self, local_id: str, *, confirm: bool = False) -> OutboxEntry:
        """Move unknown -> pending, by an operator who checked MESH did not deliver it.

        Needed only where reconcile cannot know (tracking failed, or the entry
        has a message ID that tracking no longer finds).

        Args:
            local_id: The entry.
            confirm: Must be True: a resend may duplicate a delivered message.

        Raises:
            OutboxError: Not confirmed, or the entry is not unknown.
        """
        if confirm is not True:
            raise OutboxError(
                f"outbox: releasing {local_id} for resend needs confirm=True "
                "(check MESH tracking first: a resend may duplicate it)"
            )
        return self._move(local_id, OutboxState.PENDING, message_id=None)

    def mark_reported(
        self, local_id: str, outcome: ReportOutcome, reasons: list[Any] | tuple[Any, ...] = ()
    ) -> OutboxEntry:
        """Move sent -> reported, with the submission report's outcome and reasons."""
        json.dumps(list(reasons))  # reasons must be JSON values; fail before writing
        return self._move(
            local_id,
            OutboxState.REPORTED,
            report_outcome=outcome,
            report_reasons=tuple(reasons),
            reported_at=self._now(),
        )
