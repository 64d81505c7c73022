"""The conformance suite: requirements as data, checks that verify them, reports.

Run it from the shell with `gponline conformance run`, or from Python::

    from gponline_sdk.conformance import load_catalogue, run_checks, select_checks
    from gponline_sdk.conformance.target import HttpTarget
    import gponline_sdk.conformance.checks  # registers every check

    catalogue = load_catalogue()
    run = run_checks(select_checks(catalogue), target=HttpTarget(url),
                     catalogue=catalogue, target_description=url)
    run.verdict

See `core` for the vocabulary (statuses and their roll-up order), `runner`,
`results`, `reporters`, `coverage`, `expected_failures`, `target` and
`contract` (the HTTP interface a tool exposes for the suite).
"""

from gponline_sdk.conformance.catalogue import Catalogue, load_catalogue
from gponline_sdk.conformance.core import (
    CHECKS,
    Check,
    CheckContext,
    CheckFailed,
    CheckOmitted,
    CheckResult,
    CheckSkipped,
    Exchange,
    Level,
    Requirement,
    Status,
    Verification,
    check,
)
from gponline_sdk.conformance.coverage import Coverage, compute_coverage
from gponline_sdk.conformance.expected_failures import ExpectedFailures, load_expected_failures
from gponline_sdk.conformance.results import RunResult, Verdict
from gponline_sdk.conformance.runner import run_checks, select_checks

__all__ = [
    "CHECKS",
    "Catalogue",
    "Check",
    "CheckContext",
    "CheckFailed",
    "CheckOmitted",
    "CheckResult",
    "CheckSkipped",
    "Coverage",
    "Exchange",
    "ExpectedFailures",
    "Level",
    "Requirement",
    "RunResult",
    "Status",
    "Verdict",
    "Verification",
    "check",
    "compute_coverage",
    "load_catalogue",
    "load_expected_failures",
    "run_checks",
    "select_checks",
]
