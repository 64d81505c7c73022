"""Console progress and summary, written to a stream the caller gives (only the CLI prints)."""

from __future__ import annotations

from typing import TextIO

import attrs

from gponline_sdk.conformance.core import Check, CheckResult, Status
from gponline_sdk.conformance.expected_failures import EntryState
from gponline_sdk.conformance.reporters._words import (
    headline,
    request_budget,
    verdict_line,
    warned_recommendations,
)
from gponline_sdk.conformance.results import RunResult
from gponline_sdk.conformance.runner import NOT_RUN_MESSAGE

__all__ = ["ConsoleProgress", "render_summary"]

_TAGS = {
    Status.PASS: "PASS ",
    Status.FAIL: "FAIL ",
    Status.WARN: "WARN ",
    Status.SKIP: "SKIP ",
    Status.OMIT: "OMIT ",
    Status.ERROR: "ERROR",
}


def _one_line(text: str, limit: int = 160) -> str:
    # Strings from the target may carry terminal escape sequences: show them, never obey them.
    flat = "".join(c if c.isprintable() else "?" for c in " ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


@attrs.define
class ConsoleProgress:
    """A run listener that writes one line per finished check to `stream`.

    >>> import io
    >>> out = io.StringIO()
    >>> progress = ConsoleProgress(out)   # pass as run_checks(..., listener=progress)
    """

    stream: TextIO
    verbose: bool = False
    quiet: bool = False
    """Only checks that did not pass (`gponline -q`): the summary says the rest."""

    def __call__(self, check: Check, result: CheckResult | None) -> None:
        """Report a check starting (only when verbose) or finishing."""
        if result is not None and self.quiet and result.status is Status.PASS:
            return
        if result is None:
            if self.verbose:
                self.stream.write(f"  ...  {check.id}\n")
                self.stream.flush()
            return
        line = (
            f"{_TAGS[result.status]} {result.check_id}  {result.duration_s:.2f}s"
            f"  {result.requests} req"
        )
        if result.status is not Status.PASS and result.message:
            line += f"\n       {_one_line(result.message)}"
        self.stream.write(line + "\n")
        self.stream.flush()


def _status(status: Status | None) -> str:
    return "not run" if status is None else status.value


def render_summary(run: RunResult) -> str:
    """The end-of-run summary: counts, what failed and why, the verdict."""
    counts = run.counts()
    lines = [
        "",
        f"Target:    {_one_line(run.target, 300)}",
        f"Checks:    {len(run.results)} run: "
        + ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s]),
        (
            f"Time:      {run.duration_s:.1f}s   seed {run.seed}   "
            f"SDK {run.sdk_version}   catalogue {run.catalogue_version}"
        ),
    ]
    lines.append(f"Requests:  {request_budget(run)}")
    if run.selection:
        lines.append(f"Selection: {' '.join(run.selection)}")
    if run.unreachable:
        not_run = sum(1 for r in run.results if r.message == NOT_RUN_MESSAGE)
        lines += [
            "",
            f"Stopped early: {_one_line(run.unreachable, 300)}",
            f"{not_run} check(s) were not run; no requirement can be judged from this run.",
        ]
    elif run.failing_musts:
        lines += ["", "Required (MUST) items not met:"]
        lines += [
            f"  {o.requirement.id:<12} {o.requirement.title}  [{_status(o.status)}]"
            for o in run.failing_musts
        ]
    if run.waived_musts and not run.unreachable:
        # Listed apart from the expected-failures entries: these are required items the tool
        # does not meet, however the exit code reads.
        lines += ["", "Required (MUST) items not met, waived as known failures:"]
        lines += [
            f"  {o.requirement.id:<12} {o.requirement.title}  [{_status(o.status)}]"
            for o in run.waived_musts
        ]
    warned = warned_recommendations(run)
    if warned and not run.unreachable:
        lines += ["", "Recommended (SHOULD/MAY) items with warnings:"]
        lines += [f"  {o.requirement.id:<12} {o.requirement.title}" for o in warned]
    for state, heading in (
        (EntryState.EXPECTED, "Expected failures (waived):"),
        (EntryState.STALE, "Stale expected failures (they now pass: remove them):"),
        (EntryState.NOT_EXERCISED, "Expected failures not exercised in this run:"),
    ):
        entries = [e for e in run.expected if e.state is state]
        if entries:
            lines += ["", heading]
            lines += [f"  {e.entry.id:<12} {_one_line(e.entry.reason, 100)}" for e in entries]
    lines += ["", f"Verdict:   {verdict_line(run)}", headline(run), ""]
    return "\n".join(lines)
