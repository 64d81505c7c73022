"""Plain-English words for statuses and verdicts, shared by the console, HTML, JSON and JUnit.

A waived MUST failure leaves the verdict code `conformant` (exit 0, so CI stays
green), but the words never say the tool meets its required items: they say
"not conformant", how many required items were waived as known failures, and
which (`verdict_line`, `headline`).
"""

from __future__ import annotations

from gponline_sdk.conformance.core import Level, Status
from gponline_sdk.conformance.results import RequirementOutcome, RunResult, Verdict

__all__ = [
    "LEVEL_WORDS",
    "STATUS_WORDS",
    "headline",
    "request_budget",
    "requirement_words",
    "verdict_line",
    "waived_words",
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


def _items(n: int, *, more: bool = False) -> str:
    return f"{n}{' more' if more else ''} required item{'s' if n != 1 else ''}"


def _ids(outcomes: tuple[RequirementOutcome, ...]) -> str:
    return ", ".join(o.requirement.id for o in outcomes)


def waived_words(run: RunResult, *, more: bool = False) -> str:
    """`2 required items not met, waived as known failures (AV-CAP-01, AV-RESP-01)`.

    Empty when no MUST failure was waived. `more` says "2 more", beside failures
    that were not waived.
    """
    waived = run.waived_musts
    if not waived:
        return ""
    known = "known failures" if len(waived) != 1 else "a known failure"
    return f"{_items(len(waived), more=more)} not met, waived as {known} ({_ids(waived)})"


def verdict_line(run: RunResult) -> str:
    """The verdict in capitals, as the console and JUnit and JSON reports give it.

    A run whose every failure is waived exits 0 (its code is `conformant`) but reads
    `NOT CONFORMANT: ...` with the waived requirements' count and IDs.
    """
    verdict = run.verdict
    label = verdict.value.upper().replace("_", " ")
    if verdict is Verdict.UNREACHABLE or not run.waived_musts:
        return label
    if verdict is Verdict.CONFORMANT:
        return f"NOT CONFORMANT: {waived_words(run)}; exit 0 because every failure is waived"
    if verdict is Verdict.NOT_CONFORMANT:
        failing = run.failing_musts
        return (
            f"{label}: {_items(len(failing))} not met ({_ids(failing)}); "
            f"{waived_words(run, more=True)}"
        )
    return f"{label}; also {waived_words(run)}"


def _waived_sentence(run: RunResult) -> str:
    """What the supplier's waivers mean, for the headline: the items are still not met."""
    one = len(run.waived_musts) == 1
    text = f"The supplier listed {'it as a known failure' if one else 'them as known failures'}"
    if run.verdict is not Verdict.CONFORMANT:
        return text + " (waived)."
    # Only here does the waiver decide the exit code: say so, and that it changes nothing else.
    return (
        text
        + f" (waived), so the automated test passes, but {'it is' if one else 'they are'} not met."
    )


def headline(run: RunResult) -> str:
    """One sentence a practice manager can act on (two when required items were waived)."""
    verdict = run.verdict
    scope = " (only part of the suite was run)" if run.partial else ""
    waived = run.waived_musts
    if verdict is Verdict.UNREACHABLE:
        return "The test could not finish: the tool stopped answering, so no verdict can be given."
    if verdict is Verdict.NOT_CONFORMANT:
        n = len(run.failing_musts)
        text = (
            f"The tool does not meet {n} required item{'s' if n != 1 else ''} "
            f"of the GP contract and NHS England's rules{scope}."
        )
        if waived:
            text += (
                f" It also does not meet {_items(len(waived), more=True)} ({_ids(waived)}). "
                + _waived_sentence(run)
            )
        return text
    if waived:
        text = (
            f"Not conformant: the tool does not meet {_items(len(waived))} of the GP contract "
            f"and NHS England's rules ({_ids(waived)}){scope}. {_waived_sentence(run)}"
        )
        if verdict is Verdict.STALE_EXPECTATIONS:
            text += (
                " The list of expected failures also names items that now pass: remove them "
                "so the list stays true."
            )
        return text
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
