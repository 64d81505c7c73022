"""Read the sending mailbox's inbox: submission reports and MESH non-delivery reports.

Each inbox message is one of:

- a MESH non-delivery report (`mex-MessageType: REPORT`): linked to our message
  by `mex-LinkedMsgID` (its message ID) or `mex-LocalID` (our local ID); the
  entry is marked failed with MESH's status code and description;
- a submission report: its workflow ID is one of the profile's report
  workflows, or its file name ends with a report suffix (`.xlsx`); read by the
  profile's layout, each file row linked to its outbox entry;
- anything else: left in the inbox untouched.

A file row is linked by every handle the report and MESH give (`_linking`):
the row's local ID, the row's message ID, the message's `mex-LinkedMsgID`,
the file name, then the period and data type.

Nothing is acknowledged and dropped: a report the SDK cannot read, or with a
row matching no entry, is saved to disk and recorded (`kept.ReportStore`)
before it is acknowledged.
"""

from __future__ import annotations

import enum
import json
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import attrs

from gponline_sdk.mesh import MeshTransport, Outbox, OutboxEntry, OutboxState, ReportOutcome
from gponline_sdk.national import NationalProfile
from gponline_sdk.reporting.reports._linking import BY_LINKED, BY_LOCAL, Linker
from gponline_sdk.reporting.reports.kept import KeptKind, KeptReport, ReportStore
from gponline_sdk.reporting.reports.model import (
    ExcelReport,
    FileResult,
    ReportNotUnderstood,
    SubmissionOutcome,
)
from gponline_sdk.reporting.reports.xlsx import read_xlsx_report

__all__ = ["InboxReport", "ReportKind", "ReportReader"]

log = logging.getLogger(__name__)


class ReportKind(enum.Enum):
    """What an inbox message turned out to be."""

    REPORT = "report"
    """A submission report's verdict on one file, linked to its outbox entry."""
    NON_DELIVERY = "non_delivery"
    """MESH could not deliver one of our messages; the entry is marked failed."""
    NOT_UNDERSTOOD = "not_understood"
    """A report the SDK could not read; kept on disk."""
    UNMATCHED = "unmatched"
    """A report (or a row of one) matching no outbox entry that can take it; kept on disk."""


@attrs.frozen(kw_only=True)
class InboxReport:
    """What `ReportingClient.read_reports` found in one inbox message (one per file row).

    Attributes:
        kind: Report, non-delivery, not understood or unmatched.
        message_id: MESH's ID of the inbox message.
        file_name: The submitted file it answers (the report's own name if unknown).
        outcome: Accepted, rejected, failed (non-delivery) or not understood.
        reasons: Why (NHS England's or MESH's words, counts per record reason).
        local_id: The outbox entry it was linked to, if any.
        linked_by: The handle that linked it (`local ID`, `message ID`, ...).
        kept: Where the report was saved, when it was kept for a person.
    """

    kind: ReportKind
    message_id: str
    file_name: str
    outcome: SubmissionOutcome
    reasons: tuple[str, ...] = ()
    local_id: str | None = None
    linked_by: str | None = None
    kept: str | None = None


class ReportReader:
    """Classify, link and settle inbox messages for one outbox.

    Args:
        outbox: The outbox whose entries the reports answer.
        transport: The sending mailbox's transport.
        profile: The national profile (report workflows, suffixes, layout).
        key_of: The outbox key of an ISO week and data type.
    """

    def __init__(
        self,
        outbox: Outbox,
        transport: MeshTransport,
        profile: NationalProfile,
        key_of: Callable[[str, str], str],
    ) -> None:
        self.outbox = outbox
        self.transport = transport
        self.store = ReportStore.for_outbox(outbox)
        self.workflows = set(profile.report_workflows())
        self.suffixes = tuple(s.lower() for s in profile.value("report.file_suffixes"))
        self.layout = profile.value("report.layout")
        self.links = Linker(outbox, self.suffixes, key_of)

    def handle(self, message_id: str) -> list[InboxReport] | None:
        """Deal with one inbox message; None when it is not a report (left untouched)."""
        headers = self.transport.headers(message_id)
        if headers.get("mex-messagetype", "").upper() == "REPORT":
            return self._non_delivery(message_id, headers)
        name = headers.get("mex-filename", "")
        if headers.get("mex-workflowid") in self.workflows or name.lower().endswith(self.suffixes):
            return self._report(message_id, headers)
        return None

    # -- non-delivery --------------------------------------------------------------------------

    def _non_delivery(self, message_id: str, headers: dict[str, str]) -> list[InboxReport]:
        linked = headers.get("mex-linkedmsgid") or None
        code = headers.get("mex-statuscode", "?")
        event = headers.get("mex-statusevent", "?")
        text = headers.get("mex-statusdescription", "no description")[:300]
        reason = f"MESH non-delivery report: status {code} ({event}): {text}"
        entry, by = self.links.by_message(linked), BY_LINKED
        if entry is None:
            entry, by = self.links.by_local(headers.get("mex-localid")), BY_LOCAL
        problem = "it matches no outbox entry" if entry is None else None
        if entry is not None:
            problem = self._settle(entry, ReportOutcome.FAILED, [reason], linked)
        if entry is not None and problem is None:
            self.transport.acknowledge(message_id)
            log.warning("message %s was not delivered: %s", entry.message_id, reason)
            return [
                InboxReport(
                    kind=ReportKind.NON_DELIVERY,
                    message_id=message_id,
                    file_name=Path(entry.path).name,
                    outcome=SubmissionOutcome.FAILED,
                    reasons=(reason,),
                    local_id=entry.local_id,
                    linked_by=by,
                )
            ]
        # A non-delivery report has no content: its MESH headers are what is kept.
        path = self.store.path_for(message_id, "non-delivery.json")
        self.store.make_room()
        path.write_text(json.dumps(headers, indent=1, sort_keys=True), encoding="utf-8")
        self.store.sync(path)
        kept = self._keep(
            message_id,
            "",
            path,
            kind=KeptKind.UNMATCHED,
            detail=f"{reason}; {problem}",
            local_ids=(),
        )
        return [
            InboxReport(
                kind=ReportKind.UNMATCHED,
                message_id=message_id,
                file_name=headers.get("mex-filename", ""),
                outcome=SubmissionOutcome.FAILED,
                reasons=(reason, problem or ""),
                kept=kept,
            )
        ]

    # -- submission reports --------------------------------------------------------------------

    def _report(self, message_id: str, headers: dict[str, str]) -> list[InboxReport]:
        name = Path(headers.get("mex-filename") or f"{message_id}.xlsx").name
        path = self.store.path_for(message_id, name)
        self.store.make_room()
        self.transport.download_to(message_id, path)
        self.store.sync(path)  # on disk before anything is acknowledged
        try:
            parsed = read_xlsx_report(path, layout=self.layout)
        except ReportNotUnderstood as exc:
            return self._not_understood(message_id, headers, name, path, exc)
        done: list[InboxReport] = []
        left: list[tuple[FileResult, str]] = []
        linked_ids: list[str] = []
        for row in parsed.files:
            entry, by = self.links.find(row, headers, single=len(parsed.files) == 1)
            if entry is None:
                left.append((row, f"{row.where}: matches no outbox entry"))
                continue
            reasons = parsed.reasons(row)
            outcome = ReportOutcome(row.outcome.value)
            problem = self._settle(entry, outcome, reasons, row.message_id or _linked(headers))
            if problem is not None:
                left.append((row, f"{row.where}: {problem}"))
                continue
            linked_ids.append(entry.local_id)
            done.append(
                self._result(
                    ReportKind.REPORT,
                    message_id=message_id,
                    row=row,
                    parsed=parsed,
                    entry=entry,
                    by=by,
                )
            )
        if left:
            detail = "; ".join(problem for _, problem in left)
            kept = self._keep(
                message_id, name, path, kind=KeptKind.UNMATCHED, detail=detail, local_ids=linked_ids
            )
            for row, problem in left:
                result = self._result(
                    ReportKind.UNMATCHED,
                    message_id=message_id,
                    row=row,
                    parsed=parsed,
                    entry=None,
                    by=None,
                )
                done.append(attrs.evolve(result, reasons=(*result.reasons, problem), kept=kept))
        else:
            self.transport.acknowledge(message_id)
            path.unlink(missing_ok=True)  # read and linked: the outbox holds what it said
        return done

    def _result(
        self,
        kind: ReportKind,
        *,
        message_id: str,
        row: FileResult,
        parsed: ExcelReport,
        entry: OutboxEntry | None,
        by: str | None,
    ) -> InboxReport:
        return InboxReport(
            kind=kind,
            message_id=message_id,
            file_name=row.file_name,
            outcome=row.outcome,
            reasons=tuple(parsed.reasons(row)),
            local_id=entry.local_id if entry else None,
            linked_by=by,
        )

    def _not_understood(
        self,
        message_id: str,
        headers: dict[str, str],
        name: str,
        path: Path,
        exc: ReportNotUnderstood,
    ) -> list[InboxReport]:
        log.error("submission report %s not understood: %s", message_id, exc.reason)
        found = self.links.by_headers(headers, name)
        for entry, _ in found:
            linked = _linked(headers)
            if entry.state is OutboxState.UNKNOWN and linked and entry.message_id in (None, linked):
                # An answer proves the message was delivered, even one we cannot read.
                self.outbox.mark_sent(entry.local_id, linked)
        ids = tuple(e.local_id for e, _ in found)
        kept = self._keep(
            message_id, name, path, kind=KeptKind.NOT_UNDERSTOOD, detail=exc.reason, local_ids=ids
        )
        reasons = (f"report received, not understood: {kept}", exc.reason)
        rows: list[tuple[OutboxEntry | None, str | None]] = list(found) or [(None, None)]
        return [
            InboxReport(
                kind=ReportKind.NOT_UNDERSTOOD,
                message_id=message_id,
                file_name=Path(entry.path).name if entry else name,
                outcome=SubmissionOutcome.NOT_UNDERSTOOD,
                reasons=reasons,
                local_id=entry.local_id if entry else None,
                linked_by=by,
                kept=kept,
            )
            for entry, by in rows
        ]

    def _keep(
        self,
        message_id: str,
        name: str,
        path: Path,
        *,
        kind: KeptKind,
        detail: str,
        local_ids: list[str] | tuple[str, ...],
    ) -> str:
        """Record a saved report in the index, then acknowledge it; return where it is."""
        self.store.keep(
            KeptReport(
                message_id=message_id,
                file_name=name,
                saved=str(path),
                kind=kind,
                detail=detail,
                local_ids=tuple(local_ids),
                received_at=datetime.now(timezone.utc).isoformat(),
            )
        )
        self.transport.acknowledge(message_id)
        return str(path)

    # -- linking -------------------------------------------------------------------------------

    def _settle(
        self, entry: OutboxEntry, outcome: ReportOutcome, reasons: list[str], message_id: str | None
    ) -> str | None:
        """Record a report on its entry; a reason when the entry cannot take it."""
        if entry.state is OutboxState.REPORTED:
            return None  # a repeated report: the first one stands
        if entry.state is OutboxState.UNKNOWN:
            known = entry.message_id or message_id
            if not known:
                return "answers a send whose outcome is unknown, without a message ID: reconcile"
            # NHS England (or MESH) answered it: proof of delivery, no tracking needed.
            self.outbox.mark_sent(entry.local_id, known)
        elif entry.state is not OutboxState.SENT:
            return f"answers outbox entry {entry.local_id}, which is {entry.state.value}"
        self.outbox.mark_reported(entry.local_id, outcome, reasons)
        return None


def _linked(headers: dict[str, str]) -> str | None:
    return headers.get("mex-linkedmsgid") or None
