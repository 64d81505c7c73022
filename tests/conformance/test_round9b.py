"""Round 9, part b: the long thread's times of day, and the round-9b fault modes' helpers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks._support import london
from gponline_sdk.conformance.checks.messaging import exchange
from gponline_sdk.reference.tool.faults import FAULTS, round9_b

_LONDON = ZoneInfo("Europe/London")


def _long_thread_times() -> list[tuple[datetime, bool]]:
    """The long thread's instants, each with whether the practice sends it (as the check)."""
    at = london(date(2026, 12, 1), 9, 0)
    out = []
    for i in range(exchange._LONG):
        side = exchange._LONG_SIDES[i % len(exchange._LONG_SIDES)]
        out.append((at, side is exchange.PRACTICE))
        at += exchange._LONG_GAPS.get(i, exchange._GAP)
    return out


def test_the_long_thread_has_practice_messages_in_the_evening_at_night_and_by_day() -> None:
    """Quiet hours of any common shape hold at least one of the practice's messages."""
    local = [at.astimezone(_LONDON) for at, practice in _long_thread_times() if practice]
    hours = {t.hour for t in local}
    assert hours & set(range(20, 24)), "no practice message late in the evening"
    assert hours & set(range(7)), "no practice message before 07:00"
    assert hours & set(range(9, 18)), "no practice message in the working day"
    assert {t.weekday() for t in local} >= {5, 6}, "none at a weekend"


def test_the_long_thread_still_answers_messages_of_each_age() -> None:
    """The jumps keep the ages round 8 chose: over 15 days, a month, 3 months and a year."""
    days = sorted(g.days for g in exchange._LONG_GAPS.values())
    assert days[0] >= 15
    assert days[1] >= 30
    assert days[2] >= 92
    assert days[3] >= 365
    times = [at for at, _ in _long_thread_times()]
    assert times == sorted(times)
    assert times[-1] - times[0] > timedelta(days=365 + 92)


@pytest.mark.parametrize(
    ("local", "held"),
    [
        (datetime(2026, 12, 16, 21, 40), datetime(2026, 12, 17, 7, 0)),
        (datetime(2026, 12, 16, 20, 59, 59), None),
        (datetime(2027, 1, 16, 5, 54), datetime(2027, 1, 16, 7, 0)),
        (datetime(2027, 1, 16, 7, 0), None),
        # The night summer time starts (28 March 2027): 07:00 is BST, 06:00 UTC.
        (datetime(2027, 3, 27, 23, 30), datetime(2027, 3, 28, 7, 0)),
        # The night it ends (31 October 2027): 07:00 is GMT.
        (datetime(2027, 10, 31, 0, 30), datetime(2027, 10, 31, 7, 0)),
    ],
)
def test_the_night_fault_holds_practice_messages_to_0700_london(
    local: datetime, held: datetime | None
) -> None:
    sent = local.replace(tzinfo=_LONDON).astimezone(timezone.utc)
    expected = sent if held is None else held.replace(tzinfo=_LONDON).astimezone(timezone.utc)
    assert round9_b._held(sent) == expected


@settings(deadline=None)
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31)))
def test_a_held_message_is_never_earlier_and_lands_at_0700_or_stays(naive: datetime) -> None:
    sent = naive.replace(tzinfo=timezone.utc)
    held = round9_b._held(sent)
    assert held >= sent
    assert held - sent < timedelta(hours=11)
    local = held.astimezone(_LONDON)
    if held != sent:
        assert local.time() == time(7, 0)
    else:
        assert time(7, 0) <= sent.astimezone(_LONDON).time() < time(21, 0)


def test_the_clean_tool_gets_its_message_back_from_each_round9b_hook() -> None:
    assert round9_b.follow_up_refusal(None, "OC-X", {}) is None
    assert set(FAULTS) >= round9_b.ROUND9B_FAULTS
