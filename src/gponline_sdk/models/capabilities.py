"""What a tool declares it can do: the basis of the conformance suite's checks."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from gponline_sdk.models import _validators as v
from gponline_sdk.models.consultation import RequestCategory

__all__ = ["Channel", "OutOfHoursBehaviour", "ToolCapabilities"]

NHS_111_ONLINE = "https://111.nhs.uk/"


class Channel(enum.Enum):
    """The four online routes the GP contract requires practices to offer."""

    ONLINE_CONSULTATION = "online_consultation"
    VIDEO_CONSULTATION = "video_consultation"
    SECURE_MESSAGING = "secure_messaging"
    CONTACT_DETAILS_UPDATE = "contact_details_update"


class OutOfHoursBehaviour(enum.Enum):
    """What the online consultation form does outside core hours.

    Practices are not expected to answer outside core hours; a tool either
    closes (saying when it reopens) or accepts requests and tells the patient
    they will hear by the next working day.
    """

    CLOSED_WITH_NEXT_OPENING = "closed_with_next_opening"
    ACCEPTS_FOR_NEXT_WORKING_DAY = "accepts_for_next_working_day"


@v.states(pattern="^https://", maxLength=2_000)
def _https_url(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.startswith("https://") or len(value) > 2_000:
        raise v.fail(attribute.name, "not an https:// URL")


@v.states()  # the type: an array of RequestCategory values
def _categories(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(c, RequestCategory) for c in value):
        raise v.fail(attribute.name, "expected a set of request categories")


@v.states()  # the type: an array of Channel values
def _channels(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(c, Channel) for c in value):
        raise v.fail(attribute.name, "expected a set of channels")


@v.schema_rules(
    v.SchemaRules(
        conditions=(
            v.Condition(("photo_upload", True), ("accepted_media_types",), only_then=False),
        )
    )
)
@attrs.frozen(kw_only=True)
class ToolCapabilities:
    """A tool's declaration of what it supports.

    Attributes:
        request_categories: The request categories the form offers. clinical_request,
            administrative_request and seek_health_advice are required (MUST: OC-CAT-05,
            OC-CAT-06, OC-CAT-01); describe_symptoms, ask_question and follow_up should be
            offered (SHOULD: OC-CAT-02/03/04, a warning without them). Each category declared
            must be accepted in core hours.
        channels: The online routes the tool provides (the contract requires all four).
        photo_upload: Whether patients may attach photos. When true, photos (of any size from
            0 bytes) are taken with a request in every category the tool offers.
        accepted_media_types: Media types a patient may attach (e.g. 'image/jpeg'); at least one
            when photo_upload is true.
        out_of_hours: What the form does outside core hours: close (409 with the next opening) or
            accept requests for the next working day. The declaration (AV-OOH-01, worded in
            2.3.0) binds every kind of request alike, at every closed instant (evenings, nights,
            weekends, bank holidays): with 'closed_with_next_opening' each is refused (409, the
            next opening); with 'accepts_for_next_working_day' each is taken (201, respond_by no
            later than the next working day) or refused as closed. Taking some kinds while
            declaring closed (administrative requests, say) breaks AV-OOH-01. Either way
            open_now is false outside core hours.
        urgent_use_safeguard: The words telling patients not to use the form for urgent problems;
            absent or null when the tool shows none (a SHOULD).
        symptom_checker_url: The NHS symptom checker link: NHS 111 online, https://111.nhs.uk/;
            absent or null when the tool shows none (a SHOULD).
    """

    tool_name: str = attrs.field(validator=v.text(max_len=200))
    tool_version: str = attrs.field(validator=v.text(max_len=50))
    request_categories: frozenset[RequestCategory] = attrs.field(validator=_categories)
    channels: frozenset[Channel] = attrs.field(validator=_channels)
    photo_upload: bool = attrs.field(validator=v.instance_of(bool))
    accepted_media_types: tuple[str, ...] = attrs.field(default=(), validator=v.tuple_of(str))
    out_of_hours: OutOfHoursBehaviour = attrs.field(validator=v.instance_of(OutOfHoursBehaviour))
    # Both optional: showing them is a SHOULD (SAFE-URG-01, SIGN-111-01), and a tool
    # without them must fail only those SHOULD checks, not every check that reads this.
    urgent_use_safeguard: str | None = attrs.field(
        default=None, validator=v.optional(v.text(min_len=10, max_len=2_000))
    )
    symptom_checker_url: str | None = attrs.field(default=None, validator=v.optional(_https_url))

    def __attrs_post_init__(self) -> None:
        if self.photo_upload and not self.accepted_media_types:
            raise v.fail("accepted_media_types", "a tool with photo upload lists its media types")

    def missing_categories(self) -> frozenset[RequestCategory]:
        """Categories the contract's minimum requires and this tool does not declare."""
        return frozenset(RequestCategory) - self.request_categories

    def missing_channels(self) -> frozenset[Channel]:
        """Channels the contract requires and this tool does not declare."""
        return frozenset(Channel) - self.channels
