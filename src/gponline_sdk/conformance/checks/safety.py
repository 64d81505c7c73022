"""Checks of the urgent-use safeguard and the symptom-checker signpost.

Groups `safety` and `signposting`: what a patient sees before filling in the form.
Also the requests leaving out optional fields that `availability.no-111-redirect`
sends in core hours (`OMISSIONS`, `omissions_not_redirected`): a tool that triages
by what a patient did not give must not send them to NHS 111.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from urllib.parse import urlsplit

import attrs
import orjson

from gponline_sdk.conformance.checks._support import (
    Canaries,
    Offered,
    clock_at,
    london,
    offered,
    require,
    target_of,
)
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import (
    ContactDetails,
    ContactMethod,
    PatientDetails,
    RequestCategory,
)

__all__ = ["OMISSIONS", "follow_up", "omissions_not_redirected", "omitted_fields"]

_URGENT = re.compile(r"urgent|emergency|999", re.IGNORECASE)
_NHS_111_ONLINE_HOST = "111.nhs.uk"
_OPEN_AND_CLOSED = (london(date(2026, 11, 25), 11, 0), london(date(2026, 11, 28), 11, 0))


@check(
    "safety.urgent-use-safeguard",
    title="Patients are warned not to use the form for urgent problems",
    requirements=["SAFE-URG-01"],
    group="safety",
)
def urgent_use_safeguard(ctx: CheckContext) -> None:
    """The availability answer carries a safeguard about urgent problems, open or closed."""
    target = target_of(ctx)
    for now in _OPEN_AND_CLOSED:
        with clock_at(ctx, now):
            avail = require(target.availability(), "reading availability")
        state = "open" if avail.open_now else "closed"
        text = avail.urgent_use_safeguard or ""
        ctx.expect(bool(text.strip()), f"no urgent-use safeguard is shown while {state}")
        ctx.expect(
            _URGENT.search(text) is not None,
            f"the safeguard shown while {state} does not speak of urgent problems",
        )
    shown = _declared(ctx, "urgent_use_safeguard")
    if shown is not None:
        ctx.expect(
            isinstance(shown, str) and 10 <= len(shown) <= 2_000 and bool(_URGENT.search(shown)),
            "capabilities.urgent_use_safeguard: expected 10 to 2,000 characters speaking of "
            "urgent problems (or null), as the contract's ToolCapabilities says",
        )


def _declared(ctx: CheckContext, field: str) -> object:
    """A capabilities field as the tool sent it, even one that breaks its schema.

    The two SHOULD-only fields are read as absent by every other check when malformed
    (`SHOULD_ONLY_CAPABILITIES`): the raw body is where these checks see them.
    """
    reply = target_of(ctx).capabilities()
    require(reply, "reading capabilities")
    try:
        data = orjson.loads(reply.text)
    except orjson.JSONDecodeError:
        return None  # the parse above already took it: not reached
    return data.get(field) if isinstance(data, dict) else None


@check(
    "signposting.symptom-checker",
    title="The tool links to the NHS symptom checker (NHS 111 online)",
    requirements=["SIGN-111-01"],
    group="signposting",
)
def symptom_checker(ctx: CheckContext) -> None:
    """The availability answer links to NHS 111 online over https."""
    target = target_of(ctx)
    with clock_at(ctx, _OPEN_AND_CLOSED[0]):
        avail = require(target.availability(), "reading availability")
    url = avail.symptom_checker_url or ""
    parts = urlsplit(url)
    ctx.expect(bool(url), "no link to the NHS symptom checker is shown")
    ctx.expect(
        parts.scheme == "https" and (parts.hostname or "").endswith(_NHS_111_ONLINE_HOST),
        "the symptom checker link does not point to NHS 111 online (https://111.nhs.uk/)",
    )
    declared = _declared(ctx, "symptom_checker_url")
    if declared is not None:
        link = urlsplit(declared) if isinstance(declared, str) else None
        ctx.expect(
            link is not None
            and link.scheme == "https"
            and (link.hostname or "").endswith(_NHS_111_ONLINE_HOST),
            "capabilities.symptom_checker_url: expected an https link to NHS 111 online "
            "(https://111.nhs.uk/) or null; received one that is not",
        )


# What a patient may leave out of a request (the contract makes each optional), one form
# at a time and the fewest fields together: a tool that triages by what is missing (no NHS
# number: "not registered here, use NHS 111") turns away patients the practice must hear.
OMISSIONS: tuple[frozenset[str], ...] = (
    frozenset({"nhs_number"}),
    frozenset({"email"}),
    frozenset({"phone"}),
    frozenset({"address"}),
    frozenset({"preferred"}),
    frozenset({"nhs_number", "email", "phone", "preferred"}),
    frozenset({"nhs_number", "email", "address", "preferred"}),
)
"""The optional fields each body leaves out ("address": address_lines and postcode)."""

# The medium each way of answering needs: a preference whose medium is left out becomes
# 'online', so every body stays one a patient could send.
_NEEDS = {
    ContactMethod.EMAIL: "email",
    ContactMethod.PHONE: "phone",
    ContactMethod.TEXT_MESSAGE: "phone",
    ContactMethod.POST: "address",
}


def _without(
    patient: PatientDetails, contact: ContactDetails, omitted: frozenset[str]
) -> tuple[PatientDetails, ContactDetails]:
    if "nhs_number" in omitted:
        patient = attrs.evolve(patient, nhs_number=None)
    preferred = contact.preferred
    if "preferred" in omitted:
        preferred = None
    elif preferred is not None and _NEEDS.get(preferred) in omitted:
        preferred = ContactMethod.ONLINE
    address = "address" in omitted
    return patient, ContactDetails(
        email=None if "email" in omitted else contact.email,
        phone=None if "phone" in omitted else contact.phone,
        address_lines=() if address else contact.address_lines,
        postcode=None if address else contact.postcode,
        preferred=preferred,
    )


def omitted_fields(
    canaries: Canaries,
    omitted: frozenset[str],
    categories: Iterable[RequestCategory] = tuple(RequestCategory),
) -> list[tuple[RequestSubmission, str]]:
    """Requests leaving out `omitted`, with what each is: every category but the follow-up.

    Each comes from a patient of its own; `follow_up` makes the first one's follow-up.
    """
    label = f"without {', '.join(sorted(omitted))}"
    out: list[tuple[RequestSubmission, str]] = []
    for category in categories:
        if category is RequestCategory.FOLLOW_UP:
            continue
        patient, contact = _without(canaries.patient(), canaries.contact(full=True), omitted)
        sub = attrs.evolve(canaries.submission(category, patient=patient), contact=contact)
        out.append((sub, f"a {category.value} request {label}"))
    return out


def follow_up(canaries: Canaries, first: RequestSubmission, reference: str) -> RequestSubmission:
    """The same patient's follow-up of `first` (accepted as `reference`), with its contact."""
    sub = canaries.submission(
        RequestCategory.FOLLOW_UP, patient=first.patient, follows_up=reference
    )
    return attrs.evolve(sub, contact=first.contact)


# Core-hours instants, a working day each that no other check fills, where the requests
# leaving out optional fields go: at most 12 a day, under any cap a faulty tool has, and
# clear of lunch, mid-afternoon, Thursday-afternoon and Wednesday-evening closures.
_OMISSION_INSTANTS = (
    london(date(2026, 11, 16), 9, 5),
    london(date(2026, 11, 19), 11, 20),
    london(date(2026, 12, 1), 16, 20),
    london(date(2027, 1, 12), 18, 10),
)


def omissions_not_redirected(
    ctx: CheckContext,
    canaries: Canaries,
    *,
    safeguard: bool,
    says_111: Callable[[str], bool],
    categories: Offered | None = None,
) -> None:
    """Every category, leaving out each set of optional fields: taken, never sent to 111.

    A tool that sends patients without an NHS number (or an email, or a phone)
    to NHS 111 in core hours, or answers them "closed" (409), turns away needs
    the practice must handle; `safeguard` says the tool's administrative
    acknowledgements mention 111 too (a safeguard, not a redirect); `says_111`
    tells a pointer to NHS 111 in a message. A body refused as invalid (400) is
    the request checks' business: skipped here, with its follow-up. `categories`:
    those the check may send (default: read from the capabilities).
    """
    target = target_of(ctx)
    sendable = categories or offered(ctx)
    skipped = 0
    for turn, now in enumerate(_OMISSION_INSTANTS):
        with clock_at(ctx, now):
            for omitted in OMISSIONS[turn :: len(_OMISSION_INSTANTS)]:
                subs = omitted_fields(canaries, omitted, sendable.only())
                for n, (sub, what) in enumerate(subs):
                    reply = target.submit_request(sub)
                    if reply.status == 409 or (reply.status == 201 and reply.value is None):
                        raise CheckFailed(
                            f"POST /requests: {what}, sent at {now:%a %d %b %Y %H:%M} London "
                            "time (core hours), was "
                            f"answered HTTP {reply.status}"
                            + (" (closed)" if reply.closed is not None else "")
                            + "; expected 201 with an acknowledgement: the fields left out "
                            "are optional, and the practice takes every need in core hours"
                        )
                    if reply.value is None:
                        skipped += 1
                        continue
                    ctx.expect(
                        safeguard or not says_111(reply.value.message),
                        f"message: {what}, sent in core hours, is pointed to NHS 111; expected "
                        "the practice to handle it, as it does administrative requests",
                    )
                    if n == 0 and sendable.follow_ups:
                        follow = follow_up(canaries, sub, reply.value.reference)
                        subs.append((follow, f"a follow_up of {what}"))
    if skipped:
        ctx.note(f"{skipped} requests leaving out optional fields were refused as invalid")
