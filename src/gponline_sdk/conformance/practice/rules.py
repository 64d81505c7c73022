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
  weaker words alone (`urgent`, `reply`) make the outcome `CHECK_BY_HAND`.
- Tool closed: `CLOSED_PATTERNS` in the tool page's visible text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from gponline_sdk.conformance.core import Level
from gponline_sdk.conformance.practice.models import Finding, Outcome
from gponline_sdk.conformance.practice.page import Link, Page, snippet

__all__ = [
    "CLOSED_PATTERNS",
    "FINDING_REQUIREMENTS",
    "KNOWN_TOOL_DOMAINS",
    "RESPONSE_PATTERNS",
    "SAFEGUARD_PATTERNS",
    "TOOL_LINK_WORDS",
    "closed_wording",
    "link_matches_tool",
    "response_time_finding",
    "safeguard_finding",
    "symptom_checker_finding",
    "tool_link_finding",
]

_SOURCE_2021 = "2021 GP contract change"

FINDING_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "PRAC-WEB-01": ("PR-SIGN-01",),
    "PRAC-WEB-02": ("PR-SIGN-01",),
    "PRAC-WEB-03": ("SAFE-URG-01",),
    "PRAC-WEB-04": ("OC-ACK-01",),
    "PRAC-TOOL-01": ("AV-CORE-01",),
}
"""Each practice check's requirements in the suite's catalogue (`conformance/catalogue.json`)."""
_MAX_EVIDENCE = 5

KNOWN_TOOL_DOMAINS: tuple[str, ...] = (
    "accurx.nhs.uk",
    "accurx.com",
    "animahealth.com",
    "askmygp.uk",
    "doctorlink.com",
    "econsult.health",
    "klinik.co.uk",
    "patchs.ai",
    "rapidhealth.co.uk",
    "webgp.com",
)
"""Hosts (and their subdomains) of some online consultation suppliers.

Illustrative, not a complete or authoritative list: use `--tool` for an exact check.
"""

TOOL_LINK_WORDS: tuple[str, ...] = (
    "online consultation",
    "consult online",
    "consultation online",
    "contact us online",
    "contact the practice online",
    "contact the surgery online",
    "contact your practice online",
    "contact your gp online",
    "submit a request",
    "submit an online request",
    "make an online request",
    "online request",
    "request online",
    "e-consult",
    "econsult",
    "patient triage",
    "online triage",
    "askmygp",
    "ask my gp",
    "get help online",
    "start a request",
    "online-consultation",
    "onlineconsultation",
    "patient-initiated",
)
"""Words in a link's text or address that suggest the online consultation tool."""

_NHS_111 = "111.nhs.uk"

SAFEGUARD_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        (
            r"\b(?:do not|don't|should not|shouldn't|must not|never|not to) use "
            r"(?:this |the |our )?(?:online )?"
            r"(?:form|service|tool|system|consultation|request|e-?consult)s?\b[^.]{0,80}"
            r"\b(?:urgent|emergenc|life[- ]threatening|immediate)"
        ),
        (
            r"\bnot (?:suitable |to be used |intended |designed |appropriate |for use )?for "
            r"(?:urgent|emergenc|life[- ]threatening|immediate)"
        ),
        (
            r"\b(?:urgent|emergenc\w*)\b[^.]{0,60}\b(?:call|ring|phone|dial|telephone)\b[^.]{0,30}"
            r"(?:\b999\b|\b111\b|\bus\b|\bthe (?:practice|surgery)\b)"
        ),
        (
            r"\bif (?:it is |it's |your (?:problem|request|need|query) is |you (?:have|need) )?"
            r"(?:urgent|an emergency|a medical emergency|life[- ]threatening|an urgent)"
            r"[^.]{0,80}\b(?:call|ring|phone|dial|go to|contact|visit)\b"
        ),
    )
)
"""Wording that tells patients not to use the online form for urgent problems."""

_SAFEGUARD_WEAK = re.compile(r"\b(?:urgent\w*|emergenc\w*|999)\b")
_WHEN = r"\b(?:within|by|same day|next working day|end of|working days?|hours?|days?)\b"

RESPONSE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"\b(?:we|the practice|the surgery|our team|the team|a clinician|someone|you)"
        r"(?: will| aim to| will aim to|'ll| should| can expect to)\b[^.]{0,60}"
        r"\b(?:respond|reply|contact you|get back to you|be in touch|call you|hear (?:back|from us)"
        r"|receive a (?:response|reply))\b[^.]{0,80}" + _WHEN,
        r"\b(?:expect|receive|get) (?:a|an|our) (?:response|reply|answer|acknowledg\w*)\b"
        r"[^.]{0,60}" + _WHEN,
        r"\bresponse times?\b[^.]{0,40}\b(?:\d+|one|two|three|four|five|same|next)\b",
    )
)
"""Wording that tells patients when to expect a response."""

_RESPONSE_WEAK = re.compile(r"\b(?:respond\w*|response|reply|get back to you|be in touch)\b")

CLOSED_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        (
            r"\b(?:currently|temporarily|now) (?:closed|unavailable|offline|switched off|turned off"
            r"|not available|not accepting)\b"
        ),
        (
            r"\bnot (?:currently )?(?:accepting|taking|receiving) (?:any )?(?:new )?(?:online )?"
            r"(?:requests|consultations|submissions|messages)\b"
        ),
        r"\bclosed (?:to|for) (?:new )?(?:online )?(?:requests|consultations|submissions)\b",
        r"\bservice (?:is )?(?:currently )?unavailable\b",
        (
            r"\b(?:we are|we're|the practice is|the surgery is|this service is|the service is"
            r"|this form is|it is) (?:closed|unavailable|offline)\b"
            r"(?! (?:on|at|during|over|between|from|for (?:bank|weekends?|the weekend)))"
        ),
        r"\breached (?:its|our|the) (?:daily )?(?:limit|capacity)\b",
    )
)
"""Wording that says the tool is closed or not taking requests."""

_CLOSED_WEAK = re.compile(r"\b(?:closed|unavailable|offline)\b")


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
        link for link in page.links if link.host == _NHS_111 or link.host.endswith("." + _NHS_111)
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
    mentions = [b for b in page.blocks if _NHS_111 in b.lower() or "111 online" in b.lower()]
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
    sure, unsure = _search(page, SAFEGUARD_PATTERNS, _SAFEGUARD_WEAK)
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
    sure, unsure = _search(page, RESPONSE_PATTERNS, _RESPONSE_WEAK)
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


def closed_wording(page: Page) -> tuple[list[str], list[str]]:
    """Text on the tool's page saying it is closed: (sure, unsure) snippets."""
    blocks = Page(title="", links=(), blocks=(page.title, *page.blocks))
    return _search(blocks, CLOSED_PATTERNS, _CLOSED_WEAK)
