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

from datetime import date, time
from typing import Any, TypeVar

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
    Incident,
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
    ReportingPeriod,
    RequestCategory,
    Requester,
    RequesterRole,
    SecureMessage,
    SubmissionHeader,
    SupplierId,
    ToolCapabilities,
    VcAggregate,
    VcPractice,
    VcRecord,
    VideoSession,
    VideoSessionStatus,
)
from gponline_sdk.testing._invalid import (
    Broken,
    invalid_nhs_numbers,
    invalid_ods_codes,
    wire_breaks,
)
from gponline_sdk.testing._national import (
    incidents,
    oc_aggregates,
    oc_practices,
    oc_records,
    submission_headers,
    vc_aggregates,
    vc_practices,
    vc_records,
)
from gponline_sdk.testing._primitives import (
    _media_types,
    _ordered_pair,
    _references,
    _text,
    aware_datetimes,
    nhs_numbers,
    ods_codes,
    reporting_periods,
    supplier_ids,
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


def _time_of_day(micros: int) -> time:
    seconds, us = divmod(micros, 1_000_000)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60, us)


@st.composite
def _core_hours(draw: st.DrawFn) -> CoreHours:
    # Mostly whole minutes, as practices set them; sometimes any microsecond.
    minutes = st.integers(0, 1_439).map(lambda m: m * 60_000_000)
    instant = st.one_of(minutes, st.integers(0, 86_400_000_000 - 1))
    micros = draw(st.lists(instant, min_size=2, max_size=2, unique=True))
    start, end = (_time_of_day(us) for us in sorted(micros))
    tz = draw(st.sampled_from(["Europe/London", "UTC", "Europe/Dublin", "America/New_York"]))
    return CoreHours(start=start, end=end, tz=tz)


def core_hours() -> SearchStrategy[CoreHours]:
    """Core hours: `start` before `end`, in a known IANA zone."""
    return _core_hours()


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
