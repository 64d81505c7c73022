"""The columnar weekly build of OC or VC records from an event file, batch by batch.

    Arrow batches of CSV or JSON Lines (bounded block size) -> type and check the used columns
      -> London dates -> in the week? -> participating? -> keyed pseudonyms
      -> identifier scan of the output columns -> partial aggregates
      -> JSON, CSV or XML records written straight from Arrow's buffers (atomic)
    at the end: the repeated record IDs, the national rules' report, the aggregate rows

Memory is that of one batch plus the partial aggregates (practices x days x
types) and 64 small file handles; it does not grow with the input. What
differs between OC and VC (columns, typer, record fields, aggregates) is a
`Kind` (`_kinds`).

A bad row: a batch the column checks refuse is read again by the row reader's
own code (`_rowcheck`), which logs each problem as the row path logs it
(file, line, column, never the value); from the first, the file is refused:
the rest is only checked, and the build raises the row reader's very
`InputFileError`. Anything else the columns cannot prove equal to the row path
raises `NotColumnar` before the file is committed: the caller then runs the
row path on the same input.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from gponline_sdk.models.usage import OcAggregate, SubmissionHeader, VcAggregate
from gponline_sdk.reporting._textfile import ProblemLog, csv_table, open_input
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.columnar._arrow import load, load_json
from gponline_sdk.reporting.columnar._batches import Block, RowsFrom, batches
from gponline_sdk.reporting.columnar._jsonl import BOM, jsonl_batches
from gponline_sdk.reporting.columnar._kinds import Kind
from gponline_sdk.reporting.columnar._output import Layout, layout
from gponline_sdk.reporting.columnar._records import DuplicateCheck, array_bytes, pseudonyms
from gponline_sdk.reporting.columnar._rowcheck import block_problems, rest_problems
from gponline_sdk.reporting.columnar._source import GuardedFile, NotColumnar
from gponline_sdk.reporting.columnar._week import Week, in_week, participating
from gponline_sdk.reporting.event_io import csv_columns
from gponline_sdk.reporting.formats import Format, WriteSummary
from gponline_sdk.reporting.formats._atomic import atomic_output
from gponline_sdk.reporting.participation import ExclusionReport, ParticipationList
from gponline_sdk.reporting.validation.validator import DEFAULT_MAX_DETAILS

__all__ = ["DEFAULT_BLOCK_BYTES", "Columnar", "build_records"]

DEFAULT_BLOCK_BYTES = 1 << 20
"""Bytes of CSV per batch: about 6,000 events; memory is a few times this."""
_PSEUDONYM = r"^[0-9a-f]{32}$"


@attrs.frozen(kw_only=True)
class Columnar:
    """What the columnar build made of one event file."""

    summary: WriteSummary | None
    """None for a CSV file with no record: like the row path, none is written."""
    aggregates: list[OcAggregate] | list[VcAggregate]
    outside_period: int
    inside_period: int
    """Events dated in the week, before the participation list is applied."""
    exclusion: ExclusionReport | None
    repeats: int = 0
    """Records whose record ID an earlier record of the file holds (the validator's duplicates)."""
    first_repeats: list[tuple[int, str]] = attrs.field(factory=list)
    """The first `DEFAULT_MAX_DETAILS` of them in file order: (position from 0, record ID)."""


def _data_start(kind: Kind, path: Path, log: ProblemLog) -> tuple[list[str], int, int]:
    """The header's column names, where the data starts and on which line.

    Read by the row reader's own code, so a bad header raises its `InputFileError`.
    """
    with open_input(path, log) as stream:
        names, _ = csv_table(stream, log, known=csv_columns(kind.event), required=kind.required)
        start = stream.tell()
        stream.seek(0)
        # The header may span lines (a quoted line break): the data starts after them.
        return names, start, stream.read(start).count(b"\n") + 1


class _NoFile(Exception):
    """Leaves the atomic output without a file (an empty CSV week)."""


def build_records(
    kind: Kind,
    *,
    path: Path,
    dest: Path,
    header: SubmissionHeader,
    anonymiser: Anonymiser,
    participation: ParticipationList | None,
    fmt: Format = Format.JSON,
    block_bytes: int | None = None,
) -> Columnar:
    """Write `kind`'s record file `dest` in `fmt` from the CSV or JSON Lines `path`.

    See the module docstring.

    Raises:
        InputFileError: the file has bad rows (or a bad header): the row reader's error,
            problem for problem (nothing is left at `dest`).
        NotColumnar: the input needs the row path (nothing is left at `dest`).
        ImportError: pyarrow or numpy is missing.
    """
    pa, pc, pa_csv = load()
    log = ProblemLog(path)
    jsonl = path.suffix.lower() in {".jsonl", ".ndjson"}
    block = block_bytes or DEFAULT_BLOCK_BYTES
    names: list[str] | None = None
    if jsonl:
        with open_input(path, log) as stream:
            start = len(BOM) if stream.read(len(BOM)) == BOM else 0  # the row reader drops it
        guard = GuardedFile(path, start, csv=False)
        reader = jsonl_batches(pa, pc, load_json(), guard, kind=kind, block=block)
    else:
        names, start, line = _data_start(kind, path, log)
        used = [c for c in kind.used if c in names]
        guard = GuardedFile(path, start)
        reader = batches(pa, pa_csv, guard, names=names, used=used, block=block, line=line)
    out_layout = layout(fmt, header, kind.fields, bare=kind.bare, optional=kind.optional)
    try:
        return _build(
            pa,
            pc,
            kind,
            reader,
            names=names,
            log=log,
            dest=dest,
            header=header,
            anonymiser=anonymiser,
            participation=participation,
            out_layout=out_layout,
        )
    except RowsFrom as where:
        # The guard refused bytes the two readers may read differently: the row
        # reader's code reads on from the first row not yet read.
        rest_problems(kind.event, path, where, names, log)
        log.raise_if_any()
        raise NotColumnar(str(where)) from None
    except pa.ArrowException:
        # Arrow's messages may quote a row: only the fact is passed on.
        raise NotColumnar("the file's structure needs the row reader") from None
    finally:
        guard.close()


def _typed(typer: Any, block: Block) -> tuple[dict[str, Any] | None, str]:
    """The block's typed columns, or None and why the columns cannot judge it."""
    if block.batch is None:
        return None, "the file's structure needs the row reader"
    try:
        return typer.type_batch(block.batch), ""
    except NotColumnar as exc:
        return None, str(exc)


class _Records:
    """Where the kept rows of each batch go: record IDs, checks, aggregates, the file."""

    def __init__(
        self, pa: Any, pc: Any, kind: Kind, *, anonymiser: Anonymiser, out: Layout, week: Week
    ) -> None:
        self._pa, self._pc, self._anonymiser, self._layout = pa, pc, anonymiser, out
        self._data_type = kind.records
        self.duplicates = DuplicateCheck()
        self.aggregates = kind.partials(pa, pc, week)
        self.count = 0

    def add(self, write: Any, cols: dict[str, Any]) -> None:
        """Write one batch's records (`cols`, at least one row) and count them."""
        pa, pc = self._pa, self._pc
        ids = cols["event_id"]
        cols["record_id"], keys = pseudonyms(pa, pc, self._anonymiser, self._data_type, ids)
        self.duplicates.add(keys, self.count)
        _scan(pc, cols)
        self.aggregates.add(cols)
        data = array_bytes(self._layout.records(pa, pc, cols))
        write(data if self.count else data[self._layout.skip_first :])
        self.count += len(cols["event_id"])


def _same_count(block: Block, events: int, *, refused: bool) -> None:
    """Hand the file back unless Arrow read the block's rows as the row reader reads them.

    Raises:
        NotColumnar: (a file not refused yet) the two readers typed different counts: a
            line one skips and the other does not must not drop or add a record unsaid.
    """
    rows = block.batch.num_rows if block.batch is not None else events
    if not refused and events != rows:
        raise NotColumnar(f"lines from {block.line}: Arrow read {rows} events, the rows {events}")


def _build(
    pa: Any,
    pc: Any,
    kind: Kind,
    reader: Iterator[Block],
    *,
    names: list[str] | None,
    log: ProblemLog,
    dest: Path,
    header: SubmissionHeader,
    anonymiser: Anonymiser,
    participation: ParticipationList | None,
    out_layout: Layout,
) -> Columnar:
    typer = kind.typer(pa, pc)
    week = Week(pa, header.period)
    listed = None if participation is None else pa.array(sorted(participation.practices))
    exclusion = None if participation is None else ExclusionReport()
    records = _Records(pa, pc, kind, anonymiser=anonymiser, out=out_layout, week=week)
    outside = inside = 0
    refused = False  # a bad row was logged: the file is refused, the rest only checked
    summary: WriteSummary | None = None
    repeats, first_repeats = 0, list[tuple[int, str]]()
    try:
        with atomic_output(dest) as out:
            out.stream.write(out_layout.head)
            for block in reader:
                cols, why = _typed(typer, block)
                if cols is None or block.doubtful:
                    # The row reader's code says what is wrong, and where; a block with
                    # nothing wrong holds a value the row path writes in its own form,
                    # or (doubtful) was read by Arrow as the row reader reads it.
                    problems, events = block_problems(kind.event, block, names, log)
                    if problems:
                        refused = True
                        continue
                    if cols is None:
                        if not refused:
                            raise NotColumnar(why)
                        continue
                    _same_count(block, events, refused=refused)
                if refused:
                    continue
                rows = block.batch.num_rows
                cols, outside_here = in_week(pc, week, cols, rows)
                outside += outside_here
                inside += rows - outside_here
                if listed is not None and exclusion is not None:
                    cols = participating(pc, cols, listed, exclusion)
                if len(cols["event_id"]):
                    records.add(out.stream.write, cols)
            log.raise_if_any()
            repeats, first_repeats = records.duplicates.repeats(DEFAULT_MAX_DETAILS)
            if not records.count and out_layout.format is Format.CSV:
                raise _NoFile  # a CSV file carries its header on its rows: none is written
            out.stream.write(out_layout.tail(records.count))
            out.stream.flush()
            summary = WriteSummary(
                path=dest,
                format=out_layout.format.value,
                records=records.count,
                sha256=out.sha256,
                bytes=out.size,
            )
    except _NoFile:
        pass  # atomic_output has removed its temporary file
    finally:
        records.duplicates.close()
    if exclusion is not None:
        exclusion.complete = True
    return Columnar(
        summary=summary,
        aggregates=records.aggregates.rows(),
        outside_period=outside,
        inside_period=inside,
        exclusion=exclusion,
        repeats=repeats,
        first_repeats=first_repeats,
    )


def _scan(pc: Any, cols: dict[str, Any]) -> None:
    # The identifier scanner over the output columns. Every column but the record
    # ID holds a checked ODS code, an ISO date-time or a member of a closed set,
    # which `scanner` skips too; the record ID is skipped only in the pseudonym form.
    ids = cols["record_id"]
    if not pc.all(pc.match_substring_regex(ids, _PSEUDONYM)).as_py():
        raise NotColumnar("a record ID is not a pseudonym: the row scanner judges it")
