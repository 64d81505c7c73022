"""The contract's own wrapper models: what travels that is not already a domain model.

Requests a patient or practice sends through the tool contract (`RequestSubmission`,
`VideoSessionRequest`, ...), the test hooks (`TestEnvironment`, `TestClock`) and the
answers that only the contract has (`Availability`, `ClosedResponse`, `ErrorBody`,
the weekly usage reports). The operations that carry them are listed in
`gponline_sdk.conformance.contract`; import them from there.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from gponline_sdk.models import (
    Attachment,
    ConsultationRequest,
    ContactDetails,
    MessageDirection,
    OcRecord,
    OdsCode,
    Outcome,
    OutcomeKind,
    PatientDetails,
    RequestCategory,
    Requester,
    SecureMessage,
    SubmissionHeader,
    SupplierId,
    VcRecord,
    VideoSessionStatus,
)
from gponline_sdk.models import _validators as v
from gponline_sdk.models.consultation import check_follows_up, ethnic_category

__all__ = [
    "Availability",
    "ClosedResponse",
    "ContactDetailsSubmission",
    "ErrorBody",
    "ErrorProblem",
    "MessageSubmission",
    "MessageThread",
    "OcUsageReport",
    "OutcomeSubmission",
    "Participant",
    "RequestStatus",
    "RequestSubmission",
    "TestClock",
    "TestEnvironment",
    "VcUsageReport",
    "VideoJoin",
    "VideoJoinRequest",
    "VideoSessionRequest",
]


@attrs.frozen(kw_only=True)
class TestEnvironment:
    """What the tool's test environment tells the suite: the practice and supplier to use.

    Attributes:
        practice_code: The test practice the suite sends every request for.
        supplier_id: The supplier ID the tool's usage files carry in their header.
        now: The tool's now.
    """

    __test__ = False  # not a pytest test class, despite the name

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    supplier_id: SupplierId = attrs.field(converter=SupplierId)
    now: datetime = attrs.field(validator=v.aware_datetime)


@attrs.frozen(kw_only=True)
class TestClock:
    """The tool's test clock: `now` is the instant the tool acts at; `frozen` if set by the suite.

    Sent as the body of ``PUT /test/clock`` (only `now` is read) and returned by
    ``PUT`` and ``DELETE``. A frozen clock stands still until set again.

    Attributes:
        now: The instant the tool acts at: every received_at, sent_at, submitted_at and every
            core-hours decision uses it while the clock is frozen, and so does every rule
            that depends on today's date (a date of birth on or before its day is never in
            the future), even when it is years from the real date.
        frozen: True after PUT (set by the suite); false after DELETE (real time).

    Scope (written out in 2.2.0): the clock holds for every later request on any connection,
    a new one included, until the next PUT or DELETE; never only the connection, session or
    worker that took the PUT.
    """

    __test__ = False

    now: datetime = attrs.field(validator=v.aware_datetime)
    frozen: bool = attrs.field(default=True, validator=v.instance_of(bool))


_FOLLOW_UP_NAMES_ITS_REQUEST = v.Condition(("category", "follow_up"), ("follows_up",))


@v.schema_rules(v.SchemaRules(conditions=(_FOLLOW_UP_NAMES_ITS_REQUEST,)))
@attrs.frozen(kw_only=True)
class RequestSubmission:
    """What a patient (or a proxy) sends through the online consultation form.

    Attributes:
        category: What the patient asks for; every category the tool declares in its
            capabilities must be accepted in core hours.
        requester: Who fills in the form: the patient, or a proxy (a parent or guardian for a
            child, a relative, carer or attorney for an adult who lacks capacity) giving proxy_name
            and relationship in their own words. A proxy's request must be accepted in every
            category whatever the patient's age, and the practice must see role, proxy_name and
            relationship exactly as sent.
        description: The patient's own words: the practice must see them exactly as sent.
            (2.3.0) Every character JSON carries is text: control characters (U+0001 to
            U+001F, U+007F, U+0080 to U+009F) are shown as sent, never dropped or blanked
            (an XML 1.0 layer or a "sanitiser" on the way), and escape sequences typed as
            text (a backslash then 'u00e9', 'x41' or 'n') are never decoded a second time
            [SDK: what 'exactly as sent' means]. The suite sends no U+0000.
        attachments: Files sent with the request (photos, where the tool offers them).
        follows_up: For a follow_up, the reference of an earlier request (as its Acknowledgement
            gave it); null for every other category.
    """

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    category: RequestCategory = attrs.field(validator=v.instance_of(RequestCategory))
    patient: PatientDetails = attrs.field(validator=v.instance_of(PatientDetails))
    requester: Requester = attrs.field(validator=v.instance_of(Requester))
    contact: ContactDetails = attrs.field(validator=v.instance_of(ContactDetails))
    description: str = attrs.field(validator=v.text(max_len=10_000))
    attachments: tuple[Attachment, ...] = attrs.field(default=(), validator=v.tuple_of(Attachment))
    follows_up: str | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        # Stated in the schema too (an if/then on category), so a tool can see that a
        # follow-up names its request and that no other category may name one.
        check_follows_up(self.category, self.follows_up)

    def as_request(self, *, reference: str, submitted_at: datetime) -> ConsultationRequest:
        """The `ConsultationRequest` this submission becomes once the tool accepts it."""
        return ConsultationRequest(
            reference=reference,
            practice_code=self.practice_code,
            category=self.category,
            patient=self.patient,
            requester=self.requester,
            contact=self.contact,
            description=self.description,
            submitted_at=submitted_at,
            attachments=self.attachments,
            follows_up=self.follows_up,
        )


@attrs.frozen(kw_only=True)
class ClosedResponse:
    """The answer (HTTP 409) of a tool that is not taking requests now, and when it reopens.

    Attributes:
        message: What the patient is shown: that the form is closed and when it opens again. A
            weekday it names beside a date ("Monday 30 November") is that date's weekday
            (2.4.0 [SDK]). Where it names a time of day (08:00, 8:00, 08.00, 8am, 8.00 a.m.),
            next_opening's time in Europe/London is among the times it names: "We open again
            at 07:00" for an 08:00 opening in summer (UTC's time) fails (2.6.0 [SDK]). Where
            it names a calendar date ("30 November", "Monday 30th Nov 2026", "November 30",
            "30/11/2026", "30.11.26", "2026-11-30"), next_opening's date in Europe/London is
            among the dates it names: tomorrow's date on a Friday evening fails (2.7.0 [SDK]).
        next_opening: The next core-hours opening after the tool's now: 08:00 Europe/London on the
            next working day (Monday to Friday, not a bank holiday in England), or today's 08:00
            when now is before it on a working day.
    """

    message: str = attrs.field(validator=v.text(max_len=2_000))
    next_opening: datetime = attrs.field(validator=v.aware_datetime)


@attrs.frozen(kw_only=True)
class Availability:
    """What the patient sees before filling in the form.

    `redirect_url` is a link to another service (such as NHS 111 online) that the
    tool shows the patient; `next_opening` is set when closed.

    Attributes:
        now: The tool's now.
        open_now: True throughout core hours (08:00 to 18:30 Europe/London, Monday to Friday, bank
            holidays in England excepted); false outside them when the tool closes.
        message: What the patient is shown before the form.
        next_opening: When closed, null or the next core-hours opening (exactly as in
            ClosedResponse); null while open.
        urgent_use_safeguard: Words telling patients not to use the form for urgent problems; they
            must mention 'urgent', 'emergency' or '999' (any case), open or closed. Null only for a
            tool that shows none (a SHOULD: the suite warns).
        symptom_checker_url: The link to the NHS symptom checker: an https URL on 111.nhs.uk (e.g.
            https://111.nhs.uk/).
        redirect_url: A link to another service the tool shows the patient (such as NHS 111
            online): null, or a URL of 1 to 2,000 characters (never an empty string). In core
            hours it may only be a signpost beside the open form: whenever it is set then, a
            request sent at that instant must be taken (201); shown instead of the form
            (requests refused), it fails.
    """

    now: datetime = attrs.field(validator=v.aware_datetime)
    open_now: bool = attrs.field(validator=v.instance_of(bool))
    message: str = attrs.field(validator=v.text(max_len=2_000))
    next_opening: datetime | None = attrs.field(default=None, validator=v.optional_aware_datetime)
    urgent_use_safeguard: str | None = attrs.field(default=None)
    symptom_checker_url: str | None = attrs.field(default=None)
    redirect_url: str | None = attrs.field(
        default=None, validator=v.optional(v.text(max_len=2_000))
    )


@attrs.frozen(kw_only=True)
class OutcomeSubmission:
    """The practice's triage outcome for a request: how it will be handled, and what to say.

    Sent as the body of ``POST /practice/requests/{reference}/outcome``; the tool answers 201
    with the `Outcome` it recorded (recorded_at: the tool's now, the test clock while set).

    Attributes:
        kind: How the practice will handle the request. The tool records this kind as sent
            (every kind the schema lists, not one kind for all) and the patient's status
            (``GET /requests/{reference}/status``) shows it. Exactly one of the list: any
            other value (another case, spaces for underscores, free text) is refused.
        message: What the patient is told, 1 to 2,000 characters: the patient's status shows it
            exactly as sent (byte for byte: no trimming, re-wrapping or templating).
    """

    kind: OutcomeKind = attrs.field(validator=v.instance_of(OutcomeKind))
    message: str = attrs.field(validator=v.text(max_len=2_000))


@attrs.frozen(kw_only=True)
class RequestStatus:
    """What the patient sees of their request: when it came, when to expect an answer, the outcome.

    The answer of ``GET /requests/{reference}/status`` (the patient's view).

    Attributes:
        reference: The request's reference, as its Acknowledgement gave it.
        received_at: As in the request's Acknowledgement.
        respond_by: As in the request's Acknowledgement.
        outcome: The triage outcome the practice recorded (``POST
            /practice/requests/{reference}/outcome``) for this request: its kind as recorded and
            recorded_at the tool's now when it was recorded. Null until the practice records one
            for it: an automated acknowledgement is not an outcome, and nor is an outcome
            recorded for another request (the same patient's, a follow-up, the request followed
            up), so a status showing an outcome before the practice recorded one fails.
        message: Once an outcome is recorded, its message exactly as the practice sent it. The
            suite reads it only then; before that it may be null or any text that claims no
            outcome (an acknowledgement), and the suite does not judge it.
    """

    reference: str = attrs.field(validator=v.text(max_len=64))
    received_at: datetime = attrs.field(validator=v.aware_datetime)
    respond_by: datetime = attrs.field(validator=v.aware_datetime)
    outcome: Outcome | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Outcome))
    )
    message: str | None = attrs.field(default=None, validator=v.optional(v.text(max_len=2_000)))


@v.schema_rules(v.SchemaRules(keywords={"duration_minutes": {"minimum": 1, "maximum": 240}}))
@attrs.frozen(kw_only=True)
class VideoSessionRequest:
    """The practice schedules a video consultation.

    Each session is read back (GET /video/sessions/{reference}) exactly as the 201 answer
    gave it until someone joins: scheduled_start to the fraction of a second sent,
    duration_minutes as sent (any whole number of minutes, not only multiples of 5), on
    any day and at any hour, a session that runs past 18:30 (the end of core hours) or past
    midnight included: it is never shortened. Each accepted POST is a session of its own,
    with its own reference, even when its start and length repeat an earlier booking's (two
    clinicians' clinics at one time). A start equal to the tool's now, to the fraction of a
    second (the test clock's instant as set), is not in the past: a tool that refuses starts
    before its now compares with its now exactly, never rounded up to the minute [SDK].

    Attributes:
        scheduled_start: When the consultation is to start. Its seconds are 00 to 59, as the
            instant pattern says: RFC 3339's leap second (second 60) is outside the contract
            and refused (400, $.scheduled_start), never read as the next minute [SDK].
        duration_minutes: The length booked, in minutes, 1 to 240 (as `VideoSession` holds it).
    """

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    scheduled_start: datetime = attrs.field(validator=v.aware_datetime)
    duration_minutes: int = attrs.field(validator=v.non_negative_int)

    def __attrs_post_init__(self) -> None:
        # The same range the session itself holds: a request the session would refuse
        # must be refused at the door, naming the field, and the contract must say so.
        if not 1 <= self.duration_minutes <= 240:
            raise v.fail("duration_minutes", "must be 1 to 240 minutes")


class Participant(enum.Enum):
    """Who joins a video consultation."""

    PATIENT = "patient"
    PROFESSIONAL = "professional"


@attrs.frozen(kw_only=True)
class VideoJoinRequest:
    """A participant asks to join a scheduled video consultation.

    A join changes the session joined only: other sessions starting at the same instant
    (other clinicians') are not joined.

    Attributes:
        participant: Who joins: the patient or the professional.
    """

    participant: Participant = attrs.field(validator=v.instance_of(Participant))


@attrs.frozen(kw_only=True)
class VideoJoin:
    """Where a participant joins, and the session's status after they did.

    Attributes:
        session_reference: The session joined.
        join_url: Where the participant joins: an https:// URL.
        status: The session's status after this join: 'in_progress' once both have joined.
    """

    session_reference: str = attrs.field(validator=v.text(max_len=64))
    participant: Participant = attrs.field(validator=v.instance_of(Participant))
    join_url: str = attrs.field(validator=v.text(max_len=2_000))
    status: VideoSessionStatus = attrs.field(validator=v.instance_of(VideoSessionStatus))


@attrs.frozen(kw_only=True)
class MessageSubmission:
    """A secure message sent by the patient or the practice; replies name `in_reply_to`.

    Each accepted POST is a new message with its own reference, even when its body,
    direction and in_reply_to repeat an earlier message's (a patient may answer "Yes" twice
    on purpose). Its sent_at is the tool's now exactly (a test clock's instant as set,
    fraction of a second included), never moved to set it apart from a message at the same
    instant.

    Attributes:
        direction: Who sends it: the patient to the practice, or the practice to the patient.
        body: The message: the recipient must see it exactly as sent, as one message,
            whatever its length.
        in_reply_to: The reference of the message this one answers; null to start a thread.
        about_request: The reference of the online consultation request (as its Acknowledgement
            gave it) this message is about: the practice's written reply to a request, which may
            start a thread or answer a message in one. Absent or null: about no request. A tool
            must accept and keep it, show it as sent on the message (the 201 answer and the
            thread, GET /messages?thread=...), and refuse with 404 (or 422), like any unknown
            reference, an about_request that names no request it holds, in either direction
            (a patient's message too); a reply that names a request must reach the thread it
            starts or answers. (2.4.0) A follow-up is a request of its own, and a request
            with an outcome recorded is still a request the tool holds: a message about
            either, from either side, is taken (201) and keeps about_request as sent (the
            follow-up's reference, not the request it follows up) [SDK].
        requester: Who writes a patient_to_practice message: the patient, or a proxy (a parent
            for a child, a carer or attorney for an adult) giving proxy_name and relationship.
            Absent or null means the patient. A tool must accept a proxy's message, show the
            requester exactly as sent on the message (the 201 answer and the thread), and let the
            practice's reply to it reach that thread. The suite sends it on patient_to_practice
            messages only. (2.3.0) On a practice_to_patient message the contract defines no
            requester: a tool MAY refuse a non-null one (400, $.requester) or keep it as sent
            [SDK]; the suite sends none. (2.4.0) The requester shown is the one the message
            was sent with, whoever sent the request it is about: the patient writing about a
            request their carer sent, or a proxy writing about one the patient sent
            themselves [SDK].

    (2.3.0) in_reply_to names a message, and only a message: the reference of a request, a
    video session or a contact details update there names no message (404; a reply about a
    request names it in about_request). A reply may answer any message the tool holds,
    however old: no conversation closes after a time, and the reply is in the thread, with
    in_reply_to as sent [SDK: 'in_reply_to exactly as sent'].
    """

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    direction: MessageDirection = attrs.field(validator=v.instance_of(MessageDirection))
    body: str = attrs.field(validator=v.text(max_len=10_000))
    in_reply_to: str | None = attrs.field(default=None)
    about_request: str | None = attrs.field(default=None)
    requester: Requester | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Requester))
    )


@attrs.frozen(kw_only=True)
class MessageThread:
    """A conversation: the first message's reference and every message in it, oldest first.

    Every read is current: it holds each message the tool has accepted in the thread up
    to that read (a reply sent a moment after an earlier read is in the next one; no
    cached copy of an earlier read is served).

    Attributes:
        thread: The reference of the thread's first message.
        messages: Every message of the thread, oldest first (by sent_at), both directions;
            (2.3.0) all of them, however many, in the one answer: the contract has no paging
            (a thread of 26 messages holds 26).
            Messages with the same sent_at (sent within one tick of the clock, or while a
            test clock is frozen) are in the order the tool accepted them.
    """

    thread: str = attrs.field(validator=v.text(max_len=64))
    messages: tuple[SecureMessage, ...] = attrs.field(validator=v.tuple_of(SecureMessage))


@attrs.frozen(kw_only=True)
class ContactDetailsSubmission:
    """A patient, or someone acting for them, updates the patient's personal and contact details.

    The five kinds of detail are the name (patient.given_name and patient.family_name),
    ethnicity, address (contact.address_lines and contact.postcode), phone and email. The
    practice must see every value exactly as sent (GET /practice/contact-details/{reference}),
    whether one kind changes or all five. (2.8.0) Exactly: letter case included, an email's
    domain too ('Jo.Patel@Example.ORG' is shown so, not lower-cased); and every ethnicity
    code of the list is accepted, each update in the suite's values check carrying the next
    code in turn [SDK].

    Attributes:
        patient: Who the update is for; its names are the patient's current name (a new name
            after marriage or deed poll is shown as sent, not the name first held).
        ethnicity: The patient's ethnic category: a code of the NHS Data Dictionary's ETHNIC
            CATEGORY list (A to H, J to N, P, R, S; Z means 'not stated'). The regulation names
            no code list: the SDK chose this one. Null or absent when not given; every code must
            be accepted and shown to the practice as sent.
        requester: Who sends the update: the patient, or a proxy (a parent for a child, a carer
            or attorney for an adult) giving proxy_name and relationship. Absent or null means
            the patient. A proxy's update must be accepted and the practice must see the
            requester exactly as sent. (2.3.0) A requester naming the patient ({'role':
            'patient'}, proxy_name and relationship absent or null) is the patient: accepted
            like an absent one, and shown to the practice as the patient (that requester, or
            null) [SDK: 'Absent or null means the patient'].

    (2.3.0) contact gives at least one of email, phone or address whatever else the update
    carries: an ethnicity, a proxy or the patient as requester lets no update skip the rule
    (400, $.contact).
    """

    practice_code: OdsCode = attrs.field(converter=OdsCode)
    patient: PatientDetails = attrs.field(validator=v.instance_of(PatientDetails))
    contact: ContactDetails = attrs.field(validator=v.instance_of(ContactDetails))
    ethnicity: str | None = attrs.field(default=None, validator=ethnic_category)
    requester: Requester | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(Requester))
    )


@attrs.frozen(kw_only=True)
class OcUsageReport:
    """The weekly online consultation records the tool would send to NHS England.

    Attributes:
        header: The file's header: the test environment's supplier ID, data_type 'oc_record' and the
            week asked for.
        records: One record per request the tool received in the week (by Europe/London date), in
            and out of core hours; the file must pass the national pipeline's file and record rules.
            Every request counts, whatever its NHS number: in the TEST environment every patient
            is synthetic (NHS numbers in the 999 range, which are never issued to real people,
            or none), so a rule that leaves out "test patients" by NHS number leaves out the
            requests under test. Whether a production export leaves out the supplier's own test
            accounts is outside the contract [SDK].
    """

    header: SubmissionHeader = attrs.field(validator=v.instance_of(SubmissionHeader))
    records: tuple[OcRecord, ...] = attrs.field(validator=v.tuple_of(OcRecord))


@attrs.frozen(kw_only=True)
class VcUsageReport:
    """The weekly video consultation records the tool would send to NHS England.

    Attributes:
        header: As for OcUsageReport, with data_type 'vc_record'.
        records: One record per video session scheduled to start in the week (by Europe/London
            date).
    """

    header: SubmissionHeader = attrs.field(validator=v.instance_of(SubmissionHeader))
    records: tuple[VcRecord, ...] = attrs.field(validator=v.tuple_of(VcRecord))


@attrs.frozen(kw_only=True)
class ErrorProblem:
    """One thing wrong with the input: a JSON path (or parameter name) and what was expected.

    Attributes:
        location: Where: for a field of the request body, a JSON path starting with '$'
            ('$.patient.nhs_number', '$.attachments[0].sha256'; the body itself is '$');
            for a path or query parameter, the parameter's name ('reference', 'thread').
            A JSON Pointer as JSON Schema validators write it ('/patient/nhs_number') is
            read too; 'patient.nhs_number' without the '$' is neither (ROB-4XX-01).
        message: What was expected there (never echoing a value that could be an identifier).
    """

    location: str = attrs.field(validator=v.text(max_len=500))
    message: str = attrs.field(validator=v.text(max_len=2_000))


@attrs.frozen(kw_only=True)
class ErrorBody:
    """The body of every 4xx answer: a summary and each problem with where it is.

    Attributes:
        message: A one-line summary.
        problems: Each thing wrong, each naming its field in location.
    """

    message: str = attrs.field(validator=v.text(max_len=2_000))
    problems: tuple[ErrorProblem, ...] = attrs.field(default=(), validator=v.tuple_of(ErrorProblem))
