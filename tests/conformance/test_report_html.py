"""The HTML report for the person who must act, tested by its structure (html.parser).

What to fix first (reason, failing exchange, links), IDs that never wrap, a page
that reflows to 390 px and prints on A4, nothing fetched, and the request budget
in every report. How the page looks in a browser was checked by eye, not here.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import attrs
import jsonschema
import pytest
from _engine_fakes import CANARY_NAME, NHS, TOKEN, FakeTarget, fixed_clock, make_check, passing
from _engine_fakes import mini_catalogue as _mini_catalogue
from test_reporters import SCHEMA

from gponline_sdk.conformance.core import CheckContext, Exchange
from gponline_sdk.conformance.masking import MASK, Masker
from gponline_sdk.conformance.reporters import (
    ConsoleProgress,
    render_html,
    render_json,
    render_junit,
    render_summary,
)
from gponline_sdk.conformance.reporters._evidence_html import tool_references
from gponline_sdk.conformance.results import RunResult
from gponline_sdk.conformance.runner import run_checks

REF = "OC-3FA2C1-000123"
BASE = "http://127.0.0.1:8080"
_ID = re.compile(r"\b(?:TS-[A-Z]+-\d\d|c\.(?:fail|warn|crash|pass))\b")
_VOID = {"br", "meta", "col", "wbr", "img", "input", "hr", "link"}


def _patient() -> str:
    return json.dumps(
        {
            "category": "clinical_request",
            "patient": {"given_name": CANARY_NAME, "nhs_number": NHS},
            "requester": {"role": "proxy", "proxy_name": "Ann Other", "relationship": "son"},
            "description": "x" * 30_000,  # longer than the HTML shows
        }
    )


def _fails_with_evidence(ctx: CheckContext) -> None:
    ctx.record(
        Exchange(
            method="POST",
            url=f"{BASE}/requests",
            request_headers={"Authorization": f"Bearer {TOKEN}"},
            request_body=_patient(),
            status=201,
            response_headers={"X-Request-ID": "req-7f3a-0001"},
            response_body=json.dumps({"reference": REF}),
        )
    )
    seen = json.loads(_patient())
    seen.update(reference=REF, requester={"role": "patient"}, note="y" * 30_000)
    ctx.record(
        Exchange(
            method="GET",
            url=f"{BASE}/practice/requests/{REF}",
            status=200,
            response_body=json.dumps(seen),
        )
    )
    ctx.record(Exchange(method="DELETE", url=f"{BASE}/test/clock", status=200))
    ctx.expect(False, "the practice sees different requester.role")


def _warns(ctx: CheckContext) -> None:
    ctx.expect(False, "no safeguard shown")


def _crashes(ctx: CheckContext) -> None:
    raise ValueError("the suite could not read the answer")


@pytest.fixture(scope="module")
def run() -> RunResult:
    """FAIL (MUST, with evidence), WARN (SHOULD), ERROR (MAY) and PASS."""
    checks = [
        make_check("c.pass", ["TS-MUST-01"], passing),
        make_check("c.warn", ["TS-SHLD-01"], _warns),
        make_check("c.crash", ["TS-MAY-01"], _crashes),
        make_check("c.fail", ["TS-MUST-02"], _fails_with_evidence),
    ]
    return run_checks(
        checks,
        target=FakeTarget(),
        catalogue=_mini_catalogue(),
        target_description="tool",
        masker=Masker([TOKEN]),
        clock=fixed_clock(),
    )


class _Page(HTMLParser):
    """Ids, links, external references and each text with the classes around it."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.resources: list[str] = []
        self.texts: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
        self._stack: list[tuple[str, str]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if tag in ("script", "link", "img", "iframe", "object", "embed") or "src" in a:
            self.resources.append(tag)
        if tag not in _VOID:
            self._stack.append((tag, a.get("class", "")))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        tags = tuple(t for t, _ in self._stack)
        classes = tuple(c for _, c in self._stack)
        self.texts.append((data, tags, classes))


def _section(page: str, ident: str) -> str:
    start = page.index(f'id="{ident}"')
    return page[start : page.index("</section>", start)]


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def test_what_to_fix_comes_first_with_reason_exchange_and_links(run: RunResult) -> None:
    page = render_html(run)
    parsed = _Page(page)
    assert page.index('id="what-to-fix"') < page.index('<table class="reqs"')
    # Every failed requirement, required ones first; the passing one is not there.
    order = [page.index(f'id="fix-{r}"') for r in ("TS-MUST-02", "TS-SHLD-01", "TS-MAY-01")]
    assert order == sorted(order)
    assert 'id="fix-TS-MUST-01"' not in page
    fix = _section(page, "fix-TS-MUST-02")
    words = _text(fix)
    assert "title TS-MUST-02" in words
    assert "Required" in words
    assert "Not met" in words
    assert "Why: the practice sees different requester.role" in words
    # The exchange that failed, not the clock release after it; found in the logs by its ref.
    assert f"GET {BASE}/practice/requests/{REF} &rarr; HTTP 200" in words
    assert "/test/clock" not in fix
    assert f"Find it in the tool's logs by {REF}" in words
    assert f'\n  "reference": "{REF}",\n' in fix.replace("&quot;", '"')  # indented to read
    assert "more characters in report.json" in fix
    assert 'href="#check-c.fail"' in fix
    assert 'href="#req-TS-MUST-02"' in fix
    assert "Why: no safeguard shown" in _text(_section(page, "fix-TS-SHLD-01"))
    assert "ValueError" in _text(_section(page, "fix-TS-MAY-01"))
    assert not parsed.resources


def test_every_link_stays_in_the_page_and_lands_on_something(run: RunResult) -> None:
    parsed = _Page(render_html(run))
    assert parsed.hrefs
    for href in parsed.hrefs:
        assert href.startswith("#"), href
        assert href[1:] in parsed.ids, href
    for target in ("check-c.fail", "req-TS-MUST-02", "fix-TS-MUST-02", "budget", "what-to-fix"):
        assert target in parsed.ids


def test_ids_never_wrap(run: RunResult) -> None:
    page = render_html(run)
    assert re.search(r"\.id\{white-space:nowrap", page)
    shown = 0
    for text, tags, classes in _Page(page).texts:
        if "title" in tags or "style" in tags or "pre" in tags:
            continue
        for match in _ID.finditer(text):
            if re.search(rf"(title|description of) {re.escape(match.group(0))}", text):
                continue  # the mini catalogue's titles and descriptions name their IDs
            shown += 1
            assert any("id" in c.split() for c in classes), (match.group(0), text, tags)
    assert shown > 10


def _rules(page: str, at: str) -> str:
    """The CSS inside the block that starts at `at` (braces balanced)."""
    start = page.index(at)
    depth, i = 0, page.index("{", start)
    for j in range(i, len(page)):
        depth += {"{": 1, "}": -1}.get(page[j], 0)
        if depth == 0:
            return page[i : j + 1]
    raise AssertionError(at)


def test_reflows_at_phone_width_and_prints_on_a4_without_forced_breaks(run: RunResult) -> None:
    page = render_html(run)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    narrow = _rules(page, "@media (max-width:40rem)")
    assert "table.reqs,table.reqs tbody,table.reqs tr,table.reqs td{display:block" in narrow
    assert 'data-label="Result"' in page  # each cell says what it is once stacked
    # Long bodies scroll inside their own box; wide tables scroll inside a wrapper.
    assert re.search(r"\npre\{[^}]*overflow:auto[^}]*max-width:100%", page)
    assert ".scroll{overflow-x:auto" in page
    assert page.count('<div class="scroll"><table') == page.count("<table") - page.count(
        '<table class="reqs"'
    )
    printed = _rules(page, "@media print")
    assert "@page{size:A4" in page
    for forced in ("break-before:page", "page-break-before", "break-after:page", ":always"):
        assert forced not in page
    assert "details::details-content{content-visibility:visible" in printed
    assert re.search(r"pre[^{]*\{max-height:none;overflow:visible;white-space:pre-wrap", printed)
    assert ".check{" not in printed  # a long check may break across pages


def test_request_budget_in_html_json_junit_and_console(run: RunResult) -> None:
    by_id = {r.check_id: r.requests for r in run.results}
    assert by_id["c.fail"] == 3
    total = sum(by_id.values())
    doc = json.loads(render_json(run))
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["report_schema_version"] == "1.3"
    assert doc["requests_total"] == total
    assert {c["id"]: c["requests"] for c in doc["checks"]} == by_id
    summary = render_summary(run)
    assert f"Requests:  {total} sent to the tool by 4 checks (most: c.fail, 3)" in summary
    page = render_html(run)
    budget = _section(page, "budget")
    assert budget.count("<tr>") == len(run.results) + 1
    assert '<a class="id" href="#check-c.fail">c.fail</a></td><td class="n">3</td>' in budget
    assert "3 requests" in _text(page[page.index('id="check-c.fail"') :])
    junit = render_junit(run)
    assert f'<property name="requests_total" value="{total}" />' in junit
    assert '<property name="gponline.requests" value="3" />' in junit
    out = io.StringIO()
    ConsoleProgress(out)(None, run.results[-1])  # type: ignore[arg-type]
    assert "3 req" in out.getvalue()


def test_nothing_identifying_reaches_the_page_but_the_tools_reference_does(
    run: RunResult,
) -> None:
    page = render_html(run)
    for secret in (CANARY_NAME, NHS, TOKEN, "Ann Other"):
        assert secret not in page
    assert MASK in page
    assert page.count(REF) >= 4  # URL, bodies, and "find it in the logs"
    assert "req-7f3a-0001" in page


def test_an_unreachable_run_says_why_in_what_to_fix(run: RunResult) -> None:
    stopped = attrs.evolve(run, unreachable="the tool stopped answering after 2 tries")
    words = _text(_section(render_html(stopped), "what-to-fix"))
    assert "The run stopped: the tool stopped answering after 2 tries" in words


def test_a_clean_run_has_nothing_to_fix(run: RunResult) -> None:
    clean = attrs.evolve(
        run, results=tuple(r for r in run.results if r.check_id == "c.pass"), requirements=()
    )
    assert 'id="what-to-fix"' not in render_html(clean)


def _exchange(**kw: Any) -> Exchange:
    return Exchange(method="GET", url=f"{BASE}/x", **kw)


def test_tool_references_are_found_where_a_vendor_would_look() -> None:
    e = _exchange(
        response_headers={"X-Correlation-ID": "corr-1"},
        response_body=json.dumps(
            {"thread": "MSG-1", "messages": [{"reference": "MSG-2", "in_reply_to": MASK}]}
        ),
    )
    assert tool_references(e) == ["corr-1", "MSG-1", "MSG-2"]
    assert tool_references(Exchange(method="GET", url=f"{BASE}/messages?thread=MSG-9")) == ["MSG-9"]
    assert tool_references(Exchange(method="GET", url=f"{BASE}/video/sessions/VC-1/join")) == [
        "VC-1"
    ]
    assert tool_references(_exchange(response_body="not json")) == []


def test_each_requirement_shows_its_source_and_the_sdks_own_rules() -> None:
    """The shipped catalogue's citations and SDK readings reach the HTML and JSON reports."""
    from gponline_sdk.conformance.catalogue import load_catalogue

    cat = load_catalogue()
    result = run_checks(
        [make_check("c.pass", ["OC-ACK-01"], passing)],
        target=FakeTarget(),
        catalogue=cat,
        target_description="tool",
        clock=fixed_clock(),
    )
    page = render_html(result)
    row = page[page.index('id="req-OC-ACK-01"') :]
    row = _text(row[: row.index("</tr>")])
    assert "Source: NHS England guidance (October 2021)" in row
    assert "SI 2025/727" in row
    assert "The SDK's own rule:" in row
    cat_02 = page[page.index('id="req-OC-CAT-01"') :]
    assert "SI 2021/995, PMS paragraph 64ZD" in _text(cat_02[: cat_02.index("</tr>")])
    doc = json.loads(render_json(result))
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    ack = next(r for r in doc["requirements"] if r["id"] == "OC-ACK-01")
    assert [c["source"] for c in ack["citations"]] == ack["sources"]
    assert ack["sdk_rule"] == cat["OC-ACK-01"].sdk_rule
    limits = _text(page[page.index('class="limits"') :])
    assert "cannot see the live service" in limits
    assert "the practice answers them itself" in limits
