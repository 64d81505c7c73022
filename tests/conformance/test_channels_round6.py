"""Round 6 (messages, video sessions, contact details): the generators and fault logic.

The self-test proves each new check fails its fault mode and passes the clean tool;
these pin what the checks send (body lengths at every boundary) and what each
fault does, so a later edit cannot quietly make either weaker.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks.messaging.repeats import body_lengths
from gponline_sdk.conformance.checks.video_sessions import _BOOKINGS, _SHARED_LENGTHS
from gponline_sdk.models import MessageDirection, SecureMessage
from gponline_sdk.reference.tool.faults import round6_channels as r6

_AT = datetime(2026, 12, 1, 11, 0, 0, 250_000, tzinfo=timezone.utc)


@settings(deadline=None)
@given(st.integers(min_value=2, max_value=50_000))
def test_body_lengths_run_from_one_to_the_maximum(maximum: int) -> None:
    """Sorted, distinct, in range, both ends and the last below the maximum included."""
    lengths = body_lengths(maximum)
    assert list(lengths) == sorted(set(lengths))
    assert lengths[0] == 1
    assert lengths[-1] == maximum
    assert maximum - 1 in lengths
    assert all(1 <= n <= maximum for n in lengths)


def test_body_lengths_cross_every_power_of_two_and_thousand() -> None:
    """For 10,000: each side of 256 ... 8,192 and one past every thousand."""
    lengths = set(body_lengths(10_000))
    for power in (256, 512, 1024, 2048, 4096, 8192):
        assert {power, power + 1} <= lengths
    assert {k + 1 for k in range(1000, 10_000, 1000)} <= lengths
    assert {160, 161} <= lengths


def test_video_bookings_are_off_the_grid() -> None:
    """Lengths that are no multiple of 5 (bar the contract's ends) and starts with fractions."""
    odd = [m for _, m in _BOOKINGS if m % 5] + [m for m in _SHARED_LENGTHS if m % 5]
    assert len(odd) >= 10
    assert sum(1 for start, _ in _BOOKINGS if start.microsecond) >= 6
    assert {1, 240} <= {m for _, m in _BOOKINGS}


def _message(body: str, at: datetime, irt: str | None = None, ref: str = "MSG-1") -> SecureMessage:
    return SecureMessage(
        reference=ref,
        practice_code="A12345",
        direction=MessageDirection.PATIENT_TO_PRACTICE,
        body=body,
        sent_at=at,
        in_reply_to=irt,
    )


def test_clean_tool_keeps_repeats_and_ties_as_sent() -> None:
    """Without a fault: no repeat merged, no sent_at moved, nothing split."""
    first = _message("Yes", _AT)
    again = _message("Yes", _AT, ref="MSG-2")
    assert r6.repeat_of(None, again, {"MSG-1": first}) is None
    assert r6.sent_at_for_ties(None, again, [first]) == again
    assert r6.message_split(None, _message("x" * 9_000, _AT)) == ("x" * 9_000, None)


def test_faults_merge_repeats_and_move_ties() -> None:
    """The faults take a repeat within 30 s for the earlier one and move a tie by 1 ms."""
    first = _message("Yes", _AT)
    again = _message("Yes", _AT + timedelta(seconds=1), ref="MSG-2")
    assert r6.repeat_of("message-repeat-returns-earlier", again, {"MSG-1": first}) == first
    tied = _message("Yes", _AT, ref="MSG-2")
    moved = r6.sent_at_for_ties("message-tie-sent-at-bumped", tied, [first])
    assert moved.sent_at == _AT + timedelta(milliseconds=1)
