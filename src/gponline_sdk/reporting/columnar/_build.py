"""The columnar weekly build of OC records from an event file, batch by batch.

    Arrow CSV batches (bounded block size) -> type and check the used columns
      -> London dates -> in the week? -> participating? -> keyed pseudonyms
      -> identifier scan of the output columns -> partial aggregates
      -> JSON, CSV or XML records written straight from Arrow's buffers (atomic)
    at the end: the duplicate-ID check, the national rules' report, the aggregate rows

Memory is that of one batch plus the partial aggregates (practices x days x
types) and 64 small file handles; it does not grow with the input. Anything
the columns cannot prove equal to the row path raises `NotColumnar` before the
file is committed: the caller then runs the row path on the same input.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs

from gponline_sdk.errors import InputFileError
from gponline_sdk.models.consultation import RequestType
from gponline_sdk.models.identifiers import OdsCode
from gponline_sdk.models.schedule import CORE_HOURS, ReportingPeriod
from gponline_sdk.models.usage import OcAggregate, SubmissionHeader
from gponline_sdk.reporting._textfile import ProblemLog, csv_table, open_input
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.columnar._arrow import load
from gponline_sdk.reporting.columnar._batches import batches
from gponline_sdk.reporting.columnar._columns import USED_COLUMNS, Typer
from gponline_sdk.reporting.columnar._output import Layout, layout
from gponline_sdk.reporting.columnar._records import DuplicateCheck, array_bytes, pseudonyms
from gponline_sdk.reporting.columnar._source import GuardedFile, NotColumnar
from gponline_sdk.reporting.event_io import csv_columns
from gponline_sdk.reporting.events import OcEvent
from gponline_sdk.reporting.formats import Format, WriteSummary
from gponline_sdk.reporting.formats._atomic import atomic_output
from gponline_sdk.reporting.participation import ExclusionReason, ExclusionReport, ParticipationList

__all__ = ["DEFAULT_BLOCK_BYTES", "OcColumnar", "build_oc_records"]

DEFAULT_BLOCK_BYTES = 1 << 20
"""Bytes of CSV per batch: about 6,000 events; memory is a few times this."""
_REQUIRED = ("event_id", "practice_code", "submitted_at", "category")
_TYPE_ORDER = {t.value: i for i, t in enumerate(RequestType)}
_PSEUDONYM = r"^[0-9a-f]{32}$"
_COMPACT_EVERY = 16  # partial aggregate tables merged into one every so many batches
_EPOCH = date(1970, 1, 1)
_KEYS = ["practice_code", "date", "request_type"]


@attrs.frozen(kw_only=True)
class OcColumnar:
    """What the columnar build made of one OC event file."""

    summary: WriteSummary | None
    """None for a CSV file with no record: like the row path, none is written."""
    aggregates: list[OcAggregate]
    outside_period: int
    inside_period: int
    """Events dated in the week, before the participation list is applied."""
    exclusion: ExclusionReport | None


def _data_start(path: Path) -> tuple[list[str], int]:
    """The header's column names and where the data starts, read by the row helpers."""
    log = ProblemLog(path)
    with open_input(path, log) as stream:
        try:
            names, _ = csv_table(stream, log, known=csv_columns(OcEvent), required=_REQUIRED)
        except InputFileError:
            raise NotColumnar("the header needs the row reader") from None
        return names, stream.tell()


class _NoFile(Exception):
    """Leaves the atomic output without a file (an empty CSV week)."""


class _Week:
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
        day = pc.subtract(local_date.cast(pa.int32()), self.epoch_day)
        is_open = pc.and_(
            pc.greater_equal(utc, pc.take(self.opens, day)),
            pc.less(utc, pc.take(self.closes, day)),
        )
        return pc.invert(is_open).cast(pa.int64())


def build_oc_records(
    *,
    path: Path,
    dest: Path,
    header: SubmissionHeader,
    anonymiser: Anonymiser,
    participation: ParticipationList | None,
    fmt: Format = Format.JSON,
    block_bytes: int | None = None,
) -> OcColumnar:
    """Write the OC record file `dest` in `fmt` from the CSV `path`; see the module docstring.

    Raises:
        NotColumnar: the input needs the row path (nothing is left at `dest`).
        ImportError: pyarrow or numpy is missing.
    """
    pa, pc, pa_csv = load()
    names, start = _data_start(path)
    used = [c for c in USED_COLUMNS if c in names]
    guard = GuardedFile(path, start)
    try:
        block = block_bytes or DEFAULT_BLOCK_BYTES
        reader = batches(pa, pa_csv, guard, names=names, used=used, block=block)
        return _build(
            pa,
            pc,
            reader,
            guard=guard,
            dest=dest,
            header=header,
            anonymiser=anonymiser,
            participation=participation,
            out_layout=layout(fmt, header),
        )
    except pa.ArrowException:
        # Arrow's messages may quote a row: only the fact is passed on.
        raise NotColumnar(guard.problem or "the CSV structure needs the row reader") from None
    finally:
        guard.close()


def _build(
    pa: Any,
    pc: Any,
    reader: Any,
    *,
    guard: GuardedFile,
    dest: Path,
    header: SubmissionHeader,
    anonymiser: Anonymiser,
    participation: ParticipationList | None,
    out_layout: Layout,
) -> OcColumnar:
    typer = Typer(pa, pc)
    week = _Week(pa, header.period)
    listed = None if participation is None else pa.array(sorted(participation.practices))
    exclusion = None if participation is None else ExclusionReport()
    partials: list[Any] = []
    outside = inside = count = 0
    duplicates = DuplicateCheck()
    summary: WriteSummary | None = None
    try:
        with atomic_output(dest) as out:
            write = out.stream.write
            write(out_layout.head)
            for batch in reader:
                if guard.problem is not None:
                    raise NotColumnar(guard.problem)
                cols = typer.type_batch(batch)
                cols, outside_here = _in_week(pc, week, cols, batch.num_rows)
                outside += outside_here
                inside += batch.num_rows - outside_here
                if listed is not None and exclusion is not None:
                    cols = _participating(pc, cols, listed, exclusion)
                n = len(cols["event_id"])
                if not n:
                    continue
                cols["record_id"], keys = pseudonyms(pa, pc, anonymiser, cols["event_id"])
                duplicates.add(keys)
                _scan(pc, cols)
                partials.append(_partial(pa, pc, week, cols))
                if len(partials) >= _COMPACT_EVERY:
                    partials = [_merge(pa, partials)]
                data = array_bytes(out_layout.records(pc, cols))
                write(data if count else data[out_layout.skip_first :])
                count += n
            if guard.problem is not None:
                raise NotColumnar(guard.problem)
            if duplicates.any_repeated():
                raise NotColumnar("a record ID repeats: the row path reports each duplicate")
            if not count and out_layout.format is Format.CSV:
                raise _NoFile  # a CSV file carries its header on its rows: none is written
            write(out_layout.tail(count))
            out.stream.flush()
            summary = WriteSummary(
                path=dest,
                format=out_layout.format.value,
                records=count,
                sha256=out.sha256,
                bytes=out.size,
            )
    except _NoFile:
        pass  # atomic_output has removed its temporary file
    finally:
        duplicates.close()
    if exclusion is not None:
        exclusion.complete = True
    return OcColumnar(
        summary=summary,
        aggregates=_aggregate_rows(pa, partials),
        outside_period=outside,
        inside_period=inside,
        exclusion=exclusion,
    )


def _in_week(pc: Any, week: _Week, cols: dict[str, Any], rows: int) -> tuple[dict[str, Any], int]:
    local = cols["local_date"]
    mask = pc.and_(pc.greater_equal(local, week.first), pc.less_equal(local, week.last))
    kept = pc.sum(mask).as_py() or 0
    if kept == rows:
        return cols, 0
    return {k: pc.filter(v, mask) for k, v in cols.items()}, rows - kept


def _participating(
    pc: Any, cols: dict[str, Any], listed: Any, report: ExclusionReport
) -> dict[str, Any]:
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


def _scan(pc: Any, cols: dict[str, Any]) -> None:
    # The identifier scanner over the output columns. Every column but the record
    # ID holds a checked ODS code, an ISO date-time or a member of a closed set,
    # which `scanner` skips too; the record ID is skipped only in the pseudonym form.
    ids = cols["record_id"]
    if not pc.all(pc.match_substring_regex(ids, _PSEUDONYM)).as_py():
        raise NotColumnar("a record ID is not a pseudonym: the row scanner judges it")


def _partial(pa: Any, pc: Any, week: _Week, cols: dict[str, Any]) -> Any:
    table = pa.table(
        {
            "practice_code": cols["practice_code"],
            "date": cols["local_date"],
            "request_type": cols["request_type"],
            "out": week.out_of_hours(pa, pc, cols["local_date"], cols["utc"]),
        }
    )
    grouped = table.group_by(_KEYS, use_threads=False)
    return _named(pa, grouped.aggregate([("out", "count"), ("out", "sum")]), "out_count")


def _merge(pa: Any, partials: list[Any]) -> Any:
    table = pa.concat_tables(partials)
    grouped = table.group_by(_KEYS, use_threads=False)
    return _named(pa, grouped.aggregate([("n", "sum"), ("out", "sum")]), "n_sum")


def _named(pa: Any, result: Any, count: str) -> Any:
    # By name: the order of an aggregate's columns has changed between Arrow versions.
    return pa.table({"n": result[count], "out": result["out_sum"], **{k: result[k] for k in _KEYS}})


def _aggregate_rows(pa: Any, partials: list[Any]) -> list[OcAggregate]:
    if not partials:
        return []
    rows = _merge(pa, partials).to_pylist()
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
