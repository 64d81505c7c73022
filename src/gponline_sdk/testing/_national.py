"""Strategies for the national collection's data types and the submission header."""

from __future__ import annotations

from hypothesis import strategies as st

from gponline_sdk.models import (
    DataType,
    Incident,
    IncidentImpact,
    OcAggregate,
    OcPractice,
    OcRecord,
    PracticeStatus,
    Product,
    RequestCategory,
    RequesterRole,
    RequestType,
    SubmissionHeader,
    VcAggregate,
    VcPractice,
    VcRecord,
    VideoSessionStatus,
)
from gponline_sdk.testing._primitives import (
    _COUNT,
    _dates,
    _ordered_pair,
    _record_ids,
    _text,
    aware_datetimes,
    ods_codes,
    reporting_periods,
    supplier_ids,
)

__all__ = [
    "incidents",
    "oc_aggregates",
    "oc_practices",
    "oc_records",
    "submission_headers",
    "vc_aggregates",
    "vc_practices",
    "vc_records",
]

SearchStrategy = st.SearchStrategy


def oc_records() -> SearchStrategy[OcRecord]:
    """Anonymised online consultation submissions."""
    return st.builds(
        OcRecord,
        record_id=_record_ids(),
        practice_code=ods_codes(),
        submitted_at=aware_datetimes(),
        request_type=st.sampled_from(RequestType),
        category=st.none() | st.sampled_from(RequestCategory),
        requester_role=st.sampled_from(RequesterRole),
        has_attachments=st.booleans(),
    )


def oc_aggregates() -> SearchStrategy[OcAggregate]:
    """Daily submission counts; out-of-core-hours submissions never exceed the total."""
    counts = st.tuples(_COUNT, _COUNT).map(sorted)
    return st.builds(
        lambda c, **kw: OcAggregate(submissions_out_of_core_hours=c[0], submissions=c[1], **kw),
        counts,
        practice_code=ods_codes(),
        date=_dates(),
        request_type=st.sampled_from(RequestType),
    )


def oc_practices() -> SearchStrategy[OcPractice]:
    """Practices' online consultation installations."""
    return st.builds(
        OcPractice,
        practice_code=ods_codes(),
        product_name=_text(200),
        installation_date=_dates(),
        status=st.sampled_from(PracticeStatus),
        status_date=st.none() | _dates(),
        photo_upload_enabled=st.booleans(),
    )


def vc_records() -> SearchStrategy[VcRecord]:
    """Anonymised video consultations."""
    return st.builds(
        VcRecord,
        record_id=_record_ids(),
        practice_code=ods_codes(),
        scheduled_start=aware_datetimes(),
        status=st.sampled_from(VideoSessionStatus),
        duration_minutes=st.none() | st.integers(0, 240),
    )


def vc_aggregates() -> SearchStrategy[VcAggregate]:
    """Daily video consultation counts; completed never exceeds scheduled."""
    counts = st.tuples(_COUNT, _COUNT).map(sorted)
    return st.builds(
        lambda c, **kw: VcAggregate(completed=c[0], scheduled=c[1], **kw),
        counts,
        practice_code=ods_codes(),
        date=_dates(),
        total_minutes=st.integers(0, 10_000_000),
    )


def vc_practices() -> SearchStrategy[VcPractice]:
    """Practices' video consultation installations."""
    return st.builds(
        VcPractice,
        practice_code=ods_codes(),
        product_name=_text(200),
        installation_date=_dates(),
        status=st.sampled_from(PracticeStatus),
        status_date=st.none() | _dates(),
    )


@st.composite
def _incidents(draw: st.DrawFn) -> Incident:
    started, ended = draw(_ordered_pair())
    return Incident(
        incident_id=draw(_record_ids()),
        product=draw(st.sampled_from(Product)),
        practice_code=draw(st.none() | ods_codes()),
        started_at=started,
        ended_at=draw(st.none() | st.just(ended)),
        impact=draw(st.sampled_from(IncidentImpact)),
        summary=draw(_text(500)),
    )


def incidents() -> SearchStrategy[Incident]:
    """Service incidents, open or closed; `ended_at` is never before `started_at`."""
    return _incidents()


def submission_headers() -> SearchStrategy[SubmissionHeader]:
    """Headers of weekly submissions."""
    return st.builds(
        SubmissionHeader,
        supplier_id=supplier_ids(),
        data_type=st.sampled_from(DataType),
        period=reporting_periods(),
        generated_at=aware_datetimes(),
        schema_version=st.just("1.0") | _text(20),
    )
