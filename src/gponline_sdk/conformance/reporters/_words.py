"""Plain-English words for statuses and verdicts, shared by the console and HTML reports."""

from __future__ import annotations

from gponline_sdk.conformance.core import Level, Status
from gponline_sdk.conformance.results import RunResult, Verdict

__all__ = ["LEVEL_WORDS", "STATUS_WORDS", "headline", "requirement_words"]

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
