"""The supplier's reporting client: queue built weeks, send them over MESH, read the answers.

    WeekBuild -> queue (outbox row, before any network call) -> send (MESH)
              -> read_reports (inbox: submission reports, linked and acknowledged)
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

from gponline_sdk.errors import SubmissionError, ValidationError
from gponline_sdk.mesh import (
    DeliveryResult,
    MeshConfig,
    MeshTransport,
    Outbox,
    OutboxEntry,
    OutboxState,
    ReportOutcome,
    deliver_pending,
    reconcile,
)
from gponline_sdk.reporting.submission_report import (
    REPORT_WORKFLOW_ID,
    SubmissionOutcome,
    SubmissionReport,
)
from gponline_sdk.reporting.weekly import WeekBuild
from gponline_sdk.serde import from_json

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


def outbox_key(iso_week: str, data_type: str) -> str:
    """The outbox key of one week's file of one data type (`2026-W47/oc_record`)."""
    return f"{iso_week}/{data_type}"


@attrs.frozen(kw_only=True)
class WeekStatus:
    """Where one week's file of one data type stands."""

    week: str
    data_type: str
    state: str
    """built (queued, not sent), sending, sent, unknown, accepted or rejected."""
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

    def send(self) -> DeliveryResult:
        """Send every pending entry (recovering and reconciling first)."""
        return deliver_pending(self.outbox, self.transport)

    def reconcile(self) -> DeliveryResult:
        """Settle entries whose send outcome is unknown, by MESH tracking."""
        return reconcile(self.outbox, self.transport)

    def read_reports(self, *, force: bool = False) -> list[SubmissionReport]:
        """Download submission reports from the inbox, link them to sent entries, acknowledge.

        Messages of other workflows are left in the inbox untouched. A report
        that cannot be read is left unacknowledged and logged, so nothing is lost.

        Args:
            force: Poll even if the last poll was less than five minutes ago.

        Returns:
            The reports read in this call (empty if it was too soon to poll).
        """
        if not force and not self._may_poll():
            log.info("inbox polled less than %ss ago; not polling", int(INBOX_POLL_SECONDS))
            return []
        self._record_poll()
        reports = []
        for message_id in self.transport.inbox():
            headers = self.transport.headers(message_id)
            if headers.get("mex-workflowid") != REPORT_WORKFLOW_ID:
                continue
            try:
                report = from_json(self.transport.download(message_id), SubmissionReport)
            except ValidationError as exc:
                log.error("submission report %s is unreadable: %s", message_id, exc)
                continue
            self._link(report)
            self.transport.acknowledge(message_id)
            reports.append(report)
        return reports

    def _link(self, report: SubmissionReport) -> None:
        entry = self._entry_for(report)
        if entry is None:
            log.warning("report for message %s matches no outbox entry", report.message_id)
            return
        if entry.state is OutboxState.REPORTED:
            return  # a repeated report: the first one stands
        if entry.state is OutboxState.UNKNOWN:
            # The send's outcome was unknown, but NHS England answered it: the answer is
            # proof of delivery, and settles the entry without asking MESH's tracking.
            self.outbox.mark_sent(entry.local_id, report.message_id)
        outcome = (
            ReportOutcome.ACCEPTED
            if report.outcome is SubmissionOutcome.ACCEPTED
            else ReportOutcome.REJECTED
        )
        self.outbox.mark_reported(entry.local_id, outcome, report.reasons())

    def _entry_for(self, report: SubmissionReport) -> OutboxEntry | None:
        if report.local_id:
            try:
                return self.outbox.get(report.local_id)
            except SubmissionError:
                pass
        found = [e for e in self.outbox.entries() if e.message_id == report.message_id]
        return found[0] if found else None

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
    return [
        outbox.add(outbox_key(build.period.iso_week, f.data_type.value), f.path)
        for f in build.files
    ]


def week_status(outbox: Outbox) -> list[WeekStatus]:
    """One row per week and data type: the latest entry's state and reasons, newest first."""
    latest: dict[str, OutboxEntry] = {}
    for entry in outbox.entries():
        if entry.superseded_by is None:
            latest[entry.key] = entry
    rows = []
    for key in sorted(latest, reverse=True):
        entry = latest[key]
        week, _, data_type = key.partition("/")
        rows.append(
            WeekStatus(
                week=week,
                data_type=data_type,
                state=_state_word(entry),
                file_name=Path(entry.path).name,
                local_id=entry.local_id,
                message_id=entry.message_id,
                reasons=tuple(str(r) for r in entry.report_reasons),
            )
        )
    return rows


def _state_word(entry: OutboxEntry) -> str:
    if entry.state is OutboxState.PENDING:
        return "built"
    if entry.state is OutboxState.REPORTED and entry.report_outcome is not None:
        return str(entry.report_outcome.value)
    return str(entry.state.value)
