"""A run's results: per check, rolled up per requirement, and the verdict.

Roll-up follows `gponline_sdk.conformance.core` (worst first: ERROR > FAIL >
WARN > SKIP > PASS > OMIT), with one rule added per requirement: a failed
check counts as a WARN for a requirement that is not a MUST. Expected failures
(`gponline_sdk.conformance.expected_failures`) are applied after the roll-up:
a waived failure stays visible but does not count against the tool.

The verdict, and the exit code the `gponline` command gives it:

====================  ====  ==============================================
verdict               exit  when
====================  ====  ==============================================
conformant            0     no MUST requirement failed or errored
not_conformant        1     a MUST failed or errored (not waived)
stale_expectations    1     every MUST held, but an expected failure passed
unreachable           3     the target stopped answering (a fresh probe
                            got no answer either); the run stopped
====================  ====  ==============================================

A waived MUST failure leaves the verdict `conformant` (exit 0: a waiver keeps a
vendor's CI green while the fix lands), but the requirement is still not met:
`RunResult.waived_musts` lists such requirements, and every report's words
say "not conformant" with their IDs (`gponline_sdk.conformance.reporters._words`).
The verdict stays a code for the exit status; it is not the sentence people read.

(Exit 2, usage or configuration error, happens before any run; so does a
token the target refuses: HTTP 401/403 to the pre-flight requests, see
`gponline_sdk.conformance.preflight`.)

What a check's status says about the tool: FAIL (WARN for SHOULD/MAY) means
the tool broke the requirement, including answers that break the contract;
ERROR means the suite could not proceed (test harness refused, target gone,
a check crashed), so nothing was shown either way.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

import attrs

from gponline_sdk.conformance.catalogue import Catalogue
from gponline_sdk.conformance.core import (
    CheckResult,
    Level,
    Requirement,
    Status,
    Verification,
    worst,
)
from gponline_sdk.conformance.expected_failures import EntryState, ExpectedFailure, ExpectedFailures

__all__ = [
    "ExpectedOutcome",
    "RequirementOutcome",
    "RunResult",
    "Verdict",
    "roll_up",
]

_FAILING = (Status.FAIL, Status.ERROR)


class Verdict(enum.Enum):
    """The run's overall answer (see the module docs for the exit codes)."""

    CONFORMANT = "conformant"
    NOT_CONFORMANT = "not_conformant"
    STALE_EXPECTATIONS = "stale_expectations"
    UNREACHABLE = "unreachable"


@attrs.frozen(kw_only=True)
class RequirementOutcome:
    """One requirement's roll-up over the checks that ran for it.

    `status` is None when no check ran for it: it is an attestation, it was
    not selected, no check covers it, or its checks stopped at a failure of
    another of their requirements before reaching it (`note` says which).
    """

    requirement: Requirement
    status: Status | None
    checks: tuple[str, ...] = ()
    waived_by: ExpectedFailure | None = None
    note: str = ""

    @property
    def counts_against(self) -> bool:
        """True when this outcome makes the run non-conformant."""
        return (
            self.requirement.level is Level.MUST
            and self.status in _FAILING
            and self.waived_by is None
        )


@attrs.frozen(kw_only=True)
class ExpectedOutcome:
    """What became of one expected-failures entry in this run."""

    entry: ExpectedFailure
    state: EntryState
    status: Status | None = None
    """The check's or requirement's status that decided the state, if any ran."""


@attrs.frozen(kw_only=True)
class RunResult:
    """Everything a report needs about one run of the suite."""

    target: str
    """Description of the target (URL without credentials, or `reference tool`)."""
    started_at: datetime
    finished_at: datetime
    seed: int
    sdk_version: str
    catalogue_version: str
    selection: tuple[str, ...] = ()
    """How checks were chosen (e.g. `--only OC-CAT-01`); empty for the whole suite."""
    results: tuple[CheckResult, ...] = ()
    requirements: tuple[RequirementOutcome, ...] = ()
    expected: tuple[ExpectedOutcome, ...] = ()
    unreachable: str | None = None
    """Why the run stopped early (the target stopped answering), or None."""

    @property
    def partial(self) -> bool:
        """True when only some checks were selected."""
        return bool(self.selection)

    @property
    def duration_s(self) -> float:
        """Wall-clock length of the run in seconds."""
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def failing_musts(self) -> tuple[RequirementOutcome, ...]:
        """MUST requirements that failed or errored and were not waived."""
        return tuple(o for o in self.requirements if o.counts_against)

    @property
    def waived_musts(self) -> tuple[RequirementOutcome, ...]:
        """MUST requirements that failed or errored and were waived: still not met."""
        return tuple(
            o
            for o in self.requirements
            if o.requirement.level is Level.MUST
            and o.status in _FAILING
            and o.waived_by is not None
        )

    @property
    def stale(self) -> tuple[ExpectedOutcome, ...]:
        """Expected-failures entries that passed in this run."""
        return tuple(e for e in self.expected if e.state is EntryState.STALE)

    @property
    def verdict(self) -> Verdict:
        """The run's overall answer; unreachable wins, then MUST failures, then stale entries."""
        if self.unreachable is not None:
            return Verdict.UNREACHABLE
        if self.failing_musts:
            return Verdict.NOT_CONFORMANT
        if self.stale:
            return Verdict.STALE_EXPECTATIONS
        return Verdict.CONFORMANT

    def counts(self) -> dict[Status, int]:
        """How many checks ended in each status (every status present, zero or not)."""
        out = dict.fromkeys(Status, 0)
        for r in self.results:
            out[r.status] += 1
        return out

    def expected_for_check(self, check_id: str) -> ExpectedFailure | None:
        """The entry that waives this check's failure, if one did."""
        for e in self.expected:
            if e.state is EntryState.EXPECTED and e.entry.id == check_id:
                return e.entry
        result = next((r for r in self.results if r.check_id == check_id), None)
        if result is None or result.status not in (*_FAILING, Status.WARN):
            return None
        # Waived through its requirements only when every requirement its failure breaks
        # is waived: otherwise the failure still counts against one of them. A check that
        # said which requirements it breaks (`breaks`) never reached the others, so their
        # waivers, or their lack of one, say nothing about this failure.
        broken = result.breaks or result.requirements
        mine = [o for o in self.requirements if o.requirement.id in broken]
        if mine and all(o.waived_by is not None for o in mine):
            return mine[0].waived_by
        return None


def _verified(result: CheckResult, requirement: Requirement) -> bool:
    """False when the check stopped at a failure it said breaks other requirements only.

    Such a check never got as far as this requirement: it neither passes nor fails it.
    """
    return not result.breaks or requirement.id in result.breaks


def _status_for(requirement: Requirement, status: Status) -> Status:
    if status is Status.FAIL and requirement.level is not Level.MUST:
        return Status.WARN
    return status


def _waiver(
    req: Requirement, ran: Sequence[CheckResult], status: Status, expected: ExpectedFailures
) -> ExpectedFailure | None:
    listed = expected.get(req.id)
    if listed is not None and listed.covers(status):
        return listed
    if status not in (*_FAILING, Status.WARN):
        return None
    failing = [r for r in ran if _status_for(req, r.status).rank <= Status.WARN.rank]
    entries = [expected.get(r.check_id) for r in failing]
    if all(e is not None and e.covers(r.status) for e, r in zip(entries, failing, strict=True)):
        return entries[0]
    return None


def _unrun(req: Requirement, *, partial: bool) -> RequirementOutcome:
    if req.verification is Verification.ATTESTATION:
        note = "answered by the practice (attestation), not tested"
    elif partial:
        note = "not selected in this run"
    else:
        note = "no check covers this requirement"
    return RequirementOutcome(requirement=req, status=None, note=note)


def _unverified(req: Requirement, stopped: Sequence[CheckResult]) -> RequirementOutcome:
    """Every check of `req` stopped at another requirement's failure before reaching it."""
    what = ", ".join(f"{r.check_id} (at {', '.join(r.breaks)})" for r in stopped)
    return RequirementOutcome(
        requirement=req,
        status=None,
        checks=tuple(r.check_id for r in stopped),
        note=f"not verified: its checks stopped at another requirement's failure: {what}",
    )


def _settle(entry: ExpectedFailure, decided: Status | None) -> ExpectedOutcome:
    if decided is not None and entry.covers(decided):
        state = EntryState.EXPECTED
    elif decided is Status.PASS:
        state = EntryState.STALE
    else:
        state = EntryState.NOT_EXERCISED
    return ExpectedOutcome(entry=entry, state=state, status=decided)


def roll_up(
    results: Sequence[CheckResult],
    catalogue: Catalogue,
    expected: ExpectedFailures | None = None,
    *,
    partial: bool = False,
) -> tuple[tuple[RequirementOutcome, ...], tuple[ExpectedOutcome, ...]]:
    """Roll check results up per requirement and settle each expected-failures entry.

    A requirement's failure is waived when the requirement is listed, or when
    every failing check behind it is listed by check ID.
    """
    expected = expected if expected is not None else ExpectedFailures()
    outcomes: list[RequirementOutcome] = []
    for req in catalogue:
        named = [r for r in results if req.id in r.requirements]
        ran = [r for r in named if _verified(r, req)]
        if not ran:
            outcomes.append(_unverified(req, named) if named else _unrun(req, partial=partial))
            continue
        status = worst(_status_for(req, r.status) for r in ran)
        outcomes.append(
            RequirementOutcome(
                requirement=req,
                status=status,
                checks=tuple(r.check_id for r in ran),
                waived_by=_waiver(req, ran, status, expected),
            )
        )
    decided: dict[str, Status | None] = {o.requirement.id: o.status for o in outcomes}
    decided.update({r.check_id: r.status for r in results})
    settled = tuple(_settle(e, decided.get(e.id)) for e in expected.entries)
    return tuple(outcomes), settled
