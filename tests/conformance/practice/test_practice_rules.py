"""The practice check's heuristics on parsed pages: what they find, and where they say 'unsure'."""

from __future__ import annotations

import pytest

from gponline_sdk.conformance.practice import Outcome
from gponline_sdk.conformance.practice.page import parse_page
from gponline_sdk.conformance.practice.rules import (
    closed_wording,
    link_matches_tool,
    response_time_finding,
    safeguard_finding,
    symptom_checker_finding,
    tool_link_finding,
)

BASE = "https://www.riverside-surgery.example/"
START = "https://tool.example/start?practice="


def page(body: str, base: str = BASE) -> object:
    return parse_page(f"<html><body>{body}</body></html>", base)


@pytest.mark.parametrize(
    ("link", "tool", "expected"),
    [
        ("https://tool.example/p/A81001", "https://tool.example/p/A81001", True),
        ("https://TOOL.example/p/A81001/start?x=1", "https://tool.example/p/A81001/", True),
        ("http://tool.example/p/A81001", "https://tool.example/p/A81001", True),
        ("https://tool.example:443/p/A81001", "https://tool.example/p/A81001", True),
        ("https://tool.example/p/A81001x", "https://tool.example/p/A81001", False),
        ("https://tool.example/p/B82002", "https://tool.example/p/A81001", False),
        ("https://tool.example.evil.example/p/A81001", "https://tool.example/p/A81001", False),
        ("https://tool.example:8443/p/A81001", "https://tool.example/p/A81001", False),
        (START + "A81001&x=1", START + "A81001", True),
        (START + "B82002", START + "A81001", False),
        ("mailto:help@tool.example", "https://tool.example/", False),
        ("https://[::1/broken", "https://tool.example/", False),
    ],
)  # fmt: skip
def test_link_matches_tool(link: str, tool: str, expected: bool) -> None:
    assert link_matches_tool(link, tool) is expected


def test_relative_link_is_resolved_against_the_page_and_base() -> None:
    parsed = parse_page(
        '<head><base href="https://tool.example/p/"></head><a href="A81001">Go</a>', BASE
    )
    assert tool_link_finding(parsed, "https://tool.example/p/A81001").outcome is Outcome.PASS


def test_tool_link_by_words_or_known_supplier_without_a_tool_address() -> None:
    by_words = page('<a href="/contact/online">Contact us online</a>')
    by_domain = page('<a href="https://florey.accurx.com/x">Start</a>')
    by_aria = page('<a href="/x" aria-label="Online consultation"><img alt=""></a>')
    for parsed in (by_words, by_domain, by_aria):
        finding = tool_link_finding(parsed, None)
        assert finding.outcome is Outcome.PASS, parsed
        assert "--tool" in finding.summary


def test_no_tool_like_link_without_address_is_check_by_hand_not_fail() -> None:
    finding = tool_link_finding(page('<a href="/about">About us</a>'), None)
    assert finding.outcome is Outcome.CHECK_BY_HAND
    assert "--tool" in finding.advice


def test_mailto_link_with_tool_words_is_not_the_tool() -> None:
    parsed = page('<a href="mailto:x@y.example">Contact us online</a>')
    assert tool_link_finding(parsed, None).outcome is Outcome.CHECK_BY_HAND


def test_wrong_tool_link_is_shown_as_evidence() -> None:
    parsed = page('<a href="https://patchs.ai/other">Contact us online</a>')
    finding = tool_link_finding(parsed, "https://patchs.ai/riverside")
    assert finding.outcome is Outcome.FAIL
    assert "goes elsewhere" in finding.evidence[0]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<a href="https://111.nhs.uk/">NHS 111</a>', Outcome.PASS),
        ('<a href="https://111.nhs.uk/emergency-prescription">Medicines</a>', Outcome.PASS),
        ('<a href="http://www.111.nhs.uk">111</a>', Outcome.PASS),
        ('<a href="https://111.nhs.uk.evil.example/">NHS 111</a>', Outcome.FAIL),
        ('<a href="https://evil.example/?u=111.nhs.uk">NHS 111</a>', Outcome.FAIL),
        ("<p>Use NHS 111 online at 111.nhs.uk</p>", Outcome.CHECK_BY_HAND),
        ("<p>Call reception.</p>", Outcome.FAIL),
    ],
)
def test_symptom_checker_link(body: str, expected: Outcome) -> None:
    assert symptom_checker_finding(page(body)).outcome is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Do not use this form for urgent problems.", Outcome.PASS),
        ("Please don\u2019t use the online service for anything urgent.", Outcome.PASS),
        ("This service is not for emergencies.", Outcome.PASS),
        ("If your problem is urgent, please call the surgery on 01234 567890.", Outcome.PASS),
        ("For urgent medical help call 111, or in an emergency dial 999.", Outcome.PASS),
        ("We prioritise urgent requests.", Outcome.CHECK_BY_HAND),
        ("Book appointments and order repeat prescriptions.", Outcome.FAIL),
    ],
)
def test_safeguard_wording(text: str, expected: Outcome) -> None:
    finding = safeguard_finding(page(f"<p>{text}</p>"))
    assert finding.outcome is expected
    if expected is not Outcome.FAIL:
        assert finding.evidence  # the sentence is quoted for the reader to judge


def test_safeguard_in_a_script_is_not_visible_text() -> None:
    parsed = page("<script>// do not use this form for urgent problems</script><p>Hello</p>")
    assert safeguard_finding(parsed).outcome is Outcome.FAIL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will respond by the end of the next working day.", Outcome.PASS),
        ("You can expect a reply within 2 working days.", Outcome.PASS),
        ("A member of our team will get back to you the same day.", Outcome.PASS),
        ("Response time: 48 hours.", Outcome.PASS),
        ("We read every request and reply as soon as we can.", Outcome.CHECK_BY_HAND),
        ("Opening hours are 8am to 6:30pm.", Outcome.FAIL),
    ],
)
def test_response_time_wording(text: str, expected: Outcome) -> None:
    assert response_time_finding(page(f"<p>{text}</p>")).outcome is expected


@pytest.mark.parametrize(
    ("text", "sure", "unsure"),
    [
        ("The service is currently closed.", 1, 0),
        ("We are not accepting new requests today.", 1, 0),
        ("We have reached our daily capacity.", 1, 0),
        ("We are closed on bank holidays.", 0, 1),
        ("Tell us what you need help with.", 0, 0),
    ],
)
def test_closed_wording(text: str, sure: int, unsure: int) -> None:
    found = closed_wording(page(f"<p>{text}</p>"))
    assert (len(found[0]), len(found[1])) == (sure, unsure)


def test_parser_keeps_visible_text_and_link_text_only() -> None:
    parsed = parse_page(
        "<html><head><title> Riverside\n Surgery </title><style>p{}</style></head><body>"
        '<svg><title>icon</title></svg><p>Hello <b>there</b></p><a href="/x">A <img alt="B"></a>'
        "<noscript>enable JS</noscript></body></html>",
        BASE,
    )
    assert parsed.title == "Riverside Surgery"
    assert parsed.blocks == ("Hello there", "A")
    assert [(link.url, link.text) for link in parsed.links] == [(BASE + "x", "A B")]


def test_an_embedded_tool_counts_as_a_link() -> None:
    parsed = page('<iframe src="https://tool.example/p/A81001/form" title="Online form"></iframe>')
    assert tool_link_finding(parsed, "https://tool.example/p/A81001").outcome is Outcome.PASS
    assert parsed.links[0].text == "Online form"  # type: ignore[attr-defined]
