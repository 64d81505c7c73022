"""The hosted application's own pages, as HTML strings (the report itself comes from `html`).

Every value is escaped on the way out, whatever its source. The questions and their
explanations come from the attestation file (`attest.load_questions`), never restated.
Accessibility, for WCAG 2.1 AA: one `h1` and a skip link per page; every field has a
label; each question is a fieldset whose legend is the question and whose explanation is
tied to it with `aria-describedby`; an error is named in a summary at the top (linking
to its field) and beside its field, which points at it with `aria-describedby`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from gponline_sdk.conformance.practice.models import AttestationQuestion

__all__ = [
    "batch_form_page",
    "check_form_page",
    "message_page",
    "progress_page",
]

REFRESH_SECONDS = 2


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _layout(title: str, body: str, *, refresh: str | None = None) -> str:
    meta = (
        f'<meta http-equiv="refresh" content="{REFRESH_SECONDS};url={_e(refresh)}">'
        if refresh is not None
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>{meta}
<link rel="stylesheet" href="/static/app.css"></head><body>
<a class="skip" href="#content">Skip to main content</a>
<header class="site"><a href="/">Practice check</a> &middot;
<a href="/batch">Check many practices (ICB)</a></header>
<main id="content">
{body}
</main></body></html>
"""


def _error_summary(errors: Mapping[str, str]) -> str:
    if not errors:
        return ""
    items = "".join(f'<li><a href="#{_e(k)}">{_e(v)}</a></li>' for k, v in errors.items())
    return (
        '<div class="error-summary" role="alert" aria-labelledby="error-summary-title">'
        '<h2 id="error-summary-title">There is a problem</h2>'
        f"<ul>{items}</ul></div>"
    )


def _text_field(
    name: str, label: str, hint: str, value: str, errors: Mapping[str, str], *, required: bool
) -> str:
    error = errors.get(name)
    flags = (" required" if required else "") + (' aria-invalid="true"' if error else "")
    described = [f"{name}-hint"]
    message = ""
    if error:
        described.append(f"{name}-error")
        message = f'<p class="error-message" id="{name}-error">Error: {_e(error)}</p>'
    return (
        f'<div class="field{" field-error" if error else ""}">'
        f'<label for="{name}">{_e(label)}</label>'
        f'<p class="hint" id="{name}-hint">{_e(hint)}</p>{message}'
        f'<input type="url" id="{name}" name="{name}" value="{_e(value)}" '
        f'aria-describedby="{" ".join(described)}" autocomplete="url" spellcheck="false"'
        f"{flags}>"
        "</div>"
    )


def _question(q: AttestationQuestion, chosen: str, errors: Mapping[str, str]) -> str:
    error = errors.get(q.id)
    described = f"{q.id}-why" + (f" {q.id}-error" if error else "")
    message = f'<p class="error-message" id="{q.id}-error">Error: {_e(error)}</p>' if error else ""
    choices = (("yes", "Yes"), ("no", "No"), ("", "Not sure, or skip"))
    radios = "".join(
        f'<span><input type="radio" id="{q.id}-{value or "skip"}" name="{q.id}" '
        f'value="{value}"{" checked" if chosen == value else ""}>'
        f'<label for="{q.id}-{value or "skip"}">{label}</label></span>'
        for value, label in choices
    )
    return (
        f'<fieldset class="question{" field-error" if error else ""}" id="{q.id}" '
        f'aria-describedby="{described}">'
        f"<legend>{_e(q.question)}</legend>"
        f'<p class="hint" id="{q.id}-why">Why it matters: {_e(q.why)}</p>{message}'
        f'<div class="radios">{radios}</div></fieldset>'
    )


def check_form_page(
    questions: Sequence[AttestationQuestion],
    *,
    csrf: str,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> str:
    """The practice manager's form: the two addresses, then every question.

    Args:
        questions: The attestation questions, in order.
        csrf: The form's CSRF token.
        values: What was typed, to fill the form again after an error.
        errors: Field name (or question ID) to message, shown in the summary and beside it.
    """
    values = values or {}
    errors = errors or {}
    title = ("Error: " if errors else "") + "Check your practice's website and online tool"
    fields = [
        _text_field(
            "website",
            "Your practice website",
            "The full address of the page patients start from, for example "
            "https://www.example-surgery.nhs.uk",
            values.get("website", ""),
            errors,
            required=True,
        ),
        _text_field(
            "tool",
            "Your online consultation tool's address (optional)",
            "The full address patients use to start an online request. Leave it empty if "
            "you do not know it; the check then looks for a link that seems to be the tool.",
            values.get("tool", ""),
            errors,
            required=False,
        ),
    ]
    asked = "".join(_question(q, values.get(q.id, ""), errors) for q in questions)
    body = f"""<h1>Check your practice&rsquo;s website and online tool</h1>
{_error_summary(errors)}
<p>This page reads your practice&rsquo;s web page once, the way a patient&rsquo;s browser
would, and (in core hours) checks that your online consultation tool answers. It then
shows a report you can print or save as a PDF. Nothing about your patients is asked for or
sent.</p>
<form method="post" action="/check" novalidate>
<input type="hidden" name="csrf" value="{_e(csrf)}">
{"".join(fields)}
<h2>Questions the check cannot answer from outside</h2>
<p>Yes is always the answer that meets the rule. If you are not sure, leave it: the report
will say the question was not answered. Your answers appear only in your report.</p>
{asked}
<button type="submit">Check now</button>
</form>"""
    return _layout(title, body)


def batch_form_page(*, csrf: str, errors: Sequence[str] = (), max_rows: int, max_bytes: int) -> str:
    """The ICB's page: upload the batch CSV (columns ods_code, name, website, tool_url)."""
    summary = ""
    described = "practices-hint"
    if errors:
        items = "".join(f'<li><a href="#practices">{_e(m)}</a></li>' for m in errors)
        summary = (
            '<div class="error-summary" role="alert" aria-labelledby="error-summary-title">'
            f'<h2 id="error-summary-title">There is a problem with the file</h2><ul>{items}'
            "</ul></div>"
        )
        described += " practices-error"
    error = (
        f'<p class="error-message" id="practices-error">Error: {_e(errors[0])}</p>'
        if errors
        else ""
    )
    invalid = ' aria-invalid="true"' if errors else ""
    body = f"""<h1>Check many practices</h1>
{summary}
<p>For an ICB or a federation: upload a CSV file listing practices and get one summary of
every automated check, with each practice&rsquo;s full report. The questions practices
answer themselves are not part of this view.</p>
<form method="post" action="/batch" enctype="multipart/form-data" novalidate>
<input type="hidden" name="csrf" value="{_e(csrf)}">
<div class="field{" field-error" if errors else ""}">
<label for="practices">Practices (CSV file)</label>
<p class="hint" id="practices-hint">A header row with the columns ods_code, name, website and
tool_url (tool_url may be empty), then one practice per row; at most {max_rows} practices
and {max_bytes // 1024} KB.</p>{error}
<input type="file" id="practices" name="practices" accept=".csv,text/csv"
aria-describedby="{described}"{invalid}>
</div>
<button type="submit">Check these practices</button>
</form>"""
    return _layout(("Error: " if errors else "") + "Check many practices", body)


def progress_page(what: str, url: str, *, done: int | None = None, total: int | None = None) -> str:
    """Shown while a check runs: it reloads itself every few seconds until the result is ready."""
    count = f" {done} of {total} practices checked so far." if total is not None else ""
    body = f"""<h1>Checking {_e(what)}&hellip;</h1>
<div class="progress" role="status"><p>The check is running.{_e(count)} This page
refreshes itself every {REFRESH_SECONDS} seconds and shows the result as soon as it is
ready; most checks take under a minute.</p>
<p><a href="{_e(url)}">Refresh now</a></p></div>"""
    return _layout(f"Checking {what}", body, refresh=url)


def message_page(title: str, message: str, *, back: str = "/") -> str:
    """A plain page for an error or a notice, with a way back."""
    body = f"""<h1>{_e(title)}</h1>
<p>{_e(message)}</p>
<p><a href="{_e(back)}">Go back and try again</a></p>"""
    return _layout(title, body)
