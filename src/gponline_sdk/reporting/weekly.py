"""Build one week's submission files from a supplier's events, in one streaming pass each.

    events -> in this week? -> anonymise -> participating? -> identifier scan
           -> aggregate (as they pass) -> the national rules -> the record file (atomic)
    counts -> the national rules -> the aggregate file (atomic)

Memory stays flat in the number of events: records stream from the reader to
the writer, checked on the way as NHS England will check them; only the
aggregate counters (practices x days x types) and, up to a fixed cap (24 MiB,
then temporary files), the validator's duplicate-ID digests grow. Nothing is
sent here: queue the result with `ReportingClient.queue`.

>>> from gponline_sdk.models import ReportingPeriod
>>> submission_file_name("ACME-OC", DataType.OC_RECORD, ReportingPeriod.from_iso_week("2026-W47"))
'ACME-OC_oc_record_2026-W47.json'
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal, TypeVar

import attrs

from gponline_sdk.errors import ConfigError, SubmissionError
from gponline_sdk.mesh import Outbox, OutboxEntry
from gponline_sdk.models.identifiers import SupplierId
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType, Incident, NationalRecord, SubmissionHeader
from gponline_sdk.national import active_profile
from gponline_sdk.reporting._staging import Staging, recover
from gponline_sdk.reporting.aggregate import OcAggregator, VcAggregator, local_date
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.columnar import EXTRA_HINT, NotColumnar, available
from gponline_sdk.reporting.event_io import read_events
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.reporting.formats import Format, WriteSummary, record_locator, write_submission
from gponline_sdk.reporting.participation import ExclusionReport, ParticipationList
from gponline_sdk.reporting.scanner import IdentifierScanner
from gponline_sdk.reporting.validate import SubmissionValidator, ValidationReport

__all__ = [
    "ENGINES",
    "BuiltFile",
    "Engine",
    "WeekBuild",
    "WeekBuilder",
    "build_week",
    "submission_file_name",
]

log = logging.getLogger(__name__)
T = TypeVar("T")
Engine = Literal["auto", "row", "columnar"]
"""How an event *file* is read: `row` (event by event), `columnar` (Arrow batches,
the `columnar` extra) or `auto` (columnar when pyarrow is installed)."""
ENGINES: tuple[Engine, ...] = ("auto", "row", "columnar")
_EXTENSIONS = {Format.JSON: "json", Format.CSV: "csv", Format.XML: "xml"}


def submission_file_name(
    supplier_id: str, data_type: DataType, period: ReportingPeriod, fmt: Format = Format.JSON
) -> str:
    """The file name of one data type's submission for one week (the profile's pattern)."""
    return active_profile().file_name(
        "weekly",
        supplier_id=supplier_id,
        data_type=data_type.wire_name,
        week=period.iso_week,
        ext=_EXTENSIONS[fmt],
    )


@attrs.frozen(kw_only=True)
class BuiltFile:
    """One written submission file and what the national rules say of it."""

    data_type: DataType
    path: Path
    records: int
    sha256: str
    size: int
    validation: ValidationReport

    @property
    def clean(self) -> bool:
        """True when NHS England's rules would accept the file and every record in it."""
        return not self.validation.rejected and self.validation.records_rejected == 0


@attrs.define(kw_only=True)
class WeekBuild:
    """Everything built for one week, with what was left out and why."""

    supplier_id: SupplierId
    period: ReportingPeriod
    files: list[BuiltFile] = attrs.field(factory=list)
    outside_period: int = 0
    """Events dated outside the week, left out (they belong to another week's file)."""
    inside_period: int = 0
    """Events dated in the week (before the participation list is applied)."""
    exclusions: list[ExclusionReport] = attrs.field(factory=list)
    """Records left out because their practice is not on the participation list."""
    empty: list[DataType] = attrs.field(factory=list)
    """Data types with no records this week and no file: CSV carries its header in
    each row, so it cannot say "none" (JSON and XML write an explicit empty file)."""
    queued: list[OutboxEntry] = attrs.field(factory=list)
    """The outbox entries recorded for these files (`build_week(queue=...)`)."""

    @property
    def clean(self) -> bool:
        """True when every file would be accepted whole."""
        return all(f.clean for f in self.files)

    def excluded_records(self) -> int:
        """Records left out by the participation list, over all files."""
        return sum(r.total_excluded for r in self.exclusions)


class WeekBuilder:
    """Builds the week's files for one supplier into `out_dir`.

    Args:
        supplier_id: The supplier's ID in the national collection.
        period: The reporting week (Monday to Sunday).
        anonymiser: Turns events into national records (holds the pseudonym key).
        participation: The practices approved on CQRS this week; None sends
            every practice (only for tests and local demos).
        out_dir: Where the files are written (atomically).
        fmt: JSON, CSV or XML.
        generated_at: The header's generation time (now, by default).
    """

    def __init__(
        self,
        *,
        supplier_id: str,
        period: ReportingPeriod,
        anonymiser: Anonymiser,
        participation: ParticipationList | None,
        out_dir: Path,
        fmt: Format = Format.JSON,
        generated_at: datetime | None = None,
    ) -> None:
        self.build = WeekBuild(supplier_id=SupplierId(supplier_id), period=period)
        self._anonymiser = anonymiser
        self._participation = participation
        self._out_dir = Path(out_dir)
        self._fmt = fmt
        self._generated_at = generated_at or datetime.now(timezone.utc)
        self._scanner = IdentifierScanner()

    def online_consultations(self, events: Iterable[OcEvent]) -> WeekBuild:
        """Write the OC record and OC aggregate files from online consultation events."""
        in_week = self._in_week(events, lambda e: e.submitted_at)
        records = self._participating(self._anonymiser.oc_records(in_week))
        counter = OcAggregator()
        self._write(DataType.OC_RECORD, counter.observe(records))
        self._write(DataType.OC_AGGREGATE, counter.rows())
        return self.build

    def online_consultations_file(self, path: str | Path, *, engine: Engine = "auto") -> WeekBuild:
        """Write the OC record and OC aggregate files from an event file (.csv or .jsonl).

        The file is read with `skip_identifiers=True` (the identifier and
        free-text columns are never read). With the columnar engine the file
        is built in Arrow batches (`reporting.columnar`) into the same files and
        reports as the row path; an input it does not handle yet (see there)
        is built by the row path instead, which a debug log line says.

        Raises:
            ConfigError: `engine="columnar"` without the `columnar` extra.
            InputFileError: bad rows (file, line, column), on either engine the same error.
        """
        return self._events_file(Path(path), engine, "OC")

    def video_consultations_file(self, path: str | Path, *, engine: Engine = "auto") -> WeekBuild:
        """Write the VC record and VC aggregate files from an event file (.csv or .jsonl).

        As `online_consultations_file`, for video consultation events.

        Raises:
            ConfigError: `engine="columnar"` without the `columnar` extra.
            InputFileError: bad rows (file, line, column), on either engine the same error.
        """
        return self._events_file(Path(path), engine, "VC")

    def _events_file(self, target: Path, engine: Engine, kind: Literal["OC", "VC"]) -> WeekBuild:
        reason = self._not_columnar(target, engine)
        if reason is None:
            try:
                return self._columnar(target, kind)
            except NotColumnar as exc:
                reason = str(exc)
        log.debug("%s: row path (%s)", target.name, reason)
        if kind == "OC":
            return self.online_consultations(read_events(target, OcEvent, skip_identifiers=True))
        return self.video_consultations(read_events(target, VcEvent, skip_identifiers=True))

    def _not_columnar(self, path: Path, engine: Engine) -> str | None:
        """Why this input takes the row path, or None to try the columnar one."""
        if engine == "row":
            return "the row engine was asked for"
        if not available():
            if engine == "columnar":
                raise ConfigError(f"the columnar engine needs pyarrow and numpy: {EXTRA_HINT}")
            return "pyarrow is not installed"
        if path.suffix.lower() not in {".csv", ".jsonl", ".ndjson"}:
            return "only CSV and JSON Lines event files are columnar"
        return None

    def _columnar(self, path: Path, kind_name: Literal["OC", "VC"]) -> WeekBuild:
        from gponline_sdk.reporting.columnar import _kinds  # noqa: PLC0415
        from gponline_sdk.reporting.columnar._build import build_records  # noqa: PLC0415

        kind = _kinds.OC if kind_name == "OC" else _kinds.VC
        header = self._header(kind.records)
        name = submission_file_name(self.build.supplier_id, kind.records, header.period, self._fmt)
        self._out_dir.mkdir(parents=True, exist_ok=True)
        made = build_records(
            kind,
            path=path,
            dest=self._out_dir / name,
            header=header,
            anonymiser=self._anonymiser,
            participation=self._participation,
            fmt=self._fmt,
        )
        self.build.outside_period += made.outside_period
        self.build.inside_period += made.inside_period
        if made.exclusion is not None:
            self.build.exclusions.append(made.exclusion)
        if made.summary is None:  # no record, in CSV: no file, as `_write` does
            self.build.empty.append(kind.records)
            self._write(kind.aggregates, made.aggregates)
            return self.build
        locate = record_locator(self._fmt, name, header)
        repeats = (locate(i, {"record_id": record_id}) for i, record_id in made.first_repeats)
        with self._validator(name) as validator:
            validator.check_header(header)
            validator.check_file_name(name)
            # Proven over whole columns: in the week, participating, and which IDs repeat.
            validator.count_proven(made.summary.records, repeats=repeats, repeat_count=made.repeats)
            report = validator.report()
        self._finish(kind.records, made.summary, report)
        self._write(kind.aggregates, made.aggregates)
        return self.build

    def video_consultations(self, events: Iterable[VcEvent]) -> WeekBuild:
        """Write the VC record and VC aggregate files from video consultation events."""
        in_week = self._in_week(events, lambda e: e.scheduled_start)
        records = self._participating(self._anonymiser.vc_records(in_week))
        counter = VcAggregator()
        self._write(DataType.VC_RECORD, counter.observe(records))
        self._write(DataType.VC_AGGREGATE, counter.rows())
        return self.build

    def practices(self, installations: Iterable[PracticeInstallation]) -> WeekBuild:
        """Write the OC practice and VC practice files (installation dates and status)."""
        rows = list(self._participating(self._anonymiser.practice(i) for i in installations))
        for data_type in (DataType.OC_PRACTICE, DataType.VC_PRACTICE):
            kind = data_type.record_class
            self._write(data_type, (r for r in rows if isinstance(r, kind)))
        return self.build

    def incidents(self, incidents: Iterable[Incident]) -> WeekBuild:
        """Write the incident file (incidents that started in the week)."""
        in_week = self._in_week(incidents, lambda i: i.started_at)
        self._write(DataType.INCIDENT, self._participating(in_week))
        return self.build

    # -- steps ------------------------------------------------------------------------------

    def _in_week(self, items: Iterable[T], when: Callable[[T], datetime]) -> Iterator[T]:
        period = self.build.period
        for item in items:
            if period.contains(local_date(when(item))):
                self.build.inside_period += 1
                yield item
            else:
                self.build.outside_period += 1

    def _participating(self, records: Iterable[T]) -> Iterator[T]:
        if self._participation is None:
            return iter(records)
        kept, report = self._participation.filter(records)
        self.build.exclusions.append(report)
        return kept

    def _checked(
        self,
        validator: SubmissionValidator,
        name: str,
        header: SubmissionHeader,
        records: Iterable[NationalRecord],
    ) -> Iterator[NationalRecord]:
        # The national rules, applied to each record on its way to the writer and
        # located as a reader of the written file would locate it: the same report
        # as `validate_file` on the result, without reading it back (the writers'
        # round trip is pinned by the format tests).
        locate = record_locator(self._fmt, name, header)
        check = validator.check_record
        for index, record in enumerate(records):
            check(locate(index, record))
            yield record

    def _header(self, data_type: DataType) -> SubmissionHeader:
        return SubmissionHeader(
            supplier_id=self.build.supplier_id,
            data_type=data_type,
            period=self.build.period,
            generated_at=self._generated_at,
        )

    def _validator(self, name: str) -> SubmissionValidator:
        participating = None if self._participation is None else self._participation.__contains__
        # The validator may spill duplicate digests to temporary files past about
        # 1.4M records; `with` removes them however the write ends.
        return SubmissionValidator(participating=participating, source=name)

    def _write(self, data_type: DataType, records: Iterable[NationalRecord]) -> BuiltFile | None:
        header = self._header(data_type)
        records = iter(records)
        first = next(records, None)
        if first is None and self._fmt is Format.CSV:
            self.build.empty.append(data_type)
            return None
        records = itertools.chain([] if first is None else [first], records)
        name = submission_file_name(self.build.supplier_id, data_type, self.build.period, self._fmt)
        path = self._out_dir / name
        self._out_dir.mkdir(parents=True, exist_ok=True)
        with self._validator(name) as validator:
            validator.check_header(header)
            validator.check_file_name(name)
            # The scan sits between the records and the atomic writer: a record holding
            # anything identifier-shaped stops the write and leaves no file behind.
            checked = self._checked(validator, name, header, self._scanner.check(records))
            summary = write_submission(path, header, checked, self._fmt)
            report = validator.report()
        return self._finish(data_type, summary, report)

    def _finish(
        self, data_type: DataType, summary: WriteSummary, report: ValidationReport
    ) -> BuiltFile:
        path, name = summary.path, summary.path.name
        built = BuiltFile(
            data_type=data_type,
            path=path,
            records=summary.records,
            sha256=summary.sha256,
            size=summary.bytes,
            validation=report,
        )
        if report.rejected:
            # Our own builder wrote it: a file rejection here is a bug, not bad input.
            reasons = "; ".join(r.message for r in report.file_rejections)
            raise SubmissionError(f"built {name} but it would be rejected whole: {reasons}")
        self.build.files.append(built)
        log.info("built %s: %d records", name, summary.records)
        return built


def outbox_key(iso_week: str, data_type: str) -> str:
    """The outbox key of one week's file of one data type (`2026-W47/oc_record`)."""
    return f"{iso_week}/{data_type}"


def build_week(
    *,
    supplier_id: str,
    period: ReportingPeriod,
    anonymiser: Anonymiser,
    participation: ParticipationList | None,
    out_dir: Path,
    fmt: Format = Format.JSON,
    oc_events: Iterable[OcEvent] | str | Path | None = None,
    vc_events: Iterable[VcEvent] | str | Path | None = None,
    installations: Iterable[PracticeInstallation] | None = None,
    incidents: Iterable[Incident] | None = None,
    generated_at: datetime | None = None,
    queue: Outbox | Callable[[], Outbox] | None = None,
    allow_no_events_in_week: bool = False,
    engine: Engine = "auto",
) -> WeekBuild:
    """Build every file of a week, all or nothing, and queue it when asked.

    Files are built in a staging folder inside `out_dir`; bad input part-way
    (an `InputFileError` from a reader, a `PrivacyError` from the scanner)
    leaves `out_dir` as it was. When every file is built they are moved into
    place and, with `queue` (an outbox, or a function that opens one, called
    only when the week is clean), recorded in the outbox, as one journalled
    step: a process killed part-way is finished by the next build or submit
    in `out_dir` (see `reporting._staging`). What killed builds left there is
    dealt with first.

    Events were given but none is dated in the week: a `ConfigError`, unless
    `allow_no_events_in_week` (a bulk build, whose range has quiet weeks): the
    week asked for is then almost surely not the one meant.

    `oc_events` and `vc_events` may be events or the path of an event file
    (.csv or .jsonl, read without its identifier columns): a CSV file is then
    built by the `engine` asked for (`WeekBuilder.online_consultations_file`,
    `video_consultations_file`).

    Returns:
        The build, with paths in `out_dir` and, when queued, its outbox entries.

    Raises:
        ConfigError: every event given is dated in another week (nothing written).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    with Staging(out_dir) as staging:
        builder = WeekBuilder(
            supplier_id=supplier_id,
            period=period,
            anonymiser=anonymiser,
            participation=participation,
            out_dir=staging.path,
            fmt=fmt,
            generated_at=generated_at,
        )
        if isinstance(oc_events, (str, Path)):
            builder.online_consultations_file(oc_events, engine=engine)
        elif oc_events is not None:
            builder.online_consultations(oc_events)
        if isinstance(vc_events, (str, Path)):
            builder.video_consultations_file(vc_events, engine=engine)
        elif vc_events is not None:
            builder.video_consultations(vc_events)
        if installations is not None:
            builder.practices(installations)
        if incidents is not None:
            builder.incidents(incidents)
        build = builder.build
        if build.outside_period and not build.inside_period and not allow_no_events_in_week:
            # Every event belongs to another week: the week asked for is almost surely not
            # the one meant, and its (empty) files would replace a real submission of it.
            raise ConfigError(
                f"none of the {build.outside_period} event(s) given is dated in week "
                f"{period.iso_week} (London dates): they all belong to other weeks. "
                "Check the week asked for; nothing was written or queued."
            )
        names = [f.path.name for f in build.files]
        outbox = None
        if queue is not None and build.clean:
            outbox = queue if isinstance(queue, Outbox) else queue()
        build.queued = staging.commit(
            names,
            outbox=outbox,
            queue=[
                (outbox_key(period.iso_week, f.data_type.value), f.path.name) for f in build.files
            ],
        )
        build.files = [attrs.evolve(f, path=out_dir / f.path.name) for f in build.files]
        return build
