"""The practice writes to the patient about a request before it records an outcome (2.13.0).

A written reply is not an outcome. A workflow that marks a request handled when the
practice replies to it (an `admin_completed` outcome at the reply's instant, the reply as
its message) tells the patient that nobody will look at it again, though the practice
decided nothing: the sixteenth outside set. `response.outcome-shown` has the practice write
to the patient about each request before its triage, and reads the status in between.
"""

from __future__ import annotations

from gponline_sdk.conformance.checks._support import Canaries, target_of
from gponline_sdk.conformance.contract import MessageSubmission
from gponline_sdk.conformance.core import CheckContext
from gponline_sdk.conformance.target import BadResponse
from gponline_sdk.models import MessageDirection

__all__ = ["written_first"]


def written_first(ctx: CheckContext, canaries: Canaries, reference: str, when: str) -> bool:
    """The practice's message about `reference`; True when the tool took it (201).

    Setting the triage up: a message refused is the messaging checks' to judge (noted here),
    and the status is then read after the outcome only.
    """
    sub = MessageSubmission(
        practice_code=canaries.environment.practice_code,
        direction=MessageDirection.PRACTICE_TO_PATIENT,
        body=canaries.text("We have read your request and may ask you more before deciding"),
        about_request=reference,
    )
    try:
        status = target_of(ctx).send_message(sub).status
    except BadResponse:
        return True  # a 201 whose body is off the schema still took the message
    if status != 201:
        ctx.note(f"{when}: the practice writing about it before triage: HTTP {status}")
    return status == 201
