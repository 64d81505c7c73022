"""The national OC/VC collection's seven data types and the weekly submission header.

No field of these types can hold a patient identifier: there is no name,
address, contact detail, NHS number, date of birth or free text from a
patient. Record IDs are the supplier's keyed pseudonyms (see
`gponline_sdk.reporting.anonymise`), never a tool's own request reference.
Wire names for every field live in `gponline_sdk.serde.wire_names`.
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime
from typing import Any, TypeAlias

import attrs

from gponline_sdk.models import _validators as v
from gponline_sdk.models.consultation import (
    RequestCategory,
    RequesterRole,
    RequestType,
    VideoSessionStatus,
)
from gponline_sdk.models.identifiers import OdsCode, SupplierId
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.national import active_profile

__all__ = [
    "DataType",
    "Incident",
    "IncidentImpact",
    "NationalRecord",
    "OcAggregate",
    "OcPractice",
    "OcRecord",
    "PracticeStatus",
    "Product",
    "SubmissionHeader",
    "VcAggregate",
    "VcPractice",
    "VcRecord",
]

_RECORD_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
SCHEMA_VERSION = "1.0"


@v.states(pattern=f"^{_RECORD_ID.pattern}$")
def _record_id(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or _RECORD_ID.fullmatch(value) is None:
        raise v.fail(attribute.name, "not a record ID (8-64 of letters, digits, '_', '-')")


class Product(enum.Enum):
    """Which kind of tool a practice-level row or incident is about."""

    ONLINE_CONSULTATION = "online_consultation"
    VIDEO_CONSULTATION = "video_consultation"


class PracticeStatus(enum.Enum):
    """Whether a practice's installation of the tool is in use."""

    LIVE = "live"
    SUSPENDED = "suspended"
    REMOVED = "removed"


class IncidentImpact(enum.Enum):
    """How badly an incident affected patients' access."""

    UNAVAILABLE = "unavailable"
    DEGRADED = "degraded"


@attrs.frozen(kw_only=True)
class OcRecord:
    """One online consultation submission, anonymised.

    Attributes:
        record_id: A keyed pseudonym of the tool's reference for the request (an HMAC of it under
            the supplier's secret key, as gponline_sdk.reporting.anonymise does, or a random ID kept
            in a lookup table): the same request always gets the same ID, and no one without the key
            or table can compute it. Never the reference itself, an unkeyed hash or an encoding of
            it, nor any transform without a secret that one known pair undoes (the reference
            XOR-ed with or shifted by a fixed pad, a fixed substitution): holding one reference
            and its record ID must not give the record ID of another [SDK]. (2.3.0) Nor an
            affine map of the reference read as a number (its digits, as hex or decimal, or its
            bytes) times a secret constant, plus another or not, modulo a power of two: two
            known pairs give both constants, and then every other record ID [SDK]. (2.6.0) Nor
            a keyed ID with the reference's end stuck on: no record ID, nor any part of it
            between separators, starts or ends with the reference's last 6 characters [SDK].
            (2.8.0) Nor drawn from a pseudo-random generator seeded with the reference
            (Python's random.Random(reference): its whole stream follows from the seed); nor
            carrying an identifier's digits: no two record IDs, nor parts of them between
            separators, start or end with the first or last 4 digits of a patient's NHS
            number [SDK]. (2.10.0) Nor Python's built-in hash() of the reference where
            PYTHONHASHSEED=0 (a zero SipHash key: in hex or decimal, 3.10's or 3.11's) [SDK].
        submitted_at: When the patient sent the request (the Acknowledgement's received_at), out of
            core hours and on bank holidays too; the record belongs to the week of its Europe/London
            date.
        request_type: Follows the category (the SDK's own mapping): seek_health_advice,
            describe_symptoms, clinical_request -> clinical; administrative_request ->
            administrative; ask_question, follow_up -> other.
        category: The category the patient chose; null only where a tool does not record one (the
            conformance suite expects it).
        requester_role: 'proxy' when someone filled in the form for the patient.
        has_attachments: True when the request came with at least one attachment. (2.3.0) A
            photo of any media type the tool takes counts (each of accepted_media_types alone,
            PNG as well as JPEG).
    """

    record_id: str = attrs.field(validator=_record_id)
    practice_code: OdsCode = attrs.field(converter=OdsCode)
    submitted_at: datetime = attrs.field(validator=v.aware_datetime)
    request_type: RequestType = attrs.field(validator=v.instance_of(RequestType))
    category: RequestCategory | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(RequestCategory))
    )
    requester_role: RequesterRole = attrs.field(validator=v.instance_of(RequesterRole))
    has_attachments: bool = attrs.field(default=False, validator=v.instance_of(bool))


@v.schema_rules(
    v.SchemaRules(described={"submissions_out_of_core_hours": "not more than submissions"})
)
@attrs.frozen(kw_only=True)
class OcAggregate:
    """Online consultation submissions for one practice, day and request type."""

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    date: date = attrs.field(validator=v.a_date)
    request_type: RequestType = attrs.field(validator=v.instance_of(RequestType))
    submissions: int = attrs.field(validator=v.non_negative_int)
    submissions_out_of_core_hours: int = attrs.field(validator=v.non_negative_int)

    def __attrs_post_init__(self) -> None:
        if self.submissions_out_of_core_hours > self.submissions:
            raise v.fail("submissions_out_of_core_hours", "must not exceed submissions")


@attrs.frozen(kw_only=True)
class OcPractice:
    """A practice's online consultation installation: statistics count from installation_date."""

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    product_name: str = attrs.field(validator=v.text(max_len=200))
    installation_date: date = attrs.field(validator=v.a_date)
    status: PracticeStatus = attrs.field(validator=v.instance_of(PracticeStatus))
    status_date: date | None = attrs.field(default=None, validator=v.optional(v.a_date))
    photo_upload_enabled: bool = attrs.field(default=False, validator=v.instance_of(bool))


@attrs.frozen(kw_only=True)
class VcRecord:
    """One video consultation, anonymised.

    Attributes:
        record_id: A keyed pseudonym of the tool's session reference, as for OcRecord.
        scheduled_start: When the session is booked to start; the record belongs to the week of this
            instant's Europe/London date (the session's date, not the booking's).
        status: The session's status now ('scheduled' until it is held).
        duration_minutes: While the session is not yet held (status 'scheduled'), the minutes
            booked; once held, the minutes it lasted; null when not known. (2.3.0) While
            'in_progress', the minutes booked or null (its length is not known yet); the suite
            does not check it [SDK].
    """

    record_id: str = attrs.field(validator=_record_id)
    practice_code: OdsCode = attrs.field(converter=OdsCode)
    scheduled_start: datetime = attrs.field(validator=v.aware_datetime)
    status: VideoSessionStatus = attrs.field(validator=v.instance_of(VideoSessionStatus))
    duration_minutes: int | None = attrs.field(
        default=None, validator=v.optional(v.non_negative_int)
    )


@v.schema_rules(v.SchemaRules(described={"completed": "not more than scheduled"}))
@attrs.frozen(kw_only=True)
class VcAggregate:
    """Video consultations for one practice and day."""

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    date: date = attrs.field(validator=v.a_date)
    scheduled: int = attrs.field(validator=v.non_negative_int)
    completed: int = attrs.field(validator=v.non_negative_int)
    total_minutes: int = attrs.field(validator=v.non_negative_int)

    def __attrs_post_init__(self) -> None:
        if self.completed > self.scheduled:
            raise v.fail("completed", "must not exceed scheduled")


@attrs.frozen(kw_only=True)
class VcPractice:
    """A practice's video consultation installation."""

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    product_name: str = attrs.field(validator=v.text(max_len=200))
    installation_date: date = attrs.field(validator=v.a_date)
    status: PracticeStatus = attrs.field(validator=v.instance_of(PracticeStatus))
    status_date: date | None = attrs.field(default=None, validator=v.optional(v.a_date))


@v.schema_rules(v.SchemaRules(described={"ended_at": "not before started_at"}))
@attrs.frozen(kw_only=True)
class Incident:
    """A service incident that affected practices' online access.

    `practice_code` None (null) means every practice using the product. `summary` is
    the supplier's own words, checked by the identifier scanner before sending.
    """

    incident_id: str = attrs.field(validator=_record_id)
    product: Product = attrs.field(validator=v.instance_of(Product))
    practice_code: OdsCode | None = attrs.field(
        default=None, converter=attrs.converters.optional(OdsCode)
    )
    started_at: datetime = attrs.field(validator=v.aware_datetime)
    ended_at: datetime | None = attrs.field(default=None, validator=v.optional_aware_datetime)
    impact: IncidentImpact = attrs.field(validator=v.instance_of(IncidentImpact))
    summary: str = attrs.field(validator=v.text(max_len=500))

    def __attrs_post_init__(self) -> None:
        if self.ended_at is not None and v.is_before(self.ended_at, self.started_at):
            raise v.fail("ended_at", "must not be before started_at")


NationalRecord: TypeAlias = (
    OcRecord | OcAggregate | OcPractice | VcRecord | VcAggregate | VcPractice | Incident
)


class DataType(enum.Enum):
    """The seven data types of the national OC/VC collection."""

    INCIDENT = "incident"
    OC_AGGREGATE = "oc_aggregate"
    OC_PRACTICE = "oc_practice"
    OC_RECORD = "oc_record"
    VC_AGGREGATE = "vc_aggregate"
    VC_PRACTICE = "vc_practice"
    VC_RECORD = "vc_record"

    @property
    def record_class(self) -> type[NationalRecord]:
        """The model class of one record of this type."""
        return _RECORD_CLASSES[self]

    @property
    def wire_name(self) -> str:
        """This data type's name in files, headers and file names (from the national profile)."""
        return _WIRE[self]

    @classmethod
    def from_wire(cls, name: object) -> DataType | None:
        """The data type going by `name` on the wire, if any."""
        return _FROM_WIRE.get(name) if isinstance(name, str) else None

    @classmethod
    def of(cls, record_class: type[Any]) -> DataType:
        """The data type whose records are instances of `record_class`."""
        for data_type, klass in _RECORD_CLASSES.items():
            if klass is record_class:
                return data_type
        raise ValueError(f"{record_class.__name__} is not a national data type")


_RECORD_CLASSES: dict[DataType, type[NationalRecord]] = {
    DataType.INCIDENT: Incident,
    DataType.OC_AGGREGATE: OcAggregate,
    DataType.OC_PRACTICE: OcPractice,
    DataType.OC_RECORD: OcRecord,
    DataType.VC_AGGREGATE: VcAggregate,
    DataType.VC_PRACTICE: VcPractice,
    DataType.VC_RECORD: VcRecord,
}
_WIRE: dict[DataType, str] = {dt: active_profile().data_type_name(dt.value) for dt in DataType}
_FROM_WIRE: dict[str, DataType] = {name: dt for dt, name in _WIRE.items()}


@attrs.frozen(kw_only=True)
class SubmissionHeader:
    """What a weekly file declares about itself: one supplier, one period, one data type.

    Attributes:
        supplier_id: The supplier's identifier (in the tool contract, the test environment's).
        data_type: The one data type of every record in the file.
        period: The one reporting week the file covers, Monday to Sunday.
        generated_at: When the file was produced: the tool's now. (2.3.0) While a test clock
            is set, that clock's instant, never the server's real time [SDK].
    """

    supplier_id: SupplierId = attrs.field(converter=SupplierId)
    data_type: DataType = attrs.field(validator=v.instance_of(DataType))
    period: ReportingPeriod = attrs.field(validator=v.instance_of(ReportingPeriod))
    generated_at: datetime = attrs.field(validator=v.aware_datetime)
    schema_version: str = attrs.field(default=SCHEMA_VERSION, validator=v.text(max_len=20))
