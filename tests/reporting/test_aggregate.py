"""Daily aggregates: London dates, core hours, one pass, sums that match the records."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.models import (
    CORE_HOURS,
    CoreHours,
    OcAggregate,
    OcRecord,
    RequesterRole,
    RequestType,
    VcAggregate,
    VcRecord,
    VideoSessionStatus,
)
from gponline_sdk.reporting import aggregate
from gponline_sdk.reporting.aggregate import (
    OcAggregator,
    VcAggregator,
    aggregate_oc,
    aggregate_vc,
    local_date,
)
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.event_io import read_events
from gponline_sdk.reporting.events import OcEvent, VcEvent
from gponline_sdk.reporting.participation import ExclusionReason, ParticipationList
from gponline_sdk.reporting.scanner import IdentifierScanner
from gponline_sdk.serde import to_json
from gponline_sdk.testing.strategies import aware_datetimes

UTC = timezone.utc
PRACTICES = st.sampled_from(["A81001", "B82002", "C83003"])
_ids = st.from_regex(r"[0-9a-f]{32}", fullmatch=True)


def _oc(
    at: datetime, kind: RequestType = RequestType.CLINICAL, practice: str = "A81001"
) -> OcRecord:
    return OcRecord(
        record_id="0" * 32,
        practice_code=practice,
        submitted_at=at,
        request_type=kind,
        requester_role=RequesterRole.PATIENT,
    )


def _vc(at: datetime, status: VideoSessionStatus, minutes: int | None) -> VcRecord:
    return VcRecord(
        record_id="0" * 32,
        practice_code="A81001",
        scheduled_start=at,
        status=status,
        duration_minutes=minutes,
    )


def test_days_are_london_dates_and_core_hours_follow_the_contract() -> None:
    records = [
        # Monday 2026-06-01, BST: 07:00Z is 08:00 local (open), 06:59Z is 07:59 (closed).
        _oc(datetime(2026, 6, 1, 7, 0, tzinfo=UTC)),
        _oc(datetime(2026, 6, 1, 6, 59, tzinfo=UTC)),
        # 17:30Z is 18:30 local: closing time itself is outside core hours.
        _oc(datetime(2026, 6, 1, 17, 30, tzinfo=UTC)),
        # 23:30Z on Monday is 00:30 on Tuesday in London.
        _oc(datetime(2026, 6, 1, 23, 30, tzinfo=UTC)),
        _oc(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), RequestType.ADMINISTRATIVE),
        # Friday 2026-12-25 is a bank holiday: closed all day.
        _oc(datetime(2026, 12, 25, 11, 0, tzinfo=UTC)),
        # Saturday.
        _oc(datetime(2026, 6, 6, 11, 0, tzinfo=UTC), practice="B82002"),
    ]
    assert aggregate_oc(reversed(records)) == [
        OcAggregate(
            practice_code="A81001",
            date=date(2026, 6, 1),
            request_type=RequestType.CLINICAL,
            submissions=3,
            submissions_out_of_core_hours=2,
        ),
        OcAggregate(
            practice_code="A81001",
            date=date(2026, 6, 1),
            request_type=RequestType.ADMINISTRATIVE,
            submissions=1,
            submissions_out_of_core_hours=0,
        ),
        OcAggregate(
            practice_code="A81001",
            date=date(2026, 6, 2),
            request_type=RequestType.CLINICAL,
            submissions=1,
            submissions_out_of_core_hours=1,
        ),
        OcAggregate(
            practice_code="A81001",
            date=date(2026, 12, 25),
            request_type=RequestType.CLINICAL,
            submissions=1,
            submissions_out_of_core_hours=1,
        ),
        OcAggregate(
            practice_code="B82002",
            date=date(2026, 6, 6),
            request_type=RequestType.CLINICAL,
            submissions=1,
            submissions_out_of_core_hours=1,
        ),
    ]


def test_video_counts_scheduled_completed_and_minutes() -> None:
    day = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    records = [
        _vc(day, VideoSessionStatus.COMPLETED, 12),
        _vc(day, VideoSessionStatus.COMPLETED, None),
        _vc(day, VideoSessionStatus.CANCELLED, 30),
        _vc(day, VideoSessionStatus.DID_NOT_ATTEND, None),
    ]
    assert aggregate_vc(records) == [
        VcAggregate(
            practice_code="A81001",
            date=date(2026, 11, 16),
            scheduled=4,
            completed=2,
            total_minutes=12,
        )
    ]


def test_observe_counts_while_passing_records_on() -> None:
    records = [_oc(datetime(2026, 11, 16, 9, 0, tzinfo=UTC)) for _ in range(3)]
    aggregator = OcAggregator()
    assert list(aggregator.observe(iter(records))) == records
    assert aggregator.records == 3
    assert aggregator.rows()[0].submissions == 3
    vc = VcAggregator()
    assert list(vc.observe([_vc(records[0].submitted_at, VideoSessionStatus.FAILED, 0)]))
    assert vc.rows()[0].completed == 0


oc_records = st.builds(
    OcRecord,
    record_id=_ids,
    practice_code=PRACTICES,
    submitted_at=aware_datetimes(),
    request_type=st.sampled_from(RequestType),
    requester_role=st.sampled_from(RequesterRole),
)
vc_records = st.builds(
    VcRecord,
    record_id=_ids,
    practice_code=PRACTICES,
    scheduled_start=aware_datetimes(),
    status=st.sampled_from(VideoSessionStatus),
    duration_minutes=st.none() | st.integers(0, 120),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(oc_records, max_size=40), st.randoms())
def test_oc_aggregates_sum_to_the_records(records: list[OcRecord], rnd: random.Random) -> None:
    rows = aggregate_oc(records)
    assert sum(r.submissions for r in rows) == len(records)
    ooh = sum(not CORE_HOURS.is_open_at(r.submitted_at) for r in records)
    assert sum(r.submissions_out_of_core_hours for r in rows) == ooh
    expected = Counter(
        (r.practice_code, local_date(r.submitted_at), r.request_type) for r in records
    )
    assert {(r.practice_code, r.date, r.request_type): r.submissions for r in rows} == expected
    keys = [(r.practice_code, r.date, list(RequestType).index(r.request_type)) for r in rows]
    assert keys == sorted(keys)
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert aggregate_oc(shuffled) == rows


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(vc_records, max_size=40))
def test_vc_aggregates_sum_to_the_records(records: list[VcRecord]) -> None:
    rows = aggregate_vc(records)
    completed = [r for r in records if r.status is VideoSessionStatus.COMPLETED]
    assert sum(r.scheduled for r in rows) == len(records)
    assert sum(r.completed for r in rows) == len(completed)
    assert sum(r.total_minutes for r in rows) == sum(r.duration_minutes or 0 for r in completed)
    assert [(r.practice_code, r.date) for r in rows] == sorted(
        {(r.practice_code, local_date(r.scheduled_start)) for r in records}
    )


def test_the_example_week_runs_through_read_anonymise_filter_aggregate() -> None:
    data = Path(__file__).resolve().parents[2] / "examples" / "data"
    events = list(read_events(data / "oc_events.csv", OcEvent))
    assert len(events) == 143
    anon = Anonymiser(
        bytes.fromhex("8bb52ec41149bcb53ed80ebdc36bd03b51cff316d1be78382d7ef9dcbe9fa308"), "ACME-OC"
    )
    listed = ParticipationList.load(data / "participation.csv")
    kept, report = listed.filter(IdentifierScanner().check(anon.oc_records(events)))
    aggregator = OcAggregator()
    records = list(aggregator.observe(kept))
    rows = aggregator.rows()
    assert sum(r.submissions for r in rows) == len(records) == report.kept
    assert report.kept + report.total_excluded == 143
    # Approval covers historic data: only the unlisted practice is left out.
    assert set(report.excluded) == {("D84004", ExclusionReason.NOT_LISTED)}
    assert any(r.date < date(2026, 11, 18) for r in rows if r.practice_code == "C83003")
    text = b"\n".join(to_json(r) for r in records).decode()
    for event in events:
        assert event.nhs_number is None or event.nhs_number not in text
        assert event.event_id not in text
    assert "@" not in text
    vc = list(anon.vc_records(read_events(data / "vc_events.jsonl", VcEvent)))
    assert sum(r.scheduled for r in aggregate_vc(vc)) == len(vc) == 27


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(aware_datetimes(), st.sampled_from(["Europe/London", "America/New_York", "Asia/Kolkata"]))
def test_cached_core_hours_agree_with_core_hours(instant: datetime, tz: str) -> None:
    for hours in (CORE_HOURS, CoreHours(start=time(1, 30), end=time(23, 0), tz=tz)):
        aggregator = OcAggregator(hours)
        assert aggregator.is_open_at(instant) == hours.is_open_at(instant)
        aggregator.add(_oc(instant))
        (row,) = aggregator.rows()
        assert row.submissions_out_of_core_hours == (not hours.is_open_at(instant))


@given(st.lists(aware_datetimes(), min_size=1, max_size=20))
def test_local_date_is_the_london_date_however_often_it_is_asked(
    instants: list[datetime],
) -> None:
    london = ZoneInfo("Europe/London")
    for instant in instants + instants[::-1]:  # misses, then hits
        assert aggregate.local_date(instant) == instant.astimezone(london).date()


def test_local_date_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aggregate, "_LONDON_DATES", {})
    monkeypatch.setattr(aggregate, "_LONDON_DATES_MAX", 4)
    start = datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)  # across the clock change
    for hour in range(24):
        instant = start + timedelta(hours=hour)
        expected = instant.astimezone(ZoneInfo("Europe/London")).date()
        assert aggregate.local_date(instant) == expected
        assert len(aggregate._LONDON_DATES) <= 4
