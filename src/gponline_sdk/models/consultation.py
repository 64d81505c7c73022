"""The consultation domain: what a patient sends, what the practice sees and does.

These types describe a tool's own data, so they may hold patient identifiers
(`PatientDetails`). Nothing here is ever sent to NHS England as is: the
reporting layer turns it into the anonymised types of `models.usage`.
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime
from typing import Any

import attrs

from gponline_sdk.models import _validators as v
from gponline_sdk.models.identifiers import NhsNumber, OdsCode

__all__ = [
    "ETHNIC_CATEGORY_CODES",
    "Acknowledgement",
    "Attachment",
    "ConsultationRequest",
    "ContactDetails",
    "ContactDetailsUpdate",
    "ContactMethod",
    "MessageDirection",
    "Outcome",
    "OutcomeKind",
    "PatientDetails",
    "RequestCategory",
    "RequestType",
    "Requester",
    "RequesterRole",
    "SecureMessage",
    "VideoSession",
    "VideoSessionStatus",
    "check_follows_up",
    "ethnic_category",
]

# Free text is capped so a hostile or broken client cannot make us hold megabytes.
MAX_FREE_TEXT = 10_000
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}")


class RequestType(enum.Enum):
    """The national statistics' split of online consultation submissions."""

    CLINICAL = "clinical"
    ADMINISTRATIVE = "administrative"
    OTHER = "other"


class RequestCategory(enum.Enum):
    """What a patient can ask through an online consultation tool (the contract's minimum)."""

    SEEK_HEALTH_ADVICE = "seek_health_advice"
    DESCRIBE_SYMPTOMS = "describe_symptoms"
    ASK_QUESTION = "ask_question"
    FOLLOW_UP = "follow_up"
    CLINICAL_REQUEST = "clinical_request"
    ADMINISTRATIVE_REQUEST = "administrative_request"

    @property
    def request_type(self) -> RequestType:
        """How the national statistics classify this category."""
        return _REQUEST_TYPES[self]


_REQUEST_TYPES = {
    RequestCategory.SEEK_HEALTH_ADVICE: RequestType.CLINICAL,
    RequestCategory.DESCRIBE_SYMPTOMS: RequestType.CLINICAL,
    RequestCategory.CLINICAL_REQUEST: RequestType.CLINICAL,
    RequestCategory.ADMINISTRATIVE_REQUEST: RequestType.ADMINISTRATIVE,
    # A question or a follow-up may be either; without the clinician's coding
    # the honest answer is "other" (the statistics' unknown/other bucket).
    RequestCategory.ASK_QUESTION: RequestType.OTHER,
    RequestCategory.FOLLOW_UP: RequestType.OTHER,
}
REQUEST_TYPE_RULE = "; ".join(
    f"{', '.join(c.value for c in RequestCategory if c.request_type is t)} -> {t.value}"
    for t in RequestType
)
"""The category -> request_type table in words, for the published schemas."""


class RequesterRole(enum.Enum):
    """Who filled in the request: the patient, or someone acting for them."""

    PATIENT = "patient"
    PROXY = "proxy"


class ContactMethod(enum.Enum):
    """How the patient prefers to be answered."""

    PHONE = "phone"
    EMAIL = "email"
    TEXT_MESSAGE = "text_message"
    ONLINE = "online"
    POST = "post"


@v.states(pattern=f"^{_REFERENCE.pattern}$")
def _reference(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or _REFERENCE.fullmatch(value) is None:
        raise v.fail(
            attribute.name, "not a reference (1-64 of letters, digits, '_', '.', ':', '-')"
        )


@v.states(pattern=f"^{_POSTCODE.pattern}$")
def _postcode(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not _POSTCODE.fullmatch(value)):
        raise v.fail(attribute.name, "not a UK postcode in capitals (e.g. 'LS1 4AP')")


@v.states(maxLength=254, pattern="^[^@]*@[^@]*$")
def _email(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (
        not isinstance(value, str) or len(value) > 254 or value.count("@") != 1
    ):
        raise v.fail(attribute.name, "not an email address")


@v.states(pattern=r"^[ ()+-]*([0-9][ ()+-]*){10,13}$")
def _phone(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    digits = re.sub(r"[ ()+-]", "", value) if isinstance(value, str) else ""
    # ASCII digits only: str.isdigit() also takes superscripts and other scripts' digits.
    if not (digits.isascii() and digits.isdigit()) or not 10 <= len(digits) <= 13:
        raise v.fail(attribute.name, "not a phone number (10 to 13 digits)")


# The NHS Data Dictionary's ETHNIC CATEGORY codes (the 2001 census categories): A to S, and
# Z for "not stated". The regulation says "ethnicity" and names no code list; the SDK chose this
# one, the list GP clinical systems record.
ETHNIC_CATEGORY_CODES: tuple[str, ...] = tuple("ABCDEFGHJKLMNPRSZ")


@v.states(enum=list(ETHNIC_CATEGORY_CODES))
def ethnic_category(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an optional ethnic category: null or one of `ETHNIC_CATEGORY_CODES`."""
    if value is not None and value not in ETHNIC_CATEGORY_CODES:
        raise v.fail(
            attribute.name,
            "not an NHS Data Dictionary ETHNIC CATEGORY code (one of "
            + " ".join(ETHNIC_CATEGORY_CODES)
            + "; Z: not stated)",
        )


@v.schema_rules(v.SchemaRules(at_least_one_of=("email", "phone", "address_lines")))
@attrs.frozen(kw_only=True)
class ContactDetails:
    """How to reach the patient; at least one of email, phone or address is required.

    Attributes:
        email: An email address (one '@', at most 254 characters), or null.
        phone: A phone number: 10 to 13 digits, with spaces, brackets, '+' and '-' allowed; or null.
        address_lines: The postal address, first line first; empty when not given.
        postcode: A UK postcode in capitals, e.g. 'LS1 4AP'; or null.
        preferred: How the patient prefers to be answered; null when they did not say.
    """

    email: str | None = attrs.field(default=None, validator=_email)
    phone: str | None = attrs.field(default=None, validator=_phone)
    address_lines: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    postcode: str | None = attrs.field(default=None, validator=_postcode)
    preferred: ContactMethod | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ContactMethod))
    )

    def __attrs_post_init__(self) -> None:
        if self.email is None and self.phone is None and not self.address_lines:
            raise v.fail("email", "give at least one of email, phone or address_lines")


@attrs.frozen(kw_only=True)
class PatientDetails:
    """Who the request is about. Holds identifiers: never leaves the tool as is.

    Attributes:
        nhs_number: The patient's NHS number when they gave it, else null.
    """

    given_name: str = attrs.field(validator=v.text(max_len=100))
    family_name: str = attrs.field(validator=v.text(max_len=100))
    date_of_birth: date = attrs.field(validator=v.a_date)
    nhs_number: NhsNumber | None = attrs.field(
        default=None, converter=attrs.converters.optional(NhsNumber)
    )


@v.schema_rules(
    v.SchemaRules(conditions=(v.Condition(("role", "proxy"), ("proxy_name", "relationship")),))
)
@attrs.frozen(kw_only=True)
class Requester:
    """Who filled in the request; a proxy states their relationship to the patient.

    Attributes:
        proxy_name: A proxy's name; null when the patient filled in the form.
        relationship: A proxy's relationship to the patient (e.g. 'daughter'); null likewise.
    """

    role: RequesterRole = attrs.field(validator=v.instance_of(RequesterRole))
    proxy_name: str | None = attrs.field(default=None, validator=v.optional(v.text(max_len=200)))
    relationship: str | None = attrs.field(default=None, validator=v.optional(v.text(max_len=100)))

    def __attrs_post_init__(self) -> None:
        is_proxy = self.role is RequesterRole.PROXY
        if is_proxy and (self.proxy_name is None or self.relationship is None):
            raise v.fail("proxy_name", "a proxy must give proxy_name and relationship")
        if not is_proxy and (self.proxy_name is not None or self.relationship is not None):
            raise v.fail("proxy_name", "only a proxy has proxy_name or relationship")


@v.states(pattern=f"^{_SHA256.pattern}$")
def _sha256(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or _SHA256.fullmatch(value) is None:
        raise v.fail(attribute.name, "not a SHA-256 hex digest (64 lower-case hex digits)")


@v.schema_rules(
    v.SchemaRules(
        keywords={"size_bytes": {"maximum": MAX_ATTACHMENT_BYTES}, "media_type": {"pattern": "/"}}
    )
)
@attrs.frozen(kw_only=True)
class Attachment:
    """A file sent with a request (photos, for practices that allow them)."""

    media_type: str = attrs.field(validator=v.text(max_len=100))
    size_bytes: int = attrs.field(validator=v.non_negative_int)
    sha256: str = attrs.field(validator=_sha256)

    def __attrs_post_init__(self) -> None:
        if self.size_bytes > MAX_ATTACHMENT_BYTES:
            raise v.fail("size_bytes", f"larger than {MAX_ATTACHMENT_BYTES} bytes")
        if "/" not in self.media_type:
            raise v.fail("media_type", "not a media type such as 'image/jpeg'")

    @property
    def is_photo(self) -> bool:
        """True for image media types."""
        return self.media_type.startswith("image/")


def check_follows_up(category: RequestCategory, follows_up: str | None) -> None:
    """A follow-up names the earlier request; no other category may name one.

    Raises:
        ValidationError: at `follows_up`, saying which way the rule was broken.
    """
    is_follow_up = category is RequestCategory.FOLLOW_UP
    if is_follow_up and follows_up is None:
        raise v.fail("follows_up", "a follow-up must name the earlier request's reference")
    if not is_follow_up and follows_up is not None:
        raise v.fail("follows_up", "only a follow_up request links to an earlier request")


@v.schema_rules(
    v.SchemaRules(
        conditions=(v.Condition(("category", "follow_up"), ("follows_up",)),),
        described={"follows_up": "never the request's own reference"},
    )
)
@attrs.frozen(kw_only=True)
class ConsultationRequest:
    """An online consultation request as the patient sent it.

    A follow-up names the earlier request in `follows_up`; no other category may.

    Attributes:
        reference: The tool's reference for the request, the one its Acknowledgement gave.
        description: The patient's own words, exactly as sent.
        submitted_at: When the tool accepted the request: the Acknowledgement's received_at.
        follows_up: For a follow_up, the reference of the earlier request it is about; else null.
    """

    reference: str = attrs.field(validator=_reference)
    practice_code: OdsCode = attrs.field(converter=OdsCode)
    category: RequestCategory = attrs.field(validator=v.instance_of(RequestCategory))
    patient: PatientDetails = attrs.field(validator=v.instance_of(PatientDetails))
    requester: Requester = attrs.field(validator=v.instance_of(Requester))
    contact: ContactDetails = attrs.field(validator=v.instance_of(ContactDetails))
    description: str = attrs.field(validator=v.text(max_len=MAX_FREE_TEXT))
    submitted_at: datetime = attrs.field(validator=v.aware_datetime)
    attachments: tuple[Attachment, ...] = attrs.field(default=(), validator=v.tuple_of(Attachment))
    follows_up: str | None = attrs.field(default=None, validator=v.optional(_reference))

    def __attrs_post_init__(self) -> None:
        check_follows_up(self.category, self.follows_up)
        if self.follows_up == self.reference:
            raise v.fail("follows_up", "a request cannot follow up itself")


@v.schema_rules(v.SchemaRules(described={"respond_by": "not before received_at"}))
@attrs.frozen(kw_only=True)
class Acknowledgement:
    """The tool's answer on submission: a reference and when to expect a response.

    Attributes:
        reference: The tool's reference for the request; GET /practice/requests/{reference} finds
            it.
        received_at: The tool's now when it accepted the request (the test clock, while set).
        respond_by: When the patient will be told how the request will be handled. Sent in core
            hours: on the same Europe/London date (any time that day from received_at: the date
            and 'never before received_at' are the two things checked). Sent outside core hours:
            no later than the next working day (the date of the next core-hours opening). Never
            before received_at.
        message: What the patient is shown. It must say, in English, when to expect a response: the
            respond_by time in Europe/London ('16:00', '4:00', '16.00'), its date ('24 November',
            '24/11', '2026-11-24') or the words 'today', 'tomorrow' or 'next working day'. The
            message is the request's own: a date it names is respond_by's or the day the request
            was received (Europe/London), a reference it names is its own, written exactly (the
            same case and separators, 2.3.0). In core hours it must not send a request to NHS
            111 instead of the practice: 111 offered in a sentence without a condition of
            worsening or urgency, or in a sentence with the word 'instead' (or 'rather than')
            even beside a condition ('if it is urgent, use NHS 111 instead'), is a hand-over.
            Safety-net advice ('if you get worse before we contact you, call 111') is allowed,
            and so is 111 mentioned to every request alike. (2.12.0) A sentence ends at '.',
            '!' or '?' before a space, or at a line break; not at an abbreviation's full stop
            ('e.g.', 'i.e.', 'etc.', 'approx.', 'Dr.', 'Mr.', 'Mrs.', 'Ms.'), so 'if you get
            worse, e.g. a high fever, call 111' is one sentence, a safety net.
    """

    reference: str = attrs.field(validator=_reference)
    received_at: datetime = attrs.field(validator=v.aware_datetime)
    respond_by: datetime = attrs.field(validator=v.aware_datetime)
    message: str = attrs.field(validator=v.text(max_len=2_000))

    def __attrs_post_init__(self) -> None:
        if v.is_before(self.respond_by, self.received_at):
            raise v.fail("respond_by", "must not be before received_at")


class OutcomeKind(enum.Enum):
    """What the practice did with a request."""

    SELF_CARE_ADVICE = "self_care_advice"
    PRESCRIPTION = "prescription"
    APPOINTMENT_FACE_TO_FACE = "appointment_face_to_face"
    APPOINTMENT_PHONE = "appointment_phone"
    APPOINTMENT_VIDEO = "appointment_video"
    SIGNPOSTED_PHARMACY = "signposted_pharmacy"
    SIGNPOSTED_111 = "signposted_111"
    REFERRED = "referred"
    ADMIN_COMPLETED = "admin_completed"
    CLOSED_NO_ACTION = "closed_no_action"


@attrs.frozen(kw_only=True)
class Outcome:
    """How the practice will handle a request (its triage outcome), and when that was recorded.

    Attributes:
        request_reference: The request's reference, as its Acknowledgement gave it.
        kind: How the practice will handle the request, as the practice recorded it.
        recorded_at: The tool's now when the practice recorded the outcome (the test clock, while
            set; the suite compares it to the second, any UTC offset).
    """

    request_reference: str = attrs.field(validator=_reference)
    kind: OutcomeKind = attrs.field(validator=v.instance_of(OutcomeKind))
    recorded_at: datetime = attrs.field(validator=v.aware_datetime)


class MessageDirection(enum.Enum):
    """Which way a secure message went."""

    PATIENT_TO_PRACTICE = "patient_to_practice"
    PRACTICE_TO_PATIENT = "practice_to_patient"


@attrs.frozen(kw_only=True)
class SecureMessage:
    """A secure electronic message between practice and patient.

    Attributes:
        reference: The tool's reference for the message; a thread is named by its first message's.
        body: The message, exactly as sent.
        sent_at: When the tool accepted the message (the tool's now).
        in_reply_to: The reference of the message this one answers; null for a thread's first.
        about_request: The online consultation request the message is about, exactly as sent;
            null when the message named none.
        requester: Who wrote a patient_to_practice message, exactly as sent (role, proxy_name,
            relationship); null when the message named no requester (the patient wrote it).
            A requester sent as ``{"role": "patient"}`` means the same as none: it may be
            shown as sent or as null.
    """

    reference: str = attrs.field(validator=_reference)
    practice_code: OdsCode = attrs.field(converter=OdsCode)
    direction: MessageDirection = attrs.field(validator=v.instance_of(MessageDirection))
    body: str = attrs.field(validator=v.text(max_len=MAX_FREE_TEXT))
    sent_at: datetime = attrs.field(validator=v.aware_datetime)
    in_reply_to: str | None = attrs.field(default=None, validator=v.optional(_reference))
    about_request: str | None = attrs.field(default=None, validator=v.optional(_reference))
    requester: Requester | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Requester))
    )


class VideoSessionStatus(enum.Enum):
    """Where a video consultation is in its life."""

    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DID_NOT_ATTEND = "did_not_attend"
    FAILED = "failed"


@v.schema_rules(
    v.SchemaRules(
        keywords={"duration_minutes": {"minimum": 1, "maximum": 240}},
        described={"ended_at": "not before started_at"},
    )
)
@attrs.frozen(kw_only=True)
class VideoSession:
    """A scheduled video consultation between a professional and a patient.

    Attributes:
        reference: The tool's reference for the session.
        scheduled_start: When the consultation is booked to start, as scheduled.
        duration_minutes: The length booked, in minutes (1 to 240), as scheduled.
        status: 'scheduled' once booked; 'in_progress' once patient and professional have joined.
        started_at: When the session started: the instant the second of patient and
            professional joined; null until then (one side alone has not started it).
        ended_at: When the session ended; null until then.
    """

    reference: str = attrs.field(validator=_reference)
    practice_code: OdsCode = attrs.field(converter=OdsCode)
    scheduled_start: datetime = attrs.field(validator=v.aware_datetime)
    duration_minutes: int = attrs.field(validator=v.non_negative_int)
    status: VideoSessionStatus = attrs.field(validator=v.instance_of(VideoSessionStatus))
    started_at: datetime | None = attrs.field(default=None, validator=v.optional_aware_datetime)
    ended_at: datetime | None = attrs.field(default=None, validator=v.optional_aware_datetime)

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.duration_minutes <= 240:
            raise v.fail("duration_minutes", "must be 1 to 240 minutes")
        if self.started_at and self.ended_at and v.is_before(self.ended_at, self.started_at):
            raise v.fail("ended_at", "must not be before started_at")


@attrs.frozen(kw_only=True)
class ContactDetailsUpdate:
    """A patient's (or their proxy's) online update of their personal and contact details.

    Attributes:
        reference: The tool's reference for the update; GET /practice/contact-details/{reference}
            finds it.
        patient: The patient's name (given and family) and identity, as sent: a new name is
            shown as the new name, never the name first held for the patient.
        submitted_at: When the tool accepted the update (the tool's now).
        ethnicity: The patient's ethnic category code as sent (see `ETHNIC_CATEGORY_CODES`);
            null when the update gave none.
        requester: Who sent the update, exactly as sent (role, proxy_name, relationship); null
            when the update named no requester (the patient sent it).
    """

    reference: str = attrs.field(validator=_reference)
    practice_code: OdsCode = attrs.field(converter=OdsCode)
    patient: PatientDetails = attrs.field(validator=v.instance_of(PatientDetails))
    contact: ContactDetails = attrs.field(validator=v.instance_of(ContactDetails))
    submitted_at: datetime = attrs.field(validator=v.aware_datetime)
    ethnicity: str | None = attrs.field(default=None, validator=ethnic_category)
    requester: Requester | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Requester))
    )
