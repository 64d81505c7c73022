"""The week's rules over whole columns: in the week (London dates), participating, core hours."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gponline_sdk.models.identifiers import OdsCode
from gponline_sdk.models.schedule import CORE_HOURS, ReportingPeriod
from gponline_sdk.reporting.participation import ExclusionReason, ExclusionReport

__all__ = ["Week", "in_week", "participating"]

_EPOCH = date(1970, 1, 1)


class Week:
    """The in-week and core-hours rules of one period, as columns."""

    def __init__(self, pa: Any, period: ReportingPeriod) -> None:
        self.first = pa.scalar(period.start, pa.date32())
        self.last = pa.scalar(period.end, pa.date32())
        self.epoch_day = (period.start - _EPOCH).days
        opens, closes = [], []
        for offset in range(7):
            day = period.start + timedelta(days=offset)
            # The same windows `OcAggregator` uses; a closed day never opens.
            found = next(iter(CORE_HOURS.core_hours_windows(day, day)), None)
            opens.append(0 if found is None else int(found[0].timestamp()))
            closes.append(0 if found is None else int(found[1].timestamp()))
        self.opens, self.closes = pa.array(opens, pa.int64()), pa.array(closes, pa.int64())

    def out_of_hours(self, pa: Any, pc: Any, local_date: Any, utc: Any) -> Any:
        """1 for each instant outside its London day's core hours, else 0 (int64)."""
        day = pc.subtract(local_date.cast(pa.int32()), self.epoch_day)
        is_open = pc.and_(
            pc.greater_equal(utc, pc.take(self.opens, day)),
            pc.less(utc, pc.take(self.closes, day)),
        )
        return pc.invert(is_open).cast(pa.int64())


def in_week(pc: Any, week: Week, cols: dict[str, Any], rows: int) -> tuple[dict[str, Any], int]:
    """The columns of the rows dated in the week, and how many were not."""
    local = cols["local_date"]
    mask = pc.and_(pc.greater_equal(local, week.first), pc.less_equal(local, week.last))
    kept = pc.sum(mask).as_py() or 0
    if kept == rows:
        return cols, 0
    return {k: pc.filter(v, mask) for k, v in cols.items()}, rows - kept


def participating(
    pc: Any, cols: dict[str, Any], listed: Any, report: ExclusionReport
) -> dict[str, Any]:
    """The columns of the rows whose practice is listed; the others counted in `report`."""
    practice = cols["practice_code"]
    mask = pc.is_in(practice, value_set=listed)
    kept = pc.sum(mask).as_py() or 0
    report.kept += kept
    if kept == len(practice):
        return cols
    # value_counts keeps first appearance order: the report's practices come in the
    # order the row path meets them.
    for item in pc.value_counts(pc.filter(practice, pc.invert(mask))).to_pylist():
        key = (OdsCode(item["values"]), ExclusionReason.NOT_LISTED)
        report.excluded[key] = report.excluded.get(key, 0) + item["counts"]
    return {k: pc.filter(v, mask) for k, v in cols.items()}
