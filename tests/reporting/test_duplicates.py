"""Duplicate detection that spills to disk gives exactly the report of the in-memory mode."""

from __future__ import annotations

import gc
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import ConfigError, SubmissionError
from gponline_sdk.mesh import MeshTransport
from gponline_sdk.models.consultation import RequesterRole, RequestType
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import (
    DataType,
    OcAggregate,
    OcPractice,
    OcRecord,
    PracticeStatus,
    SubmissionHeader,
)
from gponline_sdk.reference.collector import Collector
from gponline_sdk.reference.sandbox import MeshSandbox
from gponline_sdk.reporting.formats import Format, RawRecord, write_submission
from gponline_sdk.reporting.submission_report import SUBMISSION_WORKFLOW_ID
from gponline_sdk.reporting.validate import (
    ReasonCode,
    SubmissionValidator,
    ValidationReport,
    validate_file,
    validate_stream,
)
from gponline_sdk.serde import unstructure

UTC = timezone.utc
PERIOD = ReportingPeriod(start=date(2026, 11, 16), end=date(2026, 11, 22))
LIST = frozenset({"A81001", "A81002"})
TINY = 64  # bytes: tables of 4 slots, a spill every 3 new keys
R = ReasonCode


def header(kind: DataType = DataType.OC_RECORD) -> SubmissionHeader:
    return SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=kind,
        period=PERIOD,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=UTC),
    )


def oc(n: int, *, code: str = "A81001", day: int = 17) -> OcRecord:
    return OcRecord(
        record_id=f"rec{n:08d}",
        practice_code=code,
        submitted_at=datetime(2026, 11, day, 9, tzinfo=UTC),
        request_type=RequestType.CLINICAL,
        requester_role=RequesterRole.PATIENT,
    )


# A record as drawn: which ID (few, so they repeat), and what else is wrong with it.
KINDS = ("ok", "ok", "ok", "not_listed", "outside", "invalid", "withheld_id")


def raw_record(n: int, kind: str) -> dict[str, Any]:
    raw = unstructure(oc(n, code="B82001" if kind == "not_listed" else "A81001"))
    if kind == "outside":
        raw["submitted_at"] = "2026-11-24T09:00:00Z"  # the next week: also a file rejection
    elif kind == "invalid":
        raw["request_type"] = "nonsense"
    elif kind == "withheld_id":
        raw["record_id"] = "9434765919"  # NHS-number shaped: counted, never echoed
    return raw


def both_modes(
    head: SubmissionHeader,
    records: list[Any],
    *,
    memory: int,
    max_details: int,
    participating: frozenset[str] | None = LIST,
) -> tuple[ValidationReport, ValidationReport]:
    reports = [
        validate_stream(
            head,
            records,
            participating=participating,
            max_details=max_details,
            duplicate_memory=cap,
        )
        for cap in (memory, None)
    ]
    return reports[0], reports[1]


@settings(max_examples=150, deadline=None)
@given(
    drawn=st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from(KINDS), st.booleans()), max_size=120
    ),
    memory=st.sampled_from([TINY, 100, 200, 1000]),
    max_details=st.integers(0, 12),
)
def test_a_tiny_cap_gives_the_report_of_the_unbounded_mode(
    drawn: list[tuple[int, str, bool]], memory: int, max_details: int
) -> None:
    records: list[Any] = []
    for n, kind, typed in drawn:
        raw = raw_record(n, kind)
        # Typed records take the validator's other path (no value rules).
        records.append(oc(n) if typed and kind == "ok" else raw)
    bounded, unbounded = both_modes(header(), records, memory=memory, max_details=max_details)
    assert bounded == unbounded


@settings(max_examples=60, deadline=None)
@given(
    drawn=st.lists(st.tuples(st.integers(0, 30), st.sampled_from(KINDS)), max_size=100),
    max_details=st.integers(0, 8),
)
def test_check_record_and_late_duplicates_together_give_the_accepted_records(
    drawn: list[tuple[int, str]], max_details: int
) -> None:
    def accepted_positions(memory: int | None) -> tuple[set[int], list[int], ValidationReport]:
        with SubmissionValidator(
            participating=LIST, max_details=max_details, duplicate_memory=memory
        ) as validator:
            validator.check_header(header())
            kept = {
                i
                for i, (n, kind) in enumerate(drawn)
                if validator.check_record(RawRecord.json(i, raw_record(n, kind))) is not None
            }
            late: list[int] = []
            return kept, late, validator.report(on_late_duplicate=late.append)

    kept, late, report = accepted_positions(TINY)
    exact, none_late, exact_report = accepted_positions(None)
    assert none_late == []
    assert len(late) == len(set(late))
    assert set(late) <= kept
    assert kept - set(late) == exact
    assert report == exact_report
    if not report.rejected:
        assert report.records_accepted == len(exact)


def test_late_duplicates_far_apart_are_detailed_in_order_with_their_ids() -> None:
    first = list(range(3000))
    # Repeats of early IDs, long after their first copies left memory, mixed with new ones.
    second = [n for i in range(3000) for n in ((2999 - i,) if i % 2 else (3000 + i,))]
    records = [oc(n) for n in first + second]
    records[3001] = oc(3001, code="B82001")  # a new ID, rejected for another reason
    records[3003] = oc(2996, code="B82001")  # a repeat, but its first reason is the list
    for max_details in (5, 2000):
        bounded, unbounded = both_modes(header(), records, memory=2048, max_details=max_details)
        assert bounded == unbounded
    assert [(c.reason, c.count) for c in bounded.rejection_counts] == [
        (R.DUPLICATE_RECORD_ID, 1498),
        (R.PRACTICE_NOT_PARTICIPATING, 2),
    ]
    assert bounded.records_accepted == 6000 - 1500
    assert [(d.index, d.record_id, d.reason) for d in bounded.record_rejections[:5]] == [
        (3001, "rec00003001", R.PRACTICE_NOT_PARTICIPATING),
        (3003, "rec00002996", R.PRACTICE_NOT_PARTICIPATING),
        (3005, "rec00002994", R.DUPLICATE_RECORD_ID),
        (3007, "rec00002992", R.DUPLICATE_RECORD_ID),
        (3009, "rec00002990", R.DUPLICATE_RECORD_ID),
    ]
    last = bounded.record_rejections[-1]
    assert (last.index, last.record_id, last.location) == (5999, "rec00000000", "$.records[5999]")


def test_the_first_copy_is_never_the_duplicate_even_when_rejected_itself() -> None:
    records = [oc(7, code="B82001"), *(oc(n) for n in range(100, 160)), oc(7)]
    bounded, unbounded = both_modes(header(), records, memory=TINY, max_details=10)
    assert bounded == unbounded
    assert [(d.index, d.reason) for d in bounded.record_rejections] == [
        (0, R.PRACTICE_NOT_PARTICIPATING),
        (61, R.DUPLICATE_RECORD_ID),
    ]
    # ... and it was a late one: accepted when checked, named by the report.
    with SubmissionValidator(participating=LIST, duplicate_memory=TINY) as validator:
        validator.check_header(header())
        returned = [validator.check_record(RawRecord.json(i, r)) for i, r in enumerate(records)]
        late: list[int] = []
        assert validator.report(on_late_duplicate=late.append) == bounded
    assert returned[61] == records[61]
    assert late == [61]


AGG_KEYS = st.tuples(
    st.sampled_from(["A81001", "A81002", "B82001"]),
    st.integers(16, 22),
    st.sampled_from(list(RequestType)),
)


@settings(max_examples=60, deadline=None)
@given(keys=st.lists(AGG_KEYS, max_size=80), max_details=st.integers(0, 6))
def test_aggregate_keys_spill_exactly_too(
    keys: list[tuple[str, int, RequestType]], max_details: int
) -> None:
    rows = [
        OcAggregate(
            practice_code=code,
            date=date(2026, 11, day),
            request_type=kind,
            submissions=3,
            submissions_out_of_core_hours=1,
        )
        for code, day, kind in keys
    ]
    head = header(DataType.OC_AGGREGATE)
    bounded, unbounded = both_modes(head, rows, memory=TINY, max_details=max_details)
    assert bounded == unbounded
    assert all(d.record_id is None for d in bounded.record_rejections)


def test_practice_rows_repeat_as_duplicate_keys_after_a_spill() -> None:
    codes = [f"A8{n:04d}" for n in range(50)] + ["A80003", "A80040"]
    rows = [
        OcPractice(
            practice_code=code,
            product_name="Acme Online",
            installation_date=date(2025, 4, 1),
            status=PracticeStatus.LIVE,
        )
        for code in codes
    ]
    bounded, unbounded = both_modes(
        header(DataType.OC_PRACTICE), rows, memory=TINY, max_details=10, participating=None
    )
    assert bounded == unbounded
    assert [(d.index, d.reason) for d in bounded.record_rejections] == [
        (50, R.DUPLICATE_KEY),
        (51, R.DUPLICATE_KEY),
    ]


# -- temporary files ---------------------------------------------------------------------------


def test_no_disk_is_used_under_the_cap(tmp_path: Path) -> None:
    with SubmissionValidator(participating=LIST, spill_dir=tmp_path) as validator:
        validator.check_header(header())
        for i in range(20_000):
            validator.check_record(RawRecord.json(i, unstructure(oc(i % 15_000))))
        assert list(tmp_path.iterdir()) == []
        report = validator.report()
    assert report.rejection_counts[0].count == 5000


def test_temp_files_hold_no_record_ids_and_go_with_the_report(tmp_path: Path) -> None:
    validator = SubmissionValidator(participating=LIST, duplicate_memory=512, spill_dir=tmp_path)
    validator.check_header(header())
    for i in range(20_000):  # hundreds of runs, and thousands of remembered details
        validator.check_record(RawRecord.json(i, unstructure(oc(i % 12_000))))
    (spill,) = tmp_path.iterdir()
    on_disk = b"".join(p.read_bytes() for p in spill.iterdir())
    assert len(on_disk) > 20_000 * 8
    assert b"rec0000" not in on_disk
    assert b"records[" not in on_disk
    report = validator.report()
    assert list(tmp_path.iterdir()) == []
    assert report.rejection_counts[0].count == 8000
    assert report.record_rejections[0].record_id == "rec00000000"
    assert validator.report() == report  # settled once, then the same
    with pytest.raises(SubmissionError, match="has ended"):
        validator.check_record(RawRecord.json(20_000, unstructure(oc(1))))


def test_temp_files_go_when_the_stream_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def records() -> Iterator[dict[str, Any]]:
        for i in range(500):
            yield unstructure(oc(i))
        assert any(tmp_path.iterdir())  # it did spill
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        validate_stream(header(), records(), participating=LIST, duplicate_memory=TINY)
    assert list(tmp_path.iterdir()) == []


def test_temp_files_go_with_an_abandoned_validator(tmp_path: Path) -> None:
    validator = SubmissionValidator(participating=LIST, duplicate_memory=TINY, spill_dir=tmp_path)
    validator.check_header(header())
    for i in range(50):
        validator.check_record(RawRecord.json(i, unstructure(oc(i))))
    assert any(tmp_path.iterdir())
    del validator
    gc.collect()
    assert list(tmp_path.iterdir()) == []


def test_a_closed_validator_refuses_records_and_a_report_it_cannot_settle(
    tmp_path: Path,
) -> None:
    validator = SubmissionValidator(participating=LIST, duplicate_memory=TINY, spill_dir=tmp_path)
    validator.check_header(header())
    for i in range(50):
        validator.check_record(RawRecord.json(i, unstructure(oc(i % 10))))
    validator.close()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(SubmissionError, match="has ended"):
        validator.check_record(RawRecord.json(50, unstructure(oc(50))))
    with pytest.raises(SubmissionError, match="temporary files were closed"):
        validator.report()  # rather than a report missing its late duplicates


def test_a_cap_too_small_to_use_is_refused() -> None:
    with pytest.raises(ConfigError, match="duplicate_memory"):
        SubmissionValidator(participating=LIST, duplicate_memory=10)


def test_validate_file_passes_the_cap_through(tmp_path: Path) -> None:
    path = tmp_path / "week.csv"
    write_submission(path, header(), [oc(n % 40) for n in range(100)], Format.CSV)
    bounded = validate_file(path, participating=LIST, duplicate_memory=TINY, max_details=3)
    assert bounded == validate_file(path, participating=LIST, duplicate_memory=None, max_details=3)
    assert bounded.records_rejected == 60
    assert [d.location for d in bounded.record_rejections] == [
        "week.csv:42",
        "week.csv:43",
        "week.csv:44",
    ]


# -- the reference collector -------------------------------------------------------------------


@pytest.mark.sandbox
def test_the_collector_stores_exactly_the_accepted_records(
    clean_mesh_sandbox: MeshSandbox, tmp_path: Path
) -> None:
    records = [oc(n) for n in range(300)] + [oc(n) for n in range(0, 300, 7)]
    records += [oc(1000, code="B82001"), oc(1000), oc(1001)]
    path = tmp_path / "week.json"
    write_submission(path, header(), records, Format.JSON)
    expected = validate_file(path, participating=LIST, duplicate_memory=None)
    accepted = [unstructure(r) for r in records[:300] + records[-1:]]
    assert expected.records_accepted == len(accepted) == 301

    sandbox = clean_mesh_sandbox
    sender = MeshTransport(
        sandbox.config("X26ABC1", recipient="X26ABC2", workflow_id=SUBMISSION_WORKFLOW_ID)
    )
    inbox = MeshTransport(sandbox.config("X26ABC2", recipient="X26ABC1"))
    work = tmp_path / "nhse"
    collector = Collector(
        inbox, tmp_path / "nhse.sqlite", work_dir=work, participating=LIST, duplicate_memory=TINY
    )
    try:
        sender.send(path, filename=path.name, local_id=uuid.uuid4().hex, subject="week")
        (report,) = collector.process_inbox()
        stored = collector.latest_records("ACME-OC", PERIOD.iso_week, "oc_record")
    finally:
        collector.close()
        inbox.close()
        sender.close()
    assert report.validation == expected
    assert stored == accepted
    assert list(work.iterdir()) == []  # the download and the spill directory are gone
