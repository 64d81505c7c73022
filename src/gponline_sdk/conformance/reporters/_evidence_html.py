"""HTML for evidence and for the "What to fix" section of the HTML report.

Every string here may have come from the tool, so each goes through `esc`
(`html.escape`). Bodies are already masked (`gponline_sdk.conformance.masking`);
JSON bodies are re-indented for reading, which cannot unmask anything.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterable
from typing import Any

from gponline_sdk.conformance.core import CheckResult, Exchange, Level, Status
from gponline_sdk.conformance.masking import MASK, REFERENCE_FIELDS, REFERENCE_HEADER
from gponline_sdk.conformance.reporters._words import LEVEL_WORDS, STATUS_WORDS
from gponline_sdk.conformance.results import RequirementOutcome, RunResult
from gponline_sdk.conformance.runner import NOT_RUN_MESSAGE

__all__ = [
    "anchor",
    "esc",
    "exchange_html",
    "failing_exchange",
    "fix_section",
    "tool_references",
]

_FIXABLE = (Status.ERROR, Status.FAIL, Status.WARN)
# Where a reference stands in a contract URL: /practice/requests/{ref}, ?thread={ref}, ...
_URL_REFERENCE = re.compile(
    r"/(?:requests|sessions|contact-details)/([A-Za-z0-9_.:-]+)|thread=([^&#]+)"
)
_HARNESS = re.compile(r"/test/(?:environment|clock)(?:[?#]|$)")  # the test-harness operations
_BODY_LIMIT = 20_000  # characters of one body shown; the JSON report has them whole


def esc(text: object) -> str:
    """`text` escaped for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def anchor(kind: str, ident: str) -> str:
    """A fragment identifier for a requirement, check or fix (IDs are safe, but escape anyway)."""
    return esc(f"{kind}-{re.sub(r'[^A-Za-z0-9_.:-]', '_', ident)}")


def _shown(body: str, pretty: bool) -> str:
    text = body
    if pretty:
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    if len(text) > _BODY_LIMIT:
        text = (
            text[:_BODY_LIMIT] + f"\n... ({len(text) - _BODY_LIMIT} more characters in report.json)"
        )
    return text


def exchange_html(e: Exchange, *, pretty: bool = True) -> str:
    """One exchange: the request line and outcome, then what was sent and received.

    `pretty` indents JSON bodies (for the one exchange "What to fix" shows); without
    it, bodies wrap in a short box, so a check's many exchanges stay compact in print.
    """
    pre = "<pre>" if pretty else '<pre class="flat">'
    outcome = e.error if e.error is not None else f"HTTP {e.status}"
    bad = e.error is not None or (e.status or 0) >= 400
    parts = [
        '<div class="exchange">',
        (
            f'<p class="req"><code class="method">{esc(e.method)}</code> <code class="url">'
            f'{esc(e.url)}</code> &rarr; <strong class="{"bad" if bad else "ok"}">'
            f"{esc(outcome)}</strong></p>"
        ),
    ]
    ids = [(n, v) for n, v in e.response_headers.items() if REFERENCE_HEADER.search(n)]
    if ids:
        parts.append(
            '<p class="muted">'
            + "; ".join(f'{esc(n)}: <code class="id">{esc(v)}</code>' for n, v in ids)
            + "</p>"
        )
    if e.request_body:
        sent = esc(_shown(e.request_body, pretty))
        parts.append(f'<p class="muted label">Sent</p>{pre}{sent}</pre>')
    if e.response_body:
        parts.append(
            f'<p class="muted label">Received</p>{pre}{esc(_shown(e.response_body, pretty))}</pre>'
        )
    parts.append("</div>")
    return "".join(parts)


def _json_references(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key.lower() in REFERENCE_FIELDS and isinstance(item, str):
                out.append(item)
            else:
                _json_references(item, out)
    elif isinstance(value, list):
        for item in value:
            _json_references(item, out)


def tool_references(e: Exchange) -> list[str]:
    """The tool's own references in an exchange, as shown (masked ones left out).

    They are what a vendor searches the tool's logs for: request IDs the tool
    answered with, references in the URL and in reference fields of the bodies.
    """
    found = [v for n, v in e.response_headers.items() if REFERENCE_HEADER.search(n)]
    for match in _URL_REFERENCE.finditer(e.url):
        found.append(match.group(1) or match.group(2))
    for body in (e.response_body, e.request_body):
        try:
            _json_references(json.loads(body or "null"), found)
        except ValueError:
            continue
    return list(dict.fromkeys(r for r in found if r and MASK not in r))


def failing_exchange(r: CheckResult) -> Exchange | None:
    """The exchange to show for a failed check: its last one with the tool itself.

    Checks set and release the tool's test clock around what they verify, so the
    very last exchange is often `DELETE /test/clock`; the last exchange outside the
    test-harness operations (`/test/...`) is the one the verdict came from.
    """
    for e in reversed(r.evidence):
        if not _HARNESS.search(e.url):
            return e
    return r.evidence[-1] if r.evidence else None


def _failing_checks(run: RunResult, o: RequirementOutcome) -> list[CheckResult]:
    return [
        r
        for r in run.results
        if r.check_id in o.checks and r.status in _FIXABLE and r.message != NOT_RUN_MESSAGE
    ]


def _fix_item(run: RunResult, o: RequirementOutcome) -> str:
    req = o.requirement
    status = o.status if o.status is not None else Status.ERROR
    parts = [
        f'<section class="fix fix-{esc(status.value)}" id="{anchor("fix", req.id)}">',
        f'<h3><span class="id">{esc(req.id)}</span> {esc(req.title)}</h3>',
        (
            f'<p class="tags"><span class="tag">{esc(LEVEL_WORDS[req.level])}</span> '
            f'<span class="tag s s-{esc(status.value)}">{esc(STATUS_WORDS[status])}</span> '
            f'<a href="#{anchor("req", req.id)}">requirement in the table</a></p>'
        ),
    ]
    for r in _failing_checks(run, o):
        parts.append(
            f'<p class="why"><strong>Why:</strong> {esc(r.message or STATUS_WORDS[r.status])}</p>'
            f'<p class="muted">Check <a class="id" href="#{anchor("check", r.check_id)}">'
            f"{esc(r.check_id)}</a> ({r.requests} requests) &mdash; full result below</p>"
        )
        last = failing_exchange(r)
        if last is not None:
            refs = tool_references(last)
            parts.append('<p class="muted label">Failing exchange (the last one with the tool)</p>')
            if refs:
                parts.append(
                    "<p>Find it in the tool's logs by "
                    + ", ".join(f'<code class="id">{esc(x)}</code>' for x in refs)
                    + "</p>"
                )
            parts.append(exchange_html(last))
    parts.append("</section>")
    return "".join(parts)


def _order(outcomes: Iterable[RequirementOutcome]) -> list[RequirementOutcome]:
    # Required items first, then recommended, then optional; the catalogue's order within.
    levels = list(Level)
    return sorted(outcomes, key=lambda o: levels.index(o.requirement.level))


def fix_section(run: RunResult) -> list[str]:
    """The "What to fix" section: each failed requirement, why, and its failing exchange."""
    todo = _order(
        o
        for o in run.requirements
        if o.status in _FIXABLE and o.waived_by is None and _failing_checks(run, o)
    )
    if not todo and not run.unreachable:
        return []
    out = ['<section id="what-to-fix"><h2>What to fix</h2>']
    if run.unreachable:
        out.append(f'<p class="why"><strong>The run stopped:</strong> {esc(run.unreachable)}</p>')
    if todo:
        out.append(
            f"<p>{len(todo)} item{'s' if len(todo) != 1 else ''} "
            "failed or could not be checked, required items first. Each shows the reason and "
            "the last exchange of the check that found it (personal details hidden).</p>"
        )
        out.append('<ol class="toc">')
        out += [
            f'<li><a href="#{anchor("fix", o.requirement.id)}"><span class="id">'
            f"{esc(o.requirement.id)}</span></a> {esc(o.requirement.title)}</li>"
            for o in todo
        ]
        out.append("</ol>")
        out += [_fix_item(run, o) for o in todo]
    out.append("</section>")
    return out
