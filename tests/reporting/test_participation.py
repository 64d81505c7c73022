"""The participation list: strict loading, streaming filter, a report of what was left out.

Approval is not a start date (NHS England): a listed practice's records are all
kept, historic ones included; an approval date in the list is information only.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import InputFileError, ValidationError
from gponline_sdk.models import (
    Incident,
    IncidentImpact,
    OcAggregate,
    OcPractice,
    OcRecord,
    PracticeStatus,
    Product,
    RequesterRole,
    RequestType,
)
from gponline_sdk.reporting.participation import (
    ExclusionReason,
    ParticipatingPractice,
    ParticipationList,
)

DATA = Path(__file__).with_name("data")


def _oc(
    practice: str, day: int, record_id: str = "0" * 32, *, year: int = 2026, month: int = 11
) -> OcRecord:
    return OcRecord(
        record_id=record_id,
        practice_code=practice,
        submitted_at=datetime(year, month, day, 12, 0, tzinfo=timezone.utc),
        request_type=RequestType.CLINICAL,
        requester_role=RequesterRole.PATIENT,
    )


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "participation.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _error(path: Path) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        ParticipationList.load(path)
    assert caught.value.path == str(path)
    return caught.value


def test_loads_the_sample_list() -> None:
    listed = ParticipationList.load(DATA / "participation.csv")
    assert len(listed) == 2
    assert "A81001" in listed
    assert "B82002" in listed  # written in lower case in the file
    assert listed.practices["B82002"] == ParticipatingPractice(
        practice_code="B82002",
        practice_name="Hill Top Medical Centre",
        approved_from=date(2026, 11, 17),
    )
    # Listed twice, once without a date: the earliest known date is kept (information only).
    assert listed.practices["A81001"].approved_from == date(2026, 1, 1)
    assert listed.source.endswith("participation.csv")


def test_filter_keeps_listed_practices_and_reports_the_rest() -> None:
    listed = ParticipationList.load(DATA / "participation.csv")
    records = [
        _oc("A81001", 16),
        _oc("B82002", 16),  # the day before its approval date: kept all the same
        _oc("B82002", 17),
        _oc("C83003", 16),
        _oc("C83003", 18),
    ]
    kept, report = listed.filter(records)
    assert not report.complete
    assert list(kept) == records[:3]
    assert report.complete
    assert report.kept == 3
    assert report.total_excluded == 2
    assert report.by_practice() == {"C83003": 2}
    assert report.excluded == {("C83003", ExclusionReason.NOT_LISTED): 2}
    assert report.lines() == [
        "C83003: 2 records left out (practice not on the participation list)",
    ]


def test_approval_covers_back_dated_records(tmp_path: Path) -> None:
    listed = ParticipationList.load(
        _write(
            tmp_path,
            "practice_code,practice_name,approved_from\n"
            "A81001,Riverside,2026-11-18\n"
            "B82002,Hill Top,2026-11-20\n",
        )
    )
    assert listed.practices["A81001"].approved_from == date(2026, 11, 18)
    back_dated = [
        _oc("A81001", 16),  # two days before approval, in the same week
        _oc("A81001", 3, month=7),  # months before
        _oc("B82002", 29, month=2, year=2024),  # years before
        _oc("B82002", 1, month=1, year=2019),
    ]
    unlisted = [_oc("C83003", 16), _oc("C83003", 3, month=7, year=2025)]
    kept, report = listed.filter([*back_dated, *unlisted])
    assert list(kept) == back_dated
    assert report.kept == len(back_dated)
    assert report.excluded == {("C83003", ExclusionReason.NOT_LISTED): 2}
    assert set(report.by_practice()) == {"C83003"}  # nothing listed for A81001 or B82002
    assert report.lines() == [
        "C83003: 2 records left out (practice not on the participation list)",
    ]
    assert [r.name for r in ExclusionReason] == ["NOT_LISTED"]


@pytest.mark.parametrize("column", ["approved_from", "Approval Date"])
def test_an_approval_date_is_information_never_a_reason_to_reject(
    tmp_path: Path, column: str, caplog: pytest.LogCaptureFixture
) -> None:
    text = f"practice_code,{column}\nA81001,17/11/2026\nB82002,next week\nC83003,2026-11-19\n"
    with caplog.at_level(logging.WARNING):
        listed = ParticipationList.load(_write(tmp_path, text))
    assert listed.practices["A81001"].approved_from == date(2026, 11, 17)  # UK form read
    assert listed.practices["B82002"].approved_from is None  # unreadable: left blank
    assert listed.practices["C83003"].approved_from == date(2026, 11, 19)
    assert len(listed) == 3
    column_key = column.lower().replace(" ", "_")
    assert f"participation.csv:3:{column_key}: not a date" in caplog.text
    assert "next week" not in caplog.text  # the value is never echoed


def test_filter_handles_every_national_type() -> None:
    listed = ParticipationList.of(["A81001"])
    rows: list[object] = [
        OcAggregate(
            practice_code="C83003",
            date=date(2026, 11, 16),
            request_type=RequestType.CLINICAL,
            submissions=1,
            submissions_out_of_core_hours=0,
        ),
        OcPractice(
            practice_code="A81001",
            product_name="Acme",
            installation_date=date(2021, 1, 1),
            status=PracticeStatus.LIVE,
        ),
        Incident(
            incident_id="INC-00000001",
            product=Product.ONLINE_CONSULTATION,
            started_at=datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc),
            impact=IncidentImpact.UNAVAILABLE,
            summary="Outage",
        ),
    ]
    kept, report = listed.filter(rows)
    assert list(kept) == rows[1:]
    assert report.by_practice() == {"C83003": 1}


def test_of_refuses_bad_codes() -> None:
    with pytest.raises(ValidationError):
        ParticipationList.of(["A8100"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "participation.csv:1: the file is empty: expected a header row"),
        ("practice_code,practice_name\n", "participation.csv:2: the list names no practice"),
        (
            "ods,practice_name\nA81001,Riverside\n",
            "participation.csv:1: missing required column(s): practice_code",
        ),
        (
            "practice_code\nA81001\n9990000018\nJo Bloggs\n",
            "participation.csv:3:practice_code: not a GP practice ODS code (a letter and 5 digits)",
        ),
        (
            "practice_code\nA81001,extra\n",
            "participation.csv:2: row has 2 fields, the header has 1",
        ),
    ],
)
def test_bad_lists(tmp_path: Path, text: str, expected: str) -> None:
    error = _error(_write(tmp_path, text))
    assert str(error.problems[0]) == expected
    assert "9990000018" not in str(error)
    assert "Bloggs" not in str(error)


def test_every_bad_line_is_listed(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "practice_code\nA81001\nX1\nA81002\nY2\n"))
    assert [p.location for p in error.problems] == [
        "participation.csv:3:practice_code",
        "participation.csv:5:practice_code",
    ]


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_wrong_encoding(tmp_path: Path, encoding: str) -> None:
    text = "practice_code,practice_name\nA81001,Surgery\nA81002,Médical\n"
    error = _error(_write(tmp_path, text, encoding))
    assert error.problems[0].location in {"participation.csv:1", "participation.csv:3"}
    assert "UTF" in error.problems[0].message


codes = st.sampled_from(["A81001", "B82002", "C83003", "D84004", "E85005"])


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(codes, min_size=1), st.lists(st.tuples(codes, st.integers(16, 22))))
def test_filter_keeps_exactly_the_listed_practices(
    listed_codes: set[str], drawn: list[tuple[str, int]]
) -> None:
    records = [_oc(code, day, f"{i:032x}") for i, (code, day) in enumerate(drawn)]
    kept, report = ParticipationList.of(listed_codes).filter(iter(records))
    assert list(kept) == [r for r in records if r.practice_code in listed_codes]
    left_out = Counter(r.practice_code for r in records if r.practice_code not in listed_codes)
    assert report.by_practice() == dict(sorted(left_out.items()))
    assert report.kept + report.total_excluded == len(records)
