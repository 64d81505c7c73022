"""What the checks share: canary patients, the test clock, reading replies.

Canaries are synthetic and unique to the check that made them: names made of
random letters, NHS numbers from the 999 test range, free text with a random
marker, so the usage-data checks can tell whether any of them leaked.
"""

from __future__ import annotations

import contextlib
import random
import string
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any, TypeVar

import attrs

from gponline_sdk.conformance.contract import RequestSubmission, TestEnvironment
from gponline_sdk.conformance.core import CheckContext, CheckError, CheckFailed
from gponline_sdk.conformance.target import Reply, ToolTarget
from gponline_sdk.models import (
    CORE_HOURS,
    Acknowledgement,
    ConsultationRequest,
    ContactDetails,
    NhsNumber,
    PatientDetails,
    RequestCategory,
    Requester,
    RequesterRole,
    nhs_number_check_digit,
)

__all__ = [
    "Canaries",
    "clock_at",
    "differences",
    "expect_same",
    "london",
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
        got += f" ({reply.error.message})"
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

    Args:
        ctx: The check's context (its seed makes the run reproducible).
        label: A word unique to the calling check.
    """

    def __init__(self, ctx: CheckContext, label: str) -> None:
        self._rng = random.Random(f"{ctx.seed}:{label}")  # noqa: S311 - test data, not crypto
        # The runner's context masks values registered this way in all evidence.
        self._sensitive = getattr(ctx, "sensitive", None)
        self.environment: TestEnvironment = require_harness(
            target_of(ctx).environment(), "reading the test environment (GET /test/environment)"
        )
        self.issued: list[str] = []
        """Every identifier and free text handed out, for leak scans."""

    def issue(self, *values: str) -> None:
        """Remember values handed out (for leak scans) and have the runner mask them."""
        self.issued += values
        if self._sensitive is not None:
            self._sensitive(*values)

    def word(self, length: int = 10) -> str:
        """A random capitalised word, e.g. `Qzkvbrhmxa`."""
        letters = "".join(self._rng.choice(string.ascii_lowercase) for _ in range(length))
        return letters.capitalize()

    def nhs_number(self) -> NhsNumber:
        """A valid NHS number from the synthetic 999 range."""
        while True:
            first_nine = "999" + "".join(self._rng.choice(string.digits) for _ in range(6))
            check = nhs_number_check_digit(first_nine)
            if check is not None:
                number = NhsNumber(first_nine + str(check))
                self.issue(str(number))
                return number

    def patient(self) -> PatientDetails:
        """A canary patient with a name, date of birth and NHS number."""
        given, family = self.word(), self.word(12)
        self.issue(given, family)
        born = date(1940, 1, 1).toordinal() + self._rng.randrange(365 * 60)
        return PatientDetails(
            given_name=given,
            family_name=family,
            date_of_birth=date.fromordinal(born),
            nhs_number=self.nhs_number(),
        )

    def contact(self, *, full: bool = False) -> ContactDetails:
        """Contact details: an email, or with `full` a phone, address and postcode too."""
        email = f"{self.word().lower()}@example.invalid"
        self.issue(email)
        if not full:
            return ContactDetails(email=email)
        phone = "07700 9" + "".join(self._rng.choice(string.digits) for _ in range(5))
        street = f"{self._rng.randrange(1, 300)} {self.word()} Street"
        self.issue(phone, street)
        return ContactDetails(
            email=email,
            phone=phone,
            address_lines=(street, "Leeds"),
            postcode="LS1 4AP",
            preferred=None,
        )

    def text(self, what: str) -> str:
        """Free text with a unique marker in it."""
        marker = f"canary-{self.word(12).lower()}"
        self.issue(marker)
        return f"{what} ({marker}). Ünïcode & <markup> stay as typed."

    def submission(
        self,
        category: RequestCategory,
        *,
        patient: PatientDetails | None = None,
        requester: Requester | None = None,
        full_contact: bool = False,
        **extra: Any,
    ) -> RequestSubmission:
        """A request of `category` from a canary patient (or `patient`) at the test practice."""
        return RequestSubmission(
            practice_code=self.environment.practice_code,
            category=category,
            patient=patient or self.patient(),
            requester=requester or Requester(role=RequesterRole.PATIENT),
            contact=self.contact(full=full_contact),
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


def differences(seen: Any, expected: Any, prefix: str = "") -> list[str]:
    """Names of the fields (dotted, never values) where two attrs objects differ."""
    if not (attrs.has(type(seen)) and type(seen) is type(expected)):
        return [prefix or "value"] if seen != expected else []
    out: list[str] = []
    for field in attrs.fields(type(seen)):
        a, b = getattr(seen, field.name), getattr(expected, field.name)
        if a != b:
            out += (
                differences(a, b, f"{prefix}{field.name}.")
                if attrs.has(type(a))
                else [f"{prefix}{field.name}"]
            )
    return [d.rstrip(".") for d in out]


def expect_same(ctx: CheckContext, seen: Any, expected: Any, what: str) -> None:
    """Fail naming the fields where the practice's view differs from what was sent."""
    diff = differences(seen, expected)
    ctx.expect(not diff, f"{what}: the practice sees different {', '.join(diff)}")
