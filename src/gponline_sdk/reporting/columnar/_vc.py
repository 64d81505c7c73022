"""VC events as columns: typing a batch as the row reader would, and the VC aggregates.

The row reader reads `session_id`, `practice_code`, `scheduled_start`, `status`
and `duration_minutes` (`_event_columns`), and `VcEvent`'s validators check
the rest (a reference, at most 24 hours). As for OC (`_columns`), each column
is checked whole against a rule at least as strict; a batch holding anything
else raises `NotColumnar`, and the row reader's own code then says what is
wrong and where (`_rowcheck`), or the row path builds the file.

Aggregates (`VcAggregator`): per practice and London date of the scheduled
start, every session counts as scheduled, the completed ones as completed, and
their minutes (none given: 0) in the total.
"""

from __future__ import annotations

from typing import Any

from gponline_sdk.models.consultation import VideoSessionStatus
from gponline_sdk.models.usage import VcAggregate
from gponline_sdk.reporting.columnar._aggregates import PartialGroups
from gponline_sdk.reporting.columnar._columns import EVENT_ID, ODS, ColumnChecks
from gponline_sdk.reporting.events import MAX_VIDEO_MINUTES

__all__ = ["VC_USED_COLUMNS", "VcPartials", "VcTyper"]

VC_USED_COLUMNS = ("session_id", "practice_code", "scheduled_start", "status", "duration_minutes")
"""The VC columns the weekly build reads; the identifier ones are never read."""

_COMPLETED = VideoSessionStatus.COMPLETED.value


class VcTyper(ColumnChecks):
    """Checks and types the used columns of a batch of VC events (see the module docstring)."""

    def __init__(self, pa: Any, pc: Any) -> None:
        super().__init__(pa, pc)
        self._statuses = pa.array([s.value for s in VideoSessionStatus])

    def type_batch(self, batch: Any) -> dict[str, Any]:
        """The typed columns of one batch, or `NotColumnar`.

        Returns:
            `event_id` (the session reference), `practice_code`, `scheduled_start`
            (the text the record file holds), `utc` (int64 seconds), `local_date`
            (date32, Europe/London), `status` and `duration_minutes` (int64, null
            where none was given).
        """
        pa, pc = self._pa, self._pc
        match = pc.match_substring_regex
        session_id = self._column(batch, "session_id")
        self._all(match(session_id, EVENT_ID), "session_id")
        practice = self._column(batch, "practice_code")
        self._all(match(practice, ODS), "practice_code")
        status = self._column(batch, "status")
        self._all(pc.is_in(status, value_set=self._statuses), "status")
        blank, minutes = self._count(batch, "duration_minutes", MAX_VIDEO_MINUTES)
        utc, shown, local_date = self._instants(batch, "scheduled_start")
        return {
            "event_id": session_id,
            "practice_code": practice,
            "scheduled_start": shown,
            "utc": utc,
            "local_date": local_date,
            "status": status,
            "duration_minutes": pc.if_else(blank, pa.scalar(None, pa.int64()), minutes),
        }


class VcPartials:
    """Scheduled, completed and their minutes per practice and London date, batch by batch."""

    def __init__(self, pa: Any, pc: Any, week: object) -> None:
        del week  # VC aggregates have no core hours
        self._pa, self._pc = pa, pc
        self._groups = PartialGroups(pa, ["practice_code", "date"], ["completed", "minutes"])

    def add(self, cols: dict[str, Any]) -> None:
        """Count one batch's records."""
        pa, pc = self._pa, self._pc
        completed = pc.equal(cols["status"], _COMPLETED)
        minutes = pc.if_else(completed, pc.fill_null(cols["duration_minutes"], 0), 0)
        table = pa.table(
            {
                "practice_code": cols["practice_code"],
                "date": cols["local_date"],
                "completed": completed.cast(pa.int64()),
                "minutes": minutes,
            }
        )
        self._groups.add(table)

    def rows(self) -> list[VcAggregate]:
        """The aggregate rows, in `VcAggregator.rows`'s order."""
        if not self._groups:
            return []
        rows = self._groups.merged().to_pylist()
        rows.sort(key=lambda r: (r["practice_code"], r["date"]))
        return [
            VcAggregate(
                practice_code=r["practice_code"],
                date=r["date"],
                scheduled=r["n"],
                completed=r["completed"],
                total_minutes=r["minutes"],
            )
            for r in rows
        ]
