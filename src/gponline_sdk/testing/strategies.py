"""Public hypothesis strategies for every SDK model, valid and deliberately invalid.

Valid strategies build values that pass every validator, cross-field rules
included; `invalid_wire_data` builds JSON a model must refuse, with the JSON
paths the `ValidationError` has to name. Identifiers default to the synthetic
999 NHS number range, so tests never hold a real patient's number.

>>> from hypothesis import given
>>> from gponline_sdk.serde import structure, unstructure
>>> @given(oc_records())
... def test_round_trip(record):
...     assert structure(unstructure(record), OcRecord) == record

After `register_type_strategies()` (run by the hypothesis entry point when the
SDK is installed), `st.from_type(OcRecord)` works too.
"""

from __future__ import annotations

import string
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from gponline_sdk.models import (
    Acknowledgement,
    Attachment,
    Channel,
    ConsultationRequest,
    ContactDetails,
    ContactDetailsUpdate,
    ContactMethod,
    CoreHours,
    DataType,
    Incident,
    IncidentImpact,
    MessageDirection,
    NhsNumber,
    OcAggregate,
    OcPractice,
    OcRecord,
    OdsCode,
    Outcome,
    OutcomeKind,
    OutOfHoursBehaviour,
    PatientDetails,
    PracticeStatus,
    Product,
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
    RequestType,
    SecureMessage,
    SubmissionHeader,
    SupplierId,
    ToolCapabilities,
    VcAggregate,
    VcPractice,
    VcRecord,
    VideoSession,
    VideoSessionStatus,
    nhs_number_check_digit,
)
from gponline_sdk.testing._invalid import (
    Broken,
    invalid_nhs_numbers,
    invalid_ods_codes,
    wire_breaks,
)

__all__ = [
    "acknowledgements",
    "attachments",
    "aware_datetimes",
    "consultation_requests",
    "contact_details",
    "contact_details_updates",
    "core_hours",
    "incidents",
    "instances",
    "invalid_nhs_numbers",
    "invalid_ods_codes",
    "invalid_wire_data",
    "nhs_numbers",
    "oc_aggregates",
    "oc_practices",
    "oc_records",
    "ods_codes",
    "outcomes",
    "patient_details",
    "register_type_strategies",
    "reporting_periods",
    "requesters",
    "secure_messages",
    "submission_headers",
    "supplier_ids",
    "tool_capabilities",
    "vc_aggregates",
    "vc_practices",
    "vc_records",
    "video_sessions",
]

T = TypeVar("T")
SearchStrategy = st.SearchStrategy
_LONDON = ZoneInfo("Europe/London")
_FIRST, _LAST = datetime(2000, 1, 1), datetime(2099, 12, 31, 23, 59, 59)  # noqa: DTZ001
_COUNT = st.integers(0, 100_000)
_FULL: dict[str, Any] = {"fullmatch": True}


def ods_codes() -> SearchStrategy[OdsCode]:
    """GP practice ODS codes: a capital letter and five digits.

    >>> isinstance(ods_codes().example(), OdsCode)
    True
    """
    letters = st.sampled_from(string.ascii_uppercase)
    return st.builds(lambda a, n: OdsCode(f"{a}{n:05d}"), letters, st.integers(0, 99_999))


def nhs_numbers(*, synthetic_only: bool = True) -> SearchStrategy[NhsNumber]:
    """Valid NHS numbers; by default only the synthetic 999 range reserved for tests.

    Args:
        synthetic_only: keep to numbers starting 999 (never a real patient's).

    >>> nhs_numbers().example().is_synthetic
    True
    """
    low, high = (999_000_000, 999_999_999) if synthetic_only else (0, 999_999_999)

    # About one in eleven prefixes has no possible check digit: drop those.
    prefixes = st.integers(low, high).map(lambda n: f"{n:09d}")
    usable = prefixes.filter(lambda nine: nhs_number_check_digit(nine) is not None)
    return usable.map(lambda nine: NhsNumber(f"{nine}{nhs_number_check_digit(nine)}"))


def supplier_ids() -> SearchStrategy[SupplierId]:
    """Supplier identifiers: 2-40 of A-Z, 0-9, `_`, `-`, not starting with `_` or `-`.

    >>> isinstance(supplier_ids().example(), SupplierId)
    True
    """
    return st.from_regex(r"[A-Z0-9][A-Z0-9_-]{1,39}", fullmatch=True).map(SupplierId)


def _fixed_offsets() -> SearchStrategy[tzinfo]:
    minutes = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    return st.one_of(st.just(timezone.utc), minutes)


def _round_trip_safe(value: datetime) -> datetime:
    # PEP 495: a datetime whose offset depends on `fold` (the repeated autumn
    # hour) never compares equal to one in another zone, so a value read back
    # from JSON (fixed offset) would differ from it. Keep its instant and offset.
    if value.replace(fold=1 - value.fold).utcoffset() != value.utcoffset():
        offset = value.utcoffset()
        assert offset is not None
        return value.astimezone(timezone(offset))
    return value


def _near_clock_changes() -> SearchStrategy[datetime]:
    def build(year: int, autumn: bool, minutes: int) -> datetime:
        month = 10 if autumn else 3
        last = date(year, month, 31)
        change = datetime.combine(last - timedelta(days=(last.weekday() + 1) % 7), time(1))
        moment = change.replace(tzinfo=timezone.utc) + timedelta(minutes=minutes)
        return moment.astimezone(_LONDON)

    return st.builds(build, st.integers(2000, 2099), st.booleans(), st.integers(-180, 180))


def aware_datetimes(*, round_trip_safe: bool = True) -> SearchStrategy[datetime]:
    """Timezone-aware datetimes, 2000 to 2099, in UTC, any whole-minute offset or Europe/London.

    A quarter are within three hours of a UK clock change. Times that do not
    exist (the spring gap) are never drawn.

    Args:
        round_trip_safe: give a Europe/London time in the repeated autumn hour a
            fixed-offset tzinfo (same instant, same offset), because Python's
            `==` treats such a time as unequal to the same instant in any
            other zone (PEP 495), which would break `from_json(to_json(x)) == x`.

    >>> aware_datetimes().example().utcoffset() is not None
    True
    """
    fixed = st.datetimes(_FIRST, _LAST, timezones=_fixed_offsets())
    london = st.datetimes(_FIRST, _LAST, timezones=st.just(_LONDON), allow_imaginary=False)
    drawn = st.one_of(fixed, london, _near_clock_changes(), _near_clock_changes())
    return drawn.map(_round_trip_safe) if round_trip_safe else drawn


def _later_than(first: datetime, tz: tzinfo, seconds: int) -> datetime:
    # Arithmetic in UTC: adding a timedelta to a London datetime moves its wall
    # clock, which across a clock change is not the same as moving the instant.
    moment = first.astimezone(timezone.utc) + timedelta(seconds=seconds)
    return _round_trip_safe(moment.astimezone(tz))


@st.composite
def _ordered_pair(draw: st.DrawFn) -> tuple[datetime, datetime]:
    first = draw(aware_datetimes())
    tz = draw(st.one_of(st.just(first.tzinfo), _fixed_offsets(), st.just(_LONDON)))
    assert tz is not None
    return first, _later_than(first, tz, draw(st.integers(0, 14 * 86_400)))


def _dates(first: int = 2000, last: int = 2099) -> SearchStrategy[date]:
    return st.dates(date(first, 1, 1), date(last, 12, 31))


def _text(max_len: int, min_len: int = 1) -> SearchStrategy[str]:
    return st.text(min_size=min_len, max_size=min(max_len, max(min_len, 40)))


def _references() -> SearchStrategy[str]:
    return st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}", fullmatch=True)


def _record_ids() -> SearchStrategy[str]:
    return st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True)


def _media_types() -> SearchStrategy[str]:
    known = st.sampled_from(["image/jpeg", "image/png", "image/heic", "application/pdf"])
    return st.one_of(known, st.from_regex(r"[a-z]{1,20}/[a-z0-9.+-]{1,40}", fullmatch=True))


def reporting_periods() -> SearchStrategy[ReportingPeriod]:
    """Weekly reporting periods (Monday to Sunday) from 2000 to 2099.

    >>> reporting_periods().example().start.weekday()
    0
    """
    return _dates().map(ReportingPeriod.containing)


def attachments() -> SearchStrategy[Attachment]:
    """Attachments with a media type, a size up to 20 MiB and a SHA-256 digest."""
    return st.builds(
        Attachment,
        media_type=_media_types(),
        size_bytes=st.integers(0, 20 * 1024 * 1024),
        sha256=st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
    )


@st.composite
def _contact_details(draw: st.DrawFn) -> ContactDetails:
    email = draw(
        st.none() | st.from_regex(r"[a-z0-9.]{1,20}@[a-z0-9-]{1,20}\.nhs\.uk", fullmatch=True)
    )
    phone = draw(st.none() | st.from_regex(r"0[0-9]{3} ?[0-9]{3} ?[0-9]{4}", fullmatch=True))
    lines = draw(st.lists(_text(60), max_size=3).map(tuple))
    if email is None and phone is None and not lines:
        lines = (draw(_text(60)),)
    return ContactDetails(
        email=email,
        phone=phone,
        address_lines=lines,
        postcode=draw(
            st.none() | st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", fullmatch=True)
        ),
        preferred=draw(st.none() | st.sampled_from(ContactMethod)),
    )


def contact_details() -> SearchStrategy[ContactDetails]:
    """Contact details with at least one of email, phone or address lines."""
    return _contact_details()


def patient_details() -> SearchStrategy[PatientDetails]:
    """Patients with names, a date of birth and (maybe) a synthetic NHS number."""
    return st.builds(
        PatientDetails,
        given_name=_text(100),
        family_name=_text(100),
        date_of_birth=st.dates(date(1900, 1, 1), date(2026, 12, 31)),
        nhs_number=st.none() | nhs_numbers(),
    )


def requesters() -> SearchStrategy[Requester]:
    """Patients acting for themselves, or proxies with a name and a relationship."""
    proxy = st.builds(
        Requester, role=st.just(RequesterRole.PROXY), proxy_name=_text(200), relationship=_text(100)
    )
    return st.one_of(st.builds(Requester, role=st.just(RequesterRole.PATIENT)), proxy)


@st.composite
def _consultation_requests(draw: st.DrawFn) -> ConsultationRequest:
    reference = draw(_references())
    category = draw(st.sampled_from(RequestCategory))
    follows_up = None
    if category is RequestCategory.FOLLOW_UP:
        follows_up = draw(_references().filter(lambda r: r != reference))
    return ConsultationRequest(
        reference=reference,
        practice_code=draw(ods_codes()),
        category=category,
        patient=draw(patient_details()),
        requester=draw(requesters()),
        contact=draw(contact_details()),
        description=draw(_text(10_000)),
        submitted_at=draw(aware_datetimes()),
        attachments=tuple(draw(st.lists(attachments(), max_size=3))),
        follows_up=follows_up,
    )


def consultation_requests() -> SearchStrategy[ConsultationRequest]:
    """Consultation requests; a follow-up (and only a follow-up) names an earlier request."""
    return _consultation_requests()


def acknowledgements() -> SearchStrategy[Acknowledgement]:
    """Acknowledgements whose `respond_by` is not before `received_at` (as instants)."""
    return st.builds(
        lambda pair, **kw: Acknowledgement(received_at=pair[0], respond_by=pair[1], **kw),
        _ordered_pair(),
        reference=_references(),
        message=_text(2_000),
    )


def outcomes() -> SearchStrategy[Outcome]:
    """Outcomes of requests."""
    return st.builds(
        Outcome,
        request_reference=_references(),
        kind=st.sampled_from(OutcomeKind),
        recorded_at=aware_datetimes(),
    )


def secure_messages() -> SearchStrategy[SecureMessage]:
    """Secure messages either way, maybe in reply to another."""
    return st.builds(
        SecureMessage,
        reference=_references(),
        practice_code=ods_codes(),
        direction=st.sampled_from(MessageDirection),
        body=_text(10_000),
        sent_at=aware_datetimes(),
        in_reply_to=st.none() | _references(),
    )


@st.composite
def _video_sessions(draw: st.DrawFn) -> VideoSession:
    started = ended = None
    if draw(st.booleans()):
        started, ended = draw(_ordered_pair())
        ended = draw(st.none() | st.just(ended))
    elif draw(st.booleans()):
        ended = draw(aware_datetimes())
    return VideoSession(
        reference=draw(_references()),
        practice_code=draw(ods_codes()),
        scheduled_start=draw(aware_datetimes()),
        duration_minutes=draw(st.integers(1, 240)),
        status=draw(st.sampled_from(VideoSessionStatus)),
        started_at=started,
        ended_at=ended,
    )


def video_sessions() -> SearchStrategy[VideoSession]:
    """Video sessions of 1 to 240 minutes; `ended_at` is never before `started_at`."""
    return _video_sessions()


def contact_details_updates() -> SearchStrategy[ContactDetailsUpdate]:
    """Patients' updates of their contact details."""
    return st.builds(
        ContactDetailsUpdate,
        reference=_references(),
        practice_code=ods_codes(),
        patient=patient_details(),
        contact=contact_details(),
        submitted_at=aware_datetimes(),
    )


@st.composite
def _tool_capabilities(draw: st.DrawFn) -> ToolCapabilities:
    photo = draw(st.booleans())
    media = draw(st.lists(_media_types(), min_size=1 if photo else 0, max_size=4))
    return ToolCapabilities(
        tool_name=draw(_text(200)),
        tool_version=draw(st.from_regex(r"[0-9]{1,3}\.[0-9]{1,3}(\.[0-9]{1,3})?", fullmatch=True)),
        request_categories=draw(st.frozensets(st.sampled_from(RequestCategory))),
        channels=draw(st.frozensets(st.sampled_from(Channel))),
        photo_upload=photo,
        accepted_media_types=tuple(media),
        out_of_hours=draw(st.sampled_from(OutOfHoursBehaviour)),
        urgent_use_safeguard=draw(_text(2_000, min_len=10)),
        symptom_checker_url=draw(
            st.sampled_from(["https://111.nhs.uk/", "https://example.org/symptoms"])
        ),
    )


def tool_capabilities() -> SearchStrategy[ToolCapabilities]:
    """Capability declarations; a tool with photo upload lists its media types."""
    return _tool_capabilities()


@st.composite
def _core_hours(draw: st.DrawFn) -> CoreHours:
    # Whole seconds: the published schema's time of day is HH:MM or HH:MM:SS.
    seconds = draw(st.lists(st.integers(0, 86_399), min_size=2, max_size=2, unique=True))
    start, end = (time(s // 3600, s // 60 % 60, s % 60) for s in sorted(seconds))
    tz = draw(st.sampled_from(["Europe/London", "UTC", "Europe/Dublin", "America/New_York"]))
    return CoreHours(start=start, end=end, tz=tz)


def core_hours() -> SearchStrategy[CoreHours]:
    """Core hours: `start` before `end`, whole seconds, in a known IANA zone."""
    return _core_hours()


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


_VALID: dict[type[Any], Any] = {
    Acknowledgement: acknowledgements,
    Attachment: attachments,
    ConsultationRequest: consultation_requests,
    ContactDetails: contact_details,
    ContactDetailsUpdate: contact_details_updates,
    CoreHours: core_hours,
    Incident: incidents,
    NhsNumber: nhs_numbers,
    OcAggregate: oc_aggregates,
    OcPractice: oc_practices,
    OcRecord: oc_records,
    OdsCode: ods_codes,
    Outcome: outcomes,
    PatientDetails: patient_details,
    ReportingPeriod: reporting_periods,
    Requester: requesters,
    SecureMessage: secure_messages,
    SubmissionHeader: submission_headers,
    SupplierId: supplier_ids,
    ToolCapabilities: tool_capabilities,
    VcAggregate: vc_aggregates,
    VcPractice: vc_practices,
    VcRecord: vc_records,
    VideoSession: video_sessions,
}


def instances(cls: type[T]) -> SearchStrategy[T]:
    """The valid strategy of any SDK model or identifier class.

    Raises:
        KeyError: when `cls` is not one of the SDK's models or identifiers.

    >>> isinstance(instances(OcRecord).example(), OcRecord)
    True
    """
    strategy: SearchStrategy[T] = _VALID[cls]()
    return strategy


def invalid_wire_data(model: type[Any]) -> SearchStrategy[Broken]:
    """JSON data for `model` with one or more fields broken, and the paths that must be named.

    Each example is `(data, expected_paths)`: `data` is a valid value's
    unstructured JSON with breaks applied (wrong JSON type, bad identifier,
    naive or malformed datetime, bad enum value, unknown key, missing required
    key, a field validator or a cross-field rule broken), possibly in nested
    objects and list items; `expected_paths` holds the JSON path of each break
    (`$.practice_code`, `$.patient.nhs_number`, `$.attachments[2].sha256`).
    Breaks are only combined when the converter reports each independently,
    so the `ValidationError`'s locations equal `expected_paths` exactly.

    >>> data, paths = invalid_wire_data(OcRecord).example()
    >>> all(p.startswith("$") for p in paths)
    True
    """
    return wire_breaks(model, instances(model))


def register_type_strategies() -> None:
    """Register a strategy for each SDK model with `st.register_type_strategy`.

    Called by the SDK's hypothesis entry point, so users get it for free:

    >>> st.from_type(OcRecord).example().practice_code[0].isupper()
    True
    """
    for cls, factory in _VALID.items():
        st.register_type_strategy(cls, factory())
