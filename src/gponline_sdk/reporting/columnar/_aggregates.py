"""Aggregates from columns: partial group-bys per batch, merged now and then.

Memory is that of the partial tables (practices x days x types), never of the
events: every `COMPACT_EVERY` batches the partials are merged into one.
"""

from __future__ import annotations

from typing import Any

from gponline_sdk.models.consultation import RequestType
from gponline_sdk.models.usage import OcAggregate
from gponline_sdk.reporting.columnar._week import Week

__all__ = ["OcPartials", "PartialGroups"]

_TYPE_ORDER = {t.value: i for i, t in enumerate(RequestType)}
_COMPACT_EVERY = 16  # partial aggregate tables merged into one every so many batches
_KEYS = ["practice_code", "date", "request_type"]


class PartialGroups:
    """Rows counted (`n`) and columns summed per group of `keys`, batch by batch."""

    def __init__(self, pa: Any, keys: list[str], sums: list[str]) -> None:
        self._pa, self._keys, self._sums = pa, keys, sums
        self._partials: list[Any] = []

    def add(self, table: Any) -> None:
        """Count and sum one batch's table (the keys and the summed columns, none null)."""
        grouped = table.group_by(self._keys, use_threads=False)
        counted = [(self._sums[0], "count"), *((c, "sum") for c in self._sums)]
        self._partials.append(self._named(grouped.aggregate(counted), f"{self._sums[0]}_count"))
        if len(self._partials) >= _COMPACT_EVERY:
            self._partials = [self.merged()]

    def merged(self) -> Any:
        """One table of every batch so far: the keys, `n` and each summed column."""
        table = self._pa.concat_tables(self._partials)
        grouped = table.group_by(self._keys, use_threads=False)
        return self._named(grouped.aggregate([("n", "sum"), *((c, "sum") for c in self._sums)]))

    def __bool__(self) -> bool:
        return bool(self._partials)

    def _named(self, result: Any, count: str = "n_sum") -> Any:
        # By name: the order of an aggregate's columns has changed between Arrow versions.
        summed = {c: result[f"{c}_sum"] for c in self._sums}
        return self._pa.table({"n": result[count], **summed, **{k: result[k] for k in self._keys}})


class OcPartials:
    """Submissions and out-of-core-hours counts per practice, London date and request type."""

    def __init__(self, pa: Any, pc: Any, week: Week) -> None:
        self._pa, self._pc, self._week = pa, pc, week
        self._groups = PartialGroups(pa, _KEYS, ["out"])

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
        self._groups.add(table)

    def rows(self) -> list[OcAggregate]:
        """The aggregate rows, in `OcAggregator.rows`'s order."""
        if not self._groups:
            return []
        rows = self._groups.merged().to_pylist()
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
