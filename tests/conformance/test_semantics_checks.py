"""The plans behind the semantics checks, and the reference tool's faults for them.

What the checks send is tested here without a tool: every body leaving out
optional fields is one the contract allows, the caps day reaches its volume,
the message threads hold runs from one side, and the fault helpers of the
reference tool trip where they say.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from gponline_sdk.conformance.checks import caps, safety
from gponline_sdk.conformance.checks._support import Canaries
from gponline_sdk.conformance.checks.messaging import exchange as messaging
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import ContactMethod, MessageDirection, RequestCategory
from gponline_sdk.reference.tool import ReferenceTool
from gponline_sdk.reference.tool.hours import Caps, Replays
from gponline_sdk.serde import from_json, to_json


class _Ctx:
    """Just enough of a check context for `Canaries`."""

    seed = 1

    def __init__(self) -> None:
        self.target = InProcessTarget(ReferenceTool())


@pytest.mark.parametrize("omitted", safety.OMISSIONS, ids=lambda o: "+".join(sorted(o)))
def test_each_omission_leaves_out_exactly_its_fields(omitted: frozenset[str]) -> None:
    canaries = Canaries(_Ctx(), "omissions")  # type: ignore[arg-type]
    bodies = safety.omitted_fields(canaries, omitted)
    assert [s.category for s, _ in bodies] == [
        c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP
    ]
    for sub, what in bodies:
        # A body the contract allows: it survives the suite's own parser unchanged.
        assert from_json(to_json(sub), RequestSubmission) == sub
        assert (sub.patient.nhs_number is None) is ("nhs_number" in omitted)
        assert (sub.contact.email is None) is ("email" in omitted)
        assert (sub.contact.phone is None) is ("phone" in omitted)
        assert (not sub.contact.address_lines) is ("address" in omitted)
        if "preferred" in omitted:
            assert sub.contact.preferred is None
        assert sub.contact.preferred is None or sub.contact.preferred in _allowed(sub)
        assert ", ".join(sorted(omitted)) in what
    follow = safety.follow_up(canaries, bodies[0][0], "OC-1")
    assert follow.patient == bodies[0][0].patient
    assert follow.contact == bodies[0][0].contact
    assert follow.follows_up == "OC-1"


def _allowed(sub: RequestSubmission) -> set[ContactMethod]:
    """The ways of answering the body's contact details make possible."""
    out = {ContactMethod.ONLINE}
    if sub.contact.email:
        out.add(ContactMethod.EMAIL)
    if sub.contact.phone:
        out |= {ContactMethod.PHONE, ContactMethod.TEXT_MESSAGE}
    if sub.contact.address_lines:
        out.add(ContactMethod.POST)
    return out


def test_omissions_cover_every_optional_field_alone() -> None:
    singles = {next(iter(o)) for o in safety.OMISSIONS if len(o) == 1}
    assert singles == {"nhs_number", "email", "phone", "address", "preferred"}


def test_caps_day_goes_past_every_small_counter() -> None:
    assert caps.DAY_VOLUME > 1_024
    plan = caps.cap_plan(list(RequestCategory))
    assert len(plan) == caps.CAP_ROUNDS * len(RequestCategory)


def test_threads_hold_runs_from_both_sides() -> None:
    """Each thread check sends two or three in a row from each side."""
    sent: list[tuple[MessageDirection, ...]] = []

    def record(_: Any, __: str, directions: tuple[MessageDirection, ...], ___: Any) -> None:
        sent.append(directions)

    original = messaging._conversation
    messaging._conversation = record  # type: ignore[assignment]
    try:
        messaging.practice_replies(None)  # type: ignore[arg-type]
        messaging.patient_replies(None)  # type: ignore[arg-type]
    finally:
        messaging._conversation = original
    for directions in sent:
        for side in MessageDirection:
            runs = [
                n
                for n in range(2, 4)
                if any(directions[i : i + n] == (side,) * n for i in range(len(directions)))
            ]
            assert runs, f"no run of {side.value} in {directions}"


def test_message_bodies_hold_what_tools_rewrite() -> None:
    text = "".join(messaging._LINES)
    for rewritten in ("https://", "http://", "@example.org", "\t", "&", "<"):
        assert rewritten in text


def test_counter_overflow_faults_trip_at_their_size() -> None:
    caps_ = Caps()
    day = date(2026, 11, 26)
    sub = _one_submission()
    for n in range(1, 1_001):
        assert caps_.overflows("day-counter-overflows-at-256", day) is (n >= 256)
        assert caps_.overflows("day-sequence-overflows-at-1000", day) is (n >= 1_000)
        assert not caps_.overflows(None, day)
        caps_.count(sub, day)


def test_replay_faults_replay_within_five_minutes_only() -> None:
    at = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
    sub = _one_submission()
    other = _one_submission("other")
    same_words = RequestSubmission(
        **{**attrs.asdict(other, recurse=False), "description": sub.description}
    )
    identical = "replays-identical-requests"
    replays = Replays()
    replays.remember(identical, b"{}", at, b"ack", sub)
    assert replays.replayed(identical, b"{}", at, sub) == b"ack"
    assert replays.replayed(identical, b"{}", at + timedelta(minutes=5), sub) == b"ack"
    assert replays.replayed(identical, b"{}", at + timedelta(minutes=5, seconds=1), sub) is None
    assert replays.replayed(identical, b"{ }", at, sub) is None
    assert replays.replayed(None, b"{}", at, sub) is None
    words = Replays()
    words.remember("replays-same-words", b"{}", at, b"ack", sub)
    assert words.replayed("replays-same-words", b"[]", at, same_words) == b"ack"
    assert words.replayed("replays-same-words", b"{}", at, sub) is None  # their own repeat
    clean = Replays()
    clean.remember(None, b"{}", at, b"ack", sub)
    assert clean.replayed(identical, b"{}", at, sub) is None


def _one_submission(label: str = "caps") -> RequestSubmission:
    canaries = Canaries(_Ctx(), label)  # type: ignore[arg-type]
    return canaries.submission(RequestCategory.ASK_QUESTION)
