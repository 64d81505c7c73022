"""One outbox entry and its states: the rows the durable outbox (`outbox.py`) keeps.

Rows are JSON documents (no pickle), so an outbox written by one SDK version is
readable by the next; fields added later default to None.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

__all__ = ["OutboxEntry", "OutboxState", "ReportOutcome", "file_digest"]


class OutboxState(enum.Enum):
    """Where an outbox entry is in its life."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    UNKNOWN = "unknown"
    REPORTED = "reported"


class ReportOutcome(enum.Enum):
    """What came back about a file: NHS England's submission report, or MESH's non-delivery."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    FAILED = "failed"
    """MESH returned a non-delivery report: the file never reached the collection."""


def file_digest(path: str | os.PathLike[str]) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with Path(path).open("rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


@attrs.frozen(kw_only=True)
class OutboxEntry:
    """One file to send, and what has happened to it.

    Attributes:
        local_id: Our ID (uuid4 hex), sent as `mex-LocalID`.
        key: Caller's opaque key (e.g. `2026-W47/oc_record`).
        path: The file to send.
        sha256: Hex digest taken when the entry was added.
        size: Size in bytes when added.
        state: Current state.
        created_at: When added (UTC).
        updated_at: Last change (UTC).
        message_id: MESH's ID, once MESH created the message.
        attempts: How many times the create POST was attempted.
        last_error: Last failure, without secrets or content.
        superseded_by: Local ID of a newer entry with the same key.
        report_outcome: Outcome from the submission report.
        report_reasons: Reasons from the submission report (JSON values).
        sent_at: When it reached `sent`.
        reported_at: When it reached `reported`.
        workflow_id: `mex-WorkflowID` to send under (None: the transport's configured
            one). Bulk catch-up sets `BULK_UPLOAD`; rows written before this field load as None.
        recipient: `mex-To` mailbox (None: the configured recipient). Bulk catch-up
            sets the collection's TEST or LIVE mailbox; older rows load as None.
    """

    local_id: str
    key: str
    path: str
    sha256: str
    size: int
    state: OutboxState
    created_at: datetime
    updated_at: datetime
    message_id: str | None = None
    attempts: int = 0
    last_error: str | None = None
    superseded_by: str | None = None
    report_outcome: ReportOutcome | None = None
    report_reasons: tuple[Any, ...] = ()
    sent_at: datetime | None = None
    reported_at: datetime | None = None
    workflow_id: str | None = None
    recipient: str | None = None

    def to_json(self) -> str:
        """The row's JSON document."""
        data = attrs.asdict(self, recurse=False)
        for name, value in data.items():
            if isinstance(value, enum.Enum):
                data[name] = value.value
            elif isinstance(value, datetime):
                data[name] = value.isoformat()
        data["report_reasons"] = list(self.report_reasons)
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> OutboxEntry:
        """Read a row's JSON document."""
        data = json.loads(text)
        data["state"] = OutboxState(data["state"])
        if data.get("report_outcome") is not None:
            data["report_outcome"] = ReportOutcome(data["report_outcome"])
        for name in ("created_at", "updated_at", "sent_at", "reported_at"):
            if data.get(name) is not None:
                data[name] = datetime.fromisoformat(data[name])
        data["report_reasons"] = tuple(data.get("report_reasons") or ())
        return cls(**data)
