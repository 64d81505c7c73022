"""The supplier's reporting client: queue built weeks, send them over MESH, read the answers.

    WeekBuild -> queue (outbox row, before any network call) -> send (MESH)
              -> read_reports (inbox: Excel submission reports and MESH non-delivery
                 reports, linked to their entries; unreadable or unmatched ones kept on disk)
              -> status (one row per week and data type)

Sending never duplicates silently: the durable outbox (`gponline_sdk.mesh`)
records every step, and a send whose outcome cannot be known is reconciled by
tracking, never resent blindly. The inbox is read at most every five minutes
unless the caller forces it (a local sandbox, a test).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import attrs

from gponline_sdk.errors import SubmissionError
from gponline_sdk.mesh import (
    DeliveryResult,
    MeshConfig,
    MeshTransport,
    Outbox,
    OutboxEntry,
    OutboxState,
    deliver_pending,
    reconcile,
)
from gponline_sdk.national import active_profile
from gponline_sdk.reporting._staging import recover_for
from gponline_sdk.reporting.reports import InboxReport, KeptReport, ReportReader, ReportStore
from gponline_sdk.reporting.weekly import WeekBuild, outbox_key

__all__ = [
    "INBOX_POLL_SECONDS",
    "ReportingClient",
    "WeekStatus",
    "outbox_key",
    "queue_build",
    "week_status",
]

log = logging.getLogger(__name__)

INBOX_POLL_SECONDS = 300.0
"""MESH asks that an inbox be polled at most every five minutes."""


@attrs.frozen(kw_only=True)
class WeekStatus:
    """Where one week's file of one data type stands."""

    week: str
    data_type: str
    state: str
    """built (queued, not sent), sending, sent, unknown, accepted, rejected, failed (MESH
    could not deliver it) or not_understood (a report came back the SDK cannot read)."""
    file_name: str
    local_id: str
    message_id: str | None = None
    reasons: tuple[str, ...] = ()


class ReportingClient:
    """Queue, send and follow weekly submissions for one supplier mailbox.

    Args:
        config: MESH settings (mailbox, recipient, secrets, timeouts).
        outbox: The durable outbox (SQLite file) shared by every run.
        transport: A transport to use instead of one built from `config`.
        clock: Seconds since the epoch (tests inject one).
    """

    def __init__(
        self,
        config: MeshConfig,
        outbox: Outbox,
        *,
        transport: MeshTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.outbox = outbox
        self.transport = transport or MeshTransport(config)
        self._clock = clock
        self._poll_file = Path(str(outbox.path) + ".inbox-poll.json")

    def close(self) -> None:
        """Close the transport's connections."""
        self.transport.close()

    def __enter__(self) -> ReportingClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def queue(
        self, build: WeekBuild, *, allow_record_rejections: bool = False
    ) -> list[OutboxEntry]:
        """Record every file of a built week in the outbox; see `queue_build`."""
        return queue_build(self.outbox, build, allow_record_rejections=allow_record_rejections)

    def send(self, *, on_file: Callable[[OutboxEntry], None] | None = None) -> DeliveryResult:
        """Send every pending entry (recovering and reconciling first).

        A build killed after its commit point is finished first (`recover_for`),
        so an entry it supersedes is not sent. `on_file` is told of each entry once
        its send attempt is over (progress).
        """
        recover_for(self.outbox)
        return deliver_pending(self.outbox, self.transport, on_file=on_file)

    def reconcile(self) -> DeliveryResult:
        """Settle entries whose send outcome is unknown, by MESH tracking."""
        return reconcile(self.outbox, self.transport)

    def read_reports(self, *, force: bool = False) -> list[InboxReport]:
        """Read the inbox: submission reports and MESH non-delivery reports; link and settle.

        Each submission report (a workflow in the profile's `workflow.report`, or
        a file name ending with a `report.file_suffixes` suffix) is read as an
        Excel report by the profile's layout, and each of its file rows is
        linked to its outbox entry by every handle it gives (see
        `reports.inbox`). A MESH non-delivery report marks its entry failed.
        A report the SDK cannot read, or matching no entry, is saved in
        `reports/` next to the outbox file and recorded before it is
        acknowledged (`kept_reports` lists them). Other messages are left in
        the inbox untouched: nothing is acknowledged and dropped.

        Args:
            force: Poll even if the last poll was less than five minutes ago.

        Returns:
            One result per file row, non-delivery report or kept report read in
            this call (empty if it was too soon to poll).
        """
        if not force and not self._may_poll():
            log.info("inbox polled less than %ss ago; not polling", int(INBOX_POLL_SECONDS))
            return []
        self._record_poll()
        reader = ReportReader(self.outbox, self.transport, active_profile(), outbox_key)
        found: list[InboxReport] = []
        for message_id in self.transport.inbox():
            found += reader.handle(message_id) or []
        return found

    def kept_reports(self) -> list[KeptReport]:
        """Reports kept on disk and still unresolved (not understood, or matching no entry)."""
        return ReportStore.for_outbox(self.outbox).unresolved(self.outbox)

    def status(self) -> list[WeekStatus]:
        """One row per week and data type; see `week_status`."""
        return week_status(self.outbox)

    def _may_poll(self) -> bool:
        try:
            last = float(json.loads(self._poll_file.read_text())["last_poll"])
        except (OSError, ValueError, KeyError, TypeError):
            return True
        return self._clock() - last >= INBOX_POLL_SECONDS

    def _record_poll(self) -> None:
        tmp = self._poll_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"last_poll": self._clock()}))
        tmp.replace(self._poll_file)


def queue_build(
    outbox: Outbox, build: WeekBuild, *, allow_record_rejections: bool = False
) -> list[OutboxEntry]:
    """Record every file of a built week in the outbox, ready to send.

    A newer entry for the same week and data type supersedes an older one
    (NHS England keeps the latest submission).

    Raises:
        SubmissionError: when a file would have records rejected and
            `allow_record_rejections` is False. Nothing is queued then.
    """
    if not allow_record_rejections:
        dirty = [f.path.name for f in build.files if not f.clean]
        if dirty:
            names = ", ".join(dirty)
            raise SubmissionError(f"records would be rejected in {names}; nothing queued")
    # One transaction: a week is queued whole or not at all.
    return outbox.add_all(
        [(outbox_key(build.period.iso_week, f.data_type.value), f.path) for f in build.files]
    )


def week_status(outbox: Outbox) -> list[WeekStatus]:
    """One row per week and data type: the latest entry's state and reasons, newest first.

    A sent entry whose report came back but could not be read shows as
    `not_understood`, with "report received, not understood: FILE" (the kept
    file), until a report the SDK understands settles it.
    """
    unread = ReportStore.for_outbox(outbox).not_understood_for(outbox)
    latest: dict[str, OutboxEntry] = {}
    for entry in outbox.entries():
        if entry.superseded_by is None:
            latest[entry.key] = entry
    rows = []
    for key in sorted(latest, reverse=True):
        entry = latest[key]
        week, _, data_type = key.partition("/")
        state, reasons = _state_word(entry), tuple(str(r) for r in entry.report_reasons)
        kept = unread.get(entry.local_id)
        if kept is not None:
            state, reasons = "not_understood", (f"report received, not understood: {kept.saved}",)
        rows.append(
            WeekStatus(
                week=week,
                data_type=data_type,
                state=state,
                file_name=Path(entry.path).name,
                local_id=entry.local_id,
                message_id=entry.message_id,
                reasons=reasons,
            )
        )
    return rows


def _state_word(entry: OutboxEntry) -> str:
    if entry.state is OutboxState.PENDING:
        return "built"
    if entry.state is OutboxState.REPORTED and entry.report_outcome is not None:
        return str(entry.report_outcome.value)
    return str(entry.state.value)
