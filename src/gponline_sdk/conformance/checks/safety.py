"""Checks of the urgent-use safeguard and the symptom-checker signpost.

Groups `safety` and `signposting`: what a patient sees before filling in the form.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from gponline_sdk.conformance.checks._support import clock_at, london, require, target_of
from gponline_sdk.conformance.core import CheckContext, check

__all__: list[str] = []

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
