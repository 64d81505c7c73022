"""Messages sent at one instant: the thread keeps them in the order the tool accepted them.

A patient who writes again within the same second, or a frozen test clock, gives
messages one sent_at. The contract (`MessageThread`) orders a thread oldest first
by sent_at and ties in the order the tool accepted the messages; this check sends
runs of messages both ways at one instant and reads the thread after every one.
"""

from __future__ import annotations

from gponline_sdk.conformance.checks._support import Canaries, london, require, target_of
from gponline_sdk.conformance.checks.messaging._common import (
    ORDINAL,
    PATIENT,
    PRACTICE,
    answer,
    refused,
)
from gponline_sdk.conformance.checks.messaging.exchange import (
    _DAY,
    _GAP,
    _clock_released,
    _read_thread,
)
from gponline_sdk.conformance.contract import MessageSubmission
from gponline_sdk.conformance.core import CheckContext, CheckFailed, CheckSkipped, check
from gponline_sdk.models import MessageDirection

__all__: list[str] = []


# Runs of messages sent while the clock stands still (one instant per run), mixing both
# directions: a tool sorting ties by reference, by direction or newest first shows.
_TIED_RUNS = (
    (PATIENT, PATIENT, PATIENT, PRACTICE),
    (PRACTICE, PATIENT, PRACTICE, PRACTICE, PATIENT),
)


def _send_plain(
    ctx: CheckContext, canaries: Canaries, direction: MessageDirection, irt: str | None
) -> str:
    """Send a short plain message (this check verifies order only); a refusal is SKIP."""
    sub = MessageSubmission(
        practice_code=canaries.environment.practice_code,
        direction=direction,
        body=canaries.text(f"Conformance suite message, {direction.value}, same instant"),
        in_reply_to=irt,
    )
    reply = answer(lambda: target_of(ctx).send_message(sub), f"sending a {direction.value}")
    if reply.status != 201 or reply.value is None:
        # Taking each message is the other message checks' business.
        raise CheckSkipped(f"sending a {direction.value} message: {refused(reply)}")
    return reply.value.reference


@check(
    "channels.message-thread-same-instant",
    title="Messages sent at the same instant stay in the order they were sent",
    requirements=["MSG-IN-01", "MSG-OUT-01"],
    group="channels",
)
def thread_same_instant(ctx: CheckContext) -> None:
    """Nine messages both ways, in two runs that each share one sent_at, each a reply.

    A patient who writes again within the same second, or a frozen clock, gives
    messages one sent_at: read after every message, the thread must hold them in
    the order the tool accepted them (`MessageThread`). Only the order is checked
    here (the messages' fields, and that none is missing, are the other checks').
    """
    canaries = Canaries(ctx, "thread-same-instant")
    count = sum(map(len, _TIED_RUNS))
    ctx.note(f"request budget: {2 * count + 4} (environment; 2 clock; send and read per message)")
    sent: list[str] = []
    with _clock_released(ctx):
        for run, directions in enumerate(_TIED_RUNS):
            require(target_of(ctx).set_clock(london(_DAY, 16, 0) + run * _GAP), "setting the clock")
            for direction in directions:
                sent.append(_send_plain(ctx, canaries, direction, sent[-1] if sent else None))
                got = [m.reference for m in _read_thread(ctx, sent[0]).messages]
                shown = [sent.index(r) + 1 for r in got if r in sent]
                if shown != sorted(shown):
                    raise CheckFailed(
                        f"messages: read after the {ORDINAL[len(sent) - 1]} message, the thread "
                        f"holds them in the order they were sent as {', '.join(map(str, shown))}; "
                        "expected oldest first by sent_at, and messages sharing one sent_at in "
                        f"the order the tool accepted them (runs of {len(_TIED_RUNS[0])} and "
                        f"{len(_TIED_RUNS[1])} messages each share one)",
                    )
