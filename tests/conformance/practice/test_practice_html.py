"""The HTML report a practice manager reads: parsed, not compared with a snapshot.

It opens with the practice's name; internal labels live only in each item's small
"Details" line; every No gets advice; it prints on A4 with page numbers and no forced
breaks; it fits a 390 px phone; it says what the check can and cannot show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from _practice_site import Site, practice_page
from gponline_sdk.conformance.practice import (
    Answer,
    PracticeReport,
    Timeouts,
    check_practice,
    render_practice_html,
)
from gponline_sdk.conformance.practice.attest import NO_ADVICE, load_questions

SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
FAST = Timeouts(connect=2.0, read=1.0, total=5.0)
ROOT = Path(__file__).resolve().parents[3]
# Internal labels: check and question IDs, catalogue requirement IDs, system names.
LABEL = re.compile(r"\bPRAC-[A-Z]+-\d\d\b|\b[A-Z]{2,5}-[A-Z0-9]{2,8}-\d\d\b|\bCQRS\b|\bDCS\b")


class Doc(HTMLParser):
    """Text by role: the h1, each item's headline and details, and the style sheet."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.h1 = ""
        self.first_tag_in_main = ""
        self.items: list[dict[str, str]] = []
        self.css = ""
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs_).get("class") or "").split())
        if self.stack and self.stack[-1][0] == "main" and not self.first_tag_in_main:
            self.first_tag_in_main = tag
        if "item" in classes:
            self.items.append({"id": dict(attrs_).get("id") or "", "headline": "", "details": ""})
        if tag not in ("br", "meta", "img", "hr"):
            self.stack.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def _inside(self, tag: str = "", cls: str = "") -> bool:
        return any((not tag or t == tag) and (not cls or cls in c) for t, c in self.stack)

    def handle_data(self, data: str) -> None:
        if self._inside("style"):
            self.css += data
            return
        self.text.append(data)
        if self._inside("h1"):
            self.h1 += data
        if self.items and self._inside(cls="item"):
            if self._inside("h3") or self._inside(cls="headline"):
                self.items[-1]["headline"] += data
            elif self._inside(cls="details"):
                self.items[-1]["details"] += data


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


def report_for(site: Site, path: str, page: str) -> PracticeReport:
    site.page(path, page)
    return check_practice(site.url(path), at=SUNDAY, timeouts=FAST)


@pytest.fixture(scope="module")
def report(site: Site) -> PracticeReport:
    page = practice_page("https://patchs.ai/x", nhs111=False).replace(
        "<title>Riverside Surgery</title>", "<title>Home | Riverside Surgery</title>"
    )
    answered = report_for(site, "/", page)
    first, second = answered.attestations[0].id, answered.attestations[-1].id
    return answered.with_answers({first: Answer.NO, second: Answer.YES})


def test_it_opens_with_the_practice_name_from_the_page_title(report: PracticeReport) -> None:
    doc = Doc(render_practice_html(report))
    assert doc.first_tag_in_main == "header"
    assert doc.h1 == "Riverside Surgery"
    assert "<title>Practice check: Riverside Surgery</title>" in render_practice_html(report)
    assert "Name taken from your website\u2019s page title" in "".join(doc.text)


@pytest.mark.parametrize("title", ["", "Home", "Welcome | Home"])
def test_without_a_usable_title_the_name_is_the_website_host(site: Site, title: str) -> None:
    page = practice_page("https://patchs.ai/x").replace("Riverside Surgery", title)
    doc = Doc(render_practice_html(report_for(site, "/untitled", page)))
    assert doc.h1 == "127.0.0.1"
    assert "Name taken from your website\u2019s website address" in "".join(doc.text)


def test_internal_labels_are_only_in_the_details_lines(report: PracticeReport) -> None:
    doc = Doc(render_practice_html(report))
    questions = {a.id: a for a in report.attestations}
    assert len(doc.items) == len(report.findings) + len(report.attestations)
    assert not LABEL.search(doc.h1)
    for item in doc.items:
        headline = item["headline"]
        if item["id"] in questions and re.search(r"CQRS|DCS", questions[item["id"]].question):
            # The question's own wording (shipped data) names the reporting system.
            headline = re.sub(r"\bCQRS\b|\bDCS\b", "", headline)
        assert not LABEL.search(headline), item
        assert item["details"].startswith(("Required", "Recommended", "Optional", "Source")), item
        assert f"Details: {item['id']}" in item["details"], item
    for finding in report.findings:
        item = next(i for i in doc.items if i["id"] == finding.id)
        for requirement in finding.requirements:
            assert requirement in item["details"]


def test_every_no_answer_gets_advice(report: PracticeReport) -> None:
    html = render_practice_html(report)
    said_no = [a for a in report.attestations if a.answer is Answer.NO]
    assert said_no
    for a in said_no:
        section = html[html.index(f'id="{a.id}"') :].split("</section>", 1)[0]
        assert "What to do:" in section
        assert a.advice
        assert html_escape(a.advice[:40]) in section
    yes = next(a for a in report.attestations if a.answer is Answer.YES)
    section = html[html.index(f'id="{yes.id}"') :].split("</section>", 1)[0]
    assert "What to do:" not in section


def test_every_shipped_question_has_its_own_advice_for_no() -> None:
    for question in load_questions():
        assert question.advice == NO_ADVICE[question.id], question.id
        assert len(question.advice) > 40


def test_a4_print_with_page_numbers_and_no_forced_breaks(report: PracticeReport) -> None:
    css = re.sub(r"\s+", "", Doc(render_practice_html(report)).css)
    page = re.search(r"@page\{(.*?\})\}", css)
    assert page is not None
    assert "size:A4" in page.group(1)
    assert 'content:counter(page)"of"counter(pages)' in page.group(1)
    # Forced breaks leave half-empty pages; only small items are kept whole.
    assert not re.search(r"(?:page-)?break-before:(?:page|always)", css)
    assert not re.search(r"(?:page-)?break-after:(?:page|always)", css)
    kept_whole = re.findall(r"([^{}]+)\{[^}]*break-inside:avoid", css)
    assert kept_whole == [".item"]


def test_nothing_is_wider_than_a_390px_phone(site: Site) -> None:
    long_url = "https://patchs.ai/" + "a" * 300 + "?practice=" + "b" * 200
    page = practice_page(long_url).replace("Riverside Surgery", "Riverside" + "x" * 150)
    html = render_practice_html(report_for(site, "/long", page))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    css = re.sub(r"\s+", "", Doc(html).css)
    assert re.search(r"(?:^|\})body\{[^}]*overflow-wrap:anywhere", css)
    assert "nowrap" not in css
    for selector, value, unit in re.findall(
        r"([^{};]+)\{[^}]*?(?<![-a-z])width:([\d.]+)(px|rem|em)", css
    ):
        size = float(value) * (16 if unit != "px" else 1)
        assert size <= 390 - 32, (selector, value, unit)  # leaves room for the page's padding
    assert "a" * 250 in html  # the long address is shown (up to 300 characters), and wraps


def test_it_says_what_the_check_can_and_cannot_show(report: PracticeReport) -> None:
    text = " ".join("".join(Doc(render_practice_html(report)).text).split())
    assert "What this check can and cannot show" in text
    for phrase in (
        "It read your website once, on Sunday 22 November 2026 at 10:00 (UK time)",
        "public page",
        "It cannot see the tool's live behaviour through core hours",
        "Your Yes/No answers record what the practice says",
        "for your conversation with your ICB",
    ):
        assert phrase.replace("'", "\u2019") in text.replace("'", "\u2019"), phrase
    guide = " ".join((ROOT / "docs" / "practice.md").read_text(encoding="utf-8").split())
    assert "What the check can and cannot show" in guide
    assert "cannot see the tool's live behaviour" in guide
    assert "for your conversation with your ICB" in guide


def test_the_name_is_escaped_like_everything_else(site: Site) -> None:
    page = practice_page("https://patchs.ai/x").replace(
        "Riverside Surgery", "&lt;b&gt;Evil&lt;/b&gt; Surgery"
    )
    report = report_for(site, "/evil", page)
    html = render_practice_html(report)
    assert "<b>" not in html
    assert Doc(html).h1 == "<b>Evil</b> Surgery"


def test_a_report_read_back_without_advice_still_renders(report: PracticeReport) -> None:
    bare = attrs.evolve(
        report, attestations=tuple(attrs.evolve(a, advice="") for a in report.attestations)
    )
    assert "What to do:" in render_practice_html(bare)
