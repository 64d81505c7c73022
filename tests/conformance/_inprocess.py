"""A bare, unmasked in-process context for running one check against the reference tool.

The self-test proves which checks each fault fails over HTTP; the tests that pin
failure messages and request budgets run a single check here instead, with no
masking, so a leaked body or identifier would show in the message.
"""

from __future__ import annotations

import pytest
from _passthrough import PassThroughMasker

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.core import CHECKS, CheckFailed, Exchange
from gponline_sdk.conformance.results import CheckResult
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.reference.tool import ReferenceTool

__all__ = ["Context", "failure_of", "requests_and_budget", "run_check", "run_together"]


class Context:
    """A bare `CheckContext`: no masking, so a leaked body would show in the message."""

    def __init__(self, fault: str | None) -> None:
        self.target = InProcessTarget(ReferenceTool(fault), on_exchange=self.record)
        self.seed = 20261201
        self.requests = 0
        self.notes: list[str] = []

    def record(self, exchange: Exchange) -> None:
        self.requests += 1

    def note(self, text: str) -> None:
        self.notes.append(text)

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            raise CheckFailed(message)


def run_check(check_id: str, fault: str | None) -> Context:
    ctx = Context(fault)
    CHECKS[check_id].run(ctx)
    return ctx


def requests_and_budget(check_id: str) -> tuple[int, int]:
    """Run a check against the clean tool: the requests it sent, and the budget its note states."""
    ctx = run_check(check_id, None)
    budget = next(n for n in ctx.notes if n.startswith("request budget: "))
    return ctx.requests, int(budget.split()[2])


def failure_of(check_id: str, fault: str) -> str:
    """Run a check against a faulty tool; the message of the `CheckFailed` it must raise."""
    with pytest.raises(CheckFailed) as failed:
        run_check(check_id, fault)
    return str(failed.value)


def run_together(names: list[str]) -> dict[str, CheckResult]:
    """Run the checks `names` in one run against the clean tool in process (the suite's order:
    an 'anywhere' check reads what the others sent); each result by check ID."""
    result = run_checks(
        [CHECKS[n] for n in names],
        target=InProcessTarget(ReferenceTool()),
        catalogue=load_catalogue(),
        target_description="the reference tool in process",
        masker=PassThroughMasker(),
    )
    return {r.check_id: r for r in result.results}
