"""The messaging and video checks, in process: what each fault mode's failure says.

The self-test (`test_selftest.py`) proves which checks each fault fails over
HTTP; these tests pin the failure messages: they name the field, say what was
expected and received, and never quote a message body (the bodies are canaries).
"""

from __future__ import annotations

import pytest
from _inprocess import failure_of, requests_and_budget
from _inprocess import run_check as _run

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.core import CheckFailed, CheckSkipped

_THREADS = ("channels.message-practice-replies", "channels.message-patient-replies")
_VIDEO = "channels.video-consultation"


@pytest.mark.parametrize("check_id", [*_THREADS, _VIDEO, "channels.message-patient-to-practice"])
def test_the_clean_tool_passes_within_the_stated_request_budget(check_id: str) -> None:
    sent, budget = requests_and_budget(check_id)
    assert sent == budget


@pytest.mark.parametrize(
    ("fault", "check_id", "field"),
    [
        ("drops-replies", _THREADS[0], "messages: expected the 8 messages sent, received 1"),
        ("practice-reply-unlinked", _THREADS[1], "missing the second (practice_to_patient)"),
        ("thread-newest-first", _THREADS[0], "messages[0].reference: expected"),
        ("thread-grouped-by-direction", _THREADS[1], "messages[0].reference: expected"),
        ("thread-truncated-at-3", _THREADS[1], "received 3; missing the fourth"),
        ("thread-direct-replies-only", _THREADS[0], "received 2; missing the third"),
        ("reply-direction-flipped", _THREADS[0], "messages[3].direction: expected practice_to"),
        ("thread-html-escaped", _THREADS[1], "messages[0].body, messages[1].body"),
        (
            "thread-html-escaped",
            "channels.message-practice-to-patient",
            "messages[0].body (2094 characters received, 2000 sent) differs",
        ),
        (
            "join-url-http",
            _VIDEO,
            "join_url: expected an https:// URL with a host, received a http",
        ),
        ("no-patient-join-url", _VIDEO, "$.join_url"),
        ("video-read-returns-latest", _VIDEO, "after the second was scheduled, read back: ref"),
        ("video-time-as-utc", _VIDEO, "scheduled_start: expected 2027-04-13T15:00:00+01:00"),
        ("video-stays-scheduled", _VIDEO, "status: expected in_progress, received scheduled"),
    ],
)
def test_each_fault_fails_naming_the_field_never_the_body(
    fault: str, check_id: str, field: str
) -> None:
    message = failure_of(check_id, fault)
    assert field in message
    assert "canary-" not in message
    assert "video.reference-tool.invalid" not in message  # a join link may hold a secret


@pytest.mark.parametrize(
    ("fault", "failed", "skipped"),
    [
        ("patient-cannot-message", _THREADS[1], _THREADS[0]),
        ("one-way-messaging", _THREADS[0], _THREADS[1]),
    ],
)
def test_a_refused_setup_message_skips_the_other_directions_thread(
    fault: str, failed: str, skipped: str
) -> None:
    with pytest.raises(CheckFailed):
        _run(failed, fault)
    with pytest.raises(CheckSkipped, match="could not be set up"):
        _run(skipped, fault)
