"""A supplier's own usage events: what its database holds before anything is anonymised.

These types DO hold patient identifiers (NHS number, name, contact details,
the patient's own words), exactly as a supplier's tool stores them. They are
the input of the reporting flow and never leave the supplier as they are:
`gponline_sdk.reporting.anonymise` turns them into the national record types
of `gponline_sdk.models.usage`, which have no field that could hold one.

To keep an event that is logged by accident from leaking, every field that
holds an identifier or free text is left out of the repr (the NHS number's own
repr is masked too):

>>> from datetime import datetime, timezone
>>> event = OcEvent(
...     event_id="REQ-1",
...     practice_code="A81001",
...     submitted_at=datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc),
...     category=RequestCategory.DESCRIBE_SYMPTOMS,
...     nhs_number="943 476 5919",
...     patient_name="Jo Bloggs",
...     description="sore throat",
... )
>>> "Bloggs" in repr(event) or "943" in repr(event)
False
>>> event.request_type
<RequestType.CLINICAL: 'clinical'>
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, TypeAlias

import attrs

from gponline_sdk.models import _validators as v
from gponline_sdk.models.consultation import (
    MAX_FREE_TEXT,
    RequestCategory,
    RequesterRole,
    RequestType,
    VideoSessionStatus,
)
from gponline_sdk.models.identifiers import NhsNumber, OdsCode
from gponline_sdk.models.usage import PracticeStatus, Product

__all__ = ["Event", "OcEvent", "PracticeInstallation", "VcEvent"]

# The same shape as a tool's request reference in `models.consultation`: it
# never holds '|', which keeps the pseudonym's HMAC message unambiguous.
EVENT_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}"
"""What an event's ID may be (the columnar reader checks whole columns against it too)."""
MAX_ATTACHMENTS = 1_000
"""The most attachments one OC event may count."""
MAX_VIDEO_MINUTES = 24 * 60
"""The longest video session an event may give, in minutes."""
_EVENT_ID = re.compile(EVENT_ID_PATTERN)
_PHONE_SEPARATORS = re.compile(r"[ ()+-]")


def _event_id(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or _EVENT_ID.fullmatch(value) is None:
        raise v.fail(
            attribute.name, "not a reference (1-64 of letters, digits, '_', '.', ':', '-')"
        )


def _email(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str) or len(value) > 254 or value.count("@") != 1:
        raise v.fail(attribute.name, "not an email address")


def _phone(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    digits = _PHONE_SEPARATORS.sub("", value) if isinstance(value, str) else ""
    if not digits.isascii() or not digits.isdigit() or not 10 <= len(digits) <= 13:
        raise v.fail(attribute.name, "not a phone number (10 to 13 digits)")


def _attachments(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.non_negative_int(_, attribute, value)
    if value > MAX_ATTACHMENTS:
        raise v.fail(attribute.name, f"must be at most {MAX_ATTACHMENTS}")


def _minutes(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    v.non_negative_int(_, attribute, value)
    if value > MAX_VIDEO_MINUTES:
        raise v.fail(attribute.name, f"must be at most {MAX_VIDEO_MINUTES} minutes")


@attrs.frozen(kw_only=True)
class OcEvent:
    """One online consultation request as the supplier's tool recorded it.

    Attributes:
        event_id: The tool's own request reference. Never sent: the anonymiser
            replaces it with a keyed pseudonym.
        practice_code: The practice the request was sent to.
        submitted_at: When the patient sent it (timezone-aware).
        category: What the patient asked for (the contract's minimum set).
        requester_role: The patient, or a proxy acting for them.
        nhs_number: The patient's NHS number, if the tool holds it.
        patient_name: The patient's name, if the tool holds it.
        description: The patient's own words. Never copied anywhere.
        contact_email: The patient's email address, if given.
        contact_phone: The patient's phone number, if given.
        attachment_count: How many files (photos) came with the request.
        coded_request_type: The practice's own clinical/administrative coding,
            when a clinician or navigator recorded one; it wins over the
            category's default classification.
    """

    event_id: str = attrs.field(validator=_event_id)
    practice_code: OdsCode = attrs.field(converter=OdsCode)
    submitted_at: datetime = attrs.field(validator=v.aware_datetime)
    category: RequestCategory = attrs.field(validator=v.instance_of(RequestCategory))
    requester_role: RequesterRole = attrs.field(
        default=RequesterRole.PATIENT, validator=v.instance_of(RequesterRole)
    )
    nhs_number: NhsNumber | None = attrs.field(
        default=None, converter=attrs.converters.optional(NhsNumber)
    )
    patient_name: str | None = attrs.field(
        default=None, repr=False, validator=v.optional(v.text(max_len=200))
    )
    description: str = attrs.field(
        default="", repr=False, validator=v.text(min_len=0, max_len=MAX_FREE_TEXT)
    )
    contact_email: str | None = attrs.field(default=None, repr=False, validator=_email)
    contact_phone: str | None = attrs.field(default=None, repr=False, validator=_phone)
    attachment_count: int = attrs.field(default=0, validator=_attachments)
    coded_request_type: RequestType | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(RequestType))
    )

    @property
    def has_attachments(self) -> bool:
        """True when at least one file came with the request."""
        return self.attachment_count > 0

    @property
    def request_type(self) -> RequestType:
        """The practice's coding if recorded, else the category's national classification."""
        if self.coded_request_type is not None:
            return self.coded_request_type
        return self.category.request_type


@attrs.frozen(kw_only=True)
class VcEvent:
    """One video consultation as the supplier's tool recorded it.

    Attributes:
        session_id: The tool's own session reference. Never sent.
        practice_code: The practice that held the consultation.
        scheduled_start: When it was booked to start (timezone-aware).
        status: Where the session is in its life.
        duration_minutes: How long it lasted, when it took place.
        nhs_number: The patient's NHS number, if the tool holds it.
        patient_name: The patient's name, if the tool holds it.
    """

    session_id: str = attrs.field(validator=_event_id)
    practice_code: OdsCode = attrs.field(converter=OdsCode)
    scheduled_start: datetime = attrs.field(validator=v.aware_datetime)
    status: VideoSessionStatus = attrs.field(validator=v.instance_of(VideoSessionStatus))
    duration_minutes: int | None = attrs.field(default=None, validator=_minutes)
    nhs_number: NhsNumber | None = attrs.field(
        default=None, converter=attrs.converters.optional(NhsNumber)
    )
    patient_name: str | None = attrs.field(
        default=None, repr=False, validator=v.optional(v.text(max_len=200))
    )


@attrs.frozen(kw_only=True)
class PracticeInstallation:
    """A practice's installation of one of the supplier's products.

    Becomes an `OcPractice` or a `VcPractice` row depending on `product`;
    `photo_upload_enabled` is reported for online consultation only.

    Attributes:
        practice_code: The practice.
        product: Online or video consultation.
        product_name: The product's name as the supplier sells it (checked by
            the identifier scanner before sending, like all free-form text).
        installation_date: From when the practice had the tool; national
            statistics count the practice from this date.
        status: Live, suspended or removed.
        status_date: When the status last changed.
        photo_upload_enabled: Whether patients may send photos (OC only).
    """

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    product: Product = attrs.field(validator=v.instance_of(Product))
    product_name: str = attrs.field(validator=v.text(max_len=200))
    installation_date: date = attrs.field(validator=v.a_date)
    status: PracticeStatus = attrs.field(
        default=PracticeStatus.LIVE, validator=v.instance_of(PracticeStatus)
    )
    status_date: date | None = attrs.field(default=None, validator=v.optional(v.a_date))
    photo_upload_enabled: bool = attrs.field(default=False, validator=v.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        if self.status_date is not None and self.status_date < self.installation_date:
            raise v.fail("status_date", "must not be before installation_date")
        if self.photo_upload_enabled and self.product is not Product.ONLINE_CONSULTATION:
            raise v.fail("photo_upload_enabled", "applies to online consultation only")


Event: TypeAlias = OcEvent | VcEvent | PracticeInstallation
"""Any of the supplier-side event types the readers and the anonymiser accept."""
