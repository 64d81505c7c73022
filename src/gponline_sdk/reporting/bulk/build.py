"""Build the bulk (historic catch-up) files: one CSV per data type over a range of weeks.

    for each week of the range: build_week(..., CSV)  (the weekly build, unchanged:
        anonymise, participation, identifier scan, aggregates, weekly rules)
    -> append that week's rows to the data type's bulk file (its column row once)
    -> check each bulk file with the bulk rules (`rules.validate_bulk_file`)
    -> write the manifest beside them
    -> move them into place, all or nothing (one journalled commit: `_staging`)

Confirmed (NHS England's bulk guidance): bulk files are CSV, and the bulk
route takes six data types, every one but VC practice (the profile's
`data_type.*.bulk`). Provisional (the SDK's): the bulk file name
(`file.name.bulk`), and that a practice row is repeated in each week from its
installation date, as the weekly file would have carried it.

Events are read once per week (the weekly builder filters by week), so
memory stays flat however long the range: pass each source as a callable
that opens the file again (`lambda: read_events(path, OcEvent)`) or as a list.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import attrs

from gponline_sdk.errors import ConfigError, SubmissionError
from gponline_sdk.models.identifiers import SupplierId
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType, Incident
from gponline_sdk.national import active_profile
from gponline_sdk.reporting._staging import Staging, recover
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.bulk.rules import BulkRange, validate_bulk_file
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.formats._atomic import AtomicOutput, atomic_output
from gponline_sdk.reporting.participation import ExclusionReport, ParticipationList
from gponline_sdk.reporting.validate import ValidationReport
from gponline_sdk.reporting.weekly import build_week

__all__ = [
    "MANIFEST_NAME",
    "MAX_WEEKS",
    "BulkBuild",
    "BulkFile",
    "EventSource",
    "build_bulk",
    "bulk_file_name",
    "bulk_types",
    "bulk_weeks",
    "write_manifest",
]

MANIFEST_NAME = "bulk-manifest.json"
"""The bulk build's manifest: what it wrote, read by `bulk send` and `bulk status`."""

T = TypeVar("T")
EventSource = Callable[[], Iterable[T]] | Collection[T]
"""Events the bulk build can read once per week: a callable opening them afresh, or a list."""

MAX_WEEKS = 520
"""The longest range taken (ten years): a typo in a year should not build for hours."""


def bulk_types() -> list[DataType]:
    """The data types the bulk route takes (confirmed: all but VC practice), from the profile."""
    return [DataType(name) for name in active_profile().bulk_types()]


def bulk_weeks(first: ReportingPeriod, last: ReportingPeriod) -> list[ReportingPeriod]:
    """Every Monday-to-Sunday week from `first` to `last`, both included.

    Raises:
        ConfigError: `last` is before `first`, or the range is longer than `MAX_WEEKS`.
    """
    count = (last.start - first.start).days // 7 + 1
    if count < 1:
        raise ConfigError(f"bulk range: {last.iso_week} is before {first.iso_week}")
    if count > MAX_WEEKS:
        raise ConfigError(f"bulk range: {count} weeks; at most {MAX_WEEKS} are taken")
    return [ReportingPeriod.containing(first.start + timedelta(weeks=i)) for i in range(count)]


def bulk_file_name(
    supplier_id: str, data_type: DataType, first: ReportingPeriod, last: ReportingPeriod
) -> str:
    """The bulk file's name (the profile's `file.name.bulk`, provisional)."""
    return active_profile().file_name(
        "bulk",
        supplier_id=supplier_id,
        data_type=data_type.wire_name,
        first_week=first.iso_week,
        last_week=last.iso_week,
    )


@attrs.frozen(kw_only=True)
class BulkFile:
    """One written bulk file and what the bulk rules say of it."""

    data_type: DataType
    path: Path
    records: int
    weeks: int
    """Weeks of the range with at least one row in this file."""
    sha256: str
    size: int
    validation: ValidationReport

    @property
    def clean(self) -> bool:
        """True when the file and every record in it pass the bulk rules."""
        return not self.validation.rejected and self.validation.records_rejected == 0


@attrs.define(kw_only=True)
class BulkBuild:
    """Everything built for a bulk catch-up, with what was left out and why."""

    supplier_id: SupplierId
    first: ReportingPeriod
    last: ReportingPeriod
    files: list[BulkFile] = attrs.field(factory=list)
    outside_range: int = 0
    """Events dated outside the whole range, left out."""
    exclusions: ExclusionReport = attrs.field(factory=ExclusionReport)
    """Rows left out by the participation list, over every week."""
    empty: list[DataType] = attrs.field(factory=list)
    """Bulk data types with no rows in any week: no file (CSV cannot say "none")."""
    not_taken: int = 0
    """VC practice rows the weekly build made and the bulk route does not take."""

    @property
    def weeks(self) -> BulkRange:
        """The declared range."""
        return BulkRange(first=self.first, last=self.last)

    @property
    def clean(self) -> bool:
        """True when every file would be accepted whole, every record with it."""
        return all(f.clean for f in self.files)


def _source(events: EventSource[T] | None) -> Callable[[], Iterable[T]] | None:
    if events is None:
        return None
    if callable(events):
        return events
    return lambda: events


class _Counter:
    """Counts the events of each source on the first week's pass (for `outside_range`)."""

    def __init__(self) -> None:
        self.total = 0

    def open(self, source: Callable[[], Iterable[T]] | None, first: bool) -> Iterable[T] | None:
        if source is None:
            return None
        return self._counted(source()) if first else source()

    def _counted(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            self.total += 1
            yield item


class _Appender:
    """The open bulk files, one per data type, each fed whole weekly CSV files."""

    def __init__(self, stack: ExitStack, out_dir: Path, names: dict[DataType, str]) -> None:
        self._stack, self._dir, self._names = stack, out_dir, names
        self.outputs: dict[DataType, AtomicOutput] = {}
        self.rows: dict[DataType, int] = {}
        self.weeks: dict[DataType, int] = {}

    def path_of(self, data_type: DataType) -> Path:
        return self._dir / self._names[data_type]

    def append(self, data_type: DataType, week_file: Path, records: int) -> None:
        out = self.outputs.get(data_type)
        with week_file.open("rb") as src:
            columns = src.readline()  # the column row: same every week (same writer, same type)
            if out is None:
                out = self._stack.enter_context(atomic_output(self._dir / self._names[data_type]))
                self.outputs[data_type] = out
                out.stream.write(columns)
            shutil.copyfileobj(src, out.stream)
        self.rows[data_type] = self.rows.get(data_type, 0) + records
        self.weeks[data_type] = self.weeks.get(data_type, 0) + 1


def build_bulk(
    *,
    supplier_id: str,
    first: ReportingPeriod,
    last: ReportingPeriod,
    anonymiser: Anonymiser,
    participation: ParticipationList | None,
    out_dir: Path,
    oc_events: EventSource[OcEvent] | None = None,
    vc_events: EventSource[VcEvent] | None = None,
    installations: Iterable[PracticeInstallation] | None = None,
    incidents: EventSource[Incident] | None = None,
    generated_at: datetime | None = None,
) -> BulkBuild:
    """Build the bulk files for the weeks `first` to `last`, all or nothing.

    Each week is built by the weekly builder as CSV (same anonymisation,
    participation filter, identifier scan and rules); its rows are appended
    to one file per bulk data type. Files appear in `out_dir` only when all
    were built and pass the bulk rules whole.

    Returns:
        The build, with paths in `out_dir` (records rejected by a rule are
        counted in each file's validation: check `clean` before sending).

    Raises:
        ConfigError: a bad range. SubmissionError: a built file the bulk rules
            reject whole (a bug). InputFileError, PrivacyError: bad input (nothing written).
    """
    weeks = bulk_weeks(first, last)
    stamp = generated_at or datetime.now(timezone.utc)  # one stamp: header columns match
    taken = bulk_types()
    build = BulkBuild(supplier_id=SupplierId(supplier_id), first=first, last=last)
    names = {t: bulk_file_name(supplier_id, t, first, last) for t in taken}
    oc_source, vc_source, incident_source = (
        _source(oc_events),
        _source(vc_events),
        _source(incidents),
    )
    counters = [_Counter(), _Counter(), _Counter()]
    practices = None if installations is None else list(installations)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    in_range = 0
    with Staging(out_dir, ".bulk-staging-") as staged:
        staging = staged.path
        with ExitStack() as stack:
            appender = _Appender(stack, staging, names)
            for n, week in enumerate(weeks):
                week_build = build_week(
                    supplier_id=supplier_id,
                    period=week,
                    anonymiser=anonymiser,
                    participation=participation,
                    out_dir=staging / week.iso_week,
                    fmt=Format.CSV,
                    oc_events=counters[0].open(oc_source, n == 0),
                    vc_events=counters[1].open(vc_source, n == 0),
                    installations=(
                        None
                        if practices is None
                        else [p for p in practices if p.installation_date <= week.end]
                    ),
                    incidents=counters[2].open(incident_source, n == 0),
                    generated_at=stamp,
                    allow_no_events_in_week=True,  # a range has quiet weeks
                )
                in_range += sum(c.total for c in counters) - week_build.outside_period
                _merge(build.exclusions, week_build.exclusions)
                for built in week_build.files:
                    if built.data_type in names:
                        appender.append(built.data_type, built.path, built.records)
                    else:
                        build.not_taken += built.records
                shutil.rmtree(staging / week.iso_week, ignore_errors=True)
            outputs = dict(appender.outputs)
        build.outside_range = sum(c.total for c in counters) - in_range
        build.empty = [t for t in taken if t not in outputs]
        build.files = _checked(build, outputs, appender, participation)
        # The manifest goes in with the files, in the same commit: a manifest that
        # names files of another build could send them.
        write_manifest(build, staging)
        staged.commit([*(f.path.name for f in build.files), MANIFEST_NAME])
        build.files = [attrs.evolve(f, path=out_dir / f.path.name) for f in build.files]
        return build


def _checked(
    build: BulkBuild,
    outputs: dict[DataType, AtomicOutput],
    appender: _Appender,
    participation: ParticipationList | None,
) -> list[BulkFile]:
    files = []
    participating = None if participation is None else participation.__contains__
    for data_type, out in sorted(outputs.items(), key=lambda kv: kv[0].value):
        path = appender.path_of(data_type)
        report = validate_bulk_file(path, participating=participating, weeks=build.weeks)
        if report.rejected:
            # Our own builder wrote it: a file rejection here is a bug, not bad input.
            reasons = "; ".join(r.message for r in report.file_rejections)
            raise SubmissionError(f"built {path.name} but it would be rejected whole: {reasons}")
        files.append(
            BulkFile(
                data_type=data_type,
                path=path,
                records=appender.rows[data_type],
                weeks=appender.weeks[data_type],
                sha256=out.sha256,
                size=out.size,
                validation=report,
            )
        )
    return files


def _merge(into: ExclusionReport, reports: Iterable[ExclusionReport]) -> None:
    for report in reports:
        into.kept += report.kept
        for key, count in report.excluded.items():
            into.excluded[key] = into.excluded.get(key, 0) + count
    into.complete = True


def write_manifest(build: BulkBuild, directory: Path) -> Path:
    """Write the manifest of `build` into `directory` (where its files are)."""
    doc: dict[str, Any] = {
        "supplier_id": str(build.supplier_id),
        "first_week": build.first.iso_week,
        "last_week": build.last.iso_week,
        "files": [
            {
                "data_type": f.data_type.value,
                "name": f.path.name,
                "sha256": f.sha256,
                "size": f.size,
                "records": f.records,
                "clean": f.clean,
            }
            for f in build.files
        ],
    }
    path = Path(directory) / MANIFEST_NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
    return path
