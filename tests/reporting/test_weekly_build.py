"""Building a week: the report made while writing equals the national reader's report of the file.

`WeekBuilder` checks each record against the national rules on its way to
the writer instead of reading the file back. These tests read every built
file back with `validate_file` (the code the reference collector runs) and
require the two reports to be equal, locations included, in every format.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest
from _event_strategies import oc_events
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.models import DataType, ReportingPeriod, RequestCategory, VideoSessionStatus
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.events import OcEvent, VcEvent
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.participation import ExclusionReason, ParticipationList
from gponline_sdk.reporting.validate import ReasonCode, validate_file
from gponline_sdk.reporting.weekly import WeekBuild, build_week

WEEK = ReportingPeriod.from_iso_week("2026-W47")
MONDAY = datetime(2026, 11, 16, tzinfo=timezone.utc)
PRACTICES = ("A81001", "B82002", "C83003")
# A few event IDs for many events: duplicates, near and far apart, are the rule.
in_week = st.integers(0, 7 * 24 * 60 - 1).map(lambda m: MONDAY + timedelta(minutes=m))
week_events = oc_events.flatmap(
    lambda e: st.builds(
        lambda id_, practice, at: OcEvent(
            event_id=id_,
            practice_code=practice,
            submitted_at=at,
            category=e.category,
            requester_role=e.requester_role,
            nhs_number=e.nhs_number,
            description=e.description,
            attachment_count=e.attachment_count,
        ),
        st.sampled_from([f"EV-{n}" for n in range(12)]),
        st.sampled_from(PRACTICES),
        in_week,
    )
)


def _build(out: Path, events: list[OcEvent], fmt: Format) -> WeekBuild:
    return build_week(
        supplier_id="ACME-OC",
        period=WEEK,
        anonymiser=Anonymiser(
            bytes.fromhex("8bb52ec41149bcb53ed80ebdc36bd03b51cff316d1be78382d7ef9dcbe9fa308"),
            "ACME-OC",
        ),
        participation=ParticipationList.of(PRACTICES),
        out_dir=out,
        fmt=fmt,
        oc_events=events,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=timezone.utc),
    )


@settings(max_examples=40, deadline=None)
@given(events=st.lists(week_events, min_size=1, max_size=40), fmt=st.sampled_from(Format))
def test_the_report_made_while_writing_is_the_report_of_the_written_file(
    events: list[OcEvent], fmt: Format
) -> None:
    with tempfile.TemporaryDirectory() as out:
        build = _build(Path(out), events, fmt)
        for built in build.files:
            read_back = validate_file(built.path, participating=PRACTICES, format=fmt)
            assert built.validation == read_back
        records = next(f for f in build.files if f.data_type is DataType.OC_RECORD)
        duplicates = len(events) - len({e.event_id for e in events})
        assert records.validation.records_rejected == duplicates
        assert records.clean == (duplicates == 0)


def test_a_duplicate_is_located_where_a_reader_finds_it(tmp_path: Path) -> None:
    event = OcEvent(
        event_id="EV-1",
        practice_code="A81001",
        submitted_at=MONDAY + timedelta(hours=9),
        category=RequestCategory.ASK_QUESTION,
    )
    expected = {
        Format.JSON: "$.records[2]",
        Format.CSV: "ACME-OC_oc_record_2026-W47.csv:4",
        Format.XML: "ACME-OC_oc_record_2026-W47.xml:line 13: records/oc_record[3]",
    }
    for fmt, location in expected.items():
        events = [event, attrs.evolve(event, event_id="EV-2"), event]
        build = _build(tmp_path / fmt.value, events, fmt)
        records = build.files[0].validation
        assert [(r.reason, r.location, r.index) for r in records.record_rejections] == [
            (ReasonCode.DUPLICATE_RECORD_ID, location, 2)
        ]


@pytest.mark.parametrize(
    "week",
    ["2026-W47", "2026-W27", "2024-W09"],
    ids=["this-week-before-approval", "months-before", "years-before"],
)
def test_approval_covers_back_dated_records_in_any_week(tmp_path: Path, week: str) -> None:
    # Approved on the Thursday of the current week (2026-W47): every week built
    # for these practices keeps their records, whatever the approval date says.
    listing = tmp_path / "participation.csv"
    listing.write_text("practice_code,approved_from\nA81001,2026-11-19\nB82002,2026-11-20\n")
    period = ReportingPeriod.from_iso_week(week)
    monday = datetime.combine(period.start, datetime.min.time(), timezone.utc)
    at = monday + timedelta(days=1, hours=10)  # Tuesday: before either approval date
    oc = [
        OcEvent(
            event_id=f"EV-{n}",
            practice_code=p,
            submitted_at=at,
            category=RequestCategory.ADMINISTRATIVE_REQUEST,
        )
        for n, p in enumerate(["A81001", "B82002", "A81001", "C83003"])
    ]
    vc = [
        VcEvent(session_id=f"VC-{n}", practice_code=p, scheduled_start=at,
                status=VideoSessionStatus.SCHEDULED)
        for n, p in enumerate(["B82002", "C83003"])
    ]  # fmt: skip
    build = build_week(
        supplier_id="ACME-OC",
        period=period,
        anonymiser=Anonymiser(
            bytes.fromhex("8bb52ec41149bcb53ed80ebdc36bd03b51cff316d1be78382d7ef9dcbe9fa308"),
            "ACME-OC",
        ),
        participation=ParticipationList.load(listing),
        out_dir=tmp_path / "out",
        oc_events=oc,
        vc_events=vc,
        generated_at=datetime(2026, 11, 23, 6, tzinfo=timezone.utc),
    )
    counts = {f.data_type: f.records for f in build.files}
    assert counts[DataType.OC_RECORD] == 3  # A81001 twice and B82002: all back-dated, all kept
    assert counts[DataType.VC_RECORD] == 1
    assert all(f.clean for f in build.files)
    assert build.outside_period == 0
    # The exclusion report names the unlisted practice only, never a listed one.
    excluded: Counter[tuple[str, ExclusionReason]] = Counter()
    for report in build.exclusions:
        excluded.update(report.excluded)
    assert excluded == {("C83003", ExclusionReason.NOT_LISTED): 2}  # one OC, one VC event
    assert build.excluded_records() == 2
    lines = [line for report in build.exclusions for line in report.lines()]
    assert lines
    assert all(line.startswith("C83003:") for line in lines)
