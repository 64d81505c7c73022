"""The practice check's HTML report: one self-contained, printable page in plain English.

No scripts, no external files, no clickable links taken from the checked
pages: addresses are shown as text. Every value is HTML-escaped on the way
out, whatever its source, so a hostile page cannot inject markup.
"""

from __future__ import annotations

import html

from gponline_sdk.conformance.core import Level
from gponline_sdk.conformance.practice.models import (
    Answer,
    Attestation,
    Finding,
    PracticeReport,
)
from gponline_sdk.models import CORE_HOURS

__all__ = ["render_practice_html"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;line-height:1.5;
color:#212b32;margin:0;background:#f0f4f5}
main{max-width:56rem;margin:0 auto;padding:1.5rem;background:#fff}
h1{font-size:1.8rem;margin:0 0 .5rem}h2{margin-top:2rem;border-bottom:2px solid #005eb8}
code{overflow-wrap:anywhere;font-size:.9em}
.summary{border:3px solid #005eb8;padding:1rem 1.25rem;margin:1rem 0}
.summary.clear{border-color:#007f3b}.summary.attention{border-color:#d5281b}
.summary h2{margin-top:0;border:0}
.badge{display:inline-block;min-width:9rem;padding:.1rem .5rem;border:2px solid;
font-weight:bold;text-align:center;margin-right:.5rem}
.pass{color:#007f3b}.fail{color:#d5281b}.check_by_hand{color:#8a4b00}
.not_applicable{color:#4c6272}.yes{color:#007f3b}.no{color:#d5281b}
.not_answered{color:#8a4b00}
.finding{border-left:6px solid #768692;padding:.25rem 1rem;margin:1rem 0;break-inside:avoid}
.finding.pass{border-color:#007f3b}.finding.fail{border-color:#d5281b}
.finding.check_by_hand{border-color:#ffb81c}
.finding h3{margin:.25rem 0;color:#212b32}.finding p{color:#212b32}
.evidence li{overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #b1b4b6;padding:.4rem;text-align:left;vertical-align:top}
.muted{color:#4c6272;font-size:.9em}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
.summary,.finding,tr{break-inside:avoid}h2{break-after:avoid}}
"""

_ANSWER_LABEL = {Answer.YES: "Yes", Answer.NO: "No", Answer.NOT_ANSWERED: "Not answered"}
_LEVEL_LABEL = {
    Level.MUST: "Required by the contract",
    Level.SHOULD: "Recommended",
    Level.MAY: "Optional",
}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _when(report: PracticeReport) -> str:
    local = report.checked_at.astimezone(CORE_HOURS.zone)
    return f"{local:%A} {local.day} {local:%B %Y at %H:%M} (UK time)"


def _headline(report: PracticeReport) -> tuple[str, str]:
    s = report.summary
    if s.all_clear:
        return "clear", "All clear: every check passed and every question was answered Yes."
    parts = []
    if s.failed:
        parts.append(f"{s.failed} check{'s' if s.failed != 1 else ''} did not pass")
    if s.check_by_hand:
        parts.append(f"{s.check_by_hand} to check by hand")
    if s.no:
        parts.append(f"{s.no} question{'s' if s.no != 1 else ''} answered No")
    if s.not_answered:
        parts.append(f"{s.not_answered} question{'s' if s.not_answered != 1 else ''} not answered")
    return "attention", "Needs your attention: " + "; ".join(parts) + "."


def _summary_item(finding: Finding) -> str:
    return (
        f'<li><span class="badge {finding.outcome.value}">{_e(finding.outcome.label)}</span>'
        f"{_e(finding.summary)}</li>"
    )


def _catalogue(requirements: tuple[str, ...]) -> str:
    return f"; suite requirement {', '.join(requirements)}" if requirements else ""


def _finding(finding: Finding) -> str:
    out = [
        f'<section class="finding {finding.outcome.value}" id="{_e(finding.id)}">',
        f"<h3>{_e(finding.title)}</h3>",
        (
            f'<p><span class="badge {finding.outcome.value}">{_e(finding.outcome.label)}</span>'
            f"{_e(finding.summary)}</p>"
        ),
    ]
    if finding.advice:
        out.append(f"<p><strong>What to do:</strong> {_e(finding.advice)}</p>")
    if finding.evidence:
        items = "".join(f"<li><code>{_e(x)}</code></li>" for x in finding.evidence)
        out.append(f'<p>What we saw:</p><ul class="evidence">{items}</ul>')
    out.append(
        f'<p class="muted">{_e(_LEVEL_LABEL[finding.level])}. Source: {_e(finding.source)}. '
        f"Check {_e(finding.id)}{_e(_catalogue(finding.requirements))}.</p></section>"
    )
    return "\n".join(out)


def _attestation_row(a: Attestation) -> str:
    return (
        f'<tr><td>{_e(a.question)}<br><span class="muted">{_e(a.why)} '
        f"Source: {_e(a.source)}. ({_e(a.id)}{_e(_catalogue(a.requirements))})</span></td>"
        f'<td class="{a.answer.value}"><strong>{_e(_ANSWER_LABEL[a.answer])}</strong></td></tr>'
    )


def _answers_line(report: PracticeReport) -> str:
    s = report.summary
    total = s.yes + s.no + s.not_answered
    return (
        f"You answered Yes to {s.yes} of {total} questions, No to {s.no}, "
        f"and left {s.not_answered} unanswered."
    )


def _about(report: PracticeReport) -> str:
    site = report.website
    redirects = "".join(f"<li><code>{_e(r)}</code></li>" for r in site.redirects) or "<li>none</li>"
    return f"""<h2>About this check</h2>
<p>This check reads one web page, the one you gave, and looks at its links and its text. It
uses word patterns, not a person's judgement: where it could not tell, it says
&ldquo;Not found &mdash; check by hand&rdquo;. It never follows the links it finds. The
questions above record your own answers; nobody has verified them.</p>
<table>
<tr><th scope="row">Page asked for</th><td><code>{_e(site.requested_url)}</code></td></tr>
<tr><th scope="row">Page read</th><td><code>{_e(site.final_url)}</code>
(HTTP {_e(site.status)}, {_e(f"{site.bytes:,}")} bytes, {_e(site.links)} links)</td></tr>
<tr><th scope="row">Redirects</th><td><ul>{redirects}</ul></td></tr>
<tr><th scope="row">Page title</th><td>{_e(site.title) or "(none)"}</td></tr>
<tr><th scope="row">Tool address</th><td><code>{_e(report.tool_url or "not given")}</code></td></tr>
<tr><th scope="row">Checked at</th><td>{_e(_when(report))}</td></tr>
<tr><th scope="row">Made by</th><td>gponline-sdk {_e(report.sdk_version)},
report version {_e(report.report_version)}</td></tr>
</table>"""


def render_practice_html(report: PracticeReport) -> str:
    """Render a practice report as one self-contained HTML page.

    Args:
        report: The report from `check_practice`.

    Returns:
        The HTML document: the summary first, then each check with what to do, then the
        practice's answers, then details of what was read. Printable as it is.
    """
    kind, headline = _headline(report)
    website = report.website.requested_url
    body = "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Practice check: {_e(website)}</title>",
            f"<style>{_CSS}</style></head><body><main>",
            "<h1>Online consultation: practice check</h1>",
            (
                f'<p class="muted">Website: <code>{_e(website)}</code>. Checked on '
                f"{_e(_when(report))}.</p>"
            ),
            f'<section class="summary {kind}"><h2>Summary</h2>',
            f"<p><strong>{_e(headline)}</strong></p>",
            "<ul>",
            *(_summary_item(f) for f in report.findings),
            "</ul>",
            f"<p>{_e(_answers_line(report))}</p></section>",
            "<h2>What we checked</h2>",
            *(_finding(f) for f in report.findings),
            "<h2>Your answers</h2>",
            (
                "<p>These cannot be checked from outside the practice. Yes is the answer that "
                "meets the rule; for each No or unanswered question, see why it matters.</p>"
            ),
            (
                '<table><thead><tr><th scope="col">Question</th><th scope="col">Answer</th></tr>'
                "</thead><tbody>"
            ),
            *(_attestation_row(a) for a in report.attestations),
            "</tbody></table>",
            _about(report),
            "</main></body></html>",
        ]
    )
    return body + "\n"
