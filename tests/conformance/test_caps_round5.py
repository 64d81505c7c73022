"""Caps keyed on any attribute, and acknowledgements under load (issue 8, round 5).

`availability.no-cap`'s burst must put more requests than any plausible fixed
cap (50 a day) on one value of every attribute a tool might key a cap on, and
every 201 in it must promise the same London day and say when. Each reference
fault of the class fails that check under the requirement it breaks, naming the
field and never a patient's value; the fifth blind set's variants of the class
fail it over HTTP.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from _inprocess import Context, failure_of
from outside_tool import tool

from gponline_sdk.conformance.checks._burst import COMMON_WORDS
from gponline_sdk.conformance.core import CHECKS, CheckFailed
from gponline_sdk.conformance.target import HttpTarget, InProcessTarget
from gponline_sdk.models import ConsultationRequest, RequesterRole
from gponline_sdk.reference.tool import ReferenceTool

_CAP = "availability.no-cap"
_PLAUSIBLE_CAP = 50

_ATTRIBUTES: dict[str, Callable[[ConsultationRequest], object]] = {
    "household": lambda r: (r.contact.address_lines[:1], r.contact.postcode),
    "postcode": lambda r: r.contact.postcode,
    "phone": lambda r: r.contact.phone,
    "email": lambda r: r.contact.email,
    "date of birth": lambda r: r.patient.date_of_birth,
    "NHS number": lambda r: r.patient.nhs_number,
    "no NHS number": lambda r: r.patient.nhs_number is None or None,
    "family name": lambda r: r.patient.family_name,
    "proxy": lambda r: r.requester.proxy_name if r.requester.role is RequesterRole.PROXY else None,
    "words": lambda r: r.description,
    "category": lambda r: r.category,
    "follow-up": lambda r: r.follows_up is not None or None,
}


def _burst_requests() -> list[ConsultationRequest]:
    """The requests the clean reference tool holds after the check ran against it."""
    reference = ReferenceTool(None)
    ctx = Context(None)
    ctx.target = InProcessTarget(reference, on_exchange=ctx.record)
    CHECKS[_CAP].run(ctx)
    return list(reference._requests.values())  # the test reads the tool's store


def test_every_attribute_has_a_value_shared_by_more_than_a_plausible_cap() -> None:
    held = _burst_requests()
    for attribute, key in _ATTRIBUTES.items():
        counts = Counter(key(r) for r in held)
        counts.pop(None, None)
        assert counts, f"no request carries a {attribute}"
        assert max(counts.values()) > _PLAUSIBLE_CAP, attribute
    # The same words come from many patients, never twice in one category from one patient.
    for words in COMMON_WORDS:
        alike = [r for r in held if r.description == words]
        assert len({(r.patient.family_name, r.category) for r in alike}) == len(alike)


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("caps-per-household", "10 with the same household"),
        ("caps-without-nhs-number", "30 with no NHS number"),
        ("caps-same-words", "8 with the same words"),
        ("caps-per-proxy", "12 with the same proxy"),
        ("respond-by-queue-drift", "respond_by: POST /requests number"),
        ("follow-up-respond-by-later", "respond_by: POST /requests number"),
        ("ack-degrades-under-load", "message: POST /requests number"),
    ],
)
def test_each_fault_of_the_class_fails_no_cap_naming_the_field(fault: str, says: str) -> None:
    message = failure_of(_CAP, fault)
    assert says in message
    assert "canary-" not in message
    assert "example" not in message  # no patient's email address


@pytest.mark.parametrize(
    ("fault", "requirement"),
    [
        ("caps-same-words", "AV-CAP-01"),
        ("respond-by-queue-drift", "AV-RESP-01"),
        ("ack-degrades-under-load", "OC-ACK-01"),
    ],
)
def test_a_failure_names_the_requirement_it_breaks(fault: str, requirement: str) -> None:
    with pytest.raises(CheckFailed) as failed:
        CHECKS[_CAP].run(Context(fault))
    assert failed.value.requirements == (requirement,)


@pytest.mark.parametrize(
    "variant",
    [
        "b5-spam-filter-same-words-5-per-day",
        "b5-cap-unverified-20-per-day",
        "b5-cap-household-4-per-day",
        "b5-respond-by-queue-eta",
        "b5-follow-up-respond-by-next-working-day",
        "b5-ack-template-timeout-every-40th",
    ],
)
def test_the_fifth_blind_sets_variants_of_the_class_fail_no_cap(variant: str) -> None:
    server = tool.serve(variant, idle_timeout=0.2)
    try:
        with HttpTarget(server.url) as target:
            ctx = Context(None)
            ctx.target = target  # type: ignore[assignment] - same protocol, over HTTP
            with pytest.raises(CheckFailed):
                CHECKS[_CAP].run(ctx)
    finally:
        server.stop()
