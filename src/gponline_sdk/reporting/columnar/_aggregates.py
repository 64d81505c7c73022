"""OC aggregates from columns: partial group-bys per batch, merged now and then.

Memory is that of the partial tables (practices x days x types), never of the
events: every `COMPACT_EVERY` batches the partials are merged into one.
"""

from __future__ import annotations

from typing import Any

from gponline_sdk.models.consultation import RequestType
from gponline_sdk.models.usage import OcAggregate
from gponline_sdk.reporting.columnar._week import Week

__all__ = ["OcPartials"]

_TYPE_ORDER = {t.value: i for i, t in enumerate(RequestType)}
_COMPACT_EVERY = 16  # partial aggregate tables merged into one every so many batches
_KEYS = ["practice_code", "date", "request_type"]


class OcPartials:
    """Submissions and out-of-core-hours counts per practice, London date and request type."""

    def __init__(self, pa: Any, pc: Any, week: Week) -> None:
        self._pa, self._pc, self._week = pa, pc, week
        self._partials: list[Any] = []

    def add(self, cols: dict[str, Any]) -> None:
        """Count one batch's records."""
        pa, pc = self._pa, self._pc
        table = pa.table(
            {
                "practice_code": cols["practice_code"],
                "date": cols["local_date"],
                "request_type": cols["request_type"],
                "out": self._week.out_of_hours(pa, pc, cols["local_date"], cols["utc"]),
            }
        )
        grouped = table.group_by(_KEYS, use_threads=False)
        self._partials.append(_named(pa, grouped.aggregate([("out", "count"), ("out", "sum")])))
        if len(self._partials) >= _COMPACT_EVERY:
            self._partials = [self._merged()]

    def _merged(self) -> Any:
        table = self._pa.concat_tables(self._partials)
        grouped = table.group_by(_KEYS, use_threads=False)
        return _named(self._pa, grouped.aggregate([("n", "sum"), ("out", "sum")]), "n_sum")

    def rows(self) -> list[OcAggregate]:
        """The aggregate rows, in `OcAggregator.rows`'s order."""
        if not self._partials:
            return []
        rows = self._merged().to_pylist()
        rows.sort(key=lambda r: (r["practice_code"], r["date"], _TYPE_ORDER[r["request_type"]]))
        return [
            OcAggregate(
                practice_code=r["practice_code"],
                date=r["date"],
                request_type=RequestType(r["request_type"]),
                submissions=r["n"],
                submissions_out_of_core_hours=r["out"],
            )
            for r in rows
        ]


def _named(pa: Any, result: Any, count: str = "out_count") -> Any:
    # By name: the order of an aggregate's columns has changed between Arrow versions.
    return pa.table({"n": result[count], "out": result["out_sum"], **{k: result[k] for k in _KEYS}})
