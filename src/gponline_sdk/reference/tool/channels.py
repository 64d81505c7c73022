"""The reference tool's other channels: video, secure messages, contact details, usage data."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs
import orjson

from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    MessageSubmission,
    OutcomeSubmission,
    Participant,
    VideoJoin,
    VideoJoinRequest,
    VideoSessionRequest,
)
from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models import (
    CORE_HOURS,
    ConsultationRequest,
    ContactDetailsUpdate,
    MessageDirection,
    OdsCode,
    Requester,
    SecureMessage,
    VideoSession,
    VideoSessionStatus,
)
from gponline_sdk.reference.tool import views
from gponline_sdk.reference.tool._reject import Reject
from gponline_sdk.reference.tool.faults import channels as channel_faults
from gponline_sdk.reference.tool.faults import contact as contact_faults
from gponline_sdk.reference.tool.faults import messages as message_faults
from gponline_sdk.reference.tool.faults import round6_channels as r6_faults
from gponline_sdk.reference.tool.faults import round6_schema as schema_faults
from gponline_sdk.reference.tool.faults import round7_b as r7b_faults
from gponline_sdk.reference.tool.faults import round8_b as r8b_faults
from gponline_sdk.reference.tool.faults import round9_b as r9b_faults
from gponline_sdk.reference.tool.faults import round9_c as r9c_faults
from gponline_sdk.reference.tool.faults import round10 as r10_faults
from gponline_sdk.reference.tool.faults import round11 as r11_faults
from gponline_sdk.reference.tool.faults import round12 as r12_faults
from gponline_sdk.reference.tool.faults import round14 as r14_faults
from gponline_sdk.reference.tool.faults import round15 as r15_faults
from gponline_sdk.reference.tool.faults import round16 as r16_faults
from gponline_sdk.reference.tool.faults import round17 as r17_faults
from gponline_sdk.reference.tool.faults import stale as stale_faults
from gponline_sdk.reference.tool.usage_export import SUPPLIER_ID, ToolUsage
from gponline_sdk.serde import to_json

if TYPE_CHECKING:  # outcomes imports this module (Reject)
    from gponline_sdk.reference.tool.outcomes import Outcomes

__all__ = ["SUPPLIER_ID", "Reject", "ToolChannels"]

T = TypeVar("T")
Answer = tuple[int, bytes]
_TO_PATIENT = MessageDirection.PRACTICE_TO_PATIENT
_LINK = re.compile(r"https?://\S+")  # what a "safe links" rewriter takes for a link


class ToolChannels(ToolUsage):
    """Video, messaging and contact details (usage: `ToolUsage`), mixed into `ReferenceTool`."""

    fault: str | None
    _key: bytes
    _requests: dict[str, ConsultationRequest]
    _outcomes: Outcomes
    _video: dict[str, VideoSession]
    _joined: dict[str, set[Participant]]
    _presence: dict[str, dict[Participant, datetime]]
    _proxy_names: dict[str, Requester]
    _booked_at: dict[str, datetime]
    _messages: dict[str, SecureMessage]
    _root: dict[str, str]
    _thread_reads: dict[str, tuple[SecureMessage, ...]]  # for stale_faults
    _contacts: dict[str, ContactDetailsUpdate]
    _read: Callable[..., Any]
    _check_practice: Callable[[OdsCode], None]
    _next_reference: Callable[[str], str]
    _now: Callable[[], datetime]

    # Fault modes in which the tool declares it accepts requests out of core hours.
    _ACCEPTS_OOH_FAULTS: ClassVar[frozenset[str]] = frozenset(
        {"usage-omits-out-of-hours", "usage-ooh-dated-next-opening"}
    )

    def _accepts_out_of_hours(self) -> bool:
        """Whether the tool takes requests out of hours (the clean tool closes)."""
        return self.fault in self._ACCEPTS_OOH_FAULTS

    # -- video ----------------------------------------------------------------------------------

    def _schedule_video(self, *, body: bytes | None, **_: Any) -> Answer:
        req: VideoSessionRequest = self._read(body, VideoSessionRequest)
        self._check_practice(req.practice_code)
        start = req.scheduled_start
        if self.fault == "refuses-double-booking" and any(
            v.scheduled_start == start for v in self._video.values()
        ):
            raise Reject(409, "that slot is already booked")  # one clinician per instant
        refused = r7b_faults.booking_refusal(self.fault, start, req.duration_minutes, self._now())
        if refused is not None:
            raise Reject(400, "the session is not valid", (refused,))
        reference = self._next_reference("VC")
        if self.fault == "video-fold-kept-as-second":  # the 201 answer shows the diary's start
            start = r10_faults.stored_start(self.fault, start)
        if self.fault == "video-start-as-london-wall-time":
            # The offset sent is dropped and the wall-clock time read as London time.
            start = start.replace(tzinfo=CORE_HOURS.zone)
        try:
            session = VideoSession(
                reference=reference,
                practice_code=req.practice_code,
                scheduled_start=start,
                duration_minutes=req.duration_minutes,
                status=VideoSessionStatus.SCHEDULED,
            )
        except ValidationError as exc:
            raise Reject(400, "the session is not valid", exc.at("$").problems) from None
        r7b_faults.rebooked(self.fault, session, self._video)
        # The diary's own start: the answer above echoed the request, the store did not.
        stored = r10_faults.stored_start(self.fault, session.scheduled_start)
        self._video[reference] = attrs.evolve(session, scheduled_start=stored)
        self._joined[reference] = set()
        self._booked_at[reference] = self._now()
        return 201, to_json(session)

    def _video_session(self, reference: str, **_: Any) -> Answer:
        reference = r15_faults.like_reference(self.fault, reference, self._video)
        reference = r16_faults.lookup(self.fault, reference, self._video)
        session = self._video.get(r10_faults.session_reference(self.fault, reference, self._video))
        if session is None:
            raise Reject(404, "no video session has this reference")
        if r8b_faults.gone_after_end(
            self.fault, session.scheduled_start, session.duration_minutes, self._now()
        ):
            raise Reject(404, "no video session has this reference")  # moved to the archive
        if self.fault == "video-read-returns-latest":
            session = list(self._video.values())[-1]  # looked up by practice: newest wins
        if self.fault == "video-status-from-clock" and self._now() >= session.scheduled_start:
            # Status derived from the clock, not from who joined: in progress nobody there.
            session = attrs.evolve(session, status=VideoSessionStatus.IN_PROGRESS)
        if self.fault == "video-time-as-utc":
            # Stored as naive London wall-clock time, served back labelled as UTC.
            wall = session.scheduled_start.astimezone(CORE_HOURS.zone).replace(tzinfo=timezone.utc)
            session = attrs.evolve(session, scheduled_start=wall)
        return 200, to_json(r6_faults.video_read(self.fault, session))

    def _join_video(self, reference: str, *, body: bytes | None, **_: Any) -> Answer:
        join: VideoJoinRequest = self._read(body, VideoJoinRequest)
        if self.fault == "no-video":
            raise Reject(404, "video consultation is not available")
        reference = r15_faults.like_reference(self.fault, reference, self._video)
        reference = r16_faults.lookup(self.fault, reference, self._video)
        session = self._video.get(reference)
        if session is None:
            room = channel_faults.join_for_unknown(self.fault, reference, join)
            if room is not None:
                return 200, to_json(room)
            raise Reject(404, "no video session has this reference")
        refused = r10_faults.join_refusal(self.fault, session.scheduled_start, self._now())
        if refused is not None:
            raise Reject(400, "the join is not valid", (refused,))
        for other in r6_faults.joins_shared(self.fault, session, self._video):
            self._join_as(other, join.participant)
        session = self._join_as(reference, join.participant)
        scheme = "http" if self.fault == "join-url-http" else "https"
        url = (
            f"{scheme}://video.reference-tool.invalid/join/{reference}?as={join.participant.value}"
        )
        answer = VideoJoin(
            session_reference=reference,
            participant=join.participant,
            join_url=url,
            status=session.status,
        )
        if self.fault == "no-patient-join-url" and join.participant is Participant.PATIENT:
            # The patient's link is "sent separately" (never): the answer lacks join_url.
            fields = orjson.loads(to_json(answer))
            del fields["join_url"]
            return 200, orjson.dumps(fields)
        return 200, to_json(answer)

    def _join_as(self, reference: str, participant: Participant) -> VideoSession:
        """Record `participant`'s join; the session, in progress once both have joined."""
        session = self._video[reference]
        joined = self._joined[reference]
        if r14_faults.join_toggles(self.fault) and participant in joined:
            # The room's join and leave events share one handler: a second join is a leave.
            joined.discard(participant)
            self._video[reference] = attrs.evolve(
                session, status=VideoSessionStatus.SCHEDULED, started_at=None
            )
            return self._video[reference]
        rejoined = r16_faults.rejoin_starts(self.fault, participant, participant in joined)
        joined.add(participant)
        seen = self._presence.setdefault(reference, {})
        r15_faults.joined_now(self.fault, joined, seen, participant, self._now())
        if r15_faults.started_early(self.fault, participant) and session.started_at is None:
            # "if not session.started_at": stamped by whichever join comes first.
            session = attrs.evolve(session, started_at=self._now())
            self._video[reference] = session
        alone = r8b_faults.starts_on_join(self.fault, participant is Participant.PROFESSIONAL)
        if (
            (len(joined) == len(Participant) or alone or rejoined)
            and session.status is VideoSessionStatus.SCHEDULED
            and self.fault != "video-stays-scheduled"
        ):
            session = VideoSession(
                reference=session.reference,
                practice_code=session.practice_code,
                scheduled_start=session.scheduled_start,
                duration_minutes=session.duration_minutes,
                status=VideoSessionStatus.IN_PROGRESS,
                started_at=self._now(),
            )
            self._video[reference] = session
        return session

    # -- secure messages -------------------------------------------------------------------------

    def _round16_refusal(self, sub: MessageSubmission) -> None:
        """Raise a round-16 fault's refusal: digits only (400), a reply wanting If-Match (428)."""
        numeric = r16_faults.message_refusal(self.fault, sub)
        if numeric is not None:
            raise Reject(400, "the message is not valid", (numeric,))
        if r16_faults.reply_refusal(self.fault, sub, self._first_read, self._now()):
            raise Reject(428, "Precondition Required: send If-Match with the request's ETag")

    def _send_message(self, *, body: bytes | None, **_: Any) -> Answer:
        sub: MessageSubmission = self._read(body, MessageSubmission)
        self._check_practice(sub.practice_code)
        if self.fault == "one-way-messaging" and (
            sub.direction is MessageDirection.PRACTICE_TO_PATIENT
        ):
            problem = Problem(location="$.direction", message="only patients can send messages")
            raise Reject(400, "this tool takes messages from patients only", (problem,))
        if self.fault == "patient-cannot-message" and (
            sub.direction is MessageDirection.PATIENT_TO_PRACTICE
        ):
            problem = Problem(location="$.direction", message="patients cannot send messages")
            raise Reject(400, "this tool sends messages to patients only", (problem,))
        if sub.in_reply_to is not None and self._unknown_reply(sub.in_reply_to):
            if not channel_faults.unknown_reply_allowed(self.fault):
                raise Reject(404, "no message has the reference in in_reply_to")
            sub = attrs.evolve(sub, in_reply_to=None)  # filed as a new thread
        # (round 15) One index of every "case": a contact update or a session is one too.
        anything = r15_faults.about_any_record(
            self.fault, sub.about_request, self._contacts, self._video
        )
        unknown = (
            None
            if anything
            else (
                message_faults.unknown_request_refusal(self.fault, sub, self._requests)
                or r9b_faults.follow_up_refusal(self.fault, sub.about_request, self._requests)
            )
        )
        if unknown is not None and r6_faults.about_request_checked(self.fault, sub.direction):
            raise Reject(404, "about_request names no request", (unknown,))
        sub = r15_faults.proxy_named(self.fault, sub, self._proxy_names)
        proxy = message_faults.message_proxy_refusal(self.fault, sub)
        if proxy is not None:
            raise Reject(422, "the message is not valid", (proxy,))
        self._round16_refusal(sub)
        if self.fault == "refuses-consecutive-patient-messages" and self._patient_waits(sub):
            problem = Problem(location="$.in_reply_to", message="wait for the practice to answer")
            raise Reject(400, "the practice has not answered your last message yet", (problem,))
        reference = self._next_reference("MSG")
        # An SMS-sized store: the answer and the thread hold the first 160 characters only.
        text = sub.body[:160] if self.fault == "truncates-message-bodies" else sub.body
        if self.fault == "message-line-breaks-normalised":
            text = text.replace("\r\n", "\n")
        text = r16_faults.stored_body(self.fault, text)
        if self.fault == "rewrites-message-links" and sub.direction is _TO_PATIENT:
            # A "safe links" service: every link goes through a redirector first.
            text = _LINK.sub(lambda m: "https://safelinks.invalid/?u=" + m.group(0), text)
        try:
            message = SecureMessage(
                reference=reference,
                practice_code=sub.practice_code,
                direction=sub.direction,
                body=text,
                sent_at=r14_faults.sent_at(self.fault, self._now()),
                in_reply_to=sub.in_reply_to,
                about_request=sub.about_request,
                requester=sub.requester,
            )
        except ValidationError as exc:
            raise Reject(400, "the message is not valid", exc.at("$").problems) from None
        message = r9b_faults.message_kept(self.fault, message, self._requests, self._has_outcome)
        message = self._file(message_faults.message_stored(self.fault, message))
        self._resolve_on_reply(sub)
        if sub.in_reply_to and (
            self.fault == "drops-replies"
            or (self.fault == "practice-reply-unlinked" and sub.direction is _TO_PATIENT)
        ):
            # Answered 201 as sent, but filed as a thread of its own that nobody reads.
            self._root[reference] = reference
            if self.fault == "practice-reply-unlinked":
                self._messages[reference] = attrs.evolve(message, in_reply_to=None)
        return 201, to_json(message)

    def _resolve_on_reply(self, sub: MessageSubmission) -> None:
        """With a round-17 fault, a practice message about an open request records an outcome."""
        kind = r17_faults.outcome_on_reply(self.fault, sub)
        if kind is None or sub.about_request is None or self._has_outcome(sub.about_request):
            return
        if sub.about_request in self._requests:
            given = OutcomeSubmission(kind=kind, message=sub.body[:2000])
            self._outcomes.record(self.fault, sub.about_request, given, self._now())

    def _has_outcome(self, reference: str) -> bool:
        """Whether the practice has recorded an outcome for request `reference` (round-9 fault)."""
        return self._outcomes.status(None, reference).outcome is not None

    def _unknown_reply(self, in_reply_to: str) -> bool:
        """Whether `in_reply_to` names no message (round-8 faults: a request; a closed one)."""
        if r8b_faults.reply_refusal(self.fault, self._messages.get(in_reply_to), self._now()):
            raise Reject(409, "this conversation is closed: start a new one")
        kept = r8b_faults.reply_to_request_kept(self.fault, in_reply_to, self._requests)
        return in_reply_to not in self._messages and not kept

    def _file(self, message: SecureMessage) -> SecureMessage:
        """Keep `message` in its thread; the message the 201 answer gives (round-6 faults)."""
        earlier = r6_faults.repeat_of(self.fault, message, self._messages)
        if earlier is not None:
            return earlier  # a double-submit guard: the repeat is never stored
        reference, irt = message.reference, message.in_reply_to
        root = self._root[irt] if irt and irt in self._root else reference
        thread = [m for ref, m in self._messages.items() if self._root[ref] == root]
        message = r6_faults.sent_at_for_ties(self.fault, message, thread)
        kept, rest = r6_faults.message_split(self.fault, message)
        message = attrs.evolve(message, body=kept)
        self._messages[reference] = message
        self._root[reference] = root
        if rest is not None:  # the second part, filed as a reply to the first
            part = self._next_reference("MSG")
            self._messages[part] = attrs.evolve(
                message, reference=part, body=rest, in_reply_to=reference
            )
            self._root[part] = root
        return message

    def _patient_waits(self, sub: MessageSubmission) -> bool:
        """Whether the thread's last message is the patient's (fault: one until answered)."""
        if sub.direction is _TO_PATIENT or sub.in_reply_to is None:
            return False
        root = self._root[sub.in_reply_to]
        last = [m for ref, m in self._messages.items() if self._root[ref] == root][-1]
        return last.direction is not _TO_PATIENT

    def _thread(self, *, query: dict[str, str], **_: Any) -> Answer:
        thread = query.get("thread")
        if not thread:
            problem = Problem(location="thread", message="the thread query parameter is required")
            raise Reject(400, "which thread?", (problem,))
        if thread not in self._messages or self._root[thread] != thread:
            raise Reject(404, "no thread starts with this reference")
        messages = tuple(m for ref, m in self._messages.items() if self._root[ref] == thread)
        messages = stale_faults.thread_shown(self.fault, self._thread_reads, thread, messages)
        messages = r8b_faults.thread_shown(self.fault, messages)
        messages = r12_faults.thread_joined(self.fault, messages, self._messages, self._root)
        shown = self._thread_fault(messages)
        return 200, r14_faults.thread_answer(self.fault, thread, shown)

    def _thread_fault(self, messages: tuple[SecureMessage, ...]) -> tuple[SecureMessage, ...]:
        """The thread as a faulty tool shows it (the clean tool: unchanged, oldest first)."""
        if self.fault == "thread-newest-first":
            messages = messages[::-1]
        elif self.fault == "thread-grouped-by-direction":
            # Inbox, then outbox: each oldest first, but the conversation is torn apart.
            messages = tuple(sorted(messages, key=lambda m: m.direction is _TO_PATIENT))
        elif self.fault == "thread-truncated-at-3":
            messages = messages[:3]
        elif self.fault == "thread-direct-replies-only" and messages:
            # Only replies to the first message: replies to replies are lost.
            root = messages[0].reference
            messages = tuple(m for m in messages if m.in_reply_to in (None, root))
        messages = r15_faults.thread_shown(self.fault, messages)
        shown = tuple(message_faults.message_shown(self.fault, self._shown(m)) for m in messages)
        return r11_faults.thread_requesters(self.fault, shown)

    def _shown(self, message: SecureMessage) -> SecureMessage:
        """One message of a thread as a faulty tool shows it."""
        parent = self._messages.get(message.in_reply_to or "")
        if self.fault == "reply-direction-flipped" and parent is not None:
            return attrs.evolve(message, direction=parent.direction)  # the parent's direction
        if self.fault == "thread-html-escaped":
            # Escaping can lengthen a body past maxLength: the faulty tool shows it anyway.
            with attrs.validators.disabled():
                return attrs.evolve(message, body=html.escape(message.body))
        return message

    # -- contact details --------------------------------------------------------------------------

    def _update_contact(self, *, body: bytes | None, **_: Any) -> Answer:
        sub: ContactDetailsSubmission = self._read(body, ContactDetailsSubmission)
        self._check_practice(sub.practice_code)
        refused = (
            views.contact_refusal(self.fault, sub)
            or channel_faults.landline_refusal(self.fault, sub)
            or contact_faults.contact_proxy_refusal(self.fault, sub)
            or schema_faults.contact_refusal(self.fault, sub)
            or r8b_faults.requester_refusal(self.fault, body)
        )
        if refused is not None:
            raise Reject(400, "the update is not valid", (refused,))
        patient = sub.patient
        earlier = self._earlier_update(sub)
        if earlier is not None and self.fault == "contact-update-keeps-first-name":
            # Matched to the patient's record, whose name was set by the first update only.
            patient = attrs.evolve(
                patient,
                given_name=earlier.patient.given_name,
                family_name=earlier.patient.family_name,
            )
        update = ContactDetailsUpdate(
            reference=self._next_reference("CD"),
            practice_code=sub.practice_code,
            patient=patient,
            contact=views.contact_stored(self.fault, sub, self._contacts.values()),
            submitted_at=self._now(),
            ethnicity=sub.ethnicity,
            requester=r9c_faults.contact_requester(self.fault, sub.requester, sub.patient),
        )
        update = contact_faults.contact_shown(self.fault, update, self._contacts.values())
        update = r6_faults.contact_shown(self.fault, update)
        if self.fault != "ignores-contact-updates":
            self._contacts[update.reference] = update
        return 201, to_json(update)

    def _practice_contact(self, reference: str, **_: Any) -> Answer:
        held = list(self._contacts.values())
        reference = r16_faults.lookup(self.fault, reference, self._contacts)
        update = self._contacts.get(reference) or channel_faults.contact_for_unknown(
            self.fault, reference, held
        )
        if update is None:
            raise Reject(404, "no contact details update has this reference")
        if self.fault == "contact-updates-overwrite-by-patient":
            # Stored per patient: any reference of theirs reads their latest update.
            latest = [u for u in self._contacts.values() if _same_patient(u, update)][-1]
            update = attrs.evolve(latest, reference=reference, submitted_at=update.submitted_at)
        if self.fault == "contact-lookup-returns-latest":
            # Filed by patient and name: a reference reads that record's latest update.
            same = [u for u in self._contacts.values() if _same_named(u, update)]
            update = attrs.evolve(same[-1], reference=reference)
        lines = tuple(r16_faults.address_lines(self.fault, list(update.contact.address_lines)))
        update = attrs.evolve(update, contact=attrs.evolve(update.contact, address_lines=lines))
        shown = to_json(r7b_faults.contact_shown(self.fault, update, self._contacts))
        return 200, r14_faults.contact_view(self.fault, shown)

    def _earlier_update(self, sub: ContactDetailsSubmission) -> ContactDetailsUpdate | None:
        """The first update held for the same patient (NHS number and date of birth), if any."""
        return next((u for u in self._contacts.values() if _same_patient(u, sub)), None)

    # -- usage data -------------------------------------------------------------------------------


def _same_patient(
    a: ContactDetailsUpdate, b: ContactDetailsUpdate | ContactDetailsSubmission
) -> bool:
    """Whether two updates are for one patient, as a tool matching its records would say."""
    return (
        a.patient.nhs_number == b.patient.nhs_number
        and a.patient.date_of_birth == b.patient.date_of_birth
    )


def _same_named(a: ContactDetailsUpdate, b: ContactDetailsUpdate) -> bool:
    """Same patient and family name: one record to a tool that files updates by name."""
    return _same_patient(a, b) and a.patient.family_name == b.patient.family_name
