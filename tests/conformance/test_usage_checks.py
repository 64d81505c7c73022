"""The usage-data checks: what they catch, and that their failures name the field that differs.

In process (no sockets): each test runs the usage checks against one reference
tool. The self-test proves each fault mode fails exactly its checks; these
tests pin the messages, the accept-out-of-hours path the clean tool never
takes, and the pseudonym detector on its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks.usage._common import compare_rows
from gponline_sdk.conformance.checks.usage.privacy import KEYED_PSEUDONYM, _derivation
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.results import RunResult
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.reference.tool_app import ReferenceTool

_USAGE = [c for c in CHECKS.values() if c.group == "usage-data"]


class _AcceptingTool(ReferenceTool):
    """A conformant tool that takes requests out of hours and counts them (the clean one closes)."""

    def _accepts_out_of_hours(self) -> bool:
        return True


def _run(tool: ReferenceTool, extra: tuple[str, ...] = ()) -> RunResult:
    chosen = _USAGE + [CHECKS[c] for c in extra]
    return run_checks(
        chosen, target=InProcessTarget(tool), catalogue=load_catalogue(), target_description="t"
    )


def _failed(result: RunResult) -> dict[str, str]:
    return {r.check_id: r.message for r in result.results if r.status is not Status.PASS}


def test_a_tool_that_accepts_out_of_hours_and_counts_them_passes() -> None:
    result = _run(_AcceptingTool(), ("availability.out-of-hours",))
    assert _failed(result) == {}
    caught = next(r for r in result.results if r.check_id == "usage-data.oc-out-of-hours")
    assert any("accepts_for_next_working_day" in n for n in caught.notes)


def test_an_accepting_tool_that_cuts_weeks_in_utc_fails_the_out_of_hours_count_too() -> None:
    failed = _failed(_run(_AcceptingTool("usage-week-in-utc")))
    assert set(failed) == {"usage-data.oc-out-of-hours", "usage-data.vc-week-boundaries"}
    # Monday 00:00 BST is Sunday 23:00 UTC: a UTC cut moves it into the week before.
    message = failed["usage-data.oc-out-of-hours"]
    assert "usage data for 2026-W21 (weeks run Monday 00:00" in message
    assert "expected 1 new record(s), got 2 (+1)" in message
    assert (
        "an unexpected record with practice_code=A81001, submitted_at=2026-05-25T00:00" in message
    )


@pytest.mark.parametrize(
    ("fault", "check", "says"),
    [
        ("usage-drops-proxy-role", "oc-records-count", "records[?].requester_role expected proxy"),
        ("usage-wrong-request-type", "oc-records-count", "request_type expected other, got admin"),
        ("miscounts-usage", "oc-records-count", "expected 8 new record(s), got 4 (-4)"),
        ("usage-drops-attachments", "oc-records-count", "has_attachments expected true, got false"),
        ("usage-omits-out-of-hours", "oc-out-of-hours", "expected 6 new record(s), got 0 (-6)"),
        ("usage-ooh-dated-next-opening", "oc-out-of-hours", "records[?].submitted_at expected"),
        ("usage-week-in-utc", "vc-week-boundaries", "scheduled_start=2026-03-30T00:00:00+01:00"),
        ("vc-usage-by-booking-date", "vc-session-date", "expected 1 new record(s), got 2 (+1)"),
        ("usage-ids-unkeyed-sha256", "keyed-pseudonyms", "unkeyed sha256 of the reference (hex)"),
        ("usage-ids-base64-reference", "keyed-pseudonyms", "base64"),
        ("no-vc-usage", "vc-records-count", "expected 2 new record(s), got 0 (-2)"),
    ],
)
def test_each_usage_fault_fails_with_the_field_named(fault: str, check: str, says: str) -> None:
    failed = _failed(_run(ReferenceTool(fault)))
    assert f"usage-data.{check}" in failed
    assert says in failed[f"usage-data.{check}"]
    assert all(m.startswith(("usage", "video", "records", "header")) for m in failed.values())


def test_the_clean_closed_tool_passes_and_refuses_out_of_hours_requests() -> None:
    result = _run(ReferenceTool())
    assert _failed(result) == {}
    budget = {r.check_id: r.requests for r in result.results}
    assert sum(budget.values()) < 150


def test_requests_a_closing_tool_accepts_on_bank_holidays_are_counted_not_failed_here() -> None:
    # Accepting while declaring it closes is AV-OOH-01's failure; counted right, REP-OC-01 holds.
    assert _failed(_run(ReferenceTool("open-on-bank-holidays"))) == {}


def test_pseudonym_failure_says_what_a_keyed_pseudonym_is() -> None:
    failed = _failed(_run(ReferenceTool("usage-ids-base64-reference")))
    message = failed["usage-data.keyed-pseudonyms"]
    assert KEYED_PSEUDONYM in message
    assert "OC-" not in message  # neither the reference nor the ID is shown


def test_compare_rows_names_fields_counts_and_masks() -> None:
    want = [
        (("category", "clinical_request"), ("record_id", "abc"), ("role", "patient")),
        (("category", "x"), ("record_id", "abc"), ("role", "proxy")),
    ]
    got = [(("category", "administrative_request"), ("record_id", "abc"), ("role", "patient"))]
    message = compare_rows("usage data", want, got, masked=frozenset({"record_id"}))
    assert message is not None
    assert message.startswith("usage data: expected 2 new record(s), got 1 (-1)")
    assert "records[?].category expected clinical_request, got administrative_request" in message
    assert "no record with category=x, record_id=[masked], role=proxy" in message
    assert "abc" not in message
    assert compare_rows("same", want, list(reversed(want))) is None


_REFERENCE = "OC-1A2B3C-000042"


@pytest.mark.parametrize(
    "record_id",
    [
        _REFERENCE,
        _REFERENCE[::-1],
        hashlib.sha256(_REFERENCE.encode()).hexdigest(),
        hashlib.sha256(_REFERENCE.encode()).hexdigest()[:32],
        hashlib.sha256(_REFERENCE.encode()).hexdigest().upper()[:16],
        hashlib.md5(_REFERENCE.encode()).hexdigest(),
        hashlib.sha1(_REFERENCE.lower().encode()).hexdigest()[:12],
        hashlib.sha512(_REFERENCE.encode()).hexdigest()[:64],
        hashlib.blake2b(_REFERENCE.encode()).hexdigest()[:40],
        base64.urlsafe_b64encode(_REFERENCE.encode()).decode().rstrip("="),
        base64.b32encode(_REFERENCE.encode()).decode().rstrip("="),
        _REFERENCE.encode().hex(),
        "oc_" + hashlib.sha256(_REFERENCE.encode()).hexdigest()[:24],
    ],
)
def test_common_unkeyed_transforms_of_the_reference_are_recognised(record_id: str) -> None:
    assert _derivation(record_id, ["OC-OTHER-000001", _REFERENCE]) is not None


@settings(deadline=None, max_examples=50)
@given(key=st.binary(min_size=16, max_size=32), serial=st.integers(1, 999_999))
def test_a_keyed_pseudonym_is_never_taken_for_an_unkeyed_one(key: bytes, serial: int) -> None:
    reference = f"OC-1A2B3C-{serial:06d}"
    keyed = hmac.new(key, reference.encode(), hashlib.sha256).hexdigest()
    assert _derivation(keyed[:32], [reference]) is None
    assert _derivation(keyed[:16], [reference]) is None
