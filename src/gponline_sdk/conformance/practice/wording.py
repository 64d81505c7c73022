"""The words and patterns the practice check looks for (data for `rules`).

Kept apart from the rules so the lists can grow without the logic growing with them.
Every pattern runs on one block of visible text, lower-cased, with curly quotes made
straight (see `page`), so `[^.]` keeps a match inside one sentence.
"""

from __future__ import annotations

import re

__all__ = [
    "CHARTER_HOSTS",
    "CHARTER_MENTION",
    "CHARTER_PATH",
    "CHARTER_WORDS",
    "CLOSED_PATTERNS",
    "CLOSED_WEAK",
    "KNOWN_TOOL_DOMAINS",
    "NHS_111",
    "RESPONSE_PATTERNS",
    "RESPONSE_WEAK",
    "SAFEGUARD_PATTERNS",
    "SAFEGUARD_WEAK",
    "TOOL_LINK_WORDS",
]

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

NHS_111 = "111.nhs.uk"
"""The host of NHS 111 online (the NHS symptom checker)."""

# The urgent-use safeguard. A sentence passes only if it says, about urgent problems, either
# that the online route is not for them ("do not use this form for urgent problems", "not
# suitable for emergencies", "for non-urgent requests only") or where to go instead with a
# concrete route ("if it is urgent, call us on 01234 ...", "for anything urgent ring the
# surgery", "in an emergency dial 999"). Merely mentioning urgency, or a general plea such as
# "please think carefully about how you contact us", is never enough: those are weak matches
# at best (check by hand). "non-urgent" and "not urgent" are not urgency.
_URGENT = (
    r"(?<!non-)(?<!non )(?<!not )(?<!not an )(?<!not a )"
    r"(?:urgent(?:ly)?|emergenc(?:y|ies)|life[- ]threatening|immediate (?:help|attention|care)"
    r"|serious(?:ly)? ill)\b"
)
_NOT = (
    r"\b(?:do not|don't|dont|please do not|should not|shouldn't|must not|mustn't|never|not to"
    r"|cannot|can't|can not)"
)
# A concrete other route: a phone call to the practice, 999, 111 or a number; A&E; or
# "contact us" only when it says how (by phone, on a number).
_ROUTE = (
    r"\b(?:(?:call|ring|phone|dial|telephone)\b[^.]{0,30}?"
    r"(?:\b999\b|\b111\b|\d{4,}|\bus\b|\bthe (?:practice|surgery|reception|team|gp)\b"
    r"|\breception\b|\bnhs 111\b|\bthe surgery\b)"
    r"|(?:go|going|attend|visit|head) (?:straight )?to (?:your |the )?(?:nearest )?"
    r"(?:a ?& ?e|a and e|accident and emergency|emergency department|urgent treatment centre)"
    r"|contact (?:us|the (?:practice|surgery|reception|team))\b[^.]{0,20}"
    r"\b(?:by (?:tele)?phone|on \d|by calling|in person))"
)
# The online route as a thing not to use: anything but A&E, 999 or 111, and never "unless".
_OBJECT = r"(?!\s*(?:the )?(?:a ?& ?e|999|111|accident))(?:(?!\bunless\b)[^.]){0,80}?"

SAFEGUARD_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # "Do not use this form for urgent problems", "never use it in an emergency".
        _NOT + r" (?:be )?use[ds]?\b" + _OBJECT + _URGENT,
        # "Please don't submit urgent requests online".
        _NOT + r" (?:submit|send|make|raise|report)\b[^.]{0,40}?" + _URGENT,
        # "Urgent requests should not be submitted online".
        _URGENT + r"[^.]{0,60}?\b(?:should not|shouldn't|must not|cannot|can't|will not|won't)"
        r" be (?:submitted|sent|made|raised|reported|dealt with|handled|managed|answered)\b",
        # "This service is not for emergencies", "not suitable if you need urgent help".
        r"\bnot (?:(?:suitable|appropriate|designed|intended|meant|safe|monitored|to be used"
        r"|used|the right (?:way|place|service|choice))\b[^.]{0,25}? )?(?:for use )?"
        r"(?:for|if|when|in)\b"
        r"[^.]{0,40}?" + _URGENT,
        # "Use this form for non-urgent requests only", "only for non-urgent problems".
        r"\bonly\b[^.]{0,30}?\bnon-?\s?urgent\b|\bnon-?\s?urgent\b[^.]{0,30}?\bonly\b",
        # "If your problem is urgent, please call us on ...", "for anything urgent ring ...".
        r"\b(?:if|for|when|should|with|in case of|in an?|needing|need)\b[^.]{0,40}?"
        + _URGENT
        + r"[^.]{0,80}?"
        + _ROUTE,
        # "Urgent? Call 111", "Urgent problems: ring the surgery".
        _URGENT + r"(?: \w+){0,3}\s*[?:\u2013\u2014-]\s*(?:please )?" + _ROUTE,
    )
)
"""Wording that tells patients not to use the online form for urgent problems, or where to go."""

SAFEGUARD_WEAK = re.compile(r"\b(?:urgent\w*|emergenc\w*|999)\b")
"""Words that make a block worth a look by hand when no safeguard pattern matches."""
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

RESPONSE_WEAK = re.compile(r"\b(?:respond\w*|response|reply|get back to you|be in touch)\b")
"""Words that make a block worth a look by hand when no response pattern matches."""

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

CLOSED_WEAK = re.compile(r"\b(?:closed|unavailable|offline)\b")
"""Words that make a tool page worth a look by hand."""

CHARTER_WORDS = re.compile(r"\byou (?:and|&) your (?:general practice|gp practice)\b")
"""The charter's name in a link's text or title (lower case, any quotes around it)."""
CHARTER_PATH = "you-and-your-general-practice"
"""A path segment of the charter's page on the NHS websites."""
CHARTER_HOSTS: frozenset[str] = frozenset(
    {"nhs.uk", "www.nhs.uk", "england.nhs.uk", "www.england.nhs.uk"}
)
"""The NHS websites that publish the charter (matched exactly, never as a suffix)."""
CHARTER_MENTION = re.compile(
    r"\byou (?:and|&) your (?:general practice|gp practice)\b|\bpatient charter\b"
)
"""A mention of the charter (or of some patient charter) without a link to it."""
