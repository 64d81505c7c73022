"""Run checks against a target and collect masked, timed results.

How a check ends (see `gponline_sdk.conformance.core`). "FAIL" below means
FAIL when the check verifies a MUST requirement, WARN when it verifies only
SHOULD/MAY ones:

- returns normally: PASS;
- raises `CheckFailed`: FAIL;
- raises `BadResponse` (an answer that breaks the contract: wrong shape, too
  big, too slow, redirected off-origin): FAIL, since the tool broke the
  contract while the check verified its requirement; ERROR when the answer
  came from a test-harness operation (``/test/...``): the suite could not proceed;
- raises `CheckSkipped` / `CheckOmitted`: SKIP / OMIT;
- raises `TargetUnreachable`: the runner asks the target, on a fresh
  connection, whether it answers at all (`probe()`). If it does, this one
  operation got no answer: FAIL (ERROR for a test-harness operation), and
  the run goes on. If it does not, ERROR and the run stops: every check not
  yet run is recorded as ERROR "not run: the target stopped answering" (so
  the roll-up cannot mistake them for "not applicable"), and
  `RunResult.unreachable` says what was tried (the CLI exits 3);
- raises `CheckError` (the suite could not proceed) or anything else: ERROR,
  with the exception's type and masked message, never a traceback.

A target with an `on_exchange` attribute (as `HttpTarget` and
`InProcessTarget` have) is pointed at the running check's `ctx.record` while
that check runs, so every HTTP exchange becomes that check's evidence,
bounded (`gponline_sdk.conformance._evidence`): the first and last exchanges
and every failing one are kept, a note says how many were left out, and
`CheckResult.requests` counts them all.

`KeyboardInterrupt` is not caught. Evidence, notes and messages pass through
the run's `Masker` when recorded, so nothing unmasked is ever held in a result.

Each check gets `ctx.seed` (the run's seed, recorded in the report) and
`ctx.rng`, a `random.Random` seeded from the run's seed and the check's ID, so a
check's random choices do not depend on which other checks ran.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

import attrs

from gponline_sdk import __version__
from gponline_sdk.conformance._evidence import FAILING, HEAD, TAIL, BoundedEvidence
from gponline_sdk.conformance.catalogue import Catalogue
from gponline_sdk.conformance.core import (
    CHECKS,
    Check,
    CheckError,
    CheckFailed,
    CheckOmitted,
    CheckResult,
    CheckSkipped,
    Exchange,
    Level,
    Status,
)
from gponline_sdk.conformance.expected_failures import ExpectedFailures
from gponline_sdk.conformance.masking import Masker
from gponline_sdk.conformance.results import RunResult, roll_up
from gponline_sdk.conformance.target.protocol import BadResponse
from gponline_sdk.errors import ConfigError, TargetUnreachable

__all__ = [
    "DEFAULT_SEED",
    "NOT_RUN_MESSAGE",
    "RunContext",
    "RunListener",
    "run_checks",
    "select_checks",
]

DEFAULT_SEED = 20251001
"""The seed used unless one is given: the day the 2025/26 core-hours rule began."""
NOT_RUN_MESSAGE = "not run: the target stopped answering earlier in the run"
_MAX_MESSAGE = 2_000

logger = logging.getLogger(__name__)

RunListener = Callable[[Check, "CheckResult | None"], None]
"""Called with (check, None) when a check starts and (check, result) when it ends."""


@attrs.define
class RunContext:
    """The `CheckContext` a check runs with; the runner makes one per check."""

    target: Any
    seed: int
    rng: random.Random
    masker: Masker
    _notes: list[str] = attrs.field(factory=list)
    requests: int = 0
    """Requests sent to the target so far by this check."""
    breaks: tuple[str, ...] = ()
    """Which of the check's requirements its failure broke, when it said (see `CheckFailed`)."""
    _evidence: BoundedEvidence = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self._evidence = BoundedEvidence(self.masker)

    def record(self, exchange: Exchange) -> None:
        """Add an HTTP exchange as evidence (bounded; masked before any result holds it)."""
        self.requests += 1
        self._evidence.add(exchange)

    def note(self, text: str) -> None:
        """Add a line of evidence, masked before it is kept."""
        self._notes.append(self.masker.text(text))

    def expect(self, condition: bool, message: str) -> None:
        """Raise `CheckFailed(message)` unless `condition` holds."""
        if not condition:
            raise CheckFailed(message)

    def sensitive(self, *values: str) -> None:
        """Mask these values (canary names, made-up identifiers) everywhere from now on."""
        self.masker.add(values)

    @property
    def evidence(self) -> tuple[Exchange, ...]:
        """Evidence kept so far (masked), in the order it happened."""
        return self._evidence.kept()

    @property
    def evidence_left_out(self) -> int:
        """Exchanges recorded but not kept as evidence (see `_evidence`)."""
        return self._evidence.left_out

    @property
    def notes(self) -> tuple[str, ...]:
        """Notes recorded so far (already masked)."""
        return tuple(self._notes)


def select_checks(
    catalogue: Catalogue,
    checks: Iterable[Check] | None = None,
    *,
    only: Iterable[str] = (),
    groups: Iterable[str] = (),
    levels: Iterable[Level] = (),
) -> list[Check]:
    """Choose checks, in registration order; every filter given must match.

    `only` holds check IDs or requirement IDs (a requirement ID selects every
    check that verifies it); `groups` matches a check's group or the group of
    any requirement it verifies; `levels` matches the level of any requirement
    it verifies.

    Raises:
        ConfigError: naming an `only` ID or a group that does not exist.
    """
    pool = sorted(CHECKS.values() if checks is None else checks, key=lambda c: c.position)
    only_set, group_set, level_set = set(only), set(groups), set(levels)
    known_ids = {c.id for c in pool} | set(catalogue.ids())
    unknown = sorted(only_set - known_ids)
    if unknown:
        raise ConfigError(f"--only: unknown check or requirement ID(s): {', '.join(unknown)}")
    known_groups = {c.group for c in pool} | set(catalogue.groups)
    bad_groups = sorted(group_set - known_groups)
    if bad_groups:
        raise ConfigError(
            f"--group: unknown group(s) {', '.join(bad_groups)}; "
            f"known: {', '.join(sorted(known_groups))}"
        )

    def wanted(c: Check) -> bool:
        reqs = [catalogue[r] for r in c.requirements if r in catalogue]
        if only_set and c.id not in only_set and not only_set & set(c.requirements):
            return False
        if group_set and c.group not in group_set and not group_set & {r.group for r in reqs}:
            return False
        return not level_set or bool(level_set & {r.level for r in reqs})

    return [c for c in pool if wanted(c)]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + " [...]"


def _fail_status(check: Check, catalogue: Catalogue, breaks: tuple[str, ...] = ()) -> Status:
    broken = breaks or check.requirements
    levels = {catalogue[r].level for r in broken if r in catalogue}
    # An unknown requirement ID is treated as MUST: a typo must not soften a failure.
    return Status.FAIL if Level.MUST in levels or len(levels) < len(broken) else Status.WARN


def _breaks(check: Check, exc: CheckFailed) -> tuple[str, ...]:
    """The check's requirements this failure breaks; all of them unless it named some of them."""
    named = tuple(r for r in exc.requirements if r in check.requirements)
    return named if named and len(named) < len(check.requirements) else ()


def _run_one(  # noqa: PLR0911 - one return per way a check can end, in the module docs' order
    check: Check, ctx: RunContext, catalogue: Catalogue
) -> tuple[Status, str, bool]:
    """Run one check; return its status, message and whether the target is unreachable."""
    try:
        check.run(ctx)
    except CheckFailed as exc:
        ctx.breaks = _breaks(check, exc)
        return _fail_status(check, catalogue, ctx.breaks), str(exc) or "check failed", False
    except BadResponse as exc:
        if exc.harness:
            return Status.ERROR, f"the suite could not proceed: {exc}", False
        return _fail_status(check, catalogue), f"the answer breaks the contract: {exc}", False
    except CheckSkipped as exc:
        return Status.SKIP, str(exc), False
    except CheckOmitted as exc:
        return Status.OMIT, str(exc), False
    except TargetUnreachable as exc:
        return _unanswered(check, ctx, catalogue, exc)
    except CheckError as exc:
        return Status.ERROR, f"the suite could not proceed: {exc}", False
    except Exception as exc:  # noqa: BLE001 - any other crash is an ERROR result, not a traceback
        logger.debug("check %s raised %s", check.id, type(exc).__name__)
        return Status.ERROR, f"{type(exc).__name__}: {exc}", False
    return Status.PASS, "", False


def _unanswered(
    check: Check, ctx: RunContext, catalogue: Catalogue, exc: TargetUnreachable
) -> tuple[Status, str, bool]:
    """One operation got no answer: a failure of that operation, or the target is down.

    Before stopping the run, ask on a fresh connection whether the target
    answers at all, so that one hung operation or one dropped connection is
    not reported as an unreachable target (and the verdict does not depend on
    when a connection happened to drop).
    """
    probe = getattr(ctx.target, "probe", None)
    if probe is None:
        return Status.ERROR, f"target unreachable: {exc}", True
    alive, tried = probe()
    ctx.note(f"liveness re-probe: {tried}")
    if not alive:
        return Status.ERROR, f"target unreachable: {exc}; then re-probed {tried}", True
    why = f"{exc}; the target still answers other requests (re-probed {tried})"
    if getattr(exc, "harness", False):
        return Status.ERROR, f"the suite could not proceed: {why}", False
    return _fail_status(check, catalogue), f"an operation got no answer: {why}", False


def run_checks(
    checks: Sequence[Check],
    *,
    target: Any,
    catalogue: Catalogue,
    target_description: str,
    seed: int = DEFAULT_SEED,
    expected_failures: ExpectedFailures | None = None,
    masker: Masker | None = None,
    selection: Sequence[str] = (),
    listener: RunListener | None = None,
    clock: Callable[[], datetime] = _now,
) -> RunResult:
    """Run `checks` in the suite's order against `target` and return the rolled-up result.

    The suite's order is the checks' registration order (`Check.position`), whatever order
    they are given in: a tool keeps state between checks (a daily cap counts every
    request), so which check meets it must not depend on how a caller listed them.

    Args:
        checks: the checks to run (see `select_checks`).
        target: handed to each check as `ctx.target`.
        catalogue: the requirements the checks verify.
        target_description: how reports name the target (no credentials: it is masked too).
        seed: the run's fixed seed, given to every check and recorded.
        expected_failures: known failures to waive (stale entries fail the run).
        masker: masks evidence; give one holding the run's token and known identifiers.
        selection: how the checks were chosen, for the report (empty: the whole suite).
        listener: told when each check starts and ends (console progress).
        clock: the wall clock for the start and finish times.
    """
    masker = masker if masker is not None else Masker()
    if expected_failures is not None:
        expected_failures.check_known({*CHECKS, *(c.id for c in checks), *catalogue.ids()})
    started = clock()
    results: list[CheckResult] = []
    unreachable: str | None = None
    for check in sorted(checks, key=lambda c: c.position):
        if unreachable is not None:
            results.append(_not_run(check))
            continue
        if listener is not None:
            listener(check, None)
        ctx = RunContext(
            target=target,
            seed=seed,
            rng=random.Random(f"{seed}:{check.id}"),  # noqa: S311 - reproducible test data, not crypto
            masker=masker,
        )
        t0 = time.perf_counter()
        with _evidence_to(target, ctx, check.id):
            status, message, stop = _run_one(check, ctx, catalogue)
        duration = time.perf_counter() - t0
        if ctx.evidence_left_out:
            ctx.note(
                f"evidence: {ctx.requests - ctx.evidence_left_out} of {ctx.requests} exchanges "
                f"kept (the first {HEAD}, the last {TAIL} and up to {FAILING} failing ones); "
                f"{ctx.evidence_left_out} left out"
            )
        result = CheckResult(
            check_id=check.id,
            title=check.title,
            requirements=check.requirements,
            group=check.group,
            status=status,
            message=_clip(masker.text(message)),
            evidence=ctx.evidence,
            notes=ctx.notes,
            duration_s=duration,
            requests=ctx.requests,
            breaks=ctx.breaks,
        )
        results.append(result)
        if listener is not None:
            listener(check, result)
        if stop:
            unreachable = result.message
    # Values learned late in the run (an identifier first seen in a later check's
    # request) are masked in earlier results too.
    final = tuple(_remask(r, masker) for r in results)
    requirements, expected = roll_up(final, catalogue, expected_failures, partial=bool(selection))
    return RunResult(
        target=masker.text(target_description),
        started_at=started,
        finished_at=clock(),
        seed=seed,
        sdk_version=__version__,
        catalogue_version=catalogue.version,
        selection=tuple(selection),
        results=final,
        requirements=requirements,
        expected=expected,
        unreachable=unreachable,
    )


@contextlib.contextmanager
def _evidence_to(target: Any, ctx: RunContext, check_id: str) -> Iterator[None]:
    """Point a target's `on_exchange` hook at the running check (and name it), then restore."""
    if not hasattr(target, "on_exchange"):
        yield
        return
    previous = target.on_exchange, getattr(target, "running_check", "")
    target.on_exchange = ctx.record
    target.running_check = check_id
    try:
        yield
    finally:
        target.on_exchange, target.running_check = previous


def _not_run(check: Check) -> CheckResult:
    return CheckResult(
        check_id=check.id,
        title=check.title,
        requirements=check.requirements,
        group=check.group,
        status=Status.ERROR,
        message=NOT_RUN_MESSAGE,
    )


def _remask(result: CheckResult, masker: Masker) -> CheckResult:
    return attrs.evolve(
        result,
        message=masker.text(result.message),
        notes=tuple(masker.text(n) for n in result.notes),
        evidence=tuple(masker.exchange(e) for e in result.evidence),
    )
