"""Plain-English words for statuses and verdicts, shared by the console and HTML reports."""

from __future__ import annotations

from gponline_sdk.conformance.core import Level, Status
from gponline_sdk.conformance.results import RequirementOutcome, RunResult, Verdict

__all__ = [
    "LEVEL_WORDS",
    "STATUS_WORDS",
    "headline",
    "request_budget",
    "requirement_words",
    "warned_recommendations",
]

STATUS_WORDS = {
    Status.PASS: "Met",
    Status.FAIL: "Not met",
    Status.WARN: "Warning",
    Status.SKIP: "Not checked (skipped)",
    Status.OMIT: "Does not apply",
    Status.ERROR: "Could not check",
}

LEVEL_WORDS = {
    Level.MUST: "Required",
    Level.SHOULD: "Recommended",
    Level.MAY: "Optional",
}


def requirement_words(status: Status | None) -> str:
    """How a requirement's roll-up reads in a report; None means no check ran for it."""
    return "Not tested" if status is None else STATUS_WORDS[status]


def headline(run: RunResult) -> str:
    """One sentence a practice manager can act on."""
    verdict = run.verdict
    scope = " (only part of the suite was run)" if run.partial else ""
    if verdict is Verdict.UNREACHABLE:
        return "The test could not finish: the tool stopped answering, so no verdict can be given."
    if verdict is Verdict.NOT_CONFORMANT:
        n = len(run.failing_musts)
        return (
            f"The tool does not meet {n} required item{'s' if n != 1 else ''} "
            f"of the GP contract and NHS England's rules{scope}."
        )
    if verdict is Verdict.STALE_EXPECTATIONS:
        return (
            "The tool meets every required item tested, but the list of expected failures "
            "names items that now pass: remove them so the list stays true."
        )
    return f"The tool meets every required item that was tested{scope}."


def warned_recommendations(run: RunResult) -> list[RequirementOutcome]:
    """SHOULD and MAY requirements that warned or could not be checked, and were not waived.

    They do not fail the run, but both reports list them after the failing MUSTs.
    """
    return [
        o
        for o in run.requirements
        if o.requirement.level is not Level.MUST
        and o.status in (Status.WARN, Status.ERROR)
        and o.waived_by is None
    ]


def request_budget(run: RunResult) -> str:
    """The run's request budget in one line: the total and the check that sent the most."""
    total = sum(r.requests for r in run.results)
    text = f"{total} sent to the tool by {len(run.results)} checks"
    if total:
        top = max(run.results, key=lambda r: r.requests)
        text += f" (most: {top.check_id}, {top.requests})"
    return text
