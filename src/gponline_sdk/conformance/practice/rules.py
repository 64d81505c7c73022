"""What the practice check looks for in a page, and how sure it can be.

Every rule here is a heuristic over the page's links and visible text, and
says so: where it cannot tell, the outcome is `CHECK_BY_HAND`, never a guess.

- Tool link: with the tool's address, a link whose scheme is http(s), host and
  port equal the tool's, path starts with the tool's path (whole segments) and
  query holds the tool's query parameters. Without it, a link to a
  `KNOWN_TOOL_DOMAINS` host, or whose text or address uses `TOOL_LINK_WORDS`.
- NHS 111 online: a link whose host is `111.nhs.uk` or one of its subdomains
  (matched as a string; the link is never visited).
- Urgent-use safeguard and response time: phrases in one block of text
  (paragraph, list item...), in `SAFEGUARD_PATTERNS` and `RESPONSE_PATTERNS`;
  weaker words alone (`urgent`, `reply`) make the outcome `CHECK_BY_HAND`. The
  safeguard needs wording that the online route is not for urgent problems, or
  a concrete other route for them (a phone call, 999, 111, A&E): a general plea
  ("think carefully about how you contact us") never passes.
- "You and your general practice" charter: a link whose text or title names it,
  or whose host is one of `CHARTER_HOSTS` with `CHARTER_PATH` in its path; a
  mention without a link is `CHECK_BY_HAND`.
- Tool closed: `CLOSED_PATTERNS` in the tool page's visible text.

The word lists and patterns themselves are in `wording`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from gponline_sdk.conformance.core import Level
from gponline_sdk.conformance.practice.models import Finding, Outcome
from gponline_sdk.conformance.practice.page import Link, Page, snippet
from gponline_sdk.conformance.practice.wording import (
    CHARTER_HOSTS,
    CHARTER_MENTION,
    CHARTER_PATH,
    CHARTER_WORDS,
    CLOSED_PATTERNS,
    CLOSED_WEAK,
    KNOWN_TOOL_DOMAINS,
    NHS_111,
    RESPONSE_PATTERNS,
    RESPONSE_WEAK,
    SAFEGUARD_PATTERNS,
    SAFEGUARD_WEAK,
    TOOL_LINK_WORDS,
)

__all__ = [
    "CLOSED_PATTERNS",
    "FINDING_REQUIREMENTS",
    "KNOWN_TOOL_DOMAINS",
    "RESPONSE_PATTERNS",
    "SAFEGUARD_PATTERNS",
    "TOOL_LINK_WORDS",
    "charter_finding",
    "closed_wording",
    "link_matches_tool",
    "response_time_finding",
    "safeguard_finding",
    "symptom_checker_finding",
    "tool_link_finding",
]

_SOURCE_2021 = "NHS England guidance of October 2021 (signposting)"

FINDING_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "PRAC-WEB-01": ("PR-SIGN-01",),
    "PRAC-WEB-02": ("PR-SIGN-01",),
    "PRAC-WEB-03": ("SAFE-URG-01",),
    "PRAC-WEB-04": ("OC-ACK-01",),
    "PRAC-WEB-05": ("PR-CHARTER-01",),
    "PRAC-TOOL-01": ("AV-CORE-01",),
}
"""Each practice check's requirements in the suite's catalogue (`conformance/catalogue.json`)."""
_MAX_EVIDENCE = 5


# Positional on purpose: it keeps the many call sites below short and readable.
def _finding(  # noqa: PLR0917
    fid: str, title: str, level: Level, outcome: Outcome, summary: str, advice: str,
    evidence: Iterable[str], source: str = _SOURCE_2021,
) -> Finding:  # fmt: skip
    return Finding(
        id=fid,
        title=title,
        level=level,
        source=source,
        outcome=outcome,
        summary=summary,
        advice="" if outcome is Outcome.PASS else advice,
        evidence=tuple(list(evidence)[:_MAX_EVIDENCE]),
        requirements=FINDING_REQUIREMENTS[fid],
    )


def _show(link: Link) -> str:
    return f"\u201c{link.text or '(no link text)'}\u201d \u2192 {snippet(link.url, 300)}"


def _norm_port(scheme: str, port: int | None) -> int | None:
    return None if (scheme, port) in (("http", 80), ("https", 443)) else port


def link_matches_tool(link_url: str, tool_url: str) -> bool:
    """Say whether a link on the page goes to the tool (see the module docs for the rule).

    >>> link_matches_tool("https://Tool.example/p/A81001/start", "https://tool.example/p/A81001")
    True
    >>> link_matches_tool("https://tool.example/p/A81001x", "https://tool.example/p/A81001")
    False
    """
    try:
        link, tool = urlsplit(link_url), urlsplit(tool_url)
        ports = _norm_port(link.scheme, link.port), _norm_port(tool.scheme, tool.port)
    except ValueError:
        return False
    if link.scheme not in ("http", "https") or not link.hostname:
        return False
    if link.hostname.rstrip(".") != (tool.hostname or "").rstrip(".") or ports[0] != ports[1]:
        return False
    prefix = tool.path.rstrip("/")
    path = link.path.rstrip("/")
    if prefix and path != prefix and not path.startswith(prefix + "/"):
        return False
    wanted = set(parse_qsl(tool.query, keep_blank_values=True))
    return wanted <= set(parse_qsl(link.query, keep_blank_values=True))


def _looks_like_tool(link: Link) -> bool:
    host = link.host
    if host and any(host == d or host.endswith("." + d) for d in KNOWN_TOOL_DOMAINS):
        return True
    if not host and not link.url.lower().startswith(("http:", "https:")):
        return False  # mailto:, tel:, javascript: are never the tool
    words = f"{link.text} {link.url}".lower()
    return any(w in words for w in TOOL_LINK_WORDS)


def tool_link_finding(page: Page, tool_url: str | None) -> Finding:
    """PRAC-WEB-01: the page links to the practice's online consultation tool."""
    title = "Link to your online consultation tool"
    candidates = [link for link in page.links if _looks_like_tool(link)]
    if tool_url is not None:
        matches = [link for link in page.links if link_matches_tool(link.url, tool_url)]
        if matches:
            return _finding(
                "PRAC-WEB-01", title, Level.MUST, Outcome.PASS,
                "Your practice website links to your online consultation tool.", "",
                (_show(m) for m in matches),
            )  # fmt: skip
        return _finding(
            "PRAC-WEB-01", title, Level.MUST, Outcome.FAIL,
            "Your practice website does not link to your online consultation tool "
            f"({snippet(tool_url, 300)}).",
            "Add a clear link to the tool near the top of your home page, with words patients "
            "recognise, such as \u201cContact us online\u201d. If a link below looks like the "
            "tool, check that it goes to the address you gave.",
            (f"Looks like a tool, but goes elsewhere: {_show(c)}" for c in candidates),
        )  # fmt: skip
    if candidates:
        return _finding(
            "PRAC-WEB-01", title, Level.MUST, Outcome.PASS,
            "Your practice website has a link that looks like an online consultation tool. "
            "Give the tool's address (--tool) to confirm it is the right one.", "",
            (_show(c) for c in candidates),
        )  # fmt: skip
    return _finding(
        "PRAC-WEB-01", title, Level.MUST, Outcome.CHECK_BY_HAND,
        "We found no link that looks like an online consultation tool.",
        "Look at your home page as a patient would: is there an obvious link to contact the "
        "practice online? If there is, run the check again with the tool's address (--tool) "
        "so it can be matched exactly. If not, add one.",
        (),
    )  # fmt: skip


def symptom_checker_finding(page: Page) -> Finding:
    """PRAC-WEB-02: the page links to the NHS symptom checker, NHS 111 online."""
    title = "Link to NHS 111 online"
    links = [
        link for link in page.links if link.host == NHS_111 or link.host.endswith("." + NHS_111)
    ]
    if links:
        return _finding(
            "PRAC-WEB-02", title, Level.MUST, Outcome.PASS,
            "Your practice website links to NHS 111 online (the NHS symptom checker).", "",
            (_show(link) for link in links),
        )  # fmt: skip
    advice = (
        "Add a link to https://111.nhs.uk, for example \u201cCheck your symptoms with "
        "NHS 111 online\u201d. The contract asks practices to signpost it on their website."
    )
    mentions = [b for b in page.blocks if NHS_111 in b.lower() or "111 online" in b.lower()]
    if mentions:
        return _finding(
            "PRAC-WEB-02", title, Level.MUST, Outcome.CHECK_BY_HAND,
            "Your practice website mentions NHS 111 online but we found no link to 111.nhs.uk.",
            advice, (snippet(m) for m in mentions),
        )  # fmt: skip
    return _finding(
        "PRAC-WEB-02", title, Level.MUST, Outcome.FAIL,
        "Your practice website does not link to NHS 111 online (the NHS symptom checker).",
        advice, (),
    )  # fmt: skip


def _search(
    page: Page, strong: tuple[re.Pattern[str], ...], weak: re.Pattern[str]
) -> tuple[list[str], list[str]]:
    sure, unsure = [], []
    for block in page.blocks:
        low = block.lower()
        if any(p.search(low) for p in strong):
            sure.append(snippet(block))
        elif weak.search(low):
            unsure.append(snippet(block))
    return sure, unsure


def safeguard_finding(page: Page) -> Finding:
    """PRAC-WEB-03: the page tells patients not to use the online form for urgent problems."""
    title = "Warning not to use the form for urgent problems"
    source = "GP contract 2025/26 (the urgent-use safeguard)"
    advice = (
        "Add a short warning next to the link to your tool, for example: \u201cDo not use "
        "this form for urgent problems. If you need help urgently, call the practice, or "
        "call 999 in an emergency.\u201d The contract lets practices give this warning; "
        "GP representatives recommend it."
    )
    sure, unsure = _search(page, SAFEGUARD_PATTERNS, SAFEGUARD_WEAK)
    if sure:
        return _finding(
            "PRAC-WEB-03", title, Level.SHOULD, Outcome.PASS,
            "Your practice website tells patients not to use the online form for urgent "
            "problems.", "", sure, source,
        )  # fmt: skip
    if unsure:
        return _finding(
            "PRAC-WEB-03", title, Level.SHOULD, Outcome.CHECK_BY_HAND,
            "Your practice website mentions urgent problems, but we could not tell whether it "
            "tells patients not to use the online form for them.",
            "Read the text below: does it clearly say not to use the online form for urgent "
            "problems, and what to do instead? If not: " + advice, unsure, source,
        )  # fmt: skip
    return _finding(
        "PRAC-WEB-03", title, Level.SHOULD, Outcome.FAIL,
        "Your practice website does not tell patients not to use the online form for urgent "
        "problems.", advice, (), source,
    )  # fmt: skip


def response_time_finding(page: Page) -> Finding:
    """PRAC-WEB-04: the page tells patients when to expect a response."""
    title = "When patients can expect a response"
    advice = (
        "Say on your website when patients will hear back, for example: \u201cWe will "
        "respond by the end of the next working day.\u201d Patients must be told clearly when "
        "to expect a response."
    )
    sure, unsure = _search(page, RESPONSE_PATTERNS, RESPONSE_WEAK)
    if sure:
        return _finding(
            "PRAC-WEB-04", title, Level.MUST, Outcome.PASS,
            "Your practice website tells patients when to expect a response.", "", sure,
        )  # fmt: skip
    if unsure:
        return _finding(
            "PRAC-WEB-04", title, Level.MUST, Outcome.CHECK_BY_HAND,
            "Your practice website talks about responses, but we could not tell whether it "
            "says when patients should expect one.",
            "Read the text below: does it give a time (same day, next working day...)? "
            "If not: " + advice, unsure,
        )  # fmt: skip
    return _finding(
        "PRAC-WEB-04", title, Level.MUST, Outcome.FAIL,
        "Your practice website does not say when patients can expect a response.", advice, (),
    )  # fmt: skip


def _is_charter_link(link: Link) -> bool:
    if not link.host:
        return False  # mailto:, tel:, javascript: are never the charter
    if CHARTER_WORDS.search(link.text.lower()):
        return True
    path = urlsplit(link.url).path.lower()
    return link.host in CHARTER_HOSTS and CHARTER_PATH in path


def charter_finding(page: Page) -> Finding:
    """PRAC-WEB-05: the page links to the "You and your general practice" patient charter."""
    title = "Link to the \u201cYou and your general practice\u201d charter"
    source = "GP contract 2025/26 (from 1 October 2025)"
    advice = (
        "Add a link to NHS England\u2019s \u201cYou and your general practice\u201d charter "
        "(search for its name on nhs.uk), with its name as the link\u2019s words, for example "
        "on your home page or your \u201cAbout us\u201d page. Practices must link to it "
        "from 1 October 2025; it tells patients what to expect from their practice."
    )
    links = [link for link in page.links if _is_charter_link(link)]
    if links:
        return _finding(
            "PRAC-WEB-05", title, Level.MUST, Outcome.PASS,
            "Your practice website links to the \u201cYou and your general practice\u201d "
            "patient charter.", "", (_show(link) for link in links), source,
        )  # fmt: skip
    named = [_show(link) for link in page.links if CHARTER_MENTION.search(link.text.lower())]
    mentions = named + [snippet(b) for b in page.blocks if CHARTER_MENTION.search(b.lower())]
    if mentions:
        return _finding(
            "PRAC-WEB-05", title, Level.MUST, Outcome.CHECK_BY_HAND,
            "Your practice website mentions a patient charter, but we found no link to the "
            "\u201cYou and your general practice\u201d charter.",
            "Read the text below: if it is about the NHS charter, make it a link to the "
            "charter. If it is your own practice charter: " + advice, mentions, source,
        )  # fmt: skip
    return _finding(
        "PRAC-WEB-05", title, Level.MUST, Outcome.FAIL,
        "Your practice website does not link to the \u201cYou and your general practice\u201d "
        "patient charter.", advice, (), source,
    )  # fmt: skip


def closed_wording(page: Page) -> tuple[list[str], list[str]]:
    """Text on the tool's page saying it is closed: (sure, unsure) snippets."""
    blocks = Page(title="", links=(), blocks=(page.title, *page.blocks))
    return _search(blocks, CLOSED_PATTERNS, CLOSED_WEAK)
