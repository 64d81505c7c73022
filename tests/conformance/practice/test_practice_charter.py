"""PRAC-WEB-05: the practice website links to the "You and your general practice" charter.

Every case is a real page served on loopback and read by `check_practice`, so the
rule is tested through the same fetch and parse a practice's own site goes through.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from _practice_site import Site, practice_page
from gponline_sdk.conformance.practice import Finding, Outcome, Timeouts, check_practice

SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
FAST = Timeouts(connect=2.0, read=1.0, total=5.0)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


def charter(site: Site, path: str, body: str) -> Finding:
    site.page(
        path, f"<html><head><title>Riverside Surgery</title></head><body>{body}</body></html>"
    )
    report = check_practice(site.url(path), at=SUNDAY, timeouts=FAST)
    return next(f for f in report.findings if f.id == "PRAC-WEB-05")


@pytest.mark.parametrize(
    "body",
    [
        # By the link's words: any case, straight or curly quotes, "&" for "and".
        '<a href="/charter">You and your general practice</a>',
        '<a href="/charter">READ \u201cYOU AND YOUR GENERAL PRACTICE\u201d</a>',
        "<a href=\"/charter\">Our commitment: 'you and your general practice'</a>",
        '<a href="/charter">\u2018You &amp; your general practice\u2019 charter</a>',
        '<a href="/c">You &\nyour   general&nbsp;practice</a>',
        # By the link's title or an image's alt text.
        '<a href="/c" title="You and your general practice">Patients\u2019 rights</a>',
        '<a href="/c"><img alt="You and your general practice" src="/c.png"></a>',
        # By the address: the charter's page on nhs.uk or england.nhs.uk.
        '<a href="https://www.nhs.uk/nhs-services/gps/you-and-your-general-practice/">Read</a>',
        '<a href="https://www.england.nhs.uk/long-read/you-and-your-general-practice/">More</a>',
        '<a href="https://england.nhs.uk/You-And-Your-General-Practice">Info</a>',
    ],
)  # fmt: skip
def test_a_link_to_the_charter_is_yes(site: Site, body: str) -> None:
    finding = charter(site, "/yes", body)
    assert finding.outcome is Outcome.PASS, body
    assert finding.evidence
    assert finding.requirements == ("PR-CHARTER-01",)
    assert not finding.advice


@pytest.mark.parametrize(
    "body",
    [
        # Mentioned, but not a link.
        "<p>Read the NHS charter \u201cYou and your general practice\u201d at reception.</p>",
        "<p>See our patient charter in the waiting room.</p>",
        # A link to some other charter: worth a look, not a Yes.
        '<a href="/our-charter">Our patient charter</a>',
        # The charter's words on something that is not a web link.
        '<a href="mailto:charter@example.org">You and your general practice</a>',
    ],
)
def test_a_mention_without_a_link_is_check_by_hand(site: Site, body: str) -> None:
    finding = charter(site, "/mention", body)
    assert finding.outcome is Outcome.CHECK_BY_HAND, body
    assert finding.evidence  # the mention is quoted for the reader
    assert "charter" in finding.advice


@pytest.mark.parametrize(
    "body",
    [
        "<p>Welcome to Riverside Surgery.</p>",
        # The charter's path on a look-alike host, with no telling words: not the charter.
        '<a href="https://www.nhs.uk.evil.example/you-and-your-general-practice/">Read</a>',
        '<a href="https://evil.example/?u=www.nhs.uk/you-and-your-general-practice">Go</a>',
        # The right host, another page.
        '<a href="https://www.nhs.uk/nhs-services/gps/">GP services</a>',
        # In a script: not something a visitor sees.
        "<script>var t = 'You and your general practice';</script><p>Hello</p>",
    ],
)
def test_no_link_and_no_mention_is_no(site: Site, body: str) -> None:
    finding = charter(site, "/no", body)
    assert finding.outcome is Outcome.FAIL, body
    assert finding.summary.startswith("Your practice website does not link")
    assert "You and your general practice" in finding.advice


def test_the_good_page_has_it_and_nothing_else_changes(site: Site) -> None:
    tool = site.url("/tool")
    site.page("/good", practice_page(tool))
    site.page("/bad", practice_page(tool, charter=False))
    good = check_practice(site.url("/good"), tool_url=tool, at=SUNDAY, timeouts=FAST)
    bad = check_practice(site.url("/bad"), tool_url=tool, at=SUNDAY, timeouts=FAST)
    assert [f.id for f in good.findings] == [
        "PRAC-WEB-01", "PRAC-WEB-02", "PRAC-WEB-03", "PRAC-WEB-04", "PRAC-WEB-05", "PRAC-TOOL-01",
    ]  # fmt: skip
    assert good.findings[4].outcome is Outcome.PASS
    assert bad.findings[4].outcome is Outcome.FAIL
    assert good.findings[:4] == bad.findings[:4]
