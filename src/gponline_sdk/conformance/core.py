"""The conformance suite's core vocabulary: requirements, checks, statuses, evidence.

A *requirement* is a stable-ID rule from the catalogue (data, in the top-level
`conformance/` folder). A *check* is code that verifies one or more
requirements against a target and ends in one `Status`. Checks never print;
they record `Exchange` evidence and raise `CheckFailed`, `CheckSkipped` or
`CheckOmitted` (returning normally means pass). `CheckError` (the suite
itself cannot proceed) and any unexpected exception are an `ERROR` result; an
answer that breaks the contract (`BadResponse`) is a FAIL of what the check
verifies; `TargetUnreachable` stops the run only when the target no longer
answers at all (see `gponline_sdk.conformance.runner`).

Roll-up order (worst first), used for a requirement with several checks and for
the run as a whole: ERROR > FAIL > WARN > SKIP > PASS > OMIT. A failed check on
a SHOULD requirement is a WARN, not a FAIL; SKIP outranks PASS because a
requirement is met only when every check that applies has passed; OMIT (not
applicable, e.g. photo upload a tool does not offer) is neutral.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterable
from typing import Any, Protocol

import attrs

__all__ = [
    "CHECKS",
    "Check",
    "CheckContext",
    "CheckError",
    "CheckFailed",
    "CheckOmitted",
    "CheckResult",
    "CheckSkipped",
    "Exchange",
    "Level",
    "Requirement",
    "Status",
    "Verification",
    "check",
    "worst",
]


class Level(enum.Enum):
    """How strongly a requirement binds (RFC 2119 words as the sources use them)."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    MAY = "MAY"


class Verification(enum.Enum):
    """How a requirement is verified: by a check, or by someone's signed answer."""

    AUTOMATED = "automated"
    ATTESTATION = "attestation"


class Status(enum.Enum):
    """The result of one check, or the roll-up of several (see module docs for the order)."""

    ERROR = "error"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"
    PASS = "pass"  # noqa: S105 - a status, not a password
    OMIT = "omit"

    @property
    def rank(self) -> int:
        """Lower is worse: ERROR is 0, OMIT is 5."""
        return _ORDER.index(self)


_ORDER = [Status.ERROR, Status.FAIL, Status.WARN, Status.SKIP, Status.PASS, Status.OMIT]


def worst(statuses: Iterable[Status]) -> Status:
    """Roll statuses up: the worst one wins; no statuses at all is OMIT."""
    return min(statuses, key=lambda s: s.rank, default=Status.OMIT)


@attrs.frozen(kw_only=True)
class Requirement:
    """One rule from the catalogue, with a stable ID such as `OC-CAT-01`."""

    id: str
    title: str
    level: Level
    source: str
    group: str
    verification: Verification
    description: str = ""
    rationale: str | None = None
    """Why it cannot be checked automatically (required for attestations)."""
    citations: tuple[tuple[str, str], ...] = ()
    """(source key, provision) pairs: the paragraph or part of each source the rule rests on."""
    sdk_rule: str | None = None
    """What the suite asks beyond the sources: the SDK's own reading, said as such."""


@attrs.frozen(kw_only=True)
class Exchange:
    """One HTTP request and its response, as evidence; secrets and identifiers masked."""

    method: str
    url: str
    request_headers: dict[str, str] = attrs.field(factory=dict)
    request_body: str | None = None
    status: int | None = None
    response_headers: dict[str, str] = attrs.field(factory=dict)
    response_body: str | None = None
    elapsed_ms: float | None = None
    error: str | None = None


class CheckFailed(AssertionError):
    """Raised by a check when the target breaks the requirement; the message says how.

    A check that verifies several requirements may say which of them this failure
    breaks (`requirements`): a category refused breaks the category's requirement,
    the same request altered on its way to the practice breaks OC-ACCESS-01. Empty
    means every requirement of the check.
    """

    def __init__(self, message: str = "", *, requirements: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.requirements: tuple[str, ...] = tuple(requirements)


class CheckError(Exception):
    """Raised when the suite itself cannot proceed (e.g. the test clock cannot be set): ERROR.

    Not the tool breaking the requirement under test, so it is never a FAIL;
    the message says what the suite needed and what it got.
    """


class CheckSkipped(Exception):
    """Raised when a check cannot run (a precondition failed, e.g. a feature undeclared)."""


class CheckOmitted(Exception):
    """Raised when the requirement does not apply to this target (by its declaration)."""


class CheckContext(Protocol):
    """What a check gets to work with; built by the runner for each check."""

    @property
    def target(self) -> Any:
        """The tool under test (an implementation of the tool contract's client protocol)."""

    @property
    def seed(self) -> int:
        """The run's fixed random seed, recorded in the report."""

    def record(self, exchange: Exchange) -> None:
        """Add evidence to this check's result."""

    def note(self, text: str) -> None:
        """Add a human-readable line of evidence (no identifiers, no secrets)."""

    def expect(self, condition: bool, message: str) -> None:
        """Raise `CheckFailed(message)` unless `condition` holds."""


CheckFunction = Callable[[CheckContext], None]


@attrs.frozen(kw_only=True)
class Check:
    """A registered check: what it verifies and the function that verifies it."""

    id: str
    title: str
    requirements: tuple[str, ...]
    group: str
    run: CheckFunction = attrs.field(eq=False, repr=False)
    position: int = attrs.field(default=0, eq=False, repr=False)
    """Where it stands in the suite's run order: the order of registration, fixed when it
    registered (so a test that takes a check out of `CHECKS` and puts it back, which moves
    it to the dict's end, does not move it in a run)."""


@attrs.frozen(kw_only=True)
class CheckResult:
    """How one check ended, with the evidence to show why."""

    check_id: str
    title: str
    requirements: tuple[str, ...]
    group: str
    status: Status
    message: str = ""
    evidence: tuple[Exchange, ...] = ()
    notes: tuple[str, ...] = ()
    duration_s: float = 0.0
    requests: int = 0
    """How many requests the check sent to the target (its share of the run's request budget)."""
    breaks: tuple[str, ...] = ()
    """Which of `requirements` a failure breaks, when the check said (empty: all of them)."""


CHECKS: dict[str, Check] = {}
"""Every registered check by ID, in registration order."""

_POSITIONS = itertools.count(1)
_LAST = 1_000_000  # past any number of checks registered without `last`


def check(
    check_id: str, *, title: str, requirements: Iterable[str], group: str, last: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under a stable ID.

    `last` runs it after every check without (a check that judges what the others'
    requests met); otherwise checks run in the order they registered.

    >>> @check("demo.example", title="Example", requirements=["OC-CAT-01"], group="demo")
    ... def _example(ctx: CheckContext) -> None:
    ...     ctx.expect(True, "never fails")
    >>> CHECKS.pop("demo.example").requirements
    ('OC-CAT-01',)
    """
    reqs = tuple(requirements)
    if not reqs:
        raise ValueError(f"check {check_id} must declare at least one requirement")

    def register(fn: CheckFunction) -> CheckFunction:
        if check_id in CHECKS:
            raise ValueError(f"check {check_id} is registered twice")
        CHECKS[check_id] = Check(
            id=check_id,
            title=title,
            requirements=reqs,
            group=group,
            run=fn,
            position=next(_POSITIONS) + (_LAST if last else 0),
        )
        return fn

    return register
