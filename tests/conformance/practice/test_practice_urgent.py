"""PRAC-WEB-03, the urgent-use safeguard: real phrasings pass; vague pleas never do.

The rule must not pass on wording that never says not to use the online form for urgent
problems ("please think carefully about how you contact us"), and must still pass the
phrasings practices use on their websites.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.practice import Outcome
from gponline_sdk.conformance.practice.page import parse_page
from gponline_sdk.conformance.practice.rules import safeguard_finding

BASE = "https://www.riverside-surgery.example/"

# Phrasings seen on practice websites: each says the online route is not for urgent
# problems, or sends urgent problems to a concrete other route.
ALLOWED = (
    "If your problem is urgent, please call us on 01234 567890.",
    "Do not use this form for urgent medical problems.",
    "This service is not for emergencies.",
    "For anything urgent ring 01234 567890.",
    "Online consultation is not suitable for urgent problems.",
    "Please don\u2019t use the online form if you need urgent help \u2013 call the surgery.",
    "If it\u2019s a medical emergency, dial 999 or go to A&E.",
    "Urgent requests should not be submitted online; please phone reception.",
    "Please use this form for non-urgent requests only.",
    "If you need help urgently, please telephone the practice.",
    "Urgent? Call 111 or, in an emergency, 999.",
    "eConsult is not intended for use in an emergency.",
    "Never use the online service for life-threatening emergencies; call 999.",
    "Patients with urgent problems should phone the surgery on 01234 567890.",
    "The online form is not the right way to contact us if you need urgent help.",
    "If your request is urgent, contact the surgery by telephone.",
    "For urgent medical help call NHS 111, or in an emergency dial 999.",
    "Please do not submit urgent requests through the online form.",
    "Our online form is for routine, non-urgent requests only.",
    "This form is not monitored for emergencies.",
)

# Wording that mentions urgency (or not) but never says not to use the form for it, nor
# where to go instead. "check by hand" at most, never a pass.
VAGUE = (
    "Please think carefully about how you contact us.",
    "Please think carefully about how you contact us if your problem is urgent.",
    "If it\u2019s urgent, please think carefully about how you contact us.",
    "Choose the right service for your needs.",
    "We deal with urgent requests first.",
    "Urgent requests are prioritised by our care navigators.",
    "If your request is urgent, please tick the urgent box.",
    "If it is urgent, let us know in the form.",
    "If urgent, please contact us.",
    "For non-urgent requests please call us on 01234 567890.",
    "If your problem is not urgent, use our online form.",
    "Please don\u2019t use A&E unless it is a genuine emergency.",
    "Use the online form for urgent and routine requests.",
    "Please use our online consultation service for all requests, including urgent ones.",
    "You can call us or use the online form, whichever you prefer.",
    "Urgent requests will be answered the same day. Call us if you have questions.",
    "If your matter is urgent, we will contact you the same day.",
    "If you have an urgent request, submit it before 10am.",
    "Please do not use the phone lines for non-urgent queries.",
    "Do not use 999 for anything that is not an emergency.",
    "For urgent requests, we will call you back within 2 hours.",
    "Please be considerate when contacting us with urgent matters.",
)


def outcome(text: str) -> Outcome:
    return safeguard_finding(parse_page(f"<p>{text}</p>", BASE)).outcome


def test_the_tables_are_big_enough() -> None:
    assert len(ALLOWED) >= 8
    assert len(VAGUE) >= 8


@pytest.mark.parametrize("text", ALLOWED)
def test_real_phrasings_pass(text: str) -> None:
    finding = safeguard_finding(parse_page(f"<p>{text}</p>", BASE))
    assert finding.outcome is Outcome.PASS, text
    assert finding.evidence  # the sentence is quoted for the reader


@pytest.mark.parametrize("text", VAGUE)
def test_vague_wording_never_passes(text: str) -> None:
    assert outcome(text) in (Outcome.FAIL, Outcome.CHECK_BY_HAND), text


def test_think_carefully_alone_is_a_no() -> None:
    assert outcome("Please think carefully about how you contact us.") is Outcome.FAIL


_PREFIX = st.sampled_from(("", "Please note: ", "Important. ", "Contact us online. "))
_SUFFIX = st.sampled_from(("", " Thank you.", " We are here to help.", " Opening hours below."))
_CASE = st.sampled_from((str, str.upper, str.lower))
_QUOTES = st.sampled_from(((lambda t: t), (lambda t: t.replace("\u2019", "'"))))


@settings(deadline=None, max_examples=150)
@given(text=st.sampled_from(VAGUE), prefix=_PREFIX, suffix=_SUFFIX, case=_CASE, quotes=_QUOTES)
def test_no_dressing_of_vague_wording_passes(
    text: str, prefix: str, suffix: str, case: object, quotes: object
) -> None:
    dressed = case(quotes(prefix + text + suffix))  # type: ignore[operator]
    assert outcome(dressed) is not Outcome.PASS, dressed


@settings(deadline=None, max_examples=150)
@given(text=st.sampled_from(ALLOWED), prefix=_PREFIX, suffix=_SUFFIX, case=_CASE, quotes=_QUOTES)
def test_any_dressing_of_a_real_phrasing_passes(
    text: str, prefix: str, suffix: str, case: object, quotes: object
) -> None:
    dressed = case(quotes(prefix + text + suffix))  # type: ignore[operator]
    assert outcome(dressed) is Outcome.PASS, dressed


@settings(deadline=None, max_examples=100)
@given(vague=st.lists(st.sampled_from(VAGUE), min_size=1, max_size=4))
def test_a_page_of_only_vague_blocks_never_passes(vague: list[str]) -> None:
    page = parse_page("".join(f"<p>{t}</p>" for t in vague), BASE)
    assert safeguard_finding(page).outcome is not Outcome.PASS
