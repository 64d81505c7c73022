"""NHS small-number suppression: 0 stays, 1-7 hidden, the rest to the nearest 5."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import ValidationError
from gponline_sdk.models import OcAggregate, RequestType, VcAggregate
from gponline_sdk.reporting.suppression import (
    SUPPRESSED,
    PublishedOcAggregate,
    PublishedVcAggregate,
    suppress_count,
    suppress_oc,
    suppress_vc,
)
from gponline_sdk.serde import to_json

DAY = date(2026, 11, 16)


@pytest.mark.parametrize(
    ("count", "published"),
    [
        (0, 0),
        (1, SUPPRESSED),
        (7, SUPPRESSED),
        (8, 10),
        (10, 10),
        (12, 10),
        (13, 15),
        (17, 15),
        (18, 20),
        (102, 100),
        (103, 105),
    ],
)
def test_the_rule(count: int, published: object) -> None:
    assert suppress_count(count) == published


@pytest.mark.parametrize("bad", [-1, True, 2.0, "3"])
def test_refuses_what_is_not_a_count(bad: object) -> None:
    with pytest.raises(ValidationError):
        suppress_count(bad)  # type: ignore[arg-type]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9))
def test_properties(count: int) -> None:
    published = suppress_count(count)
    if count == 0:
        assert published == 0
    elif count <= 7:
        assert published is SUPPRESSED
    else:
        assert isinstance(published, int)
        assert published % 5 == 0
        assert abs(published - count) <= 2
        assert published >= 10  # never a small number that the rule hides
        next_published = suppress_count(count + 1)
        assert isinstance(next_published, int)
        assert next_published >= published  # monotone


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 500), st.integers(0, 500))
def test_rows_keep_out_of_hours_within_submissions(a: int, b: int) -> None:
    total, ooh = max(a, b), min(a, b)
    row = OcAggregate(
        practice_code="A81001",
        date=DAY,
        request_type=RequestType.CLINICAL,
        submissions=total,
        submissions_out_of_core_hours=ooh,
    )
    (published,) = suppress_oc([row])
    assert published == PublishedOcAggregate(
        practice_code="A81001",
        date=DAY,
        request_type=RequestType.CLINICAL,
        submissions=suppress_count(total),
        submissions_out_of_core_hours=suppress_count(ooh),
    )
    if isinstance(published.submissions, int) and isinstance(
        published.submissions_out_of_core_hours, int
    ):
        assert published.submissions_out_of_core_hours <= published.submissions


def test_minutes_follow_completed() -> None:
    small = VcAggregate(
        practice_code="A81001", date=DAY, scheduled=9, completed=3, total_minutes=41
    )
    large = VcAggregate(
        practice_code="A81001", date=DAY, scheduled=20, completed=12, total_minutes=143
    )
    assert list(suppress_vc([small, large])) == [
        PublishedVcAggregate(
            practice_code="A81001",
            date=DAY,
            scheduled=10,
            completed=SUPPRESSED,
            total_minutes=SUPPRESSED,
        ),
        PublishedVcAggregate(
            practice_code="A81001", date=DAY, scheduled=20, completed=10, total_minutes=145
        ),
    ]


def test_marker_is_written_as_an_asterisk() -> None:
    (row,) = suppress_oc(
        [
            OcAggregate(
                practice_code="A81001",
                date=DAY,
                request_type=RequestType.CLINICAL,
                submissions=12,
                submissions_out_of_core_hours=3,
            )
        ]
    )
    assert str(SUPPRESSED) == "*"
    assert to_json(row) == (
        b'{"practice_code":"A81001","date":"2026-11-16","request_type":"clinical",'
        b'"submissions":10,"submissions_out_of_core_hours":"*"}'
    )
