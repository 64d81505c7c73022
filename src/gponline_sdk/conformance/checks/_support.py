"""What the checks share: canary patients, the test clock, reading replies.

Canaries are synthetic and unique to the check that made them: names with
random letters, NHS numbers from the 999 test range, free text with a random
marker, so the usage-data checks can tell whether any of them leaked. They
vary as real patients' details do (`_canary_values`), so a tool that folds,
mangles or refuses real patients' data fails.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from typing import Any, TypeVar

import attrs

from gponline_sdk.conformance.checks import _canary_values as values
from gponline_sdk.conformance.contract import RequestSubmission, TestEnvironment
from gponline_sdk.conformance.core import CheckContext, CheckError, CheckFailed
from gponline_sdk.conformance.target import BadResponse, Reply, ToolTarget
from gponline_sdk.errors import TargetUnreachable, ValidationError
from gponline_sdk.models import (
    CORE_HOURS,
    Acknowledgement,
    ConsultationRequest,
    ContactDetails,
    ContactMethod,
    NhsNumber,
    PatientDetails,
    RequestCategory,
    Requester,
    RequesterRole,
    ToolCapabilities,
)
from gponline_sdk.serde import from_json, to_json

__all__ = [
    "MUST_CATEGORIES",
    "Canaries",
    "Offered",
    "capabilities_or_none",
    "categories_to_send",
    "clock_at",
    "differences",
    "expect_same",
    "failures_of",
    "london",
    "offered",
    "offered_by",
    "require",
    "require_harness",
    "submit_and_view",
    "target_of",
]

T = TypeVar("T")


def london(d: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """An aware instant at a Europe/London wall-clock time."""
    return datetime.combine(d, time(hour, minute, second), tzinfo=CORE_HOURS.zone)


def target_of(ctx: CheckContext) -> ToolTarget:
    """The context's target, typed."""
    target: ToolTarget = ctx.target
    return target


def _refusal(reply: Reply[Any], what: str, status: int | None) -> str:
    got = f"HTTP {reply.status}"
    if reply.error is not None:
        # Where the tool says the body is wrong: for a valid body, what it wrongly refuses.
        where = ", ".join(p.location for p in reply.error.problems[:3])
        got += f" ({reply.error.message}{'; at ' + where if where else ''})"
    if reply.closed is not None:
        got += " (closed)"
    wanted = f"HTTP {status}" if status is not None else "success"
    return f"{what}: expected {wanted} with the contract's body, received {got}"


def require(reply: Reply[T], what: str, *, status: int | None = None) -> T:
    """The reply's value, or `CheckFailed` saying what was expected and what the tool answered.

    A refused test-harness operation (``reply.harness``: the test clock, the test
    environment) raises `CheckError` instead: the suite could not proceed.
    """
    if reply.value is not None and (status is None or reply.status == status):
        return reply.value
    if reply.harness:
        raise CheckError(_refusal(reply, what, status))
    raise CheckFailed(_refusal(reply, what, status))


def require_harness(reply: Reply[T], what: str) -> T:
    """Like `require`, for a test-harness operation: a refusal is `CheckError` (ERROR).

    The test clock and the test environment are what the suite needs to run at
    all; when they fail the suite could not proceed, and the tool has not been
    shown to break the requirement under test.
    """
    if reply.value is not None:
        return reply.value
    raise CheckError(_refusal(reply, what, None))


@contextlib.contextmanager
def failures_of(*requirements: str) -> Iterator[None]:
    """Say which of a check's requirements a failure in the block breaks.

    For checks that verify more than one: a category refused breaks the category's
    requirement, a request taken but altered breaks OC-ACCESS-01. A failure that
    already names its requirements keeps them.
    """
    try:
        yield
    except CheckFailed as exc:
        if exc.requirements:
            raise
        raise CheckFailed(str(exc), requirements=requirements) from None


@contextlib.contextmanager
def clock_at(ctx: CheckContext, now: datetime) -> Iterator[None]:
    """Freeze the tool's clock at `now` for the block, and release it afterwards."""
    target = target_of(ctx)
    require_harness(target.set_clock(now), "setting the test clock (PUT /test/clock)")
    try:
        yield
    finally:
        target.release_clock()


class Canaries:
    """Synthetic patients and text unique to one check in one run.

    Values vary as real patients' do (see `_canary_values`): names outside
    ASCII and Latin-1 and text with emoji and line breaks always; with
    `every_form`, NHS numbers, phones and emails rotate through every layout the
    contract allows, the least common first (`999 123 4567`, `+44 7700 ...`,
    `a.b+tag@mail.example.org`), so the check's first patient and contact use them.

    Args:
        ctx: The check's context (its seed makes the run reproducible).
        label: A word unique to the calling check.
        every_form: Rotate identifiers through every layout; for the checks whose
            requirement is that patients can send their details. Otherwise the
            common layout, so a tool that refuses one fails those checks only.
        on: The day the check's requests are sent. Given, patients take every age:
            the first a child under 5 (born this year where it can), the next over
            100, then any; otherwise adults, for checks whose clock is elsewhere.
    """

    def __init__(
        self, ctx: CheckContext, label: str, *, every_form: bool = False, on: date | None = None
    ) -> None:
        self._rng = random.Random(f"{ctx.seed}:{label}")  # noqa: S311 - test data, not crypto
        # The runner's context masks values registered this way in all evidence.
        self._sensitive = getattr(ctx, "sensitive", None)
        self._turns = {"nhs": 0, "phone": 0, "email": 0, "postcode": 0, "age": 0, "household": 0}
        self._on = on
        self._every_form = every_form
        self.environment: TestEnvironment = require_harness(
            target_of(ctx).environment(), "reading the test environment (GET /test/environment)"
        )
        self.issued: list[str] = []
        """Every identifier and free text handed out, for leak scans."""

    @property
    def rng(self) -> random.Random:
        """The canaries' seeded random source, for other test data of the check."""
        return self._rng

    def _turn(self, kind: str) -> int | None:
        if not self._every_form:
            return None
        turn = self._turns[kind]
        self._turns[kind] = turn + 1
        return turn

    def issue(self, *values: str) -> None:
        """Remember values handed out (for leak scans) and have the runner mask them."""
        self.issued += values
        if self._sensitive is not None:
            self._sensitive(*values)

    def word(self, length: int = 10) -> str:
        """A random capitalised ASCII word, e.g. `Qzkvbrhmxa`."""
        return values.word(self._rng, length)

    def nhs_number(self) -> NhsNumber:
        """A valid NHS number from the synthetic 999 range, in the next layout it may take.

        The value is a `TypedNhsNumber`: it goes on the wire as typed (`999 123 4567`,
        `999-123-4567` or, the common layout, `9991234567`); a model built from it
        holds the digits.
        """
        number = values.nhs_number(self._rng, self._turn("nhs"))
        # Both forms: a leak scan must find the number however the tool writes it.
        self.issue(str(number), str(NhsNumber(number)))
        return number

    def patient(self) -> PatientDetails:
        """A canary patient with a name, date of birth and NHS number (sent as typed)."""
        given, unique_given = values.given_name(self._rng)
        family, unique_family = values.family_name(
            self._rng, need_beyond_latin1=not values.beyond_latin1(given)
        )
        # The random parts too: they survive a name folded to ASCII or JSON-escaped.
        self.issue(given, family, unique_given, unique_family)
        age_turn = self._turns["age"] if self._on is not None else None
        self._turns["age"] += 1
        born = values.date_of_birth(self._rng, self._on or date.min, age_turn)
        number = self.nhs_number()
        patient = PatientDetails(
            given_name=given,
            family_name=family,
            date_of_birth=born,
            nhs_number=number,
        )
        # The model keeps the digits only; a form sends what the patient typed, so the
        # typed layout goes back in (`differences` compares the digits the models read).
        object.__setattr__(patient, "nhs_number", number)
        return patient

    def contact(self, *, full: bool = False, phone: bool = False) -> ContactDetails:
        """Contact details: an email; with `phone` a phone too; with `full` also an address."""
        email = values.email_address(self._rng, self._turn("email"))
        self.issue(email)
        if not (full or phone):
            return ContactDetails(email=email)
        number, national = values.phone_number(self._rng, self._turn("phone"))
        self._turns["household"] += full
        landline = full and self._turns["household"] % 3 == 0
        if landline:
            # Every third household gives its landline and prefers texts all the same (the
            # patient's choice: a tool may not turn it into a reason to go elsewhere).
            number, national = values.landline(national)
        self.issue(number, national)
        if not full:
            return ContactDetails(email=email, phone=number)
        street = f"{self._rng.randrange(1, 300)} {self.word()} Street"
        self.issue(street)
        # Postcodes as patients type them, with and without the space (the contract takes
        # both), and how they want an answer: a tool may change neither.
        postcodes = ("LS14AP", "LS1 4AP", "SW1A 1AA", "M11AE")
        turn = self._turns["postcode"]
        self._turns["postcode"] = turn + 1
        return ContactDetails(
            email=email,
            phone=number,
            address_lines=(f"Flat {self._rng.randrange(1, 40)}", street, "Leeds"),
            postcode=postcodes[turn % len(postcodes)] if self._every_form else "LS1 4AP",
            preferred=ContactMethod.TEXT_MESSAGE
            if landline
            else self._rng.choice(list(ContactMethod)),
        )

    def text(self, what: str) -> str:
        """Free text with a unique marker, characters outside Latin-1 and line breaks."""
        marker = f"canary-{self.word(12).lower()}"
        self.issue(marker)
        return values.free_text(self._rng, what, marker)

    def submission(
        self,
        category: RequestCategory,
        *,
        patient: PatientDetails | None = None,
        requester: Requester | None = None,
        full_contact: bool = False,
        phone: bool = False,
        **extra: Any,
    ) -> RequestSubmission:
        """A request of `category` from a canary patient (or `patient`) at the test practice.

        The contact is an email, with a phone for `phone`, and an address too for
        `full_contact` (see `contact`); `extra` goes to `RequestSubmission`.
        """
        return RequestSubmission(
            practice_code=self.environment.practice_code,
            category=category,
            patient=patient or self.patient(),
            requester=requester or Requester(role=RequesterRole.PATIENT),
            contact=self.contact(full=full_contact, phone=phone),
            description=self.text(f"Conformance suite request: {category.value}"),
            **extra,
        )


def submit_and_view(
    ctx: CheckContext, submission: RequestSubmission, what: str
) -> tuple[Acknowledgement, ConsultationRequest, ConsultationRequest]:
    """Submit a request, then read it as the practice sees it.

    Returns:
        The acknowledgement, what the practice sees, and what it should see.
    """
    target = target_of(ctx)
    ack = require(target.submit_request(submission), f"submitting {what}", status=201)
    seen = require(target.practice_request(ack.reference), f"the practice reading {what}")
    expected = submission.as_request(reference=ack.reference, submitted_at=ack.received_at)
    return ack, seen, expected


def _as_read(value: Any) -> Any:
    """`value` as the models read it from the wire: what a tool may normalise, normalised.

    The contract lets a tool keep an NHS number as digits whatever layout was
    sent (the models do); nothing else is normalised, so nothing else may differ.
    """
    if not attrs.has(type(value)):
        return value
    try:
        return from_json(to_json(value), type(value))
    except ValidationError:
        return value


def _char(c: str) -> str:
    # A code point, and the character unless it is a digit (a digit of an NHS number
    # or phone tells nothing alone, but the code point says as much).
    return f"U+{ord(c):04X}" if c.isdigit() else f"{c!r} (U+{ord(c):04X})"


def _how(seen: Any, expected: Any) -> str:
    """How two values differ, never quoting more than one character of either."""
    if isinstance(seen, str) and isinstance(expected, str):
        at = next(
            (i for i, (a, b) in enumerate(zip(seen, expected, strict=False)) if a != b),
            min(len(seen), len(expected)),
        )
        sent = _char(expected[at]) if at < len(expected) else "the end"
        got = _char(seen[at]) if at < len(seen) else "the end"
        return (
            f"expected the {len(expected)} characters sent, received {len(seen)}; "
            f"first difference at character {at + 1}: expected {sent}, received {got}"
        )
    if isinstance(seen, tuple | list) and isinstance(expected, tuple | list):
        if len(seen) != len(expected):
            return f"expected the {len(expected)} items sent, received {len(seen)}"
        return "expected the items sent, in the order sent; received others or another order"
    if seen is None or expected is None:
        return f"expected {'none' if expected is None else 'a value'}, received " + (
            "none" if seen is None else "a value"
        )
    return "expected the value sent, received another"


def _walk(seen: Any, expected: Any, prefix: str) -> list[tuple[str, Any, Any]]:
    if not (attrs.has(type(seen)) and type(seen) is type(expected)):
        return [(prefix.rstrip(".") or "value", seen, expected)] if seen != expected else []
    out: list[tuple[str, Any, Any]] = []
    for field in attrs.fields(type(seen)):
        a, b = getattr(seen, field.name), getattr(expected, field.name)
        if a != b:
            out += (
                _walk(a, b, f"{prefix}{field.name}.")
                if attrs.has(type(a))
                else [(f"{prefix}{field.name}", a, b)]
            )
    return out


def differences(seen: Any, expected: Any, prefix: str = "") -> list[str]:
    """Names of the fields (dotted, never values) where two attrs objects differ.

    Both are compared as the models read them from the wire, so an NHS number
    sent as `999 123 4567` and read back as `9991234567` is the same.
    """
    return [name for name, _, _ in _walk(_as_read(seen), _as_read(expected), prefix)]


def expect_same(ctx: CheckContext, seen: Any, expected: Any, what: str) -> None:
    """Fail naming the fields where the practice's view differs from what was sent, and how."""
    diff = _walk(_as_read(seen), _as_read(expected), "")
    details = "; ".join(f"{name}: {_how(a, b)}" for name, a, b in diff)
    ctx.expect(not diff, f"{what}: the practice sees different {details}")


MUST_CATEGORIES: frozenset[RequestCategory] = frozenset(
    {
        RequestCategory.SEEK_HEALTH_ADVICE,  # OC-CAT-01
        RequestCategory.CLINICAL_REQUEST,  # OC-CAT-05
        RequestCategory.ADMINISTRATIVE_REQUEST,  # OC-CAT-06
    }
)
"""The request categories a tool must offer; describe_symptoms, ask_question and follow_up
are SHOULDs (OC-CAT-02/03/04): a tool without one gets that SHOULD's warning, nothing more."""


@attrs.frozen
class Offered:
    """The request categories a check may send: every MUST one, and each SHOULD one declared.

    A check that sent a category the tool does not offer, and need not, would turn a
    SHOULD's warning into MUST failures (a refused follow-up failing the core-hours
    sweep). Read once per check (`offered`): one GET /capabilities.
    """

    categories: tuple[RequestCategory, ...]

    def only(
        self, candidates: Iterable[RequestCategory] = tuple(RequestCategory)
    ) -> list[RequestCategory]:
        """Of `candidates`, those the check may send, in order."""
        return [c for c in candidates if c in self.categories]

    def of(
        self, wanted: RequestCategory, instead: RequestCategory = RequestCategory.SEEK_HEALTH_ADVICE
    ) -> RequestCategory:
        """`wanted` if it may be sent, else `instead` (a MUST category)."""
        return wanted if wanted in self.categories else instead

    @property
    def follow_ups(self) -> bool:
        """Whether follow-ups may be sent (OC-CAT-04 is a SHOULD)."""
        return RequestCategory.FOLLOW_UP in self.categories


def capabilities_or_none(ctx: CheckContext) -> ToolCapabilities | None:
    """The tool's capabilities (one GET /capabilities), or None where they cannot be read.

    The capabilities checks judge the capabilities; other checks send what a tool
    that declared nothing must take.
    """
    try:
        reply = target_of(ctx).capabilities()
    except (BadResponse, TargetUnreachable):
        return None
    return reply.value if reply.status == 200 else None


def offered(ctx: CheckContext) -> Offered:
    """The categories the check may send (one GET /capabilities).

    Capabilities that cannot be read give every category: the capabilities checks
    judge the capabilities.
    """
    return offered_by(capabilities_or_none(ctx))


def offered_by(caps: ToolCapabilities | None) -> Offered:
    """The categories a check may send to a tool declaring `caps` (None: unread, all)."""
    every = tuple(RequestCategory)
    if caps is None:
        return Offered(every)
    declared = set(caps.request_categories)
    return Offered(tuple(c for c in every if c in MUST_CATEGORIES or c in declared))


def categories_to_send(
    ctx: CheckContext, candidates: Iterable[RequestCategory] = tuple(RequestCategory)
) -> list[RequestCategory]:
    """Of `candidates`, those a check may send (`offered`; one GET /capabilities a call)."""
    return offered(ctx).only(candidates)
