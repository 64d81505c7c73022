"""The reference online consultation tool's behaviour, behind one `handle()` call.

State lives in memory, one `ReferenceTool` per server. The HTTP layer
(`reference.tool`) and `InProcessTarget` both call `handle()`, so the suite sees
the same tool in process and over loopback.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import attrs
import orjson

from gponline_sdk import __version__
from gponline_sdk.conformance.contract import (
    Availability,
    ClosedResponse,
    ErrorBody,
    OutcomeSubmission,
    Participant,
    RequestSubmission,
    TestClock,
    TestEnvironment,
)
from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models import (
    CORE_HOURS,
    Acknowledgement,
    ConsultationRequest,
    ContactDetailsUpdate,
    OdsCode,
    OutcomeKind,
    OutOfHoursBehaviour,
    RequestCategory,
    Requester,
    RequesterRole,
    RequestType,
    SecureMessage,
    ToolCapabilities,
    VideoSession,
)
from gponline_sdk.models.schedule import FIRST_YEAR, LAST_YEAR
from gponline_sdk.reference.tool import hours as tool_hours
from gponline_sdk.reference.tool import views
from gponline_sdk.reference.tool.channels import SUPPLIER_ID, Reject, ToolChannels
from gponline_sdk.reference.tool.faults import FAULTS
from gponline_sdk.reference.tool.faults import caps as cap_faults
from gponline_sdk.reference.tool.faults import contact as contact_faults
from gponline_sdk.reference.tool.faults import round6_schema as schema_faults
from gponline_sdk.reference.tool.faults import round6_state as state_faults
from gponline_sdk.reference.tool.faults import round7_a as r7a_faults
from gponline_sdk.reference.tool.faults import round7_b as r7b_faults
from gponline_sdk.reference.tool.faults import round8_a as r8a_faults
from gponline_sdk.reference.tool.faults import round8_b as r8b_faults
from gponline_sdk.reference.tool.faults import round9_a as r9a_faults
from gponline_sdk.reference.tool.faults import round9_should as r9s_faults
from gponline_sdk.reference.tool.faults import round10 as r10_faults
from gponline_sdk.reference.tool.faults import round11 as r11_faults
from gponline_sdk.reference.tool.faults import round12 as r12_faults
from gponline_sdk.reference.tool.faults import round13 as r13_faults
from gponline_sdk.reference.tool.faults import round14 as r14_faults
from gponline_sdk.reference.tool.faults import round15 as r15_faults
from gponline_sdk.reference.tool.faults import round16 as r16_faults
from gponline_sdk.reference.tool.faults import round17 as r17_faults
from gponline_sdk.reference.tool.faults import text as text_faults
from gponline_sdk.reference.tool.inputs import (
    LOOSE_READS,
    instant_problem,
    loosen,
    misspelt,
    refusal,
)
from gponline_sdk.reference.tool.outcomes import Outcomes
from gponline_sdk.serde import from_json, to_json, unstructure

__all__ = ["PRACTICE_CODE", "SUPPLIER_ID", "ReferenceTool"]

log = logging.getLogger(__name__)
T = TypeVar("T")

PRACTICE_CODE = "A81001"
SAFEGUARD = (
    "Do not use this form for an emergency or anything urgent: call 999, or use NHS 111 "
    "online or call 111 if you need help today."
)
SYMPTOM_CHECKER = "https://111.nhs.uk/"
# The words a faulty keyword triage takes for red flags (fault redirects-symptom-words-to-111).
_SYMPTOM_WORDS = re.compile(r"pain|fever|temperature|rash|bleed|breath|cough", re.IGNORECASE)
_MEDIA_TYPES = ("image/jpeg", "image/png")
_DAILY_CAP = 20
# What a tool that sends medicines elsewhere takes for a medication query
# (fault refuses-medication-queries).
_MEDICATION_WORDS = re.compile(
    r"\b(?:prescriptions?|repeat|inhaler|doses?|micrograms)\b|\d\s?mg\b", re.IGNORECASE
)
_BUSY = 50  # requests in a day that fault redirects-when-busy takes for busy
_Json = tuple[int, bytes]


# Letters NFKD does not split into a base letter and an accent (fault ascii-folds-names).
_UNSPLIT = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "ß": "ss"})


def _ascii_folded(name: str) -> str:
    """`name` as a tool that stores names in ASCII keeps it: Zoë as Zoe, Łukasz as Lukasz."""
    split = unicodedata.normalize("NFKD", name.translate(_UNSPLIT))
    return split.encode("ascii", "ignore").decode("ascii")


class ReferenceTool(ToolChannels):
    """A tool that implements the whole contract, or breaks one requirement on purpose.

    Args:
        fault: One of `FAULTS`, or None for the conformant tool.

    Raises:
        ValueError: for an unknown fault name.
    """

    def __init__(self, fault: str | None = None) -> None:
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault mode {fault!r}; known: {', '.join(FAULTS)}")
        self.fault = fault
        self._lock = threading.Lock()
        self._clock: datetime | None = None
        self._key = secrets.token_bytes(32)  # keys the usage pseudonyms, per instance
        self._prefix = secrets.token_hex(3).upper()
        self._serial = 0
        self._requests: dict[str, ConsultationRequest] = {}
        self._per_day: dict[date, int] = {}
        self._caps = tool_hours.Caps()
        self._replays = tool_hours.Replays()
        self._video: dict[str, VideoSession] = {}
        self._joined: dict[str, set[Participant]] = {}
        self._booked_at: dict[str, datetime] = {}  # when each video session was booked
        self._first_read: dict[str, datetime] = {}  # when the practice first read a request
        self._forgetful: OrderedDict[str, str] = OrderedDict()  # the LRU fault's record IDs
        self._messages: dict[str, SecureMessage] = {}
        self._root: dict[str, str] = {}
        self._thread_reads: dict[str, tuple[SecureMessage, ...]] = {}  # stale_faults' cache
        self._contacts: dict[str, ContactDetailsUpdate] = {}
        self._outcomes = Outcomes()
        self._presence: dict[str, dict[Participant, datetime]] = {}  # round-15 presence fault
        self._proxy_names: dict[str, Requester] = {}  # round-15 proxies-by-name fault
        self._closed_tries: dict[str, datetime] = {}  # round-16 came-back fault
        self._seeded_ids = r16_faults.SeededIds()  # round-16 seeded-UUID fault
        self._archived: set[str] = set()  # state_faults: out of the practice's view
        self._routes: list[tuple[str, re.Pattern[str], Callable[..., _Json]]] = [
            ("GET", re.compile(r"/test/environment"), self._environment),
            ("PUT", re.compile(r"/test/clock"), self._set_clock),
            ("DELETE", re.compile(r"/test/clock"), self._release_clock),
            ("GET", re.compile(r"/capabilities"), self._capabilities),
            ("GET", re.compile(r"/availability"), self._availability),
            ("POST", re.compile(r"/requests"), self._submit),
            ("GET", re.compile(r"/practice/requests/([^/]+)"), self._practice_request),
            ("POST", re.compile(r"/practice/requests/([^/]+)/outcome"), self._record_outcome),
            ("GET", re.compile(r"/requests/([^/]+)/status"), self._request_status),
            ("POST", re.compile(r"/video/sessions"), self._schedule_video),
            ("GET", re.compile(r"/video/sessions/([^/]+)"), self._video_session),
            ("POST", re.compile(r"/video/sessions/([^/]+)/join"), self._join_video),
            ("POST", re.compile(r"/messages"), self._send_message),
            ("GET", re.compile(r"/messages"), self._thread),
            ("POST", re.compile(r"/contact-details"), self._update_contact),
            ("GET", re.compile(r"/practice/contact-details/([^/]+)"), self._practice_contact),
            ("GET", re.compile(r"/usage"), self._usage),
        ]

    # -- plumbing ---------------------------------------------------------------------------

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        """Answer one request of the tool contract: `(status, JSON body)`."""
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        known_path = False
        for route_method, pattern, handler in self._routes:
            match = pattern.fullmatch(parts.path)
            if match is None:
                continue
            known_path = True
            if route_method != method:
                continue
            if r11_faults.overflows(self.fault, parts.path, body):
                return 500, to_json(ErrorBody(message="Internal Server Error"))
            try:
                with self._lock:
                    refs = (r7b_faults.path_reference(self.fault, g) for g in match.groups())
                    status, payload = handler(*refs, query=query, body=body)
                return status, misspelt(self.fault, method, parts.path, payload)
            except Reject as exc:
                return exc.status, to_json(exc.body)
        if known_path:
            return 405, to_json(ErrorBody(message=f"{method} is not allowed here"))
        return 404, to_json(ErrorBody(message="no such operation in the tool contract"))

    def _read(self, body: bytes | None, cls: type[T]) -> T:
        if body is None or not body.strip():
            raise Reject(400, "a JSON request body is required")
        if self.fault == "500-on-malformed":
            try:
                orjson.loads(body)
            except orjson.JSONDecodeError:
                raise Reject(500, "Internal Server Error") from None
        if self.fault in LOOSE_READS:
            body = loosen(self.fault, body, cls, PRACTICE_CODE)
        body = schema_faults.read(self.fault, body, cls)
        body = r7a_faults.read(self.fault, body, cls)
        body = r8b_faults.read(self.fault, body, cls.__name__ == "ContactDetailsSubmission")
        body = r9a_faults.read(self.fault, body, cls)
        body = r11_faults.read(self.fault, body, cls.__name__)
        body = r13_faults.read(self.fault, body, cls.__name__)
        body = r14_faults.read(self.fault, body, cls.__name__)
        body = r15_faults.read(self.fault, body, cls.__name__)
        body = r17_faults.read(self.fault, body, cls.__name__)
        minus_zero = r15_faults.instant_refusal(self.fault, body)
        if minus_zero is not None:
            raise Reject(400, f"the request body is not a {cls.__name__}", (minus_zero,))
        refused = r13_faults.refusal(self.fault, body, cls.__name__)
        if refused is not None:
            raise Reject(400, f"the request body is not a {cls.__name__}", (refused,))
        instant = instant_problem(self.fault, body, cls)  # the SDK's parser reads 10:30Z too
        if instant is not None:
            shown = () if self.fault == "error-without-field" else (instant,)
            raise Reject(400, f"the request body is not a {cls.__name__}", shown)
        try:
            # The NHS number as typed: the practice sees it as sent (digits would do too).
            return views.as_typed(from_json(body, cls, subject="request body"), body)
        except ValidationError as exc:
            # error-without-field: a 400 that does not say which field is wrong.
            problems = () if self.fault == "error-without-field" else exc.problems
            problems = r9s_faults.quoted(self.fault, body, problems)
            raise Reject(400, f"the request body is not a {cls.__name__}", problems) from None

    def _check_practice(self, code: OdsCode) -> None:
        if code != PRACTICE_CODE:
            raise Reject(
                400,
                "this test environment serves one practice",
                (Problem(location="$.practice_code", message=f"expected {PRACTICE_CODE}"),),
            )

    def _next_reference(self, kind: str) -> str:
        self._serial += 1
        return f"{kind}-{self._prefix}-{self._serial:06d}"

    def _now(self) -> datetime:
        return self._clock or datetime.now(timezone.utc)

    def connection_opened(self) -> None:
        """A client opened a new connection (the HTTP server, or `InProcessTarget`).

        The clean tool's test clock holds on every connection; fault
        test-clock-cleared-on-new-connection drops it whenever one opens.
        """
        if r7a_faults.clears_clock(self.fault):
            with self._lock:
                self._clock = None

    @staticmethod
    def _ok(obj: Any, status: int = 200) -> _Json:
        return status, to_json(obj)

    # -- hours --------------------------------------------------------------------------------

    def _is_open(self, now: datetime) -> bool:
        local = now.astimezone(CORE_HOURS.zone)
        if self.fault == "closed-at-lunch" and time(12, 30) <= local.time() < time(13, 30):
            return False
        if self.fault == "open-on-bank-holidays":
            return local.weekday() < 5 and CORE_HOURS.start <= local.time() < CORE_HOURS.end
        if tool_hours.closure(self.fault, local) is not None or r8a_faults.closed_after_busy(
            self.fault, local, self._per_day
        ):
            return False
        works = tool_hours.working_day(self.fault, local.date())
        if works is not None:
            return works and CORE_HOURS.start <= local.time() < CORE_HOURS.end
        return CORE_HOURS.is_open_at(now)

    def _next_opening(self, now: datetime) -> datetime:
        local = now.astimezone(CORE_HOURS.zone)
        lunch = time(12, 30) <= local.time() < time(13, 30) and CORE_HOURS.is_open_at(now)
        if self.fault == "closed-at-lunch" and lunch:
            return datetime.combine(local.date(), time(13, 30), tzinfo=CORE_HOURS.zone)
        faulty = tool_hours.closure(self.fault, local) or tool_hours.next_opening(self.fault, local)
        return faulty or CORE_HOURS.next_opening(now)

    def _closing_today(self, now: datetime) -> datetime:
        local = now.astimezone(CORE_HOURS.zone)
        return datetime.combine(local.date(), CORE_HOURS.end, tzinfo=CORE_HOURS.zone)

    # -- test environment -------------------------------------------------------------------

    def _environment(self, **_: Any) -> _Json:
        return self._ok(
            TestEnvironment(practice_code=PRACTICE_CODE, supplier_id=SUPPLIER_ID, now=self._now())
        )

    def _set_clock(self, *, body: bytes | None, **_: Any) -> _Json:
        clock = self._read(body, TestClock)
        year = clock.now.astimezone(timezone.utc).year
        if not FIRST_YEAR < year < LAST_YEAR:
            problem = Problem(
                location="$.now", message=f"must be in {FIRST_YEAR + 1}-{LAST_YEAR - 1}"
            )
            raise Reject(400, "the test clock is outside the supported calendar", (problem,))
        self._clock = clock.now
        return self._ok(TestClock(now=clock.now, frozen=True))

    def _release_clock(self, **_: Any) -> _Json:
        self._clock = None
        return self._ok(TestClock(now=self._now(), frozen=False))

    # -- patient side -----------------------------------------------------------------------

    def _capabilities(self, **_: Any) -> _Json:
        answer = self._ok(
            ToolCapabilities(
                tool_name="gponline-sdk reference tool",
                tool_version=__version__,
                request_categories=tool_hours.declared_categories(self.fault),
                channels=tool_hours.declared_channels(self.fault, views.channels(self.fault)),
                photo_upload=True,
                accepted_media_types=_MEDIA_TYPES,
                out_of_hours=OutOfHoursBehaviour.ACCEPTS_FOR_NEXT_WORKING_DAY
                if self._accepts_out_of_hours()
                else OutOfHoursBehaviour.CLOSED_WITH_NEXT_OPENING,
                urgent_use_safeguard=SAFEGUARD,
                symptom_checker_url=SYMPTOM_CHECKER,
            )
        )
        return r9s_faults.capabilities(self.fault, answer)

    def _availability(self, **_: Any) -> _Json:
        now = self._now()
        is_open = self._is_open(now)
        # next-opening-while-open: tomorrow's opening shown while open (contract: null).
        nxt = (
            None if is_open and self.fault != "next-opening-while-open" else self._next_opening(now)
        )
        message = (
            "Open: send your request and we will tell you today how it will be handled."
            if is_open
            else f"Closed now. We open again at {nxt:%H:%M on %A %d %B}."
        )
        return self._ok(
            Availability(
                now=now,
                open_now=is_open,
                message=message,
                next_opening=nxt,
                urgent_use_safeguard=None if self.fault == "no-safeguard" else SAFEGUARD,
                symptom_checker_url=None if self.fault == "no-symptom-checker" else SYMPTOM_CHECKER,
                redirect_url=SYMPTOM_CHECKER
                if is_open
                and (
                    self.fault == "redirects-to-111"
                    or self._busy(now)
                    or tool_hours.redirects(self.fault, now.astimezone(CORE_HOURS.zone))
                )
                else None,
            )
        )

    def _busy(self, now: datetime) -> bool:
        """Fault redirects-when-busy: 50 requests today count as busy (NHS 111 instead)."""
        day = now.astimezone(CORE_HOURS.zone).date()
        return self.fault == "redirects-when-busy" and self._per_day.get(day, 0) >= _BUSY

    def _duplicate(self, sub: RequestSubmission, now: datetime) -> bool:
        """Fault refuses-duplicate-submissions: the same request within ten minutes."""
        return self.fault == "refuses-duplicate-submissions" and any(
            r.patient == sub.patient
            and r.category is sub.category
            and r.description == sub.description
            and timedelta(0) <= now - r.submitted_at < timedelta(minutes=10)
            for r in self._requests.values()
        )

    def _state_refusal(self, sub: RequestSubmission, now: datetime, ooh: bool) -> _Json | None:
        """A state fault's refusal: a day's storage or photo quota (round 6, 16), or 111."""
        day = now.astimezone(CORE_HOURS.zone).date()
        if state_faults.storage_full(self.fault, sub, day, self._requests.values()):
            return self._closed(now, "We have reached today's limit of online requests.")
        capped = r16_faults.day_refusal(self.fault, sub, day, self._requests.values())
        if capped == 409:
            return self._closed(now, "We are catching up after the bank holiday.")
        if capped is not None:
            raise Reject(capped, "Service Unavailable")
        if not ooh and state_faults.refuses_script(self.fault, sub):
            text = f"Please use NHS 111 online ({SYMPTOM_CHECKER}), which has interpreters."
            return self._ok(ClosedResponse(message=text, next_opening=now), 409)
        return None

    def _turned_away(
        self, sub: RequestSubmission, now: datetime, out_of_hours: bool
    ) -> _Json | None:
        """A faulty tool's 409 sending a core-hours request to NHS 111 (round 8), or others'."""
        ruled = (
            None
            if out_of_hours
            else r11_faults.turned_away(self.fault, sub, now, self._requests.values())
            or r13_faults.turned_away(self.fault, sub, now)
        )
        if ruled is not None and ruled[0] != 409:
            return self._ok(ErrorBody(message=ruled[1]), ruled[0])
        away = (
            None
            if out_of_hours
            else r8a_faults.sent_to_111(self.fault, sub, now, self._requests, self._outcome_kind)
            or r9a_faults.dose_refusal(self.fault, sub)
            or r10_faults.photo_pause(self.fault, sub, now)
            or r14_faults.sent_to_111(self.fault, sub)
            or (None if ruled is None else ruled[1])
        )
        return (
            None if away is None else self._ok(ClosedResponse(message=away, next_opening=now), 409)
        )

    def _answered_otherwise(
        self, sub: RequestSubmission, body: bytes, now: datetime, out_of_hours: bool
    ) -> _Json | None:
        """A faulty tool's answer to a request it should accept: refused, replayed, 500."""
        if self._duplicate(sub, now):
            return self._closed(now, "We have this request already.")
        refused = contact_faults.request_proxy_refusal(self.fault, sub, now)
        if refused is not None:
            return self._ok(refused, 422)
        young = r15_faults.request_refusal(self.fault, sub, now.astimezone(CORE_HOURS.zone).date())
        if young is not None:
            raise Reject(400, "the request is not valid", (young,))
        if (
            self.fault == "refuses-medication-queries"
            and not out_of_hours
            and _MEDICATION_WORDS.search(sub.description)
        ):
            return self._closed(now, "For medicines, please use the NHS App or your pharmacy.")
        replayed = self._replays.replayed(self.fault, body, now, sub)
        if replayed is not None:
            return 201, replayed  # the earlier request's acknowledgement: this one is lost
        if self._caps.overflows(self.fault, now.astimezone(CORE_HOURS.zone).date()):
            raise Reject(500, "Internal Server Error")
        if (
            self.fault == "redirects-without-nhs-number-to-111"
            and not out_of_hours
            and sub.category.request_type is RequestType.CLINICAL
            and sub.patient.nhs_number is None
        ):
            # "Not registered here": a clinical need without an NHS number sent to NHS 111.
            text = f"We cannot find you: please use NHS 111 online ({SYMPTOM_CHECKER}) or call 111."
            return self._ok(ClosedResponse(message=text, next_opening=now), 409)
        return None

    def _submit(self, *, body: bytes | None, **_: Any) -> _Json:
        sub = self._read(body, RequestSubmission)
        self._check_practice(sub.practice_code)
        if sub.follows_up is not None and sub.follows_up not in self._requests:
            problem = Problem(location="$.follows_up", message="no earlier request has it")
            raise Reject(400, "a follow-up must name an earlier request", (problem,))
        refused = (
            refusal(self.fault, body or b"")
            or tool_hours.category_refusal(self.fault, sub)
            or views.refusal(self.fault, sub, self._now(), self._requests)
            or text_faults.refusal(self.fault, sub)
            or schema_faults.request_refusal(self.fault, sub)
        )
        if refused is not None:
            raise Reject(400, "the request is not valid", (refused,))
        for i, attachment in enumerate(sub.attachments):
            if attachment.media_type not in _MEDIA_TYPES:
                problem = Problem(location=f"$.attachments[{i}].media_type", message="not accepted")
                raise Reject(400, "attachment type not accepted", (problem,))
        now = self._now()
        out_of_hours = not self._is_open(now)
        if (
            out_of_hours
            and not self._accepts_out_of_hours()
            and not state_faults.bypasses_closed(self.fault, sub)
            and not r7a_faults.bypasses_closed(self.fault, sub)
        ):
            r16_faults.remember_closed(self.fault, self._closed_tries, sub, now)
            return self._closed(now, "We are closed now.")
        if not out_of_hours and (
            self._busy(now) or tool_hours.redirects(self.fault, now.astimezone(CORE_HOURS.zone))
        ):
            # While it redirects, the form is replaced by the hand-over: requests are refused.
            return self._closed(now, "Please use NHS 111 online instead.")
        day = now.astimezone(CORE_HOURS.zone).date()
        if self.fault == "caps-requests-at-20" and self._per_day.get(day, 0) >= _DAILY_CAP:
            return self._closed(now, "We have reached today's limit of online requests.")
        if (
            self._caps.refuses(self.fault, sub, day)
            or cap_faults.refuses(self.fault, sub, day, self._requests.values())
            or r8a_faults.capped(self.fault, sub, now, self._requests)
        ):
            return self._closed(now, "We have reached today's limit of online requests.")
        answered = (
            self._state_refusal(sub, now, out_of_hours)
            or self._turned_away(sub, now, out_of_hours)
            or self._answered_otherwise(sub, body or b"", now, out_of_hours)
        )
        if answered is not None:
            return answered
        reference = self._next_reference("OC")
        try:
            request = sub.as_request(reference=reference, submitted_at=now)
        except ValidationError as exc:
            raise Reject(400, "the request is not valid", exc.problems) from None
        self._requests[reference] = request
        tool_hours.evict(self.fault, self._requests)
        self._per_day[day] = self._per_day.get(day, 0) + 1
        self._caps.count(sub, day)
        respond_by = self._closing_today(self._next_opening(now) if out_of_hours else now)
        if self.fault == "late-respond-by":
            respond_by = now + timedelta(days=14)
        respond_by = cap_faults.respond_by(self.fault, sub, now, respond_by, self._per_day[day] - 1)
        respond_by = r16_faults.respond_by(self.fault, sub, now, respond_by)
        # received_at to the minute: a tool that stamps requests with a minute-level clock.
        received_at = now
        if self.fault == "received-at-to-the-minute":
            received_at = now.replace(second=0, microsecond=0)
        ack = Acknowledgement(
            reference=reference,
            received_at=received_at,
            respond_by=respond_by,
            message=r17_faults.ack_message(
                self.fault,
                r16_faults.ack_message(
                    self.fault,
                    cap_faults.ack_message(
                        self.fault,
                        r13_faults.ack_message(
                            self.fault,
                            r8a_faults.ack_message(
                                self.fault,
                                r7a_faults.ack_message(
                                    self.fault, self._ack_message(sub, respond_by), respond_by
                                ),
                                reference,
                            ),
                            reference,
                        ),
                        self._per_day[day],
                    ),
                    sub,
                    reference,
                ),
                sub,
                reference,
                respond_by,
            ),
        )
        self._replays.remember(self.fault, body or b"", now, to_json(ack), sub)
        self._outcomes.acknowledged(self.fault, ack)
        return self._ok(ack, 201)

    def _record_outcome(self, reference: str, *, body: bytes | None, **_: Any) -> _Json:
        sub = r8a_faults.outcome_message(self.fault, self._read(body, OutcomeSubmission))
        # Only the overwriting fault reads which requests were triaged before: a scan of every
        # request per outcome is the self-test's cost otherwise.
        triaged = (
            {ref for ref in self._requests if self._outcomes.status(None, ref).outcome is not None}
            if self.fault == "outcome-proxy-overwrites-patient"
            else set()
        )
        recorded = self._outcomes.record(self.fault, reference, sub, self._now())
        for other in r8a_faults.overwritten(self.fault, reference, self._requests, triaged):
            self._outcomes.record(self.fault, other, sub, self._now())  # "close them all"
        if state_faults.archives(self.fault, recorded.kind):
            self._archived.add(reference)  # a triage list that archives closed rows
        return self._ok(recorded, 201)

    def _request_status(self, reference: str, **_: Any) -> _Json:
        reference = r16_faults.lookup(self.fault, reference, self._requests)
        request = self._requests.get(reference)
        if r7a_faults.status_hidden(self.fault, request) or r8a_faults.status_expired(
            self.fault, request, self._now()
        ):
            raise Reject(404, "no request has this reference")
        status = self._outcomes.status(self.fault, reference)
        status = r9a_faults.status_shown(self.fault, status, self._now())
        status = r11_faults.conversation_received_at(
            self.fault, status, self._requests, lambda ref: self._outcomes.status(None, ref)
        )
        parent = r7a_faults.status_from_parent(self.fault, request)
        if parent is not None and status.outcome is None:
            shown = self._outcomes.status(self.fault, parent)
            if shown.outcome is not None:  # the conversation's outcome, on each of its requests
                outcome = attrs.evolve(shown.outcome, request_reference=reference)
                status = attrs.evolve(status, outcome=outcome, message=shown.message)
        message = r16_faults.status_message(self.fault, status.message)
        code, shown_status = self._ok(attrs.evolve(status, message=message))
        return code, r14_faults.status_view(self.fault, shown_status)

    def _outcome_kind(self, reference: str) -> OutcomeKind | None:
        outcome = self._outcomes.status(None, reference).outcome
        return None if outcome is None else outcome.kind

    def _ack_message(self, sub: RequestSubmission, respond_by: datetime) -> str:
        """The acknowledgement's words to the patient, as the tool (or its fault) says them."""
        message = f"Thank you. We will tell you by {respond_by:%H:%M on %d %B} how we will help."
        message = r14_faults.ack_dated(self.fault, message, respond_by)
        if self.fault == "no-acknowledgement-time":
            message = "Thank you for your request."
        if self.fault == "ack-time-in-utc":
            # The server's UTC clock time, no date: an hour early for a patient in summer.
            message = f"Thank you. We will tell you by {respond_by.astimezone(timezone.utc):%H:%M}."
        if (
            self.fault == "ack-question-name-unrendered"
            and sub.category is RequestCategory.ASK_QUESTION
        ):
            # A per-category template whose placeholder was never filled in.
            message = "Dear {{patient_name}}, " + message
        if self.fault == "redirects-to-111" and sub.category.request_type is RequestType.CLINICAL:
            message += " For this kind of need please use NHS 111 online or call 111 instead."
        if self.fault == "redirects-symptom-words-to-111" and _SYMPTOM_WORDS.search(
            sub.description
        ):
            # A keyword triage that takes everyday symptoms for emergencies.
            message += " Your symptoms may need urgent care: please call 111 now."
        message += r14_faults.ack_line(self.fault, sub)
        message += r15_faults.ack_line(self.fault, sub, self._outcome_kind)
        message += r16_faults.came_back_line(self.fault, self._closed_tries, sub, self._now())
        return message + r12_faults.child_111_line(self.fault, sub, self._now())

    def _closed(self, now: datetime, why: str) -> _Json:
        nxt = self._next_opening(now)
        if why.startswith("We have reached"):
            nxt = datetime.combine(
                CORE_HOURS.next_working_day(now.astimezone(CORE_HOURS.zone).date()),
                CORE_HOURS.start,
                tzinfo=CORE_HOURS.zone,
            )
        day = r9a_faults.weekday_shown(self.fault, nxt, now)
        said = r11_faults.opening_shown(self.fault, nxt)
        words = r15_faults.opening_words(self.fault, nxt, now)
        text = (
            f"{why} You can send a request from {said:%H:%M} on "
            f"{r12_faults.opening_date_words(self.fault, nxt, day, now)}. {SAFEGUARD}"
            if words is None
            else f"{why} You can send a request from {said:%H:%M} {words}. {SAFEGUARD}"
        )
        return self._ok(ClosedResponse(message=text, next_opening=nxt), 409)

    # -- practice side ------------------------------------------------------------------------

    def _practice_request(self, reference: str, **_: Any) -> _Json:
        reference = r9a_faults.practice_reference(self.fault, reference, self._requests)
        reference = r16_faults.lookup(self.fault, reference, self._requests)
        request = self._requests.get(reference)
        if request is None or reference in self._archived:
            raise Reject(404, "no request has this reference")
        self._first_read.setdefault(reference, self._now())
        seen = unstructure(request)
        if self.fault == f"drops-category-{request.category.value}":
            # The practice's inbox files the request under another category.
            other = RequestCategory.ADMINISTRATIVE_REQUEST
            if request.category is other:
                other = RequestCategory.ASK_QUESTION
            seen["category"] = other.value
        if self.fault == "drops-proxy-details":
            seen["requester"] = unstructure(Requester(role=RequesterRole.PATIENT))
        if self.fault == "loses-follow-up-link" and request.follows_up is not None:
            seen["category"], seen["follows_up"] = RequestCategory.ASK_QUESTION.value, None
        if self.fault == "drops-attachments":
            seen["attachments"] = []
        if self.fault == "keeps-first-attachment-only":
            seen["attachments"] = seen["attachments"][:1]
        if self.fault == "ascii-folds-names":
            for name in ("given_name", "family_name"):
                seen["patient"][name] = _ascii_folded(seen["patient"][name])
        if self.fault == "mangles-non-latin1-text":
            # A Latin-1 column: what it cannot hold becomes '?'.
            seen["description"] = seen["description"].encode("latin-1", "replace").decode("latin-1")
        if self.fault == "drops-contact-address" and (
            request.contact.email or request.contact.phone
        ):
            seen["contact"]["address_lines"], seen["contact"]["postcode"] = [], None
        seen["description"] = r15_faults.practice_description(self.fault, seen["description"])
        seen["category"] = r16_faults.practice_category(self.fault, request) or seen["category"]
        lines = seen["contact"]["address_lines"]
        seen["contact"]["address_lines"] = r16_faults.address_lines(self.fault, lines)
        views.practice_view(self.fault, request, seen, self._requests)
        text_faults.practice_view(self.fault, request, seen, self._requests)
        r7a_faults.contact_from_update(self.fault, request, seen, self._contacts.values())
        schema_faults.practice_view(self.fault, seen)
        return 200, orjson.dumps(seen)
