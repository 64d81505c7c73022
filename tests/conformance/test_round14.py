"""Round 14: every acknowledgement of the run is read for a hand-over to NHS 111.

`availability.no-111-anywhere` is proved against rules the check was not written for: a
hand-over keyed on each thing a request can carry (each category, each contact preference,
a photo, a proxy, no NHS number), each failing it; and passed by a tool that offers NHS 111
to every request alike. Its message names the kind of request, never the words sent.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from _passthrough import PassThroughMasker

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.results import CheckResult
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import ContactMethod, RequestCategory, RequesterRole
from gponline_sdk.reference.tool import FAULTS, ReferenceTool
from gponline_sdk.reference.tool.faults import round14

_CHECK = "availability.no-111-anywhere"
_HANDED_OVER = " Please use NHS 111 online for this instead."
Rule = Callable[[RequestSubmission], bool]


def _rules() -> list[tuple[str, Rule]]:
    """Rules a tool could hand requests over by: each thing a request carries."""
    rules: list[tuple[str, Rule]] = [
        ("with a photo", lambda s: bool(s.attachments)),
        ("from a proxy", lambda s: s.requester.role is RequesterRole.PROXY),
        ("without an NHS number", lambda s: s.patient.nhs_number is None),
    ]
    for method in ContactMethod:
        rules.append((f"preferring {method.value}", lambda s, m=method: s.contact.preferred is m))
    for category in RequestCategory:
        if category is not RequestCategory.ADMINISTRATIVE_REQUEST:
            rules.append((category.value, lambda s, c=category: s.category is c))
    return rules


def _run_whole_suite(line: Callable[[str | None, RequestSubmission], str]) -> CheckResult:
    """The whole suite against the reference tool with `line` ending each acknowledgement."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(round14, "ack_line", line)
        result = run_checks(
            list(CHECKS.values()),
            target=InProcessTarget(ReferenceTool()),
            catalogue=load_catalogue(),
            target_description="t",
            masker=PassThroughMasker(),
        )
    (only,) = [r for r in result.results if r.check_id == _CHECK]
    return only


def test_the_round14_faults_are_listed() -> None:
    assert set(FAULTS) >= round14.ROUND14_FAULTS


@pytest.mark.parametrize(("what", "rule"), _rules(), ids=[w for w, _ in _rules()])
def test_a_hand_over_keyed_on_anything_a_request_carries_fails(what: str, rule: Rule) -> None:
    result = _run_whole_suite(lambda _fault, sub: _HANDED_OVER if rule(sub) else "")
    assert result.status is Status.FAIL, what
    message = result.message or ""
    assert what in message
    assert "instead." not in message  # the acknowledgement's words are never reported


def test_nhs_111_offered_to_every_request_alike_passes() -> None:
    every = " If you need help sooner, you can always call NHS 111."
    result = _run_whole_suite(lambda _fault, _sub: every + _HANDED_OVER)
    assert result.status is Status.PASS, result.message
