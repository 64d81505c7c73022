"""The practice check's HTML report: one self-contained, printable page in plain English.

No scripts, no external files, no clickable links taken from the checked
pages: addresses are shown as text. Every value is HTML-escaped on the way
out, whatever its source, so a hostile page cannot inject markup.

Layout, for a practice manager: the practice's name first (from the page
title, else the website's host), then a summary, then each item with a
Yes / No / Check by hand headline and what to do. Internal labels (check and
requirement IDs, reporting-system and standard names) sit only in a small
"Details" line under each item. Prints on A4 with page numbers; reads at
390 px wide without sideways scrolling.
"""

from __future__ import annotations

import base64
import hashlib
import html
from urllib.parse import urlsplit

from gponline_sdk.conformance.core import Level
from gponline_sdk.conformance.practice.models import (
    Answer,
    Attestation,
    Finding,
    PracticeReport,
)
from gponline_sdk.conformance.practice.page import practice_name
from gponline_sdk.models import CORE_HOURS

__all__ = ["render_practice_html", "report_name", "style_sha256"]

# Print: A4 with "n of m" page numbers; no forced page breaks, and only small items kept
# whole, so no page is left half empty. Screen: everything wraps (long addresses too),
# so nothing is wider than a 390 px phone.
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;line-height:1.5;
color:#212b32;margin:0;background:#f0f4f5;overflow-wrap:anywhere}
main{max-width:56rem;margin:0 auto;padding:1.5rem;background:#fff}
h1{font-size:1.8rem;margin:0}h2{margin-top:2rem;border-bottom:2px solid #005eb8}
.subtitle{font-size:1.15rem;margin:0 0 .5rem;color:#4c6272}
code{overflow-wrap:anywhere;font-size:.9em}
.summary{border:3px solid #005eb8;padding:1rem 1.25rem;margin:1rem 0}
.summary.clear{border-color:#007f3b}.summary.attention{border-color:#d5281b}
.summary h2{margin-top:0;border:0}
.badge{display:inline-block;min-width:6.5rem;padding:.1rem .5rem;border:2px solid;
font-weight:bold;text-align:center;margin-right:.5rem}
.pass,.yes{color:#007f3b}.fail,.no{color:#d5281b}.check_by_hand,.not_answered{color:#8a4b00}
.not_applicable{color:#4c6272}
.item{border-left:6px solid #768692;padding:.25rem 1rem;margin:1rem 0;break-inside:avoid}
.item.pass,.item.yes{border-color:#007f3b}.item.fail,.item.no{border-color:#d5281b}
.item.check_by_hand,.item.not_answered{border-color:#ffb81c}
.item h3{margin:.25rem 0;color:#212b32}.item p{color:#212b32}
.details{color:#4c6272;font-size:.85em;margin-top:.25rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #b1b4b6;padding:.4rem;text-align:left;vertical-align:top}
th{width:30%}
.muted{color:#4c6272;font-size:.9em}
@media (max-width:40rem){main{padding:1rem .75rem}h1{font-size:1.5rem}th{width:40%}}
@page{size:A4;margin:15mm 14mm 18mm;
@bottom-right{content:counter(page) " of " counter(pages);font-size:9pt;color:#4c6272}}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
p,li{orphans:3;widows:3}h2,h3{break-after:avoid}}
"""

_LEVEL_LABEL = {
    Level.MUST: "Required by the contract",
    Level.SHOULD: "Recommended",
    Level.MAY: "Optional",
}
_NOT_ANSWERED_ADVICE = (
    "Answer this question when the check asks, or in your answers file, so the report "
    "shows where you stand."
)


def style_sha256() -> str:
    """The report's one inline style block as a Content-Security-Policy source.

    A server that shows the report under a strict policy (no inline styles) allows exactly
    this block, and nothing else inline, with `style-src 'sha256-...'`.
    """
    digest = hashlib.sha256(_CSS.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def report_name(report: PracticeReport) -> tuple[str, str]:
    """The practice's name for the report's heading, and where it came from.

    Returns:
        The name, and "page title" or "website address" (the host, when the title
        gives nothing usable).
    """
    site = report.website
    name = practice_name(site.title, site.final_url)
    from_title = practice_name(site.title, "") not in ("", "your practice")
    return name, "page title" if from_title else "website address"


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


def _badge(kind: str, label: str) -> str:
    return f'<span class="badge {kind}">{_e(label)}</span>'


def _details(level: str, source: str, item_id: str, requirements: tuple[str, ...]) -> str:
    parts = [level] if level else []
    parts.append(f"Source: {source}")
    ids = f"Details: {item_id}"
    if requirements:
        ids += f"; catalogue requirement {', '.join(requirements)}"
    parts.append(ids)
    return f'<p class="details">{_e(". ".join(parts))}.</p>'


def _finding(finding: Finding) -> str:
    kind = finding.outcome.value
    out = [
        f'<section class="item finding {kind}" id="{_e(finding.id)}">',
        f"<h3>{_e(finding.title)}</h3>",
        f'<p class="headline">{_badge(kind, finding.outcome.label)}{_e(finding.summary)}</p>',
    ]
    if finding.advice:
        out.append(f"<p><strong>What to do:</strong> {_e(finding.advice)}</p>")
    if finding.evidence:
        items = "".join(f"<li><code>{_e(x)}</code></li>" for x in finding.evidence)
        out.append(f'<p>What we saw:</p><ul class="evidence">{items}</ul>')
    level = _LEVEL_LABEL[finding.level]
    out.append(_details(level, finding.source, finding.id, finding.requirements))
    out.append("</section>")
    return "\n".join(out)


def _attestation(a: Attestation) -> str:
    kind = a.answer.value
    out = [
        f'<section class="item answer {kind}" id="{_e(a.id)}">',
        f'<p class="headline">{_badge(kind, a.answer.label)}<strong>{_e(a.question)}</strong></p>',
        f"<p>Why it matters: {_e(a.why)}</p>",
    ]
    if a.answer is Answer.NO:
        out.append(f"<p><strong>What to do:</strong> {_e(a.advice)}</p>")
    elif a.answer is Answer.NOT_ANSWERED:
        out.append(f"<p><strong>What to do:</strong> {_e(_NOT_ANSWERED_ADVICE)}</p>")
    out.append(_details("", a.source, a.id, a.requirements))
    out.append("</section>")
    return "\n".join(out)


def _answers_line(report: PracticeReport) -> str:
    s = report.summary
    total = s.yes + s.no + s.not_answered
    return (
        f"You answered Yes to {s.yes} of {total} questions, No to {s.no}, "
        f"and left {s.not_answered} unanswered."
    )


def _summary(report: PracticeReport) -> list[str]:
    kind, headline = _headline(report)
    out = [
        f'<section class="summary {kind}"><h2>Summary</h2>',
        f"<p><strong>{_e(headline)}</strong></p>",
        "<ul>",
        *(
            f"<li>{_badge(f.outcome.value, f.outcome.label)}{_e(f.summary)}</li>"
            for f in report.findings
        ),
        "</ul>",
        f"<p>{_e(_answers_line(report))}</p>",
    ]
    said_no = [a for a in report.attestations if a.answer is Answer.NO]
    if said_no:
        out.append("<p>Answered No (see what to do under each):</p><ul>")
        out.extend(f"<li>{_badge('no', Answer.NO.label)}{_e(a.question)}</li>" for a in said_no)
        out.append("</ul>")
    out.append("</section>")
    return out


def _limits(report: PracticeReport) -> str:
    return f"""<h2>What this check can and cannot show</h2>
<ul>
<li>It read your website <strong>once</strong>, on {_e(_when(report))}: the one page you gave,
not the pages it links to. Changes made since, and text a page builds in the browser with
JavaScript, are not seen.</li>
<li>It reads your tool's <strong>public page</strong> once, and only in core hours when you give
its address. That shows the tool answered at that moment. It cannot see the tool's live
behaviour through core hours: whether it stays open all day, how requests are triaged, or when
patients hear back.</li>
<li>It matches words and links; it does not judge meaning. &ldquo;Check by hand&rdquo; means a
person needs to read what is quoted.</li>
<li>Your Yes/No answers record what the practice says. Nobody has checked them: they are for
your conversation with your ICB, which may ask for evidence.</li>
<li>It does not test the tool itself. Your supplier's conformance report does that.</li>
</ul>"""


def _about(report: PracticeReport) -> str:
    site = report.website
    redirects = "".join(f"<li><code>{_e(r)}</code></li>" for r in site.redirects) or "<li>none</li>"
    return f"""<h2>About this check</h2>
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
        The HTML document: the practice's name, the summary, each check with what to do,
        the practice's answers (with what to do for each No), what the check can and
        cannot show, then details of what was read. Printable on A4 as it is.
    """
    name, origin = report_name(report)
    host = urlsplit(report.website.requested_url).hostname or report.website.requested_url
    body = "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Practice check: {_e(name)}</title>",
            f"<style>{_CSS}</style></head><body><main>",
            f"<header><h1>{_e(name)}</h1>",
            '<p class="subtitle">Online consultation: practice check</p>',
            (
                f'<p class="muted">Name taken from your website\u2019s {_e(origin)}. Website: '
                f"<code>{_e(host)}</code>. Checked on {_e(_when(report))}.</p></header>"
            ),
            *_summary(report),
            "<h2>What we checked</h2>",
            *(_finding(f) for f in report.findings),
            "<h2>Your answers</h2>",
            (
                "<p>These cannot be checked from outside the practice. Yes is the answer that "
                "meets the rule; each No says what to do next.</p>"
            ),
            *(_attestation(a) for a in report.attestations),
            _limits(report),
            _about(report),
            "</main></body></html>",
        ]
    )
    return body + "\n"
