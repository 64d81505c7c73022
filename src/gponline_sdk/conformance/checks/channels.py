"""Contact details check (group `channels`).

The video and secure messaging checks of the same group are in `checks.video`
and `checks.messaging`.
"""

from __future__ import annotations

from datetime import date

from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    expect_same,
    london,
    require,
    target_of,
)
from gponline_sdk.conformance.contract import ContactDetailsSubmission
from gponline_sdk.conformance.core import CheckContext, check

__all__: list[str] = []

_DAY = date(2026, 12, 1)  # a Tuesday


@check(
    "channels.contact-details-update",
    title="Patients can update their personal and contact details online",
    requirements=["CD-UPD-01"],
    group="channels",
)
def contact_details_update(ctx: CheckContext) -> None:
    """An update sent by the patient reaches the practice as sent."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "contact-update")
    now = london(_DAY, 11, 0)
    sub = ContactDetailsSubmission(
        practice_code=canaries.environment.practice_code,
        patient=canaries.patient(),
        contact=canaries.contact(full=True),
    )
    with clock_at(ctx, now):
        update = require(target.update_contact_details(sub), "sending an update", status=201)
        seen = require(
            target.practice_contact_details(update.reference), "the practice reading the update"
        )
    ctx.expect(update.submitted_at == now, "the update's submitted_at is not the tool's now")
    expect_same(ctx, seen.patient, sub.patient, "the updated personal details")
    expect_same(ctx, seen.contact, sub.contact, "the updated contact details")
