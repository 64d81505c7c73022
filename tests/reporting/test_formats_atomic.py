"""Writers are atomic (all or nothing, no temp files left) and stream in constant memory."""

from __future__ import annotations

import gc
import hashlib
import tracemalloc
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from gponline_sdk.models.consultation import RequesterRole, RequestType
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType, OcRecord, SubmissionHeader
from gponline_sdk.reporting.formats import Format, open_submission, write_submission

UTC = timezone.utc
HEADER = SubmissionHeader(
    supplier_id="ACME-OC",
    data_type=DataType.OC_RECORD,
    period=ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 22)),
    generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
)
START = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)
MEMORY_BOUND = 20 * 1024 * 1024
MANY = 200_000


def records(n: int, *, fail_after: int | None = None) -> Iterator[OcRecord]:
    for i in range(n):
        if fail_after is not None and i == fail_after:
            raise RuntimeError("the event source broke mid-week")
        yield OcRecord(
            record_id=f"rec{i:010d}",
            practice_code=f"A{i % 7000:05d}",
            submitted_at=START + timedelta(seconds=i % 600_000),
            request_type=RequestType.CLINICAL,
            requester_role=RequesterRole.PATIENT,
            has_attachments=i % 2 == 0,
        )


FORMATS = pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)


@FORMATS
def test_failure_mid_write_leaves_nothing(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / f"week.{fmt.value}"
    with pytest.raises(RuntimeError, match="broke mid-week"):
        write_submission(path, HEADER, records(50_000, fail_after=40_000))
    assert list(tmp_path.iterdir()) == []


@FORMATS
def test_failure_mid_write_keeps_the_previous_file(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / f"week.{fmt.value}"
    first = write_submission(path, HEADER, records(10))
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        write_submission(path, HEADER, records(50_000, fail_after=30_000))
    assert path.read_bytes() == before
    assert hashlib.sha256(before).hexdigest() == first.sha256
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@FORMATS
def test_success_replaces_and_summarises(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / f"week.{fmt.value}"
    write_submission(path, HEADER, records(3))
    summary = write_submission(path, HEADER, records(5))
    data = path.read_bytes()
    assert (summary.records, summary.bytes) == (5, len(data))
    assert summary.sha256 == hashlib.sha256(data).hexdigest()
    assert summary.format == fmt.value
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def _many(n: int) -> Iterator[OcRecord]:
    # A thousand distinct records, cycled: the writer cannot tell, and the test
    # measures the writer rather than the cost of building records.
    pool = list(records(1000))
    return (pool[i % 1000] for i in range(n))


def _peak(action: object) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        action()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
@FORMATS
def test_write_and_read_200k_records_in_bounded_memory(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / f"week.{fmt.value}"
    counted: list[int] = []

    def write() -> None:
        counted.append(write_submission(path, HEADER, _many(MANY)).records)

    def read() -> None:
        with open_submission(path) as reader:
            counted.append(sum(1 for _ in reader.raw_records()))

    write_peak = _peak(write)
    # The file is far bigger than the bound, so a writer or reader that held it would fail.
    assert path.stat().st_size > MEMORY_BOUND
    read_peak = _peak(read)
    assert counted == [MANY, MANY]
    assert write_peak < MEMORY_BOUND, f"write peak {write_peak / 1e6:.1f} MB"
    assert read_peak < MEMORY_BOUND, f"read peak {read_peak / 1e6:.1f} MB"
