"""Channel and 111 checks against the defect classes an outside tool's variants slipped past.

Each fault mode added for these classes fails its check in process, naming the
field and never quoting a body or identifier; the 111 detector tells a pointer to
NHS 111 from a reference, time, amount or phone number that merely holds "111".
The self-test (`test_selftest.py`) proves over HTTP that each fault fails exactly
its listed checks.
"""

from __future__ import annotations

import pytest
from _inprocess import failure_of, requests_and_budget
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks._nhs111 import mentions_111

_CONTACT = "channels.contact-details-update"
_NO_111 = "availability.no-111-redirect"
_VIDEO = "channels.video-consultation"
_MESSAGES = (
    "channels.message-patient-to-practice",
    "channels.message-practice-to-patient",
    "channels.message-practice-replies",
    "channels.message-patient-replies",
)


@pytest.mark.parametrize("check_id", [_CONTACT, _NO_111, _VIDEO, *_MESSAGES])
def test_the_clean_tool_passes_within_the_stated_request_budget(check_id: str) -> None:
    sent, budget = requests_and_budget(check_id)
    assert sent == budget


@pytest.mark.parametrize(
    ("fault", "check_id", "field"),
    [
        *(
            ("truncates-message-bodies", check_id, "body (160 characters received, ")
            for check_id in _MESSAGES
        ),
        ("truncates-message-bodies", _MESSAGES[0], "10000 sent"),  # the contract's maxLength
        *(
            ("message-line-breaks-normalised", check_id, "characters received, ")
            for check_id in _MESSAGES
        ),
        (
            "contact-update-keeps-first-name",
            _CONTACT,
            (
                "a second update from the same patient (a name change): the personal details: "
                "the practice sees different given_name"
            ),
        ),
        (
            "contact-updates-overwrite-by-patient",
            _CONTACT,
            (
                "the first update read by its reference after the second was sent: the personal "
                "details: the practice sees different given_name"
            ),
        ),
        (
            "video-start-as-london-wall-time",
            _VIDEO,
            "scheduled_start: expected 2027-04-14T15:00:00+00:00, received 2027-04-14T15:00:00+01",
        ),
        ("redirects-symptom-words-to-111", _NO_111, "naming an everyday, non-urgent symptom, sent"),
        ("redirects-to-111", _NO_111, "is sent to NHS 111 (not as advice"),
    ],
)
def test_each_fault_fails_naming_the_field_never_the_value(
    fault: str, check_id: str, field: str
) -> None:
    message = failure_of(check_id, fault)
    assert field in message
    assert "canary-" not in message
    assert "Dear Doctor" not in message  # the realistic body text is never quoted
    assert "example.invalid" not in message  # nor a patient's email address


@pytest.mark.parametrize(
    "text",
    [
        "For this kind of need please use NHS 111 online or call 111 instead.",
        "Please call 111.",
        "Dial 111 now",
        "ring NHS 111",
        "call us on 111",
        "Go to 111.nhs.uk",
        "see https://111.nhs.uk/ for help",
        "NHS-111 can help",
        "the NHS 111 service",
        "try 111 online",
    ],
)
def test_a_pointer_to_nhs_111_is_found(text: str) -> None:
    assert mentions_111(text)


@pytest.mark.parametrize(
    "text",
    [
        "Your reference is REF-111.",
        "Request OC-00111 received",
        "We will tell you by 11:11 on 25 November how we will help.",
        "Questions? Call 0113 111 2222.",
        "phone 0113 111 2222",
        "call 111-2222 for the branch surgery",
        "call 111 222 333",
        "Room 111, first floor",
        "Your fee is 1,111 pounds",
        "https://practice.example.invalid/forms/111",
        "Thank you. We will tell you by 18:30 on 25 November how we will help.",
    ],
)
def test_a_reference_time_amount_or_phone_number_is_no_redirect(text: str) -> None:
    assert not mentions_111(text)


@settings(deadline=None, max_examples=200)
@given(
    prefix=st.sampled_from(["REF-", "OC-", "MSG-", "CD-", "#", "0113 ", "11:", "1,", "Room "]),
    digits=st.from_regex(r"\A[0-9]{0,4}111[0-9]{0,4}\Z"),
    words=st.sampled_from(["Thank you.", "Your request", "We will reply", ""]),
)
def test_references_and_numbers_holding_111_never_count_as_a_redirect(
    prefix: str, digits: str, words: str
) -> None:
    # No "call", "dial", "NHS" or similar beside it: whatever the digits, this is no pointer.
    assert not mentions_111(f"{words} {prefix}{digits} received at 10:00.")
