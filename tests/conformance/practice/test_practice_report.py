"""The practice reports: hostile pages escaped, JSON shape published and round-tripping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import orjson
import pytest

from _practice_site import Site, practice_page
from gponline_sdk.conformance.practice import (
    HTML_REPORT,
    JSON_REPORT,
    Answer,
    Outcome,
    PracticeReport,
    Timeouts,
    check_practice,
    render_practice_html,
    write_practice_reports,
)
from gponline_sdk.serde import from_json, to_json
from gponline_sdk.serde.schema import json_schema

SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
FAST = Timeouts(connect=2.0, read=1.0, total=5.0)

HOSTILE = """<!DOCTYPE html><html><head>
<title>&lt;/title&gt;&lt;script&gt;alert('title')&lt;/script&gt; Surgery</title></head><body>
<script>document.write('<a href="https://111.nhs.uk">fake</a>')</script>
<a href='https://patchs.ai/x?q="><script>alert(1)</script>'>&lt;script&gt;alert("link")&lt;/script&gt;
Contact us online</a>
<p>Do not use this form for urgent problems &lt;img src=x onerror=alert(2)&gt;.</p>
<p>&lt;iframe src="javascript:alert(3)"&gt; we will reply within 2 days.</p>
<a href="javascript:alert(4)">online consultation</a>
<a href="https://111.nhs.uk/?x=<b>bold</b>">111 &amp; <u>more</u></a>
</body></html>"""


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


@pytest.fixture
def hostile_report(site: Site) -> PracticeReport:
    site.page("/", HOSTILE)
    return check_practice(site.url("/"), at=SUNDAY, timeouts=FAST)


def test_hostile_page_is_escaped_everywhere(hostile_report: PracticeReport) -> None:
    # The checks still work on the hostile page ...
    got = {f.id: f.outcome for f in hostile_report.findings}
    assert got["PRAC-WEB-01"] is Outcome.PASS
    assert got["PRAC-WEB-02"] is Outcome.PASS
    assert got["PRAC-WEB-03"] is Outcome.PASS
    assert got["PRAC-WEB-04"] is Outcome.PASS
    # ... the page's strings reach the report as found ...
    assert "<script>alert('title')</script>" in hostile_report.website.title
    quoted = " ".join(e for f in hostile_report.findings for e in f.evidence)
    assert '<script>alert("link")</script>' in quoted
    # ... and the HTML report shows them only as text.
    html = render_practice_html(hostile_report)
    lowered = html.lower()
    for tag in ("<script", "<img", "<iframe", "<b>", "<u>", "</title><"):
        assert tag not in lowered, tag
    assert "&lt;script&gt;alert(&quot;link&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "href=" not in lowered  # no clickable links taken from the page
    assert "javascript:" not in re.sub(r"<code>.*?</code>", "", html, flags=re.S)


def test_html_report_is_self_contained_printable_and_summary_first(
    hostile_report: PracticeReport,
) -> None:
    html = render_practice_html(hostile_report)
    assert html.startswith("<!DOCTYPE html>")
    assert "@media print" in html
    # Nothing to fetch: no tag anywhere carries a src or a stylesheet link.
    assert re.search(r"<[^>]*\bsrc=", html) is None
    assert "<link" not in html
    summary = html.index("<h2>Summary</h2>")
    assert summary < html.index("<h2>What we checked</h2>") < html.index("<h2>Your answers</h2>")
    assert "Needs your attention" in html[summary:]
    assert "Your practice website links to" in html[summary:]


def test_all_clear_headline(site: Site) -> None:
    tool = site.url("/tool")
    site.page("/", practice_page(tool))
    report = check_practice(site.url("/"), tool_url=tool, at=SUNDAY, timeouts=FAST)
    report = report.with_answers({a.id: Answer.YES for a in report.attestations})
    assert report.summary.all_clear
    assert "All clear" in render_practice_html(report)


def test_json_report_matches_its_schema_and_round_trips(
    hostile_report: PracticeReport, tmp_path: Path
) -> None:
    html_path, json_path = write_practice_reports(hostile_report, tmp_path / "out")
    assert (html_path.name, json_path.name) == (HTML_REPORT, JSON_REPORT)
    assert html_path.read_text(encoding="utf-8") == render_practice_html(hostile_report)
    data = orjson.loads(json_path.read_bytes())
    jsonschema.validate(data, json_schema(PracticeReport))
    assert data["checked_at"] == "2026-11-22T10:00:00Z"
    assert data["findings"][0]["outcome"] == "pass"
    assert data["attestations"][0]["answer"] == "not_answered"
    assert from_json(json_path.read_bytes(), PracticeReport) == hostile_report
    assert sorted(p.name for p in json_path.parent.iterdir()) == [HTML_REPORT, JSON_REPORT]


def test_a_summary_that_disagrees_with_the_report_is_refused(
    hostile_report: PracticeReport,
) -> None:
    data = orjson.loads(to_json(hostile_report))
    data["summary"]["all_clear"] = True
    with pytest.raises(ValueError, match="summary does not match"):
        from_json(orjson.dumps(data), PracticeReport)


def test_with_answers_recounts_and_refuses_unknown_ids(hostile_report: PracticeReport) -> None:
    first = hostile_report.attestations[0].id
    updated = hostile_report.with_answers({first: Answer.NO})
    assert updated.summary.no == 1
    assert updated.summary.not_answered == hostile_report.summary.not_answered - 1
    with pytest.raises(ValueError, match="PRAC-ATT-99"):
        hostile_report.with_answers({"PRAC-ATT-99": Answer.YES})
