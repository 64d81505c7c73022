"""Checks that `GET /capabilities` declares what the contract asks for (`requests`, `channels`).

The contract asks for every request category (`ToolCapabilities.request_categories`:
clinical_request, administrative_request and seek_health_advice MUST be offered,
describe_symptoms, ask_question and follow_up SHOULD be: a missing one of those is its
SHOULD's warning) and every channel (`channels`: "the contract requires all
four"). A tool that leaves one out of its declaration tells practices and their
patients it does not offer it, even when its endpoints would take it. The required
sets are the SDK's enums themselves, iterated: a category or channel added to the
contract later is required here too, with no list to keep up to date.

One check per required value, each under the requirement that value serves, so a
missing category fails only its own OC-CAT requirement. The contact details channel
is `channels.contact-details-update`'s (`checks.channels.expect_declared`).
Request budget: one `GET /capabilities` per check.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from gponline_sdk.conformance.checks._support import require, target_of
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import Channel, RequestCategory

__all__: list[str] = []

# Each required value, with the requirement(s) it serves.
_CATEGORIES: dict[RequestCategory, tuple[str, ...]] = {
    RequestCategory.SEEK_HEALTH_ADVICE: ("OC-CAT-01",),
    RequestCategory.DESCRIBE_SYMPTOMS: ("OC-CAT-02",),
    RequestCategory.ASK_QUESTION: ("OC-CAT-03",),
    RequestCategory.FOLLOW_UP: ("OC-CAT-04",),
    RequestCategory.CLINICAL_REQUEST: ("OC-CAT-05",),
    RequestCategory.ADMINISTRATIVE_REQUEST: ("OC-CAT-06",),
}
_CHANNELS: dict[Channel, tuple[str, ...]] = {
    # The form itself: every category is sent through it.
    Channel.ONLINE_CONSULTATION: tuple(r for reqs in _CATEGORIES.values() for r in reqs),
    Channel.VIDEO_CONSULTATION: ("VC-SCHED-01",),
    Channel.SECURE_MESSAGING: ("MSG-IN-01", "MSG-OUT-01"),
}


def _listed(values: Iterable[Enum]) -> str:
    return ", ".join(sorted(str(v.value) for v in values)) or "none"


def _declared_check(field: str, value: Enum, requirements: tuple[str, ...], group: str) -> None:
    label = str(value.value)

    @check(
        f"{group}.declared.{label}",
        title=f"GET /capabilities lists '{label}' in {field}, as the contract asks",
        requirements=list(requirements),
        group=group,
    )
    def run(ctx: CheckContext) -> None:
        ctx.note("request budget: 1 (GET /capabilities)")
        caps = require(target_of(ctx).capabilities(), "reading the capabilities")
        declared: frozenset[Enum] = getattr(caps, field)
        ctx.expect(
            value in declared,
            f"capabilities.{field}: expected every value the contract asks for, '{label}' "
            f"among them; received {_listed(declared)}",
        )


# Iterating the enums: a value the SDK adds later without a requirement here still fails
# at import (KeyError), so the mapping cannot silently fall behind the contract.
for _category in RequestCategory:
    _declared_check("request_categories", _category, _CATEGORIES[_category], "requests")
for _channel in Channel:
    if _channel is not Channel.CONTACT_DETAILS_UPDATE:  # checks.channels declares that one
        _declared_check("channels", _channel, _CHANNELS[_channel], "channels")
