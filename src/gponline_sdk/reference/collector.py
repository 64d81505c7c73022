"""A reference collector: NHS England's side of the weekly collection, for local runs.

It takes submissions from its MESH mailbox, validates each with the same rules
the SDK applies before sending (`reporting.validate`), keeps the latest
accepted submission per supplier, week and data type (a corrected file
replaces the earlier one), stores the accepted records in SQLite, and sends a
submission report back to the sender's mailbox. It is a stand-in for demos,
tests and suppliers' own integration runs: not NHS England's pipeline.

Processing order per message: store (one transaction) -> send the report ->
acknowledge. A crash before the acknowledgement means the message is seen
again; it is recognised by its message ID and only the report is resent
(the supplier's client ignores a repeated report).
"""

from __future__ import annotations

import io
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Collection
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from gponline_sdk.errors import InputFileError
from gponline_sdk.mesh import MeshTransport
from gponline_sdk.national import active_profile
from gponline_sdk.reporting.bulk.rules import bulk_range_of
from gponline_sdk.reporting.formats import open_submission
from gponline_sdk.reporting.reports import (
    REPORT_WORKFLOW_ID,
    SUBMISSION_WORKFLOW_ID,
    SubmissionOutcome,
    SubmissionReport,
    write_xlsx_report,
)
from gponline_sdk.reporting.validate import (
    DEFAULT_DUPLICATE_MEMORY,
    Participating,
    ReasonCode,
    SubmissionValidator,
    ValidationReport,
)
from gponline_sdk.serde import from_json, to_json, unstructure

__all__ = ["Collector"]

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    message_id TEXT PRIMARY KEY,
    sender TEXT NOT NULL,
    local_id TEXT,
    file_name TEXT NOT NULL,
    supplier_id TEXT,
    week TEXT,
    data_type TEXT,
    received_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    is_latest INTEGER NOT NULL DEFAULT 0,
    report TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    message_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (message_id, seq)
);
"""


class Collector:
    """Process a collector mailbox: validate, store the latest, report back.

    Args:
        transport: A transport logged in as the collector's mailbox.
        store: The SQLite file for submissions and accepted records.
        work_dir: Where downloaded files are kept while they are processed.
        participating: The practices on this week's participation list (None: all).
        now: The clock (UTC), injectable for tests.
        duplicate_memory: The validator's cap on duplicate detection (bytes; None: unbounded).
        workflows: The workflow IDs taken (others are left in the inbox): by default the
            weekly one. Messages under the profile's bulk workflow (`BULK_UPLOAD`) are
            checked with the bulk rules (many weeks a file), so a collector given
            `workflows={BULK_UPLOAD}` plays NHS England's TEST or LIVE bulk mailbox.
    """

    def __init__(
        self,
        transport: MeshTransport,
        store: Path,
        *,
        work_dir: Path,
        participating: Participating = None,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        duplicate_memory: int | None = DEFAULT_DUPLICATE_MEMORY,
        workflows: Collection[str] = (SUBMISSION_WORKFLOW_ID,),
    ) -> None:
        self.transport = transport
        self.workflows = frozenset(workflows)
        self.duplicate_memory = duplicate_memory
        self.work_dir = Path(work_dir)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.participating = participating
        self._now = now
        self._db = sqlite3.connect(store, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the store."""
        self._db.close()

    def process_inbox(self) -> list[SubmissionReport]:
        """Handle every submission waiting in the mailbox; return the reports sent."""
        with self._lock:
            sent = []
            for message_id in self.transport.inbox():
                headers = self.transport.headers(message_id)
                if headers.get("mex-workflowid") not in self.workflows:
                    continue  # not a workflow this collector takes: leave it for whoever it is for
                report = self._known(message_id) or self._process(message_id, headers)
                self._send_report(report, sender=headers.get("mex-from", ""))
                self.transport.acknowledge(message_id)
                sent.append(report)
            return sent

    def run(self, stop: threading.Event, *, interval: float = 2.0) -> None:
        """Process the inbox every `interval` seconds until `stop` is set."""
        while not stop.is_set():
            try:
                self.process_inbox()
            except Exception:  # the loop must outlive one bad poll; it is logged
                log.exception("collector poll failed")
            stop.wait(interval)

    # -- one submission ---------------------------------------------------------------------

    def _known(self, message_id: str) -> SubmissionReport | None:
        row = self._db.execute(
            "SELECT report FROM submissions WHERE message_id = ?", (message_id,)
        ).fetchone()
        return None if row is None else from_json(row[0], SubmissionReport)

    def _process(self, message_id: str, headers: dict[str, str]) -> SubmissionReport:
        received = self._now()
        name = Path(headers.get("mex-filename") or f"{message_id}.dat").name
        path = self.work_dir / f"{message_id}_{name}"
        self.transport.download_to(message_id, path)
        db = self._db
        try:
            # One transaction: accepted records stream into the store as they are
            # validated, and a file rejected part-way leaves nothing behind.
            db.execute("BEGIN IMMEDIATE")
            bulk = headers.get("mex-workflowid") == active_profile().workflow("bulk")
            validation = self._validate_into(path, name, message_id, bulk=bulk)
            report = self._record(message_id, headers, name, received, validation)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            path.unlink(missing_ok=True)
        log.info("submission %s: %s", message_id, report.outcome.value)
        return report

    def _validate_into(
        self, path: Path, name: str, message_id: str, *, bulk: bool = False
    ) -> ValidationReport:
        # Accepted records are stored as they stream; with bounded duplicate
        # memory a stored record can prove a late duplicate when the validator
        # reports, and is deleted then, in the same transaction. This keeps
        # memory flat for big files; `duplicate_memory=None` would make
        # `check_record`'s answer final at the price of unbounded memory.
        insert = "INSERT INTO records VALUES (?,?,?)"
        with SubmissionValidator(
            participating=self.participating,
            source=name,
            duplicate_memory=self.duplicate_memory,
            spill_dir=self.work_dir,
            bulk=bulk_range_of(name) if bulk else None,  # the weeks its name declares
        ) as validator:
            try:
                with open_submission(path) as reader:
                    validator.check_header(reader.header_raw)
                    if reader.declared_fields is not None:
                        validator.check_declared_fields(reader.declared_fields)
                    validator.check_file_name(name)
                    # seq counts check_record calls: the position late duplicates are named by.
                    for seq, raw in enumerate(reader.raw_records()):
                        record = validator.check_record(raw)
                        if record is not None:
                            row = orjson.dumps(unstructure(record)).decode()
                            self._db.execute(insert, (message_id, seq, row))
            except InputFileError as exc:
                first = exc.problems[0]
                validator.reject_file(ReasonCode.UNPARSEABLE, first.message, first.location)

            def drop(seq: int) -> None:
                self._db.execute(
                    "DELETE FROM records WHERE message_id=? AND seq=?", (message_id, seq)
                )

            report = validator.report(on_late_duplicate=drop)
        if report.rejected:
            self._db.execute("DELETE FROM records WHERE message_id=?", (message_id,))
        return report

    def _record(
        self,
        message_id: str,
        headers: dict[str, str],
        name: str,
        received: datetime,
        validation: ValidationReport,
    ) -> SubmissionReport:
        key = _key_of(validation)
        accepted = not validation.rejected
        replaced = self._retire(key) if accepted and key is not None else None
        report = SubmissionReport(
            message_id=message_id,
            local_id=headers.get("mex-localid") or None,
            file_name=name,
            received_at=received,
            processed_at=self._now(),
            outcome=SubmissionOutcome.ACCEPTED if accepted else SubmissionOutcome.REJECTED,
            replaced_message_id=replaced,
            validation=validation,
        )
        self._db.execute(
            "INSERT INTO submissions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                message_id,
                headers.get("mex-from", ""),
                report.local_id,
                name,
                *(key or (None, None, None)),
                received.isoformat(),
                report.outcome.value,
                int(accepted and key is not None),
                to_json(report).decode(),
            ),
        )
        return report

    def _retire(self, key: tuple[str, str, str]) -> str | None:
        row = self._db.execute(
            "SELECT message_id FROM submissions WHERE supplier_id=? AND week=? AND data_type=?"
            " AND is_latest=1",
            key,
        ).fetchone()
        if row is None:
            return None
        self._db.execute("UPDATE submissions SET is_latest=0 WHERE message_id=?", (row[0],))
        self._db.execute("DELETE FROM records WHERE message_id=?", (row[0],))
        return str(row[0])

    def _send_report(self, report: SubmissionReport, *, sender: str) -> None:
        if not sender:
            log.warning("submission %s has no sender; no report sent", report.message_id)
            return
        # NHS England answers with an Excel file (confirmed); the layout and the
        # workflow ID are the national profile's (provisional).
        body = io.BytesIO()
        write_xlsx_report(report, body)
        body.seek(0)
        self.transport.send(
            body,
            filename=f"{report.file_name}.report.xlsx",
            local_id=uuid.uuid4().hex,
            subject=f"Submission report for {report.message_id}",
            workflow_id=REPORT_WORKFLOW_ID,
            recipient=sender,
        )

    # -- what is stored ---------------------------------------------------------------------

    def latest_records(self, supplier_id: str, week: str, data_type: str) -> list[dict[str, Any]]:
        """The accepted records of the latest submission for a supplier, week and data type."""
        rows = self._db.execute(
            "SELECT r.record FROM records r JOIN submissions s USING (message_id)"
            " WHERE s.supplier_id=? AND s.week=? AND s.data_type=? AND s.is_latest=1"
            " ORDER BY r.seq",
            (supplier_id, week, data_type),
        ).fetchall()
        return [orjson.loads(r[0]) for r in rows]

    def submissions(self) -> list[dict[str, Any]]:
        """Every submission received: message ID, sender, key, outcome, whether latest."""
        cols = ("message_id", "sender", "file_name", "supplier_id", "week", "data_type")
        rows = self._db.execute(
            f"SELECT {', '.join(cols)}, outcome, is_latest FROM submissions"  # noqa: S608 - fixed names
            " ORDER BY received_at"
        ).fetchall()
        return [dict(zip((*cols, "outcome", "is_latest"), r, strict=True)) for r in rows]


def _key_of(report: ValidationReport) -> tuple[str, str, str] | None:
    if report.supplier_id is None or report.period is None or report.data_type is None:
        return None
    return (str(report.supplier_id), report.period.iso_week, report.data_type.value)
