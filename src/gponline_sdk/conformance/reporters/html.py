"""A self-contained HTML report that a practice manager can read and print.

Plain-English summary first, then one row per requirement, then each check's
details with its evidence folded away (`<details>`, no JavaScript). One file,
inline CSS, nothing fetched from the network. Every string that could have
come from the tool (target name, messages, notes, evidence) goes through
`html.escape`, so a hostile tool cannot run script in the reader's browser.
"""

from __future__ import annotations

import html
from pathlib import Path
from zoneinfo import ZoneInfo

from gponline_sdk.conformance._files import atomic_write_text
from gponline_sdk.conformance.core import CheckResult, Exchange, Level, Status, Verification
from gponline_sdk.conformance.expected_failures import EntryState
from gponline_sdk.conformance.reporters._words import (
    LEVEL_WORDS,
    STATUS_WORDS,
    headline,
    requirement_words,
    warned_recommendations,
)
from gponline_sdk.conformance.results import RequirementOutcome, RunResult, Verdict
from gponline_sdk.models.schedule import UK_TIMEZONE

__all__ = ["render_html", "write_html"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#212b32;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem}
.verdict{padding:1rem 1.2rem;border-left:.5rem solid;margin:1rem 0;font-size:1.1rem}
.v-conformant{border-color:#007f3b;background:#e6f4ec}
.v-not_conformant,.v-stale_expectations{border-color:#d5281b;background:#fbe9e7}
.v-unreachable{border-color:#ffb81c;background:#fff7e0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #d8dde0;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f4f5}.s{font-weight:600;white-space:nowrap}
.s-pass{color:#007f3b}.s-fail,.s-error{color:#d5281b}.s-warn{color:#8a5a00}
.s-skip,.s-omit,.s-none{color:#4c6272}
.muted{color:#4c6272;font-size:.9rem}pre{white-space:pre-wrap;word-break:break-all;
background:#f0f4f5;padding:.5rem;font-size:.8rem}
details{margin:.3rem 0 1rem}summary{cursor:pointer}
.check{border-top:1px solid #d8dde0;padding-top:.5rem}
@media print{body{margin:0;max-width:none;font-size:10pt}details.evidence{display:none}
.print-note{display:block}tr,.check{page-break-inside:avoid}a{color:inherit}}
.print-note{display:none}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _status_cell(status: Status | None, waived: bool = False) -> str:
    key = "none" if status is None else status.value
    word = requirement_words(status)
    if waived:
        word += " (expected, waived)"
    return f'<td class="s s-{key}">{_e(word)}</td>'


def _summary(run: RunResult) -> list[str]:
    counts = run.counts()
    out = [
        f'<div class="verdict v-{_e(run.verdict.value)}"><strong>{_e(headline(run))}</strong>',
        "</div>",
        "<p>",
        (
            f"{counts[Status.PASS]} checks passed, {counts[Status.FAIL]} failed, "
            f"{counts[Status.WARN]} gave warnings, {counts[Status.ERROR]} could not be completed, "
            f"{counts[Status.SKIP]} were skipped and {counts[Status.OMIT]} did not apply."
        ),
        "</p>",
    ]
    if run.unreachable:
        out.append(f"<p><strong>Why the test stopped:</strong> {_e(run.unreachable)}</p>")
    if run.failing_musts and not run.unreachable:
        out.append("<p>Required items the tool does not meet:</p><ul>")
        out += [
            f"<li><strong>{_e(o.requirement.title)}</strong> ({_e(o.requirement.id)}): "
            f"{_e(o.requirement.description)}</li>"
            for o in run.failing_musts
        ]
        out.append("</ul>")
    warned = warned_recommendations(run)
    if warned and not run.unreachable:
        out.append(
            "<p>Recommended or optional items with a warning (they do not fail the test):</p>"
        )
        out.append("<ul>")
        out += [f"<li>{_e(o.requirement.title)} ({_e(o.requirement.id)})</li>" for o in warned]
        out.append("</ul>")
    attest = [o for o in run.requirements if o.requirement.verification is Verification.ATTESTATION]
    if attest:
        out.append(
            "<p>Some requirements cannot be tested by software; the practice answers them "
            f"itself ({len(attest)} listed below as <em>Not tested</em>).</p>"
        )
    return out


def _requirement_row(o: RequirementOutcome) -> str:
    req = o.requirement
    why = o.note
    if o.waived_by is not None:
        why = f"Expected failure: {o.waived_by.reason}"
    elif o.status is None and req.rationale:
        why = req.rationale
    return (
        f"<tr><td>{_e(req.id)}</td><td><strong>{_e(req.title)}</strong><br>"
        f'<span class="muted">{_e(req.description)}</span></td>'
        f"<td>{_e(LEVEL_WORDS[req.level])}</td>"
        f"{_status_cell(o.status, o.waived_by is not None)}"
        f'<td class="muted">{_e(why)}</td></tr>'
    )


def _exchange(e: Exchange) -> str:
    head = f"{e.method} {e.url}"
    outcome = e.error if e.error is not None else f"HTTP {e.status}"
    parts = [f"<p><code>{_e(head)}</code> &rarr; {_e(outcome)}</p>"]
    if e.request_body:
        parts.append(f"<p class='muted'>Sent</p><pre>{_e(e.request_body)}</pre>")
    if e.response_body:
        parts.append(f"<p class='muted'>Received</p><pre>{_e(e.response_body)}</pre>")
    return "".join(parts)


def _check(run: RunResult, r: CheckResult) -> str:
    waived = run.expected_for_check(r.check_id)
    word = STATUS_WORDS[r.status] + (" (expected, waived)" if waived else "")
    parts = [
        (
            f'<div class="check" id="check-{_e(r.check_id)}"><p><span class="s s-{r.status.value}">'
            f"{_e(word)}</span> &mdash; <strong>{_e(r.title)}</strong> "
            f'<span class="muted">({_e(r.check_id)}; verifies {_e(", ".join(r.requirements))}; '
            f"{r.duration_s:.2f}s)</span></p>"
        )
    ]
    if r.message:
        parts.append(f"<p>{_e(r.message)}</p>")
    if waived is not None:
        parts.append(f"<p class='muted'>Expected failure: {_e(waived.reason)}</p>")
    if r.notes or r.evidence:
        parts.append(
            f'<details class="evidence"><summary>Evidence ({len(r.evidence)} exchanges, '
            f"{len(r.notes)} notes)</summary>"
        )
        parts += [f"<p class='muted'>{_e(n)}</p>" for n in r.notes]
        parts += [_exchange(e) for e in r.evidence]
        parts.append("</details>")
    parts.append("</div>")
    return "".join(parts)


def _expected_section(run: RunResult) -> list[str]:
    if not run.expected:
        return []
    words = {
        EntryState.EXPECTED: "Failed, as expected",
        EntryState.STALE: "Now passes: remove from the list",
        EntryState.NOT_EXERCISED: "Not tested in this run",
    }
    out = [
        (
            "<h2>Known problems the supplier listed</h2><table><tr><th>Item</th>"
            "<th>Reason given</th><th>This run</th></tr>"
        )
    ]
    out += [
        f"<tr><td>{_e(x.entry.id)}</td><td>{_e(x.entry.reason)}</td><td>{_e(words[x.state])}</td>"
        "</tr>"
        for x in run.expected
    ]
    out.append("</table>")
    return out


def render_html(run: RunResult) -> str:
    """The whole report as one HTML document."""
    # Practice managers read UK time, whatever the machine's zone.
    started = run.started_at.astimezone(ZoneInfo(UK_TIMEZONE)).strftime("%d %B %Y at %H:%M %Z")
    must = [o for o in run.requirements if o.requirement.level is Level.MUST]
    other = [o for o in run.requirements if o.requirement.level is not Level.MUST]
    table_head = (
        "<table><tr><th>ID</th><th>Requirement</th><th>Level</th><th>Result</th><th>Notes</th></tr>"
    )
    body = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Online consultation tool: conformance report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Online consultation tool: conformance report</h1>",
        (
            f'<p class="muted">Tool tested: {_e(run.target)}<br>Tested on {_e(started)}, '
            f"taking {run.duration_s:.1f} seconds.</p>"
        ),
        *_summary(run),
        "<h2>Required by the GP contract and NHS England</h2>",
        table_head,
        *(_requirement_row(o) for o in must),
        "</table>",
        "<h2>Recommended and optional</h2>",
        table_head,
        *(_requirement_row(o) for o in other),
        "</table>",
        *_expected_section(run),
        "<h2>Each check in detail</h2>",
        (
            '<p class="print-note muted">Technical evidence is left out of the printed copy; '
            "it is in the on-screen and JSON reports.</p>"
        ),
        *(_check(run, r) for r in run.results),
        "<h2>About this test</h2>",
        (
            f'<p class="muted">gponline-sdk {_e(run.sdk_version)}, requirement catalogue '
            f"{_e(run.catalogue_version)}, seed {run.seed} (the same seed repeats the same test "
            f"data). Selection: {_e(' '.join(run.selection) or 'the whole suite')}. "
            f"Verdict code: {_e(run.verdict.value)}"
            f"{'' if run.verdict is not Verdict.UNREACHABLE else ' (the run stopped early)'}."
            " Personal details and passwords have been hidden in this report.</p>"
        ),
        "</body></html>",
    ]
    return "\n".join(body) + "\n"


def write_html(run: RunResult, path: Path) -> Path:
    """Write the HTML report atomically; return its path."""
    return atomic_write_text(path, render_html(run))
