"""Contact details check (group `channels`).

The video and secure messaging checks of the same group are in `checks.video`
and `checks.messaging`.

Patients update their details more than once: after a marriage or a deed poll
the name changes, often with a move; a later move or new phone keeps the name.
So the check sends, for the same patient (same NHS number and date of birth), a
second update with a new name, phone, address and postcode, then a third with
that same new name and new contact details: the practice must see each as
sent, not the name of the record the first update set, and the earlier ones,
read again by their own references, must still read as sent, not as the
patient's latest (a tool filing updates by patient and name shows the third
for the second).
"""

from __future__ import annotations

from datetime import date

import attrs

from gponline_sdk.conformance.checks._support import (
    Canaries,
    expect_same,
    london,
    require,
    require_harness,
    target_of,
)
from gponline_sdk.conformance.contract import ContactDetailsSubmission
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import Channel, ContactMethod

__all__ = ["expect_declared"]

_DAY = date(2026, 12, 1)  # a Tuesday


def expect_declared(ctx: CheckContext, channel: Channel) -> None:
    """Fail unless `GET /capabilities` lists `channel` (the contract requires all four).

    For any channel's check to call: each channel's MUST fails where it is left out.
    """
    caps = require(target_of(ctx).capabilities(), "reading the capabilities")
    ctx.expect(
        channel in caps.channels,
        f"capabilities.channels: expected the four channels the contract requires, "
        f"'{channel.value}' among them; received "
        + (", ".join(sorted(c.value for c in caps.channels)) or "none"),
    )


_LATER = (("first", "second"), ("second", "third"))  # each update read again, and the next


def _moved(canaries: Canaries, sub: ContactDetailsSubmission) -> ContactDetailsSubmission:
    """The same patient, same name, after a move: new phone, email, address and postcode."""
    return attrs.evolve(sub, contact=canaries.contact(full=True))


def _renamed(canaries: Canaries, sub: ContactDetailsSubmission) -> ContactDetailsSubmission:
    """The same patient after a name change and a move: new name, phone, address, postcode."""
    given = f"{canaries.word()} {canaries.word(6)}"  # a two-part given name
    family = f"{sub.patient.family_name}-{canaries.word(8)}"  # double-barrelled on marriage
    canaries.issue(given, family)
    moved = canaries.contact(full=True)
    flat = f"Flat {len(family)}"
    canaries.issue(flat)
    return attrs.evolve(
        sub,
        patient=attrs.evolve(sub.patient, given_name=given, family_name=family),
        contact=attrs.evolve(
            moved,
            address_lines=(flat, *moved.address_lines[:1], "Headingley", "Leeds"),
            postcode="LS6 3EX",
            preferred=ContactMethod.PHONE,
        ),
    )


@check(
    "channels.contact-details-update",
    title="Patients can update their personal and contact details online",
    requirements=["CD-UPD-01"],
    group="channels",
)
def contact_details_update(ctx: CheckContext) -> None:
    """Two updates from one patient, the second a name change, each reach the practice as sent.

    The tool must also declare the channel: the contract requires all four in
    `capabilities.channels`, and a tool that leaves this one out does not offer it.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "contact-update")
    ctx.note(
        "request budget: 14 (capabilities; environment; for each of 3 updates: clock, update, "
        "practice read; the first two read again; clock release)"
    )
    expect_declared(ctx, Channel.CONTACT_DETAILS_UPDATE)
    first = ContactDetailsSubmission(
        practice_code=canaries.environment.practice_code,
        patient=canaries.patient(),
        contact=canaries.contact(full=True),
    )
    second = _renamed(canaries, first)
    sent = (
        (first, london(_DAY, 11, 0), "the update"),
        (second, london(_DAY, 11, 40), "a second update from the same patient (a name change)"),
        (
            _moved(canaries, second),
            london(_DAY, 12, 5),
            "a third update from the same patient (a move, same name)",
        ),
    )
    references: list[str] = []
    try:
        for sub, now, what in sent:
            require_harness(target.set_clock(now), "setting the test clock (PUT /test/clock)")
            update = require(target.update_contact_details(sub), f"sending {what}", status=201)
            seen = require(
                target.practice_contact_details(update.reference), f"the practice reading {what}"
            )
            references.append(update.reference)
            ctx.expect(
                update.submitted_at == now,
                f"{what}: submitted_at: expected the tool's now ({now.isoformat()}), "
                f"received {update.submitted_at.isoformat()}",
            )
            expect_same(ctx, seen.patient, sub.patient, f"{what}: the personal details")
            expect_same(ctx, seen.contact, sub.contact, f"{what}: the contact details")
        again = [
            require(
                target.practice_contact_details(reference),
                f"the practice reading the {nth} update again, after the {later}",
            )
            for reference, (nth, later) in zip(references, _LATER, strict=False)
        ]
    finally:
        target.release_clock()
    for seen, sub, (nth, later) in zip(again, (first, second), _LATER, strict=True):
        what = f"the {nth} update read by its reference after the {later} was sent"
        expect_same(ctx, seen.patient, sub.patient, f"{what}: the personal details")
        expect_same(ctx, seen.contact, sub.contact, f"{what}: the contact details")
