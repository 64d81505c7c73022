"""A self-contained HTML report that a practice manager can read and print.

Plain-English summary first, then "What to fix": each failed requirement with
its reason and the failing exchange, linked to its full result. Then one row
per requirement, each check's details with its evidence folded away
(`<details>`, no JavaScript; unfolded when printed), and the run's request
budget. One file, inline CSS, nothing fetched from the network; it reflows to
a phone's width (390 px) and prints on A4. Every string that could have come
from the tool (target name, messages, notes, evidence) goes through
`html.escape`, so a hostile tool cannot run script in the reader's browser.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from gponline_sdk.conformance._files import atomic_write_text
from gponline_sdk.conformance.core import CheckResult, Level, Requirement, Status, Verification
from gponline_sdk.conformance.expected_failures import EntryState
from gponline_sdk.conformance.reporters._evidence_html import (
    anchor,
    esc,
    exchange_html,
    fix_section,
)
from gponline_sdk.conformance.reporters._words import (
    LEVEL_WORDS,
    STATUS_WORDS,
    headline,
    request_budget,
    requirement_words,
    verdict_line,
    warned_recommendations,
)
from gponline_sdk.conformance.results import RequirementOutcome, RunResult, Verdict
from gponline_sdk.models.schedule import UK_TIMEZONE

__all__ = ["render_html", "write_html"]

_CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:1.5rem auto;
max-width:60rem;padding:0 1rem;color:#212b32;line-height:1.45;overflow-wrap:break-word}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem}
h3{font-size:1.05rem;margin:.2rem 0}
a{color:#005eb8}
.id{white-space:nowrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
code.url{overflow-wrap:anywhere;word-break:break-all}
.verdict{padding:1rem 1.2rem;border-left:.5rem solid;margin:1rem 0;font-size:1.1rem}
.v-conformant{border-color:#007f3b;background:#e6f4ec}
.v-not_conformant,.v-stale_expectations,.v-waived{border-color:#d5281b;background:#fbe9e7}
.v-unreachable{border-color:#ffb81c;background:#fff7e0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #d8dde0;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f4f5}.s{font-weight:600;white-space:nowrap}
.s-pass{color:#007f3b}.s-fail,.s-error{color:#d5281b}.s-warn{color:#8a5a00}
.s-skip,.s-omit,.s-none{color:#4c6272}
.muted{color:#4c6272;font-size:.9rem}.label{margin:.4rem 0 .1rem}
.cites{color:#4c6272;font-size:.85rem}
pre{white-space:pre;overflow:auto;max-height:24rem;max-width:100%;background:#f0f4f5;
padding:.5rem;font-size:.78rem;margin:.2rem 0 .6rem;border:1px solid #d8dde0}
details{margin:.3rem 0 1rem}summary{cursor:pointer}
.check{border-top:1px solid #d8dde0;padding-top:.5rem}
.fix{border:1px solid #d8dde0;border-left:.4rem solid #d5281b;padding:.6rem .8rem;margin:1rem 0}
.fix-warn{border-left-color:#ffb81c}
.tags{margin:.2rem 0 .5rem}.tag{display:inline-block;border:1px solid #d8dde0;
border-radius:.2rem;padding:0 .4rem;margin-right:.3rem;font-size:.85rem}
.why{margin:.4rem 0}.exchange{margin:.3rem 0}.req{margin:.3rem 0}
.ok{color:#007f3b}.bad{color:#d5281b}.ok,.bad{white-space:nowrap}
.toc{padding-left:1.4rem}.budget td.n{text-align:right;white-space:nowrap}
.c-id{width:7.5rem}.c-lvl{width:6.5rem}.c-res{width:7rem}
.c-note{width:28%}thead{display:table-header-group}
pre.flat{white-space:pre-wrap;word-break:break-all;max-height:12rem}
.scroll{overflow-x:auto;max-width:100%}
@media (max-width:40rem){
body{padding:0 .6rem;margin:.8rem auto}h1{font-size:1.3rem}
table.reqs,table.reqs tbody,table.reqs tr,table.reqs td{display:block;width:100%}
table.reqs thead,table.reqs colgroup{display:none}
table.reqs tr{border:1px solid #d8dde0;margin:.5rem 0}
table.reqs td{border:none;border-top:1px solid #eef1f3}
table.reqs td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#4c6272}
table.reqs td:empty{display:none}
table.budget{font-size:.8rem}table.budget .id{font-size:.7rem}table.budget .t{display:none}
table.budget th,table.budget td{padding:.3rem}
}
@page{size:A4;margin:14mm 12mm}
@media print{
body{margin:0;max-width:none;padding:0;font-size:9.5pt}
a{color:inherit;text-decoration:none}
h2,h3{break-after:avoid}tr,.tags,.req{break-inside:avoid}
pre,pre.flat{max-height:none;overflow:visible;white-space:pre-wrap;word-break:break-all;
font-size:7.5pt}.c-id{width:6.2rem}.c-lvl{width:5.2rem}.c-res{width:5.5rem}
details>summary{list-style:none}details>summary::-webkit-details-marker{display:none}
details::details-content{content-visibility:visible;display:block}
details:not([open])>*{display:block}
.fix{break-inside:auto}.verdict{break-inside:avoid}
}
"""


def _status_cell(status: Status | None, waived: bool = False) -> str:
    key = "none" if status is None else status.value
    word = requirement_words(status)
    if waived:
        word += " (expected, waived)"
    return f'<td class="s s-{key}" data-label="Result">{esc(word)}</td>'


def _req_link(req_id: str) -> str:
    return f'<a class="id" href="#{anchor("req", req_id)}">{esc(req_id)}</a>'


def _summary(run: RunResult) -> list[str]:
    counts = run.counts()
    # Waived required items: the exit code says conformant, the page must not look it.
    look = "waived" if run.waived_musts and run.verdict is Verdict.CONFORMANT else run.verdict.value
    out = [
        f'<div class="verdict v-{esc(look)}"><strong>{esc(headline(run))}</strong>',
        "</div>",
        "<p>",
        (
            f"{counts[Status.PASS]} checks passed, {counts[Status.FAIL]} failed, "
            f"{counts[Status.WARN]} gave warnings, {counts[Status.ERROR]} could not be completed, "
            f"{counts[Status.SKIP]} were skipped and {counts[Status.OMIT]} did not apply. "
            f'Requests: {_budget_words(run)} (<a href="#budget">per check</a>).'
        ),
        "</p>",
    ]
    if run.failing_musts and not run.unreachable:
        out.append("<p>Required items the tool does not meet:</p><ul>")
        out += [
            f"<li><strong>{esc(o.requirement.title)}</strong> ({_req_link(o.requirement.id)}): "
            f"{esc(o.requirement.description)}</li>"
            for o in run.failing_musts
        ]
        out.append("</ul>")
    if run.waived_musts and not run.unreachable:
        out.append(
            "<p>Required items the tool does not meet, waived as known failures by the "
            "supplier (the test run does not fail for them):</p><ul>"
        )
        out += [
            f"<li><strong>{esc(o.requirement.title)}</strong> ({_req_link(o.requirement.id)}): "
            f"{esc(o.waived_by.reason if o.waived_by else '')}</li>"
            for o in run.waived_musts
        ]
        out.append("</ul>")
    warned = warned_recommendations(run)
    if warned and not run.unreachable:
        out.append(
            "<p>Recommended or optional items with a warning (they do not fail the test):</p>"
        )
        out.append("<ul>")
        out += [
            f"<li>{esc(o.requirement.title)} ({_req_link(o.requirement.id)})</li>" for o in warned
        ]
        out.append("</ul>")
    attest = [o for o in run.requirements if o.requirement.verification is Verification.ATTESTATION]
    if attest:
        out.append(
            "<p>Some requirements cannot be tested by software; the practice answers them "
            f"itself ({len(attest)} listed below as <em>Not tested</em>).</p>"
        )
    out.append(_LIMITS)
    return out


# Said on every report: what a pass can and cannot be taken to prove.
_LIMITS = (
    '<p class="limits"><strong>What this test can and cannot show.</strong> The suite talks to '
    "the tool's test environment through its test interface, with the tool's clock set by the "
    "suite: it shows how that build behaves at the instants it chose, for the requests it sent. "
    "It cannot see the live service (whether production is open in core hours today, how many "
    "requests it turns away, whether staff triage on time), and it cannot see what the practice "
    "decides or does. Those are the items marked <em>Not tested</em>: the practice answers them "
    "itself, as its record for its Integrated Care Board.</p>"
)


def _requirement_row(o: RequirementOutcome) -> str:
    req = o.requirement
    why = o.note
    if o.waived_by is not None:
        why = f"Expected failure: {o.waived_by.reason}"
    elif o.status is None and req.rationale:
        why = req.rationale
    return (
        f'<tr id="{anchor("req", req.id)}"><td data-label="ID"><span class="id">{esc(req.id)}'
        f"</span></td><td><strong>{esc(req.title)}</strong><br>"
        f'<span class="muted">{esc(req.description)}</span>{_provenance(req)}</td>'
        f'<td data-label="Level">{esc(LEVEL_WORDS[req.level])}</td>'
        f"{_status_cell(o.status, o.waived_by is not None)}"
        f'<td class="muted" data-label="Notes">{esc(why)}</td></tr>'
    )


def _provenance(req: Requirement) -> str:
    """Where the rule comes from, and what of it is the SDK's own reading."""
    out = ""
    if req.citations:
        cited = "; ".join(text for _, text in req.citations)
        out += f'<br><span class="cites">Source: {esc(cited)}</span>'
    if req.sdk_rule:
        rule = esc(req.sdk_rule)
        out += f'<br><span class="cites"><strong>The SDK\'s own rule:</strong> {rule}</span>'
    return out


def _check(run: RunResult, r: CheckResult) -> str:
    waived = run.expected_for_check(r.check_id)
    word = STATUS_WORDS[r.status] + (" (expected, waived)" if waived else "")
    verifies = ", ".join(_req_link(x) for x in r.requirements)
    parts = [
        (
            f'<div class="check" id="{anchor("check", r.check_id)}"><p>'
            f'<span class="s s-{r.status.value}">{esc(word)}</span> &mdash; '
            f"<strong>{esc(r.title)}</strong><br>"
            f'<span class="muted"><span class="id">{esc(r.check_id)}</span>; verifies {verifies}; '
            f"{r.requests} requests; {r.duration_s:.2f}s</span></p>"
        )
    ]
    if r.message:
        parts.append(f"<p>{esc(r.message)}</p>")
    if waived is not None:
        parts.append(f"<p class='muted'>Expected failure: {esc(waived.reason)}</p>")
    if r.notes or r.evidence:
        parts.append(
            f'<details class="evidence"><summary>Evidence ({len(r.evidence)} exchanges, '
            f"{len(r.notes)} notes)</summary>"
        )
        parts += [f"<p class='muted'>{esc(n)}</p>" for n in r.notes]
        parts += [exchange_html(e, pretty=False) for e in r.evidence]
        parts.append("</details>")
    parts.append("</div>")
    return "".join(parts)


def _budget_words(run: RunResult) -> str:
    """`request_budget` as HTML, with the check's ID kept on one line."""
    words = esc(request_budget(run))
    if run.results:
        top = esc(max(run.results, key=lambda r: r.requests).check_id)
        words = words.replace(f"most: {top},", f'most: <span class="id">{top}</span>,', 1)
    return words


def _budget_section(run: RunResult) -> list[str]:
    """The run's request budget: how many requests each check sent, most first."""
    rows = sorted(run.results, key=lambda r: (-r.requests, r.check_id))
    out = [
        '<section id="budget"><h2>Request budget</h2>',
        f"<p>{_budget_words(run)}.</p>",
        (
            '<div class="scroll"><table class="budget"><tr><th>Check</th><th>Requests</th>'
            '<th class="t">Time</th></tr>'
        ),
    ]
    out += [
        f'<tr><td><a class="id" href="#{anchor("check", r.check_id)}">{esc(r.check_id)}</a></td>'
        f'<td class="n">{r.requests}</td><td class="n t">{r.duration_s:.2f}s</td></tr>'
        for r in rows
    ]
    out.append("</table></div></section>")
    return out


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
            '<h2 id="known-problems">Known problems the supplier listed</h2><div class="scroll">'
            "<table>"
            "<tr><th>Item</th><th>Reason given</th><th>This run</th></tr>"
        )
    ]
    out += [
        f'<tr><td><span class="id">{esc(x.entry.id)}</span></td><td>{esc(x.entry.reason)}</td>'
        f"<td>{esc(words[x.state])}</td></tr>"
        for x in run.expected
    ]
    out.append("</table></div>")
    return out


def render_html(run: RunResult) -> str:
    """The whole report as one HTML document."""
    # Practice managers read UK time, whatever the machine's zone.
    started = run.started_at.astimezone(ZoneInfo(UK_TIMEZONE)).strftime("%d %B %Y at %H:%M %Z")
    must = [o for o in run.requirements if o.requirement.level is Level.MUST]
    other = [o for o in run.requirements if o.requirement.level is not Level.MUST]
    table_head = (
        '<table class="reqs"><colgroup><col class="c-id"><col class="c-req"><col class="c-lvl">'
        '<col class="c-res"><col class="c-note"></colgroup><thead><tr class="head"><th>ID</th>'
        "<th>Requirement</th><th>Level</th><th>Result</th><th>Notes</th></tr></thead>"
    )
    body = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Online consultation tool: conformance report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Online consultation tool: conformance report</h1>",
        (
            f'<p class="muted">Tool tested: {esc(run.target)}<br>Tested on {esc(started)}, '
            f"taking {run.duration_s:.1f} seconds.</p>"
        ),
        *_summary(run),
        *fix_section(run),
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
        *(_check(run, r) for r in run.results),
        *_budget_section(run),
        "<h2>About this test</h2>",
        (
            f'<p class="muted">gponline-sdk {esc(run.sdk_version)}, requirement catalogue '
            f"{esc(run.catalogue_version)}, seed {run.seed} (the same seed repeats the same test "
            f"data). Selection: {esc(' '.join(run.selection) or 'the whole suite')}. "
            f"Verdict: {esc(verdict_line(run))} (code {esc(run.verdict.value)}"
            f"{'' if run.verdict is not Verdict.UNREACHABLE else '; the run stopped early'})."
            " Personal details and passwords have been hidden in this report; the tool's own "
            "references are shown, so each exchange can be found in the tool's logs.</p>"
        ),
        "</body></html>",
    ]
    return "\n".join(body) + "\n"


def write_html(run: RunResult, path: Path) -> Path:
    """Write the HTML report atomically; return its path."""
    return atomic_write_text(path, render_html(run))
