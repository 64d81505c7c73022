"""In core hours, non-urgent needs in any script, language, length or shape are taken (AV-111-01).

`availability.no-111-redirect` sends needs in plain English. A tool may instead apply
the urgent/111 rule by a heuristic on the content: the script a request is written in
("NHS 111 has interpreters"), its language, its length or its keywords. This check
sends the corpus of `_script_corpus.SCRIPTS` (non-urgent needs in the scripts most
used in England, and English in shapes such heuristics trip on) in the clinical
categories: each must be taken (201, never a 409 pointing to NHS 111) and its
acknowledgement must not send the patient to NHS 111, unless the tool tells
administrative requests the same (a safeguard for all, not a hand-over).
"""

from __future__ import annotations

from datetime import date

import attrs

from gponline_sdk.conformance.checks._nhs111 import mentions_111, sends_to_111
from gponline_sdk.conformance.checks._script_corpus import SCRIPTS
from gponline_sdk.conformance.checks._support import (
    Canaries,
    clock_at,
    london,
    offered,
    require,
    target_of,
)
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import RequestCategory

__all__ = ["SCRIPT_INSTANTS"]

SCRIPT_INSTANTS = (
    london(date(2027, 1, 19), 9, 40),
    london(date(2027, 1, 20), 11, 5),
    london(date(2027, 6, 21), 17, 55),
)
"""Three core-hours instants (winter and summer time): the corpus is shared between them,
under ten requests a day."""


@check(
    "availability.no-111-any-script",
    title="In core hours, non-urgent needs in any script, language or shape are not sent to 111",
    requirements=["AV-111-01"],
    group="availability",
)
def no_111_any_script(ctx: CheckContext) -> None:
    """Every entry of the corpus is taken in core hours, and none is handed to NHS 111.

    The patient's words are sent as written, nothing added; a 409, or any other refusal
    but a 400/422 for an invalid body (the request checks judge those), fails, naming the
    entry's script or shape, never its words.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "no-111-scripts")
    sendable = offered(ctx)
    ctx.note(
        f"request budget: {2 + len(SCRIPTS) + 3 * len(SCRIPT_INSTANTS)} (environment, "
        f"capabilities; at each "
        f"of {len(SCRIPT_INSTANTS)} instants: clock, 1 administrative request, a share of the "
        f"{len(SCRIPTS)} entries, release)"
    )
    for turn, now in enumerate(SCRIPT_INSTANTS):
        with clock_at(ctx, now):
            admin = require(
                target.submit_request(canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST)),
                "submitting an administrative request",
                status=201,
            )
            safeguard = sends_to_111(admin.message)
            for wanted, shape, words in SCRIPTS[turn :: len(SCRIPT_INSTANTS)]:
                category = sendable.of(wanted)  # symptoms as advice, where not offered
                # The patient's words alone: a marker in Latin letters would change the mix.
                sub = attrs.evolve(canaries.submission(category), description=words)
                what = f"a {category.value} request written in {shape}"
                reply = target.submit_request(sub)
                when = f"{now:%a %d %b %Y %H:%M} London time (core hours)"
                if reply.status in (400, 422) and reply.closed is None:
                    # A body refused as invalid is the request checks' business, not a hand-over.
                    ctx.note(f"{what}: refused as invalid (HTTP {reply.status}); skipped here")
                    continue
                if reply.status != 201 or reply.value is None:
                    pointed = reply.closed is not None and mentions_111(reply.closed.message)
                    raise CheckFailed(
                        f"POST /requests: {what}, non-urgent, sent at {when}, was answered HTTP "
                        f"{reply.status}" + (" pointing to NHS 111" if pointed else "") + "; "
                        "expected 201: the practice takes non-urgent needs in core hours, "
                        "whatever the script, language, length or words they are written in"
                    )
                ctx.expect(
                    safeguard or not sends_to_111(reply.value.message),
                    f"message: {what}, non-urgent, sent at {when}, is sent to NHS 111 (not as "
                    "advice for if the patient gets worse); expected the practice to handle it, "
                    "as it does administrative requests",
                )
