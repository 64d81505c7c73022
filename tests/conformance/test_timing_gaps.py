"""Timing, caps, video and contact checks against defect classes a held-out tool slipped past.

The classes: an acknowledgement giving respond_by's time in UTC (right in winter,
an hour early in summer); received_at rounded to the minute; a tool that
redirects to NHS 111 once "busy"; a duplicate-request guard; refusing two video
sessions at one instant; an update read by its reference showing the patient's
latest. Each reference fault mode for them fails its check in process, naming
the field and never quoting an identifier; the outside tool's held-out variants
of the same classes fail the same checks over HTTP. `test_selftest.py` proves
over HTTP that each fault fails exactly its listed checks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from _inprocess import Context as _Context
from _inprocess import failure_of, requests_and_budget
from hypothesis import given, settings
from hypothesis import strategies as st
from outside_tool import tool

from gponline_sdk.conformance.checks._support import london
from gponline_sdk.conformance.checks.response import _utc_only, says_when
from gponline_sdk.conformance.core import CHECKS, CheckFailed
from gponline_sdk.conformance.target import HttpTarget
from gponline_sdk.models import CORE_HOURS

_ACK = "response.acknowledgement"
_CAP = "availability.no-cap"
_VIDEO = "channels.video-consultation"
_CONTACT = "channels.contact-details-update"


@pytest.mark.parametrize("check_id", [_ACK, _CAP, _VIDEO, _CONTACT])
def test_the_clean_tool_passes_within_the_stated_request_budget(check_id: str) -> None:
    sent, budget = requests_and_budget(check_id)
    assert sent == budget


@pytest.mark.parametrize(
    ("fault", "check_id", "field"),
    [
        ("ack-time-in-utc", _ACK, "message: expected respond_by's time in London time (18:30)"),
        ("received-at-to-the-minute", _ACK, "received_at: expected the tool's now"),
        ("redirects-when-busy", _CAP, "was answered HTTP 409; expected 201 (no cap"),
        (
            "refuses-duplicate-submissions",
            _CAP,
            "the second of three identical requests sent minutes apart",
        ),
        ("refuses-double-booking", _VIDEO, "another clinician's session at that instant"),
        (
            "contact-lookup-returns-latest",
            _CONTACT,
            "the second update read by its reference after the third was sent: the contact",
        ),
    ],
)
def test_each_fault_fails_naming_the_field_never_the_value(
    fault: str, check_id: str, field: str
) -> None:
    message = failure_of(check_id, fault)
    assert field in message
    assert "canary-" not in message
    assert "example" not in message  # no patient's email address or join link


@pytest.mark.parametrize(
    ("variant", "check_id"),
    [
        ("hx-ack-message-time-in-utc", _ACK),
        ("hx-received-at-truncated-to-minute", _ACK),
        ("hx-duplicate-submission-guard", _CAP),
        ("hx-video-double-booking-refused", _VIDEO),
        ("hx-contact-lookup-by-patient-latest", _CONTACT),
    ],
)
def test_the_held_out_variants_of_these_classes_fail_their_check(
    variant: str, check_id: str
) -> None:
    server = tool.serve(variant, idle_timeout=0.2)
    try:
        with HttpTarget(server.url) as target:
            ctx = _Context(None)
            ctx.target = target  # type: ignore[assignment] - same protocol, over HTTP
            with pytest.raises(CheckFailed):
                CHECKS[check_id].run(ctx)
    finally:
        server.stop()


def test_utc_time_is_told_apart_only_when_it_differs_from_london_time() -> None:
    summer = london(date(2027, 4, 14), 18, 30)
    assert _utc_only("We will tell you by 17:30.", summer)
    assert not _utc_only("We will tell you by 18:30 (17:30 UTC).", summer)
    winter = london(date(2026, 11, 24), 18, 30)
    assert not _utc_only("We will tell you by 18:30.", winter)  # the same in winter


@settings(deadline=None, max_examples=200)
@given(
    instant=st.datetimes(
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2028, 12, 31),
        timezones=st.just(CORE_HOURS.zone),
    )
)
def test_a_message_in_london_time_is_never_taken_for_utc(instant: datetime) -> None:
    message = f"Thank you. We will tell you by {instant:%H:%M on %d %B} how we will help."
    assert says_when(message, instant)
    assert not _utc_only(message, instant)
    in_utc = f"Thank you. We will tell you by {instant.astimezone(timezone.utc):%H:%M}."
    differs = instant.utcoffset() != timedelta(0)
    assert _utc_only(in_utc, instant) is differs
