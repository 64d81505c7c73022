"""The participation list: strict loading, streaming filter, a report of what was left out."""

from __future__ import annotations

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


def _oc(practice: str, day: int, record_id: str = "0" * 32) -> OcRecord:
    return OcRecord(
        record_id=record_id,
        practice_code=practice,
        submitted_at=datetime(2026, 11, day, 12, 0, tzinfo=timezone.utc),
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
    # Listed twice, once without a date: approved outright.
    assert listed.practices["A81001"].approved_from is None
    assert listed.source.endswith("participation.csv")


def test_filter_keeps_listed_practices_and_reports_the_rest() -> None:
    listed = ParticipationList.load(DATA / "participation.csv")
    records = [
        _oc("A81001", 16),
        _oc("B82002", 16),  # before its approved_from
        _oc("B82002", 17),
        _oc("C83003", 16),
        _oc("C83003", 18),
    ]
    kept, report = listed.filter(records)
    assert not report.complete
    assert list(kept) == [records[0], records[2]]
    assert report.complete
    assert report.kept == 2
    assert report.total_excluded == 3
    assert report.by_practice() == {"B82002": 1, "C83003": 2}
    assert report.excluded == {
        ("B82002", ExclusionReason.BEFORE_APPROVAL): 1,
        ("C83003", ExclusionReason.NOT_LISTED): 2,
    }
    assert report.lines() == [
        "B82002: 1 record left out (dated before the practice's approved_from date)",
        "C83003: 2 records left out (practice not on the participation list)",
    ]


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
            "practice_code,approved_from\nA81001,17/11/2026\n",
            "participation.csv:2:approved_from: not an ISO 8601 date (YYYY-MM-DD)",
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
