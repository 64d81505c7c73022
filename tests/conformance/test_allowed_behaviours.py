"""What the rules allow passes; what they forbid fails (issue 9, item 3).

AV-111-01 forbids handing a need within general practice's scope over to NHS 111 in
core hours. It does not forbid safety-net advice on a clinical acknowledgement ("if you
get worse, call 111"), nor a `redirect_url` shown as a signpost beside a form that still
takes every request. Each allowed behaviour is run through the checks that could mistake
it for a redirect; each forbidden one must fail.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from _inprocess import Context

from gponline_sdk.conformance.checks._nhs111 import sends_to_111
from gponline_sdk.conformance.checks.medication import sends_elsewhere
from gponline_sdk.conformance.core import CHECKS, CheckFailed
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import RequestType
from gponline_sdk.reference.tool import ReferenceTool

SAFETY_NETS = [
    "If you get worse, call 111.",
    "If your symptoms get worse before we contact you, please call NHS 111.",
    "If things change or you feel more unwell, use NHS 111 online at https://111.nhs.uk/.",
    "Should your condition deteriorate overnight, ring 111.",
    "If you cannot wait for us to reply, contact NHS 111.",
    "In an emergency call 999; if it becomes urgent, call 111.",
    "We will reply by 16:00 today. If you need help before then, call NHS 111.",
]
HAND_OVERS = [
    "Please call 111.",
    "For this kind of need please use NHS 111 online instead.",
    "Your symptoms may need urgent care: please call 111 now.",
    "We cannot deal with symptoms online. Please use NHS 111.",
    "If you have symptoms, please use NHS 111 instead of this form.",
    "Your request has been passed on to NHS 111.",
    "NHS 111 online is the right service for this.",
    "If your problem is not urgent, please use NHS 111 online.",
    "If it isn't an emergency, call 111.",
    "For non-urgent problems, if you need advice, call NHS 111.",
    "If you would like to change your appointment, call 111.",
]


@pytest.mark.parametrize("text", SAFETY_NETS)
def test_safety_net_advice_is_not_a_hand_over(text: str) -> None:
    assert not sends_to_111(f"Thank you, we have your request. {text}")


@pytest.mark.parametrize("text", HAND_OVERS)
def test_a_hand_over_to_111_is_one(text: str) -> None:
    assert sends_to_111(f"Thank you. {text}")


def test_digits_111_that_point_nowhere_are_neither() -> None:
    assert not sends_to_111("Your reference is REF-111. Call us on 0113 111 2222.")


class _Allowed(ReferenceTool):
    """A conformant tool that does what the rules allow and the old checks took for redirects."""

    def _ack_message(self, sub: Any, respond_by: Any) -> str:
        message = super()._ack_message(sub, respond_by)
        if sub.category.request_type is RequestType.CLINICAL:
            message += " If you get worse before we contact you, call NHS 111."
        return message

    def _availability(self, **kwargs: Any) -> tuple[int, bytes]:
        status, body = super()._availability(**kwargs)
        shown = json.loads(body)
        # A signpost beside the open form, all day: the requests are still taken.
        shown["redirect_url"] = "https://111.nhs.uk/"
        return status, json.dumps(shown).encode()


class _HandsOver(_Allowed):
    """The forbidden twin: clinical needs are told to use NHS 111 instead."""

    def _ack_message(self, sub: Any, respond_by: Any) -> str:
        message = ReferenceTool._ack_message(self, sub, respond_by)
        if sub.category.request_type is RequestType.CLINICAL:
            message += " Please use NHS 111 for this instead."
        return message


def _run(check_id: str, tool: ReferenceTool) -> None:
    ctx = Context(None)
    ctx.target = InProcessTarget(tool, on_exchange=ctx.record)
    CHECKS[check_id].run(ctx)


@pytest.mark.parametrize(
    "check_id",
    ["availability.no-111-redirect", "availability.open-in-core-hours", "availability.no-cap"],
)
def test_safety_net_and_signpost_pass(check_id: str) -> None:
    _run(check_id, _Allowed())


def test_a_hand_over_fails_no_111_redirect() -> None:
    with pytest.raises(CheckFailed, match="sent to NHS 111"):
        _run("availability.no-111-redirect", _HandsOver())


@pytest.mark.parametrize(
    ("text", "away"),
    [
        ("We will reply by 16:00 today.", False),
        ("We will reply today. Your pharmacy can also advise on minor side effects.", False),
        ("Please ask your pharmacist instead.", True),
        ("We cannot deal with medication queries online: please use the NHS App.", True),
        ("Repeat prescriptions: please order through your pharmacy.", True),
        ("If you get worse before we reply, call NHS 111.", False),
    ],
)
def test_medication_acknowledgements_that_send_elsewhere(text: str, away: bool) -> None:
    assert sends_elsewhere(f"Thank you. {text}") is away


class _PharmacyHandOver(ReferenceTool):
    """Takes every request (201) but tells medication queries to ask the pharmacist instead."""

    def _ack_message(self, sub: Any, respond_by: Any) -> str:
        return super()._ack_message(sub, respond_by) + " Please ask your pharmacist instead."


def test_a_pharmacy_hand_over_fails_the_medication_check() -> None:
    with pytest.raises(CheckFailed, match="sent to another service"):
        _run("requests.medication-queries", _PharmacyHandOver())
    _run("requests.medication-queries", ReferenceTool())  # the clean tool passes
