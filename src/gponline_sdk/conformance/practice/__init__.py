"""The practice check: is a GP practice's website and tool doing what the contract asks?

For a practice manager, not a developer. It reads the practice's web page
once (never the pages it links to), checks it for a link to the online
consultation tool, a link to NHS 111 online, the urgent-use safeguard, when
to expect a response and a link to the "You and your general practice"
charter; if a tool address is given and it is core hours,
checks that the tool answers and does not say it is closed; and records the
practice's Yes/No answers for what cannot be checked from outside.

>>> report = check_practice("https://www.example-surgery.nhs.uk")  # doctest: +SKIP
>>> report.summary.all_clear  # doctest: +SKIP
False
>>> html = render_practice_html(report)  # doctest: +SKIP

The heuristics are described in `gponline_sdk.conformance.practice.rules`
and in `docs/practice.md`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path

import requests

from gponline_sdk import __version__
from gponline_sdk.conformance._files import atomic_write_bytes
from gponline_sdk.conformance.core import Level
from gponline_sdk.conformance.practice.attest import (
    load_answers,
    load_questions,
    no_advice,
    parse_answers,
)
from gponline_sdk.conformance.practice.fetch import (
    FetchedPage,
    display_url,
    fetch_page,
    normalise_input_url,
)
from gponline_sdk.conformance.practice.html import render_practice_html
from gponline_sdk.conformance.practice.models import (
    Answer,
    Attestation,
    AttestationQuestion,
    Finding,
    Outcome,
    PageSummary,
    PracticeReport,
    ReportSummary,
    Timeouts,
)
from gponline_sdk.conformance.practice.page import parse_page, snippet
from gponline_sdk.conformance.practice.rules import (
    FINDING_REQUIREMENTS,
    charter_finding,
    closed_wording,
    response_time_finding,
    safeguard_finding,
    symptom_checker_finding,
    tool_link_finding,
)
from gponline_sdk.errors import ConfigError, TargetUnreachable
from gponline_sdk.models import CORE_HOURS
from gponline_sdk.serde import to_json

__all__ = [
    "DEFAULT_TIMEOUTS",
    "HTML_REPORT",
    "JSON_REPORT",
    "Answer",
    "Attestation",
    "AttestationQuestion",
    "Finding",
    "Outcome",
    "PageSummary",
    "PracticeReport",
    "ReportSummary",
    "Timeouts",
    "check_practice",
    "load_answers",
    "load_questions",
    "render_practice_html",
    "tool_open_finding",
    "write_practice_reports",
]

DEFAULT_TIMEOUTS = Timeouts()
"""5 s to connect, 10 s between bytes, 30 s per page, 2 MiB per page, 5 redirects."""
HTML_REPORT = "practice-report.html"
JSON_REPORT = "practice-report.json"

_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_TOKEN = re.compile(r"[a-z0-9.+-]+/[a-z0-9.+-]+")


def check_practice(
    website_url: str,
    *,
    tool_url: str | None = None,
    answers: Mapping[str, Answer | bool | str] | None = None,
    at: datetime | None = None,
    session: requests.Session | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    questions: tuple[AttestationQuestion, ...] | None = None,
) -> PracticeReport:
    """Check a practice's web page (and tool), and record its attestations.

    Args:
        website_url: The practice's web page, a full address (`https://...`).
        tool_url: The online consultation tool's full address, for an exact link match and
            the "open now" check.
        answers: Attestation answers by question ID (`Answer`, `True`/`False` or
            `"yes"`/`"no"`); questions left out are "not answered".
        at: The instant the check counts as made at (default: now); core hours are
            judged at this instant.
        session: A `requests.Session` to use (default: a new one, closed afterwards).
        timeouts: Timeouts, page size cap and redirect limit for every request.
        questions: The attestation questions (default: the SDK's own list).

    Returns:
        The report: findings in a fixed order, then every question with its answer.

    Raises:
        ConfigError: if an address is not a full http(s) web address (a missing
            `https://` is refused, with the fix in the message) or `at` is naive.
        InputFileError: if `answers` names an unknown question or holds a value that is
            not yes or no.
        TargetUnreachable: if the practice's web page cannot be read.
    """
    website = normalise_input_url(website_url, "website")
    tool = normalise_input_url(tool_url, "tool") if tool_url is not None else None
    when = at if at is not None else datetime.now(timezone.utc)
    if when.tzinfo is None or when.utcoffset() is None:
        raise ConfigError("at: a timezone is required (add Z or +HH:MM)")
    asked = questions if questions is not None else load_questions()
    given = parse_answers(
        {k: _as_word(v) for k, v in (answers or {}).items() if v is not Answer.NOT_ANSWERED},
        asked,
        source="answers",
    )
    own = session is None
    http = requests.Session() if session is None else session
    try:
        fetched = fetch_page(website, session=http, timeouts=timeouts, what="practice website")
        _require_page(fetched)
        page = parse_page(fetched.text, fetched.final_url)
        findings = (
            tool_link_finding(page, tool),
            symptom_checker_finding(page),
            safeguard_finding(page),
            response_time_finding(page),
            charter_finding(page),
            tool_open_finding(tool, at=when, session=http, timeouts=timeouts),
        )
    finally:
        if own:
            http.close()
    attestations = tuple(
        Attestation(
            id=q.id,
            question=q.question,
            why=q.why,
            source=q.source,
            answer=given.get(q.id, Answer.NOT_ANSWERED),
            requirements=q.requirements,
            advice=q.advice or no_advice(q.id),
        )
        for q in asked
    )
    return PracticeReport(
        sdk_version=__version__,
        checked_at=when,
        website=PageSummary(
            requested_url=fetched.requested_url,
            final_url=fetched.final_url,
            redirects=fetched.redirects,
            status=fetched.status,
            title=page.title,
            links=len(page.links),
            bytes=fetched.size,
        ),
        tool_url=display_url(tool) if tool is not None else None,
        findings=findings,
        attestations=attestations,
    )


def _as_word(value: Answer | bool | str) -> bool | str:
    return value.value if isinstance(value, Answer) else value


def _require_page(fetched: FetchedPage) -> None:
    if not 200 <= fetched.status < 300:
        raise TargetUnreachable(
            f"the practice website at {fetched.final_url} answered HTTP {fetched.status} "
            "instead of a page; check the address"
        )
    kind = fetched.content_type.split(";")[0].strip().lower()
    if kind not in _PAGE_TYPES:
        shown = f" ({kind})" if _TOKEN.fullmatch(kind) else ""
        raise TargetUnreachable(
            f"the practice website at {fetched.final_url} is not a web page{shown}"
        )


def _uk_time(instant: datetime) -> str:
    local = instant.astimezone(CORE_HOURS.zone)
    return f"{local:%A} {local.day} {local:%B %Y at %H:%M} (UK time)"


def tool_open_finding(
    tool_url: str | None, *, at: datetime, session: requests.Session, timeouts: Timeouts
) -> Finding:
    """PRAC-TOOL-01: in core hours, the tool answers and does not say it is closed.

    Args:
        tool_url: The tool's address; `None` makes the check not applicable.
        at: The instant core hours are judged at.
        session: The session for the one request made to the tool.
        timeouts: Limits for that request.

    Returns:
        The finding: not applicable outside core hours (saying when they next begin).
    """

    def finding(outcome: Outcome, summary: str, advice: str = "", *evidence: str) -> Finding:
        return Finding(
            id="PRAC-TOOL-01",
            title="Online consultation tool open in core hours",
            level=Level.MUST,
            source="GP contract 2025/26",
            outcome=outcome,
            summary=summary,
            advice=advice,
            evidence=evidence,
            requirements=FINDING_REQUIREMENTS["PRAC-TOOL-01"],
        )

    if tool_url is None:
        return finding(
            Outcome.NOT_APPLICABLE,
            "No tool address was given, so we did not check whether your tool is open.",
            "Run the check again with your tool's address (--tool) during core hours.",
        )
    if not CORE_HOURS.is_open_at(at):
        return finding(
            Outcome.NOT_APPLICABLE,
            f"It was outside core hours ({_uk_time(at)}), so we did not check whether your "
            f"tool is open. Core hours next begin on {_uk_time(CORE_HOURS.next_opening(at))}.",
            "Run the check again during core hours: 08:00 to 18:30, Monday to Friday, "
            "except bank holidays.",
        )
    return _judge_tool(tool_url, at=at, session=session, timeouts=timeouts, finding=finding)


def _judge_tool(
    tool_url: str,
    *,
    at: datetime,
    session: requests.Session,
    timeouts: Timeouts,
    finding: Callable[..., Finding],
) -> Finding:
    down = (
        "The tool must stay open for the whole of core hours. Check it in a browser; if it "
        "is down or switched off, contact your supplier, and agree any closure with your ICB."
    )
    try:
        fetched = fetch_page(
            tool_url, session=session, timeouts=timeouts, what="online consultation tool"
        )
    except TargetUnreachable as exc:
        return finding(
            Outcome.FAIL, "Your online consultation tool did not answer during core hours.",
            down, str(exc),
        )  # fmt: skip
    if fetched.status != 200:
        return finding(
            Outcome.FAIL,
            f"Your online consultation tool answered with an error (HTTP {fetched.status}) "
            "during core hours.", down, f"HTTP {fetched.status} from {fetched.final_url}",
        )  # fmt: skip
    page = parse_page(fetched.text, fetched.final_url)
    sure, unsure = closed_wording(page)
    if sure:
        return finding(
            Outcome.FAIL,
            "Your online consultation tool says it is closed or not taking requests, "
            "during core hours.", down, *sure[:5],
        )  # fmt: skip
    if unsure:
        return finding(
            Outcome.CHECK_BY_HAND,
            "Your online consultation tool answered, but its page mentions being closed or "
            "unavailable; we could not tell whether it is taking requests.",
            "Open the tool as a patient would and check that it lets you start a request. "
            + down, *unsure[:5],
        )  # fmt: skip
    return finding(
        Outcome.PASS,
        "Your online consultation tool answered during core hours and did not say it was closed.",
        "",
        f"HTTP 200 from {snippet(fetched.final_url, 300)} at {_uk_time(at)}",
        "A tool page built by JavaScript in the browser may show messages this check cannot see.",
    )


def write_practice_reports(report: PracticeReport, directory: str | Path) -> tuple[Path, Path]:
    """Write the HTML and JSON reports into `directory` (created if needed), atomically.

    Returns:
        The paths of the HTML and the JSON report.
    """
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"report-dir: cannot create {folder} ({exc.strerror})") from None
    html_path, json_path = folder / HTML_REPORT, folder / JSON_REPORT
    html, data = render_practice_html(report).encode("utf-8"), to_json(report, indent=True)
    try:
        atomic_write_bytes(html_path, html)
        atomic_write_bytes(json_path, data + b"\n")
    except OSError as exc:
        raise ConfigError(f"report-dir: cannot write in {folder} ({exc.strerror})") from None
    return html_path, json_path
